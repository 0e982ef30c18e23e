/* check_keys.c — Check suite for keys. */
#include "check_suites.h"

Suite *make_keys_suite(void)
{
    Suite *s = suite_create("keys");
    return s;
}
