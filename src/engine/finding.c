/* SPDX-License-Identifier: MIT */
/* finding.c — the findings sink the rule modules report through (finding.h). */
#include "finding.h"
#include "ctx.h"
#include <stdio.h>
#include <string.h>

int fs_emit(fsink *s, rule_id rule, const lay_field *f, unsigned col, const char *code,
            const char *fmt, ...)
{
    if (s->ctx->conf[rule].sev == AW_SEV_OFF) return 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->msg, sizeof s->msg, fmt, ap);
    va_end(ap);
    return s->receive(s->ud, rule, f, col, code, s->msg);
}

const lay_field *fs_field(const fsink *s, const char *id) { return lay_field_find(s->lay, id); }

const char *fs_bsn(const fsink *s, char dst[10], const char *bsn9)
{
    size_t n = strnlen(bsn9, 9);
    if (s->ctx->mask_bsn && n == 9) aw_mask_bsn(dst, bsn9);
    else { memcpy(dst, bsn9, n); dst[n] = 0; } /* per 04: no printf in the hot path */
    return dst;
}

const rule_conf *fs_conf(const fsink *s, rule_id r) { return &s->ctx->conf[r]; }

long fs_submission_days(const fsink *s)
{
    if (s->ctx->submission_date) return date_ymd_to_days(s->ctx->submission_date);
    return s->hdr->dagtekening_ok ? s->hdr->dagtekening : -1;
}
