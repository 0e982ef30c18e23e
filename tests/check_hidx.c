/* SPDX-License-Identifier: MIT */
/* check_hidx.c — the hash index (src/core/hidx.c): put and find, tags that collide, probing
 * that wraps at the end of the table, growth, clear, replacing a slot, out of memory. */
#include "check_suites.h"
#include "core.h"
#include "hidx.h"

/* The entries of tag, in probe order, into out (at most max); their count. */
static int entries(const hidx *x, uint32_t tag, uint32_t *out, int max)
{
    int n = 0;
    for (uint32_t h = hidx_find(x, tag); hidx_found(x, h); h = hidx_next(x, tag, h))
        if (n < max) out[n++] = hidx_entry(x, h);
        else n++;
    return n;
}

/* A tag other than those in not[0..n) whose probe starts at slot want. */
static uint32_t tag_at(const hidx *x, uint32_t want, const uint32_t *not, int n)
{
    for (uint32_t t = 1;; t++) {
        int taken = 0;
        for (int i = 0; i < n; i++) taken |= not[i] == t;
        if (!taken && hidx_start(x, t) == want) return t;
    }
}

START_TEST(put_find)
{
    hidx z = {0};
    uint32_t e[4];
    ck_assert_int_eq(entries(&z, 42, e, 4), 0); /* a zeroed index is empty */
    hidx_prefetch(&z, 42);
    hidx_clear(&z);
    hidx_free(&z);

    hidx x;
    ck_assert_int_eq(hidx_init(&x, 12), 0);
    ck_assert_uint_eq(x.mask, 15); /* 12 entries fit 16 slots at 3/4 */
    for (uint32_t i = 0; i < 12; i++) hidx_put(&x, 1000 + i * 7, i);
    for (uint32_t i = 0; i < 12; i++) {
        ck_assert_int_eq(entries(&x, 1000 + i * 7, e, 4), 1);
        ck_assert_uint_eq(e[0], i);
    }
    ck_assert_int_eq(entries(&x, 1001, e, 4), 0);
    ck_assert_int_eq(entries(&x, 0, e, 4), 0);
    /* entry 0 and tag 0 are ordinary values (the slot stores entry + 1) */
    hidx_clear(&x);
    hidx_put(&x, 0, 0);
    ck_assert_int_eq(entries(&x, 0, e, 4), 1);
    ck_assert_uint_eq(e[0], 0);
    hidx_free(&x);
    ck_assert_ptr_null(x.slot);
    hidx_free(&x);
}
END_TEST

START_TEST(collisions)
{
    hidx x;
    uint32_t e[8];
    ck_assert_int_eq(hidx_init(&x, 12), 0);
    /* the same tag three times: every entry a candidate, in the order put */
    hidx_put(&x, 77, 5);
    hidx_put(&x, 77, 9);
    hidx_put(&x, 77, 2);
    ck_assert_int_eq(entries(&x, 77, e, 8), 3);
    ck_assert_uint_eq(e[0], 5);
    ck_assert_uint_eq(e[1], 9);
    ck_assert_uint_eq(e[2], 2);
    /* another tag starting at the same slot is found past them, and is no candidate of 77 */
    uint32_t t77[] = {77};
    uint32_t other = tag_at(&x, hidx_start(&x, 77), t77, 1);
    hidx_put(&x, other, 4);
    ck_assert_int_eq(entries(&x, other, e, 8), 1);
    ck_assert_uint_eq(e[0], 4);
    ck_assert_int_eq(entries(&x, 77, e, 8), 3);
    hidx_free(&x);
}
END_TEST

START_TEST(wrap_around)
{
    hidx x;
    uint32_t e[4], t[3];
    ck_assert_int_eq(hidx_init(&x, 12), 0);
    /* three tags that start at the last slot: the second and third wrap to slots 0 and 1 */
    for (int i = 0; i < 3; i++) {
        t[i] = tag_at(&x, x.mask, t, i);
        hidx_put(&x, t[i], (uint32_t)i + 10);
    }
    ck_assert_uint_eq(hidx_tag(x.slot[x.mask]), t[0]);
    ck_assert_uint_eq(hidx_tag(x.slot[0]), t[1]);
    ck_assert_uint_eq(hidx_tag(x.slot[1]), t[2]);
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(entries(&x, t[i], e, 4), 1);
        ck_assert_uint_eq(e[0], (uint32_t)i + 10);
    }
    /* a tag that starts at slot 0 probes past the wrapped ones */
    uint32_t u = tag_at(&x, 0, t, 3);
    ck_assert_int_eq(entries(&x, u, e, 4), 0);
    hidx_put(&x, u, 20);
    ck_assert_uint_eq(hidx_tag(x.slot[2]), u);
    ck_assert_int_eq(entries(&x, u, e, 4), 1);
    ck_assert_uint_eq(e[0], 20);
    hidx_free(&x);
}
END_TEST

START_TEST(set_slot)
{
    /* find-or-insert and replace in place (how keys.c keeps the head of a chain) */
    hidx x = {0};
    ck_assert_int_eq(hidx_reserve(&x, 1), 0);
    uint32_t h = hidx_find(&x, 5);
    ck_assert(!hidx_found(&x, h));
    hidx_set(&x, h, 5, 1);
    h = hidx_find(&x, 5);
    ck_assert(hidx_found(&x, h));
    ck_assert_uint_eq(hidx_entry(&x, h), 1);
    hidx_set(&x, h, 5, 3);
    uint32_t e[4];
    ck_assert_int_eq(entries(&x, 5, e, 4), 1);
    ck_assert_uint_eq(e[0], 3);
    hidx_free(&x);
}
END_TEST

START_TEST(growth)
{
    hidx x = {0};
    uint32_t e[4];
    enum { N = 100000 };
    for (uint32_t i = 0; i < N; i++) {
        ck_assert_int_eq(hidx_reserve(&x, (size_t)i + 1), 0);
        hidx_put(&x, hidx_mix64(i), i);
        ck_assert_uint_le(((uint64_t)i + 1) * 4, ((uint64_t)x.mask + 1) * 3); /* load <= 3/4 */
    }
    ck_assert_uint_eq(x.mask + 1, 1u << 18); /* doubled as it filled: 100,000 * 4/3 < 2^18 */
    for (uint32_t i = 0; i < N; i++) {
        int n = entries(&x, hidx_mix64(i), e, 4);
        ck_assert_int_ge(n, 1);
        int seen = 0;
        for (int j = 0; j < n && j < 4; j++) seen |= e[j] == i;
        ck_assert(seen);
    }
    /* room that is there already costs nothing; a smaller request never shrinks */
    uint64_t *before = x.slot;
    ck_assert_int_eq(hidx_reserve(&x, N), 0);
    ck_assert_int_eq(hidx_grow(&x, 10), 0);
    ck_assert_ptr_eq(x.slot, before);
    /* clear keeps the room and forgets the entries */
    hidx_clear(&x);
    ck_assert_ptr_eq(x.slot, before);
    ck_assert_uint_eq(x.mask + 1, 1u << 18);
    for (uint32_t i = 0; i < N; i += 101) ck_assert_int_eq(entries(&x, hidx_mix64(i), e, 4), 0);
    hidx_free(&x);
    /* more than HIDX_MAX entries: refused, before any allocation */
    ck_assert_int_eq(hidx_init(&x, (size_t)HIDX_MAX + 1), -1);
    ck_assert_ptr_null(x.slot);
    ck_assert_int_eq(hidx_reserve(&x, (size_t)HIDX_MAX + 1), -1);
}
END_TEST

START_TEST(mix64)
{
    /* sequential 64-bit keys give distinct tags that spread over the slots: filling the table
     * to 3/4 costs about 2.5 probes a put on average, as for random keys */
    hidx x;
    enum { N = 3 << 12 };
    ck_assert_int_eq(hidx_init(&x, N), 0);
    ck_assert_uint_eq(x.mask + 1, 1u << 14);
    uint64_t probes = 0;
    for (uint64_t k = 0; k < N; k++) {
        uint32_t tag = hidx_mix64(k << 32 | k), h = hidx_start(&x, tag);
        probes++;
        while (x.slot[h]) {
            ck_assert_uint_ne(hidx_tag(x.slot[h]), tag);
            h = (h + 1) & x.mask;
            probes++;
        }
        hidx_set(&x, h, tag, (uint32_t)k);
    }
    ck_assert_uint_lt(probes, 3 * N);
    ck_assert_uint_ne(hidx_mix64(1), hidx_mix64(2));
    hidx_free(&x);
}
END_TEST

START_TEST(out_of_memory)
{
    hidx x;
    mem_fail_after(1);
    ck_assert_int_eq(hidx_init(&x, 100), -1);
    ck_assert_ptr_null(x.slot);
    ck_assert_uint_eq(x.mask, 0);
    ck_assert_int_eq(hidx_reserve(&x, 1), 0); /* the hook fired once: this one succeeds */
    mem_fail_after(0);
    /* a failed growth leaves the index as it was */
    for (uint32_t i = 0; i < 12; i++) hidx_put(&x, i * 3, i);
    uint64_t *before = x.slot;
    mem_fail_after(1);
    ck_assert_int_eq(hidx_reserve(&x, 13), -1);
    mem_fail_after(0);
    ck_assert_ptr_eq(x.slot, before);
    ck_assert_uint_eq(x.mask, 15);
    uint32_t e[4];
    for (uint32_t i = 0; i < 12; i++) {
        ck_assert_int_eq(entries(&x, i * 3, e, 4), 1);
        ck_assert_uint_eq(e[0], i);
    }
    ck_assert_int_eq(hidx_reserve(&x, 13), 0);
    ck_assert_uint_eq(x.mask, 31);
    for (uint32_t i = 0; i < 12; i++) ck_assert_int_eq(entries(&x, i * 3, e, 4), 1);
    hidx_free(&x);
}
END_TEST

Suite *make_hidx_suite(void)
{
    Suite *s = suite_create("hidx");
    TCase *t = tcase_create("index");
    tcase_add_test(t, put_find);
    tcase_add_test(t, collisions);
    tcase_add_test(t, wrap_around);
    tcase_add_test(t, set_slot);
    tcase_add_test(t, growth);
    tcase_add_test(t, mix64);
    tcase_add_test(t, out_of_memory);
    suite_add_tcase(s, t);
    return s;
}
