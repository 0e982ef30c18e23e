/* check_csv.c — Check suite for csv. */
#include "check_suites.h"

Suite *make_csv_suite(void)
{
    Suite *s = suite_create("csv");
    return s;
}
