/* SPDX-License-Identifier: MIT */
/* ctx.h — the check context's insides (ctx.c) and the library's one error convention
 * (error.c): every fallible function returns an aw_rc and leaves its message on the context;
 * every public entry point clears it first. */
#ifndef AW_CTX_H
#define AW_CTX_H

#include "rule.h"

/* The context (aw_ctx of aw319.h): options, loaded data and the error state. */
typedef struct ref_store ref_store;        /* reference data (refdata.c) */
typedef struct h_ledger h_ledger;  /* history ledger (history.c) */
struct aw_ctx {
    aw_rc err;
    char errmsg[1024];
    long submission_date;      /* CCYYMMDD or 0 */
    long run_date;             /* CCYYMMDD or 0 */
    int mask_bsn;
    rule_conf conf[RULE_COUNT];
    char controlset_id[64];
    char *datadir;
    char *aw33_schema_dir;
    ref_store *ref;               /* NULL without reference data */
    h_ledger *ledger;         /* NULL without --ledger */
};

/* ---- errors on the context (SQLite style: sticky first message). */
aw_rc err_set(aw_ctx *ctx, aw_rc rc, const char *fmt, ...) ATTR_PRINTF(3, 4);
void err_clear(aw_ctx *ctx);


#endif
