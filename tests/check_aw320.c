/* SPDX-License-Identifier: MIT */
/* check_aw320.c — the AW320 writer: 370-byte records, header, amounts, codes, 99 totals,
 * the late downgrade to 8096, mode 0600 and temp-file discipline of aw_output. */
#define _GNU_SOURCE /* sched_setaffinity */
#include "check_suites.h"
#include <sched.h>
#include "testutil.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *slurp320(const char *path, size_t *len)
{
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    char *buf = malloc((size_t)st.st_size + 1);
    int fd = open(path, O_RDONLY);
    ck_assert_int_eq(read(fd, buf, (size_t)st.st_size), st.st_size);
    close(fd);
    *len = (size_t)st.st_size;
    return buf;
}

static char *run320(char *const *recs, int n, int trailer, long run_date, size_t *len, aw_rc *rcp)
{
    char dir[] = "/tmp/aw319-320XXXXXX", path[64], *all[TU_MAX], tr[311];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/out.aw320", dir);
    for (int i = 0; i < n; i++) all[i] = recs[i];
    if (trailer) { tu_trailer(tr, recs, n); all[n++] = tr; }
    size_t inlen;
    char *in = tu_join(all, n, &inlen);
    char inpath[] = "/tmp/aw319-inXXXXXX";
    int fd = mkstemp(inpath);
    ck_assert_int_eq(write(fd, in, inlen), (ssize_t)inlen);
    lseek(fd, 0, SEEK_SET);
    unlink(inpath);
    free(in);

    aw_ctx *ctx = aw_ctx_new();
    aw_ctx_set_run_date(ctx, run_date);
    aw_output *o;
    aw_aw320 *w;
    ck_assert_int_eq(aw_output_open(ctx, path, &o), AW_OK);
    ck_assert_int_eq(access(path, F_OK), -1); /* nothing at the target before commit */
    ck_assert_int_eq(aw_aw320_new(ctx, o, &w), AW_OK);
    aw_sink s = aw_aw320_sink(w);
    aw_summary sum;
    *rcp = aw_check_fd(ctx, fd, "in.asc", &s, 1, &sum);
    close(fd);
    aw_aw320_free(w);
    char *buf = NULL;
    *len = 0;
    if (*rcp == AW_OK) {
        ck_assert_int_eq(aw_output_commit(ctx, o), AW_OK);
        struct stat st;
        ck_assert_int_eq(stat(path, &st), 0);
        ck_assert_int_eq(st.st_mode & 0777, 0600);
        buf = malloc((size_t)st.st_size + 1);
        int rfd = open(path, O_RDONLY);
        ck_assert_int_eq(read(rfd, buf, (size_t)st.st_size), st.st_size);
        close(rfd);
        *len = (size_t)st.st_size;
        unlink(path);
    } else {
        aw_output_discard(o);
        ck_assert_int_eq(access(path, F_OK), -1);
    }
    rmdir(dir); /* fails when a temporary file was left behind */
    ck_assert_int_eq(access(dir, F_OK), -1);
    aw_ctx_free(ctx);
    return buf;
}

START_TEST(records)
{
    char h[311], c[311], p[311];
    tu_header(h);
    tu_client(c, 1, "812047436");
    tu_prestatie(p, 2, "812047436", "REF-1");
    char *r[] = {h, c, p};
    size_t len;
    aw_rc rc;
    char *b = run320(r, 3, 1, 20231114, &len, &rc);
    ck_assert_int_eq(rc, AW_OK);
    ck_assert_uint_eq(len, 4 * 372);
    for (int i = 0; i < 4; i++) ck_assert(!memcmp(b + i * 372 + 370, "\r\n", 2));
    ck_assert(!memcmp(b, "01188", 5));                                   /* 0102 → 188 */
    ck_assert(!memcmp(b + 5, h + 5, 305));                               /* the rest copied */
    ck_assert(!memcmp(b + 310, "aw319check ", 11));                      /* 0181 */
    ck_assert(!memcmp(b + 334, "20231114", 8));                          /* 0182 */
    ck_assert(!memcmp(b + 342, "8001        ", 12));                     /* 0196-0198 */
    ck_assert(!memcmp(b + 372 + 310, "0200", 4));                        /* 0296 */
    const char *q = b + 2 * 372;
    ck_assert(!memcmp(q, p, 310));
    ck_assert(!memcmp(q + 310, "00433845D00433845D8001", 22));           /* 0481-0496 */
    const char *t = b + 3 * 372;
    ck_assert(!memcmp(t, "99000001000000000001000000000000200000433845D00000433845D", 57));
    for (int i = 57; i < 370; i++) ck_assert_int_eq(t[i], ' ');
    free(b);
}
END_TEST

START_TEST(downgrade)
{
    /* the sluitrecord rejects the file at the very end: the 04 written as 8001 becomes 8096
     * with nothing granted, and the 01 says 0001 */
    char h[311], c[311], p[311], tr[311];
    tu_header(h);
    tu_client(c, 1, "812047436");
    tu_prestatie(p, 2, "812047436", "REF-1");
    char *r0[] = {h, c, p};
    tu_trailer(tr, r0, 3);
    tu_set(tr, "9902", "2");
    char *r[] = {h, c, p, tr};
    size_t len;
    aw_rc rc;
    char *b = run320(r, 4, 0, 20231114, &len, &rc);
    ck_assert_int_eq(rc, AW_OK);
    ck_assert(!memcmp(b + 342, "00010151    ", 12));
    ck_assert(!memcmp(b + 2 * 372 + 310, "00433845D00000000D8096", 22));
    ck_assert(!memcmp(b + 3 * 372 + 45, "00000000000D", 12));             /* 9909/9910 */
    free(b);
}
END_TEST

START_TEST(wrong_length_records)
{
    /* a short and a long record are cut or padded to 310 */
    char h[311], c[311], p[400], tr[311];
    tu_header(h);
    tu_client(c, 1, "812047436");
    c[300] = 0; /* 300 bytes */
    tu_prestatie(p, 2, "812047436", "REF-1");
    memset(p + 310, 'Z', 20);
    p[330] = 0;
    char *r[] = {h, c, p};
    tu_trailer(tr, r, 3);
    char *r2[] = {h, c, p, tr};
    size_t len;
    aw_rc rc;
    char *b = run320(r2, 4, 0, 20231114, &len, &rc);
    ck_assert_uint_eq(len, 4 * 372);
    ck_assert(!memcmp(b + 372 + 300, "          0804", 14));
    ck_assert(!memcmp(b + 2 * 372 + 300, "          00433845D00000000D0804", 32));
    free(b);
}
END_TEST

START_TEST(no_header_no_output)
{
    char c[311];
    tu_client(c, 1, "812047436");
    char *r[] = {c};
    size_t len;
    aw_rc rc;
    char *b = run320(r, 1, 0, 20231114, &len, &rc);
    ck_assert_int_eq(rc, AW_ENOHEADER);
    ck_assert_ptr_null(b);
}
END_TEST

START_TEST(output_errors)
{
    aw_ctx *ctx = aw_ctx_new();
    aw_output *o = NULL;
    ck_assert_int_eq(aw_output_open(ctx, "/nonexistent-dir/x.aw320", &o), AW_EIO);
    ck_assert_ptr_null(o);
    ck_assert_ptr_nonnull(strstr(aw_errmsg(ctx), "/nonexistent-dir/x.aw320"));
    aw_output_discard(NULL);
    aw_ctx_free(ctx);
}
END_TEST

/* A file of 2 x pairs + 2 records (01, clients with one prestatie each, 99) as one malloc'd buffer. */
static char *big_file(int pairs, size_t *len)
{
    char rec[311];
    size_t n = (size_t)(2 * pairs + 2), o = 0;
    char *b = malloc(n * 312);
    tu_header(rec);
    memcpy(b + o, rec, 310); memcpy(b + o + 310, "\r\n", 2); o += 312;
    for (int i = 0; i < pairs; i++) {
        char ref[21];
        snprintf(ref, sizeof ref, "R%d", i);
        tu_client(rec, 2 * i + 1, "812047436");
        memcpy(b + o, rec, 310); memcpy(b + o + 310, "\r\n", 2); o += 312;
        tu_prestatie(rec, 2 * i + 2, "812047436", ref); /* later ones: I12, fine here */
        memcpy(b + o, rec, 310); memcpy(b + o + 310, "\r\n", 2); o += 312;
    }
    char *recs[1] = {rec};
    tu_trailer(rec, recs, 0);                           /* counts wrong (S9): fine here */
    memcpy(b + o, rec, 310); memcpy(b + o + 310, "\r\n", 2); o += 312;
    *len = o;
    return b;
}

/* More than two write buffers: the writer thread writes them while the check goes on; the
 * AW320 holds every record in order, and a write failure in the thread is reported (EIO). */
START_TEST(threaded_writer)
{
    size_t len;
    char *in = big_file(2600, &len);
    size_t nrec = len / 312;
    for (int fail = 0; fail < 2; fail++) {
        char dir[] = "/tmp/aw319-320XXXXXX", path[64], inpath[] = "/tmp/aw319-inXXXXXX";
        ck_assert_ptr_nonnull(mkdtemp(dir));
        snprintf(path, sizeof path, "%s/out.aw320", dir);
        int fd = mkstemp(inpath);
        ck_assert_int_eq(write(fd, in, len), (ssize_t)len);
        lseek(fd, 0, SEEK_SET);
        unlink(inpath);
        aw_ctx *ctx = aw_ctx_new();
        aw_ctx_set_run_date(ctx, 20231114);
        aw_output *o;
        aw_aw320 *w;
        ck_assert_int_eq(aw_output_open(ctx, path, &o), AW_OK);
        ck_assert_int_eq(aw_aw320_new(ctx, o, &w), AW_OK);
        if (fail) { /* every write fails (EBADF) */
            int ro = open("/dev/null", O_RDONLY);
            ck_assert_int_ge(dup2(ro, aw_output_fd(o)), 0);
            close(ro);
        }
        aw_sink sk = aw_aw320_sink(w);
        aw_summary sum;
        aw_rc rc = aw_check_fd(ctx, fd, "in.asc", &sk, 1, &sum);
        close(fd);
        aw_aw320_free(w);
        if (fail) {
            ck_assert_int_eq(rc, AW_EIO);
            ck_assert_ptr_nonnull(strstr(aw_errmsg(ctx), "write failed"));
            aw_output_discard(o);
        } else {
            ck_assert_int_eq(rc, AW_OK);
            ck_assert_int_eq(aw_output_commit(ctx, o), AW_OK);
            struct stat st;
            ck_assert_int_eq(stat(path, &st), 0);
            ck_assert_int_eq((size_t)st.st_size, nrec * 372);
            char *out = malloc((size_t)st.st_size);
            int rfd = open(path, O_RDONLY);
            ck_assert_int_eq(read(rfd, out, (size_t)st.st_size), st.st_size);
            close(rfd);
            for (size_t i = 1; i + 1 < nrec; i++) /* 01 (0102) and 99 are rewritten */
                ck_assert_int_eq(memcmp(out + i * 372, in + i * 312, 310), 0);
            ck_assert_int_eq(memcmp(out + 370, "\r\n", 2), 0);
            ck_assert_int_eq(memcmp(out + (nrec - 1) * 372, "99", 2), 0);
            free(out);
            unlink(path);
        }
        rmdir(dir);
        ck_assert_int_eq(access(dir, F_OK), -1);
        aw_ctx_free(ctx);
    }
    free(in);
}
END_TEST

/* An AW320 writer driven by hand through its sink. */
typedef struct hand320 {
    char dir[32], path[64];
    aw_ctx *ctx;
    aw_output *o;
    aw_aw320 *w;
    aw_sink s;
} hand320;

static void hand_open(hand320 *h)
{
    memset(h, 0, sizeof *h);
    strcpy(h->dir, "/tmp/aw319-320XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(h->dir));
    snprintf(h->path, sizeof h->path, "%s/out.aw320", h->dir);
    h->ctx = aw_ctx_new();
    aw_ctx_set_run_date(h->ctx, 20231114);
    ck_assert_int_eq(aw_output_open(h->ctx, h->path, &h->o), AW_OK);
    ck_assert_int_eq(aw_aw320_new(h->ctx, h->o, &h->w), AW_OK);
    h->s = aw_aw320_sink(h->w);
}

static void hand_rec(aw_record *r, unsigned long line, const char *type, int known, const char *data,
                     int n, const char *c0, const char *c1, const char *c2)
{
    memset(r, 0, sizeof *r);
    r->line = line;
    memcpy(r->type, type, 3);
    r->known = known;
    r->data = data;
    r->len = strlen(data);
    r->outcome = AW_OUT_ACCEPTED;
    r->ncodes = n;
    snprintf(r->codes[0], 5, "%s", c0);
    snprintf(r->codes[1], 5, "%s", c1);
    snprintf(r->codes[2], 5, "%s", c2);
}

/* The bytes of AW320 field id (e.g. "0296") of record i in out. */
static const char *field320(const char *out, int i, const char *id, size_t *len)
{
    const lay_field *f = lay_field_find(&lay_aw320_v13, id);
    ck_assert_ptr_nonnull(f);
    *len = f->len;
    return out + (size_t)i * 372 + f->pos;
}
#define FIELD_IS(out, i, id, want) do { size_t n_; const char *p_ = field320((out), (i), (id), &n_); \
        ck_assert_uint_eq(n_, strlen(want)); ck_assert_msg(!memcmp(p_, (want), n_), "record %d %s: '%.*s'", (i), (id), (int)n_, p_); } while (0)

/* The return codes of every kind of record: four-byte codes (copied whole), shorter ones
 * (padded), missing ones (blank), an unknown type (the fields of a 98), a 01 after line 1
 * (the fields of a 01), a record shorter than the code fields. */
START_TEST(codes_by_hand)
{
    char h01[311], c02[311], p04[311], r03[311], odd[311], late01[311], r98[311], r99[311];
    tu_header(h01);
    tu_client(c02, 1, "812047436");
    tu_prestatie(p04, 2, "812047436", "REF-1");
    memset(r03, 'C', 310); memcpy(r03, "03", 2); r03[310] = 0;
    memset(odd, 'X', 310); memcpy(odd, "XY", 2); odd[310] = 0;
    memset(late01, 'L', 200); memcpy(late01, "01", 2); late01[200] = 0;
    memset(r98, 'E', 20); memcpy(r98, "98", 2); r98[20] = 0;
    memset(r99, '0', 310); memcpy(r99, "99", 2); r99[310] = 0;
    aw_record recs[8];
    hand_rec(&recs[0], 1, "01", 1, h01, 0, "", "", "");
    hand_rec(&recs[1], 2, "02", 1, c02, 3, "0435", "12", "");
    hand_rec(&recs[2], 3, "04", 1, p04, 1, "8001", "", "");
    hand_rec(&recs[3], 4, "03", 1, r03, 0, "0001", "0002", "0003");
    hand_rec(&recs[4], 5, "XY", 0, odd, 2, "0001", "0002", "");
    hand_rec(&recs[5], 6, "01", 1, late01, 1, "0999", "", "");
    hand_rec(&recs[6], 7, "98", 1, r98, 5, "0001", "0002", "0003");
    hand_rec(&recs[7], 8, "99", 1, r99, 0, "", "", "");
    hand320 h;
    hand_open(&h);
    for (int i = 0; i < 8; i++) ck_assert_int_eq(h.s.record(h.s.ud, &recs[i]), AW_OK);
    aw_summary sum;
    memset(&sum, 0, sizeof sum);
    sum.ncodes01 = 2;
    memcpy(sum.codes01[0], "8001", 5);
    memcpy(sum.codes01[1], "1", 2);
    ck_assert_int_eq(h.s.end(h.s.ud, &sum), AW_OK);
    aw_aw320_free(h.w);
    ck_assert_int_eq(aw_output_commit(h.ctx, h.o), AW_OK);
    size_t len;
    char *out = slurp320(h.path, &len);
    ck_assert_uint_eq(len, 8 * 372);
    FIELD_IS(out, 0, "0196", "8001"); FIELD_IS(out, 0, "0197", "1   "); FIELD_IS(out, 0, "0198", "    ");
    FIELD_IS(out, 1, "0296", "0435"); FIELD_IS(out, 1, "0297", "12  "); FIELD_IS(out, 1, "0298", "    ");
    FIELD_IS(out, 2, "0496", "8001"); FIELD_IS(out, 2, "0497", "    "); FIELD_IS(out, 2, "0498", "    ");
    FIELD_IS(out, 3, "0396", "    "); FIELD_IS(out, 3, "0397", "    "); FIELD_IS(out, 3, "0398", "    ");
    FIELD_IS(out, 4, "9896", "0001"); FIELD_IS(out, 4, "9897", "0002"); FIELD_IS(out, 4, "9898", "    ");
    FIELD_IS(out, 5, "0196", "0999"); FIELD_IS(out, 5, "0197", "    "); FIELD_IS(out, 5, "0198", "    ");
    FIELD_IS(out, 6, "9896", "0001"); FIELD_IS(out, 6, "9897", "0002"); FIELD_IS(out, 6, "9898", "0003");
    ck_assert(!memcmp(out + 3 * 372, r03, 310));      /* the AW319 bytes */
    ck_assert(!memcmp(out + 4 * 372, odd, 310));
    for (int i = 0; i < 8; i++) ck_assert(!memcmp(out + i * 372 + 370, "\r\n", 2));
    ck_assert(!memcmp(out + 5 * 372, late01, 200));   /* short: blanks up to the codes */
    for (int i = 200; i < 342; i++) ck_assert_int_eq(out[5 * 372 + i], ' ');
    for (int i = 20; i < 310; i++) ck_assert_int_eq(out[6 * 372 + i], ' ');
    FIELD_IS(out, 7, "9902", "000001");               /* the 99: counts of known types */
    FIELD_IS(out, 7, "9903", "000001");
    FIELD_IS(out, 7, "9904", "000001");
    FIELD_IS(out, 7, "9905", "000001");
    free(out);
    unlink(h.path);
    ck_assert_int_eq(rmdir(h.dir), 0);
    aw_ctx_free(h.ctx);
}
END_TEST

/* Amounts of every length in the 04's fields (zero-filled, and the low digits of one that is
 * longer than its field), as the digit-pair formatting writes them. */
START_TEST(amounts_by_hand)
{
    static const int64_t v[] = {0, 5, 42, 100, 9999999, 12345678, 99999999, 123456789, 1234567890123456789LL, -77};
    const int nv = (int)(sizeof v / sizeof *v);
    char h01[311], p04[311];
    tu_header(h01);
    tu_prestatie(p04, 2, "812047436", "REF-1");
    hand320 h;
    hand_open(&h);
    aw_record rec;
    hand_rec(&rec, 1, "01", 1, h01, 0, "", "", "");
    ck_assert_int_eq(h.s.record(h.s.ud, &rec), AW_OK);
    for (int i = 0; i < nv; i++) {
        hand_rec(&rec, (unsigned long)i + 2, "04", 1, p04, 1, "8001", "", "");
        rec.berekend = v[i];
        rec.toegekend = v[nv - 1 - i];
        ck_assert_int_eq(h.s.record(h.s.ud, &rec), AW_OK);
    }
    aw_summary sum;
    memset(&sum, 0, sizeof sum);
    ck_assert_int_eq(h.s.end(h.s.ud, &sum), AW_OK);
    aw_aw320_free(h.w);
    ck_assert_int_eq(aw_output_commit(h.ctx, h.o), AW_OK);
    size_t len;
    char *out = slurp320(h.path, &len);
    ck_assert_uint_eq(len, (size_t)(nv + 1) * 372);
    for (int i = 0; i < nv; i++) {
        const char *ids[2] = {"0481", "0483"};
        int64_t want[2] = {v[i] < 0 ? 0 : v[i], v[nv - 1 - i] < 0 ? -v[nv - 1 - i] : v[nv - 1 - i]};
        for (int j = 0; j < 2; j++) {
            size_t n;
            const char *p = field320(out, i + 1, ids[j], &n);
            char digits[32];
            snprintf(digits, sizeof digits, "%020lld", (long long)want[j]);
            ck_assert_msg(!memcmp(p, digits + 20 - n, n), "%s of %lld: '%.*s'", ids[j], (long long)want[j], (int)n, p);
        }
    }
    free(out);
    unlink(h.path);
    ck_assert_int_eq(rmdir(h.dir), 0);
    aw_ctx_free(h.ctx);
}
END_TEST

/* A full disk on one CPU (no writer thread: the buffer is written in place) and, where the
 * process had already chosen the thread, with it: the sink fails with AW_EIO naming the
 * cause once a buffer is due, and nothing is left behind. */
START_TEST(write_failure_one_cpu)
{
    cpu_set_t old, one;
    ck_assert_int_eq(sched_getaffinity(0, sizeof old, &old), 0);
    CPU_ZERO(&one);
    for (int c = 0; c < CPU_SETSIZE; c++)
        if (CPU_ISSET(c, &old)) { CPU_SET(c, &one); break; }
    ck_assert_int_eq(sched_setaffinity(0, sizeof one, &one), 0);
    char data[311];
    tu_client(data, 1, "812047436");
    hand320 h;
    hand_open(&h);
    int fd = open("/dev/full", O_WRONLY);
    if (fd < 0) fd = open("/dev/null", O_RDONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_ge(dup2(fd, aw_output_fd(h.o)), 0);
    close(fd);
    aw_record rec;
    hand_rec(&rec, 2, "02", 1, data, 1, "0435", "", "");
    aw_rc rc = AW_OK;
    int i;
    for (i = 0; i < 5000 && !rc; i++) rc = h.s.record(h.s.ud, &rec);
    ck_assert_int_eq(rc, AW_EIO);
    ck_assert_int_gt(i, 1000); /* not before a buffer was full */
    ck_assert_msg(strstr(aw_errmsg(h.ctx), "write failed: No space left on device") ||
                  strstr(aw_errmsg(h.ctx), "write failed: Bad file descriptor"), "%s", aw_errmsg(h.ctx));
    aw_aw320_free(h.w);
    aw_output_discard(h.o);
    ck_assert_int_eq(rmdir(h.dir), 0);
    aw_ctx_free(h.ctx);
    ck_assert_int_eq(sched_setaffinity(0, sizeof old, &old), 0);
}
END_TEST

Suite *make_aw320_suite(void)
{
    Suite *s = suite_create("aw320");
    TCase *t = tcase_create("writer");
    tcase_add_test(t, records);
    tcase_add_test(t, downgrade);
    tcase_add_test(t, wrong_length_records);
    tcase_add_test(t, no_header_no_output);
    tcase_add_test(t, output_errors);
    tcase_add_test(t, threaded_writer);
    tcase_add_test(t, codes_by_hand);
    tcase_add_test(t, amounts_by_hand);
    tcase_add_test(t, write_failure_one_cpu);
    suite_add_tcase(s, t);
    return s;
}
