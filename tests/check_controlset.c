/* check_controlset.c — Check suite for controlset. */
#include "check_suites.h"

Suite *make_controlset_suite(void)
{
    Suite *s = suite_create("controlset");
    return s;
}
