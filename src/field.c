/* field.c — bounded parsing of fixed-width field slices {p, len}: digits, blanks, trimmed
 * text and the BSN elfproef.  Never atoi: every parser knows its length. */
#include "awint.h"
#include <string.h>

int fld_uint(const char *p, size_t len, uint64_t *out, size_t *bad)
{
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned d = (unsigned char)p[i] - '0';
        if (d > 9) {
            if (bad) *bad = i;
            return 0;
        }
        v = v * 10 + d; /* len <= 19 in every layout: no overflow */
    }
    if (out) *out = v;
    return 1;
}

int fld_blank(const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (p[i] != ' ') return 0;
    return 1;
}

int fld_zeros(const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (p[i] != '0') return 0;
    return 1;
}

void fld_trim(char *dst, size_t n, const char *p, size_t len)
{
    while (len && p[len - 1] == ' ') len--;
    if (len >= n) len = n - 1;
    memcpy(dst, p, len);
    dst[len] = 0;
}

/* RULE: I1 — Σ digit_i × (9, 8, …, 2, −1) ≡ 0 (mod 11). */
int fld_elfproef(const char *p9)
{
    long s = 0;
    for (int i = 0; i < 8; i++) s += (long)(p9[i] - '0') * (9 - i);
    s -= p9[8] - '0';
    return s % 11 == 0;
}
