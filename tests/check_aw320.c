/* check_aw320.c — Check suite for aw320. */
#include "check_suites.h"

Suite *make_aw320_suite(void)
{
    Suite *s = suite_create("aw320");
    return s;
}
