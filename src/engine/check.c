/* SPDX-License-Identifier: MIT */
/* check.c — the check pass (aw_check_fd): one pass over an AW319 in file order.  The
 * voorlooprecord's 0104 picks the layout (v1.3 for 03, Vektis's published v1.4 table for 04).
 * Per record: structure (S rules, here), fields (V rules, fields.c), then — only on records
 * without technical findings of their own — content (I), reference data (R), timeliness (T)
 * and history (H) in the rule modules.  Findings stream to the sinks as they are found; each
 * record's outcome and retourcodes follow its findings (outcome.c); the summary comes last. */
#include "pass.h"
#include "ctx.h"
#include "reader.h"
#include "content.h"
#include "refrules.h"
#include "history.h"
#include "nls.h"
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* The value of a field whose digits V1 has passed (every caller checks first). */
static uint64_t num(const char *raw, const lay_field *f) { return fld_num(raw + f->pos, f->len); }

static int field_ok(const chk *c, const unsigned char *ok, const char *id)
{
    const lay_field *f = lay_field_find(c->lay, id);
    if (!f || f < c->lr->fields || f >= c->lr->fields + c->lr->nfields) return 0;
    return ok[f - c->lr->fields];
}


/* A rule module failed (out of memory, a ledger error; its message is on the context): the
 * first failure stops the pass. */
static void keep(chk *c, aw_rc rc)
{
    if (rc && !c->rc) c->rc = rc;
}

/* ---- per record type */

static void do01(chk *c, const unsigned char *ok)
{
    const char *r = c->raw;
    hdr01 *h = &c->hdr;
    h->present = 1;
    if ((h->uzovi_ok = field_ok(c, ok, "0108"))) fld_trim(h->uzovi, sizeof h->uzovi, r + F(0108)->pos, 4);
    if ((h->instelling_ok = field_ok(c, ok, "0112"))) {
        fld_trim(h->instelling, sizeof h->instelling, r + F(0112)->pos, 8);
        h->instelling_num = (uint32_t)num(r, F(0112));
    }
    int b_ok = field_ok(c, ok, "0114"), e_ok = field_ok(c, ok, "0115");
    if (b_ok) date_parse8(r + F(0114)->pos, &h->period_begin);
    if (e_ok) date_parse8(r + F(0115)->pos, &h->period_end);
    if ((h->factuur_ok = field_ok(c, ok, "0116"))) fld_trim(h->factuur, sizeof h->factuur, r + F(0116)->pos, 12);
    if ((h->dagtekening_ok = field_ok(c, ok, "0117"))) date_parse8(r + F(0117)->pos, &h->dagtekening);
    /* RULE: V7 — declaratieperiode reversed or spanning two calendar years */
    if (b_ok && e_ok) {
        int by, bm, bd, ey, em, ed;
        date_civil(h->period_begin, &by, &bm, &bd);
        date_civil(h->period_end, &ey, &em, &ed);
        if (h->period_begin > h->period_end)
            fs_emit(&c->fs, RULE_V7, F(0114), 0, NULL, _("declaratieperiode begins %08ld after it ends %08ld"),
                     date_ymd(by, bm, bd), date_ymd(ey, em, ed));
        else if (by != ey)
            fs_emit(&c->fs, RULE_V7, F(0115), 0, NULL, _("declaratieperiode %08ld-%08ld spans two calendar years"),
                     date_ymd(by, bm, bd), date_ymd(ey, em, ed));
        else
            h->period_ok = 1;
    }
}

/* Day number of a CCYYMMDD that V3 has found a calendar date. */
static long ymd_days(long ymd) { return date_days((int)(ymd / 10000), (int)(ymd / 100 % 100), (int)(ymd % 100)); }

/* Parse a trusted 310-byte 04 into *p. */
static void parse04(chk *c, rec04 *p)
{
    const char *r = c->raw;
    memset(p, 0, sizeof *p);
    p->line = c->line;
    p->raw = r;
    memcpy(p->bsn, r + F(0403)->pos, 9);
    p->bsn_num = (uint32_t)num(r, F(0403));
    fld_trim(p->prestatiecode, sizeof p->prestatiecode, r + F(0417)->pos, 5);
    p->functie = (unsigned)num(r, F(0412));
    p->zzp = (unsigned)num(r, F(0413));
    p->begin_ymd = (long)num(r, F(0414)); /* the digits are CCYYMMDD already (valid: V3) */
    p->end_ymd = (long)num(r, F(0415));
    p->begin = ymd_days(p->begin_ymd);
    p->end = ymd_days(p->end_ymd);
    p->aantal = (unsigned)num(r, F(0418));
    p->eenheid = (unsigned)num(r, F(0419));
    p->percentage = (unsigned)num(r, F(0424));
    if (!p->percentage) p->percentage = 10000; /* 00000: no verrekening, 100 % (the published value) */
    p->tarief = num(r, F(0425));
    p->berekend = num(r, F(0426));
    p->dc = r[F(0427)->pos];
    p->btw = (unsigned)num(r, F(0428));
    p->bedrag = num(r, F(0429));
    p->dc2 = r[F(0430)->pos];
    fld_trim(p->ref, sizeof p->ref, r + F(0431)->pos, 20);
    fld_trim(p->prevref, sizeof p->prevref, r + F(0432)->pos, 20);
}

/* S9 and S10 on the 99 (reported on the 01). */
static void do99(chk *c, const unsigned char *ok)
{
    static const struct { const char *id; const char *code; int which; } counts[] = {
        {"9902", "0151", 0}, {"9903", "0157", 1}, {"9904", "0158", 2}, {"9905", "0153", 3},
        {"9906", "0156", 4}};
    unsigned long real[5] = {c->cnt02, c->cnt03, c->cnt04, c->cnt98,
                             c->cnt02 + c->cnt03 + c->cnt04 + c->cnt98};
    static const char *const what[5] = {N_("02 verzekerdenrecords"), N_("03 debiteurrecords"),
                                        N_("04 prestatierecords"), N_("98 commentaarrecords"),
                                        N_("detail records (02, 03, 04, 98)")};
    for (int i = 0; i < 5; i++) { /* RULE: S9 */
        const lay_field *f = lay_field_find(c->lay, counts[i].id);
        if (!field_ok(c, ok, f->id)) continue;
        uint64_t v = num(c->raw, f);
        if (v != real[i])
            fs_emit(&c->fs, RULE_S9, f, 0, counts[i].code, _("sluitrecord says %llu %s, the file has %lu"),
                     (unsigned long long)v, _(what[i]), real[i]);
    }
    /* RULE: S10 */
    const lay_field *ft = F(9907), *fs = F(9908);
    if (c->sum_ok && field_ok(c, ok, "9907") && field_ok(c, ok, "9908")) {
        int64_t v = (int64_t)num(c->raw, ft);
        if (c->raw[fs->pos] == 'C') v = -v;
        if (v != c->sum0429) {
            char a[48], b[48];
            aw_format_euro(a, sizeof a, v);
            aw_format_euro(b, sizeof b, c->sum0429);
            fs_emit(&c->fs, RULE_S10, ft, 0, NULL,
                     _("totaal declaratiebedrag %s differs from the sum of the 04 records %s"), a, b);
        }
    }
}

/* Looks like UTF-8: valid multi-byte sequences whose character count is 310. */
static int utf8_extra(const char *p, size_t n)
{
    size_t extra = 0, i = 0;
    int multi = 0;
    while (i < n) {
        unsigned char b = (unsigned char)p[i];
        size_t k = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 && b >= 0xC2 ? 1 : (b & 0xF0) == 0xE0 ? 2
                 : (b & 0xF8) == 0xF0 && b <= 0xF4 ? 3 : 99;
        if (k == 99 || i + k >= n + (k ? 0 : 1)) return -1;
        for (size_t j = 1; j <= k; j++)
            if (((unsigned char)p[i + j] & 0xC0) != 0x80) return -1;
        if (k) multi = 1;
        extra += k;
        i += k + 1;
    }
    return multi ? (int)extra : -1;
}


/* One record: every rule and outcome for it. */
static void do_record(chk *c, const rd_line *ln)
{
    unsigned char ok[64];
    unsigned badfields = 0;
    c->line = ln->lineno;
    c->raw = ln->p;
    c->len = ln->len;
    c->type[0] = ln->kept > 0 ? ln->p[0] : '?';
    c->type[1] = ln->kept > 1 ? ln->p[1] : '?';
    c->type[2] = 0;
    c->lr = lay_record_find(c->lay, c->type);
    c->ri = c->lr ? (unsigned)(c->lr - c->lay->records) : 0;
    c->fs.rejected = c->cur_tech = 0;
    c->acc.n = 0;
    c->to01 = c->lr && chk_is_type(c->type, "99");
    int first = ln->lineno == 1;

    /* RULE: S2 — collected, reported once on the 01 at the end */
    if (ln->end != RD_END_CRLF) {
        if (!c->s2_count++) c->s2_first = ln->lineno;
    }

    /* counts for the sluitrecord: by type, also for records of the wrong length */
    if (c->lr && !c->seen99) {
        if (chk_is_type(c->type, "02")) c->cnt02++;
        else if (chk_is_type(c->type, "03")) c->cnt03++;
        else if (chk_is_type(c->type, "04")) c->cnt04++;
        else if (chk_is_type(c->type, "98")) c->cnt98++;
    }

    /* Warm the cache lines of the I10/I12 indexes and the BSN's toewijzingen while the record's
     * fields are checked: the one speed trick here that pays, about 15 % of a whole run
     * (bench/run.sh --one-core, 2026-12-06; transparent huge pages bought 3 % and were removed) */
    if (ln->len == 310 && chk_is_type(c->type, "04")) {
        uint64_t b = 0;
        fld_uint(c->raw + 14, 9, &b, NULL);
        keys_prefetch(c->keys, c->raw + F(0431)->pos, (uint32_t)b, c->raw + F(0417)->pos);
        if (c->ctx->ref) ref_prefetch(c->ctx->ref, (uint32_t)b);
    }

    /* 0429/0430 of every 04 for S10, when the record is long enough to hold them */
    if (chk_is_type(c->type, "04") && !c->seen99) {
        const lay_field *f29 = F(0429), *f30 = F(0430);
        uint64_t v;
        if (ln->kept > f30->pos && fld_uint(c->raw + f29->pos, f29->len, &v, NULL) &&
            (c->raw[f30->pos] == 'D' || c->raw[f30->pos] == 'C'))
            c->sum0429 += c->raw[f30->pos] == 'C' ? -(int64_t)v : (int64_t)v;
        else
            c->sum_ok = 0;
    }

    /* RULE: S4 — a 04 before any 02 gets only this code */
    if (chk_is_type(c->type, "04") && !c->have02) {
        fs_emit(&c->fs, RULE_S4, NULL, 1, NULL, _("prestatierecord 04 before any verzekerdenrecord 02"));
        chk_finish_record(c, NULL, NULL, 0);
        return;
    }

    if (ln->len != 310) { /* RULE: S1 */
        int x = ln->len > 310 && ln->len == ln->kept ? utf8_extra(c->raw, ln->len) : -1;
        if (x > 0 && ln->len - (size_t)x == 310)
            fs_emit(&c->fs, RULE_S1, NULL, 1, NULL,
                     P_("record is %zu bytes, expected 310: it looks like UTF-8 (%d extra byte); "
                        "EI files are ISO-8859-1",
                        "record is %zu bytes, expected 310: it looks like UTF-8 (%d extra bytes); "
                        "EI files are ISO-8859-1", (unsigned long)x), ln->len, x);
        else if (ln->len > 310 && ln->kept > 310 && c->raw[310] == '\r')
            fs_emit(&c->fs, RULE_S1, NULL, 1, NULL,
                     _("record is %zu bytes, expected 310: the lines seem to end in CR alone "
                       "(EI files need CR LF)"), ln->len);
        else
            fs_emit(&c->fs, RULE_S1, NULL, 1, NULL, _("record is %zu bytes, expected 310"),
                     ln->len);
    }
    if (!c->lr) { /* RULE: S3 */
        char q[16];
        size_t o = 0;
        for (size_t i = 0; i < 2 && i < ln->kept; i++) {
            unsigned char b = (unsigned char)c->raw[i];
            if (b >= 0x20 && b < 0x7f) q[o++] = (char)b;
            else o += (size_t)snprintf(q + o, sizeof q - o, "\\x%02X", b);
        }
        q[o] = 0;
        fs_emit(&c->fs, RULE_S3, NULL, 1, NULL, _("unknown record type '%s' (expected 01, 02, 03, 04, 98 or 99)"), q);
    }
    /* RULE: S4 — order */
    if (c->seen99) {
        c->to01 = 0; /* a record after the 99 carries its own code */
        fs_emit(&c->fs, RULE_S4, NULL, 1, NULL, _("record after the sluitrecord 99"));
    } else if (chk_is_type(c->type, "01") && !first) {
        fs_emit(&c->fs, RULE_S4, NULL, 1, NULL, _("second voorlooprecord 01 (first on line 1)"));
    }
    if (chk_is_type(c->type, "03")) /* RULE: S7 */
        fs_emit(&c->fs, RULE_S7, NULL, 1, NULL, _("debiteurrecord 03 is not allowed in a declaration to a zorgkantoor"));

    int detail = c->lr && !chk_is_type(c->type, "01") && !chk_is_type(c->type, "99");
    if (ln->len == 310 && c->lr) {
        /* RULE: S8 — identificatie detailrecord ascending */
        if (detail) {
            const lay_field *fid = &c->lr->fields[1];
            uint64_t id;
            if (fld_uint(c->raw + fid->pos, fid->len, &id, NULL) && id) {
                if (c->have_last_id && id <= c->last_id)
                    fs_emit(&c->fs, RULE_S8, fid, 0, NULL,
                             _("identificatie detailrecord %llu is not greater than the previous %llu"),
                             (unsigned long long)id, (unsigned long long)c->last_id);
                c->last_id = id;
                c->have_last_id = 1;
            }
        }
        if (chk_is_type(c->type, "01") && first) {
            const lay_field *f2 = F(0102), *f3 = F(0103), *f4 = F(0104);
            uint64_t v;
            if (fld_uint(c->raw + f2->pos, 3, &v, NULL) && v != 187) /* RULE: S5 */
                fs_emit(&c->fs, RULE_S5, f2, 0, NULL, v == 428 || v == 430
                         ? _("'%03llu' is an AW319 for a zorgverzekeraar (%s), not a Wlz declaration (187): "
                             "send it to the zorgverzekeraar, not to the zorgkantoor")
                         : _("'%03llu' is not 187 (AW319)"), (unsigned long long)v,
                         v == 428 ? "wijkverpleging, eerstelijnsverblijf" : "zintuiglijk gehandicaptenzorg");
            if (fld_uint(c->raw + f3->pos, 2, &v, NULL) && v != 1) /* RULE: S6 */
                fs_emit(&c->fs, RULE_S6, f3, 0, "0011", _("versienummer '%02llu' is not 01"), (unsigned long long)v);
            if (fld_uint(c->raw + f4->pos, 2, &v, NULL) && !lay_aw319_version((unsigned)v))
                fs_emit(&c->fs, RULE_S6, f4, 0, "8027", _("subversienummer '%02llu' is not 03 or 04"),
                         (unsigned long long)v);
        }
        badfields = chk_fields(c, ok);
        if (c->ncond) badfields += chk_conds(c, ok);
    }

    /* content layers, only on records without technical findings of their own and with every
     * field well-formed */
    int trusted = ln->len == 310 && c->lr && !c->cur_tech && !badfields;
    rec04 p;
    rr_info ri = {AW_LV_UNKNOWN, 0, 0};
    int t04 = 0;
    if (chk_is_type(c->type, "01") && first && ln->len == 310) {
        do01(c, ok);
        if (trusted && !c->cur_tech && c->ctx->ledger) keep(c, h_check01(c->ctx->ledger, &c->fs));
    } else if (chk_is_type(c->type, "02") && c->lr) {
        c->have02 = 1;
        c->cur02_line = c->line;
        c->cur02_bsn[0] = 0;
        if (trusted) {
            memcpy(c->cur02_bsn, c->raw + F(0203)->pos, 9);
            c->cur02_bsn[9] = 0;
            ci_check02(&c->fs, c->raw, c->cur02_bsn);
        }
    } else if (chk_is_type(c->type, "04") && trusted) {
        parse04(c, &p);
        keep(c, ci_check04(&c->fs, &p, c->cur02_bsn[0] ? c->cur02_bsn : NULL, c->keys));
        if (c->ctx->ref) keep(c, rr_check04(c->ctx->ref, &c->fs, &p, &ri));
        ci_timeliness(&c->fs, &p);
        if (c->ctx->ledger) keep(c, h_check04(c->ctx->ledger, &c->fs, &p, c->keys));
        t04 = 1;
    } else if (chk_is_type(c->type, "99") && !c->seen99 && ln->len == 310) {
        do99(c, ok);
    }
    if (chk_is_type(c->type, "99") && c->lr) c->seen99 = 1;
    chk_finish_record(c, &p, &ri, t04);
}

/* The 0104 of the voorlooprecord picks the layout of its version; an unknown or unreadable
 * subversion keeps v1.3's (S6 reports it). */
static aw_rc use_version(chk *c, const char *sub2)
{
    uint64_t v;
    const lay_layout *L = fld_uint(sub2, 2, &v, NULL) ? lay_aw319_version((unsigned)v) : NULL;
    return L && L != c->lay ? chk_use_layout(c, L) : AW_OK;
}

/* ---- the pass */

static void summary_header(chk *c, aw_summary *s)
{
    const hdr01 *h = &c->hdr;
    if (h->uzovi_ok) snprintf(s->uzovi, sizeof s->uzovi, "%s", h->uzovi);
    if (h->instelling_ok) snprintf(s->instelling, sizeof s->instelling, "%s", h->instelling);
    if (h->factuur_ok) snprintf(s->factuurnummer, sizeof s->factuurnummer, "%s", h->factuur);
    if (h->period_begin) s->period_begin = date_days_to_ymd(h->period_begin);
    if (h->period_end) s->period_end = date_days_to_ymd(h->period_end);
    if (h->dagtekening_ok) s->dagtekening = date_days_to_ymd(h->dagtekening);
    long sub = fs_submission_days(&c->fs);
    s->submission_date = sub >= 0 ? date_days_to_ymd(sub) : 0;
}

aw_rc aw_check_fd(aw_ctx *ctx, int fd, const char *name, const aw_sink *sinks, size_t nsinks,
                  aw_summary *out)
{
    chk *c = mem_calloc(1, sizeof *c);
    sha_state *sha = mem_malloc(sizeof *sha);
    rd_reader *rd = NULL;
    aw_rc rc = AW_OK;
    memset(out, 0, sizeof *out);
    err_clear(ctx);
    /* a regular file is hashed by a helper thread; anything else inline by the reader */
    sha_job *job = c && sha ? sha_job_start(fd) : NULL;
    if (!c || !sha || !(c->keys = keys_new()) || !(rd = rd_new(ctx, fd, name, job ? NULL : sha))) {
        rc = err_set(ctx, AW_ENOMEM, _("out of memory"));
        goto done;
    }
    sha_init(sha);
    c->ctx = c->fs.ctx = ctx;
    c->fs.hdr = &c->hdr;
    c->fs.receive = chk_receive;
    c->fs.ud = c;
    c->sinks = sinks;
    c->nsinks = nsinks;
    c->name = name;
    if ((rc = chk_use_layout(c, lay_aw319_version(3)))) goto done; /* until the 01 says */
    c->sum = out;
    c->sum_ok = 1;
    out->name = name;
    out->run_date = ctx->run_date;
    out->controlset = ctx->controlset_id;
    out->have_koppeltabel = ctx->ref && ref_have_koppeltabel(ctx->ref);
    struct stat st; /* a regular file tells how many 04s there can be: size the key sets */
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        keys_reserve(c->keys, (uint64_t)st.st_size / 624 + 1024) < 0) {
        rc = err_set(ctx, AW_ENOMEM, _("out of memory"));
        goto done;
    }
    if (ctx->ref && (rc = ref_file_begin(ctx->ref))) goto done;
    if (ctx->ledger) h_file_begin(ctx->ledger);

    rd_line ln;
    int r;
    while ((r = rd_next(rd, &ln)) == 1) {
        if (ln.lineno == 1 && !(ln.kept >= 2 && ln.p[0] == '0' && ln.p[1] == '1')) {
            c->line = 1;
            c->type[0] = ln.kept > 0 ? ln.p[0] : '?';
            c->type[1] = ln.kept > 1 ? ln.p[1] : '?';
            c->type[2] = 0;
            fs_emit(&c->fs, RULE_S4, NULL, 1, NULL, _("the file does not start with a voorlooprecord 01: nothing checked"));
            rc = c->rc ? c->rc : err_set(ctx, AW_ENOHEADER, _("%s: no voorlooprecord 01 on line 1"), name);
            goto done;
        }
        if (ln.lineno == 1 && ln.len != 310 && ln.kept >= 5 && fld_digits(ln.p + 2, 3) &&
            memcmp(ln.p + 2, "187", 3)) {
            /* RULE: S5 — another EI message (an AW320 most often): one finding, not one per record */
            c->line = 1;
            memcpy(c->type, "01", 3);
            if (!memcmp(ln.p + 2, "188", 3))
                fs_emit(&c->fs, RULE_S5, F(0102), 0, NULL, _("this is an AW320 return file (the zorgkantoor's answer, "
                           "%zu-byte records), not an AW319 declaration: check the AW319 you sent instead"), ln.len);
            else
                fs_emit(&c->fs, RULE_S5, F(0102), 0, NULL, _("this is not an AW319 declaration: the voorlooprecord "
                           "names EI message '%.3s' and is %zu bytes long (an AW319 has 187 and 310 bytes)"), ln.p + 2, ln.len);
            rc = c->rc ? c->rc : err_set(ctx, AW_ENOHEADER, _("%s: not an AW319 (EI message %.3s)"), name, ln.p + 2);
            goto done;
        }
        if (ln.lineno == 1 && ln.kept >= 9 && (rc = use_version(c, ln.p + 7)))
            goto done;
        if (ln.len == 0) { /* RULE: S2 — an empty line is no record */
            if (!c->s2_count++) c->s2_first = ln.lineno;
            continue;
        }
        c->last_line = ln.lineno;
        out->records++;
        do_record(c, &ln);
        if (c->rc) { rc = c->rc; goto done; }
    }
    if (r < 0) {
        rc = ctx->err; /* rd_next said why */
        goto done;
    }
    if (c->last_line == 0) {
        c->line = 1;
        memcpy(c->type, "01", 3);
        fs_emit(&c->fs, RULE_S4, NULL, 1, NULL, _("the file is empty: no voorlooprecord 01"));
        rc = c->rc ? c->rc : err_set(ctx, AW_ENOHEADER, _("%s: empty file"), name);
        goto done;
    }

    /* file-level findings detected at the end, reported on the 01 */
    c->to01 = 1;
    if (c->s2_count)
        chk_emit01(c, RULE_S2, c->s2_first, NULL, NULL,
               P_("%lu line not ended by CR LF (empty line, bare LF or bytes after the last CR LF); first on line %lu",
                  "%lu lines not ended by CR LF (empty line, bare LF or bytes after the last CR LF); first on line %lu",
                  c->s2_count), c->s2_count, c->s2_first);
    if (!c->seen99)
        chk_emit01(c, RULE_S4, c->last_line, NULL, NULL, _("sluitrecord 99 missing at the end of the file"));

    chk_verdict(c, out);
    if (!job) {
        sha_hex(sha, out->sha256);
    } else {
        int jr = sha_job_finish(job, rd_bytes(rd), out->sha256);
        job = NULL;
        if (jr) {
            rc = err_set(ctx, AW_EIO, _("%s: the file changed or could not be read while it was checked"), name);
            goto done;
        }
    }
    summary_header(c, out);
    for (size_t i = 0; i < nsinks && !rc; i++)
        if (sinks[i].end) rc = sinks[i].end(sinks[i].ud, out);
    if (!rc && c->rc) rc = c->rc;

done:
    if (job) sha_job_finish(job, -1, NULL);
    if (c) keys_free(c->keys);
    rd_free(rd);
    mem_free(sha);
    mem_free(c);
    return rc;
}
