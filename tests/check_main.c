/* SPDX-License-Identifier: MIT */
/* check_main.c — runs every Check suite of libaw319 (make check). */
#include "check_suites.h"
#include "aw319.h"
#include <stdlib.h>

int main(void)
{
    aw_global_init();
    SRunner *sr = srunner_create(NULL);
#define ADD(n) srunner_add_suite(sr, make_##n##_suite());
    SUITES(ADD)
#undef ADD
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    aw_global_cleanup();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
