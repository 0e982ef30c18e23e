/* SPDX-License-Identifier: MIT */
/* fuzz_load.c — libFuzzer target for a path-based loader of the context: the bytes become a
 * file and FUZZ_LOADER (aw_ctx_load_koppeltabel, _tarieven, _toewijzingen, _controlset) reads
 * it.  A non-OK rc is fine (bad data is refused with a message); a crash, leak, hang or
 * sanitizer report is not.  When the data loads, a small fixed AW319 (fixtures/cases/
 * clean-basic) is checked with it so the rules that use the data run too.  fuzz/build.sh
 * builds one binary per loader:
 *   fuzz_koppeltabel       -DFUZZ_LOADER=aw_ctx_load_koppeltabel  -DFUZZ_SUFFIX=".csv"
 *   fuzz_tarieven          -DFUZZ_LOADER=aw_ctx_load_tarieven     -DFUZZ_SUFFIX=".csv"
 *   fuzz_toewijzingen_csv  -DFUZZ_LOADER=aw_ctx_load_toewijzingen -DFUZZ_SUFFIX=".csv"
 *   fuzz_toewijzingen_csv_smallbuf  the same over csv.c built with -DCSV_RBUF=64
 *   fuzz_aw33              -DFUZZ_LOADER=aw_ctx_load_toewijzingen -DFUZZ_SUFFIX=".xml"
 *   fuzz_controlset        -DFUZZ_LOADER=aw_ctx_load_controlset   -DFUZZ_SUFFIX=".xml" */
#include "fuzz_common.h"
#include <fcntl.h>

#if !defined(FUZZ_LOADER) || !defined(FUZZ_SUFFIX)
#error "build with -DFUZZ_LOADER=function -DFUZZ_SUFFIX=\".ext\" (see fuzz/build.sh)"
#endif
#define FUZZ_STR2(x) #x
#define FUZZ_STR(x) FUZZ_STR2(x)

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
    static const char *path;
    fuzz_init();
    if (!path) path = fuzz_tmpname(FUZZ_SUFFIX);
    fuzz_write(path, d, n, 0);
    aw_ctx *ctx = fuzz_ctx();
    aw_rc rc = FUZZ_LOADER(ctx, path);
    if (rc == AW_OK) {
        int fd = open(FUZZ_SRCDIR "/fixtures/cases/clean-basic/input.asc", O_RDONLY);
        if (fd >= 0) {
            aw_summary s;
            (void)aw_check_fd(ctx, fd, "clean-basic.asc", NULL, 0, &s);
            close(fd);
        }
    } else if (!aw_errmsg(ctx)[0]) {
        fprintf(stderr, "%s: rc %d without a message\n", FUZZ_STR(FUZZ_LOADER), (int)rc);
        abort();
    }
    aw_ctx_free(ctx);
    return 0;
}
