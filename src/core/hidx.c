/* SPDX-License-Identifier: MIT */
/* hidx.c — the hash index's allocation and growth (hidx.h; the lookups are inline there).
 * A slot carries its tag, so growing rehashes the slots alone, without the caller's keys. */
#include "core.h"
#include "hidx.h"
#include <string.h>

/* Slots for n entries at a load factor of at most 3/4 (at least 16); 0 when n > HIDX_MAX. */
static size_t slots_for(size_t n)
{
    if (n > HIDX_MAX) return 0;
    size_t size = 16;
    while (size * 3 < n * 4) size *= 2;
    return size;
}

int hidx_init(hidx *x, size_t n)
{
    size_t size = slots_for(n);
    x->slot = size ? mem_calloc(size, sizeof *x->slot) : NULL;
    x->mask = x->slot ? (uint32_t)(size - 1) : 0;
    return x->slot ? 0 : -1;
}

void hidx_free(hidx *x)
{
    mem_free(x->slot);
    x->slot = NULL;
    x->mask = 0;
}

void hidx_clear(hidx *x)
{
    if (x->slot) memset(x->slot, 0, ((size_t)x->mask + 1) * sizeof *x->slot);
}

int hidx_grow(hidx *x, size_t n)
{
    size_t size = slots_for(n);
    if (!size) return -1;
    if (x->slot && size <= (size_t)x->mask + 1) return 0;
    hidx nx;
    if (hidx_init(&nx, n)) return -1;
    for (size_t i = 0; x->slot && i <= x->mask; i++) {
        uint64_t s = x->slot[i];
        if (!s) continue;
        uint32_t h = hidx_start(&nx, hidx_tag(s));
        while (nx.slot[h]) h = (h + 1) & nx.mask;
        nx.slot[h] = s;
    }
    mem_free(x->slot);
    *x = nx;
    return 0;
}

uint32_t hidx_mix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ull;
    k ^= k >> 33;
    return (uint32_t)k ^ (uint32_t)(k >> 32);
}
