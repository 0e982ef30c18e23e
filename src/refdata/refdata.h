/* SPDX-License-Identifier: MIT */
/* refdata.h — reference data shared by csv.c, refdata.c, refrules.c and aw33.c (internal).
 * refdata.c owns struct ref_store and its indexes; readers add rows through ref_*_add. */
#ifndef REFDATA_H
#define REFDATA_H

#include "ctx.h"
#include <stdio.h>

#define REF_OPEN 0x7fffffffL   /* einddatum of an open-ended period (days) */
#define REF_MAXCODES 64        /* zzp / functie codes in one koppeltabel row */

/* Units of an MPT klasse limit (doc/rules.md). */
enum { REF_UNIT_NONE = 0 /* 99: no limit */, REF_UNIT_MINUTES, REF_UNIT_DAGDELEN, REF_UNIT_ETMALEN };

/* One toewijzing, as read from AW33 or CSV. */
typedef struct ref_toew {
    uint32_t bsn;
    aw_lv lv;               /* AW_LV_ZZP / AW_LV_VPT / AW_LV_MPT */
    unsigned code;          /* ZzpCode (COD163) for ZZP/VPT, FunctieCode (COD732) for MPT */
    uint32_t instelling;    /* AGB code; 0 = missing, matches every instelling */
    long begin, end;        /* days since 1970, inclusive; end = REF_OPEN when open */
    unsigned percentage;    /* hundredths; 10000 when absent */
    unsigned char unit;     /* REF_UNIT_* of the klasse (MPT) */
    unsigned weekmax;       /* klasse upper bound per week incl. Opslag, in unit */
    long long stamp;        /* Toewijzingsdatum + Toewijzingstijd in seconds (AW33); 0 for CSV */
} ref_toew;

/* One koppeltabel row (doc/refdata.md). */
typedef struct ref_kt {
    char code[6];           /* prestatiecode */
    unsigned char lv;       /* aw_lv */
    unsigned char eenheid;  /* COD218 code as a number (1, 4, 14, 16, 81) */
    unsigned char ncodes;   /* zzp codes (ZZP/VPT) or functie codes (MPT) */
    unsigned short codes[REF_MAXCODES];
    long begin, end;
    uint32_t line;          /* set by ref_kt_add_at: source line and file (for messages) */
    uint16_t file;
} ref_kt;

/* One ingericht tarief (doc/refdata.md). */
typedef struct ref_tar {
    char code[6];
    uint32_t instelling;    /* 0 = every instelling */
    long begin, end;
    uint64_t tarief;        /* cents */
    uint32_t line;          /* set by ref_tar_add_at */
    uint16_t file;
} ref_tar;

void ref_free(ref_store *r);
/* Called at the start and end of every checked file (resets per-file state, e.g. R11). */
aw_rc ref_file_begin(ref_store *r);
/* Leveringsvorm of a prestatiecode on a day (AW_LV_UNKNOWN when unknown/no koppeltabel). */
aw_lv ref_lv(const ref_store *r, const char *prestatiecode, long day);
int ref_have_koppeltabel(const ref_store *r);
/* Start loading the toewijzingen index slot of a BSN (the next record's). */
void ref_prefetch(const ref_store *r, uint32_t bsn);
/* The reference data of a context, created on first use. NULL on OOM (error set). */
ref_store *ref_get(aw_ctx *ctx);
/* Add a toewijzing read from file:line.  AW33 rows (stamp != 0) with the same identity
 * (bsn, lv kind, code, instelling, begin) supersede each other by stamp; CSV rows with the
 * same identity or overlapping periods for the same key are an error (AW_EREFDATA, message
 * "FILE:LINE: ..." on ctx).  The identity checks run when the store is finalized (end of
 * aw_ctx_load_toewijzingen, ref_finalize, or lazily on first use). */
aw_rc ref_toew_add(ref_store *r, aw_ctx *ctx, const ref_toew *t, const char *file,
                   unsigned long line) AW_WARN_UNUSED;
/* Parse an AW33/CSV klasse ("K3", "KD04", "KE2", "99") plus opslag into t->unit and
 * t->weekmax.  Returns 0 on success, -1 when the klasse is unknown.  Opslag is in the unit of
 * the klasse: hours for K0-K8 (weekmax is then in minutes), dagdelen, etmalen. */
int ref_klasse_parse(const char *klasse, unsigned opslag, ref_toew *t);

/* Koppeltabel, tarieven and toewijzingen rows (ref_*_finish sorts, checks overlaps, builds the
 * index), added by a loader reading many rows of one file: *fi starts at -1 and caches the
 * file's index in the store's name table between calls (saves a name lookup per row). */
aw_rc ref_toew_add_at(ref_store *r, aw_ctx *ctx, const ref_toew *t, const char *file, unsigned long line,
                      int *fi) AW_WARN_UNUSED;
aw_rc ref_kt_add_at(ref_store *r, aw_ctx *ctx, const ref_kt *k, const char *file, unsigned long line,
                    int *fi) AW_WARN_UNUSED;
aw_rc ref_tar_add_at(ref_store *r, aw_ctx *ctx, const ref_tar *t, const char *file, unsigned long line,
                     int *fi) AW_WARN_UNUSED;
/* Sort, check identities/overlaps and index everything added so far (idempotent). */
aw_rc ref_finalize(ref_store *r, aw_ctx *ctx) AW_WARN_UNUSED;
/* The end of a public load of one table (load.c): on success the table counts as loaded (even
 * when the file held no rows) and the store is finalized; a failed load leaves the store
 * unusable (doc/refdata.md: nothing is checked with half-loaded data).  Returns rc or the
 * finalizing error. */
typedef enum { REF_KOPPELTABEL, REF_TARIEVEN, REF_TOEWIJZINGEN } ref_table;
aw_rc ref_loaded(ref_store *r, aw_ctx *ctx, ref_table table, aw_rc rc);

/* Lookups for refrules.c (store finalized). */
const ref_kt *ref_kt_find(const ref_store *r, const char *code, long day, int *known);
/* Rows of a prestatiecode in (instelling, begin) order; *n rows. NULL when none. */
const ref_tar *ref_tar_rows(const ref_store *r, const char *code, size_t *n);
int ref_have_tarieven(const ref_store *r);
int ref_have_toewijzingen(const ref_store *r);
/* A toewijzing as stored (compact: the memory bar is 96 bytes per toewijzing, doc/hardening.md). */
typedef struct ref_tw {
    int64_t stamp;
    uint32_t bsn, instelling;
    int32_t begin, end;     /* days; end = REF_OPEN when open */
    uint32_t weekmax;
    uint32_t line;          /* source line, for messages */
    uint32_t seq;           /* order of adding: the later of two equal stamps wins */
    uint16_t code, percentage;
    uint16_t file;          /* index into the store's file names */
    uint8_t lv, unit;
} ref_tw;
/* The toewijzingen of a BSN, in (kind, code, instelling, begin) order; *n rows. */
const ref_tw *ref_toew_rows(const ref_store *r, uint32_t bsn, size_t *n);

/* For tests and reports: the toewijzingen in force after superseding (finalizes lazily). */
size_t ref_toew_count(const ref_store *r);
int ref_toew_get(const ref_store *r, size_t i, ref_toew *out); /* 1 when i < count */

/* R11 running sums per (BSN, functie, unit, month), reset by ref_file_begin. */
typedef struct ref_vol {
    uint32_t bsn;
    uint8_t functie, unit;
    uint16_t month;         /* year * 12 + month - 1 */
    int32_t limit;          /* x 7 units, -1 = no limit */
    int64_t sum;            /* units (minutes, dagdelen or etmalen) */
} ref_vol;
/* The entry of a key, created with sum 0 and limit -2 (unknown) when new; NULL on OOM. */
ref_vol *ref_vol_get(ref_store *r, uint32_t bsn, unsigned functie, unsigned unit, unsigned month);
/* Bytes per R11 key incl. its index slots, and per stored toewijzing (memory bar, doc/hardening.md). */
size_t ref_vol_entry_size(void);
size_t ref_toew_entry_size(void);

/* Open a reference-data file for reading: a regular file only.  NULL with the error on ctx
 * ("FILE: is a directory ...", "FILE: is a FIFO ...", "FILE: permission denied ..."); a FIFO
 * is refused without waiting for a writer. */
FILE *ref_fopen(aw_ctx *ctx, const char *path);

/* csv.c: the three CSV readers (doc/refdata.md) and their value parsers. */
aw_rc csv_load_koppeltabel(ref_store *r, aw_ctx *ctx, const char *path) AW_WARN_UNUSED;
aw_rc csv_load_tarieven(ref_store *r, aw_ctx *ctx, const char *path) AW_WARN_UNUSED;
aw_rc csv_load_toewijzingen(ref_store *r, aw_ctx *ctx, const char *path) AW_WARN_UNUSED;
/* Date YYYY-MM-DD, YYYYMMDD or DD-MM-YYYY: 1 with *days, 0 empty, -1 malformed. */
int csv_date(const char *s, long *days);
/* Euros to cents: 0 with *cents, -1 with *why: what is wrong, the untranslated format of the message
 * ("column '%s': '%s' is ...": the column, the value; translate it with _ where it is shown). */
int csv_money(const char *s, uint64_t *cents, const char **why);

/* aw33.c: read one AW33 file or every *.xml of a directory (name order) into r. */
aw_rc aw33_load(ref_store *r, aw_ctx *ctx, const char *path) AW_WARN_UNUSED;

#endif
