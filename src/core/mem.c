/* SPDX-License-Identifier: MIT */
/* mem.c — the library's allocator: every allocation goes through here so a test can make
 * the n-th one fail (mem_fail_after) and prove the caller handles out-of-memory.  That hook
 * exists only in test builds (AW_TEST_HOOKS: the Check suites and fuzz targets link such a
 * build of this file, libawmem_test); the programs and libaw319 have none. */
#include "core.h"
#include <stdlib.h>
#include <string.h>

#ifdef AW_TEST_HOOKS
static long fail_countdown; /* 0 = off; else the allocation that reaches 1 fails */

long mem_fail_after(long n)
{
    long left = fail_countdown;
    fail_countdown = n;
    return left;
}

static int should_fail(void)
{
    if (fail_countdown <= 0) return 0;
    return --fail_countdown == 0;
}
#else
#define should_fail() 0
#endif

void *mem_malloc(size_t n) { return should_fail() ? NULL : malloc(n ? n : 1); }
void *mem_calloc(size_t n, size_t size) { return should_fail() ? NULL : calloc(n ? n : 1, size ? size : 1); }
void *mem_realloc(void *p, size_t n) { return should_fail() ? NULL : realloc(p, n ? n : 1); }
void mem_free(void *p) { free(p); }

char *mem_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = mem_malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}
