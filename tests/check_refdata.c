/* check_refdata.c — Check suite for refdata. */
#include "check_suites.h"

Suite *make_refdata_suite(void)
{
    Suite *s = suite_create("refdata");
    return s;
}
