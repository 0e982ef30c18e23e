/* SPDX-License-Identifier: MIT */
/* check_output.c — output files: durable commit (fsync of the file and its directory), mode
 * 0600 whatever the umask, streams written through and never replaced, links followed,
 * directories and dangling links refused, temporary files removable from a signal handler. */
#include "check_suites.h"
#include "ctx.h"
#include "layout.h"
#include "testutil.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* fsync interposed (the library is linked statically): count files and directories synced */
static int synced_files, synced_dirs;
int fsync(int fd)
{
    struct stat st;
    if (fstat(fd, &st) == 0) {
        if (S_ISDIR(st.st_mode)) synced_dirs++;
        else if (S_ISREG(st.st_mode)) synced_files++;
    }
    return (int)syscall(SYS_fsync, fd);
}

static char dir[64];

static void setup(void)
{
    strcpy(dir, "/tmp/aw319-outXXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static void put(aw_output *o, const char *s)
{
    ck_assert_int_eq(write(aw_output_fd(o), s, strlen(s)), (ssize_t)strlen(s));
}

static void expect_content(const char *path, const char *want)
{
    char buf[256] = {0};
    int fd = open(path, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_ge(read(fd, buf, sizeof buf - 1), 0);
    close(fd);
    ck_assert_str_eq(buf, want);
}

START_TEST(durable_commit)
{
    char path[128];
    snprintf(path, sizeof path, "%s/out.aw320", dir);
    aw_ctx *ctx = aw_ctx_new();
    aw_output *o;
    mode_t old = umask(0277); /* the mode is 0600 whatever the umask */
    ck_assert_int_eq(aw_output_open(ctx, path, &o), AW_OK);
    umask(old);
    put(o, "hello");
    synced_files = synced_dirs = 0;
    ck_assert_int_eq(aw_output_commit(ctx, o), AW_OK);
    ck_assert_int_eq(synced_files, 1);
    ck_assert_int_eq(synced_dirs, 1);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 07777, 0600);
    expect_content(path, "hello");
    aw_ctx_free(ctx);
}
END_TEST

START_TEST(remove_temps)
{
    char a[128], b[128], ta[256], tb[256];
    snprintf(a, sizeof a, "%s/a.aw320", dir);
    snprintf(b, sizeof b, "%s/b.report.xml", dir);
    aw_ctx *ctx = aw_ctx_new();
    aw_output *oa, *ob;
    ck_assert_int_eq(aw_output_open(ctx, a, &oa), AW_OK);
    ck_assert_int_eq(aw_output_open(ctx, b, &ob), AW_OK);
    snprintf(ta, sizeof ta, "%s", aw_output_tmppath(oa));
    snprintf(tb, sizeof tb, "%s.body", aw_output_tmppath(ob)); /* a report's staged body */
    int fd = open(tb, O_WRONLY | O_CREAT | O_EXCL, 0600);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(access(ta, F_OK), 0);
    aw_output_remove_temps();
    ck_assert_int_ne(access(ta, F_OK), 0);
    ck_assert_int_ne(access(aw_output_tmppath(ob), F_OK), 0);
    ck_assert_int_ne(access(tb, F_OK), 0);
    aw_output_discard(oa);
    aw_output_discard(ob);
    /* after discard nothing is in the table: a new file by an old name survives */
    fd = open(ta, O_WRONLY | O_CREAT | O_EXCL, 0600);
    ck_assert_int_ge(fd, 0);
    close(fd);
    aw_output_remove_temps();
    ck_assert_int_eq(access(ta, F_OK), 0);
    aw_ctx_free(ctx);
}
END_TEST

START_TEST(stream_written_through)
{
    int p[2];
    ck_assert_int_eq(pipe(p), 0);
    char name[32];
    snprintf(name, sizeof name, "/dev/fd/%d", p[1]);
    aw_ctx *ctx = aw_ctx_new();
    aw_output *o;
    ck_assert_int_eq(aw_output_open(ctx, name, &o), AW_OK);
    ck_assert_ptr_null(strstr(aw_output_tmppath(o), "/dev/")); /* staged elsewhere */
    put(o, "through the pipe");
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s", aw_output_tmppath(o));
    ck_assert_int_eq(aw_output_commit(ctx, o), AW_OK);
    ck_assert_int_ne(access(tmp, F_OK), 0);
    close(p[1]);
    char buf[64] = {0};
    ck_assert_int_eq(read(p[0], buf, sizeof buf - 1), 16);
    ck_assert_str_eq(buf, "through the pipe");
    close(p[0]);
    ck_assert_int_eq(aw_output_open(ctx, "-", &o), AW_OK); /* "-" is standard output, no file "-" */
    ck_assert_ptr_null(strstr(aw_output_tmppath(o), "-.tmp"));
    aw_output_discard(o);
    aw_ctx_free(ctx);
}
END_TEST

START_TEST(link_followed)
{
    char real[128], link[128];
    snprintf(real, sizeof real, "%s/real.aw320", dir);
    snprintf(link, sizeof link, "%s/link.aw320", dir);
    int fd = open(real, O_WRONLY | O_CREAT, 0644);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(symlink("real.aw320", link), 0);
    aw_ctx *ctx = aw_ctx_new();
    aw_output *o;
    ck_assert_int_eq(aw_output_open(ctx, link, &o), AW_OK);
    put(o, "new");
    ck_assert_int_eq(aw_output_commit(ctx, o), AW_OK);
    struct stat st;
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    expect_content(real, "new");
    aw_ctx_free(ctx);
}
END_TEST

START_TEST(refused)
{
    char dangling[128], sub[128];
    snprintf(dangling, sizeof dangling, "%s/dangling.aw320", dir);
    snprintf(sub, sizeof sub, "%s/sub", dir);
    ck_assert_int_eq(symlink("nowhere/x", dangling), 0);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    aw_ctx *ctx = aw_ctx_new();
    aw_output *o = (aw_output *)1;
    ck_assert_int_ne(aw_output_open(ctx, dangling, &o), AW_OK);
    ck_assert_ptr_null(o);
    ck_assert_ptr_nonnull(strstr(aw_errmsg(ctx), "symbolic link to nothing"));
    struct stat st;
    ck_assert_int_eq(lstat(dangling, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    err_clear(ctx);
    ck_assert_int_ne(aw_output_open(ctx, sub, &o), AW_OK);
    ck_assert_ptr_nonnull(strstr(aw_errmsg(ctx), "is a directory"));
    aw_ctx_free(ctx);
}
END_TEST

/* The error convention (aw319.h): every public entry point clears the context's error first,
 * so aw_errmsg never reports an earlier call's failure after a call that succeeded. */
static void dirty(aw_ctx *ctx)
{
    ck_assert_int_eq(aw_ctx_set_submission_date(ctx, 20230230), AW_EUSAGE);
    ck_assert_str_ne(aw_errmsg(ctx), "");
}
#define CLEAN(ctx, call) do { dirty(ctx); ck_assert_int_eq((call), AW_OK); \
                              ck_assert_msg(!aw_errmsg(ctx)[0], "%s left: %s", #call, aw_errmsg(ctx)); } while (0)

START_TEST(errors_reset_at_every_entry)
{
    aw_ctx *ctx = aw_ctx_new();
    char aw320[96], rpt[96], kt[96];
    snprintf(aw320, sizeof aw320, "%s/a.aw320", dir);
    snprintf(rpt, sizeof rpt, "%s/a.json", dir);
    snprintf(kt, sizeof kt, "%s/kt.csv", dir);
    FILE *f = fopen(kt, "w");
    ck_assert_ptr_nonnull(f);
    fputs("prestatiecode;omschrijving;leveringsvorm;zzp;functie;eenheid;ingangsdatum;einddatum\n", f);
    fclose(f);
    const char *top = getenv("AW319_DATADIR");
    aw_output *o1, *o2;
    aw_aw320 *w;
    aw_report *r;
    CLEAN(ctx, aw_ctx_set_submission_date(ctx, 0));
    CLEAN(ctx, aw_ctx_set_datadir(ctx, top && *top ? top : "."));
    CLEAN(ctx, aw_ctx_load_controlset(ctx, "default"));
    CLEAN(ctx, aw_ctx_load_koppeltabel(ctx, kt));
    CLEAN(ctx, aw_output_open(ctx, aw320, &o1));
    CLEAN(ctx, aw_output_open(ctx, rpt, &o2));
    CLEAN(ctx, aw_aw320_new(ctx, o1, &w));
    CLEAN(ctx, aw_report_new(ctx, o2, AW_REPORT_JSON, &r));
    size_t len;
    char *buf = tu_small_file("812047436", &len);
    char in[96];
    snprintf(in, sizeof in, "%s/in.asc", dir);
    f = fopen(in, "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
    fclose(f);
    free(buf);
    int fd = open(in, O_RDONLY);
    aw_sink sinks[2] = {aw_aw320_sink(w), aw_report_sink(r)};
    aw_summary sum;
    CLEAN(ctx, aw_check_fd(ctx, fd, in, sinks, 2, &sum));
    close(fd);
    CLEAN(ctx, aw_report_finish(r));
    CLEAN(ctx, aw_output_commit(ctx, o1));
    CLEAN(ctx, aw_output_commit(ctx, o2));
    aw_report_free(r);
    aw_aw320_free(w);
    /* a refusal carries its own message, not an earlier one */
    dirty(ctx);
    ck_assert_int_ne(aw_output_open(ctx, dir, &o1), AW_OK);
    ck_assert_ptr_null(strstr(aw_errmsg(ctx), "20230230"));
    aw_ctx_free(ctx);
}
END_TEST

Suite *make_output_suite(void)
{
    Suite *s = suite_create("output");
    TCase *t = tcase_create("files");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, durable_commit);
    tcase_add_test(t, remove_temps);
    tcase_add_test(t, stream_written_through);
    tcase_add_test(t, link_followed);
    tcase_add_test(t, refused);
    tcase_add_test(t, errors_reset_at_every_entry);
    suite_add_tcase(s, t);
    return s;
}
