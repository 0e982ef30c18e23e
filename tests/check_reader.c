/* SPDX-License-Identifier: MIT */
/* check_reader.c — the streaming line reader: line ends, empty lines, huge lines, SHA-256. */
#include "check_suites.h"
#include "reader.h"
#include "testutil.h"
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static aw_ctx *rctx; /* where the reader reports a read that ended early */
static void setup(void) { rctx = aw_ctx_new(); ck_assert_ptr_nonnull(rctx); }
static void teardown(void) { aw_ctx_free(rctx); }

static int memfile(const char *buf, size_t len)
{
    char path[] = "/tmp/aw319-rdXXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    unlink(path);
    size_t o = 0;
    while (o < len) {
        ssize_t n = write(fd, buf + o, len - o);
        ck_assert_int_gt(n, 0);
        o += (size_t)n;
    }
    lseek(fd, 0, SEEK_SET);
    return fd;
}

START_TEST(line_ends)
{
    const char in[] = "ab\r\ncd\n\r\nef";
    int fd = memfile(in, sizeof in - 1);
    rd_reader *r = rd_new(rctx, fd, "in", NULL);
    rd_line l;
    ck_assert_int_eq(rd_next(r, &l), 1);
    ck_assert_uint_eq(l.len, 2);
    ck_assert_int_eq(l.end, RD_END_CRLF);
    ck_assert_int_eq(rd_next(r, &l), 1);
    ck_assert_int_eq(l.end, RD_END_LF);
    ck_assert(!memcmp(l.p, "cd", 2));
    ck_assert_int_eq(rd_next(r, &l), 1);
    ck_assert_uint_eq(l.len, 0); /* empty line */
    ck_assert_int_eq(l.end, RD_END_CRLF);
    ck_assert_int_eq(rd_next(r, &l), 1);
    ck_assert_int_eq(l.end, RD_END_EOF);
    ck_assert_uint_eq(l.lineno, 4);
    ck_assert(!memcmp(l.p, "ef", 2));
    ck_assert_int_eq(rd_next(r, &l), 0);
    rd_free(r);
    close(fd);
}
END_TEST

START_TEST(across_chunks)
{
    /* 10,000 records of 310 bytes: lines straddle the 1 MiB chunk boundary */
    size_t n = 10000, len = n * 312;
    char *b = malloc(len);
    for (size_t i = 0; i < n; i++) {
        memset(b + i * 312, 'a' + (int)(i % 26), 310);
        memcpy(b + i * 312 + 310, "\r\n", 2);
    }
    int fd = memfile(b, len);
    rd_reader *r = rd_new(rctx, fd, "in", NULL);
    rd_line l;
    size_t k = 0;
    while (rd_next(r, &l) == 1) {
        ck_assert_uint_eq(l.len, 310);
        ck_assert_int_eq(l.end, RD_END_CRLF);
        ck_assert_int_eq(l.p[0], 'a' + (int)(k % 26));
        ck_assert_int_eq(l.p[309], 'a' + (int)(k % 26));
        k++;
    }
    ck_assert_uint_eq(k, n);
    rd_free(r);
    close(fd);
    free(b);
}
END_TEST

START_TEST(huge_line)
{
    /* a 3 MiB line without CR LF in between: kept head, real length, then the next line */
    size_t big = 3u << 20;
    char *b = malloc(big + 8);
    memset(b, 'x', big);
    memcpy(b + big, "\r\nyz\r\n", 6);
    int fd = memfile(b, big + 6);
    rd_reader *r = rd_new(rctx, fd, "in", NULL);
    rd_line l;
    ck_assert_int_eq(rd_next(r, &l), 1);
    ck_assert_uint_eq(l.len, big);
    ck_assert_uint_eq(l.kept, RD_KEEP);
    ck_assert_int_eq(l.end, RD_END_CRLF);
    ck_assert_int_eq(rd_next(r, &l), 1);
    ck_assert_uint_eq(l.len, 2);
    ck_assert_uint_eq(l.lineno, 2);
    ck_assert_int_eq(rd_next(r, &l), 0);
    rd_free(r);
    close(fd);
    free(b);
}
END_TEST

START_TEST(sha256)
{
    sha_state s;
    char hex[65];
    sha_init(&s);
    sha_update(&s, "abc", 3);
    sha_hex(&s, hex);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    sha_init(&s);
    sha_hex(&s, hex);
    ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    /* the reader hashes what it reads */
    int fd = memfile("abc", 3);
    sha_init(&s);
    rd_reader *r = rd_new(rctx, fd, "in", &s);
    rd_line l;
    while (rd_next(r, &l) == 1) {}
    sha_hex(&s, hex);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    rd_free(r);
    close(fd);
}
END_TEST

/* A regular file is hashed by a helper thread (sha_job), a pipe inline by the reader:
 * both give the digest of exactly the bytes checked, from the fd's current offset. */
static void check_digest(int fd, const char *want)
{
    aw_ctx *ctx = aw_ctx_new();
    aw_summary sum;
    ck_assert_int_eq(aw_check_fd(ctx, fd, "t.asc", NULL, 0, &sum), AW_OK);
    ck_assert_str_eq(sum.sha256, want);
    aw_ctx_free(ctx);
}

START_TEST(sha256_thread)
{
    size_t len;
    char *b = tu_small_file("100000006", &len);
    sha_state s;
    char want[65];
    sha_init(&s);
    sha_update(&s, b, len);
    sha_hex(&s, want);

    int fd = memfile(b, len);                 /* regular file: the thread */
    sha_job *j = sha_job_start(fd);
    if (!proc_parallel()) {                     /* one CPU: no thread, the reader hashes */
        ck_assert_ptr_null(j);
        check_digest(fd, want);
        close(fd);
        free(b);
        return;
    }
    ck_assert_ptr_nonnull(j);
    char got[65];                             /* a length mismatch (file changed) is an error */
    ck_assert_int_eq(sha_job_finish(j, (long long)len + 1, got), -1);
    check_digest(fd, want);
    close(fd);

    char *pre = malloc(len + 5);              /* from the current offset, not from 0 */
    memcpy(pre, "JUNK\n", 5);
    memcpy(pre + 5, b, len);
    fd = memfile(pre, len + 5);
    lseek(fd, 5, SEEK_SET);
    check_digest(fd, want);
    close(fd);
    free(pre);

    int p[2];                                 /* a pipe: no thread, hashed inline */
    ck_assert_int_eq(pipe(p), 0);
    ck_assert_ptr_null(sha_job_start(p[0]));
    ck_assert_int_eq(write(p[1], b, len), (ssize_t)len);
    close(p[1]);
    check_digest(p[0], want);
    close(p[0]);

    fd = memfile(b, len);                     /* stopped early: no digest, no leak */
    j = sha_job_start(fd);
    ck_assert_ptr_nonnull(j);
    ck_assert_int_eq(sha_job_finish(j, -1, NULL), 0);
    close(fd);
    free(b);
}
END_TEST

/* Input that is no text ends the read with a reason (an endless /dev/zero must stop). */
START_TEST(not_text)
{
    size_t len = RD_MAXLINE + 2 * RD_BUFSIZE;    /* one line without end, beyond the bound */
    char *b = malloc(len);
    memset(b, 0, len);
    int fd = memfile(b, len);
    rd_reader *r = rd_new(rctx, fd, "in", NULL);
    rd_line l;
    ck_assert_int_eq(rd_next(r, &l), -1);
    ck_assert_str_eq(aw_errmsg(rctx), "in:1: no line end in the first 16777216 bytes: not an AW319 file");
    rd_free(r);
    close(fd);

    err_clear(rctx);
    memcpy(b, "01\n", 3);                        /* a header, then lines of one NUL byte */
    for (size_t i = 0; i < RD_MAXNUL + 5; i++) memcpy(b + 3 + 2 * i, "\0\n", 2);
    fd = memfile(b, 3 + 2 * (RD_MAXNUL + 5));
    r = rd_new(rctx, fd, "in", NULL);
    unsigned long n = 0;
    int rc;
    while ((rc = rd_next(r, &l)) == 1) n++;
    ck_assert_int_eq(rc, -1);
    ck_assert_uint_eq(n, RD_MAXNUL + 1);         /* the header line and RD_MAXNUL NUL lines */
    ck_assert_str_eq(aw_errmsg(rctx), "in:1002: more than 1000 lines start with a NUL byte: binary data, not an AW319 file");
    rd_free(r);
    close(fd);
    free(b);

    err_clear(rctx);
    fd = open("/", O_RDONLY);                    /* a read error says why */
    r = rd_new(rctx, fd, "in", NULL);
    ck_assert_int_eq(rd_next(r, &l), -1);
    ck_assert_str_eq(aw_errmsg(rctx), "in: read error: Is a directory");
    rd_free(r);
    close(fd);
}
END_TEST

Suite *make_reader_suite(void)
{
    Suite *s = suite_create("reader");
    TCase *t = tcase_create("lines");
    tcase_set_timeout(t, 30);
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, line_ends);
    tcase_add_test(t, across_chunks);
    tcase_add_test(t, huge_line);
    tcase_add_test(t, sha256);
    tcase_add_test(t, sha256_thread);
    tcase_add_test(t, not_text);
    suite_add_tcase(s, t);
    return s;
}
