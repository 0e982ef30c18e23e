/* SPDX-License-Identifier: MIT */
/* history.c — rules H1-H5 (doc/rules.md): the file being checked against the granted prestaties
 * and the invoices of the history ledger, opened read-only by aw319check --ledger.
 *
 * Every lookup is a statement prepared once when the ledger is opened and answered from a
 * partial index (ledger.c), so a record costs one or two index probes (H4: one for the debets
 * begun in an earlier month, one per month its period reaches, usually one).  Rules that need
 * "earlier in this file" use the engine's key sets (keys_ref_is_debet, H2) and a small
 * per-file set of the debets credited so far (H3, H4), reset by h_file_begin. */
#include "history.h"
#include "ctx.h"             /* aw_ctx_open_ledger sets the context's ledger */
#include "hidx.h"
#include "ledger.h"
#include "nls.h"
#include <string.h>

#define CRED_MAX (1u << 22)            /* credits remembered per file (20 bytes each) */

struct h_ledger {
    ledger *lg;
    sqlite3_stmt *ref;                 /* H1: granted prestatie with (instelling, 0431) */
    sqlite3_stmt *debet;               /* H2: granted debet with (instelling, 0431) */
    sqlite3_stmt *credit;              /* H3: granted credit of (instelling, 0432) */
    sqlite3_stmt *overlap;             /* H4: granted, uncredited debets of (BSN, code) that
                                        * began in a month and share a day with a period */
    sqlite3_stmt *overlap_span;        /* H4: those begun before a month, reaching into it */
    sqlite3_stmt *invoice;             /* H5: file with (instelling, 0116) */
    /* per file: 0432 of the credits without reject findings so far, space-padded, in the
     * order they came, with a hash index (hidx.h) over them */
    char (*cred)[20];
    uint32_t ncred, ccred;
    hidx credidx;
};

/* ---- the per-file set of credited debets */

static uint32_t cred_tag(const char ref[20])
{
    uint64_t a, b;
    uint32_t c;
    memcpy(&a, ref, 8);
    memcpy(&b, ref + 8, 8);
    memcpy(&c, ref + 16, 4);
    return hidx_mix64(a ^ hidx_mix64(b ^ c) * 0x9E3779B97F4A7C15ull);
}

static void pad20(char dst[20], const char *ref)
{
    size_t n = strlen(ref);
    if (n > 20) n = 20;
    memcpy(dst, ref, n);
    memset(dst + n, ' ', 20 - n);
}

/* The slot of k in the index, or the empty slot where it goes. */
static uint32_t cred_slot(const h_ledger *l, const char k[20], uint32_t tag)
{
    uint32_t h = hidx_find(&l->credidx, tag);
    while (hidx_found(&l->credidx, h) && memcmp(l->cred[hidx_entry(&l->credidx, h)], k, 20))
        h = hidx_next(&l->credidx, tag, h);
    return h;
}

static int cred_has(const h_ledger *l, const char *ref)
{
    if (!l->ncred) return 0;
    char k[20];
    pad20(k, ref);
    return hidx_found(&l->credidx, cred_slot(l, k, cred_tag(k)));
}

/* Remember ref as credited in this file.  AW_ENOMEM when out of memory or over the cap. */
static aw_rc cred_add(h_ledger *l, aw_ctx *ctx, const char *ref)
{
    char k[20];
    pad20(k, ref);
    uint32_t tag = cred_tag(k);
    if (l->ncred && hidx_found(&l->credidx, cred_slot(l, k, tag))) return AW_OK;
    if (l->ncred == CRED_MAX) return err_set(ctx, AW_ENOMEM, _("more than %u credits in one file"), CRED_MAX);
    if (l->ncred == l->ccred) {
        uint32_t cap = l->ccred ? l->ccred * 2 : 16;
        char (*tab)[20] = mem_realloc(l->cred, (size_t)cap * 20);
        if (!tab) return err_set(ctx, AW_ENOMEM, _("out of memory"));
        l->cred = tab;
        l->ccred = cap;
    }
    if (hidx_reserve(&l->credidx, l->ncred + 1)) return err_set(ctx, AW_ENOMEM, _("out of memory"));
    memcpy(l->cred[l->ncred], k, 20);
    hidx_put(&l->credidx, tag, l->ncred++);
    return AW_OK;
}

/* ---- opening */

static const char *const sql[] = {
    "SELECT f.name, p.line FROM prestatie p JOIN file f ON f.id = p.file"
    " WHERE p.instelling = ?1 AND p.ref = ?2 AND p.granted = 1 LIMIT 1",
    "SELECT f.name, p.line FROM prestatie p JOIN file f ON f.id = p.file"
    " WHERE p.instelling = ?1 AND p.ref = ?2 AND p.granted = 1 AND p.dc = 'D' LIMIT 1",
    "SELECT f.name, p.line FROM prestatie p JOIN file f ON f.id = p.file"
    " WHERE p.instelling = ?1 AND p.prevref = ?2 AND p.granted = 1 AND p.dc = 'C' LIMIT 1",
    /* H4 by month of 0414 (?5, CCYYMM) from prestatie_month (schema 3; prestatie_debet
     * before), then across a month end from prestatie_span (ledger.c) */
    "SELECT p.instelling, p.ref, p.period_begin, p.period_end, f.name, p.line"
    " FROM prestatie p JOIN file f ON f.id = p.file"
    " WHERE p.period_begin / 100 = ?5 AND p.bsn = ?1 AND p.code = ?2 AND p.period_begin <= ?4"
    " AND p.period_end >= ?3 AND p.granted = 1 AND p.dc = 'D' AND NOT EXISTS (SELECT 1 FROM prestatie c"
    "  WHERE c.instelling = p.instelling AND c.prevref = p.ref AND c.granted = 1 AND c.dc = 'C')"
    " ORDER BY p.period_begin",
    "SELECT p.instelling, p.ref, p.period_begin, p.period_end, f.name, p.line"
    " FROM prestatie p JOIN file f ON f.id = p.file"
    " WHERE p.period_end > p.period_begin - p.period_begin % 100 + 99 AND p.bsn = ?1 AND p.code = ?2"
    " AND p.period_begin / 100 < ?5 AND p.period_end >= ?3 AND p.granted = 1 AND p.dc = 'D'"
    " AND NOT EXISTS (SELECT 1 FROM prestatie c"
    "  WHERE c.instelling = p.instelling AND c.prevref = p.ref AND c.granted = 1 AND c.dc = 'C')"
    " ORDER BY p.period_begin",
    "SELECT name, added FROM file WHERE instelling = ?1 AND factuur = ?2",
};

void h_free(h_ledger *l)
{
    if (!l) return;
    sqlite3_finalize(l->ref);
    sqlite3_finalize(l->debet);
    sqlite3_finalize(l->credit);
    sqlite3_finalize(l->overlap);
    sqlite3_finalize(l->overlap_span);
    sqlite3_finalize(l->invoice);
    ledger_close(l->lg);
    mem_free(l->cred);
    hidx_free(&l->credidx);
    mem_free(l);
}

aw_rc aw_ctx_open_ledger(aw_ctx *ctx, const char *path)
{
    err_clear(ctx);
    h_ledger *l = mem_calloc(1, sizeof *l);
    if (!l) return err_set(ctx, AW_ENOMEM, _("out of memory"));
    aw_rc rc = ledger_open(ctx, path, LEDGER_READONLY, &l->lg);
    if (rc) {
        mem_free(l);
        /* a missing ledger is an error, never an empty history */
        return rc == AW_ENOMEM ? rc : AW_ELEDGER;
    }
    sqlite3_stmt **st[] = {&l->ref, &l->debet, &l->credit, &l->overlap, &l->overlap_span, &l->invoice};
    for (size_t i = 0; i < sizeof st / sizeof *st; i++)
        if (sqlite3_prepare_v3(ledger_db(l->lg), sql[i], -1, SQLITE_PREPARE_PERSISTENT, st[i], NULL) !=
            SQLITE_OK) {
            rc = err_set(ctx, AW_ELEDGER, "%s: %s", path, sqlite3_errmsg(ledger_db(l->lg)));
            h_free(l);
            return rc;
        }
    /* One read transaction for the whole run: every check sees the same snapshot, and a
     * lookup does not pay the WAL lock and file checks of a transaction of its own (those
     * were two thirds of the time).  A concurrent add commits beside it (WAL). */
    if (sqlite3_exec(ledger_db(l->lg), "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        rc = err_set(ctx, AW_ELEDGER, "%s: %s", path, sqlite3_errmsg(ledger_db(l->lg)));
        h_free(l);
        return rc;
    }
    h_free(ctx->ledger);
    ctx->ledger = l;
    return AW_OK;
}

void h_file_begin(h_ledger *l)
{
    hidx_clear(&l->credidx);
    l->ncred = 0;
}

/* ---- lookups.  Each returns 1 found (row columns in the statement until reset), 0 not
 * found, -1 on a database error (set on the ctx). */

static int found(h_ledger *l, fsink *fs, sqlite3_stmt *st)
{
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) return 1;
    if (r == SQLITE_DONE) return 0;
    err_set(fs->ctx, AW_ELEDGER, "%s: %s", ledger_path(l->lg), sqlite3_errmsg(ledger_db(l->lg)));
    return -1;
}

static int by_ref(h_ledger *l, fsink *fs, sqlite3_stmt *st, uint32_t inst, const char *ref)
{
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, inst);
    sqlite3_bind_text(st, 2, ref, -1, SQLITE_TRANSIENT);
    return found(l, fs, st);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t ? t : "?";
}

/* RULE: H5 — 0116 FACTUURNUMMER used by an earlier file of this instelling */
aw_rc h_check01(h_ledger *l, fsink *fs)
{
    const hdr01 *h = fs->hdr;
    if (!h->instelling_ok || !h->factuur_ok || !h->factuur[0]) return AW_OK;
    sqlite3_stmt *st = l->invoice;
    int r = by_ref(l, fs, st, h->instelling_num, h->factuur);
    if (r < 0) return AW_ELEDGER;
    if (r > 0)
        fs_emit(fs, RULE_H5, fs_field(fs, "0116"), 0, NULL,
                 _("factuurnummer '%s' of instelling %s was used before: %s (added %s)"), h->factuur,
                 h->instelling, col_text(st, 0), col_text(st, 1));
    sqlite3_reset(st);
    return AW_OK;
}

/* H4 with one statement of l->overlap*: the first accepted, uncredited debet it finds is
 * reported (1), none found (0), a database error (-1). */
static int h4_month(h_ledger *l, fsink *fs, const rec04 *r, sqlite3_stmt *st, long month, int inst,
                    uint32_t in)
{
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, r->bsn_num);
    sqlite3_bind_text(st, 2, r->prestatiecode, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, r->begin_ymd);
    sqlite3_bind_int64(st, 4, r->end_ymd);
    sqlite3_bind_int64(st, 5, month);
    int f;
    while ((f = found(l, fs, st)) > 0) {
        const char *ref = col_text(st, 1);
        if (inst && (uint32_t)sqlite3_column_int64(st, 0) == in && cred_has(l, ref)) continue;
        char b[10];
        fs_emit(fs, RULE_H4, fs_field(fs, "0414"), 0, NULL,
                 _("debet %s %s %08ld-%08ld shares a day with accepted debet '%s' %08lld-%08lld: %s line %lld"),
                 fs_bsn(fs, b, r->bsn), r->prestatiecode, r->begin_ymd, r->end_ymd, ref,
                 (long long)sqlite3_column_int64(st, 2), (long long)sqlite3_column_int64(st, 3),
                 col_text(st, 4), (long long)sqlite3_column_int64(st, 5));
        break;
    }
    sqlite3_reset(st);
    return f;
}

aw_rc h_check04(h_ledger *l, fsink *fs, const rec04 *r, keys *k)
{
    const hdr01 *h = fs->hdr;
    int inst = h->instelling_ok;       /* H1-H3 compare within the file's instelling */
    uint32_t in = h->instelling_num;
    int f;

    /* RULE: H1 — 0431 accepted before */
    if (inst && r->ref[0]) {
        if ((f = by_ref(l, fs, l->ref, in, r->ref)) < 0) return AW_ELEDGER; /* found() said why */
        if (f)
            fs_emit(fs, RULE_H1, fs_field(fs, "0431"), 0, NULL,
                     _("referentienummer '%s' was accepted before: %s line %lld"), r->ref,
                     col_text(l->ref, 0), (long long)sqlite3_column_int64(l->ref, 1));
        sqlite3_reset(l->ref);
    }

    if (r->dc == 'C' && r->prevref[0]) {
        /* RULE: H2 — a credit whose 0432 is no accepted debet (ledger or earlier in the file) */
        if (inst && !keys_ref_is_debet(k, r->prevref)) {
            if ((f = by_ref(l, fs, l->debet, in, r->prevref)) < 0) return AW_ELEDGER;
            sqlite3_reset(l->debet);
            if (!f)
                fs_emit(fs, RULE_H2, fs_field(fs, "0432"), 0, NULL,
                         _("credit of '%s', which is no accepted debet in the ledger or earlier in this file"),
                         r->prevref);
        }
        /* RULE: H3 — the debet was credited already (earlier in this file or in the ledger) */
        if (cred_has(l, r->prevref)) {
            fs_emit(fs, RULE_H3, fs_field(fs, "0432"), 0, NULL,
                     _("debet '%s' was credited already earlier in this file"), r->prevref);
        } else if (inst) {
            if ((f = by_ref(l, fs, l->credit, in, r->prevref)) < 0) return AW_ELEDGER;
            if (f)
                fs_emit(fs, RULE_H3, fs_field(fs, "0432"), 0, NULL,
                         _("debet '%s' was credited already: %s line %lld"), r->prevref,
                         col_text(l->credit, 0), (long long)sqlite3_column_int64(l->credit, 1));
            sqlite3_reset(l->credit);
        }
    }

    /* RULE: H4 — a debet sharing a day with an accepted, uncredited debet of the same BSN and
     * prestatiecode (any instelling); a debet credited earlier in this file does not count.
     * The earliest such debet is named: those begun before the first month of the period,
     * then month by month (each in order of 0414). */
    if (r->dc == 'D' && r->begin <= r->end) {
        long m0 = r->begin_ymd / 100, m1 = r->end_ymd / 100;
        if ((f = h4_month(l, fs, r, l->overlap_span, m0, inst, in)) < 0) return AW_ELEDGER;
        for (long m = m0; !f && m <= m1; m = m % 100 == 12 ? m + 89 : m + 1)
            if ((f = h4_month(l, fs, r, l->overlap, m, inst, in)) < 0) return AW_ELEDGER;
    }

    /* the credits of this file, for H3 and H4 of later records */
    if (r->dc == 'C' && r->prevref[0] && !(fs->rejected > 0)) return cred_add(l, fs->ctx, r->prevref);
    return AW_OK;
}
