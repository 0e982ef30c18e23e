/* check_rules.c — Check suite for rules. */
#include "check_suites.h"

Suite *make_rules_suite(void)
{
    Suite *s = suite_create("rules");
    return s;
}
