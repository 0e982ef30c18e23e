/* SPDX-License-Identifier: MIT */
/* progdir.c — the directory of the running program, where a build tree keeps what `make`
 * made beside it (the message catalogue in locale/, and in the source tree of an in-tree build
 * the controlsets and schemas): the programs work before `make install` without a build path
 * baked into the library. */
#include "awint.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int aw_program_dir(char *dst, size_t n)
{
    char exe[4096];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0) return 0;
    exe[len] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) return 0;
    *slash = '\0';
    return snprintf(dst, n, "%s", exe[0] ? exe : "/") < (int)n;
}
