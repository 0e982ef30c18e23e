/* check_date.c — Check suite for date. */
#include "check_suites.h"

Suite *make_date_suite(void)
{
    Suite *s = suite_create("date");
    return s;
}
