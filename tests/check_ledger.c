/* SPDX-License-Identifier: MIT */
/* check_ledger.c — the history ledger: the AW320 reader (aw320read.c), the store (ledger.c:
 * add, refusals, summary, herschikking, verify, file mode) and rules H1-H5 (history.c) run
 * through the engine against a ledger built from AW320s that the engine itself wrote. */
#include "check_suites.h"
#include "testutil.h"
#include "ledger.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define INST "41009876"

static char dir[64];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/aw319-ledgerXXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", dir);
}

/* A path in the test's directory; valid for the next 63 calls (a test makes fewer). */
static const char *in_dir(const char *name)
{
    static char p[64][128];
    static int k;
    k = (k + 1) % 64;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

/* ---- building AW319 months and their AW320s */

typedef struct month {
    char rec[TU_MAX][311];
    int n, id;
} month;

/* A 01 for instelling inst, invoice factuur, declaratieperiode begin..end (CCYYMMDD). */
static void m_start(month *m, const char *inst, const char *factuur, const char *begin, const char *end,
                    const char *dagtekening)
{
    memset(m, 0, sizeof *m);
    tu_header(m->rec[0]);
    tu_set(m->rec[0], "0112", inst);
    tu_set(m->rec[0], "0116", factuur);
    tu_set(m->rec[0], "0114", begin);
    tu_set(m->rec[0], "0115", end);
    tu_set(m->rec[0], "0117", dagtekening);
    m->n = 1;
}

static void m_client(month *m, const char *bsn)
{
    tu_client(m->rec[m->n++], ++m->id, bsn);
}

/* A Z756 prestatie of 31 etmalen (a month of 31 days) or fewer: period begin..end. */
static void m_04(month *m, const char *bsn, const char *ref, const char *begin, const char *end,
                 char dc, const char *prevref)
{
    char *r = m->rec[m->n++];
    tu_prestatie(r, ++m->id, bsn, ref);
    long b = date_ymd_to_days(strtol(begin, NULL, 10)), e = date_ymd_to_days(strtol(end, NULL, 10));
    char n[24], amount[32];
    snprintf(n, sizeof n, "%ld", e - b + 1);
    snprintf(amount, sizeof amount, "%ld", (e - b + 1) * 13995);
    tu_set(r, "0414", begin);
    tu_set(r, "0415", end);
    tu_set(r, "0418", n);
    tu_set(r, "0426", amount);
    tu_set(r, "0429", amount);
    char d[2] = {dc, 0};
    tu_set(r, "0427", d);
    tu_set(r, "0430", d);
    if (prevref) tu_set(r, "0432", prevref);
}

static char *m_bytes(month *m, size_t *len)
{
    char *all[TU_MAX + 1], trailer[311];
    for (int i = 0; i < m->n; i++) all[i] = m->rec[i];
    tu_trailer(trailer, all, m->n);
    all[m->n] = trailer;
    return tu_join(all, m->n + 1, len);
}

static int mem_fd(const char *buf, size_t len)
{
    char path[] = "/tmp/aw319-lgXXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    unlink(path);
    ck_assert_int_eq(write(fd, buf, len), (ssize_t)len);
    lseek(fd, 0, SEEK_SET);
    return fd;
}

/* Check the month with the engine (and the ledger db when given) and write its AW320 to
 * path; the findings go to *res when res is not NULL. */
static void m_check(month *m, const char *db, const char *path, tu_result *res)
{
    size_t len;
    char *buf = m_bytes(m, &len);
    int fd = mem_fd(buf, len);
    free(buf);
    aw_ctx *ctx = aw_ctx_new();
    aw_ctx_set_run_date(ctx, 20240405);
    if (db) ck_assert_int_eq(aw_ctx_open_ledger(ctx, db), AW_OK);
    aw_output *o;
    aw_aw320 *w;
    ck_assert_int_eq(aw_output_open(ctx, path, &o), AW_OK);
    ck_assert_int_eq(aw_aw320_new(ctx, o, &w), AW_OK);
    tu_result local;
    tu_result *r = res ? res : &local;
    memset(r, 0, sizeof *r);
    /* the findings through a second pass of the test sinks, the AW320 through the writer */
    aw_sink s[1] = {aw_aw320_sink(w)};
    aw_summary sum;
    ck_assert_int_eq(aw_check_fd(ctx, fd, "t.asc", s, 1, &sum), AW_OK);
    ck_assert_int_eq(aw_output_commit(ctx, o), AW_OK);
    aw_aw320_free(w);
    close(fd);
    if (res) {
        buf = m_bytes(m, &len);
        tu_run(ctx, buf, len, res);
        free(buf);
    }
    aw_ctx_free(ctx);
}

static aw_rc add(const char *db, const char *aw320, ledger_added *info, char *msg, size_t n)
{
    aw_ctx *ctx = aw_ctx_new();
    ledger *l;
    ledger_added local;
    aw_rc rc = ledger_open(ctx, db, LEDGER_CREATE, &l);
    if (!rc) {
        ledger_add_opts o = {1700000000, NULL, NULL};
        rc = ledger_add(ctx, l, aw320, &o, info ? info : &local);
        ledger_close(l);
    }
    if (msg) snprintf(msg, n, "%s", aw_errmsg(ctx));
    aw_ctx_free(ctx);
    return rc;
}

static ledger_check verify(const char *db)
{
    aw_ctx *ctx = aw_ctx_new();
    ledger *l;
    ledger_check info;
    ck_assert_int_eq(ledger_open(ctx, db, LEDGER_EXISTING, &l), AW_OK);
    ck_assert_int_eq(ledger_verify(ctx, l, &info), AW_OK);
    ledger_close(l);
    aw_ctx_free(ctx);
    return info;
}

static void sql(const char *db, const char *stmt)
{
    sqlite3 *h;
    ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(h, stmt, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
}

/* Turn a ledger made by this program back into the indexes of schema 2 (and version 2). */
#define TO_SCHEMA2 \
    "DROP INDEX prestatie_month; DROP INDEX prestatie_span;" \
    "CREATE INDEX prestatie_debet ON prestatie(bsn, code, period_begin) WHERE granted = 1 AND dc = 'D';" \
    "CREATE INDEX prestatie_begin ON prestatie(period_begin) WHERE granted = 1;" \
    "PRAGMA user_version = 2;"

/* The names of the indexes of table prestatie, space-separated in order. */
static void indexes(const char *db, char *dst, size_t n)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
    ck_assert_int_eq(sqlite3_prepare_v2(h, "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master"
                                           " WHERE type = 'index' AND tbl_name = 'prestatie' ORDER BY name)",
                                        -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    snprintf(dst, n, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(h);
}

static int page_size(const char *db)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
    ck_assert_int_eq(sqlite3_prepare_v2(h, "PRAGMA page_size", -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

#define INDEXES3 "prestatie_file prestatie_month prestatie_prevref prestatie_ref prestatie_span"

/* January of year: clients A and B, debets R<year>01-0001/2, invoice F<year>-01. */
static void january(month *m, int year)
{
    char b[9], e[9], d[9], f[16], r1[24], r2[24];
    snprintf(b, sizeof b, "%04d0101", year);
    snprintf(e, sizeof e, "%04d0131", year);
    snprintf(d, sizeof d, "%04d0205", year);
    snprintf(f, sizeof f, "F%04d-01", year);
    snprintf(r1, sizeof r1, "R%04d01-0001", year);
    snprintf(r2, sizeof r2, "R%04d01-0002", year);
    m_start(m, INST, f, b, e, d);
    m_client(m, "812047436");
    m_04(m, "812047436", r1, b, e, 'D', NULL);
    m_client(m, "720516754");
    m_04(m, "720516754", r2, b, e, 'D', NULL);
}

/* ---- the AW320 reader */

typedef struct seen {
    int heads, n04, granted, tails;
    a320_head h;
    a320_04 last;
    a320_tail t;
} seen;

static aw_rc s_head(void *ud, const a320_head *h) { seen *s = ud; s->heads++; s->h = *h; return AW_OK; }
static aw_rc s_04(void *ud, const a320_04 *r) { seen *s = ud; s->n04++; s->granted += r->granted; s->last = *r; return AW_OK; }
static aw_rc s_tail(void *ud, const a320_tail *t) { seen *s = ud; s->tails++; s->t = *t; return AW_OK; }

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char *b = malloc(1 << 20);
    *len = fread(b, 1, 1 << 20, f);
    fclose(f);
    return b;
}

static aw_rc read_buf(const char *buf, size_t len, seen *s, char *msg, size_t n)
{
    memset(s, 0, sizeof *s);
    int fd = mem_fd(buf, len);
    aw_ctx *ctx = aw_ctx_new();
    a320_sink sink = {s, s_head, s_04, s_tail};
    aw_rc rc = a320_read(ctx, fd, "x.aw320", &sink);
    snprintf(msg, n, "%s", aw_errmsg(ctx));
    aw_ctx_free(ctx);
    close(fd);
    return rc;
}

static void january_aw320(char **buf, size_t *len)
{
    month m;
    january(&m, 2024);
    m_check(&m, NULL, in_dir("jan.aw320"), NULL);
    *buf = slurp(in_dir("jan.aw320"), len);
}

START_TEST(read_good)
{
    char *b, msg[1024];
    size_t len;
    seen s;
    january_aw320(&b, &len);
    ck_assert_uint_eq(len, 6 * 372);
    ck_assert_int_eq(read_buf(b, len, &s, msg, sizeof msg), AW_OK);
    ck_assert_int_eq(s.heads, 1);
    ck_assert_uint_eq(s.h.instelling, 41009876);
    ck_assert_str_eq(s.h.factuur, "F2024-01");
    ck_assert_int_eq(s.h.period_begin, 20240101);
    ck_assert_str_eq(s.h.codes[0], "8001");
    ck_assert_int_eq(s.h.technical, 0);
    ck_assert_int_eq(s.n04, 2);
    ck_assert_int_eq(s.granted, 2);
    ck_assert_uint_eq(s.last.bsn, 720516754);
    ck_assert_str_eq(s.last.code, "Z756");
    ck_assert_str_eq(s.last.ref, "R202401-0002");
    ck_assert_str_eq(s.last.prevref, "");
    ck_assert_int_eq(s.last.begin, 20240101);
    ck_assert_int_eq(s.last.end, 20240131);
    ck_assert_int_eq(s.last.dc, 'D');
    ck_assert_int_eq(s.last.toegekend_signed, 31 * 13995);
    ck_assert_int_eq(s.tails, 1);
    ck_assert_int_eq(s.t.toegekend, 2 * 31 * 13995);
    ck_assert_uint_eq(s.t.records, 6);
    ck_assert_uint_eq(strlen(s.t.sha256), 64);
    free(b);
}
END_TEST

START_TEST(read_wrong_length)
{
    char *b, msg[1024];
    size_t len;
    seen s;
    january_aw320(&b, &len);
    /* record 3 one byte short: drop its last byte before CR LF */
    memmove(b + 3 * 372 - 3, b + 3 * 372 - 2, len - (3 * 372 - 2));
    ck_assert_int_eq(read_buf(b, len - 1, &s, msg, sizeof msg), LEDGER_REFUSED);
    ck_assert_msg(strstr(msg, "x.aw320:3: record is 369 bytes, expected 370"), "%s", msg);
    ck_assert_int_eq(s.tails, 0);
    /* bare LF */
    free(b);
    january_aw320(&b, &len);
    b[372 - 2] = ' ';
    ck_assert_int_eq(read_buf(b, len, &s, msg, sizeof msg), LEDGER_REFUSED);
    ck_assert_msg(strstr(msg, "x.aw320:1: record of 371 bytes not ended by CR LF"), "%s", msg);
    /* bytes after the last CR LF */
    ck_assert_int_eq(read_buf(b, 372 + 5, &s, msg, sizeof msg), LEDGER_REFUSED);
    free(b);
    january_aw320(&b, &len);
    ck_assert_int_eq(read_buf(b, len - 2, &s, msg, sizeof msg), LEDGER_REFUSED);
    ck_assert_msg(strstr(msg, "x.aw320:6: last record of 370 bytes not ended by CR LF"), "%s", msg);
    /* one byte (P_: the singular) */
    ck_assert_int_eq(read_buf("x\r\n", 3, &s, msg, sizeof msg), LEDGER_REFUSED);
    ck_assert_msg(strstr(msg, "x.aw320:1: record is 1 byte, expected 370"), "%s", msg);
    ck_assert_int_eq(read_buf("x\n", 2, &s, msg, sizeof msg), LEDGER_REFUSED);
    ck_assert_msg(strstr(msg, "x.aw320:1: record of 1 byte not ended by CR LF"), "%s", msg);
    ck_assert_int_eq(read_buf("x", 1, &s, msg, sizeof msg), LEDGER_REFUSED);
    ck_assert_msg(strstr(msg, "x.aw320:1: last record of 1 byte not ended by CR LF"), "%s", msg);
    /* an AW319 is no AW320 */
    ck_assert_int_eq(read_buf(b, 0, &s, msg, sizeof msg), LEDGER_REFUSED);
    free(b);
}
END_TEST

START_TEST(read_bad_numbers)
{
    char *b, msg[1024];
    size_t len;
    seen s;
    const lay_field *f83 = lay_field_find(&lay_aw320_v13, "0483");
    const lay_field *f04 = lay_field_find(&lay_aw320_v13, "0403");
    const lay_field *f02 = lay_field_find(&lay_aw320_v13, "0102");
    const lay_field *f09 = lay_field_find(&lay_aw320_v13, "9909");
    january_aw320(&b, &len);
    b[2 * 372 + f83->pos + 3] = 'X';                     /* 0483 of line 3 */
    ck_assert_int_eq(read_buf(b, len, &s, msg, sizeof msg), LEDGER_REFUSED);
    ck_assert_msg(strstr(msg, "x.aw320:3: 0483 TOEGEKEND BEDRAG: '004X3845' is not a number"), "%s", msg);
    free(b);
    january_aw320(&b, &len);
    b[4 * 372 + f04->pos] = 'Q';                         /* BSN of a granted 04 */
    ck_assert_int_eq(read_buf(b, len, &s, msg, sizeof msg), LEDGER_REFUSED);
    ck_assert_msg(strstr(msg, "x.aw320:5: 0403"), "%s", msg);
    free(b);
    january_aw320(&b, &len);
    memcpy(b + f02->pos, "187", 3);                      /* an AW319 header */
    ck_assert_int_eq(read_buf(b, len, &s, msg, sizeof msg), LEDGER_REFUSED);
    ck_assert_msg(strstr(msg, "not an AW320"), "%s", msg);
    free(b);
    january_aw320(&b, &len);
    b[5 * 372 + f09->pos + f09->len - 1] ^= 1;           /* 9909 off by one cent */
    ck_assert_int_eq(read_buf(b, len, &s, msg, sizeof msg), LEDGER_REFUSED);
    ck_assert_msg(strstr(msg, "x.aw320:6: 9909"), "%s", msg);
    memset(b + 5 * 372 + f09->pos, '0', f09->len);       /* 9909 one cent (P_: the singular) */
    b[5 * 372 + f09->pos + f09->len - 1] = '1';
    ck_assert_int_eq(read_buf(b, len, &s, msg, sizeof msg), LEDGER_REFUSED);
    ck_assert_msg(strstr(msg, "x.aw320:6: 9909 TOTAAL TOEGEKEND BEDRAG is 1 cent, the 04 records add up to "), "%s", msg);
    ck_assert_int_eq(read_buf(b, 5 * 372, &s, msg, sizeof msg), LEDGER_REFUSED); /* no 99 */
    ck_assert_msg(strstr(msg, "sluitrecord 99 missing"), "%s", msg);
    free(b);
}
END_TEST

START_TEST(read_technical)
{
    /* a technically rejected file may carry garbage in its 04s: nothing granted, still read */
    month m;
    january(&m, 2024);
    tu_set(m.rec[2], "0418", "3X");                      /* V1 on the first 04 */
    m_check(&m, NULL, in_dir("t.aw320"), NULL);
    size_t len;
    char *b = slurp(in_dir("t.aw320"), &len), msg[1024];
    seen s;
    ck_assert_int_eq(read_buf(b, len, &s, msg, sizeof msg), AW_OK);
    ck_assert_int_eq(s.h.technical, 1);
    ck_assert_int_eq(s.n04, 2);
    ck_assert_int_eq(s.granted, 0);
    ck_assert_int_eq(s.t.toegekend, 0);
    free(b);
}
END_TEST

/* ---- the store */

START_TEST(add_and_refuse)
{
    month m;
    january(&m, 2024);
    m_check(&m, NULL, in_dir("jan.aw320"), NULL);
    const char *db = in_dir("l.db");
    ledger_added info;
    char msg[1024];
    mode_t old = umask(0);                               /* 0600 whatever the umask */
    ck_assert_int_eq(add(db, in_dir("jan.aw320"), &info, msg, sizeof msg), AW_OK);
    umask(old);
    struct stat st;
    ck_assert_int_eq(stat(db, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    ck_assert_uint_eq(info.prestaties, 2);
    ck_assert_uint_eq(info.granted, 2);
    ck_assert_int_eq(info.toegekend, 2 * 31 * 13995);
    /* the same AW320 again, and a copy under another name: refused, nothing added */
    ck_assert_int_eq(add(db, in_dir("jan.aw320"), &info, msg, sizeof msg), LEDGER_REFUSED);
    ck_assert_msg(strstr(msg, "jan.aw320:1: invoice 'F2024-01' of instelling 41009876 is in the ledger already"), "%s", msg);
    ck_assert_msg(strstr(msg, "added 2023-11-14T22:13:20Z"), "%s", msg);
    size_t len;
    char *b = slurp(in_dir("jan.aw320"), &len);
    FILE *f = fopen(in_dir("copy.aw320"), "wb");
    fwrite(b, 1, len, f);
    fclose(f);
    ck_assert_msg(add(db, in_dir("copy.aw320"), NULL, msg, sizeof msg) == LEDGER_REFUSED, "%s", msg);
    /* a malformed AW320 (bad last record): refused, the transaction leaves nothing behind */
    month m2;
    m_start(&m2, INST, "F2024-02", "20240201", "20240229", "20240305");
    m_client(&m2, "812047436");
    m_04(&m2, "812047436", "R202402-0001", "20240201", "20240229", 'D', NULL);
    m_check(&m2, NULL, in_dir("feb.aw320"), NULL);
    free(b);
    b = slurp(in_dir("feb.aw320"), &len);
    f = fopen(in_dir("bad.aw320"), "wb");
    fwrite(b, 1, len - 1, f);
    fclose(f);
    ck_assert_int_eq(add(db, in_dir("bad.aw320"), NULL, msg, sizeof msg), LEDGER_REFUSED);
    ck_assert_msg(strstr(msg, "bad.aw320:4:"), "%s", msg);
    ledger_check v = verify(db);
    ck_assert_str_eq(v.problem, "");
    ck_assert_uint_eq(v.files, 1);
    ck_assert_uint_eq(v.prestaties, 2);
    ck_assert_int_eq(add(db, in_dir("feb.aw320"), NULL, msg, sizeof msg), AW_OK);
    ck_assert_int_eq(add(db, in_dir("missing.aw320"), NULL, msg, sizeof msg), AW_EIO);
    v = verify(db);
    ck_assert_uint_eq(v.files, 2);
    ck_assert_uint_eq(v.granted, 3);
    ck_assert_int_eq(v.schema, LEDGER_SCHEMA);
    free(b);
}
END_TEST

#define GRANTED(c) ((c).toegekend_n + (c).credit_n)

static ledger_summary *summary_as_of(const char *db, int year, long as_of)
{
    aw_ctx *ctx = aw_ctx_new();
    ledger *l;
    ledger_summary *s;
    ck_assert_int_eq(ledger_open(ctx, db, LEDGER_READONLY, &l), AW_OK);
    ck_assert_int_eq(ledger_summary_make(ctx, l, year, as_of, &s), AW_OK);
    ledger_close(l);
    aw_ctx_free(ctx);
    return s;
}

static ledger_summary *summary(const char *db, int year) { return summary_as_of(db, year, 0); }

START_TEST(summary_totals)
{
    /* the summary's toegekend = the sum of 9909/9910 over the added AW320s */
    const char *db = in_dir("s.db");
    month m;
    seen s;
    char msg[1024], *b;
    size_t len;
    int64_t sum9909 = 0;
    january(&m, 2024);                                   /* 2 debets */
    m_check(&m, NULL, in_dir("a.aw320"), NULL);
    m_start(&m, INST, "F2024-03", "20240101", "20240331", "20240405");
    m_client(&m, "720516754");                           /* credit of January, March debet */
    m_04(&m, "720516754", "R202403-0001", "20240101", "20240131", 'C', "R202401-0002");
    m_04(&m, "720516754", "R202403-0002", "20240301", "20240310", 'D', NULL);
    m_client(&m, "812047436");                           /* rejected (I6): not granted */
    m_04(&m, "812047436", "R202403-0003", "20240301", "20240331", 'D', NULL);
    tu_set(m.rec[m.n - 1], "0426", "1");
    m_check(&m, NULL, in_dir("b.aw320"), NULL);
    const char *files[] = {"a.aw320", "b.aw320"};
    for (int i = 0; i < 2; i++) {
        b = slurp(in_dir(files[i]), &len);
        ck_assert_int_eq(read_buf(b, len, &s, msg, sizeof msg), AW_OK);
        sum9909 += s.t.toegekend;
        free(b);
        ck_assert_int_eq(add(db, in_dir(files[i]), NULL, msg, sizeof msg), AW_OK);
    }
    ledger_summary *y = summary(db, 0);
    ck_assert_int_eq(y->nyears, 1);
    ck_assert_int_eq(y->have_lv, 0);
    const ledger_year *z = &y->years[0];
    ck_assert_int_eq(z->year, 2024);
    ck_assert_int_eq(z->total[LEDGER_ALL].net, sum9909);
    ck_assert_int_eq(z->total[AW_LV_UNKNOWN].net, sum9909);
    ck_assert_int_eq(sum9909, 2 * 31 * 13995 - 31 * 13995 + 10 * 13995);
    ck_assert_uint_eq(GRANTED(z->total[LEDGER_ALL]), 4);   /* the rejected one is not granted */
    ck_assert_int_eq(z->month[0][LEDGER_ALL].net, 31 * 13995); /* the credit is January's */
    ck_assert_uint_eq(GRANTED(z->month[0][LEDGER_ALL]), 3);
    ck_assert_int_eq(z->month[2][LEDGER_ALL].net, 10 * 13995);
    ck_assert_int_eq(GRANTED(z->month[1][LEDGER_ALL]), 0);
    /* ingediend, toegekend, afgewezen, credits */
    const ledger_cell *t = &z->total[LEDGER_ALL];
    ck_assert_uint_eq(t->ingediend_n, 5);
    ck_assert_uint_eq(t->toegekend_n, 3);
    ck_assert_uint_eq(t->credit_n, 1);
    ck_assert_uint_eq(t->afgewezen_n, 1);
    ck_assert_int_eq(t->toegekend, 2 * 31 * 13995 + 10 * 13995);
    ck_assert_int_eq(t->credit, -31 * 13995);
    ck_assert_int_eq(t->net, t->toegekend + t->credit);
    ck_assert_int_eq(t->afgewezen, t->ingediend - t->net);
    ck_assert_int_eq(t->ingediend, 2 * 31 * 13995 - 31 * 13995 + 10 * 13995 + 31 * 13995);
    ck_assert_uint_eq(z->h1_months[LEDGER_ALL], 1u | 4u); /* januari and maart have data */
    ck_assert_int_eq(z->h1[LEDGER_ALL], sum9909);
    ck_assert_int_eq(z->days_h1, 182);
    ck_assert_int_eq(z->days_year, 366);
    ck_assert_int_eq(z->herschikking[LEDGER_ALL], ledger_scale(sum9909, 366, 182));
    ledger_summary_free(y);
    y = summary(db, 2023);                               /* a year without data */
    ck_assert_int_eq(y->nyears, 1);
    ck_assert_int_eq(GRANTED(y->years[0].total[LEDGER_ALL]), 0);
    ck_assert_uint_eq(y->years[0].h1_months[LEDGER_ALL], 0);
    ck_assert_int_eq(y->years[0].days_h1, 181);
    ledger_summary_free(y);
}
END_TEST

START_TEST(herschikking)
{
    /* doc/ledger.md: 181/365 in 2021, 182/366 in a leap year; to the nearest cent, halves away from 0 */
    const char *db = in_dir("h.db");
    month m;
    char msg[1024];
    january(&m, 2021);
    m_check(&m, NULL, in_dir("2021.aw320"), NULL);
    ck_assert_int_eq(add(db, in_dir("2021.aw320"), NULL, msg, sizeof msg), AW_OK);
    january(&m, 2024);
    m_check(&m, NULL, in_dir("2024.aw320"), NULL);
    ck_assert_int_eq(add(db, in_dir("2024.aw320"), NULL, msg, sizeof msg), AW_OK);
    ledger_summary *s = summary(db, 0);
    ck_assert_int_eq(s->nyears, 2);
    const ledger_year *a = &s->years[0], *b = &s->years[1];
    ck_assert_int_eq(a->year, 2021);
    ck_assert_int_eq(a->days_h1, 181);
    ck_assert_int_eq(a->days_year, 365);
    ck_assert_int_eq(a->h1[LEDGER_ALL], 867690);             /* 2 x 31 x 139.95 */
    ck_assert_int_eq(a->herschikking[LEDGER_ALL], 1749762);  /* 867690 x 365 / 181 = 1749761.60 */
    ck_assert_int_eq(b->year, 2024);
    ck_assert_int_eq(b->days_h1, 182);
    ck_assert_int_eq(b->days_year, 366);
    ck_assert_int_eq(b->herschikking[LEDGER_ALL], 1744915);  /* 867690 x 366 / 182 = 1744915.05 */
    ledger_summary_free(s);
    ck_assert_int_eq(ledger_scale(1, 1, 2), 1);              /* halves away from zero */
    ck_assert_int_eq(ledger_scale(-1, 1, 2), -1);
    ck_assert_int_eq(ledger_scale(-867690, 365, 181), -1749762);
    ck_assert_int_eq(ledger_scale(0, 366, 182), 0);
}
END_TEST

START_TEST(verify_damage)
{
    const char *db = in_dir("v.db");
    month m;
    char msg[1024];
    january(&m, 2024);
    m_check(&m, NULL, in_dir("jan.aw320"), NULL);
    ck_assert_int_eq(add(db, in_dir("jan.aw320"), NULL, msg, sizeof msg), AW_OK);
    ck_assert_str_eq(verify(db).problem, "");
    sql(db, "UPDATE file SET toegekend = toegekend + 1");
    ledger_check v = verify(db);
    ck_assert_msg(strstr(v.problem, "totals differ"), "%s", v.problem);
}
END_TEST

START_TEST(open_errors)
{
    /* --ledger: a missing, corrupt or foreign database is an error, never an empty history */
    aw_ctx *ctx = aw_ctx_new();
    ck_assert_int_eq(aw_ctx_open_ledger(ctx, in_dir("none.db")), AW_ELEDGER);
    ck_assert_msg(strstr(aw_errmsg(ctx), "none.db"), "%s", aw_errmsg(ctx));
    err_clear(ctx);
    FILE *f = fopen(in_dir("junk.db"), "wb");
    for (int i = 0; i < 4096; i++) fputc(i * 7 + 3, f);
    fclose(f);
    ck_assert_int_eq(aw_ctx_open_ledger(ctx, in_dir("junk.db")), AW_ELEDGER);
    err_clear(ctx);
    sql(in_dir("other.db"), "CREATE TABLE t (x)");
    ck_assert_int_eq(aw_ctx_open_ledger(ctx, in_dir("other.db")), AW_ELEDGER);
    ck_assert_msg(strstr(aw_errmsg(ctx), "not an aw319 ledger"), "%s", aw_errmsg(ctx));
    err_clear(ctx);
    month m;
    char msg[1024];
    january(&m, 2024);
    m_check(&m, NULL, in_dir("jan.aw320"), NULL);
    ck_assert_int_eq(add(in_dir("l.db"), in_dir("jan.aw320"), NULL, msg, sizeof msg), AW_OK);
    sql(in_dir("l.db"), "PRAGMA user_version = 7");
    ck_assert_int_eq(aw_ctx_open_ledger(ctx, in_dir("l.db")), AW_ELEDGER);
    ck_assert_msg(strstr(aw_errmsg(ctx), "schema version 7"), "%s", aw_errmsg(ctx));
    ck_assert_int_eq(add(in_dir("l.db"), in_dir("jan.aw320"), NULL, msg, sizeof msg), AW_ELEDGER);
    aw_ctx_free(ctx);
}
END_TEST

START_TEST(out_of_memory)
{
    /* every allocation of the ledger code may fail: an error, never a crash or a half add */
    month m;
    january(&m, 2024);
    m_check(&m, NULL, in_dir("jan.aw320"), NULL);
    const char *db = in_dir("o.db");
    int ok = 0;
    for (long n = 1, left = 0; !left; n++) { /* until every allocation has failed once */
        ck_assert_msg(n < TU_OOM_LIMIT, "no run without a failed allocation");
        aw_ctx *ctx = aw_ctx_new();
        ledger *l = NULL;
        ledger_added info;
        if (ok) unlink(db); /* every run adds the month to a new ledger */
        mem_fail_after(n);
        aw_rc rc = ledger_open(ctx, db, LEDGER_CREATE, &l);
        if (!rc) rc = ledger_add(ctx, l, in_dir("jan.aw320"), NULL, &info);
        left = mem_fail_after(0);
        ledger_close(l);
        ck_assert_msg(rc == AW_OK || rc == AW_ENOMEM, "n=%ld rc=%d %s", n, (int)rc, aw_errmsg(ctx));
        aw_ctx_free(ctx);
        ok = rc == AW_OK;
        if (!ok && access(db, F_OK) == 0) ck_assert_uint_eq(verify(db).files, 0);
    }
    ck_assert(ok);
    for (long n = 1, left = 0; !left; n++) {
        ck_assert_msg(n < TU_OOM_LIMIT, "no run without a failed allocation");
        aw_ctx *ctx = aw_ctx_new();
        mem_fail_after(n);
        aw_rc rc = aw_ctx_open_ledger(ctx, db);
        left = mem_fail_after(0);
        ck_assert_msg(rc == AW_OK || rc == AW_ENOMEM, "n=%ld rc=%d", n, (int)rc);
        ck_assert(rc == AW_OK || !left);
        aw_ctx_free(ctx);
    }
}
END_TEST

/* ---- opening: busy, adopting, migrating (#16.3, #16.4) */

static aw_rc open_msg(const char *db, ledger_mode mode, char *msg, size_t n)
{
    aw_ctx *ctx = aw_ctx_new();
    ledger *l = NULL;
    aw_rc rc = ledger_open(ctx, db, mode, &l);
    snprintf(msg, n, "%s", aw_errmsg(ctx));
    ledger_close(l);
    aw_ctx_free(ctx);
    return rc;
}

START_TEST(busy_ledger)
{
    /* a ledger locked longer than the busy timeout says it is busy, not "not usable" */
    month m;
    char msg[1024];
    january(&m, 2024);
    m_check(&m, NULL, in_dir("jan.aw320"), NULL);
    const char *db = in_dir("b.db");
    ck_assert_int_eq(add(db, in_dir("jan.aw320"), NULL, msg, sizeof msg), AW_OK);
    sqlite3 *h;
    ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(h, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;"
                                     " INSERT INTO file (name, added, instelling, factuur, uzovi, period_begin,"
                                     " period_end, dagtekening, referentie, retourdatum, codes, technical)"
                                     " VALUES ('x', 'x', 1, 'x', 0, 0, 0, 0, '', 0, '', 0)", NULL, NULL, NULL),
                     SQLITE_OK);
    ledger_set_busy_ms(100);
    ck_assert_int_eq(open_msg(db, LEDGER_READONLY, msg, sizeof msg), AW_EIO);
    ck_assert_msg(strstr(msg, "b.db: the ledger is busy"), "%s", msg);
    ck_assert_int_eq(open_msg(db, LEDGER_CREATE, msg, sizeof msg), AW_EIO);
    ck_assert_msg(strstr(msg, "is busy"), "%s", msg);
    aw_ctx *ctx = aw_ctx_new();
    ck_assert_int_eq(aw_ctx_open_ledger(ctx, db), AW_ELEDGER);
    ck_assert_msg(strstr(aw_errmsg(ctx), "is busy"), "%s", aw_errmsg(ctx));
    aw_ctx_free(ctx);
    ledger_set_busy_ms(LEDGER_BUSY_MS);
    sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(h);
    ck_assert_str_eq(verify(db).problem, "");
}
END_TEST

START_TEST(adopt_refused)
{
    /* add writes BSNs: it creates the ledger itself (O_EXCL, 0600) and adopts no file it did
     * not make, unless forced */
    char msg[1024];
    const char *e = in_dir("empty.db");
    int fd = open(e, O_WRONLY | O_CREAT | O_EXCL, 0600);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ledger_set_busy_ms(100);                             /* how long an empty file may stay empty */
    ck_assert_int_eq(open_msg(e, LEDGER_CREATE, msg, sizeof msg), AW_ELEDGER);
    ck_assert_msg(strstr(msg, "empty.db: is empty, not a ledger made by aw319ledger: not adopted"), "%s", msg);
    ledger_set_busy_ms(LEDGER_BUSY_MS);
    ck_assert_int_eq(chmod(e, 0666), 0);
    ck_assert_int_eq(open_msg(e, LEDGER_CREATE, msg, sizeof msg), AW_ELEDGER);
    ck_assert_msg(strstr(msg, "mode 0666"), "%s", msg);
    ck_assert_int_eq(symlink(e, in_dir("link.db")), 0);
    ck_assert_int_eq(open_msg(in_dir("link.db"), LEDGER_CREATE, msg, sizeof msg), AW_ELEDGER);
    ck_assert_msg(strstr(msg, "link.db: is a symbolic link"), "%s", msg);
    struct stat st;
    ck_assert_int_eq(stat(e, &st), 0);
    ck_assert_int_eq(st.st_size, 0);                     /* nothing written into it */
    ck_assert_int_eq(open_msg(e, LEDGER_CREATE_FORCE, msg, sizeof msg), AW_OK);
    ck_assert_int_eq(open_msg(e, LEDGER_CREATE_FORCE, msg, sizeof msg), AW_OK);
    ck_assert_int_eq(chmod(e, 0600), 0);
    ck_assert_int_eq(open_msg(e, LEDGER_CREATE, msg, sizeof msg), AW_OK); /* now it is a ledger */
    ck_assert_int_eq(mkdir(in_dir("d.db"), 0700), 0);
    ck_assert_int_eq(open_msg(in_dir("d.db"), LEDGER_CREATE, msg, sizeof msg), AW_ELEDGER);
    ck_assert_msg(strstr(msg, "is not a regular file"), "%s", msg);
}
END_TEST

static void same_summary(const ledger_summary *a, const ledger_summary *b)
{
    ck_assert_int_eq(a->nyears, b->nyears);
    for (int i = 0; i < a->nyears; i++)
        ck_assert(!memcmp(&a->years[i], &b->years[i], sizeof a->years[i]));
}

START_TEST(migrate_schema1)
{
    /* a schema 1 ledger (no prestatie.lv, no tally) is read as it is, and migrated by add */
    month m;
    char msg[1024];
    january(&m, 2024);
    m_check(&m, NULL, in_dir("jan.aw320"), NULL);
    const char *db = in_dir("m.db");
    ck_assert_int_eq(add(db, in_dir("jan.aw320"), NULL, msg, sizeof msg), AW_OK);
    ledger_summary *v2 = summary(db, 0);
    sql(db, TO_SCHEMA2 "DROP TABLE tally; ALTER TABLE prestatie DROP COLUMN lv; PRAGMA user_version = 1");
    aw_ctx *ctx = aw_ctx_new();
    ledger *l;
    ck_assert_int_eq(ledger_open(ctx, db, LEDGER_READONLY, &l), AW_OK);
    ck_assert_int_eq(ledger_schema(l), 1);
    ledger_close(l);
    ledger_summary *v1 = summary(db, 0);
    same_summary(v1, v2);
    ledger_summary_free(v1);
    ck_assert_int_eq(verify(db).schema, 1);
    ck_assert_int_eq(ledger_open(ctx, db, LEDGER_CREATE, &l), AW_OK); /* add's open migrates */
    ck_assert_int_eq(ledger_schema(l), LEDGER_SCHEMA);
    ledger_close(l);
    aw_ctx_free(ctx);
    ledger_check v = verify(db);
    ck_assert_int_eq(v.schema, LEDGER_SCHEMA);
    ck_assert_str_eq(v.problem, "");
    char ix[256];
    indexes(db, ix, sizeof ix);
    ck_assert_str_eq(ix, INDEXES3);
    v1 = summary(db, 0);
    same_summary(v1, v2);
    ledger_summary_free(v1);
    ledger_summary_free(v2);
}
END_TEST

START_TEST(as_of)
{
    /* --as-of counts only the AW320s added on or before the day */
    month m;
    january(&m, 2024);
    m_check(&m, NULL, in_dir("jan.aw320"), NULL);
    m_start(&m, INST, "F2024-02", "20240201", "20240229", "20240305");
    m_client(&m, "812047436");
    m_04(&m, "812047436", "R202402-0001", "20240201", "20240229", 'D', NULL);
    m_check(&m, NULL, in_dir("feb.aw320"), NULL);
    const char *db = in_dir("a.db");
    aw_ctx *ctx = aw_ctx_new();
    ledger *l;
    ledger_added info;
    ck_assert_int_eq(ledger_open(ctx, db, LEDGER_CREATE, &l), AW_OK);
    ledger_add_opts o = {1700000000, NULL, NULL}; /* 2023-11-14T22:13:20Z */
    ck_assert_int_eq(ledger_add(ctx, l, in_dir("jan.aw320"), &o, &info), AW_OK);
    o.now += 86400;                               /* 2023-11-15 */
    ck_assert_int_eq(ledger_add(ctx, l, in_dir("feb.aw320"), &o, &info), AW_OK);
    ledger_close(l);
    aw_ctx_free(ctx);
    ledger_summary *s = summary_as_of(db, 2024, 20231113);
    ck_assert_uint_eq(s->years[0].total[LEDGER_ALL].ingediend_n, 0);
    ledger_summary_free(s);
    s = summary_as_of(db, 2024, 20231114);
    ck_assert_uint_eq(s->years[0].total[LEDGER_ALL].ingediend_n, 2);
    ck_assert_uint_eq(s->years[0].month[1][LEDGER_ALL].ingediend_n, 0);
    ck_assert_int_eq(s->as_of, 20231114);
    ledger_summary_free(s);
    s = summary_as_of(db, 2024, 20231115);
    ck_assert_uint_eq(s->years[0].total[LEDGER_ALL].ingediend_n, 3);
    ck_assert_uint_eq(s->years[0].h1_months[LEDGER_ALL], 3u);
    ledger_summary_free(s);
}
END_TEST

START_TEST(splitmix)
{
    /* the published reference outputs of splitmix64 from state 0 */
    uint64_t st = 0;
    ck_assert(ledger_splitmix64(&st) == 0xE220A8397B1DCDAFULL);
    ck_assert(ledger_splitmix64(&st) == 0x6E789E6AA1B965F4ULL);
    ck_assert(ledger_splitmix64(&st) == 0x06C45D188009454FULL);
}
END_TEST

typedef struct picks { int n; ledger_pick p[16]; } picks;
static aw_rc keep_pick(void *ud, const ledger_pick *p)
{
    picks *k = ud;
    if (k->n < 16) k->p[k->n++] = *p;
    return AW_OK;
}

static picks sample(const char *db, long ym, unsigned long size, uint64_t seed, unsigned long *pop)
{
    aw_ctx *ctx = aw_ctx_new();
    ledger *l;
    picks k;
    memset(&k, 0, sizeof k);
    ledger_sample_opts o = {ym, size, seed, -1, 0};
    ck_assert_int_eq(ledger_open(ctx, db, LEDGER_READONLY, &l), AW_OK);
    ck_assert_int_eq(ledger_sample(ctx, l, &o, pop, keep_pick, &k), AW_OK);
    ledger_close(l);
    aw_ctx_free(ctx);
    return k;
}

START_TEST(sample_reproducible)
{
    month m;
    char msg[1024];
    m_start(&m, INST, "F2024-01", "20240101", "20240131", "20240205");
    const char *bsn[] = {"812047436", "720516754", "100000009", "100000010", "100000022", "100000034"};
    for (int i = 0; i < 6; i++) {
        char ref[24];
        snprintf(ref, sizeof ref, "R202401-%04d", i + 1);
        m_client(&m, bsn[i]);
        m_04(&m, bsn[i], ref, "20240101", "20240110", 'D', NULL);
    }
    m_check(&m, NULL, in_dir("jan.aw320"), NULL);
    const char *db = in_dir("s.db");
    ck_assert_int_eq(add(db, in_dir("jan.aw320"), NULL, msg, sizeof msg), AW_OK);
    unsigned long pop;
    picks a = sample(db, 202401, 3, 42, &pop), b = sample(db, 202401, 3, 42, &pop);
    ck_assert_uint_eq(pop, 6);
    ck_assert_int_eq(a.n, 3);
    for (int i = 0; i < 3; i++) {
        ck_assert_uint_eq(a.p[i].population, b.p[i].population);
        ck_assert_uint_eq(a.p[i].nr, (unsigned long)i + 1);
    }
    /* the draw by hand: splitmix64(42), partial Fisher-Yates over positions 0-5 */
    uint64_t st = 42;
    unsigned perm[6] = {0, 1, 2, 3, 4, 5};
    for (unsigned i = 0; i < 3; i++) {
        uint64_t mm = 6 - i, v;
        do v = ledger_splitmix64(&st); while (v < (0 - mm) % mm);
        unsigned j = i + (unsigned)(v % mm), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
        ck_assert_uint_eq(a.p[i].population, perm[i] + 1);
    }
    /* more than the population: every prestatie once */
    picks all = sample(db, 202401, 100, 7, &pop);
    ck_assert_int_eq(all.n, 6);
    unsigned got = 0;
    for (int i = 0; i < 6; i++) got |= 1u << (all.p[i].population - 1);
    ck_assert_uint_eq(got, 63);
    picks none = sample(db, 202402, 5, 7, &pop);
    ck_assert_int_eq(none.n, 0);
    ck_assert_uint_eq(pop, 0);
}
END_TEST

START_TEST(budget_file)
{
    const char *p = in_dir("pa.csv");
    FILE *f = fopen(p, "wb");
    fputs("\xEF\xBB\xBFleveringsvorm;jaar;bedrag\r\nZZP;2024;1.234.567,89\r\nvpt ; 2024 ; \xE2\x82\xAC 1234567.8\r\n"
          "MPT;2024;12.000\r\nZZP;2023;5\r\n", f);
    fclose(f);
    aw_ctx *ctx = aw_ctx_new();
    ledger_budget b;
    ck_assert_int_eq(ledger_budget_load(ctx, p, 2024, &b), AW_OK);
    ck_assert_int_eq(b.agreed[AW_LV_ZZP], 123456789);
    ck_assert_int_eq(b.agreed[AW_LV_VPT], 123456780);
    ck_assert_int_eq(b.agreed[AW_LV_MPT], 1200000);
    ck_assert_int_eq(b.agreed[LEDGER_ALL], 123456789 + 123456780 + 1200000);
    ck_assert_int_eq(ledger_budget_load(ctx, p, 2023, &b), AW_OK);
    ck_assert_int_eq(b.agreed[AW_LV_ZZP], 500);
    ck_assert_int_eq(b.agreed[AW_LV_MPT], -1);
    ck_assert_int_eq(ledger_budget_load(ctx, p, 2022, &b), LEDGER_REFUSED);
    static const char *const bad[] = {"ZZP;2024;1.234.56", "ZZP;2024;12,345", "ZZP;2024;1,234.00", "XYZ;2024;1",
                                      "ZZP;24;1", "ZZP;2024", "ZZP;2024;1;2", "ZZP;2024;-5", "ZZP;2024;1.23.456"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        f = fopen(p, "wb");
        fprintf(f, "%s\n", bad[i]);
        fclose(f);
        err_clear(ctx);
        ck_assert_msg(ledger_budget_load(ctx, p, 2024, &b) == LEDGER_REFUSED, "%s", bad[i]);
        ck_assert_msg(strstr(aw_errmsg(ctx), "pa.csv:1: "), "%s", aw_errmsg(ctx));
    }
    f = fopen(p, "wb");
    fputs("ZZP;2024;1\nZZP;2024;2\n", f);
    fclose(f);
    err_clear(ctx);
    ck_assert_int_eq(ledger_budget_load(ctx, p, 2024, &b), LEDGER_REFUSED);
    ck_assert_msg(strstr(aw_errmsg(ctx), "pa.csv:2: a second budget"), "%s", aw_errmsg(ctx));
    aw_ctx_free(ctx);
}
END_TEST

/* ---- H1-H5 through the engine */

static int has(const tu_result *r, const char *rule, unsigned long line)
{
    for (int i = 0; i < r->nfind; i++)
        if (!strcmp(r->f[i].rule, rule) && r->f[i].line == line) return 1;
    return 0;
}

static int count(const tu_result *r, const char *rule)
{
    int n = 0;
    for (int i = 0; i < r->nfind; i++) n += !strcmp(r->f[i].rule, rule);
    return n;
}

START_TEST(h_rules)
{
    const char *db = in_dir("h.db");
    month m;
    tu_result r;
    char msg[1024];
    january(&m, 2024);                                   /* A: R202401-0001, B: R202401-0002 */
    m_client(&m, "100000022");
    m_04(&m, "100000022", "R202401-0003", "20240101", "20240110", 'D', NULL);
    m_check(&m, NULL, in_dir("jan.aw320"), NULL);
    ck_assert_int_eq(add(db, in_dir("jan.aw320"), NULL, msg, sizeof msg), AW_OK);

    m_start(&m, INST, "F2024-02", "20240101", "20240229", "20240305");
    m_client(&m, "812047436");
    m_04(&m, "812047436", "R202401-0001", "20240201", "20240229", 'D', NULL);           /* 3: H1 */
    m_04(&m, "812047436", "R202402-0002", "20240131", "20240131", 'D', NULL);           /* 4: H4 */
    m_client(&m, "720516754");
    m_04(&m, "720516754", "R202402-0003", "20240101", "20240131", 'C', "R202401-0002"); /* 6: ok */
    m_04(&m, "720516754", "R202402-0004", "20240101", "20240131", 'D', NULL);           /* 7: ok, credited above */
    m_04(&m, "720516754", "R202402-0005", "20240101", "20240131", 'C', "R202401-0002"); /* 8: H3 */
    m_04(&m, "720516754", "R202402-0006", "20240101", "20240131", 'C', "R202312-0099"); /* 9: H2 */
    m_04(&m, "720516754", "R202402-0007", "20240201", "20240229", 'D', NULL);           /* 10: ok */
    m_04(&m, "720516754", "R202402-0008", "20240201", "20240229", 'C', "R202402-0007"); /* 11: I11, no H2 */
    m_client(&m, "100000022");
    m_04(&m, "100000022", "R202402-0009", "20240111", "20240131", 'D', NULL);           /* 13: adjacent, ok */
    m_check(&m, db, in_dir("feb.aw320"), &r);
    ck_assert_int_eq(r.rc, AW_OK);
    ck_assert(has(&r, "H1", 3));
    ck_assert(has(&r, "H4", 4));
    ck_assert(has(&r, "H3", 8));
    ck_assert(has(&r, "H2", 9));
    ck_assert(has(&r, "I11", 11));
    ck_assert_int_eq(count(&r, "H1") + count(&r, "H2") + count(&r, "H3") + count(&r, "H4") + count(&r, "H5"), 4);
    int i = tu_find(&r, "H1");
    ck_assert_str_eq(r.f[i].code, "8021");
    ck_assert_str_eq(r.f[i].field, "0431");
    ck_assert_msg(strstr(r.f[i].msg, "jan.aw320 line 3"), "%s", r.f[i].msg);
    ck_assert_str_eq(r.f[tu_find(&r, "H2")].code, "8017");
    ck_assert_str_eq(r.f[tu_find(&r, "H3")].code, "8084");
    ck_assert_str_eq(r.f[tu_find(&r, "H4")].code, "0587");
    ck_assert_msg(strstr(r.f[tu_find(&r, "H4")].msg, "'R202401-0001'"), "%s", r.f[tu_find(&r, "H4")].msg);
    ck_assert_int_eq(add(db, in_dir("feb.aw320"), NULL, msg, sizeof msg), AW_OK);

    /* March: the invoice number of January (H5 rejects the file); credits against the ledger */
    m_start(&m, INST, "F2024-01", "20240101", "20240331", "20240405");
    m_client(&m, "720516754");
    m_04(&m, "720516754", "R202403-0001", "20240101", "20240131", 'C', "R202401-0002"); /* 3: H3 (ledger) */
    m_04(&m, "720516754", "R202403-0002", "20240101", "20240131", 'C', "R202402-0004"); /* 4: ok */
    m_04(&m, "720516754", "R202403-0003", "20240115", "20240120", 'D', NULL);           /* 5: ok, 0004 credited above */
    m_client(&m, "812047436");
    m_04(&m, "812047436", "R202403-0004", "20240120", "20240120", 'D', NULL);           /* 7: H4 */
    m_check(&m, db, in_dir("mar.aw320"), &r);
    ck_assert(has(&r, "H5", 1));
    i = tu_find(&r, "H5");
    ck_assert_str_eq(r.f[i].code, "0030");
    ck_assert_str_eq(r.f[i].field, "0116");
    ck_assert(has(&r, "H3", 3));
    ck_assert_msg(strstr(r.f[tu_find(&r, "H3")].msg, "feb.aw320 line 6"), "%s", r.f[tu_find(&r, "H3")].msg);
    ck_assert(has(&r, "H4", 7));
    ck_assert_int_eq(count(&r, "H3") + count(&r, "H4") + count(&r, "H1") + count(&r, "H2"), 2);
    ck_assert_int_eq(r.sum.verdict, AW_VERDICT_TECHNICAL);

    /* another instelling: its own references and invoices (H1-H3, H5), every instelling's
     * debets for H4 */
    m_start(&m, "41009877", "F2024-01", "20240101", "20240131", "20240205");
    m_client(&m, "812047436");
    m_04(&m, "812047436", "R202401-0001", "20240101", "20240131", 'D', NULL);
    m_check(&m, db, in_dir("other.aw320"), &r);
    ck_assert_int_eq(count(&r, "H1") + count(&r, "H5"), 0);
    ck_assert(has(&r, "H4", 3));
}
END_TEST

/* H4 against debets whose periods cross a month end, found through prestatie_span (schema 3)
 * or the one index of schema 2; the same findings when the ledger is read as schema 2 and
 * after add's open has migrated it to schema 3. */
static void h4_months_check(const char *db)
{
    month m;
    tu_result r;
    m_start(&m, INST, "F2024-02", "20240101", "20240331", "20240405");
    m_client(&m, "812047436");
    m_04(&m, "812047436", "R202402-0001", "20240210", "20240210", 'D', NULL); /* 3: H4, in 0115-0215 */
    m_04(&m, "812047436", "R202402-0002", "20240216", "20240229", 'D', NULL); /* 4: ok, after it */
    m_client(&m, "720516754");
    m_04(&m, "720516754", "R202402-0003", "20240201", "20240331", 'D', NULL); /* 6: H4, its March reaches 0310 */
    m_client(&m, "100000022");
    m_04(&m, "100000022", "R202402-0004", "20240301", "20240301", 'D', NULL); /* 8: H4, in 0201-0331 */
    m_client(&m, "100000034");
    m_04(&m, "100000034", "R202402-0005", "20240101", "20240131", 'D', NULL); /* 10: ok, nothing stored */
    m_client(&m, "100000009");
    m_04(&m, "100000009", "R202402-0006", "20240201", "20240229", 'D', NULL); /* 12: ok, after 0120-0131 */
    m_check(&m, db, in_dir("feb.aw320"), &r);
    ck_assert_int_eq(r.rc, AW_OK);
    ck_assert(has(&r, "H4", 3));
    ck_assert(has(&r, "H4", 6));
    ck_assert(has(&r, "H4", 8));
    ck_assert_int_eq(count(&r, "H4"), 3);
    static const struct { unsigned long line; const char *names; } named[] = {
        {3, "'R202401-0001' 20240115-20240215"}, {6, "'R202401-0002' 20240310-20240310"},
        {8, "'R202401-0003' 20240201-20240331"}};
    for (int i = 0; i < r.nfind; i++) {
        if (strcmp(r.f[i].rule, "H4")) continue;
        int ok = 0;
        for (int k = 0; k < 3; k++) ok |= r.f[i].line == named[k].line && strstr(r.f[i].msg, named[k].names);
        ck_assert_msg(ok, "line %lu: %s", r.f[i].line, r.f[i].msg);
    }
}

/* The per-file set of credits (H3, H4) grows past its first room and still knows every one:
 * 30 debets of January, credited in February, then one of them again (H3 from the file). */
START_TEST(h3_many_credits)
{
    const char *db = in_dir("c.db");
    month m;
    tu_result r;
    char msg[1024], ref[24], day[12], prev[24];
    m_start(&m, INST, "F2024-01", "20240101", "20240131", "20240205");
    m_client(&m, "812047436");
    for (int d = 1; d <= 30; d++) {
        snprintf(ref, sizeof ref, "R202401-%04d", d);
        snprintf(day, sizeof day, "202401%02d", d);
        m_04(&m, "812047436", ref, day, day, 'D', NULL);
    }
    m_check(&m, NULL, in_dir("jan.aw320"), &r);
    ck_assert_int_eq(r.nfind, 0);
    ck_assert_int_eq(add(db, in_dir("jan.aw320"), NULL, msg, sizeof msg), AW_OK);
    m_start(&m, INST, "F2024-02", "20240101", "20240229", "20240305");
    m_client(&m, "812047436");
    for (int d = 1; d <= 30; d++) {
        snprintf(ref, sizeof ref, "R202402-%04d", d);
        snprintf(prev, sizeof prev, "R202401-%04d", d);
        snprintf(day, sizeof day, "202401%02d", d);
        m_04(&m, "812047436", ref, day, day, 'C', prev);
    }
    m_04(&m, "812047436", "R202402-0031", "20240101", "20240101", 'C', "R202401-0001"); /* 33 */
    m_04(&m, "812047436", "R202402-0032", "20240130", "20240130", 'C', "R202401-0030"); /* 34 */
    m_check(&m, db, in_dir("feb.aw320"), &r);
    ck_assert_int_eq(r.rc, AW_OK);
    ck_assert_int_eq(count(&r, "H3"), 2);
    ck_assert(has(&r, "H3", 33));
    ck_assert(has(&r, "H3", 34));
    ck_assert_int_eq(count(&r, "H2") + count(&r, "H4"), 0);
}
END_TEST

START_TEST(h4_across_months)
{
    const char *db = in_dir("h.db");
    month m;
    char msg[1024];
    m_start(&m, INST, "F2024-01", "20240101", "20240331", "20240405");
    m_client(&m, "812047436");
    m_04(&m, "812047436", "R202401-0001", "20240115", "20240215", 'D', NULL);
    m_client(&m, "720516754");
    m_04(&m, "720516754", "R202401-0002", "20240310", "20240310", 'D', NULL);
    m_client(&m, "100000022");
    m_04(&m, "100000022", "R202401-0003", "20240201", "20240331", 'D', NULL);
    m_client(&m, "100000009");
    m_04(&m, "100000009", "R202401-0004", "20240120", "20240131", 'D', NULL);
    m_check(&m, NULL, in_dir("jan.aw320"), NULL);
    ledger_added info;
    ck_assert_int_eq(add(db, in_dir("jan.aw320"), &info, msg, sizeof msg), AW_OK);
    ck_assert_uint_eq(info.granted, 4);
    char ix[256];
    indexes(db, ix, sizeof ix);
    ck_assert_str_eq(ix, INDEXES3);
    ck_assert_int_eq(page_size(db), 16384);       /* a new ledger's pages */
    h4_months_check(db);

    sql(db, TO_SCHEMA2);
    aw_ctx *ctx = aw_ctx_new();
    ledger *l;
    ck_assert_int_eq(ledger_open(ctx, db, LEDGER_READONLY, &l), AW_OK);
    ck_assert_int_eq(ledger_schema(l), 2);
    ledger_close(l);
    h4_months_check(db);
    indexes(db, ix, sizeof ix);                   /* read as it is */
    ck_assert_str_eq(ix, "prestatie_begin prestatie_debet prestatie_file prestatie_prevref prestatie_ref");

    ck_assert_int_eq(ledger_open(ctx, db, LEDGER_CREATE, &l), AW_OK); /* add's open migrates */
    ck_assert_int_eq(ledger_schema(l), LEDGER_SCHEMA);
    ledger_close(l);
    aw_ctx_free(ctx);
    indexes(db, ix, sizeof ix);
    ck_assert_str_eq(ix, INDEXES3);
    ck_assert_str_eq(verify(db).problem, "");
    h4_months_check(db);
}
END_TEST

typedef struct gapset { int n; uint32_t bsn[8]; } gapset;
static aw_rc keep_gap(void *ud, const ledger_gap *g)
{
    gapset *k = ud;
    if (g->kind == 0 && k->n < 8) k->bsn[k->n++] = g->bsn;
    return AW_OK;
}

static gapset gaps(const char *db, const char *toew, long ym)
{
    aw_ctx *ctx = aw_ctx_new();
    ledger *l;
    gapset k;
    memset(&k, 0, sizeof k);
    ck_assert_int_eq(aw_ctx_load_toewijzingen(ctx, toew), AW_OK);
    ck_assert_int_eq(ledger_open(ctx, db, LEDGER_READONLY, &l), AW_OK);
    ck_assert_int_eq(ledger_gaps(ctx, l, ym, keep_gap, &k), AW_OK);
    ledger_close(l);
    aw_ctx_free(ctx);
    return k;
}

START_TEST(gaps_across_months)
{
    /* a debet of 15 January to 15 February is February's declaration too: no gap there */
    const char *db = in_dir("g.db"), *toew = in_dir("t.csv");
    month m;
    char msg[1024];
    m_start(&m, INST, "F2024-01", "20240101", "20240229", "20240305");
    m_client(&m, "812047436");
    m_04(&m, "812047436", "R202401-0001", "20240115", "20240215", 'D', NULL);
    m_client(&m, "720516754");
    m_04(&m, "720516754", "R202401-0002", "20240110", "20240131", 'D', NULL);
    m_check(&m, NULL, in_dir("jan.aw320"), NULL);
    ck_assert_int_eq(add(db, in_dir("jan.aw320"), NULL, msg, sizeof msg), AW_OK);
    FILE *f = fopen(toew, "w");
    ck_assert_ptr_nonnull(f);
    fputs("bsn;leveringsvorm;zzp;functie;klasse;percentage;instelling;ingangsdatum;einddatum\n"
          "812047436;ZZP;756;;;;" INST ";2024-01-01;\n720516754;ZZP;756;;;;" INST ";2024-01-01;\n", f);
    fclose(f);
    for (int schema = 3; schema >= 2; schema--) {
        if (schema == 2) sql(db, TO_SCHEMA2);
        gapset g = gaps(db, toew, 202401);
        ck_assert_int_eq(g.n, 0);
        g = gaps(db, toew, 202402);
        ck_assert_int_eq(g.n, 1);
        ck_assert_uint_eq(g.bsn[0], 720516754u);
        g = gaps(db, toew, 202403);
        ck_assert_int_eq(g.n, 2);
    }
}
END_TEST

START_TEST(h_off_and_masked)
{
    /* a controlset may switch H rules off; --mask-bsn masks the BSN in H4 */
    const char *db = in_dir("m.db");
    month m;
    char msg[1024];
    january(&m, 2024);
    m_check(&m, NULL, in_dir("jan.aw320"), NULL);
    ck_assert_int_eq(add(db, in_dir("jan.aw320"), NULL, msg, sizeof msg), AW_OK);
    m_start(&m, INST, "F2024-02", "20240101", "20240131", "20240205");
    m_client(&m, "812047436");
    m_04(&m, "812047436", "R202402-0001", "20240110", "20240110", 'D', NULL);
    size_t len;
    char *b = m_bytes(&m, &len);
    aw_ctx *ctx = aw_ctx_new();
    aw_ctx_set_mask_bsn(ctx, 1);
    ck_assert_int_eq(aw_ctx_open_ledger(ctx, db), AW_OK);
    tu_result r;
    tu_run(ctx, b, len, &r);
    int i = tu_find(&r, "H4");
    ck_assert_int_ge(i, 0);
    ck_assert_msg(strstr(r.f[i].msg, "81*****36") && !strstr(r.f[i].msg, "812047436"), "%s", r.f[i].msg);
    ctx->conf[RULE_H4].sev = AW_SEV_OFF;
    tu_run(ctx, b, len, &r);
    ck_assert_int_eq(tu_find(&r, "H4"), -1);
    free(b);
    aw_ctx_free(ctx);
}
END_TEST

Suite *make_ledger_suite(void)
{
    Suite *s = suite_create("ledger");
    TCase *t = tcase_create("aw320read");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, read_good);
    tcase_add_test(t, read_wrong_length);
    tcase_add_test(t, read_bad_numbers);
    tcase_add_test(t, read_technical);
    suite_add_tcase(s, t);
    t = tcase_create("store");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, add_and_refuse);
    tcase_add_test(t, summary_totals);
    tcase_add_test(t, herschikking);
    tcase_add_test(t, verify_damage);
    tcase_add_test(t, open_errors);
    tcase_add_test(t, out_of_memory);
    tcase_add_test(t, busy_ledger);
    tcase_add_test(t, adopt_refused);
    tcase_add_test(t, migrate_schema1);
    tcase_add_test(t, as_of);
    tcase_add_test(t, splitmix);
    tcase_add_test(t, sample_reproducible);
    tcase_add_test(t, budget_file);
    suite_add_tcase(s, t);
    t = tcase_create("history");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, h_rules);
    tcase_add_test(t, h3_many_credits);
    tcase_add_test(t, h_off_and_masked);
    tcase_add_test(t, h4_across_months);
    tcase_add_test(t, gaps_across_months);
    suite_add_tcase(s, t);
    return s;
}
