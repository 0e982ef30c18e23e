/* SPDX-License-Identifier: MIT */
/* refrules.h — the reference rules R1-R11 against the reference store (refrules.c). */
#ifndef AW_REFRULES_H
#define AW_REFRULES_H

#include "finding.h"
#include "refdata.h"

typedef struct rr_info {
    aw_lv lv;                  /* from the koppeltabel, AW_LV_UNKNOWN without */
    int have_tarief;
    uint64_t tarief;           /* the ingericht tarief in cents when have_tarief */
} rr_info;
/* R1-R11 on one trusted 04 (doc/rules.md); fills *info.  Returns AW_ENOMEM on OOM. */
aw_rc rr_check04(ref_store *r, fsink *fs, const rec04 *rec, rr_info *info);

#endif
