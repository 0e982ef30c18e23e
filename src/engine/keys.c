/* SPDX-License-Identifier: MIT */
/* keys.c — compact per-file key sets for rules I10, I11 and I12 (and H2): every 04's
 * 0431 reference with its D/C, and the periods of debets per (BSN, prestatiecode).
 * One entry array (44 bytes per 04) plus two hash indexes (hidx.h) whose 64-bit slots
 * carry the 32-bit hash next to the entry number, so a miss (the usual case: references are
 * unique) costs one cache line and never touches the entries.  With the H3/H4 credit set
 * (history.c) and the R11 running sums (refdata.c) this is the memory that
 * grows with the declaration file (doc/hardening.md). */
#include "keys.h"
#include "hidx.h"
#include <string.h>

typedef struct kentry {
    char ref[20];              /* 0431, space-padded */
    uint32_t bsn;
    char code[5];              /* prestatiecode, space-padded */
    char dc;                   /* 'D' / 'C' */
    char is_period;            /* entry holds a debet period (I12) */
    int32_t begin, end;        /* days */
    uint32_t next_period;      /* next entry+1 with the same (bsn, code), 0 = none */
} kentry;

struct keys {
    kentry *e;
    uint32_t n, cap;
    hidx refidx;               /* entries by hash of ref */
    hidx peridx;               /* the newest entry (chain head) by hash of (bsn, code) */
    uint32_t last;             /* entry+1 made by the last keys_ref_seen, 0 = none */
};

/* Multiply-fold mixing (as in wyhash): a few independent multiplies instead of a serial
 * byte loop, the keys being fixed-size byte strings. */
static uint64_t mum(uint64_t a, uint64_t b)
{
    __uint128_t m = (__uint128_t)a * b;
    return (uint64_t)m ^ (uint64_t)(m >> 64);
}

static uint64_t load(const char *p, size_t n)
{
    uint64_t x = 0;
    memcpy(&x, p, n);
    return x;
}

static uint32_t hash_ref(const char *ref)
{
    uint64_t h = mum(load(ref, 8) ^ 0xa0761d6478bd642fULL, load(ref + 8, 8) ^ 0xe7037ed1a0b428dbULL);
    h = mum(h ^ load(ref + 16, 4) ^ 0x8ebc6af09c88c6e3ULL, 0x589965cc75374cc3ULL);
    return (uint32_t)(h ^ h >> 32);
}

static uint32_t hash_per(uint32_t bsn, const char *code)
{
    uint64_t h = mum(load(code, 5) ^ 0xa0761d6478bd642fULL, (uint64_t)bsn ^ 0xe7037ed1a0b428dbULL);
    return (uint32_t)(h ^ h >> 32);
}

keys *keys_new(void)
{
    keys *k = mem_calloc(1, sizeof *k);
    return k;
}

void keys_free(keys *k)
{
    if (!k) return;
    mem_free(k->e);
    hidx_free(&k->refidx);
    hidx_free(&k->peridx);
    mem_free(k);
}

static void pad(char *dst, size_t n, const char *src)
{
    size_t l = strnlen(src, n);
    memcpy(dst, src, l);
    memset(dst + l, ' ', n - l);
}

/* Room for one more entry; -1 on OOM. */
static int grow(keys *k)
{
    if (k->n == k->cap) {
        uint32_t nc = k->cap ? k->cap * 2 : 1024;
        kentry *ne = mem_realloc(k->e, (size_t)nc * sizeof *ne);
        if (!ne) return -1;
        k->e = ne;
        k->cap = nc;
    }
    return hidx_reserve(&k->refidx, (size_t)k->n + 1) || hidx_reserve(&k->peridx, (size_t)k->n + 1) ? -1 : 0;
}

/* Entry+1 of the reference ref20 (hash hv), 0 = none. */
static uint32_t find_ref(const keys *k, const char *ref20, uint32_t hv)
{
    const hidx *x = &k->refidx;
    for (uint32_t h = hidx_find(x, hv); hidx_found(x, h); h = hidx_next(x, hv, h))
        if (!memcmp(k->e[hidx_entry(x, h)].ref, ref20, 20)) return hidx_entry(x, h) + 1;
    return 0;
}

/* The slot of the period chain of (bsn, c5) (hash hv), or the empty slot where it goes. */
static uint32_t find_per(const keys *k, uint32_t bsn, const char *c5, uint32_t hv)
{
    const hidx *x = &k->peridx;
    uint32_t h = hidx_find(x, hv);
    for (; hidx_found(x, h); h = hidx_next(x, hv, h)) {
        const kentry *o = &k->e[hidx_entry(x, h)];
        if (o->bsn == bsn && !memcmp(o->code, c5, 5)) break;
    }
    return h;
}

int keys_ref_seen(keys *k, const char *ref, char dc)
{
    char r[20];
    pad(r, 20, ref);
    k->last = 0;
    uint32_t hv = hash_ref(r);
    if (find_ref(k, r, hv)) return 1;
    if (grow(k)) return -1;
    kentry *e = &k->e[k->n];
    memset(e, 0, sizeof *e);
    memcpy(e->ref, r, 20);
    e->dc = dc;
    hidx_put(&k->refidx, hv, k->n++);
    k->last = k->n;
    return 0;
}

int keys_ref_is_debet(const keys *k, const char *ref)
{
    char r[20];
    pad(r, 20, ref);
    uint32_t s = find_ref(k, r, hash_ref(r));
    return s && k->e[s - 1].dc == 'D';
}

int keys_debet_overlaps(keys *k, uint32_t bsn, const char *code, long begin, long end)
{
    char c5[5];
    pad(c5, 5, code);
    uint32_t hv = hash_per(bsn, c5), h = find_per(k, bsn, c5, hv);
    uint32_t head = hidx_found(&k->peridx, h) ? hidx_entry(&k->peridx, h) + 1 : 0;
    for (uint32_t s = head; s; s = k->e[s - 1].next_period) {
        kentry *o = &k->e[s - 1];
        if (o->begin <= end && begin <= o->end) return 1;
    }
    /* Not overlapping: record the period on the entry keys_ref_seen just made for this
     * record (one entry per 04), or on a new entry without a reference. */
    uint32_t idx = k->last;
    k->last = 0;
    if (!idx || k->e[idx - 1].is_period) {
        if (grow(k)) return -1;
        kentry *n = &k->e[k->n];
        memset(n, 0, sizeof *n); /* NUL ref: never equals a padded 0431 */
        idx = ++k->n;
    }
    kentry *e = &k->e[idx - 1];
    e->bsn = bsn;
    memcpy(e->code, c5, 5);
    e->is_period = 1;
    e->begin = (int32_t)begin;
    e->end = (int32_t)end;
    e->next_period = 0;
    h = find_per(k, bsn, c5, hv); /* grow() may have rehashed */
    if (hidx_found(&k->peridx, h)) e->next_period = hidx_entry(&k->peridx, h) + 1;
    hidx_set(&k->peridx, h, hv, idx - 1);
    return 0;
}

void keys_prefetch(const keys *k, const char *ref20, uint32_t bsn, const char *code5)
{
    hidx_prefetch(&k->refidx, hash_ref(ref20));
    hidx_prefetch(&k->peridx, hash_per(bsn, code5));
}

int keys_reserve(keys *k, uint64_t n)
{
    if (n > 0x3fffffff) n = 0x3fffffff;
    if (n > k->cap) {
        kentry *ne = mem_realloc(k->e, (size_t)n * sizeof *ne);
        if (!ne) return -1;
        k->e = ne;
        k->cap = (uint32_t)n;
    }
    return hidx_reserve(&k->refidx, (size_t)n) || hidx_reserve(&k->peridx, (size_t)n) ? -1 : 0;
}
