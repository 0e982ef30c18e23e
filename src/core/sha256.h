/* SPDX-License-Identifier: MIT */
/* sha256.h — the input's SHA-256 (sha256.c), for the report and the ledger (not installed). */
#ifndef AW_SHA256_H
#define AW_SHA256_H

#include "core.h"

/* SHA-256 of the input for the report (nettle, which uses the CPU's SHA
 * instructions: a portable C SHA-256 alone took half the time of a whole check). */
#include <nettle/sha2.h>
typedef struct sha256_ctx aw_sha256;
void aw_sha256_init(aw_sha256 *s);
void aw_sha256_update(aw_sha256 *s, const void *p, size_t n);
void aw_sha256_hex(aw_sha256 *s, char out[65]);
/* Hash a regular file from its current offset to its end in a helper thread (pread, so the
 * caller's reads are untouched), overlapping the check on a second core.  NULL when fd is not
 * a regular file or no thread could be started: hash inline then.  aw_sha256_job_finish
 * waits, writes the hex digest and frees the job; it returns 0, or -1 when the file could not
 * be read or its hashed length differs from `bytes` (the bytes the check read).
 * aw_sha256_job_finish(j, -1, NULL) stops and frees the job without a digest. */
typedef struct aw_sha256_job aw_sha256_job;
aw_sha256_job *aw_sha256_job_start(int fd);
int aw_sha256_job_finish(aw_sha256_job *j, long long bytes, char out[65]);

#endif
