/* check_ledger.c — Check suite for ledger. */
#include "check_suites.h"

Suite *make_ledger_suite(void)
{
    Suite *s = suite_create("ledger");
    return s;
}
