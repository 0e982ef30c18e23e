/* SPDX-License-Identifier: MIT */
/* date.c — proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01),
 * used for every period comparison.  No libc time functions: exact and locale-free. */
#include "core.h"

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int date_month_len(int y, int m)
{
    static const unsigned char len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

int date_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= date_month_len(y, m);
}

/* Howard Hinnant's days_from_civil. */
long date_days(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void date_civil(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

long date_ymd(int y, int m, int d) { return (long)y * 10000 + m * 100 + d; }

long date_days_to_ymd(long days)
{
    int y, m, d;
    date_civil(days, &y, &m, &d);
    return date_ymd(y, m, d);
}

long date_ymd_to_days(long ymd)
{
    int y = (int)(ymd / 10000), m = (int)(ymd / 100 % 100), d = (int)(ymd % 100);
    if (ymd < 0 || !date_valid(y, m, d)) return -1;
    return date_days(y, m, d);
}

int date_parse8(const char *p, long *days)
{
    int v[8], zero = 1;
    for (int i = 0; i < 8; i++) {
        if (p[i] < '0' || p[i] > '9') return -1;
        v[i] = p[i] - '0';
        if (v[i]) zero = 0;
    }
    if (zero) return 0;
    int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
    int m = v[4] * 10 + v[5], d = v[6] * 10 + v[7];
    if (!date_valid(y, m, d)) return -1;
    if (days) *days = date_days(y, m, d);
    return 1;
}
