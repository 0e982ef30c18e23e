/* SPDX-License-Identifier: MIT */
/* keys.c — compact per-file key sets for rules I10, I11 and I12 (and H2): every 04's
 * 0431 reference with its D/C, and the periods of debets per (BSN, prestatiecode).
 * One entry array (44 bytes per 04) plus two open-addressing indexes whose 64-bit slots
 * carry the 32-bit hash next to the entry number, so a miss (the usual case: references are
 * unique) costs one cache line and never touches the entries.  This is the only memory that
 * grows with the declaration file (doc/hardening.md). */
#include "keys.h"
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
    uint64_t *refidx;          /* hash << 32 | entry+1 by hash of ref; 0 = empty */
    uint64_t *peridx;          /* hash << 32 | head entry+1 by hash of (bsn, code) */
    uint32_t mask;             /* index size - 1 (power of two) */
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
    keys *k = aw_calloc(1, sizeof *k);
    return k;
}

void keys_free(keys *k)
{
    if (!k) return;
    aw_free(k->e);
    aw_free(k->refidx);
    aw_free(k->peridx);
    aw_free(k);
}

void keys_reset(keys *k)
{
    k->n = 0;
    k->last = 0;
    if (k->refidx) memset(k->refidx, 0, (size_t)(k->mask + 1) * sizeof *k->refidx);
    if (k->peridx) memset(k->peridx, 0, (size_t)(k->mask + 1) * sizeof *k->peridx);
}

static void pad(char *dst, size_t n, const char *src)
{
    size_t l = strnlen(src, n);
    memcpy(dst, src, l);
    memset(dst + l, ' ', n - l);
}

/* Rebuild both indexes at size newsize (power of two). */
#define SLOT(h, i) ((uint64_t)(h) << 32 | (uint32_t)(i))
#define SLOT_IDX(s) ((uint32_t)(s))
#define SLOT_HASH(s) ((uint32_t)((s) >> 32))

static int rehash(keys *k, uint32_t newsize)
{
    uint64_t *ri = aw_calloc(newsize, sizeof *ri), *pi = aw_calloc(newsize, sizeof *pi);
    if (!ri || !pi) { aw_free(ri); aw_free(pi); return -1; }
    uint32_t m = newsize - 1;
    for (uint32_t i = 0; i < k->n; i++) {
        kentry *e = &k->e[i];
        if (!e->ref[0]) continue; /* period-only entry */
        uint32_t hv = hash_ref(e->ref), h = hv & m;
        while (ri[h]) h = (h + 1) & m;
        ri[h] = SLOT(hv, i + 1);
    }
    /* period chains keep their order: rebuild heads only (next_period links survive);
     * a chain head is the newest entry of its key, so walk entries oldest → newest */
    for (uint32_t i = 0; i < k->n; i++) {
        kentry *e = &k->e[i];
        if (!e->is_period) continue;
        uint32_t hv = hash_per(e->bsn, e->code), h = hv & m;
        for (;;) {
            uint64_t s = pi[h];
            if (!s) { pi[h] = SLOT(hv, i + 1); break; }
            kentry *o = &k->e[SLOT_IDX(s) - 1];
            if (SLOT_HASH(s) == hv && o->bsn == e->bsn && !memcmp(o->code, e->code, 5)) {
                pi[h] = SLOT(hv, i + 1);
                break;
            }
            h = (h + 1) & m;
        }
    }
    aw_free(k->refidx);
    aw_free(k->peridx);
    k->refidx = ri;
    k->peridx = pi;
    k->mask = m;
    return 0;
}

/* Room for one more entry; -1 on OOM. */
static int grow(keys *k)
{
    if (k->n == k->cap) {
        uint32_t nc = k->cap ? k->cap * 2 : 1024;
        kentry *ne = aw_realloc(k->e, (size_t)nc * sizeof *ne);
        if (!ne) return -1;
        k->e = ne;
        k->cap = nc;
    }
    if (!k->refidx || (uint64_t)(k->n + 1) * 4 > ((uint64_t)k->mask + 1) * 3) /* load 3/4 */
        return rehash(k, k->refidx ? (k->mask + 1) * 2 : 2048);
    return 0;
}

static uint32_t find_ref(const keys *k, const char *ref20, uint32_t hv)
{
    if (!k->refidx) return 0;
    uint32_t h = hv & k->mask;
    for (uint64_t s; (s = k->refidx[h]); h = (h + 1) & k->mask)
        if (SLOT_HASH(s) == hv && !memcmp(k->e[SLOT_IDX(s) - 1].ref, ref20, 20)) return SLOT_IDX(s);
    return 0;
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
    uint32_t h = hv & k->mask;
    while (k->refidx[h]) h = (h + 1) & k->mask;
    k->refidx[h] = SLOT(hv, ++k->n);
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
    uint32_t hv = hash_per(bsn, c5), h = hv & k->mask, head = 0;
    if (k->peridx) {
        for (uint64_t s; (s = k->peridx[h]); h = (h + 1) & k->mask) {
            if (SLOT_HASH(s) != hv) continue;
            kentry *o = &k->e[SLOT_IDX(s) - 1];
            if (o->bsn == bsn && !memcmp(o->code, c5, 5)) { head = SLOT_IDX(s); break; }
        }
        for (uint32_t s = head; s; s = k->e[s - 1].next_period) {
            kentry *o = &k->e[s - 1];
            if (o->begin <= end && begin <= o->end) return 1;
        }
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
    h = hv & k->mask; /* grow() may have rehashed */
    for (;;) {
        uint64_t s = k->peridx[h];
        if (!s) { k->peridx[h] = SLOT(hv, idx); break; }
        kentry *o = &k->e[SLOT_IDX(s) - 1];
        if (SLOT_HASH(s) == hv && o->bsn == bsn && !memcmp(o->code, c5, 5)) {
            e->next_period = SLOT_IDX(s);
            k->peridx[h] = SLOT(hv, idx);
            break;
        }
        h = (h + 1) & k->mask;
    }
    return 0;
}

void keys_prefetch(const keys *k, const char *ref20, uint32_t bsn, const char *code5)
{
    if (!k->refidx) return;
    __builtin_prefetch(&k->refidx[hash_ref(ref20) & k->mask]);
    __builtin_prefetch(&k->peridx[hash_per(bsn, code5) & k->mask]);
}

int keys_reserve(keys *k, uint64_t n)
{
    if (n > 0x3fffffff) n = 0x3fffffff;
    uint32_t size = 2048;
    while ((uint64_t)size * 3 < n * 4) size *= 2;
    if (k->refidx && size <= k->mask + 1) return 0;
    if (n > k->cap) {
        kentry *ne = aw_realloc(k->e, (size_t)n * sizeof *ne);
        if (!ne) return -1;
        k->e = ne;
        k->cap = (uint32_t)n;
    }
    return rehash(k, size);
}
