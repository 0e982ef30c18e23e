/* check_report.c — Check suite for report. */
#include "check_suites.h"

Suite *make_report_suite(void)
{
    Suite *s = suite_create("report");
    return s;
}
