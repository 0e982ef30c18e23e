/* SPDX-License-Identifier: MIT */
/* ctx.h — the check context's insides (ctx.c) and the library's one error convention
 * (error.c): every fallible function returns an aw_rc and leaves its message on the context;
 * every public entry point clears it first. */
#ifndef AW_CTX_H
#define AW_CTX_H

#include "rule.h"

/* The context (aw_ctx of aw319.h): options, loaded data and the error state. */
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

/* ---- errors on the context (SQLite style: sticky first message). */
aw_rc aw_set_error(aw_ctx *ctx, aw_rc rc, const char *fmt, ...) AW_PRINTF(3, 4);
void aw_clear_error(aw_ctx *ctx);


#endif
