/* SPDX-License-Identifier: MIT */
/* refdata.c — the reference data of a context (doc/refdata.md): koppeltabel, ingerichte tarieven and
 * toewijzingen, each an array sorted once after loading with a hash index on its key
 * (prestatiecode, BSN), plus the per-file R11 running sums.  The readers (csv.c, aw33.c) add
 * rows; ref_finalize sorts, supersedes AW33 rows, finds duplicates and overlaps and indexes. */
#include "refdata.h"
#include "nls.h"
#include "hidx.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#define MAX_ROWS 20000000u     /* hard cap per table: far above any real list */
#define MAX_FILES 65535u

struct ref_store {
    aw_ctx *ctx;
    char **files;              /* names of the files rows came from */
    unsigned nfiles;
    ref_kt *kt; size_t nkt, ckt; int have_kt;
    ref_tar *tar; size_t ntar, ctar; int have_tar;
    ref_tw *tw; size_t ntw, ctw; int have_tw;
    uint32_t seq;
    int tw_unsorted;           /* a toewijzing was added out of (tw_order) order since the last sort */
    int dirty;                 /* rows added since the last ref_finalize */
    int broken;                /* a load failed: nothing may be checked with this data */
    hidx kt_idx, tar_idx;      /* the first row of each prestatiecode, by hidx_mix64 of code_key */
    hidx tw_idx;               /* the first row of each BSN, the BSN itself the tag: one cache line a lookup */
    ref_vol *vol; size_t nvol, cvol;
    hidx vol_idx;              /* vol by hidx_mix64 of vol_key */
};

/* ---- small helpers */

static uint64_t code_key(const char *code)
{
    uint64_t k = 0;
    size_t n = strnlen(code, 5);
    memcpy(&k, code, n);
    return k;
}

/* Two prestatiecodes (at most 5 bytes and a NUL) equal: inline, per 04 on the lookups below. */
static inline int code_eq(const char *a, const char *b)
{
    for (int i = 0; i < 6; i++) {
        if (a[i] != b[i]) return 0;
        if (!a[i]) return 1;
    }
    return 1;
}

/* The first row of a run of equal keys in a sorted table: an index over the n rows whose key is
 * key(r, i), equal keys adjacent, and the lookup of key k (-1 = none). */
static aw_rc idx_build(ref_store *r, hidx *x, size_t n, uint64_t (*key)(const ref_store *, size_t))
{
    hidx_free(x);
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++) distinct += !i || key(r, i - 1) != key(r, i);
    if (hidx_init(x, distinct)) return err_set(r->ctx, AW_ENOMEM, _("out of memory"));
    for (size_t i = 0; i < n; i++) {
        uint64_t k = key(r, i);
        if (!i || key(r, i - 1) != k) hidx_put(x, hidx_mix64(k), (uint32_t)i);
    }
    return AW_OK;
}

static inline long idx_find(const ref_store *r, const hidx *x, uint64_t k, uint64_t (*key)(const ref_store *, size_t))
{
    uint32_t tag = hidx_mix64(k);
    for (uint32_t h = hidx_find(x, tag); hidx_found(x, h); h = hidx_next(x, tag, h))
        if (key(r, hidx_entry(x, h)) == k) return (long)hidx_entry(x, h);
    return -1;
}

static void fmt_day(char out[16], long days)
{
    if (days >= REF_OPEN) { strcpy(out, "open"); return; }
    int y, m, d;
    date_civil(days, &y, &m, &d);
    snprintf(out, 16, "%04d-%02d-%02d", y % 10000, m, d);
}

/* Index of file in the name table (added when new); -1 on OOM or too many files. */
static int file_index(ref_store *r, const char *file)
{
    if (r->nfiles && !strcmp(r->files[r->nfiles - 1], file)) return (int)r->nfiles - 1;
    for (unsigned i = 0; i < r->nfiles; i++)
        if (!strcmp(r->files[i], file)) return (int)i;
    if (r->nfiles >= MAX_FILES) return -1;
    char **nf = mem_realloc(r->files, (r->nfiles + 1) * sizeof *nf);
    if (!nf) return -1;
    r->files = nf;
    if (!(nf[r->nfiles] = mem_strdup(file))) return -1;
    return (int)r->nfiles++;
}

/* Grow an array to hold one more row (factor 1.5, so the slack stays small). */
static int grow(void **p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap) return 0;
    if (n >= MAX_ROWS) return -1;
    size_t nc = *cap ? *cap + *cap / 2 + 16 : 64;
    void *np = mem_realloc(*p, nc * size);
    if (!np) return -1;
    *p = np;
    *cap = nc;
    return 0;
}

/* ---- the store */

ref_store *ref_get(aw_ctx *ctx)
{
    if (ctx->ref) return ctx->ref;
    ref_store *r = mem_calloc(1, sizeof *r);
    if (!r) { err_set(ctx, AW_ENOMEM, _("out of memory")); return NULL; }
    r->ctx = ctx;
    ctx->ref = r;
    return r;
}

void ref_free(ref_store *r)
{
    if (!r) return;
    for (unsigned i = 0; i < r->nfiles; i++) mem_free(r->files[i]);
    mem_free(r->files);
    mem_free(r->kt);
    mem_free(r->tar);
    mem_free(r->tw);
    hidx_free(&r->kt_idx); hidx_free(&r->tar_idx);
    hidx_free(&r->tw_idx);
    mem_free(r->vol); hidx_free(&r->vol_idx);
    mem_free(r);
}

int ref_have_koppeltabel(const ref_store *r) { return r && r->have_kt; }
int ref_have_tarieven(const ref_store *r) { return r && r->have_tar; }
int ref_have_toewijzingen(const ref_store *r) { return r && r->have_tw; }
/* Worst case per toewijzing: the row with the 1.5x growth slack while loading, or after
 * finalizing the exact row plus its index slots (at most 8/3 slots of 8 bytes per BSN). */
size_t ref_toew_entry_size(void)
{
    size_t loading = sizeof(ref_tw) * 3 / 2, indexed = sizeof(ref_tw) + 8 * sizeof(uint64_t) / 3;
    return loading > indexed ? loading : indexed;
}

/* A new row at the end of a table (growing it; the adders fill the whole row), and the file's index into *fi (looked
 * up only while *fi < 0: file names are never removed, so a loader keeps it for the next row);
 * NULL with the error on ctx when out of memory or past MAX_ROWS.  Shared by the adders. */
static void *new_row(ref_store *r, aw_ctx *ctx, void **rows, size_t *cap, size_t *n, size_t size,
                     const char *file, unsigned long line, int *fi)
{
    if ((*fi < 0 && (*fi = file_index(r, file)) < 0) || grow(rows, cap, *n, size)) {
        err_set(ctx, AW_ENOMEM, _("%s:%lu: out of memory (or more than %u rows)"), file, line, MAX_ROWS);
        return NULL;
    }
    char *row = (char *)*rows + (*n)++ * size;
    r->dirty = 1;
    return row;
}

/* The order of the toewijzingen. */
static inline int kind(const ref_tw *w) { return w->lv == AW_LV_MPT; }

static inline int tw_order(const ref_tw *x, const ref_tw *y)
{
    if (x->bsn != y->bsn) return x->bsn < y->bsn ? -1 : 1;
    if (kind(x) != kind(y)) return kind(x) - kind(y);
    if (x->code != y->code) return x->code < y->code ? -1 : 1;
    if (x->instelling != y->instelling) return x->instelling < y->instelling ? -1 : 1;
    if (x->begin != y->begin) return x->begin < y->begin ? -1 : 1;
    if (x->stamp != y->stamp) return x->stamp < y->stamp ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static uint32_t line32(unsigned long line) { return line > UINT32_MAX ? UINT32_MAX : (uint32_t)line; }

aw_rc ref_kt_add_at(ref_store *r, aw_ctx *ctx, const ref_kt *k, const char *file, unsigned long line, int *fi)
{
    ref_kt *x = new_row(r, ctx, (void **)&r->kt, &r->ckt, &r->nkt, sizeof *r->kt, file, line, fi);
    if (!x) return AW_ENOMEM;
    *x = *k;
    x->line = line32(line);
    x->file = (uint16_t)*fi;
    r->have_kt = 1;
    return AW_OK;
}

aw_rc ref_tar_add_at(ref_store *r, aw_ctx *ctx, const ref_tar *t, const char *file, unsigned long line, int *fi)
{
    ref_tar *x = new_row(r, ctx, (void **)&r->tar, &r->ctar, &r->ntar, sizeof *r->tar, file, line, fi);
    if (!x) return AW_ENOMEM;
    *x = *t;
    x->line = line32(line);
    x->file = (uint16_t)*fi;
    r->have_tar = 1;
    return AW_OK;
}

aw_rc ref_toew_add(ref_store *r, aw_ctx *ctx, const ref_toew *t, const char *file, unsigned long line)
{
    int fi = -1;
    return ref_toew_add_at(r, ctx, t, file, line, &fi);
}

/* Same bsn, kind, code and instelling: the rows whose periods must not overlap (CSV). */
static int same_key(const ref_tw *a, const ref_tw *b)
{
    return a->bsn == b->bsn && kind(a) == kind(b) && a->code == b->code && a->instelling == b->instelling;
}

aw_rc ref_toew_add_at(ref_store *r, aw_ctx *ctx, const ref_toew *t, const char *file, unsigned long line, int *fi)
{
    if (t->lv != AW_LV_ZZP && t->lv != AW_LV_VPT && t->lv != AW_LV_MPT)
        return err_set(ctx, AW_EREFDATA, _("%s:%lu: toewijzing without a leveringsvorm ZZP, VPT or MPT"), file,
                            line);
    if (!t->bsn || t->bsn > 999999999u || !t->code || t->code > 999 || t->percentage > 10000 ||
        t->begin < 0 || t->begin >= REF_OPEN || t->end < 0 || t->end > REF_OPEN || t->unit > REF_UNIT_ETMALEN)
        return err_set(ctx, AW_EREFDATA, _("%s:%lu: toewijzing with a BSN, code, percentage or date out of range"),
                            file, line);
    if (!t->stamp && t->end < t->begin) {
        char b[16], e[16];
        fmt_day(b, t->begin);
        fmt_day(e, t->end);
        return err_set(ctx, AW_EREFDATA, _("%s:%lu: einddatum %s before ingangsdatum %s"), file, line, e, b);
    }
    ref_tw *w = new_row(r, ctx, (void **)&r->tw, &r->ctw, &r->ntw, sizeof *r->tw, file, line, fi);
    if (!w) return AW_ENOMEM;
    *w = (ref_tw){.stamp = t->stamp, .bsn = t->bsn, .instelling = t->instelling, .begin = (int32_t)t->begin,
                  .end = (int32_t)t->end, .weekmax = t->weekmax, .line = line32(line), .seq = r->seq++,
                  .code = (uint16_t)t->code, .percentage = (uint16_t)t->percentage, .file = (uint16_t)*fi,
                  .lv = (uint8_t)t->lv, .unit = t->unit};
    if (r->ntw > 1 && tw_order(w - 1, w) > 0) r->tw_unsorted = 1; /* finish_tw sorts */
    r->have_tw = 1;
    return AW_OK;
}

/* RULE: R11 — klasse table (doc/rules.md): K-klassen in hours per week. */
int ref_klasse_parse(const char *klasse, unsigned opslag, ref_toew *t)
{
    static const unsigned k_hours[9] = {1, 2, 4, 7, 10, 13, 16, 20, 25};
    const char *s = klasse;
    if (!strcmp(s, "99")) { t->unit = REF_UNIT_NONE; t->weekmax = 0; return 0; }
    if ((s[0] != 'K' && s[0] != 'k') || opslag > 10000) return -1;
    unsigned unit, max, lo, hi, n = 0, digits = 0;
    const char *d = s + 1;
    if (*d == 'D' || *d == 'd') { unit = REF_UNIT_DAGDELEN; d++; lo = 1; hi = 15; }
    else if (*d == 'E' || *d == 'e') { unit = REF_UNIT_ETMALEN; d++; lo = 1; hi = 7; }
    else { unit = REF_UNIT_MINUTES; lo = 0; hi = 8; }
    for (; *d >= '0' && *d <= '9' && digits < 3; d++, digits++) n = n * 10 + (unsigned)(*d - '0');
    if (*d || !digits || n < lo || n > hi) return -1;
    /* the exact forms: K0-K8, KD01-KD15, KE1-KE7 */
    if ((unit == REF_UNIT_DAGDELEN && digits != 2) || (unit != REF_UNIT_DAGDELEN && digits != 1)) return -1;
    max = unit == REF_UNIT_MINUTES ? (k_hours[n] + opslag) * 60 : n + opslag;
    t->unit = (unsigned char)unit;
    t->weekmax = max;
    return 0;
}

/* ---- finalizing: koppeltabel and tarieven */

/* qsort, unless the rows are in order already (reference files usually are, and the sort
 * would cost a scratch copy of the table): one pass to find out. */
static void sort_rows(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    const char *p = base;
    for (size_t i = 1; i < n; i++)
        if (cmp(p + (i - 1) * size, p + i * size) > 0) {
            qsort(base, n, size, cmp);
            return;
        }
}

/* Order of adding as the last key, so the sort is deterministic (qsort is not stable). */
static int order(uint16_t fa, uint32_t la, uint16_t fb, uint32_t lb)
{
    if (fa != fb) return fa < fb ? -1 : 1;
    return la < lb ? -1 : la > lb;
}

static int kt_cmp(const void *a, const void *b)
{
    const ref_kt *x = a, *y = b;
    int c = strcmp(x->code, y->code);
    if (c) return c;
    if (x->begin != y->begin) return x->begin < y->begin ? -1 : 1;
    return order(x->file, x->line, y->file, y->line);
}

static int tar_cmp(const void *a, const void *b)
{
    const ref_tar *x = a, *y = b;
    int c = strcmp(x->code, y->code);
    if (c) return c;
    if (x->instelling != y->instelling) return x->instelling < y->instelling ? -1 : 1;
    if (x->begin != y->begin) return x->begin < y->begin ? -1 : 1;
    return order(x->file, x->line, y->file, y->line);
}

static uint64_t kt_key(const ref_store *r, size_t i) { return code_key(r->kt[i].code); }
static uint64_t tar_key(const ref_store *r, size_t i) { return code_key(r->tar[i].code); }

/* An overlap of rows i < j (sorted), reported at the later line of the two: its file and
 * line, its period, the other row's period and where the other row is. */
typedef struct ovl {
    const char *file;
    unsigned long line;
    char b[16], e[16], ob[16], oe[16];
    char other[600];           /* "line N" (translated), or "FILE:LINE" in another file */
    int dup;                   /* the same ingangsdatum */
} ovl;

static void ovl_at(const ref_store *r, ovl *o, uint16_t fi, uint32_t li, long bi, long ei, uint16_t fj, uint32_t lj,
                   long bj, long ej)
{
    int j_later = fj > fi || (fj == fi && lj >= li);
    const char *fo = r->files[j_later ? fi : fj];
    unsigned long lo = j_later ? li : lj;
    o->file = r->files[j_later ? fj : fi];
    o->line = j_later ? lj : li;
    fmt_day(o->b, j_later ? bj : bi);
    fmt_day(o->e, j_later ? ej : ei);
    fmt_day(o->ob, j_later ? bi : bj);
    fmt_day(o->oe, j_later ? ei : ej);
    o->dup = bi == bj;
    if (strcmp(o->file, fo)) snprintf(o->other, sizeof o->other, "%s:%lu", fo, lo);
    /* TRANSLATORS: where the other row of an overlap is, in "... overlaps 2022-01-01..open on line 2" */
    else snprintf(o->other, sizeof o->other, _("line %lu"), lo);
}

/* Rows of one prestatiecode (key: the code, and "instelling N" for a tarief) that overlap. */
static aw_rc code_overlap(ref_store *r, const char *key, uint16_t fi, uint32_t li, long bi, long ei, uint16_t fj,
                          uint32_t lj, long bj, long ej)
{
    ovl o;
    ovl_at(r, &o, fi, li, bi, ei, fj, lj, bj, ej);
    return err_set(r->ctx, AW_EREFDATA,
                        o.dup ? _("%s:%lu: ingangsdatum/einddatum: prestatiecode %s %s..%s duplicates %s..%s on %s "
                                  "(periods for the same prestatiecode must not overlap)")
                              : _("%s:%lu: ingangsdatum/einddatum: prestatiecode %s %s..%s overlaps %s..%s on %s "
                                  "(periods for the same prestatiecode must not overlap)"),
                        o.file, o.line, key, o.b, o.e, o.ob, o.oe, o.other);
}

static aw_rc finish_kt(ref_store *r)
{
    sort_rows(r->kt, r->nkt, sizeof *r->kt, kt_cmp);
    for (size_t i = 1; i < r->nkt; i++) { /* same prestatiecode: periods must not overlap */
        const ref_kt *a = &r->kt[i - 1], *b = &r->kt[i];
        if (!strcmp(a->code, b->code) && b->begin <= a->end)
            return code_overlap(r, b->code, a->file, a->line, a->begin, a->end, b->file, b->line, b->begin,
                                b->end);
    }
    return idx_build(r, &r->kt_idx, r->nkt, kt_key);
}

static aw_rc finish_tar(ref_store *r)
{
    sort_rows(r->tar, r->ntar, sizeof *r->tar, tar_cmp);
    for (size_t i = 1; i < r->ntar; i++) { /* same prestatiecode + instelling */
        const ref_tar *a = &r->tar[i - 1], *b = &r->tar[i];
        if (!strcmp(a->code, b->code) && a->instelling == b->instelling && b->begin <= a->end) {
            char key[40];
            if (b->instelling) snprintf(key, sizeof key, "%s instelling %08lu", b->code, (unsigned long)b->instelling);
            else snprintf(key, sizeof key, "%s", b->code);
            return code_overlap(r, key, a->file, a->line, a->begin, a->end, b->file, b->line, b->begin, b->end);
        }
    }
    return idx_build(r, &r->tar_idx, r->ntar, tar_key);
}

/* ---- finalizing: toewijzingen */

static int tw_cmp(const void *a, const void *b) { return tw_order(a, b); }

static int same_identity(const ref_tw *a, const ref_tw *b)
{
    return a->bsn == b->bsn && kind(a) == kind(b) && a->code == b->code &&
           a->instelling == b->instelling && a->begin == b->begin;
}

static void tw_shrink(ref_store *r)
{
    if (r->ntw && r->ntw < r->ctw) { /* give the growth slack back */
        ref_tw *n = mem_realloc(r->tw, r->ntw * sizeof *n);
        if (n) { r->tw = n; r->ctw = r->ntw; }
    }
}

/* The overlap of row w with the earlier row o of the same key. */
static aw_rc tw_overlap(ref_store *r, const ref_tw *o, const ref_tw *w)
{
    char bsn[10], b9[16];
    snprintf(b9, sizeof b9, "%09lu", (unsigned long)w->bsn);
    if (r->ctx->mask_bsn) aw_mask_bsn(bsn, b9);
    else memcpy(bsn, b9, 10);
    ovl v;
    ovl_at(r, &v, o->file, o->line, o->begin, o->end, w->file, w->line, w->begin, w->end);
    return err_set(r->ctx, AW_EREFDATA,
                        v.dup ? _("%s:%lu: ingangsdatum/einddatum: toewijzing %s %03u of BSN %s at instelling %08lu "
                                  "%s..%s duplicates %s..%s on %s (periods for the same toewijzing must not overlap)")
                              : _("%s:%lu: ingangsdatum/einddatum: toewijzing %s %03u of BSN %s at instelling %08lu "
                                  "%s..%s overlaps %s..%s on %s (periods for the same toewijzing must not overlap)"),
                        v.file, v.line, aw_lv_name((aw_lv)w->lv), (unsigned)w->code, bsn, (unsigned long)w->instelling,
                        v.b, v.e, v.ob, v.oe, v.other);
}

/* The BSN index: the first row of each of the n runs of equal BSNs in the sorted rows, the BSN
 * itself the tag.  The slots are hit at random and the table outgrows the caches: the slot of
 * a BSN some rows ahead is asked for while this one is put. */
static aw_rc tw_index(ref_store *r, size_t n)
{
    hidx *x = &r->tw_idx;
    hidx_free(x);
    if (hidx_init(x, n)) return err_set(r->ctx, AW_ENOMEM, _("out of memory"));
    const ref_tw *tw = r->tw;
    for (size_t i = 0; i < r->ntw; i++) {
        if (i + 32 < r->ntw) hidx_prefetch_put(x, tw[i + 32].bsn);
        if (i && tw[i - 1].bsn == tw[i].bsn) continue;
        hidx_put(x, tw[i].bsn, (uint32_t)i);
    }
    return AW_OK;
}

/* Sorting is skipped when ref_toew_add_at saw every row arrive in order (tw_unsorted stays 0;
 * reference files usually are sorted, and the check then costs no pass of its own).  Then ONE
 * pass drops superseded AW33 rows, checks the CSV periods and counts the BSNs, and a second
 * builds the BSN index: the table (tens of MB) is read twice instead of five times. */
static aw_rc finish_tw(ref_store *r)
{
    tw_shrink(r); /* before sorting: the sort's scratch comes on top */
    if (r->tw_unsorted) qsort(r->tw, r->ntw, sizeof *r->tw, tw_cmp);
    r->tw_unsorted = 0;
    aw_rc rc = AW_OK;
    size_t out = 0, distinct = 0, g = 0; /* g: first output row of the current key */
    long maxend[3] = {-1, -1, -1};
    size_t at[3] = {0, 0, 0};
    for (size_t i = 0; i < r->ntw; i++) {
        const ref_tw *w = &r->tw[i];
        /* AW33: of rows with one identity the last (latest stamp, then latest added) wins;
         * a winner whose einddatum lies before its ingangsdatum withdraws the toewijzing. */
        if (w->stamp && i + 1 < r->ntw && r->tw[i + 1].stamp && same_identity(w, &r->tw[i + 1])) continue;
        if (w->stamp && w->end < w->begin) continue;
        if (out != i) r->tw[out] = *w;
        w = &r->tw[out];
        if (rc) { out++; continue; } /* after an overlap: only finish dropping, as before */
        if (!out || r->tw[out - 1].bsn != w->bsn) distinct++;
        if (!out || !same_key(&r->tw[g], w)) {
            g = out;
            maxend[0] = maxend[1] = maxend[2] = -1;
        }
        /* CSV: rows with the same bsn, leveringsvorm, code and instelling must not overlap. */
        if (!w->stamp) {
            if (maxend[w->lv] >= w->begin) rc = tw_overlap(r, &r->tw[at[w->lv]], w);
            else if (w->end > maxend[w->lv]) {
                maxend[w->lv] = w->end;
                at[w->lv] = out;
            }
        }
        out++;
    }
    r->ntw = out;
    if (rc) return rc;
    tw_shrink(r);
    return tw_index(r, distinct);
}

aw_rc ref_finalize(ref_store *r, aw_ctx *ctx)
{
    if (!r->dirty) return AW_OK;
    aw_ctx *saved = r->ctx;
    r->ctx = ctx;
    aw_rc rc = finish_kt(r);
    if (!rc) rc = finish_tar(r);
    if (!rc) rc = finish_tw(r);
    r->ctx = saved;
    if (!rc) r->dirty = 0;
    return rc;
}

/* ---- lookups */

const ref_kt *ref_kt_find(const ref_store *r, const char *code, long day, int *known)
{
    long i = idx_find(r, &r->kt_idx, code_key(code), kt_key);
    *known = i >= 0;
    if (i < 0) return NULL;
    for (size_t j = (size_t)i; j < r->nkt && code_eq(r->kt[j].code, code); j++)
        if (r->kt[j].begin <= day && day <= r->kt[j].end) return &r->kt[j];
    return NULL;
}

aw_lv ref_lv(const ref_store *r, const char *code, long day)
{
    int known;
    const ref_kt *k = r && r->have_kt ? ref_kt_find(r, code, day, &known) : NULL;
    return k ? (aw_lv)k->lv : AW_LV_UNKNOWN;
}

const ref_tar *ref_tar_rows(const ref_store *r, const char *code, size_t *n)
{
    long i = idx_find(r, &r->tar_idx, code_key(code), tar_key);
    *n = 0;
    if (i < 0) return NULL;
    size_t j = (size_t)i;
    while (j < r->ntar && code_eq(r->tar[j].code, code)) j++;
    *n = j - (size_t)i;
    return &r->tar[i];
}

void ref_prefetch(const ref_store *r, uint32_t bsn)
{
    hidx_prefetch(&r->tw_idx, bsn);
}

const ref_tw *ref_toew_rows(const ref_store *r, uint32_t bsn, size_t *n)
{
    *n = 0;
    uint32_t h = hidx_find(&r->tw_idx, bsn); /* the tag is the BSN: the first candidate is it */
    if (!hidx_found(&r->tw_idx, h)) return NULL;
    size_t i = hidx_entry(&r->tw_idx, h), j = i;
    while (j < r->ntw && r->tw[j].bsn == bsn) j++;
    *n = j - i;
    return &r->tw[i];
}

size_t ref_toew_count(const ref_store *r)
{
    if (!r) return 0;
    if (r->dirty && ref_finalize((ref_store *)r, r->ctx)) return 0; /* logically const */
    return r->ntw;
}

int ref_toew_get(const ref_store *r, size_t i, ref_toew *out)
{
    if (i >= ref_toew_count(r)) return 0;
    const ref_tw *w = &r->tw[i];
    memset(out, 0, sizeof *out);
    out->bsn = w->bsn;
    out->lv = (aw_lv)w->lv;
    out->code = w->code;
    out->instelling = w->instelling;
    out->begin = w->begin;
    out->end = w->end;
    out->percentage = w->percentage;
    out->unit = w->unit;
    out->weekmax = w->weekmax;
    out->stamp = w->stamp;
    return 1;
}

/* ---- R11 running sums */

/* Worst case per R11 key: the entry with the 1.5x growth slack plus up to 8/3 index slots
 * (load factor between 3/8 and 3/4). */
size_t ref_vol_entry_size(void) { return sizeof(ref_vol) * 3 / 2 + 8 * sizeof(uint64_t) / 3; }

static uint64_t vol_key(uint32_t bsn, unsigned functie, unsigned unit, unsigned month)
{
    return (uint64_t)bsn << 32 | (uint64_t)(functie & 0xff) << 24 | (uint64_t)(unit & 0xff) << 16 | (month & 0xffff);
}

static uint64_t vol_key_of(const ref_vol *v) { return vol_key(v->bsn, v->functie, v->unit, v->month); }

ref_vol *ref_vol_get(ref_store *r, uint32_t bsn, unsigned functie, unsigned unit, unsigned month)
{
    uint64_t k = vol_key(bsn, functie, unit, month);
    uint32_t tag = hidx_mix64(k);
    const hidx *x = &r->vol_idx;
    for (uint32_t h = hidx_find(x, tag); hidx_found(x, h); h = hidx_next(x, tag, h))
        if (vol_key_of(&r->vol[hidx_entry(x, h)]) == k) return &r->vol[hidx_entry(x, h)];
    if (hidx_reserve(&r->vol_idx, r->nvol + 1) || grow((void **)&r->vol, &r->cvol, r->nvol, sizeof *r->vol))
        return NULL;
    ref_vol *v = &r->vol[r->nvol];
    v->bsn = bsn;
    v->functie = (uint8_t)functie;
    v->unit = (uint8_t)unit;
    v->month = (uint16_t)month;
    v->limit = -2;
    v->sum = 0;
    hidx_put(&r->vol_idx, tag, (uint32_t)r->nvol++);
    return v;
}

aw_rc ref_loaded(ref_store *r, aw_ctx *ctx, ref_table table, aw_rc rc)
{
    if (!rc) {
        if (table == REF_KOPPELTABEL) r->have_kt = 1;
        else if (table == REF_TARIEVEN) r->have_tar = 1;
        else r->have_tw = 1;
        rc = ref_finalize(r, ctx);
    }
    if (rc) r->broken = 1;
    return rc;
}

aw_rc ref_file_begin(ref_store *r)
{
    if (r->broken)
        return err_set(r->ctx, AW_EREFDATA, _("reference data failed to load: nothing is checked"));
    aw_rc rc = ref_finalize(r, r->ctx);
    if (rc) return rc;
    r->nvol = 0; /* RULE: R11 — the sums are per file */
    hidx_clear(&r->vol_idx);
    return AW_OK;
}

/* Open a reference file for reading: a regular file only (a FIFO or directory is refused
 * with its own message). */
FILE *ref_fopen(aw_ctx *ctx, const char *path)
{
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0) {
        int e = errno;
        if (e == EACCES) err_set(ctx, AW_EIO, _("%s: permission denied (make the file readable)"), path);
        else err_set(ctx, AW_EIO, _("%s: cannot open: %s"), path, strerror(e));
        return NULL;
    }
    const char *fmt = NULL; /* the message: "%s: ..." with the path */
    int err = 0;
    if (fstat(fd, &st) != 0) err = errno;
    else if (S_ISDIR(st.st_mode)) fmt = _("%s: is a directory (expected a file)");
    else if (S_ISFIFO(st.st_mode)) fmt = _("%s: is a FIFO (expected a regular file)");
    else if (!S_ISREG(st.st_mode)) fmt = _("%s: is not a regular file (expected a file)");
    FILE *f = NULL;
    if (!fmt && !err && (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0 || !(f = fdopen(fd, "rb"))))
        err = errno;
    if (fmt || err) {
        if (fmt) err_set(ctx, AW_EIO, fmt, path); /* like any file that cannot be read */
        else err_set(ctx, AW_EIO, "%s: %s", path, strerror(err));
        close(fd);
        return NULL;
    }
    return f;
}
