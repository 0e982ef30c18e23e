/* SPDX-License-Identifier: MIT */
/* check_keys.c — per-file key sets behind I10, I11, I12. */
#include "check_suites.h"
#include "keys.h"
#include <stdio.h>

START_TEST(refs)
{
    keys *k = keys_new();
    ck_assert_int_eq(keys_ref_seen(k, "R1", 'D'), 0);
    ck_assert_int_eq(keys_ref_seen(k, "R1", 'C'), 1); /* RULE: I10 */
    ck_assert_int_eq(keys_ref_seen(k, "R2", 'C'), 0);
    ck_assert(keys_ref_is_debet(k, "R1"));               /* RULE: I11 */
    ck_assert(!keys_ref_is_debet(k, "R2"));
    ck_assert(!keys_ref_is_debet(k, "R3"));
    keys_free(k);
    keys_free(NULL);
}
END_TEST

START_TEST(periods)
{
    /* RULE: I12 — periods of debets per (BSN, prestatiecode) */
    keys *k = keys_new();
    ck_assert_int_eq(keys_ref_seen(k, "A", 'D'), 0);
    ck_assert_int_eq(keys_debet_overlaps(k, 812047436, "Z756", 100, 114), 0);
    ck_assert_int_eq(keys_ref_seen(k, "B", 'D'), 0);
    ck_assert_int_eq(keys_debet_overlaps(k, 812047436, "Z756", 115, 130), 0); /* adjacent */
    ck_assert_int_eq(keys_debet_overlaps(k, 812047436, "Z756", 130, 131), 1); /* shares a day */
    ck_assert_int_eq(keys_debet_overlaps(k, 812047436, "Z755", 100, 131), 0); /* other code */
    ck_assert_int_eq(keys_debet_overlaps(k, 720516754, "Z756", 100, 131), 0); /* other BSN */
    ck_assert_int_eq(keys_debet_overlaps(k, 812047436, "Z756", 90, 200), 1);  /* contains */
    keys_free(k);
}
END_TEST

START_TEST(many)
{
    /* growth and rehashing keep every key */
    keys *k = keys_new();
    char ref[32];
    for (int i = 0; i < 200000; i++) {
        snprintf(ref, sizeof ref, "REF%d", i);
        ck_assert_int_eq(keys_ref_seen(k, ref, i % 2 ? 'C' : 'D'), 0);
        ck_assert_int_eq(keys_debet_overlaps(k, (uint32_t)(i / 3), "H126", i % 3 * 10, i % 3 * 10 + 9), 0);
    }
    for (int i = 0; i < 200000; i += 997) {
        snprintf(ref, sizeof ref, "REF%d", i);
        ck_assert_int_eq(keys_ref_seen(k, ref, 'D'), 1);
        ck_assert_int_eq(keys_ref_is_debet(k, ref), i % 2 == 0);
        ck_assert_int_eq(keys_debet_overlaps(k, (uint32_t)(i / 3), "H126", 5, 5), 1);
    }
    keys_free(k);
}
END_TEST

Suite *make_keys_suite(void)
{
    Suite *s = suite_create("keys");
    TCase *t = tcase_create("sets");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, refs);
    tcase_add_test(t, periods);
    tcase_add_test(t, many);
    suite_add_tcase(s, t);
    return s;
}
