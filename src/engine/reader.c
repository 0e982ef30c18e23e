/* SPDX-License-Identifier: MIT */
/* reader.c — one pass over an EI file in large chunks: hands out each line as a borrowed
 * slice of the chunk (no copy, no allocation per line), tells how it ended (CR LF, bare LF,
 * end of file) and keeps only the head of absurdly long lines.  Input that is plainly no
 * text (a line without end beyond RD_MAXLINE, line after line starting with NUL) ends the
 * read, so an endless stream such as /dev/zero stops. */
#include "reader.h"
#include "ctx.h"
#include "nls.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct rd_reader {
    aw_ctx *ctx;               /* where a failed read is reported */
    const char *name;          /* the input's name in that message (borrowed) */
    int fd;
    int eof;
    long long bytes;           /* read from fd so far */
    sha_state *sha;
    size_t start, end;         /* unread bytes are buf[start, end) */
    unsigned long lineno;
    unsigned long nul_lines;   /* lines starting with a NUL byte */
    int err;                   /* why rd_next returned -1: an errno, or one of the WHY_* */
    char keep[RD_KEEP];        /* head of a line longer than the buffer */
    char buf[RD_BUFSIZE];
};

rd_reader *rd_new(aw_ctx *ctx, int fd, const char *name, sha_state *sha)
{
    rd_reader *r = mem_malloc(sizeof *r);
    if (!r) {
        err_set(ctx, AW_ENOMEM, _("out of memory"));
        return NULL;
    }
    r->ctx = ctx;
    r->name = name;
    r->fd = fd;
    r->eof = 0;
    r->bytes = 0;
    r->sha = sha;
    r->start = r->end = 0;
    r->lineno = 0;
    r->nul_lines = 0;
    r->err = 0;
    return r;
}

void rd_free(rd_reader *r) { mem_free(r); }

long long rd_bytes(const rd_reader *r) { return r->bytes; }

/* Append input after buf[end]; 1 read something, 0 end of input, -1 error. */
static int fill(rd_reader *r)
{
    if (r->eof) return 0;
    for (;;) {
        ssize_t n = read(r->fd, r->buf + r->end, RD_BUFSIZE - r->end);
        if (n > 0) {
            if (r->sha) sha_update(r->sha, r->buf + r->end, (size_t)n);
            r->end += (size_t)n;
            r->bytes += n;
            return 1;
        }
        if (n == 0) { r->eof = 1; return 0; }
        if (errno != EINTR) { r->err = errno; return -1; }
    }
}

enum { WHY_LONG = -1, WHY_NUL = -2 };

/* 1, or -1 when too many lines started with a NUL byte. */
static int finish(rd_reader *r, rd_line *out, const char *p, size_t len, int end)
{
    if (end == RD_END_LF && len && p[len - 1] == '\r') { len--; end = RD_END_CRLF; }
    out->p = p;
    out->kept = out->len = len;
    out->end = end;
    out->lineno = ++r->lineno;
    if (len && !p[0] && ++r->nul_lines > RD_MAXNUL) { r->err = WHY_NUL; return -1; }
    return 1;
}

/* The message of a read that ended early: "NAME:LINE: ..." or "NAME: read error: ...". */
static int failed(rd_reader *r)
{
    char why[160];
    unsigned long line = r->lineno;
    if (r->err == WHY_LONG) {
        snprintf(why, sizeof why, _("no line end in the first %u bytes: not an AW319 file"), RD_MAXLINE);
        line++;
    } else if (r->err == WHY_NUL) {
        snprintf(why, sizeof why, _("more than %u lines start with a NUL byte: binary data, not an AW319 file"),
                 RD_MAXNUL);
    } else {
        snprintf(why, sizeof why, _("read error: %s"), strerror(r->err ? r->err : EIO));
        line = 0;
    }
    if (line) err_set(r->ctx, AW_EIO, "%s:%lu: %s", r->name, line, why);
    else err_set(r->ctx, AW_EIO, "%s: %s", r->name, why);
    return -1;
}

static int next_line(rd_reader *r, rd_line *out)
{
    size_t scanned = 0; /* bytes of the current line already searched for LF */
    for (;;) {
        char *s = r->buf + r->start;
        char *nl = memchr(s + scanned, '\n', r->end - r->start - scanned);
        if (nl) {
            r->start = (size_t)(nl - r->buf) + 1;
            return finish(r, out, s, (size_t)(nl - s), RD_END_LF);
        }
        scanned = r->end - r->start;
        if (r->start > 0) { /* move the partial line to the front */
            memmove(r->buf, s, scanned);
            r->start = 0;
            r->end = scanned;
        }
        if (r->end == RD_BUFSIZE) break; /* a line longer than the buffer */
        int f = fill(r);
        if (f < 0) return -1;
        if (f == 0) {
            if (r->end == r->start) return 0;
            s = r->buf + r->start;
            size_t len = r->end - r->start;
            r->start = r->end;
            return finish(r, out, s, len, RD_END_EOF);
        }
    }
    /* Huge line: keep its head, count the rest up to the next LF. */
    memcpy(r->keep, r->buf, RD_KEEP);
    size_t len = 0;
    int end = RD_END_EOF;
    char last = 0;
    for (;;) {
        char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
        if (nl) {
            size_t k = (size_t)(nl - (r->buf + r->start));
            len += k;
            if (k) last = nl[-1];
            r->start += k + 1;
            end = RD_END_LF;
            break;
        }
        len += r->end - r->start;
        if (len > RD_MAXLINE) { r->err = WHY_LONG; return -1; }
        if (r->end > r->start) last = r->buf[r->end - 1];
        r->start = r->end = 0;
        int f = fill(r);
        if (f < 0) return -1;
        if (f == 0) break;
    }
    if (end == RD_END_LF && last == '\r') { len--; end = RD_END_CRLF; }
    out->p = r->keep;
    out->kept = RD_KEEP;
    out->len = len;
    out->end = end;
    out->lineno = ++r->lineno;
    if (!r->keep[0] && ++r->nul_lines > RD_MAXNUL) { r->err = WHY_NUL; return -1; }
    return 1;
}

int rd_next(rd_reader *r, rd_line *out)
{
    int k = next_line(r, out);
    return k < 0 ? failed(r) : k;
}
