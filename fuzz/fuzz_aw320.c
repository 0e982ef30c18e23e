/* SPDX-License-Identifier: MIT */
/* fuzz_aw320.c — libFuzzer target: bytes as an AW320 return file through the ledger's
 * bounded streaming reader (aw320read.c, a320_read), with sinks that read every field handed
 * to them.  A LEDGER_REFUSED rc is the normal answer to bad bytes; it must carry a message. */
#include "fuzz_common.h"
#include "ledger.h"

static aw_rc on_head(void *ud, const a320_head *h)
{
    size_t *sum = ud;
    *sum += strlen(h->factuur) + strlen(h->referentie) + h->instelling;
    for (int i = 0; i < 3; i++) *sum += strlen(h->codes[i]);
    return AW_OK;
}

static aw_rc on_04(void *ud, const a320_04 *r)
{
    size_t *sum = ud;
    *sum += strlen(r->code) + strlen(r->ref) + strlen(r->prevref) + r->bsn + (size_t)r->toegekend;
    for (int i = 0; i < 3; i++) *sum += strlen(r->codes[i]);
    return AW_OK;
}

static aw_rc on_tail(void *ud, const a320_tail *t)
{
    size_t *sum = ud;
    *sum += strlen(t->sha256) + t->records;
    return AW_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
    static const char *path;
    fuzz_init();
    if (!path) path = fuzz_tmpname(".aw320");
    int fd = fuzz_write(path, d, n, 1);
    aw_ctx *ctx = fuzz_ctx();
    size_t sum = 0;
    a320_sink s = {&sum, on_head, on_04, on_tail};
    aw_rc rc = a320_read(ctx, fd, "fuzz.aw320", &s);
    close(fd);
    if (rc != AW_OK && !aw_errmsg(ctx)[0]) {
        fprintf(stderr, "a320_read: rc %d without a message\n", (int)rc);
        abort();
    }
    aw_ctx_free(ctx);
    return 0;
}
