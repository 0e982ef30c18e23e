/* SPDX-License-Identifier: MIT */
/* api-example.c — the README's library example, compiled against the public header only and
 * run by make check: it must keep compiling and must accept a clean file. */
#include "aw319.h"
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 2) return 2;
    int fd = open(argv[1], O_RDONLY);
    if (fd < 0) return 2;
    aw_global_init();
    aw_ctx *ctx = aw_ctx_new();
    aw_summary sum;
    int status = 2;
    if (ctx && aw_check_fd(ctx, fd, "maart.asc", NULL, 0, &sum) == AW_OK) {
        printf("%s\n", aw_verdict_name(sum.verdict));
        status = strcmp(aw_verdict_name(sum.verdict), "accepted") != 0;
    }
    aw_ctx_free(ctx);
    aw_global_cleanup();
    close(fd);
    return status;
}
