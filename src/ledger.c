/* ledger.c — the SQLite history ledger (SPEC 8): schema, add, summary, verify.
 *
 * One database file, created with mode 0600 before SQLite opens it; WAL journal (readers —
 * aw319check --ledger, summary — never block the one writer, and a writer killed at any point
 * leaves the last committed state); a busy timeout so concurrent adds queue instead of
 * failing; PRAGMA application_id and user_version identify the schema.  Every add is one
 * BEGIN IMMEDIATE ... COMMIT transaction that is rolled back on any failure.
 *
 * Schema version 1:
 *   file       one row per AW320: its invoice (instelling + factuurnummer, unique), SHA-256
 *              (unique), 01 facts and the totals of its prestaties.
 *   prestatie  one row per 04: the facts H1-H4 and the summary need, granted or not.
 * Dates are CCYYMMDD integers (they order like the dates), amounts signed euro cents. */
#include "ledger.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct ledger {
    sqlite3 *db;
    char *path;
    int writable;
};

static const char schema_sql[] =
    "CREATE TABLE file ("
    " id INTEGER PRIMARY KEY,"
    " sha256 TEXT UNIQUE,"                 /* set last in the add transaction */
    " name TEXT NOT NULL,"                 /* last path component as added */
    " added TEXT NOT NULL,"                /* UTC, ISO 8601 */
    " instelling INTEGER NOT NULL,"        /* 0112 */
    " factuur TEXT NOT NULL,"              /* 0116 */
    " uzovi INTEGER NOT NULL,"             /* 0108 */
    " period_begin INTEGER NOT NULL, period_end INTEGER NOT NULL," /* 0114, 0115 */
    " dagtekening INTEGER NOT NULL,"       /* 0117 */
    " referentie TEXT NOT NULL,"           /* 0181 */
    " retourdatum INTEGER NOT NULL,"       /* 0182 */
    " codes TEXT NOT NULL,"                /* 0196-0198, space-separated */
    " technical INTEGER NOT NULL,"         /* 0196 = 0001 */
    " records INTEGER NOT NULL DEFAULT 0, prestaties INTEGER NOT NULL DEFAULT 0,"
    " granted INTEGER NOT NULL DEFAULT 0,"
    " ingediend INTEGER NOT NULL DEFAULT 0, toegekend INTEGER NOT NULL DEFAULT 0,"
    " UNIQUE (instelling, factuur));"
    "CREATE TABLE prestatie ("
    " id INTEGER PRIMARY KEY,"
    " file INTEGER NOT NULL REFERENCES file(id),"
    " line INTEGER NOT NULL,"
    " instelling INTEGER NOT NULL,"
    " granted INTEGER NOT NULL CHECK (granted IN (0, 1)),"
    /* the echoed AW319 fields: NULL only when unreadable in a prestatie that was not granted */
    " bsn INTEGER, code TEXT, period_begin INTEGER, period_end INTEGER,"
    " aantal INTEGER, tarief INTEGER, berekend INTEGER, dc TEXT, bedrag INTEGER, dc2 TEXT,"
    " ref TEXT, prevref TEXT,"
    " berekend_zv INTEGER NOT NULL, toegekend INTEGER NOT NULL," /* 0481, 0483 signed */
    " rc1 TEXT NOT NULL, rc2 TEXT NOT NULL, rc3 TEXT NOT NULL,"
    " CHECK (granted = 0 OR (bsn IS NOT NULL AND code IS NOT NULL AND period_begin IS NOT NULL"
    "   AND period_end IS NOT NULL AND dc IN ('D', 'C') AND ref IS NOT NULL)));"
    /* the lookups of H1/H2 (instelling, 0431), H3 (instelling, 0432 of credits), H4 (BSN,
     * prestatiecode, period of debets) and the summary (period) */
    "CREATE INDEX prestatie_ref ON prestatie(instelling, ref) WHERE granted = 1;"
    "CREATE INDEX prestatie_prevref ON prestatie(instelling, prevref) WHERE granted = 1 AND dc = 'C';"
    "CREATE INDEX prestatie_debet ON prestatie(bsn, code, period_begin) WHERE granted = 1 AND dc = 'D';"
    "CREATE INDEX prestatie_begin ON prestatie(period_begin) WHERE granted = 1;"
    "CREATE INDEX prestatie_file ON prestatie(file);";

static aw_rc db_error(aw_ctx *ctx, const ledger *l, const char *what)
{
    return aw_set_error(ctx, AW_ELEDGER, "%s: %s: %s", l->path, what, sqlite3_errmsg(l->db));
}

static aw_rc exec(aw_ctx *ctx, ledger *l, const char *sql)
{
    if (sqlite3_exec(l->db, sql, NULL, NULL, NULL) != SQLITE_OK) return db_error(ctx, l, sql);
    return AW_OK;
}

/* One integer from a single-row statement (a PRAGMA). */
static aw_rc int_query(aw_ctx *ctx, ledger *l, const char *sql, long long *out)
{
    sqlite3_stmt *st = NULL;
    *out = 0;
    if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK) return db_error(ctx, l, sql);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) *out = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (r != SQLITE_ROW && r != SQLITE_DONE) return db_error(ctx, l, sql);
    return AW_OK;
}

static void nap(void)
{
    struct timespec ts = {0, 20 * 1000 * 1000};
    nanosleep(&ts, NULL);
}

/* Make the schema in an empty database, or check the one that is there. */
static aw_rc init_schema(aw_ctx *ctx, ledger *l)
{
    if (sqlite3_exec(l->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return aw_set_error(ctx, AW_ELEDGER, "%s: not a usable aw319 ledger: %s", l->path,
                            sqlite3_errmsg(l->db));
    aw_rc rc;
    long long app, ver, tables;
    if ((rc = int_query(ctx, l, "PRAGMA application_id", &app)) ||
        (rc = int_query(ctx, l, "PRAGMA user_version", &ver)) ||
        (rc = int_query(ctx, l, "SELECT count(*) FROM sqlite_master", &tables)))
        goto out;
    if (app == 0 && ver == 0 && tables == 0) {
        char pragmas[96];
        snprintf(pragmas, sizeof pragmas, "PRAGMA application_id = %d; PRAGMA user_version = %d;",
                 LEDGER_APP_ID, LEDGER_SCHEMA);
        if ((rc = exec(ctx, l, schema_sql)) || (rc = exec(ctx, l, pragmas))) goto out;
    } else if (app != LEDGER_APP_ID) {
        rc = aw_set_error(ctx, AW_ELEDGER, "%s: not an aw319 ledger (a different SQLite database)", l->path);
        goto out;
    } else if (ver != LEDGER_SCHEMA) {
        rc = aw_set_error(ctx, AW_ELEDGER, "%s: ledger schema version %lld, this program knows %d",
                          l->path, ver, LEDGER_SCHEMA);
        goto out;
    }
    return exec(ctx, l, "COMMIT");
out:
    sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* Switch to WAL; another process may hold a lock for a moment, so retry up to the timeout. */
static aw_rc set_wal(aw_ctx *ctx, ledger *l)
{
    for (int waited = 0;; waited += 20) {
        sqlite3_stmt *st = NULL;
        int r = sqlite3_prepare_v2(l->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
        if (r == SQLITE_OK) r = sqlite3_step(st);
        int wal = r == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(st, 0), "wal");
        sqlite3_finalize(st);
        if (wal) return AW_OK;
        if ((r != SQLITE_BUSY && r != SQLITE_LOCKED) || waited >= LEDGER_BUSY_MS)
            return aw_set_error(ctx, AW_ELEDGER, "%s: cannot switch to WAL: %s", l->path, sqlite3_errmsg(l->db));
        nap();
    }
}

aw_rc ledger_open(aw_ctx *ctx, const char *path, ledger_mode mode, ledger **out)
{
    *out = NULL;
    ledger *l = aw_calloc(1, sizeof *l);
    if (!l || !(l->path = aw_strdup(path))) {
        aw_free(l);
        return aw_set_error(ctx, AW_ENOMEM, "out of memory");
    }
    aw_rc rc = AW_OK;
    int flags;
    if (mode == LEDGER_CREATE) {
        /* create it ourselves, so it is 0600 whatever the umask and SQLite's defaults; the
         * WAL and shared-memory files SQLite makes beside it copy this mode */
        int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            int bad = fchmod(fd, 0600) != 0;
            if (close(fd) != 0 || bad) {
                rc = aw_set_error(ctx, AW_EIO, "%s: %s", path, strerror(errno));
                goto fail;
            }
        } else if (errno != EEXIST) {
            rc = aw_set_error(ctx, AW_EIO, "%s: cannot create: %s", path, strerror(errno));
            goto fail;
        }
        flags = SQLITE_OPEN_READWRITE;
        l->writable = 1;
    } else {
        struct stat st;
        if (stat(path, &st) != 0) {
            rc = aw_set_error(ctx, AW_EIO, "%s: cannot open the ledger: %s", path, strerror(errno));
            goto fail;
        }
        if (!S_ISREG(st.st_mode)) {
            rc = aw_set_error(ctx, AW_EIO, "%s: not a regular file", path);
            goto fail;
        }
        flags = mode == LEDGER_EXISTING && access(path, W_OK) == 0 ? SQLITE_OPEN_READWRITE
                                                                    : SQLITE_OPEN_READONLY;
    }
    if (sqlite3_open_v2(path, &l->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        rc = aw_set_error(ctx, l->db ? AW_ELEDGER : AW_ENOMEM, "%s: cannot open: %s", path,
                          l->db ? sqlite3_errmsg(l->db) : "out of memory");
        goto fail;
    }
    sqlite3_extended_result_codes(l->db, 1);
    sqlite3_busy_timeout(l->db, LEDGER_BUSY_MS);
    if ((rc = exec(ctx, l, "PRAGMA foreign_keys = ON"))) goto fail;
    if (mode == LEDGER_CREATE) {
        if ((rc = init_schema(ctx, l)) || (rc = set_wal(ctx, l)) ||
            (rc = exec(ctx, l, "PRAGMA synchronous = FULL")))
            goto fail;
    } else {
        long long app = 0, ver = 0;
        if (int_query(NULL, l, "PRAGMA application_id", &app) ||
            int_query(NULL, l, "PRAGMA user_version", &ver)) {
            rc = aw_set_error(ctx, AW_ELEDGER, "%s: not a usable aw319 ledger: %s", path,
                              sqlite3_errmsg(l->db));
            goto fail;
        }
        if (app != LEDGER_APP_ID) {
            rc = aw_set_error(ctx, AW_ELEDGER, "%s: not an aw319 ledger%s", path,
                              app == 0 && ver == 0 ? " (empty or another SQLite database)" : "");
            goto fail;
        }
        if (ver != LEDGER_SCHEMA) {
            rc = aw_set_error(ctx, AW_ELEDGER, "%s: ledger schema version %lld, this program knows %d",
                              path, ver, LEDGER_SCHEMA);
            goto fail;
        }
    }
    *out = l;
    return AW_OK;
fail:
    ledger_close(l);
    return rc;
}

void ledger_close(ledger *l)
{
    if (!l) return;
    sqlite3_close_v2(l->db);
    aw_free(l->path);
    aw_free(l);
}

sqlite3 *ledger_db(const ledger *l) { return l->db; }
const char *ledger_path(const ledger *l) { return l->path; }

/* ---- add */

typedef struct adder {
    aw_ctx *ctx;
    ledger *l;
    const char *name;                  /* as given, for messages */
    const char *base;                  /* stored */
    const ledger_add_opts *opts;
    sqlite3_stmt *dup, *ins_file, *ins_pr, *fin, *same;
    long long file_id;
    ledger_added *info;
} adder;

static aw_rc prepare(adder *a, sqlite3_stmt **st, const char *sql)
{
    if (sqlite3_prepare_v3(a->l->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
        return db_error(a->ctx, a->l, "prepare");
    return AW_OK;
}

static aw_rc step_done(adder *a, sqlite3_stmt *st, const char *what)
{
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    if (r != SQLITE_DONE) return db_error(a->ctx, a->l, what);
    return AW_OK;
}

static void iso_time(char dst[32], long long t)
{
    if (t < 0 || t > 253402300799LL) t = 0; /* 1970 - 9999 */
    long days = (long)(t / 86400);
    int s = (int)(t % 86400), y, m, d;
    date_civil(days, &y, &m, &d);
    snprintf(dst, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", y % 10000, m % 100, d % 100, s / 3600 % 100,
             s / 60 % 60, s % 60);
}

static aw_rc on_head(void *ud, const a320_head *h)
{
    adder *a = ud;
    sqlite3_stmt *st = a->dup;
    /* an invoice is recorded once (this also refuses the same AW320 twice) */
    sqlite3_bind_int64(st, 1, h->instelling);
    sqlite3_bind_text(st, 2, h->factuur, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        aw_rc rc = aw_set_error(a->ctx, LEDGER_REFUSED,
                                "%s:%lu: invoice '%s' of instelling %08lu is in the ledger already "
                                "(from %s, added %s): an invoice is recorded once",
                                a->name, h->line, h->factuur, (unsigned long)h->instelling,
                                (const char *)sqlite3_column_text(st, 0),
                                (const char *)sqlite3_column_text(st, 1));
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE) return db_error(a->ctx, a->l, "invoice lookup");

    char added[32], codes[16];
    iso_time(added, a->opts ? a->opts->now : 0);
    snprintf(codes, sizeof codes, "%s%s%s%s%s", h->codes[0], h->codes[1][0] ? " " : "", h->codes[1],
             h->codes[2][0] ? " " : "", h->codes[2]);
    st = a->ins_file;
    sqlite3_bind_text(st, 1, a->base, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, added, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, h->instelling);
    sqlite3_bind_text(st, 4, h->factuur, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, h->uzovi);
    sqlite3_bind_int64(st, 6, h->period_begin);
    sqlite3_bind_int64(st, 7, h->period_end);
    sqlite3_bind_int64(st, 8, h->dagtekening);
    sqlite3_bind_text(st, 9, h->referentie, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 10, h->retourdatum);
    sqlite3_bind_text(st, 11, codes, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 12, h->technical);
    aw_rc rc = step_done(a, st, "insert file");
    if (rc) return rc;
    a->file_id = sqlite3_last_insert_rowid(a->l->db);
    a->info->instelling = h->instelling;
    snprintf(a->info->factuur, sizeof a->info->factuur, "%s", h->factuur);
    sqlite3_bind_int64(a->ins_pr, 2, a->file_id);
    sqlite3_bind_int64(a->ins_pr, 4, h->instelling);
    return AW_OK;
}

static aw_rc on_04(void *ud, const a320_04 *p)
{
    adder *a = ud;
    sqlite3_stmt *st = a->ins_pr;
    /* parameters 2 (file) and 4 (instelling) are bound once in on_head */
    sqlite3_bind_int64(st, 3, (sqlite3_int64)p->line);
    sqlite3_bind_int(st, 5, p->granted);
    if (p->full) {
        char dc[2] = {p->dc, 0}, dc2[2] = {p->dc2, 0};
        sqlite3_bind_int64(st, 6, p->bsn);
        sqlite3_bind_text(st, 7, p->code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 8, p->begin);
        sqlite3_bind_int64(st, 9, p->end);
        sqlite3_bind_int64(st, 10, p->aantal);
        sqlite3_bind_int64(st, 11, (sqlite3_int64)p->tarief);
        sqlite3_bind_int64(st, 12, (sqlite3_int64)p->berekend);
        sqlite3_bind_text(st, 13, dc, 1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 14, (sqlite3_int64)p->bedrag);
        sqlite3_bind_text(st, 15, dc2, 1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 16, p->ref, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 17, p->prevref, -1, SQLITE_TRANSIENT);
    } else {
        for (int i = 6; i <= 17; i++) sqlite3_bind_null(st, i);
    }
    sqlite3_bind_int64(st, 18, (sqlite3_int64)p->berekend_zv);
    sqlite3_bind_int64(st, 19, p->toegekend_signed);
    sqlite3_bind_text(st, 20, p->codes[0], -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 21, p->codes[1], -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 22, p->codes[2], -1, SQLITE_TRANSIENT);
    aw_rc rc = step_done(a, st, "insert prestatie");
    if (rc) return rc;
    a->info->prestaties++;
    if (p->granted) a->info->granted++;
    a->info->toegekend += p->toegekend_signed;
    if (a->opts && a->opts->progress) a->opts->progress(a->opts->ud, a->info->prestaties);
    return AW_OK;
}

static aw_rc on_tail(void *ud, const a320_tail *t)
{
    adder *a = ud;
    sqlite3_stmt *st = a->same;
    sqlite3_bind_text(st, 1, t->sha256, -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) { /* the invoice check catches this first; kept as a second key */
        aw_rc rc = aw_set_error(a->ctx, LEDGER_REFUSED, "%s: the same file was added before as %s",
                                a->name, (const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE) return db_error(a->ctx, a->l, "sha256 lookup");
    st = a->fin;
    sqlite3_bind_text(st, 1, t->sha256, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)t->records);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)a->info->prestaties);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)a->info->granted);
    sqlite3_bind_int64(st, 5, t->ingediend);
    sqlite3_bind_int64(st, 6, a->info->toegekend);
    sqlite3_bind_int64(st, 7, a->file_id);
    return step_done(a, st, "update file");
}

aw_rc ledger_add(aw_ctx *ctx, ledger *l, const char *path, const ledger_add_opts *opts,
                 ledger_added *info)
{
    memset(info, 0, sizeof *info);
    if (!l->writable) return aw_set_error(ctx, AW_ELEDGER, "%s: opened read-only", l->path);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return aw_set_error(ctx, AW_EIO, "%s: %s", path, strerror(errno));
    const char *slash = strrchr(path, '/');
    adder a = {ctx, l, path, slash ? slash + 1 : path, opts, NULL, NULL, NULL, NULL, NULL, 0, info};
    aw_rc rc;
    if ((rc = prepare(&a, &a.dup, "SELECT name, added FROM file WHERE instelling = ?1 AND factuur = ?2")) ||
        (rc = prepare(&a, &a.ins_file,
                      "INSERT INTO file (name, added, instelling, factuur, uzovi, period_begin,"
                      " period_end, dagtekening, referentie, retourdatum, codes, technical)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")) ||
        (rc = prepare(&a, &a.ins_pr,
                      "INSERT INTO prestatie (file, line, instelling, granted, bsn, code,"
                      " period_begin, period_end, aantal, tarief, berekend, dc, bedrag, dc2, ref,"
                      " prevref, berekend_zv, toegekend, rc1, rc2, rc3) VALUES (?2, ?3, ?4, ?5,"
                      " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)")) ||
        (rc = prepare(&a, &a.fin,
                      "UPDATE file SET sha256 = ?1, records = ?2, prestaties = ?3, granted = ?4,"
                      " ingediend = ?5, toegekend = ?6 WHERE id = ?7")) ||
        (rc = prepare(&a, &a.same, "SELECT name FROM file WHERE sha256 = ?1")))
        goto out;
    if ((rc = exec(ctx, l, "BEGIN IMMEDIATE"))) goto out;
    a320_sink s = {&a, on_head, on_04, on_tail};
    rc = a320_read(ctx, fd, path, &s);
    if (!rc) rc = exec(ctx, l, "COMMIT");
    if (rc) sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
out:
    sqlite3_finalize(a.dup);
    sqlite3_finalize(a.ins_file);
    sqlite3_finalize(a.ins_pr);
    sqlite3_finalize(a.fin);
    sqlite3_finalize(a.same);
    close(fd);
    if (rc) memset(info, 0, sizeof *info);
    return rc;
}

/* ---- summary */

int64_t ledger_scale(int64_t a, int64_t num, int64_t den)
{
    int64_t p = a * num, q = p / den, r = p % den;
    if (r < 0) r = -r;
    if (2 * r >= den) q += p < 0 ? -1 : 1;
    return q;
}

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
            y->total[lv].prestaties += y->month[m][lv].prestaties;
            y->total[lv].toegekend += y->month[m][lv].toegekend;
            if (m < 6) y->h1[lv] += y->month[m][lv].toegekend;
        }
        /* SPEC 8: (toegekend januari-juni) / (days januari-juni) x (days in the year) */
        y->herschikking[lv] = ledger_scale(y->h1[lv], y->days_year, y->days_h1);
    }
}

#define MAX_YEARS 10000

aw_rc ledger_summary_make(aw_ctx *ctx, ledger *l, int year, ledger_summary **out)
{
    *out = NULL;
    ledger_summary *s = aw_calloc(1, sizeof *s);
    sqlite3_stmt *st = NULL;
    aw_rc rc = AW_OK;
    if (!s) return aw_set_error(ctx, AW_ENOMEM, "out of memory");
    s->have_koppeltabel = ctx->ref && ref_have_koppeltabel(ctx->ref);
    int years[MAX_YEARS], ny = 0;
    if (year) {
        years[ny++] = year;
    } else {
        if (sqlite3_prepare_v2(l->db, "SELECT DISTINCT period_begin / 10000 FROM prestatie"
                               " WHERE granted = 1 ORDER BY 1", -1, &st, NULL) != SQLITE_OK) {
            rc = db_error(ctx, l, "summary");
            goto fail;
        }
        int r;
        while ((r = sqlite3_step(st)) == SQLITE_ROW)
            if (ny < MAX_YEARS) years[ny++] = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        st = NULL;
        if (r != SQLITE_DONE) {
            rc = db_error(ctx, l, "summary");
            goto fail;
        }
    }
    if (ny && !(s->years = aw_calloc((size_t)ny, sizeof *s->years))) {
        rc = aw_set_error(ctx, AW_ENOMEM, "out of memory");
        goto fail;
    }
    if (sqlite3_prepare_v2(l->db, "SELECT period_begin, code, count(*), sum(toegekend) FROM prestatie"
                           " WHERE granted = 1 AND period_begin BETWEEN ?1 AND ?2"
                           " GROUP BY period_begin, code", -1, &st, NULL) != SQLITE_OK) {
        rc = db_error(ctx, l, "summary");
        goto fail;
    }
    for (int i = 0; i < ny; i++) {
        ledger_year *y = &s->years[s->nyears++];
        year_init(y, years[i]);
        sqlite3_bind_int64(st, 1, (sqlite3_int64)years[i] * 10000 + 101);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)years[i] * 10000 + 1231);
        int r;
        while ((r = sqlite3_step(st)) == SQLITE_ROW) {
            long ymd = (long)sqlite3_column_int64(st, 0);
            const char *code = (const char *)sqlite3_column_text(st, 1);
            int m = (int)(ymd / 100 % 100);
            if (m < 1 || m > 12 || !code) continue; /* cannot happen: CHECKed on insert */
            aw_lv lv = AW_LV_UNKNOWN;
            long day = date_ymd_to_days(ymd);
            if (s->have_koppeltabel && day >= 0) lv = ref_lv(ctx->ref, code, day);
            if ((unsigned)lv >= AW_LV_COUNT) lv = AW_LV_UNKNOWN;
            unsigned long n = (unsigned long)sqlite3_column_int64(st, 2);
            int64_t sum = sqlite3_column_int64(st, 3);
            y->month[m - 1][lv].prestaties += n;
            y->month[m - 1][lv].toegekend += sum;
            y->month[m - 1][LEDGER_ALL].prestaties += n;
            y->month[m - 1][LEDGER_ALL].toegekend += sum;
        }
        sqlite3_reset(st);
        if (r != SQLITE_DONE) {
            rc = db_error(ctx, l, "summary");
            goto fail;
        }
        year_finish(y);
    }
    sqlite3_finalize(st);
    *out = s;
    return AW_OK;
fail:
    sqlite3_finalize(st);
    ledger_summary_free(s);
    return rc;
}

void ledger_summary_free(ledger_summary *s)
{
    if (!s) return;
    aw_free(s->years);
    aw_free(s);
}

/* ---- verify */

aw_rc ledger_verify(aw_ctx *ctx, ledger *l, ledger_check *info)
{
    memset(info, 0, sizeof *info);
    long long v;
    aw_rc rc;
    if ((rc = int_query(ctx, l, "PRAGMA user_version", &v))) return rc;
    info->schema = (int)v;
    sqlite3_stmt *st = NULL;
    /* 1. SQLite's own check of pages, indexes and constraints */
    if (sqlite3_prepare_v2(l->db, "PRAGMA integrity_check(20)", -1, &st, NULL) != SQLITE_OK)
        return db_error(ctx, l, "integrity_check");
    int r, row = 0;
    size_t o = 0;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (row++ == 0 && t && !strcmp(t, "ok")) continue;
        if (o + 4 < sizeof info->problem)
            o += (size_t)snprintf(info->problem + o, sizeof info->problem - o, "%s%s", o ? "; " : "",
                                  t ? t : "?");
    }
    sqlite3_finalize(st);
    if (r != SQLITE_DONE) {
        snprintf(info->problem, sizeof info->problem, "integrity_check failed: %s", sqlite3_errmsg(l->db));
        return AW_OK;
    }
    if (info->problem[0]) return AW_OK;
    /* 2. references and the per-file totals */
    static const struct { const char *sql, *what; } checks[] = {
        {"SELECT count(*) FROM pragma_foreign_key_check", "prestaties refer to a missing file"},
        {"SELECT count(*) FROM file WHERE sha256 IS NULL", "files without SHA-256 (an add that never committed)"},
        {"SELECT count(*) FROM file f WHERE prestaties != (SELECT count(*) FROM prestatie p WHERE p.file = f.id)"
         " OR granted != (SELECT count(*) FROM prestatie p WHERE p.file = f.id AND p.granted = 1)"
         " OR toegekend != (SELECT coalesce(sum(toegekend), 0) FROM prestatie p WHERE p.file = f.id)",
         "files whose totals differ from their prestaties"},
        {"SELECT count(*) FROM prestatie WHERE granted = 1 AND period_begin > period_end",
         "granted prestaties with a reversed period"},
    };
    for (size_t i = 0; i < sizeof checks / sizeof *checks; i++) {
        if ((rc = int_query(ctx, l, checks[i].sql, &v))) return rc;
        if (v) {
            snprintf(info->problem, sizeof info->problem, "%lld %s", v, checks[i].what);
            return AW_OK;
        }
    }
    if ((rc = int_query(ctx, l, "SELECT count(*) FROM file", &v))) return rc;
    info->files = (unsigned long)v;
    if ((rc = int_query(ctx, l, "SELECT count(*) FROM prestatie", &v))) return rc;
    info->prestaties = (unsigned long)v;
    if ((rc = int_query(ctx, l, "SELECT count(*) FROM prestatie WHERE granted = 1", &v))) return rc;
    info->granted = (unsigned long)v;
    return AW_OK;
}
