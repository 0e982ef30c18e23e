/* SPDX-License-Identifier: MIT */
/* ledger.h — the history ledger (SQLite) behind aw319ledger and rules H1-H5 (internal).
 *
 * Three parts, one file each:
 *  - aw320read.c      a320_*: a bounded, streaming reader of AW320 return files (doc/outputs.md);
 *  - ledger.c         ledger_*: the database (open, schema and migration, add, verify; doc/ledger.md);
 *  - ledger_report.c  ledger_*: list, summary, productieafspraak, sample, gaps (data only;
 *                     aw319ledger prints them with ledger_print.c).
 * The rules H1-H5 against a read-only ledger use it from rules/history.c (history.h).
 *
 * Decisions (doc/ledger.md):
 *  - A prestatie is *granted* when the file is not technically rejected (0196 of the 01 is not
 *    0001) and its first retourcode 0496 is 8001 or its 0483 TOEGEKEND BEDRAG is above zero (a
 *    zorgkantoor may grant part of a declaration with another code).  Only granted prestaties
 *    count for H1-H4; the summary shows what was declared, granted and refused.
 *  - An invoice (0112 instelling + 0116 factuurnummer) is recorded once: adding an AW320 whose
 *    invoice is in the ledger is refused, whatever its outcome (this also refuses the same
 *    AW320 twice; the file's SHA-256 is stored and unique as well).
 *  - H1-H3 and H5 look at the same instelling only; H4 looks at every instelling ("al eerder
 *    vergoed aan een ander", retourcode 0587).
 *
 * Ownership: objects made by *_open / *_new are freed by *_close / *_free, NULL is a no-op;
 * messages go to the aw_ctx (err_set), nothing is printed. */
#ifndef LEDGER_H
#define LEDGER_H

#include "error.h"
#include <sqlite3.h>

/* ---- aw320read.c */

/* The AW320 is malformed or (ledger_add) refused: a finding about the data, not an operational
 * failure.  aw319ledger exits 1 for it, 2 for every other code. */
#define LEDGER_REFUSED AW_EREFDATA

typedef struct a320_head {
    unsigned long line;
    uint32_t instelling;           /* 0112, never 0 */
    char factuur[13];              /* 0116, trailing spaces removed, never empty */
    uint32_t uzovi;                /* 0108, 0 when unreadable */
    long period_begin, period_end; /* 0114/0115 CCYYMMDD, 0 when unreadable */
    long dagtekening;              /* 0117 */
    char referentie[25];           /* 0181 */
    long retourdatum;              /* 0182 */
    char codes[3][5];              /* 0196-0198 ("" when blank) */
    int technical;                 /* 0196 = 0001: nothing granted */
} a320_head;

typedef struct a320_04 {
    unsigned long line;
    int granted;                   /* see the decision above */
    int full;                      /* the echoed AW319 fields parsed (always when granted) */
    uint32_t bsn;                  /* 0403 */
    char code[6];                  /* 0417 trimmed */
    long begin, end;               /* 0414/0415 CCYYMMDD */
    unsigned aantal;               /* 0418 */
    uint64_t tarief, berekend;     /* 0425, 0426 */
    char dc;                       /* 0427 'D'/'C' */
    uint64_t bedrag;               /* 0429 */
    char dc2;                      /* 0430 */
    char ref[21], prevref[21];     /* 0431, 0432 trimmed ("" when absent) */
    uint64_t berekend_zv;          /* 0481 */
    uint64_t toegekend;            /* 0483 */
    int64_t toegekend_signed;      /* 0483 signed by 0484 (0430 when 0484 is blank) */
    char codes[3][5];              /* 0496-0498 */
} a320_04;

typedef struct a320_tail {
    unsigned long line;            /* of the 99, 0 when absent (technically rejected files) */
    unsigned long records, n04;    /* lines read, 04 records */
    int64_t ingediend, toegekend;  /* 9907/9908, 9909/9910 signed (0 when no 99) */
    char sha256[65];               /* of the whole file */
} a320_tail;

typedef struct a320_sink {
    void *ud;
    aw_rc (*head)(void *ud, const a320_head *h);   /* the 01, first */
    aw_rc (*rec04)(void *ud, const a320_04 *r);    /* every 04, in order */
    aw_rc (*tail)(void *ud, const a320_tail *t);   /* at the end, after every check passed */
} a320_sink;

/* Read the AW320 from fd (not closed), checking it as it streams: 370-byte records + CR LF,
 * a 01 with 0102 = 188 first, the fields the ledger keeps well-formed, one 99 last whose
 * 9904 and 9909/9910 match the 04s.  A technically rejected file may carry whatever its
 * AW319 carried (the writer copies it): only its 01 must be readable.  Returns
 * LEDGER_REFUSED with "NAME:LINE: message" for a malformed file, AW_EIO, AW_ENOMEM, or the
 * first non-zero code of a sink callback. */
aw_rc a320_read(aw_ctx *ctx, int fd, const char *name, const a320_sink *s) AW_WARN_UNUSED;

/* ---- ledger.c */

#define LEDGER_SCHEMA 3                /* PRAGMA user_version; versions 1 and 2 are migrated when
                                        * opened for writing and read as they are otherwise */
#define LEDGER_APP_ID 0x41573139       /* PRAGMA application_id, "AW19" */
#define LEDGER_BUSY_MS 30000           /* wait for another writer this long */

typedef enum {
    LEDGER_READONLY = 0,               /* aw319check --ledger, list, summary, ...: SQLite mode=ro,
                                        * immutable=1 in a directory that cannot be written */
    LEDGER_EXISTING,                   /* verify: read-write when allowed (so SQLite can recover
                                        * the WAL of a killed writer), never created */
    LEDGER_CREATE,                     /* add: read-write, created (O_EXCL, mode 0600) when
                                        * missing; an existing file must be a non-empty regular
                                        * file of this user, not a symlink, mode 0600 or less */
    LEDGER_CREATE_FORCE                /* add --force: as CREATE, an existing file adopted as is */
} ledger_mode;

typedef struct ledger ledger;
/* Open the ledger at path.  AW_EIO when it does not exist, cannot be read (permission: said
 * so) or is busy (locked by another process for more than the busy timeout: said so);
 * AW_ELEDGER when it is not an aw319 ledger of a known schema version, is corrupt, or (CREATE)
 * is an existing file add must not adopt.  CREATE: a missing file is created before SQLite
 * sees it, the schema is made in a transaction, WAL is switched on; a ledger of schema 1 is
 * migrated (writable modes only). */
aw_rc ledger_open(aw_ctx *ctx, const char *path, ledger_mode mode, ledger **out) AW_WARN_UNUSED;
void ledger_close(ledger *l);
sqlite3 *ledger_db(const ledger *l);   /* borrowed */
const char *ledger_path(const ledger *l);
int ledger_schema(const ledger *l);    /* the user_version of the file */
/* Tests: the busy timeout of later opens, in ms (LEDGER_BUSY_MS by default). */
void ledger_set_busy_ms(int ms);
/* An SQLite failure on l as an aw_rc with a message: busy is AW_EIO "... is busy ...",
 * everything else AW_ELEDGER. */
aw_rc ledger_db_error(aw_ctx *ctx, const ledger *l, const char *what);

typedef struct ledger_add_opts {
    long long now;                     /* stored as the time of the add (seconds since 1970) */
    /* Called inside the transaction after each 04 was inserted, or NULL (a test hook: the
     * interrupted add of tests/ledger-e2e.sh pauses here). */
    void (*progress)(void *ud, unsigned long n04);
    void *ud;
} ledger_add_opts;

typedef struct ledger_added {
    unsigned long prestaties, granted;
    int64_t toegekend;                 /* signed cents */
    uint32_t instelling;
    char factuur[13];
    unsigned long lv_known;            /* prestaties whose leveringsvorm was stored */
} ledger_added;

/* Record one AW320 in one transaction (BEGIN IMMEDIATE ... COMMIT; rolled back on any
 * failure, so the ledger is as before).  The file's last path component is stored and the
 * path is used in messages.  With a koppeltabel loaded in ctx the leveringsvorm of every
 * prestatie it knows is stored with it.  LEDGER_REFUSED: malformed, or its invoice / bytes
 * are in the ledger already.  AW_EIO: unreadable; AW_ELEDGER: database failure.  opts may be
 * NULL. */
aw_rc ledger_add(aw_ctx *ctx, ledger *l, const char *path, const ledger_add_opts *opts,
                 ledger_added *info) AW_WARN_UNUSED;

/* Round a x num / den to the nearest integer, halves away from zero (den > 0). */
int64_t ledger_scale(int64_t a, int64_t num, int64_t den);

typedef struct ledger_check {
    int schema;                        /* user_version found */
    unsigned long files, prestaties, granted;
    char problem[512];                 /* "" when everything is fine */
} ledger_check;
/* PRAGMA integrity_check, foreign_key_check, schema version and the stored per-file totals
 * against the stored prestaties.  AW_OK with info->problem set when the ledger is damaged;
 * an rc only when the checks could not run. */
aw_rc ledger_verify(aw_ctx *ctx, ledger *l, ledger_check *info) AW_WARN_UNUSED;

/* ---- ledger_report.c: what auditors and controllers ask of a ledger (list, summary, budget,
 * sample, gaps).  Amounts are signed euro cents; dates CCYYMMDD. */

/* Per month and leveringsvorm.  ingediend: every prestatie, 0429 signed by 0430; toegekend:
 * granted debets (0427 D), 0483 signed; credits: granted credits (0427 C), 0483 signed (<= 0);
 * afgewezen: prestaties not granted, amount = ingediend - net; net = toegekend + credits. */
typedef struct ledger_cell {
    unsigned long ingediend_n, toegekend_n, credit_n, afgewezen_n;
    int64_t ingediend, toegekend, credit, afgewezen, net;
} ledger_cell;
#define LEDGER_ALL AW_LV_COUNT         /* index of "every leveringsvorm" in the arrays below */
typedef struct ledger_year {
    int year;
    ledger_cell month[12][AW_LV_COUNT + 1];
    ledger_cell total[AW_LV_COUNT + 1];
    int64_t h1[AW_LV_COUNT + 1];       /* net januari-juni */
    int64_t herschikking[AW_LV_COUNT + 1]; /* h1 x days_year / days_h1, to the nearest cent */
    unsigned h1_months[AW_LV_COUNT + 1]; /* bit m (0-5): month m+1 has prestaties */
    int days_h1, days_year;            /* 181/365, 182/366 in a leap year */
} ledger_year;
typedef struct ledger_summary {
    int nyears;
    ledger_year *years;                /* ascending */
    int have_lv;                       /* some leveringsvorm is known (stored or koppeltabel) */
    long as_of;                        /* CCYYMMDD, 0 = everything */
} ledger_summary;
/* year 0 = every year with prestaties (a requested year without data is still returned).
 * as_of (CCYYMMDD, 0 = none): only AW320s added on or before that day (UTC).  The
 * leveringsvorm is the one stored at add time, else the koppeltabel's in ctx (ref_lv on
 * 0414), else unknown.  Free with ledger_summary_free. */
aw_rc ledger_summary_make(aw_ctx *ctx, ledger *l, int year, long as_of,
                          ledger_summary **out) AW_WARN_UNUSED;
void ledger_summary_free(ledger_summary *s);

/* One stored AW320 (list). */
typedef struct ledger_file {
    char name[256], sha256[65], added[32], factuur[13];
    uint32_t instelling;
    long first_month, last_month;      /* CCYYMM of the earliest / latest 0414, 0 when none */
    unsigned long records;
    ledger_cell c;                     /* its prestaties, every month together */
} ledger_file;
/* Call fn for every stored AW320 in the order added; stops at fn's first non-zero rc. */
aw_rc ledger_list(aw_ctx *ctx, ledger *l, aw_rc (*fn)(void *ud, const ledger_file *f),
                  void *ud) AW_WARN_UNUSED;

/* The productieafspraak: the agreed budget per leveringsvorm for a year. */
typedef struct ledger_budget {
    int64_t agreed[AW_LV_COUNT + 1];   /* cents, -1 when not agreed; [LEDGER_ALL] the sum */
} ledger_budget;
/* Read FILE (CSV leveringsvorm;jaar;bedrag, a header line allowed, amounts like 1234567,89,
 * 1.234.567,89 or 1234567.89) for year: LEDGER_REFUSED with FILE:LINE on a malformed line. */
aw_rc ledger_budget_load(aw_ctx *ctx, const char *path, int year, ledger_budget *b) AW_WARN_UNUSED;

/* The materiele-controle sample (a-selecte steekproef).  The population: granted debets whose
 * 0414 falls in month (CCYYMM) [and of leveringsvorm lv], ordered by (SHA-256 of the AW320,
 * line); then a partial Fisher-Yates shuffle driven by splitmix64(seed) picks size of them
 * (see ledger_report.c). */
typedef struct ledger_pick {
    unsigned long nr;                  /* 1.. in the order drawn */
    unsigned long population;          /* position in the ordered population, 1.. */
    uint32_t bsn, instelling;
    char code[6], factuur[13], ref[21], name[256], lv[8];
    long begin, end;
    unsigned aantal;
    int64_t toegekend;
    unsigned long line;
} ledger_pick;
typedef struct ledger_sample_opts {
    long month;                        /* CCYYMM */
    unsigned long size;
    uint64_t seed;
    int lv;                            /* aw_lv, or -1 for every leveringsvorm */
    long as_of;                        /* CCYYMMDD, 0 = everything */
} ledger_sample_opts;
uint64_t ledger_splitmix64(uint64_t *state);
/* *population gets the population's size; fn gets the picks in the order drawn. */
aw_rc ledger_sample(aw_ctx *ctx, ledger *l, const ledger_sample_opts *o, unsigned long *population,
                    aw_rc (*fn)(void *ud, const ledger_pick *p), void *ud) AW_WARN_UNUSED;

/* Gaps of a month (CCYYMM): kind 0, a toewijzing loaded in ctx that is active in the month at
 * an instelling of the ledger (or at none named) whose client has no granted debet there that
 * month (a forgotten declaration?); kind 1, a prestatie of the month refused for lack of a
 * toewijzing (retourcode 0551, 0553 or 0554). */
typedef struct ledger_gap {
    int kind;
    uint32_t bsn, instelling;
    char lv[8];                        /* kind 0: the toewijzing's leveringsvorm */
    unsigned tcode;                    /* kind 0: its zzp or functie code */
    char code[6];                      /* kind 1: prestatiecode */
    long begin, end;                   /* CCYYMMDD: the toewijzing's (end 0 = open) or the prestatie's */
    char retourcode[5];                /* kind 1 */
    char name[256];                    /* kind 1: the AW320 and line */
    unsigned long line;
} ledger_gap;
aw_rc ledger_gaps(aw_ctx *ctx, ledger *l, long month, aw_rc (*fn)(void *ud, const ledger_gap *g),
                  void *ud) AW_WARN_UNUSED;

#endif
