/* SPDX-License-Identifier: MIT */
/* check_date.c — calendar arithmetic: leap years, validity, day numbers. */
#include "check_suites.h"
#include "core.h"

START_TEST(leap_years)
{
    ck_assert(date_valid(2024, 2, 29));
    ck_assert(!date_valid(2023, 2, 29));
    ck_assert(date_valid(2000, 2, 29));
    ck_assert(!date_valid(1900, 2, 29));
    ck_assert(!date_valid(2023, 4, 31));
    ck_assert(!date_valid(2023, 13, 1));
    ck_assert(!date_valid(2023, 0, 1));
    ck_assert(!date_valid(0, 1, 1));
    ck_assert_int_eq(date_month_len(2024, 2), 29);
    ck_assert_int_eq(date_month_len(2023, 2), 28);
}
END_TEST

START_TEST(day_numbers)
{
    ck_assert_int_eq(date_days(1970, 1, 1), 0);
    ck_assert_int_eq(date_days(2023, 3, 31) - date_days(2023, 3, 1), 30);
    ck_assert_int_eq(date_days(2024, 3, 1) - date_days(2024, 2, 28), 2);
    for (long d = date_days(1999, 1, 1); d < date_days(2031, 1, 1); d += 17) {
        int y, m, dd;
        date_civil(d, &y, &m, &dd);
        ck_assert_int_eq(date_days(y, m, dd), d);
    }
    ck_assert_int_eq(date_days_to_ymd(date_days(2023, 12, 31)), 20231231);
    ck_assert_int_eq(date_ymd_to_days(20230229), -1);
    ck_assert_int_eq(date_ymd_to_days(20240229), date_days(2024, 2, 29));
}
END_TEST

START_TEST(parse8)
{
    long d = -5;
    ck_assert_int_eq(date_parse8("20240229", &d), 1);
    ck_assert_int_eq(d, date_days(2024, 2, 29));
    ck_assert_int_eq(date_parse8("20230229", &d), -1);
    ck_assert_int_eq(date_parse8("00000000", &d), 0);
    ck_assert_int_eq(date_parse8("2023 301", &d), -1);
    ck_assert_int_eq(date_parse8("2023033A", &d), -1);
    ck_assert_int_eq(date_parse8("20230000", &d), -1);
}
END_TEST

Suite *make_date_suite(void)
{
    Suite *s = suite_create("date");
    TCase *t = tcase_create("calendar");
    tcase_add_test(t, leap_years);
    tcase_add_test(t, day_numbers);
    tcase_add_test(t, parse8);
    suite_add_tcase(s, t);
    return s;
}
