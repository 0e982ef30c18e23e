/* SPDX-License-Identifier: MIT */
/* layout.h — the record layouts of AW319 and AW320 (layout.c over the tables that
 * tools/gentables.sh generates from standard/) and the published v1.4 patterns (pattern.c). */
#ifndef AW_LAYOUT_H
#define AW_LAYOUT_H

#include "error.h"

/* ---- pattern.c: a published field pattern (Vektis "reguliere expressie") compiled for a
 * field of `width` bytes, matched against the whole field.  pat_compile returns NULL for a
 * pattern it cannot translate faithfully (AW_EUSAGE on ctx) or out of memory (AW_ENOMEM). */
typedef struct pat pat;
pat *pat_compile(aw_ctx *ctx, const char *re, unsigned width);
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
    unsigned char prule;       /* the rule (rule_id) that reports a value the pattern refuses */
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
    int rule;                  /* the rule (rule_id) that reports a violation */
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
/* The AW319 layout of a subversion (0104: 3, 4); NULL for one the checker does not know.  A
 * new AW319 version is a new generated table and one row of the list in layout.c. */
const lay_layout *lay_aw319_version(unsigned subversion);
extern const lay_layout lay_aw320_v13;
const lay_record *lay_record_find(const lay_layout *l, const char *type2);
const lay_field *lay_field_find(const lay_layout *l, const char *id);
int lay_code_allowed(const lay_field *f, const char *p); /* value p (f->len bytes) in list */
/* The compiled published pattern of a field of an AW319 layout, compiled once per process;
 * NULL when the field has none, or when its pattern could not be compiled (error on ctx). */
const pat *lay_pattern(aw_ctx *ctx, const lay_field *f);

/* Retourcode table (generated from standard/retourcodes.tsv). */
typedef struct rc_entry { const char *code; char cls; const char *text; } rc_entry;
extern const rc_entry rc_table[];
extern const size_t rc_table_len;

#endif
