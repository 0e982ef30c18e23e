/* SPDX-License-Identifier: MIT */
/* ctx.h — the check context's insides (ctx.c): options, the data loaded into it and the error
 * state of the error convention (error.h).  Only the files that own a part of it include this;
 * the rule modules do not (they get what they need through the findings sink). */
#ifndef AW_CTX_H
#define AW_CTX_H

#include "rule.h"
#include "error.h"

/* The context (aw_ctx of aw319.h): options, loaded data and the error state. */
typedef struct ref_store ref_store; /* reference data (refdata.c) */
typedef struct h_ledger h_ledger;   /* history ledger (history.c) */
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
    ref_store *ref;            /* NULL without reference data */
    h_ledger *ledger;          /* NULL without --ledger */
};

#endif
