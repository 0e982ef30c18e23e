/* SPDX-License-Identifier: MIT */
/* field.c — bounded parsing of fixed-width field slices {p, len}: digits, blanks, trimmed
 * text and the BSN elfproef.  Never atoi: every parser knows its length. */
#include "core.h"
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

/* Word-at-a-time tests (8 bytes per step, unaligned loads through memcpy); the byte loop
 * finishes the tail.  These run on every field of every record: the hot path. */
#define ONES 0x0101010101010101ULL
#define HIGH 0x8080808080808080ULL

static uint64_t load8(const char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    return x;
}

static int all_byte(const char *p, size_t len, char b)
{
    uint64_t w = ONES * (unsigned char)b;
    size_t i = 0;
    for (; i + 8 <= len; i += 8)
        if (load8(p + i) != w) return 0;
    for (; i < len; i++)
        if (p[i] != b) return 0;
    return 1;
}

const char fld_digit_pairs[201] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                  "8081828384858687888990919293949596979899";

int fld_blank(const char *p, size_t len) { return all_byte(p, len, ' '); }
int fld_zeros(const char *p, size_t len) { return all_byte(p, len, '0'); }

int fld_digits(const char *p, size_t len)
{
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t x = load8(p + i);
        /* every byte 0x30..0x39: high nibble 3, and adding 6 does not carry out of it */
        if ((x & 0xF0F0F0F0F0F0F0F0ULL) != 0x3030303030303030ULL ||
            ((x + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) != 0x3030303030303030ULL)
            return 0;
    }
    for (; i < len; i++)
        if ((unsigned char)(p[i] - '0') > 9) return 0;
    return 1;
}

int fld_has_ctrl(const char *p, size_t len)
{
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t x = load8(p + i);
        /* a byte < 0x20 (with the high bit clear), or a byte equal to 0x7F */
        uint64_t lt = (x - ONES * 0x20) & ~x & HIGH;
        uint64_t y = x ^ (ONES * 0x7F);
        uint64_t eq = (y - ONES) & ~y & HIGH;
        if (lt | eq) return 1;
    }
    for (; i < len; i++)
        if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f) return 1;
    return 0;
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

void fld_mask_bsns(char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && s[j] >= '0' && s[j] <= '9') j++;
        if (j - i >= 8 && j - i <= 9) memset(s + i + 2, '*', j - i - 4);
        i = j > i ? j : i + 1;
    }
}
