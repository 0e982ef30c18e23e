/* check_layout.c — Check suite for layout. */
#include "check_suites.h"

Suite *make_layout_suite(void)
{
    Suite *s = suite_create("layout");
    return s;
}
