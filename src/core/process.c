/* SPDX-License-Identifier: MIT */
/* process.c — facts about the running process: the directory of its program, where a build
 * tree keeps what `make` made beside it (the message catalogue in locale/, and in the source
 * tree of an in-tree build the controlsets and schemas: the programs work before `make
 * install` without a build path baked into the library), and whether it may use a second CPU. */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "core.h"
#include <sched.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef AW_DATADIR
#define AW_DATADIR "/usr/local/share/aw319check"
#endif

int proc_program_dir(char *dst, size_t n)
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

/* Helper threads (hashing, the AW320 writer) only pay off with a second CPU: on one CPU they
 * add a copy (the hash thread re-reads the file) and context switches. */
int proc_parallel(void)
{
    static int cached = -1;
    if (cached < 0) {
        cpu_set_t set;
        cached = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) > 1 : 1;
    }
    return cached;
}

/* An explicit data directory ($AW319_DATADIR, else datadir: aw_ctx_set_datadir's) is the only place
 * searched, so a test or a user can point it somewhere and rely on it; without one, the
 * installed pkgdatadir, then the directory of the running program (an in-tree build run
 * before `make install`: controlsets/ and schemas/ lie beside it). */
int proc_find_datafile(const char *datadir, const char *rel, char *out, size_t n)
{
    const char *dirs[2];
    char prog[4096];
    int k = 0;
    const char *env = getenv("AW319_DATADIR");
    if (env && *env) dirs[k++] = env;
    else if (datadir) dirs[k++] = datadir;
    else {
        dirs[k++] = AW_DATADIR;
        if (proc_program_dir(prog, sizeof prog)) dirs[k++] = prog;
    }
    for (int i = 0; i < k; i++) {
        int w = snprintf(out, n, "%s/%s", dirs[i], rel);
        if (w > 0 && (size_t)w < n && access(out, R_OK) == 0) return 1;
    }
    return 0;
}
