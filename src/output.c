/* output.c — output files that appear whole or not at all: created as a temporary file
 * (mode 0600) beside the target and renamed into place on commit. */
#include "awint.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct aw_output {
    int fd;
    char *path;   /* final name */
    char *tmp;    /* temporary name beside it */
};

aw_rc aw_output_open(aw_ctx *ctx, const char *path, aw_output **out)
{
    *out = NULL;
    aw_output *o = aw_calloc(1, sizeof *o);
    if (o) o->fd = -1;
    size_t n = strlen(path) + 16;
    if (!o || !(o->path = aw_strdup(path)) || !(o->tmp = aw_malloc(n))) {
        aw_output_discard(o);
        return aw_set_error(ctx, AW_ENOMEM, "out of memory");
    }
    /* the temp file lives in the target directory so rename() is atomic */
    snprintf(o->tmp, n, "%s.tmpXXXXXX", path);
    mode_t old = umask(077);
    o->fd = mkstemp(o->tmp);
    umask(old);
    if (o->fd < 0) {
        int e = errno;
        o->tmp[0] = 0;
        aw_output_discard(o);
        return aw_set_error(ctx, AW_EIO, "%s: cannot create: %s", path, strerror(e));
    }
    fchmod(o->fd, 0600);
    *out = o;
    return AW_OK;
}

int aw_output_fd(const aw_output *o) { return o->fd; }
const char *aw_output_tmppath(const aw_output *o) { return o->tmp; }

aw_rc aw_output_commit(aw_ctx *ctx, aw_output *o)
{
    aw_rc rc = AW_OK;
    if (o->fd >= 0 && close(o->fd) != 0)
        rc = aw_set_error(ctx, AW_EIO, "%s: write failed: %s", o->path, strerror(errno));
    o->fd = -1;
    if (!rc && rename(o->tmp, o->path) != 0)
        rc = aw_set_error(ctx, AW_EIO, "%s: cannot rename: %s", o->path, strerror(errno));
    if (!rc) o->tmp[0] = 0; /* nothing left to remove */
    aw_output_discard(o);
    return rc;
}

void aw_output_discard(aw_output *o)
{
    if (!o) return;
    if (o->fd >= 0) close(o->fd);
    if (o->tmp && o->tmp[0]) unlink(o->tmp);
    aw_free(o->tmp);
    aw_free(o->path);
    aw_free(o);
}
