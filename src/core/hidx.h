/* SPDX-License-Identifier: MIT */
/* hidx.h — the one hash index of the library: an open-addressing table of 64-bit slots, each
 * tag << 32 | (entry + 1), 0 = empty; power-of-two size, load factor at most 3/4, linear
 * probing.  The caller keeps its own entry array and its own keys: the index maps a 32-bit tag
 * (a hash of the key, or the key itself when it is 32 bits) to the entry numbers that carry
 * it, and the caller compares the real key after a tag match.  A miss therefore costs one
 * cache line of slots and never touches the entries.  The start slot is taken from the tag
 * multiplied by 2^64/phi (Fibonacci hashing), so a tag need not be well mixed: an exact key
 * such as a BSN is a fine tag.
 *
 * Users: keys.c (the 0431 references and the I12 periods of a declaration file) and the BSN
 * index of the toewijzingen in refdata.c are HOT: probed per 04 record, with hidx_prefetch at
 * the start of the record (worth 15 % of a whole run, doc/speed.md); the lookups below are
 * inline for them.  Also refdata.c's koppeltabel and tarieven (per 04, small tables), the R11
 * running sums (refdata.c) and the AW320 tally of the ledger (ledger.c).
 *
 * Candidates of a tag, in probe order (h ends at an empty slot, where the tag may be put):
 *
 *     for (uint32_t h = hidx_find(x, tag); hidx_found(x, h); h = hidx_next(x, tag, h))
 *         if (key_of(hidx_entry(x, h)) == key) ...
 *
 * A zeroed hidx is an empty index without room: lookups find nothing, hidx_reserve makes room. */
#ifndef AW_HIDX_H
#define AW_HIDX_H
#include <stddef.h>
#include <stdint.h>

typedef struct hidx {
    uint64_t *slot;            /* mask + 1 slots; NULL = none allocated */
    uint32_t mask;
} hidx;

#define HIDX_MAX 0x40000000u   /* most entries an index holds (2^31 slots) */

/* An empty index with room for n entries; -1 when out of memory or n > HIDX_MAX (x is then
 * zeroed).  Whatever x held before is not freed. */
int hidx_init(hidx *x, size_t n);
/* Frees the slots and zeroes x; hidx_free of a zeroed hidx is a no-op. */
void hidx_free(hidx *x);
/* Empties the index, keeping its room. */
void hidx_clear(hidx *x);
/* Makes room for n entries in all, rehashing into a bigger table (the same entries);
 * -1 when out of memory or n > HIDX_MAX, the index then unchanged. */
int hidx_grow(hidx *x, size_t n);
/* A 32-bit tag of a 64-bit key (murmur3's finalizer, folded). */
uint32_t hidx_mix64(uint64_t k);

/* Room for n entries in all: free when there is, else hidx_grow. */
static inline int hidx_reserve(hidx *x, size_t n)
{
    return x->slot && n * 4 <= ((size_t)x->mask + 1) * 3 ? 0 : hidx_grow(x, n);
}

static inline uint32_t hidx_start(const hidx *x, uint32_t tag)
{
    return (uint32_t)((uint64_t)tag * 0x9E3779B97F4A7C15ull >> 32) & x->mask;
}

static inline uint32_t hidx_tag(uint64_t slot) { return (uint32_t)(slot >> 32); }

/* The first slot from h on that holds tag, or the empty slot that ends the run. */
static inline uint32_t hidx_seek(const hidx *x, uint32_t tag, uint32_t h)
{
    for (uint64_t s; (s = x->slot[h]) && hidx_tag(s) != tag;) h = (h + 1) & x->mask;
    return h;
}

/* The slot of the first candidate of tag (or an empty slot: see hidx_found). */
static inline uint32_t hidx_find(const hidx *x, uint32_t tag)
{
    return x->slot ? hidx_seek(x, tag, hidx_start(x, tag)) : 0;
}

/* The next candidate after slot h. */
static inline uint32_t hidx_next(const hidx *x, uint32_t tag, uint32_t h)
{
    return hidx_seek(x, tag, (h + 1) & x->mask);
}

/* Slot h holds an entry (a candidate, when h came from hidx_find/hidx_next). */
static inline int hidx_found(const hidx *x, uint32_t h) { return x->slot && x->slot[h]; }

/* The entry number in (full) slot h. */
static inline uint32_t hidx_entry(const hidx *x, uint32_t h) { return (uint32_t)x->slot[h] - 1; }

/* Slot h (empty, or a candidate of tag) now holds entry: hidx_find/hidx_next led there; for an
 * empty slot the caller has made room with hidx_reserve. */
static inline void hidx_set(hidx *x, uint32_t h, uint32_t tag, uint32_t entry)
{
    x->slot[h] = (uint64_t)tag << 32 | (entry + 1);
}

/* Adds entry under tag (besides any other of the same tag); the caller has made room. */
static inline void hidx_put(hidx *x, uint32_t tag, uint32_t entry)
{
    uint32_t h = hidx_start(x, tag);
    while (x->slot[h]) h = (h + 1) & x->mask;
    hidx_set(x, h, tag, entry);
}

/* Asks for the cache line where tag starts: call it well before the lookup (a record ahead, or
 * some rows ahead while building).  hidx_prefetch_put is for a put. */
static inline void hidx_prefetch(const hidx *x, uint32_t tag)
{
    if (x->slot) __builtin_prefetch(&x->slot[hidx_start(x, tag)]);
}

static inline void hidx_prefetch_put(const hidx *x, uint32_t tag)
{
    if (x->slot) __builtin_prefetch(&x->slot[hidx_start(x, tag)], 1);
}

#endif
