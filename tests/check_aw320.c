/* check_aw320.c — the AW320 writer: 370-byte records, header, amounts, codes, 99 totals,
 * the late downgrade to 8096, mode 0600 and temp-file discipline of aw_output. */
#include "check_suites.h"
#include "testutil.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
    suite_add_tcase(s, t);
    return s;
}
