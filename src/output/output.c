/* SPDX-License-Identifier: MIT */
/* output.c — output files that appear whole or not at all, and never replace what is not a
 * regular file.
 *  - A regular file, or a name that does not exist yet, is written to a temporary file beside
 *    it (mode 0600 whatever the umask).  Commit fsyncs it, renames it into place and fsyncs
 *    the directory, so an output that was committed survives a power loss.  A symbolic link
 *    to a regular file is followed: the file it points to is replaced, the link stays.
 *  - A stream — "-" (standard output), /dev/stdout, /dev/stderr, /dev/fd/N, a character
 *    device, a FIFO — is never replaced: the output is staged in a temporary file in $TMPDIR
 *    (or /tmp) and copied to the stream on commit.
 *  - A directory, a block device, a socket or a dangling symbolic link is refused.
 * The names of all temporary files are kept in a table of atomic pointers, so that
 * aw_output_remove_temps() can unlink them from a signal handler.  The report's XML stage
 * file (the temporary name + ".xml", see report.c) is in the table too. */
#include "core.h"
#include "ctx.h"
#include "nls.h"
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct aw_output {
    int fd;       /* the temporary file */
    int stream;   /* 1: copied to path (or to descriptor alias) on commit, never renamed */
    int alias;    /* the descriptor "-", /dev/stdout, /dev/fd/N name, or -1 */
    char *path;   /* final name (for a link: the file it points to) */
    char *shown;  /* the name as given, for messages */
    char *tmp;    /* temporary name ("" once gone) */
    char *twin;   /* tmp + ".body": a report's staged body (report_formats.c), removed with it */
    int slot[2];  /* their places in the table, or -1 */
};

/* ---- the table of temporary names (for signal handlers) */

#define OUT_SLOTS 16384 /* two per open output: more than the 4096 aw319check keeps pending */
static _Atomic(char *) slots[OUT_SLOTS];

/* The place of p in the table, or -1 when it is full (then p is not removed on a signal,
 * only on discard). */
static int track(char *p)
{
    static atomic_uint hint;
    unsigned start = atomic_load(&hint);
    for (unsigned i = 0; i < OUT_SLOTS; i++) {
        unsigned k = (start + i) % OUT_SLOTS;
        char *none = NULL;
        if (!atomic_load(&slots[k]) && atomic_compare_exchange_strong(&slots[k], &none, p)) {
            atomic_store(&hint, k + 1);
            return (int)k;
        }
    }
    return -1;
}

static void untrack(int *slot)
{
    if (*slot >= 0) atomic_store(&slots[*slot], NULL);
    *slot = -1;
}

void aw_output_remove_temps(void)
{
    for (unsigned k = 0; k < OUT_SLOTS; k++) {
        char *p = atomic_load(&slots[k]);
        if (p && p[0]) unlink(p);
    }
}

/* ---- what the target is */

/* The descriptor a name stands for ("-", /dev/stdout, /dev/fd/N, ...), or -1. */
static int fd_alias(const char *p)
{
    if (!strcmp(p, "-") || !strcmp(p, "/dev/stdout")) return 1;
    if (!strcmp(p, "/dev/stderr")) return 2;
    if (!strcmp(p, "/dev/stdin")) return 0;
    const char *n = !strncmp(p, "/dev/fd/", 8) ? p + 8 : !strncmp(p, "/proc/self/fd/", 14) ? p + 14 : NULL;
    if (!n || !*n) return -1;
    int v = 0;
    for (; *n; n++) {
        if (*n < '0' || *n > '9' || v > 99999) return -1;
        v = v * 10 + (*n - '0');
    }
    return v;
}

/* The message refusing to write onto m (its argument: the name). */
static const char *refusal(mode_t m)
{
    return S_ISDIR(m) ? _("%s: is a directory: not written (name a file, a character device or a FIFO)")
         : S_ISBLK(m) ? _("%s: is a block device: not written (name a file, a character device or a FIFO)")
         : S_ISSOCK(m) ? _("%s: is a socket: not written (name a file, a character device or a FIFO)")
                       : _("%s: is not a regular file: not written (name a file, a character device or a FIFO)");
}

/* Decide where o goes: o->stream, o->alias, o->path (a link resolved). */
static aw_rc classify(aw_ctx *ctx, aw_output *o)
{
    struct stat st;
    if ((o->alias = fd_alias(o->path)) >= 0) {
        if (fstat(o->alias, &st) != 0)
            return err_set(ctx, AW_EIO, _("%s: cannot write: %s"), o->shown, strerror(errno));
        o->stream = 1;
        return AW_OK;
    }
    if (lstat(o->shown, &st) != 0) return AW_OK; /* a new file (or the create reports why not) */
    if (S_ISREG(st.st_mode)) return AW_OK;
    if (S_ISLNK(st.st_mode)) {
        if (stat(o->shown, &st) != 0)
            return err_set(ctx, AW_EUSAGE, _("%s: a symbolic link to nothing (%s): not replaced; remove it or "
                                  "name the file"), o->shown, strerror(errno));
        if (S_ISREG(st.st_mode)) { /* replace the file the link points to, keep the link */
            char *real = realpath(o->shown, NULL);
            char *copy = real ? mem_strdup(real) : NULL;
            free(real);
            if (!copy) return err_set(ctx, AW_EIO, _("%s: cannot resolve the link: %s"), o->shown, strerror(errno));
            mem_free(o->path);
            o->path = copy;
            return AW_OK;
        }
    }
    if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
        if (access(o->shown, W_OK) != 0)
            return err_set(ctx, AW_EIO, _("%s: cannot write: %s"), o->shown, strerror(errno));
        o->stream = 1;
        return AW_OK;
    }
    return err_set(ctx, AW_EUSAGE, refusal(st.st_mode), o->shown);
}

aw_rc aw_output_open(aw_ctx *ctx, const char *path, aw_output **out)
{
    err_clear(ctx);
    *out = NULL;
    aw_output *o = mem_calloc(1, sizeof *o);
    if (o) o->fd = o->slot[0] = o->slot[1] = -1;
    if (!o || !(o->path = mem_strdup(path)) ||
        !(o->shown = mem_strdup(!strcmp(path, "-") ? _("standard output") : path))) {
        aw_output_discard(o);
        return err_set(ctx, AW_ENOMEM, _("out of memory"));
    }
    aw_rc rc = classify(ctx, o);
    if (rc) { aw_output_discard(o); return rc; }
    /* a file's temporary file lives in its directory so rename() is atomic; a stream's in $TMPDIR */
    const char *dir = getenv("TMPDIR");
    if (!dir || dir[0] != '/') dir = "/tmp";
    size_t n = (o->stream ? strlen(dir) : strlen(o->path)) + 24;
    if (!(o->tmp = mem_calloc(1, n)) || !(o->twin = mem_malloc(n + 5))) { /* tmp "" until made */
        aw_output_discard(o);
        return err_set(ctx, AW_ENOMEM, _("out of memory"));
    }
    if (o->stream) snprintf(o->tmp, n, "%s/aw319check.tmpXXXXXX", dir);
    else snprintf(o->tmp, n, "%s.tmpXXXXXX", o->path);
    o->fd = mkstemp(o->tmp);
    if (o->fd < 0) {
        int e = errno;
        o->tmp[0] = 0;
        aw_output_discard(o);
        return err_set(ctx, AW_EIO, _("%s: cannot create: %s"), path, strerror(e));
    }
    snprintf(o->twin, n + 5, "%s.body", o->tmp);
    o->slot[0] = track(o->tmp);
    o->slot[1] = track(o->twin);
    fchmod(o->fd, 0600); /* mkstemp's mode is 0600 less the umask */
    *out = o;
    return AW_OK;
}

int aw_output_fd(const aw_output *o) { return o->fd; }
const char *aw_output_tmppath(const aw_output *o) { return o->tmp; }

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Copy the staged output to the stream. */
static aw_rc copy_out(aw_ctx *ctx, aw_output *o)
{
    int to = o->alias;
    if (to < 0) {
        to = open(o->path, O_WRONLY | O_NOCTTY | O_CLOEXEC); /* never O_CREAT: it exists */
        struct stat st;
        if (to < 0) return err_set(ctx, AW_EIO, _("%s: cannot write: %s"), o->shown, strerror(errno));
        if (fstat(to, &st) != 0 || S_ISREG(st.st_mode)) {
            close(to);
            return err_set(ctx, AW_EIO, _("%s: is no longer a device or FIFO: not written"), o->shown);
        }
    }
    aw_rc rc = AW_OK;
    char buf[65536];
    long long off = 0;
    for (;;) {
        ssize_t n = pread(o->fd, buf, sizeof buf, (off_t)off);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) { rc = err_set(ctx, AW_EIO, _("%s: read back failed: %s"), o->tmp, strerror(errno)); break; }
        if (n == 0) break;
        if (write_all(to, buf, (size_t)n) != 0) {
            rc = err_set(ctx, AW_EIO, _("%s: write failed: %s"), o->shown, strerror(errno));
            break;
        }
        off += n;
    }
    if (o->alias < 0 && close(to) != 0 && !rc)
        rc = err_set(ctx, AW_EIO, _("%s: write failed: %s"), o->shown, strerror(errno));
    return rc;
}

/* Make the rename of the file at path durable: fsync its directory. */
static aw_rc sync_dir(aw_ctx *ctx, const aw_output *o)
{
    const char *slash = strrchr(o->path, '/');
    char dir[4096];
    if (!slash) strcpy(dir, ".");
    else if (slash == o->path) strcpy(dir, "/");
    else if ((size_t)(slash - o->path) < sizeof dir) { memcpy(dir, o->path, (size_t)(slash - o->path)); dir[slash - o->path] = 0; }
    else return AW_OK;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return err_set(ctx, AW_EIO, _("%s: cannot sync its directory: %s"), o->shown, strerror(errno));
    int r = fsync(fd), e = errno;
    close(fd);
    if (r != 0 && e != EINVAL) /* EINVAL: the file system cannot sync a directory */
        return err_set(ctx, AW_EIO, _("%s: cannot sync its directory: %s"), o->shown, strerror(e));
    return AW_OK;
}

aw_rc aw_output_commit(aw_ctx *ctx, aw_output *o)
{
    err_clear(ctx);
    aw_rc rc = AW_OK;
    struct stat st;
    if (o->stream) {
        rc = copy_out(ctx, o);
    } else if (fsync(o->fd) != 0) {
        rc = err_set(ctx, AW_EIO, _("%s: write failed: %s"), o->shown, strerror(errno));
    } else if (close(o->fd) != 0) {
        o->fd = -1;
        rc = err_set(ctx, AW_EIO, _("%s: write failed: %s"), o->shown, strerror(errno));
    } else {
        o->fd = -1;
        /* never rename over what is not a regular file (it may have appeared since open) */
        if (lstat(o->path, &st) == 0 && !S_ISREG(st.st_mode))
            rc = err_set(ctx, AW_EIO, _("%s: is no longer a regular file: not replaced"), o->shown);
        else if (rename(o->tmp, o->path) != 0)
            rc = err_set(ctx, AW_EIO, _("%s: cannot rename: %s"), o->shown, strerror(errno));
        else {
            untrack(&o->slot[0]);
            o->tmp[0] = 0; /* nothing left to remove */
            rc = sync_dir(ctx, o);
        }
    }
    aw_output_discard(o);
    return rc;
}

void aw_output_discard(aw_output *o)
{
    if (!o) return;
    if (o->fd >= 0) close(o->fd);
    if (o->tmp && o->tmp[0]) unlink(o->tmp);
    untrack(&o->slot[0]);
    untrack(&o->slot[1]);
    mem_free(o->tmp);
    mem_free(o->twin);
    mem_free(o->path);
    mem_free(o->shown);
    mem_free(o);
}
