/* SPDX-License-Identifier: MIT */
/* keys.h — compact per-file sets of references and debet periods (keys.c, rules I10-I12, H2). */
#ifndef AW_KEYS_H
#define AW_KEYS_H

#include "core.h"

typedef struct keys keys;
keys *keys_new(void);
void keys_free(keys *k);
/* Prepare for about n entries (sized from the input file): no rehash while reading. */
int keys_reserve(keys *k, uint64_t n);
/* Start loading the index slots the next record will probe (raw, padded field bytes). */
void keys_prefetch(const keys *k, const char *ref20, uint32_t bsn, const char *code5);
/* 1 when ref was seen before; adds it otherwise (dc: 'D'/'C').  -1 on OOM. */
int keys_ref_seen(keys *k, const char *ref, char dc);
/* 1 when ref is a debet in the set. */
int keys_ref_is_debet(const keys *k, const char *ref);
/* 1 when a debet with the same bsn and prestatiecode shares a day; adds it otherwise
 * (on the entry of the keys_ref_seen call just before, when there was one).
 * -1 on OOM. */
int keys_debet_overlaps(keys *k, uint32_t bsn, const char *code5, long begin, long end);

#endif
