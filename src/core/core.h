/* SPDX-License-Identifier: MIT */
/* core.h — the base layer of libaw319 (not installed): allocation (mem.c), the calendar
 * (date.c), bounded parsing of fixed-width slices (field.c) and facts about the running process
 * (process.c).  It uses nothing of the library above it. */
#ifndef AW_CORE_H
#define AW_CORE_H

#include "aw319.h"
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define ATTR_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define ATTR_PRINTF(a, b)
#endif

/* ---- mem.c: every allocation of the library goes through here (failure injection). */
void *mem_malloc(size_t n);
void *mem_calloc(size_t n, size_t size);
void *mem_realloc(void *p, size_t n);
void mem_free(void *p);                       /* mem_free(NULL) is a no-op */
char *mem_strdup(const char *s);              /* NULL on OOM */
#ifdef AW_TEST_HOOKS
/* Test hook (test builds only): make the n-th allocation from now fail (0 = never).  Returns
 * what was left of the previous countdown: > 0 when its failure has not happened yet. */
long mem_fail_after(long n);
#endif

/* ---- process.c: the directory of the running program into dst; 0 when it cannot be found. */
int proc_program_dir(char *dst, size_t n);

/* Find a shipped data file ("controlsets/vgz.xml", "schemas/report.xsd"): tries only
 * $AW319_DATADIR when set, else datadir when not NULL (a context's: aw_ctx_set_datadir), else
 * the installed pkgdatadir and then the directory of the running program (an in-tree build).
 * Writes the path into out and returns 1, or returns 0 when not found. */
int proc_find_datafile(const char *datadir, const char *rel, char *out, size_t n);
/* 1 when this process may run on more than one CPU (helper threads are worth starting). */
int proc_parallel(void);

/* ---- date.c: proleptic Gregorian calendar.  "days" are days since 1970-01-01. */
int date_valid(int y, int m, int d);
long date_days(int y, int m, int d);               /* requires a valid date */
void date_civil(long days, int *y, int *m, int *d);
long date_ymd(int y, int m, int d);                /* CCYYMMDD as a number */
int date_month_len(int y, int m);
/* Parse 8 digits CCYYMMDD.  Returns 1 valid date, 0 all zeros, -1 not digits or no date;
 * on 1 sets *days. */
int date_parse8(const char *p, long *days);        /* days may be NULL: validity only */
long date_days_to_ymd(long days);
long date_ymd_to_days(long ymd);                   /* -1 when not a valid date */

/* ---- field.c: bounded parsing of fixed-width slices (never atoi). */
/* All digits → 1 with *out; otherwise 0 (offset of the first non-digit in *bad when bad). */
int fld_uint(const char *p, size_t len, uint64_t *out, size_t *bad);
int fld_blank(const char *p, size_t len);          /* all spaces */
int fld_digits(const char *p, size_t len);         /* all '0'-'9' */
/* The value of len digits the caller checked (inline: the hot path reads ~15 per 04). */
static inline uint64_t fld_num(const char *p, size_t len)
{
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) v = v * 10 + (uint64_t)(p[i] - '0');
    return v;
}
/* "00" "01" .. "99": the two digits of n at fld_digit_pairs + 2 * n (numbers written two at a time). */
extern const char fld_digit_pairs[201];
int fld_has_ctrl(const char *p, size_t len);       /* a byte < 0x20 or 0x7F (rule V6) */
int fld_zeros(const char *p, size_t len);          /* all '0' */
/* Copy an AN value without trailing spaces into dst (size n, always NUL-terminated). */
void fld_trim(char *dst, size_t n, const char *p, size_t len);
/* --mask-bsn in a message: every run of 8 or 9 digits (a BSN, perhaps without its leading
 * zero) keeps its first and last two digits, the middle starred: "81*****36". */
void fld_mask_bsns(char *s);
/* Elfproef (rule I1) of 9 digits; 1 when it passes. */
int fld_elfproef(const char *p9);

#endif
