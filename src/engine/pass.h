/* SPDX-License-Identifier: MIT */
/* pass.h — the state of one check pass, shared by its three files (not by the rule modules,
 * which see only the findings sink): check.c reads the file and runs the rules per record,
 * fields.c checks the fields of a record against the layout (V rules), outcome.c collects the
 * findings into codes and makes each record's outcome and the file's verdict. */
#ifndef AW_PASS_H
#define AW_PASS_H

#include "finding.h"
#include "keys.h"

#define MAX_CODES 64          /* distinct codes collected per record (AW320 keeps 3) */
#define MAX_RECS 8            /* records of a layout */
#define MAX_FIELDS 64         /* fields of a layout record */
#define MAX_CONDS 64          /* published constraints of a layout */
#define MEMO_MAX 32           /* widest field whose last matching value is kept */

typedef struct codeacc {
    int n;
    struct { unsigned key; unsigned char sev; char code[5]; } e[MAX_CODES];
} codeacc;

typedef struct fastmask {
    unsigned char lo[310], span[310], ex[310]; /* allowed bytes per position: see fastmask_init */
    unsigned char sem[64];     /* fields that need their per-field check even so */
    unsigned nsem;
} fastmask;

/* The fields the engine reads by name, resolved once per check (F(0403) → its layout). */
enum { X0102, X0103, X0104, X0108, X0112, X0114, X0115, X0116, X0117, X0203, X0403, X0412, X0413, X0414, X0415, X0417, X0418, X0419, X0424, X0425, X0426, X0427, X0428, X0429, X0430, X0431, X0432, X9907, X9908, NFX };
#define F(id) (c->fx[X##id])

typedef struct chk {
    aw_ctx *ctx;
    const aw_sink *sinks;
    size_t nsinks;
    const char *name;
    const lay_layout *lay;
    const lay_field *fx[NFX];
    fastmask fm[MAX_RECS];     /* per layout record */
    const pat *pat[MAX_RECS][MAX_FIELDS]; /* the layout's published patterns (lay_pattern) */
    /* per patterned field the last value it matched (fields up to MEMO_MAX bytes): most values
     * repeat from record to record (a blank optional field, 0407 1, 0416 055 ...), and one
     * compare is cheaper than the automaton.  Measured (cachegrind, 100,000 v1.4 records of
     * the bench): 137 M instructions fewer, 11 % of the run without the SHA-256 */
    char memo[MAX_RECS][MAX_FIELDS][MEMO_MAX];
    unsigned char memo_ok[MAX_RECS][MAX_FIELDS];
    struct { const lay_cond *d; const lay_field *f, *when; const lay_record *r; } cond[MAX_CONDS];
    unsigned ncond;
    aw_rc rc;                  /* first sink/OOM failure: stops the pass */
    hdr01 hdr;
    aw_summary *sum;

    /* current record */
    unsigned long line;
    const char *raw;
    size_t len;
    char type[3];
    const lay_record *lr;      /* layout of the current record (NULL unknown type) */
    unsigned ri;               /* its index in the layout */
    int to01;                  /* findings of this record go to the 01 (the 99 has no codes) */
    int cur_tech;              /* technical findings on the record (its rejects: fs.rejected) */
    codeacc acc, acc01;

    /* file state */
    int tech;                  /* technically rejected so far */
    int seen99, have02;
    int cur02_rejected;
    char cur02_bsn[10];        /* "" when unknown */
    unsigned long cur02_line;
    uint64_t last_id;
    int have_last_id;
    unsigned long cnt02, cnt03, cnt04, cnt98;
    int64_t sum0429;
    int sum_ok;
    unsigned long s2_count, s2_first, last_line;
    keys *keys;
    fsink fs;                  /* what the rule modules report through */
} chk;

static inline int chk_is_type(const char *t, const char *x) { return t[0] == x[0] && t[1] == x[1]; }

/* ---- fields.c */
/* Take the layout of the file's version (its fields, byte classes, patterns, constraints). */
aw_rc chk_use_layout(chk *c, const lay_layout *L);
/* V rules on every field of the current record; ok[i] = 1 when field i is clean.  Returns
 * the number of fields with a finding. */
unsigned chk_fields(chk *c, unsigned char *ok);
/* The layout's published constraints on the current record (V8, V9). */
unsigned chk_conds(chk *c, unsigned char *ok);

/* ---- outcome.c */
/* The findings sink's receiver (finding.h): a finding on the current record. */
int chk_receive(void *ud, rule_id rule, const lay_field *f, unsigned col, const char *code, const char *msg);
/* A file-level finding: found on `line`, reported on the 01. */
void chk_emit01(chk *c, rule_id rule, unsigned long line, const lay_field *f, const char *code,
                const char *fmt, ...) ATTR_PRINTF(6, 7);
/* The outcome of the current record and its event to the sinks (ri: what the R rules found
 * out, refrules.h). */
typedef struct rr_info rr_info;
void chk_finish_record(chk *c, const rec04 *p, const rr_info *ri, int trusted04);
/* The file's verdict and the 01's final codes into out. */
void chk_verdict(chk *c, aw_summary *out);

#endif
