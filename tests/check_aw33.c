/* check_aw33.c — Check suite for aw33. */
#include "check_suites.h"

Suite *make_aw33_suite(void)
{
    Suite *s = suite_create("aw33");
    return s;
}
