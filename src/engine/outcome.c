/* SPDX-License-Identifier: MIT */
/* outcome.c — what becomes of a record in the check pass (pass.h): each finding's code
 * collected in AW320 order (doc/outputs.md) and its event handed to the sinks, then the
 * record's outcome, retourcodes and amounts, and at the end the file's verdict and the 01's
 * codes. */
#include "pass.h"
#include "ctx.h"
#include "refrules.h"
#include "nls.h"
#include <stdio.h>
#include <string.h>

/* ---- code collection and ordering (doc/outputs.md) */

static unsigned code_key(rule_id rule, const lay_field *f)
{
    /* S rules, then the field rules (V1-V6, V8, V9) by field position, then V7, I, R, T, H */
    if ((rule >= RULE_V1 && rule <= RULE_V6) || rule == RULE_V8 || rule == RULE_V9)
        return (unsigned)RULE_V1 * 1024u + (f ? f->pos : 0);
    if (rule > RULE_V6) return (unsigned)rule * 1024u + 512u;
    return (unsigned)rule * 1024u;
}

static void acc_add(codeacc *a, unsigned key, aw_severity sev, const char *code)
{
    for (int i = 0; i < a->n; i++)
        if (!memcmp(a->e[i].code, code, 5)) {
            if (sev > a->e[i].sev) a->e[i].sev = (unsigned char)sev;
            if (key < a->e[i].key) a->e[i].key = key;
            return;
        }
    if (a->n == MAX_CODES) return;
    a->e[a->n].key = key;
    a->e[a->n].sev = (unsigned char)sev;
    memcpy(a->e[a->n].code, code, 5);
    a->n++;
}

/* Append the codes of a with severity sev, in rule order, to out (at most 3 in total). */
static void acc_take(const codeacc *a, aw_severity sev, char out[3][5], int *n)
{
    unsigned done = 0;
    for (;;) {
        int best = -1;
        for (int i = 0; i < a->n; i++) {
            if (a->e[i].sev != sev || (i < 32 && (done >> i & 1))) continue;
            if (best < 0 || a->e[i].key < a->e[best].key) best = i;
        }
        if (best < 0 || *n == 3) return;
        if (best < 32) done |= 1u << best;
        int dup = 0;
        for (int j = 0; j < *n; j++) dup |= !memcmp(out[j], a->e[best].code, 5);
        if (!dup) memcpy(out[(*n)++], a->e[best].code, 5);
        if (best >= 32) return; /* beyond the tracked set: never more than 32 kept in order */
    }
}

static void put_code(char out[3][5], int *n, const char *code)
{
    if (*n < 3) memcpy(out[(*n)++], code, 5);
}

/* ---- findings */

static aw_rc sinks_finding(chk *c, const aw_finding *f)
{
    for (size_t i = 0; i < c->nsinks; i++)
        if (c->sinks[i].finding) {
            aw_rc rc = c->sinks[i].finding(c->sinks[i].ud, f);
            if (rc) return rc;
        }
    return AW_OK;
}


/* Record one finding, its message formatted: its code for the AW320, the counts, and every
 * sink's finding callback.  to01: the code goes on the 01 (file-level).  Returns 1 when it
 * rejects. */
static int take_finding(chk *c, rule_id rule, unsigned long line, int to01, const lay_field *f,
                        unsigned col, const char *code, const char *msg)
{
    const rule_conf *rc = &c->ctx->conf[rule];
    if (rc->sev == AW_SEV_OFF) return 0;
    const char *cd = rc->code[0] ? rc->code
                     : code ? code
                     : rule_table[rule].code[0] ? rule_table[rule].code
                     : f ? f->code : "0001";
    /* V8 is a warning without a retourcode unless a controlset makes it reject */
    if (rule == RULE_V8 && rc->sev == AW_SEV_WARN && !rc->code[0]) cd = "";
    to01 |= c->to01;
    aw_finding fd;
    fd.line = line;
    fd.column = col ? col : f ? f->pos + 1u : 1u;
    memcpy(fd.record, to01 ? "01" : c->type, 3);
    fd.target_line = to01 ? 1 : c->line;
    fd.field_id = f ? f->id : NULL;
    fd.field_name = f ? f->name : NULL;
    fd.rule = rule_table[rule].id;
    size_t cl = strnlen(cd, 4);
    memcpy(fd.code, cd, cl);
    fd.code[cl] = 0;
    fd.severity = rc->sev;
    fd.message = msg;

    /* the codes of the voorlooprecord itself are its final codes, after 0001 (doc/outputs.md) */
    int on01 = to01 || (c->line == 1 && chk_is_type(c->type, "01"));
    if (fd.code[0]) acc_add(on01 ? &c->acc01 : &c->acc, code_key(rule, f), rc->sev, fd.code);
    c->sum->rule_count[rule]++;
    if (rc->sev == AW_SEV_REJECT) {
        c->sum->errors++;
        char layer = rule_table[rule].layer;
        /* technical: S and V rules, and the header rules that reject the whole file */
        if (layer == 'S' || layer == 'V' || rule == RULE_H5) c->tech = 1;
        if (!to01) c->fs.rejected++;
    } else {
        c->sum->warnings++;
    }
    /* a technical finding makes the record's values untrusted; V8 is about a value still read */
    if (!to01 && (rule_table[rule].layer == 'S' || rule_table[rule].layer == 'V') && rule != RULE_V8)
        c->cur_tech++;
    if (!c->rc) c->rc = sinks_finding(c, &fd);
    return rc->sev == AW_SEV_REJECT;
}

/* The findings sink's receiver (finding.h): a finding on the current record. */
int chk_receive(void *ud, rule_id rule, const lay_field *f, unsigned col, const char *code,
                   const char *msg)
{
    chk *c = ud;
    return take_finding(c, rule, c->line, 0, f, col, code, msg);
}

/* A file-level finding: found on `line`, reported on the 01. */
void chk_emit01(chk *c, rule_id rule, unsigned long line, const lay_field *f, const char *code,
                const char *fmt, ...)
{
    if (c->ctx->conf[rule].sev == AW_SEV_OFF) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->fs.msg, sizeof c->fs.msg, fmt, ap);
    va_end(ap);
    take_finding(c, rule, line, 1, f, 0, code, c->fs.msg);
}

/* ---- outcome of one record and its event */

static aw_rc sinks_record(chk *c, const aw_record *r)
{
    for (size_t i = 0; i < c->nsinks; i++)
        if (c->sinks[i].record) {
            aw_rc rc = c->sinks[i].record(c->sinks[i].ud, r);
            if (rc) return rc;
        }
    return AW_OK;
}

static void lv_add(aw_totals *t, const aw_record *r)
{
    t->prestaties++;
    t->ingediend += r->ingediend;
    if (r->outcome == AW_OUT_ACCEPTED) { t->accepted++; t->toegekend += r->toegekend; }
    else t->rejected++;
}

void chk_finish_record(chk *c, const rec04 *p, const rr_info *ri, int trusted04)
{
    aw_record r;
    memset(&r, 0, sizeof r);
    r.line = c->line;
    r.data = c->raw;
    r.len = c->len;
    memcpy(r.type, c->type, 3);
    r.known = c->lr != NULL;
    r.group_line = c->cur02_line;
    int is01 = chk_is_type(c->type, "01") && c->line == 1;
    if (is01 || c->to01) {
        r.outcome = AW_OUT_NONE;
    } else if (chk_is_type(c->type, "04")) {
        const char *raw = c->raw;
        /* amounts only from a record of the right length: in a shorter or longer one the bytes at
         * their places are not those fields (S10 still sums what it finds there: rule S1) */
        int whole = c->len >= 310;
        uint64_t v;
        const lay_field *f26 = F(0426), *f29 = F(0429), *f30 = F(0430);
        if (trusted04) /* parse04 has the values */
            r.ingediend = p->dc2 == 'C' ? -(int64_t)p->bedrag : (int64_t)p->bedrag;
        else {
            if (whole && fld_uint(raw + f29->pos, f29->len, &v, NULL)) r.ingediend = (int64_t)v;
            if (whole && raw[f30->pos] == 'C') r.ingediend = -r.ingediend;
        }
        if (trusted04) {
            uint64_t tarief = ri->have_tarief ? ri->tarief : p->tarief;
            uint64_t b = ri->have_tarief ? (p->aantal * tarief * p->percentage + 5000) / 10000 : p->berekend;
            r.berekend = (int64_t)(b > 99999999u ? 99999999u : b);
            r.lv = ri->lv;
            fs_bsn(&c->fs, r.bsn, p->bsn);
            memcpy(r.prestatiecode, p->prestatiecode, sizeof r.prestatiecode);
            r.begin = p->begin_ymd;
            r.end = p->end_ymd;
        } else {
            if (whole && fld_uint(raw + f26->pos, f26->len, &v, NULL)) r.berekend = (int64_t)v;
            r.lv = AW_LV_UNKNOWN;
        }
        if (c->fs.rejected) {
            r.outcome = AW_OUT_REJECTED;
            acc_take(&c->acc, AW_SEV_REJECT, r.codes, &r.ncodes);
        } else if (c->cur02_rejected) {
            r.outcome = AW_OUT_REJECTED;
            put_code(r.codes, &r.ncodes, "8002");
        } else if (c->tech) {
            r.outcome = AW_OUT_REJECTED;
            put_code(r.codes, &r.ncodes, "8096");
        } else {
            r.outcome = AW_OUT_ACCEPTED;
            r.tentative = 1;
            put_code(r.codes, &r.ncodes, "8001");
            r.toegekend = r.ingediend;
        }
        acc_take(&c->acc, AW_SEV_WARN, r.codes, &r.ncodes);
        aw_summary *s = c->sum;
        lv_add(&s->total, &r);
        lv_add(&s->by_lv[r.lv], &r);
        if (r.outcome == AW_OUT_REJECTED) s->any_rejected = 1;
    } else {
        r.outcome = c->fs.rejected ? AW_OUT_REJECTED : AW_OUT_ACCEPTED;
        acc_take(&c->acc, AW_SEV_REJECT, r.codes, &r.ncodes);
        acc_take(&c->acc, AW_SEV_WARN, r.codes, &r.ncodes);
        if (!r.ncodes) put_code(r.codes, &r.ncodes, "0200");
        if (c->fs.rejected) c->sum->any_rejected = 1;
        if (chk_is_type(c->type, "02")) c->cur02_rejected = c->fs.rejected > 0;
    }
    if (!c->rc) c->rc = sinks_record(c, &r);
}

/* The file's verdict and the final codes of its 01 (doc/outputs.md): a technical rejection
 * turns every accepted record into a rejected one. */
void chk_verdict(chk *c, aw_summary *out)
{
    out->technical = c->tech;
    if (c->tech) {
        out->any_rejected = 1;
        out->total.rejected += out->total.accepted;
        out->total.accepted = 0;
        out->total.toegekend = 0;
        for (int i = 0; i < AW_LV_COUNT; i++) {
            out->by_lv[i].rejected += out->by_lv[i].accepted;
            out->by_lv[i].accepted = 0;
            out->by_lv[i].toegekend = 0;
        }
        out->verdict = AW_VERDICT_TECHNICAL;
        put_code(out->codes01, &out->ncodes01, "0001");
        acc_take(&c->acc01, AW_SEV_REJECT, out->codes01, &out->ncodes01);
    } else {
        out->verdict = out->total.rejected == 0 ? AW_VERDICT_ACCEPTED
                       : out->total.accepted == 0 ? AW_VERDICT_REJECTED : AW_VERDICT_PARTIAL;
        put_code(out->codes01, &out->ncodes01, out->verdict == AW_VERDICT_ACCEPTED ? "8001"
                                               : out->verdict == AW_VERDICT_REJECTED ? "8073" : "0200");
        acc_take(&c->acc01, AW_SEV_REJECT, out->codes01, &out->ncodes01);
    }
    acc_take(&c->acc01, AW_SEV_WARN, out->codes01, &out->ncodes01);
}
