/* SPDX-License-Identifier: MIT */
/* sha256.h — the input's SHA-256 (sha256.c), for the report and the ledger (not installed). */
#ifndef AW_SHA256_H
#define AW_SHA256_H

#include "core.h"

/* nettle's SHA-256 (it uses the CPU's SHA instructions; sha256.c says why). */
#include <nettle/sha2.h>
typedef struct sha256_ctx sha_state;
void sha_init(sha_state *s);
void sha_update(sha_state *s, const void *p, size_t n);
void sha_hex(sha_state *s, char out[65]);
/* Hash a regular file from its current offset to its end in a helper thread (pread, so the
 * caller's reads are untouched), overlapping the check on a second core.  NULL when fd is not
 * a regular file or no thread could be started: hash inline then.  sha_job_finish
 * waits, writes the hex digest and frees the job; it returns 0, or -1 when the file could not
 * be read or its hashed length differs from `bytes` (the bytes the check read).
 * sha_job_finish(j, -1, NULL) stops and frees the job without a digest. */
typedef struct sha_job sha_job;
sha_job *sha_job_start(int fd);
int sha_job_finish(sha_job *j, long long bytes, char out[65]);

#endif
