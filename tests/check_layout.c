/* SPDX-License-Identifier: MIT */
/* check_layout.c — the generated layout tables agree with standard/: every
 * record is covered by its fields without gaps or overlaps, the Z fields are exactly the
 * the standard's, and the code lists behave. */
#include "check_suites.h"
#include "layout.h"
#include "rule.h"
#include <string.h>

static void covered(const lay_layout *l, unsigned len)
{
    for (unsigned i = 0; i < l->nrecords; i++) {
        const lay_record *r = &l->records[i];
        ck_assert_uint_eq(r->len, len);
        unsigned pos = 0;
        for (unsigned k = 0; k < r->nfields; k++) {
            ck_assert_msg(r->fields[k].pos == pos, "%s: gap or overlap at %s", r->type, r->fields[k].id);
            ck_assert_msg(!memcmp(r->fields[k].id, r->type, 2), "%s in record %s", r->fields[k].id, r->type);
            pos += r->fields[k].len;
        }
        ck_assert_uint_eq(pos, len);
    }
}

START_TEST(records_are_covered)
{
    covered(&lay_aw319_v13, 310);
    covered(&lay_aw320_v13, 370);
    ck_assert_uint_eq(lay_aw319_v13.nrecords, 6);
    ck_assert_uint_eq(lay_aw320_v13.nrecords, 6);
}
END_TEST

START_TEST(z_fields)
{
    /* only these fields are Z in v1.3: zero is a real value (0424: 00000 = 100 %, as published) */
    static const char *const z[] = {"0208", "0424", "0426", "0428", "0429", "9902", "9903", "9904",
                                    "9905", "9906", "9907", NULL};
    const lay_layout *l = &lay_aw319_v13;
    unsigned nz = 0;
    for (unsigned i = 0; i < l->nrecords; i++)
        for (unsigned k = 0; k < l->records[i].nfields; k++) {
            const lay_field *f = &l->records[i].fields[k];
            if (f->req != 'Z') continue;
            nz++;
            int found = 0;
            for (int j = 0; z[j]; j++) found |= !strcmp(z[j], f->id);
            ck_assert_msg(found, "%s is Z", f->id);
        }
    ck_assert_uint_eq(nz, 11);
}
END_TEST

START_TEST(lookups)
{
    const lay_field *f = lay_field_find(&lay_aw319_v13, "0403");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(f->pos, 14);
    ck_assert_uint_eq(f->len, 9);
    ck_assert_str_eq(f->code, "0435");
    ck_assert_ptr_null(lay_field_find(&lay_aw319_v13, "0499"));
    ck_assert_ptr_null(lay_record_find(&lay_aw319_v13, "05"));
    f = lay_field_find(&lay_aw320_v13, "0483");
    ck_assert_uint_eq(f->pos, 319);
    ck_assert_uint_eq(f->len, 8);
}
END_TEST

/* The 0104 of a file picks its layout: 03 and 04 are known, anything else is not (S6). */
START_TEST(versions)
{
    ck_assert_ptr_eq(lay_aw319_version(3), &lay_aw319_v13);
    ck_assert_ptr_eq(lay_aw319_version(4), &lay_aw319_v14);
    ck_assert_ptr_null(lay_aw319_version(0));
    ck_assert_ptr_null(lay_aw319_version(2));
    ck_assert_ptr_null(lay_aw319_version(5));
    ck_assert_ptr_null(lay_aw319_version(99));
}
END_TEST

START_TEST(code_lists)
{
    const lay_field *f = lay_field_find(&lay_aw319_v13, "0413");
    ck_assert(lay_code_allowed(f, "756"));
    ck_assert(lay_code_allowed(f, "000"));
    ck_assert(!lay_code_allowed(f, "123"));
    f = lay_field_find(&lay_aw319_v13, "0105");
    ck_assert(lay_code_allowed(f, "P"));
    ck_assert(!lay_code_allowed(f, "X"));
    f = lay_field_find(&lay_aw319_v13, "0119");
    ck_assert(lay_code_allowed(f, "EUR"));
    ck_assert(!lay_code_allowed(f, "USD"));
    f = lay_field_find(&lay_aw319_v13, "0419");
    ck_assert(lay_code_allowed(f, "14"));
    ck_assert(!lay_code_allowed(f, "02"));
    f = lay_field_find(&lay_aw319_v13, "0412");
    ck_assert(lay_code_allowed(f, "81"));
    ck_assert(!lay_code_allowed(f, "11"));
    ck_assert_ptr_null(lay_field_find(&lay_aw319_v13, "0210")->codes);
}
END_TEST

/* The old linear definition of membership: the code, then blanks to the field's end. */
static int ref_allowed(const lay_field *f, const char *p)
{
    for (const char *const *c = f->codes; *c; c++) {
        size_t i = 0, n = strlen(*c);
        if (n > f->len || memcmp(p, *c, n)) continue;
        for (i = n; i < f->len && p[i] == ' '; i++) {}
        if (i == f->len) return 1;
    }
    return 0;
}

/* Every field with a code list, every value of up to 3 bytes built from the bytes that occur
 * in codes plus a few others: the generated sorted keys agree with the linear definition. */
START_TEST(code_keys_agree)
{
    static const char alphabet[] = "0123456789 CDEPTRUX\x01\xff";
    const size_t na = sizeof alphabet - 1;
    unsigned fields = 0;
    for (unsigned r = 0; r < lay_aw319_v13.nrecords; r++) {
        const lay_record *rec = &lay_aw319_v13.records[r];
        for (unsigned i = 0; i < rec->nfields; i++) {
            const lay_field *f = &rec->fields[i];
            if (!f->codes) continue;
            fields++;
            ck_assert_uint_le(f->len, 4);
            ck_assert_ptr_nonnull(f->keys);
            for (const char *const *c = f->codes; *c; c++) { /* each code, padded, is in */
                char v[8];
                memset(v, ' ', sizeof v);
                memcpy(v, *c, strlen(*c));
                ck_assert_msg(lay_code_allowed(f, v), "%s: code %s", f->id, *c);
            }
            size_t total = 1;
            for (unsigned k = 0; k < f->len; k++) total *= na;
            for (size_t n = 0; n < total; n++) {
                char v[8];
                size_t x = n;
                for (unsigned k = 0; k < f->len; k++, x /= na) v[k] = alphabet[x % na];
                ck_assert_msg(lay_code_allowed(f, v) == ref_allowed(f, v), "%s: '%.*s'", f->id, (int)f->len, v);
            }
        }
    }
    ck_assert_uint_ge(fields, 15);
}
END_TEST

Suite *make_layout_suite(void)
{
    Suite *s = suite_create("layout");
    TCase *t = tcase_create("tables");
    tcase_add_test(t, records_are_covered);
    tcase_add_test(t, z_fields);
    tcase_add_test(t, lookups);
    tcase_add_test(t, versions);
    tcase_add_test(t, code_lists);
    tcase_add_test(t, code_keys_agree);
    suite_add_tcase(s, t);
    return s;
}
