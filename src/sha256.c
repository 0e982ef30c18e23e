/* sha256.c — SHA-256 of the input file for the report's file/@sha256, computed while the
 * file streams through.  Thin wrapper over nettle (Debian's nettle-dev), which picks the
 * CPU's SHA extensions at run time: ~1.5 GB/s here against ~0.3 GB/s for portable C. */
#include "awint.h"
#include <stdio.h>

void aw_sha256_init(aw_sha256 *s) { sha256_init(s); }

void aw_sha256_update(aw_sha256 *s, const void *p, size_t n) { sha256_update(s, n, p); }

void aw_sha256_hex(aw_sha256 *s, char out[65])
{
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest(s, sizeof d, d);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
}
