/* SPDX-License-Identifier: MIT */
/* ledger_report.c — what auditors and controllers ask of the history ledger: the list of
 * stored AW320s, the summary per month and leveringsvorm (with a peildatum), the
 * productieafspraak for the budget, the reproducible sample for the materiele controle, and
 * the gaps between the toewijzingen and what was granted.
 * Only data here; aw319ledger prints it (ledger_print.c).
 *
 * The summary reads the tally table (a few rows per AW320, day and prestatiecode), never the
 * prestaties, so a year of half-million-prestatie months sums in milliseconds. */
#include "ledger.h"
#include "nls.h"
#include "refdata.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static aw_rc oom(aw_ctx *ctx) { return err_set(ctx, AW_ENOMEM, _("out of memory")); }

/* The bound for "added on or before as_of": ISO text of the next day ('9' when no as_of);
 * file.added is "YYYY-MM-DDTHH:MM:SSZ", so added < bound is the test. */
static void as_of_bound(char dst[16], long as_of)
{
    if (!as_of) {
        snprintf(dst, 16, "9");
        return;
    }
    long ymd = date_days_to_ymd(date_ymd_to_days(as_of) + 1);
    snprintf(dst, 16, "%04ld-%02ld-%02ld", ymd / 10000 % 10000, ymd / 100 % 100, ymd % 100);
}

/* The leveringsvorm of a row: stored at add time, else the koppeltabel's, else unknown. */
static aw_lv row_lv(const aw_ctx *ctx, const char *stored, const char *code, long ymd)
{
    if (stored)
        for (int lv = 0; lv < AW_LV_UNKNOWN; lv++)
            if (!strcmp(stored, aw_lv_name((aw_lv)lv))) return (aw_lv)lv;
    if (code && ctx->ref && ref_have_koppeltabel(ctx->ref)) {
        long day = date_ymd_to_days(ymd);
        aw_lv lv = day >= 0 ? ref_lv(ctx->ref, code, day) : AW_LV_UNKNOWN;
        if ((unsigned)lv < AW_LV_COUNT) return lv;
    }
    return AW_LV_UNKNOWN;
}

static void cell_add(ledger_cell *c, int granted, int credit, unsigned long n, int64_t ingediend,
                     int64_t toegekend)
{
    c->ingediend_n += n;
    c->ingediend += ingediend;
    if (!granted) {
        c->afgewezen_n += n;
    } else if (credit) {
        c->credit_n += n;
        c->credit += toegekend;
    } else {
        c->toegekend_n += n;
        c->toegekend += toegekend;
    }
    if (granted) c->net += toegekend;
    c->afgewezen = c->ingediend - c->net;
}

static void cell_sum(ledger_cell *to, const ledger_cell *c)
{
    to->ingediend_n += c->ingediend_n;
    to->toegekend_n += c->toegekend_n;
    to->credit_n += c->credit_n;
    to->afgewezen_n += c->afgewezen_n;
    to->ingediend += c->ingediend;
    to->toegekend += c->toegekend;
    to->credit += c->credit;
    to->net += c->net;
    to->afgewezen = to->ingediend - to->net;
}

/* ---- summary */

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static void year_init(ledger_year *y, int year)
{
    memset(y, 0, sizeof *y);
    y->year = year;
    y->days_year = is_leap(year) ? 366 : 365;
    y->days_h1 = y->days_year - 184; /* July-December always has 184 days */
}

static void year_finish(ledger_year *y)
{
    for (int lv = 0; lv <= AW_LV_COUNT; lv++) {
        for (int m = 0; m < 12; m++) {
            cell_sum(&y->total[lv], &y->month[m][lv]);
            if (m < 6) {
                y->h1[lv] += y->month[m][lv].net;
                if (y->month[m][lv].ingediend_n) y->h1_months[lv] |= 1u << m;
            }
        }
        /* (net januari-juni) / (days januari-juni) x (days in the year) */
        y->herschikking[lv] = ledger_scale(y->h1[lv], y->days_year, y->days_h1);
    }
}

#define MAX_YEARS 200

aw_rc ledger_summary_make(aw_ctx *ctx, ledger *l, int year, long as_of, ledger_summary **out)
{
    *out = NULL;
    sqlite3 *db = ledger_db(l);
    ledger_summary *s = mem_calloc(1, sizeof *s);
    sqlite3_stmt *st = NULL;
    aw_rc rc = AW_OK;
    char bound[16];
    if (!s) return oom(ctx);
    s->as_of = as_of;
    s->have_lv = ctx->ref && ref_have_koppeltabel(ctx->ref);
    as_of_bound(bound, as_of);
    int years[MAX_YEARS], ny = 0, r;
    if (year) {
        years[ny++] = year;
    } else {
        if (sqlite3_prepare_v2(db, "SELECT DISTINCT t.begin / 10000 FROM tally t JOIN file f ON f.id = t.file"
                               " WHERE f.added < ?1 ORDER BY 1", -1, &st, NULL) != SQLITE_OK)
            goto dberr;
        sqlite3_bind_text(st, 1, bound, -1, SQLITE_STATIC);
        while ((r = sqlite3_step(st)) == SQLITE_ROW)
            if (ny < MAX_YEARS) years[ny++] = sqlite3_column_int(st, 0);
        if (r != SQLITE_DONE) goto dberr;
        sqlite3_finalize(st);
        st = NULL;
    }
    if (ny && !(s->years = mem_calloc((size_t)ny, sizeof *s->years))) {
        rc = oom(ctx);
        goto fail;
    }
    if (sqlite3_prepare_v2(db, "SELECT t.begin, t.code, t.lv, t.granted, t.dc, sum(t.n), sum(t.ingediend),"
                           " sum(t.toegekend) FROM tally t JOIN file f ON f.id = t.file"
                           " WHERE t.begin BETWEEN ?1 AND ?2 AND f.added < ?3"
                           " GROUP BY t.begin, t.code, t.lv, t.granted, t.dc", -1, &st, NULL) != SQLITE_OK)
        goto dberr;
    sqlite3_bind_text(st, 3, bound, -1, SQLITE_STATIC);
    for (int i = 0; i < ny; i++) {
        ledger_year *y = &s->years[s->nyears++];
        year_init(y, years[i]);
        sqlite3_bind_int64(st, 1, (sqlite3_int64)years[i] * 10000 + 101);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)years[i] * 10000 + 1231);
        while ((r = sqlite3_step(st)) == SQLITE_ROW) {
            long ymd = (long)sqlite3_column_int64(st, 0);
            int m = (int)(ymd / 100 % 100);
            if (m < 1 || m > 12) continue; /* cannot happen: a valid date on insert */
            const char *stored = (const char *)sqlite3_column_text(st, 2);
            aw_lv lv = row_lv(ctx, stored, (const char *)sqlite3_column_text(st, 1), ymd);
            if (lv != AW_LV_UNKNOWN) s->have_lv = 1;
            const char *dc = (const char *)sqlite3_column_text(st, 4);
            int granted = sqlite3_column_int(st, 3), credit = dc && dc[0] == 'C';
            unsigned long n = (unsigned long)sqlite3_column_int64(st, 5);
            int64_t ing = sqlite3_column_int64(st, 6), toe = sqlite3_column_int64(st, 7);
            cell_add(&y->month[m - 1][lv], granted, credit, n, ing, toe);
            cell_add(&y->month[m - 1][LEDGER_ALL], granted, credit, n, ing, toe);
        }
        if (r != SQLITE_DONE) goto dberr;
        sqlite3_reset(st);
        year_finish(y);
    }
    sqlite3_finalize(st);
    *out = s;
    return AW_OK;
dberr:
    rc = ledger_db_error(ctx, l, "summary");
fail:
    sqlite3_finalize(st);
    ledger_summary_free(s);
    return rc;
}

void ledger_summary_free(ledger_summary *s)
{
    if (!s) return;
    mem_free(s->years);
    mem_free(s);
}

/* ---- list */

static void copy_col(char *dst, size_t n, sqlite3_stmt *st, int i)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    snprintf(dst, n, "%s", t ? t : "");
}

aw_rc ledger_list(aw_ctx *ctx, ledger *l, aw_rc (*fn)(void *ud, const ledger_file *f), void *ud)
{
    sqlite3 *db = ledger_db(l);
    sqlite3_stmt *fs = NULL, *ts = NULL;
    aw_rc rc = AW_OK;
    ledger_file *f = mem_malloc(sizeof *f);
    if (!f) return oom(ctx);
    int r;
    if (sqlite3_prepare_v2(db, "SELECT id, name, coalesce(sha256, ''), added, instelling, factuur, records,"
                           " prestaties, period_begin, period_end FROM file ORDER BY id", -1, &fs, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT granted, dc, sum(n), sum(ingediend), sum(toegekend), min(begin),"
                           " max(begin) FROM tally WHERE file = ?1 GROUP BY granted, dc", -1, &ts, NULL) != SQLITE_OK)
        goto dberr;
    while ((r = sqlite3_step(fs)) == SQLITE_ROW) {
        memset(f, 0, sizeof *f);
        copy_col(f->name, sizeof f->name, fs, 1);
        copy_col(f->sha256, sizeof f->sha256, fs, 2);
        copy_col(f->added, sizeof f->added, fs, 3);
        f->instelling = (uint32_t)sqlite3_column_int64(fs, 4);
        copy_col(f->factuur, sizeof f->factuur, fs, 5);
        f->records = (unsigned long)sqlite3_column_int64(fs, 6);
        unsigned long prestaties = (unsigned long)sqlite3_column_int64(fs, 7);
        f->first_month = (long)(sqlite3_column_int64(fs, 8) / 100);
        f->last_month = (long)(sqlite3_column_int64(fs, 9) / 100);
        long lo = 0, hi = 0;
        sqlite3_bind_int64(ts, 1, sqlite3_column_int64(fs, 0));
        while ((r = sqlite3_step(ts)) == SQLITE_ROW) {
            const char *dc = (const char *)sqlite3_column_text(ts, 1);
            cell_add(&f->c, sqlite3_column_int(ts, 0), dc && dc[0] == 'C',
                     (unsigned long)sqlite3_column_int64(ts, 2), sqlite3_column_int64(ts, 3),
                     sqlite3_column_int64(ts, 4));
            long a = (long)(sqlite3_column_int64(ts, 5) / 100), b = (long)(sqlite3_column_int64(ts, 6) / 100);
            if (!lo || a < lo) lo = a;
            if (b > hi) hi = b;
        }
        sqlite3_reset(ts);
        if (r != SQLITE_DONE) goto dberr;
        /* prestaties whose period could not be read (never granted) are not in the tally */
        if (prestaties > f->c.ingediend_n) {
            f->c.afgewezen_n += prestaties - f->c.ingediend_n;
            f->c.ingediend_n = prestaties;
        }
        if (!f->first_month) { /* a technically rejected file may have no readable 01 period */
            f->first_month = lo;
            f->last_month = hi;
        }
        if ((rc = fn(ud, f))) goto out;
    }
    if (r != SQLITE_DONE) goto dberr;
    goto out;
dberr:
    rc = ledger_db_error(ctx, l, "list");
out:
    sqlite3_finalize(fs);
    sqlite3_finalize(ts);
    mem_free(f);
    return rc;
}

/* ---- the productieafspraak */

/* Euros to cents: 1234567,89  1.234.567,89  1234567.89  1234567  (an optional "€" and
 * spaces around).  With a comma, the comma is the decimal mark and dots separate thousands;
 * without, one dot followed by one or two digits is the decimal mark, other dots separate
 * thousands.  0 on success, -1 malformed. */
static int budget_amount(const char *s, int64_t *cents)
{
    while (*s == ' ') s++;
    if (!strncmp(s, "\xE2\x82\xAC", 3)) s += 3;
    while (*s == ' ') s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ') n--;
    if (!n || n > 24) return -1;
    const char *comma = memchr(s, ',', n), *dot = memchr(s, '.', n), *dec = NULL;
    if (comma) dec = comma;
    else if (dot && !memchr(dot + 1, '.', n - (size_t)(dot + 1 - s)) && (n - (size_t)(dot - s) == 2 || n - (size_t)(dot - s) == 3))
        dec = dot;
    size_t intend = dec ? (size_t)(dec - s) : n;
    char thou = dec == dot ? 0 : '.';
    int64_t v = 0;
    size_t group = 0, groups = 0;
    if (!intend) return -1;
    for (size_t i = 0; i < intend; i++) {
        if (s[i] == thou && thou) {
            if ((groups == 0 && (group == 0 || group > 3)) || (groups > 0 && group != 3)) return -1;
            groups++;
            group = 0;
            continue;
        }
        if (s[i] < '0' || s[i] > '9' || v > 100000000000LL) return -1;
        v = v * 10 + (s[i] - '0');
        group++;
    }
    if (groups && group != 3) return -1;
    int64_t c = 0;
    if (dec) {
        size_t nd = n - intend - 1;
        if (nd < 1 || nd > 2) return -1;
        for (size_t i = 0; i < nd; i++) {
            char d = dec[1 + i];
            if (d < '0' || d > '9') return -1;
            c = c * 10 + (d - '0');
        }
        if (nd == 1) c *= 10;
    }
    *cents = v * 100 + c;
    return 0;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) s[--n] = 0;
    return s;
}

aw_rc ledger_budget_load(aw_ctx *ctx, const char *path, int year, ledger_budget *b)
{
    for (int i = 0; i <= AW_LV_COUNT; i++) b->agreed[i] = -1;
    FILE *f = fopen(path, "rb");
    if (!f) return err_set(ctx, AW_EIO, "%s: %s", path, strerror(errno));
    char line[512];
    unsigned long ln = 0;
    aw_rc rc = AW_OK;
    while (fgets(line, sizeof line, f)) {
        ln++;
        char *p = line;
        if (ln == 1 && !strncmp(p, "\xEF\xBB\xBF", 3)) p += 3;
        if (!strchr(p, '\n') && !feof(f)) {
            rc = err_set(ctx, LEDGER_REFUSED, _("%s:%lu: line longer than %zu bytes"), path, ln, sizeof line - 2);
            break;
        }
        p = trim(p);
        if (!*p || *p == '#') continue;
        char *f1 = p, *f2 = strchr(f1, ';'), *f3 = f2 ? strchr(f2 + 1, ';') : NULL;
        if (!f3 || strchr(f3 + 1, ';')) {
            rc = err_set(ctx, LEDGER_REFUSED,
                              _("%s:%lu: expected three fields leveringsvorm;jaar;bedrag"), path, ln);
            break;
        }
        *f2++ = 0;
        *f3++ = 0;
        f1 = trim(f1);
        f2 = trim(f2);
        f3 = trim(f3);
        if (ln == 1 && !strcasecmp(f1, "leveringsvorm")) continue; /* the header */
        int lv = -1;
        for (int i = 0; i < AW_LV_UNKNOWN; i++)
            if (!strcasecmp(f1, aw_lv_name((aw_lv)i))) lv = i;
        uint64_t y;
        int64_t cents;
        if (lv < 0) {
            rc = err_set(ctx, LEDGER_REFUSED,
                              _("%s:%lu: leveringsvorm '%.40s' is not ZZP, VPT or MPT"), path, ln, f1);
            break;
        }
        if (strlen(f2) != 4 || !fld_uint(f2, 4, &y, NULL)) {
            rc = err_set(ctx, LEDGER_REFUSED, _("%s:%lu: jaar '%.40s' is not a year (YYYY)"), path, ln, f2);
            break;
        }
        if (budget_amount(f3, &cents)) {
            rc = err_set(ctx, LEDGER_REFUSED,
                              _("%s:%lu: bedrag '%.40s' is not an amount in euros (e.g. 1.234.567,89 or "
                                "1234567,89)"),
                              path, ln, f3);
            break;
        }
        if ((int)y != year) continue;
        if (b->agreed[lv] >= 0) {
            rc = err_set(ctx, LEDGER_REFUSED, _("%s:%lu: a second budget for %s %d"), path, ln, f1, year);
            break;
        }
        b->agreed[lv] = cents;
    }
    if (!rc && ferror(f)) rc = err_set(ctx, AW_EIO, _("%s: read error"), path);
    fclose(f);
    if (rc) return rc;
    for (int i = 0; i < AW_LV_UNKNOWN; i++)
        if (b->agreed[i] >= 0) b->agreed[LEDGER_ALL] = (b->agreed[LEDGER_ALL] < 0 ? 0 : b->agreed[LEDGER_ALL]) + b->agreed[i];
    if (b->agreed[LEDGER_ALL] < 0)
        return err_set(ctx, LEDGER_REFUSED, _("%s: no budget for %d in it"), path, year);
    return AW_OK;
}

/* ---- the sample
 *
 * The algorithm, so that an auditor can repeat it:
 *  1. The population: granted debets (0427 D) of the ledger whose 0414 falls in the month
 *     [and whose leveringsvorm is the one asked], of AW320s added on or before the peildatum,
 *     ordered by the SHA-256 of their AW320 (lowercase hex) and then their line in it.
 *     Positions are numbered 0 .. N-1.
 *  2. splitmix64 with the seed as its state: state += 0x9E3779B97F4A7C15; z = state;
 *     z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
 *     the number is z ^ (z >> 31) (all arithmetic modulo 2^64).
 *  3. A partial Fisher-Yates shuffle: for i = 0 .. k-1 (k = min(size, N)): m = N - i; draw
 *     numbers until one is >= (2^64 mod m) (so every remainder is equally likely); j = i +
 *     (number mod m); swap positions i and j.  The i-th pick is what is at position i. */

uint64_t ledger_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

#define SAMPLE_MAX_POP (1UL << 26)     /* population rows held (12 bytes each) */

aw_rc ledger_sample(aw_ctx *ctx, ledger *l, const ledger_sample_opts *o, unsigned long *population,
                    aw_rc (*fn)(void *ud, const ledger_pick *p), void *ud)
{
    sqlite3 *db = ledger_db(l);
    sqlite3_stmt *ps = NULL, *ds = NULL;
    aw_rc rc = AW_OK;
    int64_t *id = NULL;
    uint32_t *pos = NULL;
    size_t n = 0, cap = 0;
    char bound[16];
    as_of_bound(bound, o->as_of);
    *population = 0;
    const char *lvcol = ledger_schema(l) >= 2 ? "p.lv" : "NULL";
    char sql[640];
    snprintf(sql, sizeof sql,
             "SELECT p.id, p.code, p.period_begin, %s FROM prestatie p JOIN file f ON f.id = p.file"
             " WHERE p.granted = 1 AND p.dc = 'D' AND p.period_begin / 100 = ?4"
             " AND p.period_begin BETWEEN ?1 AND ?2 AND f.added < ?3" /* prestatie_month (ledger.c) */
             " ORDER BY f.sha256, p.line", lvcol);
    if (sqlite3_prepare_v2(db, sql, -1, &ps, NULL) != SQLITE_OK) goto dberr;
    sqlite3_bind_int64(ps, 1, (sqlite3_int64)o->month * 100 + 1);
    sqlite3_bind_int64(ps, 2, (sqlite3_int64)o->month * 100 + 31);
    sqlite3_bind_text(ps, 3, bound, -1, SQLITE_STATIC);
    sqlite3_bind_int64(ps, 4, (sqlite3_int64)o->month);
    int r;
    while ((r = sqlite3_step(ps)) == SQLITE_ROW) {
        if (o->lv >= 0) {
            aw_lv lv = row_lv(ctx, (const char *)sqlite3_column_text(ps, 3),
                              (const char *)sqlite3_column_text(ps, 1), (long)sqlite3_column_int64(ps, 2));
            if ((int)lv != o->lv) continue;
        }
        if (n == cap) {
            if (cap >= SAMPLE_MAX_POP) {
                rc = err_set(ctx, AW_ENOMEM, _("a population of more than %lu prestaties"), SAMPLE_MAX_POP);
                goto out;
            }
            size_t nc = cap ? cap * 2 : 1024;
            int64_t *ni = mem_realloc(id, nc * sizeof *ni);
            if (!ni) { rc = oom(ctx); goto out; }
            id = ni;
            cap = nc;
        }
        id[n++] = sqlite3_column_int64(ps, 0);
    }
    if (r != SQLITE_DONE) goto dberr;
    *population = n;
    size_t k = o->size < n ? o->size : n;
    if (n && !(pos = mem_malloc(n * sizeof *pos))) { rc = oom(ctx); goto out; }
    for (size_t i = 0; i < n; i++) pos[i] = (uint32_t)i;
    uint64_t state = o->seed;
    for (size_t i = 0; i < k; i++) {
        uint64_t m = n - i, t = (0 - m) % m, v;
        do v = ledger_splitmix64(&state); while (v < t);
        size_t j = i + (size_t)(v % m);
        uint32_t tmp = pos[i];
        pos[i] = pos[j];
        pos[j] = tmp;
    }
    snprintf(sql, sizeof sql,
             "SELECT p.bsn, p.code, p.period_begin, p.period_end, p.aantal, p.toegekend, p.line, p.ref,"
             " f.name, f.instelling, f.factuur, %s FROM prestatie p JOIN file f ON f.id = p.file WHERE p.id = ?1",
             lvcol);
    if (sqlite3_prepare_v2(db, sql, -1, &ds, NULL) != SQLITE_OK) goto dberr;
    for (size_t i = 0; i < k; i++) {
        ledger_pick p;
        memset(&p, 0, sizeof p);
        p.nr = i + 1;
        p.population = pos[i] + 1UL;
        sqlite3_bind_int64(ds, 1, id[pos[i]]);
        if ((r = sqlite3_step(ds)) != SQLITE_ROW) goto dberr;
        p.bsn = (uint32_t)sqlite3_column_int64(ds, 0);
        copy_col(p.code, sizeof p.code, ds, 1);
        p.begin = (long)sqlite3_column_int64(ds, 2);
        p.end = (long)sqlite3_column_int64(ds, 3);
        p.aantal = (unsigned)sqlite3_column_int64(ds, 4);
        p.toegekend = sqlite3_column_int64(ds, 5);
        p.line = (unsigned long)sqlite3_column_int64(ds, 6);
        copy_col(p.ref, sizeof p.ref, ds, 7);
        copy_col(p.name, sizeof p.name, ds, 8);
        p.instelling = (uint32_t)sqlite3_column_int64(ds, 9);
        copy_col(p.factuur, sizeof p.factuur, ds, 10);
        snprintf(p.lv, sizeof p.lv, "%s", aw_lv_name(row_lv(ctx, (const char *)sqlite3_column_text(ds, 11), p.code, p.begin)));
        sqlite3_reset(ds);
        if ((rc = fn(ud, &p))) goto out;
    }
    goto out;
dberr:
    rc = ledger_db_error(ctx, l, "sample");
out:
    sqlite3_finalize(ps);
    sqlite3_finalize(ds);
    mem_free(id);
    mem_free(pos);
    return rc;
}

/* ---- gaps */

#define MAX_INST 4096

aw_rc ledger_gaps(aw_ctx *ctx, ledger *l, long month, aw_rc (*fn)(void *ud, const ledger_gap *g), void *ud)
{
    sqlite3 *db = ledger_db(l);
    sqlite3_stmt *is = NULL, *ps = NULL, *rs = NULL;
    aw_rc rc = AW_OK;
    uint32_t *inst = mem_malloc(MAX_INST * sizeof *inst);
    size_t ninst = 0;
    int r;
    if (!inst) return oom(ctx);
    ref_store *ref = ctx->ref;
    if (!ref || !ref_have_toewijzingen(ref)) {
        rc = err_set(ctx, AW_EUSAGE, _("gaps needs toewijzingen (-w)"));
        goto out;
    }
    if ((rc = ref_finalize(ref, ctx))) goto out;
    long first = month * 100 + 1, last = month * 100 + date_month_len((int)(month / 100), (int)(month % 100));
    long d0 = date_ymd_to_days(first), d1 = date_ymd_to_days(last);
    if (sqlite3_prepare_v2(db, "SELECT DISTINCT instelling FROM file ORDER BY 1", -1, &is, NULL) != SQLITE_OK ||
        /* a granted debet of the client begun in the month (prestatie_month), or begun
         * before it and reaching into it (prestatie_span: ledger.c) */
        sqlite3_prepare_v2(db, "SELECT 1 FROM prestatie WHERE period_begin / 100 = ?5 AND bsn = ?1"
                           " AND granted = 1 AND dc = 'D' AND period_end >= ?2 AND (?4 = 0 OR instelling = ?4)"
                           " UNION ALL SELECT 1 FROM prestatie WHERE period_end > period_begin - period_begin % 100 + 99"
                           " AND bsn = ?1 AND granted = 1 AND dc = 'D' AND period_begin / 100 < ?5"
                           " AND period_end >= ?2 AND (?4 = 0 OR instelling = ?4) LIMIT 1",
                           -1, &ps, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT p.bsn, p.instelling, p.code, p.period_begin, p.period_end, f.name, p.line,"
                           " CASE WHEN p.rc1 IN ('0551', '0553', '0554') THEN p.rc1"
                           " WHEN p.rc2 IN ('0551', '0553', '0554') THEN p.rc2 ELSE p.rc3 END"
                           " FROM prestatie p JOIN file f ON f.id = p.file"
                           " WHERE p.period_begin BETWEEN ?1 AND ?2 AND (p.rc1 IN ('0551', '0553', '0554')"
                           " OR p.rc2 IN ('0551', '0553', '0554') OR p.rc3 IN ('0551', '0553', '0554'))"
                           " ORDER BY f.id, p.line", -1, &rs, NULL) != SQLITE_OK)
        goto dberr;
    while ((r = sqlite3_step(is)) == SQLITE_ROW)
        if (ninst < MAX_INST) inst[ninst++] = (uint32_t)sqlite3_column_int64(is, 0);
    if (r != SQLITE_DONE) goto dberr;
    ledger_gap g;
    ref_toew t;
    for (size_t i = 0; ref_toew_get(ref, i, &t); i++) {
        if (t.begin > d1 || t.end < d0) continue; /* not active in the month */
        int ours = t.instelling == 0;
        for (size_t k = 0; k < ninst && !ours; k++) ours = inst[k] == t.instelling;
        if (!ours) continue;
        sqlite3_bind_int64(ps, 1, t.bsn);
        sqlite3_bind_int64(ps, 2, first);
        sqlite3_bind_int64(ps, 4, t.instelling);
        sqlite3_bind_int64(ps, 5, month);
        r = sqlite3_step(ps);
        sqlite3_reset(ps);
        if (r == SQLITE_ROW) continue;
        if (r != SQLITE_DONE) goto dberr;
        memset(&g, 0, sizeof g);
        g.bsn = t.bsn;
        g.instelling = t.instelling;
        snprintf(g.lv, sizeof g.lv, "%s", aw_lv_name(t.lv));
        g.tcode = t.code;
        g.begin = date_days_to_ymd(t.begin);
        g.end = t.end == REF_OPEN ? 0 : date_days_to_ymd(t.end);
        if ((rc = fn(ud, &g))) goto out;
    }
    sqlite3_bind_int64(rs, 1, first);
    sqlite3_bind_int64(rs, 2, last);
    while ((r = sqlite3_step(rs)) == SQLITE_ROW) {
        memset(&g, 0, sizeof g);
        g.kind = 1;
        g.bsn = (uint32_t)sqlite3_column_int64(rs, 0);
        g.instelling = (uint32_t)sqlite3_column_int64(rs, 1);
        copy_col(g.code, sizeof g.code, rs, 2);
        g.begin = (long)sqlite3_column_int64(rs, 3);
        g.end = (long)sqlite3_column_int64(rs, 4);
        copy_col(g.name, sizeof g.name, rs, 5);
        g.line = (unsigned long)sqlite3_column_int64(rs, 6);
        copy_col(g.retourcode, sizeof g.retourcode, rs, 7);
        if ((rc = fn(ud, &g))) goto out;
    }
    if (r != SQLITE_DONE) goto dberr;
    goto out;
dberr:
    rc = ledger_db_error(ctx, l, "gaps");
out:
    sqlite3_finalize(is);
    sqlite3_finalize(ps);
    sqlite3_finalize(rs);
    mem_free(inst);
    return rc;
}
