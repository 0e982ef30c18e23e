/* reader.h — streaming line reader for EI files (internal). */
#ifndef READER_H
#define READER_H

#include "awint.h"

#ifndef RD_BUFSIZE             /* fuzz/ builds a reader with a tiny buffer too (>= RD_KEEP) */
#define RD_BUFSIZE (1u << 18)  /* read chunk (fits L2); lines up to this size are seen whole */
#endif
#define RD_KEEP 1024u          /* bytes kept of a line longer than the buffer */

typedef struct rd_line {
    const char *p;             /* line bytes without the line end (borrowed until next call) */
    size_t kept;               /* bytes available at p (== len unless the line is huge) */
    size_t len;                /* real length of the line */
    unsigned long lineno;      /* 1-based */
    int end;                   /* RD_END_CRLF, RD_END_LF (LF without CR) or RD_END_EOF */
} rd_line;
enum { RD_END_CRLF, RD_END_LF, RD_END_EOF };

typedef struct rd_reader rd_reader;
/* A reader over fd (not closed; not owned); hashes every byte read into sha when non-NULL.
 * NULL when out of memory. */
rd_reader *rd_new(int fd, aw_sha256 *sha);
void rd_free(rd_reader *r);
/* Bytes read from fd so far. */
long long rd_bytes(const rd_reader *r);
/* 1: a line is ready; 0: clean end of input; -1: read error (errno set). */
int rd_next(rd_reader *r, rd_line *out);

#endif
