/* SPDX-License-Identifier: MIT */
/* ledger.c — the SQLite history ledger (doc/ledger.md): open, schema and migration, add, verify.
 *
 * One database file, created with mode 0600 before SQLite opens it; WAL journal (readers —
 * aw319check --ledger, summary — never block the one writer, and a writer killed at any point
 * leaves the last committed state); a busy timeout so concurrent adds queue instead of
 * failing; PRAGMA application_id and user_version identify the schema.  Every add is one
 * BEGIN IMMEDIATE ... COMMIT transaction that is rolled back on any failure.
 *
 * Schema version 3:
 *   file       one row per AW320: its invoice (instelling + factuurnummer, unique), SHA-256
 *              (unique), 01 facts, when it was added and the totals of its prestaties.
 *   prestatie  one row per 04: the facts H1-H4, sample and gaps need, granted or not, and
 *              its leveringsvorm when a koppeltabel was given to the add.
 *   tally      per AW320, 0414 day, prestatiecode, leveringsvorm, granted and D/C: counts and
 *              sums, written by the add, so a summary reads a few thousand rows, not millions.
 * The granted debets that H4, gaps and sample look up are indexed by the month of their 0414
 * first (prestatie_month), so an add's half million debets land in pages of their own months
 * instead of all over a (BSN, prestatiecode, period) index of the whole ledger, which an add
 * of month N rewrote whole (its cost grew with every month).  The few debets whose period
 * crosses a month end are also in prestatie_span, by BSN: a lookup of days in month M probes
 * prestatie_month for M (and each later month the period reaches) and prestatie_span for the
 * debets begun before M (history.c, ledger_report.c).
 * Version 2 had one (BSN, prestatiecode, 0414) index for them and an index of 0414; version 1
 * also lacked prestatie.lv and tally.  A writable open migrates either (one transaction); a
 * read-only open reads them as they are (the lookups are answered from the old index; a
 * temporary view stands in for the tally of version 1).
 * Dates are CCYYMMDD integers (they order like the dates), amounts signed euro cents. */
#include "ledger.h"
#include "refdata.h"
#include "nls.h"
#include "hidx.h"
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
    int schema;                        /* user_version */
};

#define LEDGER_PAGE_SIZE "16384"       /* bytes, of a new ledger */

static int busy_ms = LEDGER_BUSY_MS;
void ledger_set_busy_ms(int ms) { busy_ms = ms; }

/* The tally table (schema 2) and how an add fills it from its prestaties. */
#define TALLY_SQL \
    "CREATE TABLE tally (" \
    " file INTEGER NOT NULL REFERENCES file(id)," \
    " begin INTEGER NOT NULL, code TEXT NOT NULL, lv TEXT," /* 0414, 0417, leveringsvorm */ \
    " granted INTEGER NOT NULL, dc TEXT NOT NULL," /* 0427 */ \
    " n INTEGER NOT NULL, ingediend INTEGER NOT NULL, toegekend INTEGER NOT NULL);" \
    "CREATE INDEX tally_file ON tally(file);"
#define TALLY_SELECT(LV) \
    "SELECT file, period_begin AS begin, code, " LV ", granted, dc, count(*) AS n," \
    " sum(CASE dc2 WHEN 'C' THEN -bedrag ELSE bedrag END) AS ingediend, sum(toegekend) AS toegekend" \
    " FROM prestatie" \
    " WHERE period_begin IS NOT NULL"
static const char tally_add_sql[] =
    "INSERT INTO tally (file, begin, code, lv, granted, dc, n, ingediend, toegekend)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
/* the lookup indexes of granted debets (schema 3): period_begin / 100 is the CCYYMM of 0414,
 * and a period ends after its first month when 0415 is past CCYYMM99 of 0414 (not written
 * "period_end / 100 > period_begin / 100": SQLite 3.40 then fails to match the partial index,
 * the query's period_begin / 100 being taken for prestatie_month's).  The queries repeat these
 * expressions exactly, so SQLite matches them. */
#define DEBET_SQL \
    "CREATE INDEX IF NOT EXISTS prestatie_month ON prestatie(period_begin / 100, bsn, code, period_begin)" \
    " WHERE granted = 1 AND dc = 'D';" \
    "CREATE INDEX IF NOT EXISTS prestatie_span ON prestatie(bsn, code, period_begin)" \
    " WHERE granted = 1 AND dc = 'D' AND period_end > period_begin - period_begin % 100 + 99;"
static const char migrate1_sql[] =
    "ALTER TABLE prestatie ADD COLUMN lv TEXT;" TALLY_SQL
    "INSERT INTO tally " TALLY_SELECT("lv") " GROUP BY file, period_begin, code, lv, granted, dc;";
static const char migrate2_sql[] =
    DEBET_SQL "DROP INDEX IF EXISTS prestatie_debet; DROP INDEX IF EXISTS prestatie_begin;";
/* a schema 1 ledger opened read-only: the same rows, computed when read */
static const char view1_sql[] =
    "CREATE TEMP VIEW tally AS " TALLY_SELECT("NULL AS lv") " GROUP BY file, period_begin, code, granted, dc;";

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
    " lv TEXT,"                            /* leveringsvorm at add time, NULL when unknown */
    " CHECK (granted = 0 OR (bsn IS NOT NULL AND code IS NOT NULL AND period_begin IS NOT NULL"
    "   AND period_end IS NOT NULL AND dc IN ('D', 'C') AND ref IS NOT NULL)));"
    /* the lookups of H1/H2 (instelling, 0431), H3 (instelling, 0432 of credits), H4, gaps and
     * sample (debets by month, BSN, prestatiecode, period) and verify (file) */
    "CREATE INDEX prestatie_ref ON prestatie(instelling, ref) WHERE granted = 1;"
    "CREATE INDEX prestatie_prevref ON prestatie(instelling, prevref) WHERE granted = 1 AND dc = 'C';"
    DEBET_SQL
    "CREATE INDEX prestatie_file ON prestatie(file);"
    TALLY_SQL;

static int is_busy(const ledger *l)
{
    int e = sqlite3_errcode(l->db) & 0xff;
    return e == SQLITE_BUSY || e == SQLITE_LOCKED;
}

static aw_rc busy_error(aw_ctx *ctx, const ledger *l)
{
    return err_set(ctx, AW_EIO,
                        _("%s: the ledger is busy: another process has held its lock for more than "
                          "%d s (an add or verify still running?); try again later"), l->path, busy_ms / 1000);
}

aw_rc ledger_db_error(aw_ctx *ctx, const ledger *l, const char *what)
{
    if (is_busy(l)) return busy_error(ctx, l);
    return err_set(ctx, AW_ELEDGER, "%s: %s: %s", l->path, what, sqlite3_errmsg(l->db));
}
#define db_error ledger_db_error

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

/* Make the schema in an empty database, migrate schema 1, or check the one that is there
 * (writable modes). */
static aw_rc init_schema(aw_ctx *ctx, ledger *l)
{
    /* 16 KB pages (SQLite's default is 4 KB) for a new ledger: an add writes a quarter as many
     * pages, each once to the write-ahead log and once to the database, in about 15 % less
     * time (bench/ledger.sh).  Set before the transaction, in which SQLite ignores it; an
     * existing ledger keeps its pages (the pragma changes nothing there) */
    aw_rc rc = exec(ctx, l, "PRAGMA page_size = " LEDGER_PAGE_SIZE);
    if (rc) return rc;
    if (sqlite3_exec(l->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        if (is_busy(l)) return busy_error(ctx, l);
        return err_set(ctx, AW_ELEDGER, _("%s: not a usable aw319 ledger: %s"), l->path,
                            sqlite3_errmsg(l->db));
    }
    long long app, ver, tables;
    char pragmas[96];
    snprintf(pragmas, sizeof pragmas, "PRAGMA application_id = %d; PRAGMA user_version = %d;",
             LEDGER_APP_ID, LEDGER_SCHEMA);
    if ((rc = int_query(ctx, l, "PRAGMA application_id", &app)) ||
        (rc = int_query(ctx, l, "PRAGMA user_version", &ver)) ||
        (rc = int_query(ctx, l, "SELECT count(*) FROM sqlite_master", &tables)))
        goto out;
    if (app == 0 && ver == 0 && tables == 0) {
        if ((rc = exec(ctx, l, schema_sql)) || (rc = exec(ctx, l, pragmas))) goto out;
    } else if (app != LEDGER_APP_ID) {
        rc = err_set(ctx, AW_ELEDGER, _("%s: not an aw319 ledger (a different SQLite database)"), l->path);
        goto out;
    } else if (ver == 1 || ver == 2) {
        /* schema 1 -> 2: prestatie.lv (unknown for what is there) and tally; 2 -> 3: the
         * debets indexed by month (some 12 s for a year of half-million months, once) */
        if ((ver == 1 && (rc = exec(ctx, l, migrate1_sql))) || (rc = exec(ctx, l, migrate2_sql)) ||
            (rc = exec(ctx, l, pragmas)))
            goto out;
    } else if (ver != LEDGER_SCHEMA) {
        rc = err_set(ctx, AW_ELEDGER, _("%s: ledger schema version %lld, this program knows 1-%d"),
                          l->path, ver, LEDGER_SCHEMA);
        goto out;
    }
    l->schema = LEDGER_SCHEMA;
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
        if ((r & 0xff) == SQLITE_BUSY && waited >= busy_ms) return busy_error(ctx, l);
        if ((r != SQLITE_BUSY && r != SQLITE_LOCKED) || waited >= busy_ms)
            return err_set(ctx, AW_ELEDGER, _("%s: cannot switch to WAL: %s"), l->path, sqlite3_errmsg(l->db));
        nap();
    }
}

/* The message for an open(2)/access(2) failure: a permission problem says so. */
static aw_rc sys_error(aw_ctx *ctx, const char *path, const char *what, int err)
{
    if (err == EACCES || err == EPERM)
        return err_set(ctx, AW_EIO, _("%s: permission denied: %s (ask the ledger's owner for access)"),
                            path, what);
    if (err == EROFS)
        return err_set(ctx, AW_EIO, _("%s: %s: on a read-only file system"), path, what);
    return err_set(ctx, AW_EIO, "%s: %s: %s", path, what, strerror(err));
}

#define ADOPT_WAIT_MS 5000             /* how long an empty new ledger may stay empty */

/* add must not adopt a file someone else prepared (it writes BSNs into it): an existing
 * ledger is a non-empty regular file of this user, not a symlink, mode 0600 or less. */
static aw_rc check_adopt(aw_ctx *ctx, const char *path, const struct stat *st)
{
    const char *why = NULL;
    char b[96];
    if (S_ISLNK(st->st_mode)) why = _("is a symbolic link");
    else if (!S_ISREG(st->st_mode)) why = _("is not a regular file");
    else if (st->st_uid != geteuid()) {
        snprintf(b, sizeof b, _("is owned by another user (uid %lu)"), (unsigned long)st->st_uid);
        why = b;
    } else if (st->st_mode & 077) {
        snprintf(b, sizeof b, _("can be read or written by group or others (mode %04o; chmod 600 it)"),
                 (unsigned)(st->st_mode & 07777));
        why = b;
    } else if (st->st_size == 0) why = _("is empty, not a ledger made by aw319ledger");
    if (!why) return AW_OK;
    return err_set(ctx, AW_ELEDGER,
                        _("%s: %s: not adopted as a ledger (remove it, or use --force to adopt it)"), path, why);
}

/* Create the file for CREATE (O_EXCL, 0600 whatever the umask), or check the existing one.
 * *id gets the identity of what was checked, to compare once SQLite has opened it. */
static aw_rc create_file(aw_ctx *ctx, const char *path, int force, struct stat *id)
{
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) {
        int bad = fchmod(fd, 0600) != 0 || fstat(fd, id) != 0;
        int err = errno;
        if (close(fd) != 0 || bad) return sys_error(ctx, path, _("cannot create"), bad ? err : errno);
        return AW_OK;
    }
    if (errno != EEXIST) return sys_error(ctx, path, _("cannot create"), errno);
    if (lstat(path, id) != 0) return sys_error(ctx, path, _("cannot open the ledger"), errno);
    /* an empty file of this user, mode 0600, may be another add's that is making the schema
     * right now (two adds to a new ledger): give it a moment */
    for (int waited = 0; !force && S_ISREG(id->st_mode) && id->st_size == 0 && id->st_uid == geteuid() &&
                         !(id->st_mode & 077) && waited < ADOPT_WAIT_MS && waited < busy_ms; waited += 20) {
        nap();
        if (lstat(path, id) != 0) return sys_error(ctx, path, _("cannot open the ledger"), errno);
    }
    return force ? AW_OK : check_adopt(ctx, path, id);
}

/* A file beside the ledger (PATH-wal) exists. */
static int beside(const char *path, const char *ext)
{
    char p[4096];
    if ((size_t)snprintf(p, sizeof p, "%s%s", path, ext) >= sizeof p) return 1;
    return access(p, F_OK) == 0;
}

/* The directory holding path can be written (not on a read-only mount, and permitted). */
static int dir_writable(const char *path)
{
    char d[4096];
    const char *slash = strrchr(path, '/');
    if (!slash) return access(".", W_OK) == 0;
    size_t n = (size_t)(slash - path);
    if (n == 0) n = 1;
    if (n >= sizeof d) return 0;
    memcpy(d, path, n);
    d[n] = 0;
    return access(d, W_OK) == 0;
}

/* path as an SQLite URI file name ("file:" + percent-escaped path + query). */
static char *make_uri(const char *path, const char *query)
{
    size_t n = strlen(path), o = 0;
    char *u = mem_malloc(n * 3 + strlen(query) + 8);
    if (!u) return NULL;
    o += (size_t)sprintf(u, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p < 0x20 || *p >= 0x7f)
            o += (size_t)sprintf(u + o, "%%%02X", *p);
        else u[o++] = (char)*p;
    }
    strcpy(u + o, query);
    return u;
}

/* Check the schema of a ledger opened without migrating it. */
static aw_rc check_schema(aw_ctx *ctx, ledger *l)
{
    long long app = 0, ver = 0;
    if (int_query(NULL, l, "PRAGMA application_id", &app) || int_query(NULL, l, "PRAGMA user_version", &ver)) {
        if (is_busy(l)) return busy_error(ctx, l);
        int e = sqlite3_extended_errcode(l->db);
        if ((e & 0xff) == SQLITE_CANTOPEN || (e & 0xff) == SQLITE_READONLY)
            return err_set(ctx, AW_EIO,
                                _("%s: cannot read the ledger: %s (its write-ahead log cannot be read "
                                  "or made here: ask its owner to run 'aw319ledger verify' on it)"),
                                l->path, sqlite3_errmsg(l->db));
        return err_set(ctx, AW_ELEDGER, _("%s: not a usable aw319 ledger: %s"), l->path,
                            sqlite3_errmsg(l->db));
    }
    if (app != LEDGER_APP_ID)
        return app == 0 && ver == 0
                   ? err_set(ctx, AW_ELEDGER, _("%s: not an aw319 ledger (empty or another SQLite database)"),
                                  l->path)
                   : err_set(ctx, AW_ELEDGER, _("%s: not an aw319 ledger"), l->path);
    if (ver < 1 || ver > LEDGER_SCHEMA)
        return err_set(ctx, AW_ELEDGER, _("%s: ledger schema version %lld, this program knows 1-%d"),
                            l->path, ver, LEDGER_SCHEMA);
    l->schema = (int)ver;
    if (ver == 1) return exec(ctx, l, view1_sql);
    return AW_OK;
}

aw_rc ledger_open(aw_ctx *ctx, const char *path, ledger_mode mode, ledger **out)
{
    *out = NULL;
    ledger *l = mem_calloc(1, sizeof *l);
    if (!l || !(l->path = mem_strdup(path))) {
        mem_free(l);
        return err_set(ctx, AW_ENOMEM, _("out of memory"));
    }
    aw_rc rc = AW_OK;
    struct stat id, now;
    char *uri = NULL;
    int create = mode == LEDGER_CREATE || mode == LEDGER_CREATE_FORCE;
    if (create) {
        /* everything that may run out of memory before the file is made */
        if (!(uri = make_uri(path, "?mode=rw"))) {
            rc = err_set(ctx, AW_ENOMEM, _("out of memory"));
            goto fail;
        }
        if ((rc = create_file(ctx, path, mode == LEDGER_CREATE_FORCE, &id))) goto fail;
        l->writable = 1;
    } else {
        /* reading is all that is needed: a ledger the user may only read is fine */
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            rc = sys_error(ctx, path, _("cannot open the ledger"), errno);
            goto fail;
        }
        int ok = fstat(fd, &id) == 0;
        close(fd);
        if (!ok || !S_ISREG(id.st_mode)) {
            rc = err_set(ctx, AW_EIO, _("%s: not a regular file"), path);
            goto fail;
        }
        int dirw = dir_writable(path);
        l->writable = mode == LEDGER_EXISTING && dirw && access(path, W_OK) == 0;
        /* immutable: SQLite takes no locks and makes no -shm; right only when no writer can be
         * at work, i.e. the directory cannot be written and no write-ahead log is there */
        uri = make_uri(path, l->writable ? "?mode=rw"
                             : !dirw && !beside(path, "-wal") ? "?mode=ro&immutable=1" : "?mode=ro");
    }
    if (!uri) {
        rc = err_set(ctx, AW_ENOMEM, _("out of memory"));
        goto fail;
    }
    int r = sqlite3_open_v2(uri, &l->db, SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX |
                            (l->writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY), NULL);
    mem_free(uri);
    uri = NULL;
    if (r != SQLITE_OK) {
        rc = err_set(ctx, l->db ? AW_ELEDGER : AW_ENOMEM, _("%s: cannot open: %s"), path,
                          l->db ? sqlite3_errmsg(l->db) : _("out of memory"));
        goto fail;
    }
    /* the file SQLite opened is the one checked (no swap between the checks and the open) */
    if (stat(path, &now) != 0 || now.st_dev != id.st_dev || now.st_ino != id.st_ino) {
        if (!(create && S_ISLNK(id.st_mode))) { /* --force on a symlink: followed on purpose */
            rc = err_set(ctx, AW_ELEDGER, _("%s: the file changed while it was opened"), path);
            goto fail;
        }
    }
    sqlite3_extended_result_codes(l->db, 1);
    sqlite3_busy_timeout(l->db, busy_ms);
    if ((rc = exec(ctx, l, "PRAGMA foreign_keys = ON"))) goto fail;
    if (create) {
        if ((rc = init_schema(ctx, l)) || (rc = set_wal(ctx, l)) ||
            (rc = exec(ctx, l, "PRAGMA synchronous = FULL")) ||
            /* an add inserts half a million rows into five indexes: with SQLite's 2 MB default
             * cache their pages are read and written again and again (bench/ledger.sh) */
            (rc = exec(ctx, l, "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY")))
            goto fail;
    } else if ((rc = check_schema(ctx, l))) {
        goto fail;
    }
    *out = l;
    return AW_OK;
fail:
    mem_free(uri);
    ledger_close(l);
    return rc;
}

void ledger_close(ledger *l)
{
    if (!l) return;
    sqlite3_close_v2(l->db);
    mem_free(l->path);
    mem_free(l);
}

sqlite3 *ledger_db(const ledger *l) { return l->db; }
const char *ledger_path(const ledger *l) { return l->path; }
int ledger_schema(const ledger *l) { return l->schema; }

/* ---- add */

typedef struct adder {
    aw_ctx *ctx;
    ledger *l;
    const char *name;                  /* as given, for messages */
    const char *base;                  /* stored */
    const ledger_add_opts *opts;
    sqlite3_stmt *dup, *ins_file, *ins_pr, *fin, *same, *tally;
    const ref_store *ref;                 /* with a koppeltabel: the leveringsvorm is stored */
    struct tally_row *tal;             /* the file's tally rows, in order of appearance */
    uint32_t ntal, ctal;
    hidx talidx;                       /* tal by tally_hash */
    long long file_id;
    ledger_added *info;
} adder;

static aw_rc step_done(adder *a, sqlite3_stmt *st, const char *what)
{
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    if (r != SQLITE_DONE) return db_error(a->ctx, a->l, what);
    return AW_OK;
}

/* ---- the tally of one AW320, summed in memory as its prestaties stream by (one row per
 * 0414 day, prestatiecode, leveringsvorm, granted, 0427) and written at its end */

typedef struct tally_row {
    long begin;
    char code[6];
    signed char lv;                    /* aw_lv, AW_LV_UNKNOWN when not stored */
    char granted, dc;
    uint64_t n;
    int64_t ingediend, toegekend;
} tally_row;

#define TALLY_MAX (1u << 22)           /* distinct rows per AW320 (more: out of memory) */

static uint32_t tally_hash(const tally_row *t)
{
    uint32_t h = 2166136261u ^ (uint32_t)t->begin;
    for (int i = 0; i < 6 && t->code[i]; i++) h = (h ^ (unsigned char)t->code[i]) * 16777619u;
    return (h ^ (uint32_t)(t->lv * 4 + t->granted * 2 + (t->dc == 'C'))) * 16777619u;
}

static int tally_same(const tally_row *a, const tally_row *b)
{
    return a->begin == b->begin && a->lv == b->lv && a->granted == b->granted && a->dc == b->dc &&
           !strcmp(a->code, b->code);
}

static aw_rc tally_add(adder *a, const tally_row *k)
{
    if (a->ntal >= TALLY_MAX)
        return err_set(a->ctx, AW_ENOMEM, _("%s: more than %u tally rows"), a->name, TALLY_MAX);
    uint32_t tag = tally_hash(k);
    for (uint32_t h = hidx_find(&a->talidx, tag); hidx_found(&a->talidx, h); h = hidx_next(&a->talidx, tag, h)) {
        tally_row *t = &a->tal[hidx_entry(&a->talidx, h)];
        if (tally_same(t, k)) {
            t->n += k->n;
            t->ingediend += k->ingediend;
            t->toegekend += k->toegekend;
            return AW_OK;
        }
    }
    if (a->ntal == a->ctal) {
        uint32_t nc = a->ctal ? a->ctal * 2 : 512;
        tally_row *nt = mem_realloc(a->tal, (size_t)nc * sizeof *nt);
        if (!nt) return err_set(a->ctx, AW_ENOMEM, _("out of memory"));
        a->tal = nt;
        a->ctal = nc;
    }
    if (hidx_reserve(&a->talidx, (size_t)a->ntal + 1)) return err_set(a->ctx, AW_ENOMEM, _("out of memory"));
    a->tal[a->ntal] = *k;
    hidx_put(&a->talidx, tag, a->ntal++);
    return AW_OK;
}

static aw_rc tally_write(adder *a)
{
    sqlite3_stmt *st = a->tally;
    aw_rc rc = AW_OK;
    sqlite3_bind_int64(st, 1, a->file_id);
    for (uint32_t i = 0; !rc && i < a->ntal; i++) {
        const tally_row *t = &a->tal[i];
        char dc[2] = {t->dc, 0};
        sqlite3_bind_int64(st, 2, t->begin);
        sqlite3_bind_text(st, 3, t->code, -1, SQLITE_STATIC);
        if (t->lv < AW_LV_UNKNOWN) sqlite3_bind_text(st, 4, aw_lv_name((aw_lv)t->lv), -1, SQLITE_STATIC);
        else sqlite3_bind_null(st, 4);
        sqlite3_bind_int(st, 5, t->granted);
        sqlite3_bind_text(st, 6, dc, 1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 7, (sqlite3_int64)t->n);
        sqlite3_bind_int64(st, 8, t->ingediend);
        sqlite3_bind_int64(st, 9, t->toegekend);
        rc = step_done(a, st, "insert tally");
    }
    return rc;
}

static aw_rc prepare(adder *a, sqlite3_stmt **st, const char *sql)
{
    if (sqlite3_prepare_v3(a->l->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
        return db_error(a->ctx, a->l, "prepare");
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
        aw_rc rc = err_set(a->ctx, LEDGER_REFUSED,
                                _("%s:%lu: invoice '%s' of instelling %08lu is in the ledger already "
                                  "(from %s, added %s): an invoice is recorded once"),
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
        sqlite3_bind_text(st, 7, p->code, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 8, p->begin);
        sqlite3_bind_int64(st, 9, p->end);
        sqlite3_bind_int64(st, 10, p->aantal);
        sqlite3_bind_int64(st, 11, (sqlite3_int64)p->tarief);
        sqlite3_bind_int64(st, 12, (sqlite3_int64)p->berekend);
        sqlite3_bind_text(st, 13, dc, 1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 14, (sqlite3_int64)p->bedrag);
        sqlite3_bind_text(st, 15, dc2, 1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 16, p->ref, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 17, p->prevref, -1, SQLITE_STATIC);
        aw_lv lv = a->ref ? ref_lv(a->ref, p->code, date_ymd_to_days(p->begin)) : AW_LV_UNKNOWN;
        if ((unsigned)lv < AW_LV_UNKNOWN) {
            sqlite3_bind_text(st, 23, aw_lv_name(lv), -1, SQLITE_STATIC);
            a->info->lv_known++;
        } else {
            sqlite3_bind_null(st, 23);
            lv = AW_LV_UNKNOWN;
        }
        tally_row k;
        memset(&k, 0, sizeof k);
        k.begin = p->begin;
        memcpy(k.code, p->code, sizeof k.code);
        k.lv = (signed char)lv;
        k.granted = (char)p->granted;
        k.dc = p->dc;
        k.n = 1;
        k.ingediend = p->dc2 == 'C' ? -(int64_t)p->bedrag : (int64_t)p->bedrag;
        k.toegekend = p->toegekend_signed;
        aw_rc rc = tally_add(a, &k);
        if (rc) return rc;
    } else {
        for (int i = 6; i <= 17; i++) sqlite3_bind_null(st, i);
        sqlite3_bind_null(st, 23);
    }
    sqlite3_bind_int64(st, 18, (sqlite3_int64)p->berekend_zv);
    sqlite3_bind_int64(st, 19, p->toegekend_signed);
    sqlite3_bind_text(st, 20, p->codes[0], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 21, p->codes[1], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 22, p->codes[2], -1, SQLITE_STATIC);
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
        aw_rc rc = err_set(a->ctx, LEDGER_REFUSED, _("%s: the same file was added before as %s"),
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
    aw_rc rc = step_done(a, st, "update file");
    if (rc) return rc;
    return tally_write(a);
}

aw_rc ledger_add(aw_ctx *ctx, ledger *l, const char *path, const ledger_add_opts *opts,
                 ledger_added *info)
{
    memset(info, 0, sizeof *info);
    if (!l->writable) return err_set(ctx, AW_ELEDGER, _("%s: opened read-only"), l->path);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return err_set(ctx, AW_EIO, "%s: %s", path, strerror(errno));
    const char *slash = strrchr(path, '/');
    adder a = {.ctx = ctx, .l = l, .name = path, .base = slash ? slash + 1 : path, .opts = opts,
               .ref = ctx->ref && ref_have_koppeltabel(ctx->ref) ? ctx->ref : NULL, .info = info};
    aw_rc rc;
    if ((rc = prepare(&a, &a.dup, "SELECT name, added FROM file WHERE instelling = ?1 AND factuur = ?2")) ||
        (rc = prepare(&a, &a.ins_file,
                      "INSERT INTO file (name, added, instelling, factuur, uzovi, period_begin,"
                      " period_end, dagtekening, referentie, retourdatum, codes, technical)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")) ||
        (rc = prepare(&a, &a.ins_pr,
                      "INSERT INTO prestatie (file, line, instelling, granted, bsn, code,"
                      " period_begin, period_end, aantal, tarief, berekend, dc, bedrag, dc2, ref,"
                      " prevref, berekend_zv, toegekend, rc1, rc2, rc3, lv) VALUES (?2, ?3, ?4, ?5,"
                      " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,"
                      " ?23)")) ||
        (rc = prepare(&a, &a.tally, tally_add_sql)) ||
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
    sqlite3_finalize(a.tally);
    mem_free(a.tal);
    hidx_free(&a.talidx);
    close(fd);
    if (rc) memset(info, 0, sizeof *info);
    return rc;
}

int64_t ledger_scale(int64_t a, int64_t num, int64_t den)
{
    int64_t p = a * num, q = p / den, r = p % den;
    if (r < 0) r = -r;
    if (2 * r >= den) q += p < 0 ? -1 : 1;
    return q;
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
        snprintf(info->problem, sizeof info->problem, _("integrity_check failed: %s"), sqlite3_errmsg(l->db));
        return AW_OK;
    }
    if (info->problem[0]) return AW_OK;
    /* 2. references and the per-file totals */
    static const struct { const char *sql, *what; } checks[] = {
        {"SELECT count(*) FROM pragma_foreign_key_check", N_("prestaties refer to a missing file")},
        {"SELECT count(*) FROM file WHERE sha256 IS NULL", N_("files without SHA-256 (an add that never committed)")},
        {"SELECT count(*) FROM file f WHERE prestaties != (SELECT count(*) FROM prestatie p WHERE p.file = f.id)"
         " OR granted != (SELECT count(*) FROM prestatie p WHERE p.file = f.id AND p.granted = 1)"
         " OR toegekend != (SELECT coalesce(sum(toegekend), 0) FROM prestatie p WHERE p.file = f.id)",
         N_("files whose totals differ from their prestaties")},
        {"SELECT count(*) FROM prestatie WHERE granted = 1 AND period_begin > period_end",
         N_("granted prestaties with a reversed period")},
        {"SELECT count(*) FROM file f WHERE (SELECT coalesce(sum(n), 0) FROM tally t WHERE t.file = f.id)"
         " != (SELECT count(*) FROM prestatie p WHERE p.file = f.id AND p.period_begin IS NOT NULL)"
         " OR (SELECT coalesce(sum(toegekend), 0) FROM tally t WHERE t.file = f.id)"
         " != (SELECT coalesce(sum(toegekend), 0) FROM prestatie p WHERE p.file = f.id AND p.period_begin IS NOT NULL)",
         N_("files whose tally differs from their prestaties")},
    };
    for (size_t i = 0; i < sizeof checks / sizeof *checks; i++) {
        if ((rc = int_query(ctx, l, checks[i].sql, &v))) return rc;
        if (v) {
            snprintf(info->problem, sizeof info->problem, "%lld %s", v, _(checks[i].what));
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
