/* SPDX-License-Identifier: MIT */
/* finding.h — the findings sink (fs_): what a rule module is handed besides the record, and the
 * one way it reports.  The check pass fills it per file and per record (check.c) and receives
 * every finding through its callback (outcome.c); a rule module reads the facts here and calls
 * fs_emit, never the check pass itself, so the dependencies point one way: check pass -> rule
 * modules -> this. */
#ifndef FINDING_H
#define FINDING_H

#include "layout.h"
#include "record.h"
#include "rule.h"
#include "error.h"

/* The engine's receiver: one finding of `rule`, its message already formatted.  field may be
 * NULL; col 0 means the field's first column; code NULL means the rule's (or the field's).
 * Returns 1 when the finding counts as a reject, 0 otherwise. */
typedef int (*fs_receive)(void *ud, rule_id rule, const lay_field *field, unsigned col,
                          const char *code, const char *msg);

typedef struct fsink {
    aw_ctx *ctx;               /* the options and the error state (err_set) */
    const lay_layout *lay;     /* the layout of the file's version (chosen by its 0104) */
    const hdr01 *hdr;          /* the voorlooprecord's facts */
    int rejected;              /* reject findings on the current record so far */
    fs_receive receive;
    void *ud;
    char msg[768];             /* the message being reported */
} fsink;

/* Report a finding of `rule` on the current record (see fs_receive); nothing is formatted when
 * the rule is off.  Returns 1 when it was reported with severity reject, 0 otherwise. */
int fs_emit(fsink *s, rule_id rule, const lay_field *field, unsigned col, const char *code,
            const char *fmt, ...) ATTR_PRINTF(6, 7);
/* Field of the file's layout by id ("0403"). */
const lay_field *fs_field(const fsink *s, const char *id);
/* A BSN for a message, masked when the context asks: dst holds 10 bytes; returns dst. */
const char *fs_bsn(const fsink *s, char dst[10], const char *bsn9);
/* The configuration of a rule in force (severity, code, parameter: T1's months). */
const rule_conf *fs_conf(const fsink *s, rule_id r);
/* The submission date in days: the context's, else the 01's dagtekening; -1 when unknown. */
long fs_submission_days(const fsink *s);

#endif
