/* SPDX-License-Identifier: MIT */
/* awint.h — declarations shared between the files of libaw319 (not installed).
 * Prefixes: mem_/aw_malloc (mem.c), date_ (date.c), fld_ (field.c), lay_ (layout.c),
 * rule_ (rules.c), chk_ (check.c), ci_ (content.c), keys_ (keys.c), ref_ (refdata), h_
 * (history.c), xmlio_ (xmlio.c), cs_ (controlset.c), rnd_ (render.c), aw33_ (aw33.c, aw33.h). */
#ifndef AWINT_H
#define AWINT_H

#include "aw319.h"
#include <stdarg.h>
#include <stdint.h>
#include <stddef.h>

#if defined(__GNUC__)
#define AW_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define AW_PRINTF(a, b)
#endif

/* ---- mem.c: every allocation of the library goes through here (failure injection). */
void *aw_malloc(size_t n);
void *aw_calloc(size_t n, size_t size);
void *aw_realloc(void *p, size_t n);
void aw_free(void *p);                       /* aw_free(NULL) is a no-op */
char *aw_strdup(const char *s);              /* NULL on OOM */
#ifdef AW_TEST_HOOKS
/* Test hook (test builds only): make the n-th allocation from now fail (0 = never).  Returns
 * what was left of the previous countdown: > 0 when its failure has not happened yet. */
long aw_mem_fail_after(long n);
#endif

/* ---- errors on the context (SQLite style: sticky first message). */
aw_rc aw_set_error(aw_ctx *ctx, aw_rc rc, const char *fmt, ...) AW_PRINTF(3, 4);
void aw_clear_error(aw_ctx *ctx);

/* Find a shipped data file ("controlsets/vgz.xml", "schemas/report.xsd", "xslt/x.xsl"): only
 * tries $AW319_DATADIR, the context's datadir (default: the installed pkgdatadir), then the
 * directory of the running program (an in-tree build).  Writes the path into out and returns 1, or returns 0 when not found. */
int aw_find_datafile(const aw_ctx *ctx, const char *rel, char *out, size_t n);
/* progdir.c: the directory of the running program into dst; 0 when it cannot be found. */
int aw_program_dir(char *dst, size_t n);

/* 1 when this process may run on more than one CPU (helper threads are worth starting). */
int aw_parallel(void);

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

/* ---- pattern.c: a published field pattern (Vektis "reguliere expressie") compiled for a
 * field of `width` bytes, matched against the whole field.  pat_compile returns NULL with a
 * message in err for a pattern it cannot translate faithfully (or out of memory). */
typedef struct pat pat;
pat *pat_compile(const char *re, unsigned width, char *err, size_t errn);
int pat_match(const pat *p, const char *value);    /* value: width bytes; 1 = matches */
void pat_free(pat *p);                             /* pat_free(NULL) is a no-op */

/* ---- layout.c + generated layout_tables.c (from the TSV files in standard/). */
enum { LAY_N = 0, LAY_AN = 1 };
enum { LAY_KIND_NUMBER, LAY_KIND_TEXT, LAY_KIND_DATE, LAY_KIND_AMOUNT, LAY_KIND_RESERVE };
typedef struct lay_field {
    const char *id;            /* "0403" */
    const char *name;          /* "BURGERSERVICENUMMER (BSN) VERZEKERDE" */
    unsigned short pos;        /* 0-based byte offset */
    unsigned short len;
    unsigned char type;        /* LAY_N / LAY_AN */
    char req;                  /* 'M','Z','C','O','R' */
    unsigned char kind;        /* LAY_KIND_* */
    char code[5];              /* retourcode for "ontbreekt of is onjuist" ("" in AW320) */
    const char *const *codes;  /* V4 code list (NULL-terminated) or NULL */
    const uint32_t *keys;      /* the same codes blank-padded to len (<= 4 bytes), packed
                                * big-endian, ascending: what lay_code_allowed() searches */
    unsigned short nkeys;
    const char *pattern;       /* the published pattern the whole field must match, or NULL */
    unsigned char prule;       /* the rule (aw_rule) that reports a value the pattern refuses */
    const char *form;          /* the pattern in words ("a Dutch postcode like 1234AB, or empty") */
} lay_field;
typedef struct lay_record {
    char type[3];
    const char *name;
    unsigned len;
    const lay_field *fields;
    unsigned nfields;
    const lay_field *const *byid; /* [100]: field by the last two digits of its id */
} lay_record;
/* A published constraint the record alone decides (standard/aw319-v1.4-checks.tsv). */
enum { LAY_REQUIRED, LAY_EMPTY, LAY_FORBID, LAY_AFTER, LAY_NOT_AFTER_SUBMISSION };
typedef struct lay_cond {
    const char *field;         /* the field it is about: "0213" */
    int check;                 /* LAY_* above */
    const char *arg;           /* FORBID: values separated by spaces; AFTER: CCYYMMDD */
    const char *when;          /* NULL: always; else the field of the same record it depends on */
    char op;                   /* 'f' when filled, 'e' when empty, '=' / '!' when (not) value */
    const char *value;         /* for '=' and '!' */
    int rule;                  /* the rule (aw_rule) that reports a violation */
} lay_cond;
typedef struct lay_layout {
    const char *name;          /* "AW319 v1.3" */
    const lay_record *records;
    unsigned nrecords;
    const lay_record *const *bytype; /* [100]: record by its two-digit type */
    const lay_cond *conds;     /* the version's published constraints */
    unsigned nconds;
} lay_layout;
extern const lay_layout lay_aw319_v13;
extern const lay_layout lay_aw319_v14;         /* 0104 = 04: Vektis's published table */
extern const lay_layout lay_aw320_v13;
const lay_record *lay_record_find(const lay_layout *l, const char *type2);
const lay_field *lay_field_find(const lay_layout *l, const char *id);
int lay_code_allowed(const lay_field *f, const char *p); /* value p (f->len bytes) in list */
/* The compiled published pattern of a field of an AW319 layout, compiled once per process;
 * NULL with a message in err when the field has a pattern that could not be compiled (out of
 * memory), or when it has none. */
const pat *lay_pattern(const lay_field *f, char *err, size_t n);

/* Retourcode table (generated from standard/retourcodes.tsv). */
typedef struct rc_entry { const char *code; char cls; const char *text; } rc_entry;
extern const rc_entry rc_table[];
extern const size_t rc_table_len;

/* ---- rules.c: the rule table (rules.def) and the per-context configuration. */
typedef enum {
#define RULE(id, layer, sev, code, text, hint) AW_RULE_##id,
#include "rules.def"
#undef RULE
    AW_NRULES
} aw_rule;
typedef struct rule_def { const char *id; char layer; aw_severity sev; const char *code;
                          const char *text; const char *hint; } rule_def;
extern const rule_def rule_table[AW_NRULES];
typedef struct rule_conf {
    aw_severity sev;           /* in force */
    char code[5];              /* override ("" = default) */
    long months;               /* T1 parameter N */
} rule_conf;
void rule_conf_default(rule_conf conf[AW_NRULES]);

/* ---- the parsed prestatierecord handed to content, reference and history rules. */
typedef struct rec04 {
    unsigned long line;
    const char *raw;           /* 310 bytes */
    char bsn[10];              /* 0403 digits */
    uint32_t bsn_num;
    char prestatiecode[6];     /* 0417 without trailing spaces */
    unsigned functie;          /* 0412, 0 = absent */
    unsigned zzp;              /* 0413, 0 = absent */
    long begin, end;           /* 0414/0415 in days since 1970 */
    long begin_ymd, end_ymd;   /* same as CCYYMMDD */
    unsigned aantal;           /* 0418 */
    unsigned eenheid;          /* 0419 */
    unsigned percentage;       /* 0424, hundredths */
    uint64_t tarief;           /* 0425, cents */
    uint64_t berekend;         /* 0426 */
    char dc;                   /* 0427 'D' or 'C' */
    unsigned btw;              /* 0428 */
    uint64_t bedrag;           /* 0429 */
    char dc2;                  /* 0430 */
    char ref[21];              /* 0431, trailing spaces removed */
    char prevref[21];          /* 0432, "" when absent */
} rec04;

/* The header facts the content rules use; *_ok = 0 when the field had a finding. */
typedef struct hdr01 {
    int present;
    char uzovi[5]; int uzovi_ok;                 /* 0108 */
    char instelling[9]; uint32_t instelling_num; int instelling_ok; /* 0112 */
    long period_begin, period_end; int period_ok; /* 0114/0115 as days */
    char factuur[13]; int factuur_ok;            /* 0116 */
    long dagtekening; int dagtekening_ok;        /* 0117 as days */
} hdr01;

typedef struct fsink fsink;       /* finding.h: what the rule modules report through */

/* ---- context internals shared by the modules. */
typedef struct aw_ref aw_ref;        /* reference data (refdata.c) */
typedef struct aw_ledger aw_ledger;  /* history ledger (history.c) */
struct aw_ctx {
    aw_rc err;
    char errmsg[1024];
    long submission_date;      /* CCYYMMDD or 0 */
    long run_date;             /* CCYYMMDD or 0 */
    int mask_bsn;
    rule_conf conf[AW_NRULES];
    char controlset_id[64];
    char *datadir;
    char *aw33_schema_dir;
    aw_ref *ref;               /* NULL without reference data */
    aw_ledger *ledger;         /* NULL without --ledger */
};

/* ---- content.c: I rules and T1 on a trusted 04 / 02. */
typedef struct keys keys;           /* per-file key sets for I10-I12 (keys.c) */
void ci_check02(fsink *fs, const char *raw, const char *bsn9);
void ci_check04(fsink *fs, const rec04 *r, const char *bsn02 /* NULL if unknown */,
                keys *k);
void ci_timeliness(fsink *fs, const rec04 *r);

/* ---- keys.c: compact per-file sets of references and debet periods. */
keys *keys_new(void);
void keys_free(keys *k);
void keys_reset(keys *k);
/* Prepare for about n entries (sized from the input file): no rehash while reading. */
int keys_reserve(keys *k, uint64_t n);
/* Start loading the index slots the next record will probe (raw, padded field bytes). */
void keys_prefetch(const keys *k, const char *ref20, uint32_t bsn, const char *code5);
/* 1 when ref was seen before; adds it otherwise (dc: 'D'/'C').  -1 on OOM. */
int keys_ref_seen(keys *k, const char *ref, char dc);
/* 1 when ref is a debet in the set. */
int keys_ref_is_debet(const keys *k, const char *ref);
/* 1 when a debet with the same bsn and prestatiecode shares a day; adds it otherwise
 * (on the entry of the keys_ref_seen call just before, when there was one).
 * -1 on OOM. */
int keys_debet_overlaps(keys *k, uint32_t bsn, const char *code5, long begin, long end);

/* ---- reference data (refdata.c, csv.c, aw33.c, refrules.c). */
typedef struct ref_info {
    aw_lv lv;                  /* from the koppeltabel, AW_LV_UNKNOWN without */
    int have_tarief;
    uint64_t tarief;           /* the ingericht tarief in cents when have_tarief */
} ref_info;
void ref_free(aw_ref *r);
/* Called at the start and end of every checked file (resets per-file state, e.g. R11). */
aw_rc ref_file_begin(aw_ref *r);
/* R1-R11 on one trusted 04 (doc/rules.md); fills *info.  Returns AW_ENOMEM on OOM. */
aw_rc ref_check04(aw_ref *r, fsink *fs, const rec04 *rec, ref_info *info);
/* Leveringsvorm of a prestatiecode on a day (AW_LV_UNKNOWN when unknown/no koppeltabel). */
aw_lv ref_lv(const aw_ref *r, const char *prestatiecode, long day);
int ref_have_koppeltabel(const aw_ref *r);
/* Start loading the toewijzingen index slot of a BSN (the next record's). */
void ref_prefetch(const aw_ref *r, uint32_t bsn);

/* ---- history.c (ledger, SQLite). */
void h_free(aw_ledger *l);
void h_file_begin(aw_ledger *l);                            /* resets per-file state */
void h_check01(aw_ledger *l, fsink *fs);                  /* H5 */
void h_check04(aw_ledger *l, fsink *fs, const rec04 *r, keys *k); /* H1-H4 */

/* ---- xmlio.c: the one place where libxml2/libxslt are configured and hardened. */
int xmlio_parse_options(void);

/* ---- report.c / report_formats.c: the reports other than XML, streamed (rf_). */
void rpt_clean(char *d, size_t cap, size_t *k, const char *s, size_t n, int xml);
typedef struct rf rf;
rf *rf_new(aw_ctx *ctx, aw_output *o, aw_report_format fmt, aw_rc *rc);
void rf_set(rf *r, const char *name, int records); /* name NULL / records < 0: unchanged */
aw_sink rf_sink(rf *r);
aw_rc rf_finish(rf *r) AW_WARN_UNUSED;
aw_rc rf_not_checked(rf *r, const char *name, const char *why) AW_WARN_UNUSED;
void rf_free(rf *r);

/* ---- sha256.c: SHA-256 of the input for the report (nettle, which uses the CPU's SHA
 * instructions: a portable C SHA-256 alone took half the time of a whole check). */
#include <nettle/sha2.h>
typedef struct sha256_ctx aw_sha256;
void aw_sha256_init(aw_sha256 *s);
void aw_sha256_update(aw_sha256 *s, const void *p, size_t n);
void aw_sha256_hex(aw_sha256 *s, char out[65]);
/* Hash a regular file from its current offset to its end in a helper thread (pread, so the
 * caller's reads are untouched), overlapping the check on a second core.  NULL when fd is not
 * a regular file or no thread could be started: hash inline then.  aw_sha256_job_finish
 * waits, writes the hex digest and frees the job; it returns 0, or -1 when the file could not
 * be read or its hashed length differs from `bytes` (the bytes the check read).
 * aw_sha256_job_finish(j, -1, NULL) stops and frees the job without a digest. */
typedef struct aw_sha256_job aw_sha256_job;
aw_sha256_job *aw_sha256_job_start(int fd);
int aw_sha256_job_finish(aw_sha256_job *j, long long bytes, char out[65]);

#endif
