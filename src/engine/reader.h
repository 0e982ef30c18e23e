/* SPDX-License-Identifier: MIT */
/* reader.h — streaming line reader for EI files (internal). */
#ifndef READER_H
#define READER_H

#include "sha256.h"
#include "error.h"

#ifndef RD_BUFSIZE             /* fuzz/ builds a reader with a tiny buffer too (>= RD_KEEP) */
#define RD_BUFSIZE (1u << 18)  /* read chunk (fits L2); lines up to this size are seen whole */
#endif
#define RD_KEEP 1024u          /* bytes kept of a line longer than the buffer */
#define RD_MAXLINE (16u << 20) /* a line longer than this (no line end) ends the read */
#define RD_MAXNUL 1000u        /* more lines than this starting with a NUL byte end the read */

typedef struct rd_line {
    const char *p;             /* line bytes without the line end (borrowed until next call) */
    size_t kept;               /* bytes available at p (== len unless the line is huge) */
    size_t len;                /* real length of the line */
    unsigned long lineno;      /* 1-based */
    int end;                   /* RD_END_CRLF, RD_END_LF (LF without CR) or RD_END_EOF */
} rd_line;
enum { RD_END_CRLF, RD_END_LF, RD_END_EOF };

typedef struct rd_reader rd_reader;
/* A reader over fd (not closed; not owned) of the input called name (borrowed: named in the
 * messages of failed reads); hashes every byte read into sha when non-NULL.  NULL when out of
 * memory (error on ctx). */
rd_reader *rd_new(aw_ctx *ctx, int fd, const char *name, sha_state *sha);
void rd_free(rd_reader *r);
/* Bytes read from fd so far. */
long long rd_bytes(const rd_reader *r);
/* 1: a line is ready; 0: clean end of input; -1: the read ended early (AW_EIO on the context,
 * the message saying why): a read error, or input that is no EI file (a line of more than
 * RD_MAXLINE bytes, more than RD_MAXNUL lines starting with a NUL byte, as /dev/zero gives). */
int rd_next(rd_reader *r, rd_line *out);

#endif
