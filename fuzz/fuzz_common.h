/* SPDX-License-Identifier: MIT */
/* fuzz_common.h — shared helpers of the libFuzzer targets in fuzz/: one library init, the
 * input bytes as a file (temporary, reused, deleted at exit) for the path-based loaders, and a
 * fixed run date so every run is deterministic. */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include "core.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FUZZ_SRCDIR
#define FUZZ_SRCDIR "."
#endif

/* Temporary files of this process, removed at exit. */
#define FUZZ_MAXTMP 8
static char fuzz_tmp[FUZZ_MAXTMP][64];
static int fuzz_ntmp;

static void fuzz_cleanup(void)
{
    for (int i = 0; i < fuzz_ntmp; i++) unlink(fuzz_tmp[i]);
}

static void fuzz_init(void)
{
    static int done;
    if (done) return;
    done = 1;
    aw_global_init();
    atexit(fuzz_cleanup);
}

/* A temporary file name with the given suffix (".csv", ".xml", ""), created once. */
static const char *fuzz_tmpname(const char *suffix)
{
    if (fuzz_ntmp == FUZZ_MAXTMP) abort();
    char *p = fuzz_tmp[fuzz_ntmp];
    const char *dir = getenv("TMPDIR");
    snprintf(p, sizeof fuzz_tmp[0], "%s/awfuzz-XXXXXX%s", dir && *dir ? dir : "/tmp", suffix);
    int fd = mkstemps(p, (int)strlen(suffix));
    if (fd < 0) { perror(p); abort(); }
    close(fd);
    fuzz_ntmp++;
    return p;
}

/* Replace the contents of path with the n bytes at d; returns an fd open for reading at 0
 * when want_fd, else -1 (the file is closed). */
static int fuzz_write(const char *path, const uint8_t *d, size_t n, int want_fd)
{
    FILE *f = fopen(path, "wb");
    if (!f || (n && fwrite(d, 1, n, f) != n) || fclose(f) != 0) { perror(path); abort(); }
    if (!want_fd) return -1;
    FILE *r = fopen(path, "rb");
    if (!r) { perror(path); abort(); }
    int fd = dup(fileno(r));
    fclose(r);
    return fd;
}

/* A context as aw319check makes it: a fixed run date (else "today" would make runs differ)
 * and the source tree as the data directory (controlset schema, stylesheets). */
static aw_ctx *fuzz_ctx(void)
{
    aw_ctx *ctx = aw_ctx_new();
    if (!ctx) abort();
    aw_ctx_set_run_date(ctx, 20240115);
    if (aw_ctx_set_datadir(ctx, FUZZ_SRCDIR)) abort();
    return ctx;
}

#endif
