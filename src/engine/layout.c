/* SPDX-License-Identifier: MIT */
/* layout.c — lookups in the generated record layouts (layout_tables.c, from standard/), and
 * the fields' published patterns, compiled once per process. */
#include "layout.h"
#include "ctx.h"
#include "nls.h"
#include <pthread.h>
#include <stdio.h>
#include <string.h>

const lay_record *lay_record_find(const lay_layout *l, const char *type2)
{
    unsigned a = (unsigned char)type2[0] - '0', b = (unsigned char)type2[1] - '0';
    return a > 9 || b > 9 ? NULL : l->bytype[a * 10 + b];
}

/* O(1) after the record: ids are record type + two digits (the Vektis field numbering). */
const lay_field *lay_field_find(const lay_layout *l, const char *id)
{
    const lay_record *r = lay_record_find(l, id);
    unsigned a = (unsigned char)id[2] - '0', b;
    if (!r || a > 9 || (b = (unsigned char)id[3] - '0') > 9 || id[4]) return NULL;
    return r->byid[a * 10 + b];
}

/* The field's bytes packed big-endian and searched in the generated sorted keys: a value is
 * allowed when it is a code followed by blanks to the field's end (AN codes are left-aligned and
 * space-filled; N codes fill the field).  Runs for every code field of every record. */
int lay_code_allowed(const lay_field *f, const char *p)
{
    if (!f->codes) return 1;
    uint32_t v = 0;
    for (unsigned i = 0; i < f->len; i++) v = v << 8 | (unsigned char)p[i]; /* len <= 4 (gentables.sh) */
    size_t lo = 0, hi = f->nkeys;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (f->keys[mid] == v) return 1;
        if (f->keys[mid] < v) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}

/* The published patterns of every AW319 layout, compiled the first time one is asked for and
 * kept for the life of the process (they are derived from the constant tables: ~2 ms of work
 * that would otherwise be redone for every checked file).  A failed compile (out of memory) is
 * tried again at the next call. */
#define LAY_MAXPAT 128
static struct { const lay_field *f; pat *p; } pats[LAY_MAXPAT];
static unsigned npats;
static int pats_ready;
static pthread_mutex_t pats_mu = PTHREAD_MUTEX_INITIALIZER;

/* Every AW319 version the checker knows, by its subversion (0104). */
static const struct { unsigned subversion; const lay_layout *layout; } aw319_versions[] = {
    {3, &lay_aw319_v13},
    {4, &lay_aw319_v14},
};
#define NVERSIONS (sizeof aw319_versions / sizeof aw319_versions[0])

const lay_layout *lay_aw319_version(unsigned subversion)
{
    for (size_t i = 0; i < NVERSIONS; i++)
        if (aw319_versions[i].subversion == subversion) return aw319_versions[i].layout;
    return NULL;
}

static int compile_patterns(aw_ctx *ctx)
{
    for (size_t l = 0; l < NVERSIONS; l++) {
        const lay_layout *L = aw319_versions[l].layout;
        for (unsigned r = 0; r < L->nrecords; r++)
            for (unsigned i = 0; i < L->records[r].nfields; i++) {
                const lay_field *f = &L->records[r].fields[i];
                if (!f->pattern) continue;
                pat *p = npats < LAY_MAXPAT ? pat_compile(ctx, f->pattern, f->len) : NULL;
                if (!p) {
                    if (npats == LAY_MAXPAT) err_set(ctx, AW_EUSAGE, "%s: too many patterns", L->name);
                    while (npats) pat_free(pats[--npats].p);
                    return 0;
                }
                pats[npats].f = f;
                pats[npats++].p = p;
            }
    }
    return 1;
}

const pat *lay_pattern(aw_ctx *ctx, const lay_field *f)
{
    const pat *p = NULL;
    pthread_mutex_lock(&pats_mu);
    if (!pats_ready) pats_ready = compile_patterns(ctx);
    for (unsigned i = 0; i < npats && f->pattern; i++)
        if (pats[i].f == f) p = pats[i].p;
    pthread_mutex_unlock(&pats_mu);
    return p;
}
