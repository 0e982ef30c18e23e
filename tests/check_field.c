/* SPDX-License-Identifier: MIT */
/* check_field.c — bounded field parsing and the elfproef. */
#include "check_suites.h"
#include "core.h"

START_TEST(numbers)
{
    uint64_t v = 7;
    size_t bad = 99;
    ck_assert(fld_uint("000123", 6, &v, &bad));
    ck_assert_int_eq(v, 123);
    ck_assert(!fld_uint("  31", 4, &v, &bad));
    ck_assert_int_eq(bad, 0);
    ck_assert(!fld_uint("12X4", 4, &v, &bad));
    ck_assert_int_eq(bad, 2);
    ck_assert(!fld_uint("-1", 2, &v, &bad));
    ck_assert(!fld_uint("1\xb2", 2, &v, &bad)); /* superscript two in Latin-1 */
    ck_assert(fld_uint("99999999999999999", 17, &v, NULL));
    ck_assert(v == 99999999999999999ULL);
}
END_TEST

START_TEST(blanks_and_trim)
{
    char d[8];
    ck_assert(fld_blank("   ", 3));
    ck_assert(!fld_blank("  a", 3));
    ck_assert(fld_zeros("000", 3));
    ck_assert(!fld_zeros("010", 3));
    fld_trim(d, sizeof d, "Z756 ", 5);
    ck_assert_str_eq(d, "Z756");
    fld_trim(d, 3, "ABCDE", 5); /* bounded by dst */
    ck_assert_str_eq(d, "AB");
    fld_trim(d, sizeof d, "     ", 5);
    ck_assert_str_eq(d, "");
}
END_TEST

START_TEST(elfproef)
{
    /* RULE: I1 — BSNs of the shipped example pass, arbitrary ones fail */
    ck_assert(fld_elfproef("812047436"));
    ck_assert(fld_elfproef("720516754"));
    ck_assert(fld_elfproef("607491103"));
    ck_assert(!fld_elfproef("123456789"));
    ck_assert(!fld_elfproef("812047437"));
    ck_assert(fld_elfproef("111222333"));
}
END_TEST

Suite *make_field_suite(void)
{
    Suite *s = suite_create("field");
    TCase *t = tcase_create("parse");
    tcase_add_test(t, numbers);
    tcase_add_test(t, blanks_and_trim);
    tcase_add_test(t, elfproef);
    suite_add_tcase(s, t);
    return s;
}
