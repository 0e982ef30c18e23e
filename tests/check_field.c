/* check_field.c — Check suite for field. */
#include "check_suites.h"

Suite *make_field_suite(void)
{
    Suite *s = suite_create("field");
    return s;
}
