/* SPDX-License-Identifier: MIT */
/* load.c — the public loaders of reference data (aw_ctx_load_koppeltabel, _tarieven,
 * _toewijzingen): each hands the file to its reader (csv.c, aw33.c), then lets the store
 * (refdata.c) sort and index it.  A failed load leaves the store unusable. */
#include "refdata.h"
#include "aw33.h"
#include "nls.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

aw_rc aw_ctx_load_koppeltabel(aw_ctx *ctx, const char *path)
{
    err_clear(ctx);
    ref_store *r = ref_get(ctx);
    if (!r) return ctx->err;
    return ref_loaded(r, ctx, REF_KOPPELTABEL, csv_load_koppeltabel(r, ctx, path));
}

aw_rc aw_ctx_load_tarieven(aw_ctx *ctx, const char *path)
{
    err_clear(ctx);
    ref_store *r = ref_get(ctx);
    if (!r) return ctx->err;
    return ref_loaded(r, ctx, REF_TARIEVEN, csv_load_tarieven(r, ctx, path));
}

/* An XML file starts with '<' after an optional BOM and white space (the bytes of a UTF-8 or
 * UTF-16 BOM and the zero bytes of UTF-16 skipped: aw33.c reads UTF-16 too). */
static int looks_xml(const char *path, aw_ctx *ctx, int *is_xml)
{
    FILE *f = ref_fopen(ctx, path);
    if (!f) return -1;
    int c, n = 0;
    *is_xml = 0;
    while ((c = getc(f)) != EOF && n < 4096) {
        n++;
        if (c == 0xEF || c == 0xBB || c == 0xBF || c == 0xFE || c == 0xFF || c == 0 || c == ' ' ||
            c == '\t' || c == '\r' || c == '\n')
            continue;
        *is_xml = c == '<';
        break;
    }
    fclose(f);
    return 0;
}

aw_rc aw_ctx_load_toewijzingen(aw_ctx *ctx, const char *path)
{
    err_clear(ctx);
    ref_store *r = ref_get(ctx);
    if (!r) return ctx->err;
    struct stat st;
    if (stat(path, &st) != 0)
        return ref_loaded(r, ctx, REF_TOEWIJZINGEN, err_set(ctx, AW_EIO, _("%s: cannot open: %s"), path, strerror(errno)));
    int xml = 1;
    if (!S_ISDIR(st.st_mode) && looks_xml(path, ctx, &xml)) return ref_loaded(r, ctx, REF_TOEWIJZINGEN, ctx->err);
    aw_rc rc = xml ? aw33_load(r, ctx, path) : csv_load_toewijzingen(r, ctx, path);
    return ref_loaded(r, ctx, REF_TOEWIJZINGEN, rc);
}
