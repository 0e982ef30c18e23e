/* SPDX-License-Identifier: MIT */
/* check_engine.c — the engine's technical layer on small in-memory files: the structure rules
 * S2, S3, S5, S6, S8, S9, S10 and the field rules V4 and V7 (S1, S4, S7 and V1-V3, V5, V6 are
 * in check_content.c and check_rules.c).  Each test asserts the rule, its retourcode, the
 * record it is reported on, and that nothing else fires. */
#include "check_suites.h"
#include "testutil.h"
#include <stdlib.h>
#include <string.h>

#define BSN1 "812047436"

static char h[311], c1[311], p1[311], t[311];
static tu_result res;

static void setup(void)
{
    tu_reclen = 0;
    tu_header(h);
    tu_client(c1, 1, BSN1);
    tu_prestatie(p1, 2, BSN1, "REF-1");
}

static void run(char *const *recs, int n) { tu_run_recs(NULL, recs, n, 1, &res); }

/* Exactly one finding, of rule with code, reported on the record of type rec at target. */
static void only(const char *rule, const char *code, const char *rec, unsigned long target)
{
    ck_assert_int_eq(res.rc, AW_OK);
    ck_assert_msg(res.nfind == 1, "%d findings, first %s", res.nfind, res.nfind ? res.f[0].rule : "-");
    ck_assert_str_eq(res.f[0].rule, rule);
    ck_assert_str_eq(res.f[0].code, code);
    ck_assert_str_eq(res.f[0].record, rec);
    ck_assert_uint_eq(res.f[0].target, target);
}

START_TEST(s2_line_ends)
{
    /* RULE: S2 — a bare LF after the 02: reported once, on the 01, naming the line */
    char *r[] = {h, c1, p1};
    char *t99 = t;
    tu_trailer(t99, r, 3);
    char *all[] = {h, c1, p1, t99};
    size_t len;
    char *buf = tu_join(all, 4, &len);
    char *cr = buf + 310 + 2 + 310; /* the CR after the 02 */
    ck_assert_int_eq(*cr, '\r');
    memmove(cr, cr + 1, len - (size_t)(cr + 1 - buf));
    len--;
    tu_run(NULL, buf, len, &res);
    only("S2", "8095", "01", 1);
    ck_assert_uint_eq(res.f[0].line, 2);
    ck_assert_int_eq(res.sum.verdict, AW_VERDICT_TECHNICAL);
    /* an empty line counts for S2 but is no record */
    memmove(buf + 312, buf + 310, len - 310);
    memcpy(buf + 310, "\r\n", 2);
    tu_run(NULL, buf, len + 2, &res);
    ck_assert_str_eq(res.f[0].rule, "S2");
    ck_assert_uint_eq(res.sum.records, 4);
    free(buf);
}
END_TEST

START_TEST(s3_unknown_type)
{
    /* RULE: S3 — unknown record type: reported on itself, not counted for the 99 (S9) */
    char x[311];
    memcpy(x, p1, 311);
    memcpy(x, "05", 2);
    char *r[] = {h, c1, p1, x};
    tu_trailer(t, r, 3);
    char *all[] = {h, c1, p1, x, t};
    size_t len;
    char *buf = tu_join(all, 5, &len);
    tu_run(NULL, buf, len, &res);
    free(buf);
    only("S3", "0002", "05", 4);
    ck_assert_str_eq(res.r[3].codes[0], "0002");
}
END_TEST

START_TEST(s5_s6_header)
{
    /* RULE: S5 — 0102 is not 187; RULE: S6 — 0103 / 0104 */
    char *r[] = {h, c1, p1};
    tu_set(h, "0102", "188");
    run(r, 3);
    only("S5", "0010", "01", 1);
    ck_assert_str_eq(res.sum.codes01[0], "0001");
    ck_assert_str_eq(res.sum.codes01[1], "0010");
    setup();
    tu_set(h, "0103", "02");
    run(r, 3);
    only("S6", "0011", "01", 1);
    setup();
    tu_set(h, "0104", "05");
    run(r, 3);
    only("S6", "8027", "01", 1);
    setup();
    tu_v14(h); /* version 1.4 with records as billing software writes them: accepted */
    tu_v14(c1);
    tu_v14(p1);
    run(r, 3);
    ck_assert_msg(res.nfind == 0, "%d findings, first %s %s", res.nfind, res.f[0].rule, res.f[0].msg);
    ck_assert_int_eq(res.sum.verdict, AW_VERDICT_ACCEPTED);
}
END_TEST

START_TEST(s8_identificatie)
{
    /* RULE: S8 — equal to the previous detail record's identificatie */
    char *r[] = {h, c1, p1};
    tu_set(p1, "0402", "1");
    run(r, 3);
    only("S8", "0801", "04", 3);
    ck_assert_uint_eq(res.f[0].col, 3);
}
END_TEST

START_TEST(s9_counts)
{
    /* RULE: S9 — one retourcode per count of the sluitrecord, all reported on the 01 */
    static const struct { const char *id, *code; } k[] = {
        {"9902", "0151"}, {"9903", "0157"}, {"9904", "0158"}, {"9905", "0153"}, {"9906", "0156"},
    };
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
        setup();
        char *r[] = {h, c1, p1};
        tu_trailer(t, r, 3);
        tu_set(t, k[i].id, "7");
        char *all[] = {h, c1, p1, t};
        size_t len;
        char *buf = tu_join(all, 4, &len);
        tu_run(NULL, buf, len, &res);
        free(buf);
        only("S9", k[i].code, "01", 1);
        ck_assert_uint_eq(res.f[0].line, 4);
        ck_assert_str_eq(res.f[0].field, k[i].id);
    }
}
END_TEST

START_TEST(s10_total)
{
    /* RULE: S10 — 9907/9908 against the signed sum of 0429/0430 (credits count negative) */
    char p2[311];
    tu_prestatie(p2, 3, BSN1, "REF-2");
    tu_set(p2, "0427", "C"); tu_set(p2, "0430", "C"); tu_set(p2, "0432", "REF-0");
    char *r[] = {h, c1, p1, p2};
    tu_trailer(t, r, 4);
    ck_assert_int_eq(t[lay_field_find(&lay_aw319_v13, "9908")->pos], 'D');
    char *all[] = {h, c1, p1, p2, t};
    size_t len;
    char *buf = tu_join(all, 5, &len);
    tu_run(NULL, buf, len, &res);
    ck_assert_int_eq(res.nfind, 0); /* 433845 - 433845 = 0 D */
    free(buf);
    tu_set(t, "9907", "867690");     /* the unsigned sum: wrong */
    buf = tu_join(all, 5, &len);
    tu_run(NULL, buf, len, &res);
    free(buf);
    only("S10", "0150", "01", 1);
}
END_TEST

START_TEST(v4_code_lists)
{
    /* RULE: V4 — a value outside the field's code list carries the field's retourcode */
    static const struct { const char *rec, *id, *value; } k[] = {
        {"01", "0105", "X"}, {"01", "0113", "05"}, {"01", "0119", "USD"}, {"02", "0208", "3"},
        {"02", "0209", "6"}, {"04", "0407", "5"}, {"04", "0412", "22"}, {"04", "0413", "123"},
        {"04", "0416", "056"}, {"04", "0419", "02"}, {"04", "0427", "X"}, {"04", "0430", "X"},
    };
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
        setup();
        char *rec = !strcmp(k[i].rec, "01") ? h : !strcmp(k[i].rec, "02") ? c1 : p1;
        tu_set(rec, k[i].id, k[i].value);
        char *r[] = {h, c1, p1};
        run(r, 3);
        int f = tu_find(&res, "V4");
        ck_assert_msg(f >= 0, "%s=%s: no V4", k[i].id, k[i].value);
        ck_assert_str_eq(res.f[f].field, k[i].id);
        ck_assert_str_eq(res.f[f].code, lay_field_find(&lay_aw319_v13, k[i].id)->code);
        for (int j = 0; j < res.nfind; j++) /* only V4 of the technical layer (content may follow) */
            ck_assert_msg((res.f[j].rule[0] != 'S' && res.f[j].rule[0] != 'V') ||
                          !strcmp(res.f[j].rule, "V4"), "%s=%s: also %s", k[i].id, k[i].value,
                          res.f[j].rule);
    }
    /* 000 (absent) is allowed for 0413 and 00 for 0412 */
    setup();
    tu_set(p1, "0413", "000");
    char *r[] = {h, c1, p1};
    run(r, 3);
    ck_assert_int_eq(tu_find(&res, "V4"), -1);
}
END_TEST

START_TEST(v7_declaratieperiode)
{
    /* RULE: V7 — reversed, or spanning two calendar years: the whole file is rejected */
    char *r[] = {h, c1, p1};
    tu_set(h, "0114", "20230331"); tu_set(h, "0115", "20230301");
    run(r, 3);
    ck_assert_int_ne(tu_find(&res, "V7"), -1);
    ck_assert_str_eq(res.f[tu_find(&res, "V7")].code, "8003");
    ck_assert_int_eq(res.sum.verdict, AW_VERDICT_TECHNICAL);
    setup();
    tu_set(h, "0114", "20221201"); tu_set(h, "0115", "20230331");
    run(r, 3);
    ck_assert_int_ne(tu_find(&res, "V7"), -1);
    setup();
    tu_set(h, "0114", "20230101"); tu_set(h, "0115", "20231231");
    run(r, 3);
    ck_assert_int_eq(tu_find(&res, "V7"), -1);
}
END_TEST

START_TEST(v_off_field_not_read)
{
    /* Decision: a field that fails its byte or calendar check is never read by the content rules,
     * also when a controlset turned its V rule off (the finding is then just not reported). */
    char *r[] = {h, c1, p1};
    tu_set(p1, "0415", "20231301");            /* no calendar date */
    run(r, 3);
    ck_assert_int_ne(tu_find(&res, "V3"), -1);  /* default: V3 */
    aw_ctx *ctx = aw_ctx_new();
    ctx->conf[RULE_V3].sev = AW_SEV_OFF;
    tu_run_recs(ctx, r, 3, 1, &res);
    ck_assert_int_eq(tu_find(&res, "V3"), -1);
    for (int j = 0; j < res.nfind; j++)
        ck_assert_msg(res.f[j].target != 3, "content rule %s read the bad 04", res.f[j].rule);
    /* the same 04 with a date before its begin: well-formed, so the content rules run (I4) */
    setup();
    tu_set(p1, "0415", "20230228");
    tu_run_recs(ctx, r, 3, 1, &res);
    ck_assert_int_ne(tu_find(&res, "I4"), -1);
    aw_ctx_free(ctx);
}
END_TEST

/* The byte-class fast path (fast_ok) against the rules: every position of a 02 and a 04, each
 * of the edge bytes below (one run each, ~7,400 runs: its own test case with a longer timeout): V1 (N), V5 (reserve) or V6 (AN) is reported on the field exactly when the
 * byte is outside its class.  A fast path that let a bad byte through fails here. */
START_TEST(v_byte_classes)
{
    /* the edges of every class: below/at/above ' ', '0'-'9', 0x7F, and the high bytes */
    static const unsigned char bytes[] = {0x00, 0x1F, ' ', '!', '/', '0', '9', ':', 'a', 0x7F, 0x80, 0xFF};
    static const char *const types[] = {"02", "04"};
    for (int ti = 0; ti < 2; ti++) {
        const lay_record *lr = lay_record_find(&lay_aw319_v13, types[ti]);
        for (unsigned pos = 2; pos < 310; pos++) {
            const lay_field *f = NULL;
            for (unsigned i = 0; i < lr->nfields; i++)
                if (pos >= lr->fields[i].pos && pos < (unsigned)lr->fields[i].pos + lr->fields[i].len) f = &lr->fields[i];
            ck_assert_msg(f != NULL, "%s: byte %u is in no field", types[ti], pos);
            for (size_t b = 0; b < sizeof bytes; b++) {
                setup();
                char *rec = ti ? p1 : c1;
                unsigned char x = bytes[b];
                int bad = f->req == 'R' ? x != ' ' : f->type == LAY_N ? x < '0' || x > '9' : x < 0x20 || x == 0x7F;
                const char *rule = f->req == 'R' ? "V5" : f->type == LAY_N ? "V1" : "V6";
                rec[pos] = (char)x;
                char *r[] = {h, c1, p1};
                tu_reclen = 310;
                run(r, 3);
                tu_reclen = 0;
                int found = 0;
                for (int j = 0; j < res.nfind; j++)
                    if (!strcmp(res.f[j].rule, rule) && !strcmp(res.f[j].field, f->id)) found = 1;
                ck_assert_msg(found == bad, "%s byte %u (%s) = 0x%02X: %s %s", types[ti], pos, f->id, x, rule,
                              bad ? "missing" : "reported");
            }
        }
    }
}
END_TEST

Suite *make_engine_suite(void)
{
    Suite *s = suite_create("engine");
    TCase *tc = tcase_create("technical");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, s2_line_ends);
    tcase_add_test(tc, s3_unknown_type);
    tcase_add_test(tc, s5_s6_header);
    tcase_add_test(tc, s8_identificatie);
    tcase_add_test(tc, s9_counts);
    tcase_add_test(tc, s10_total);
    tcase_add_test(tc, v4_code_lists);
    tcase_add_test(tc, v7_declaratieperiode);
    tcase_add_test(tc, v_off_field_not_read);
    suite_add_tcase(s, tc);
    TCase *tb = tcase_create("byte classes");
    tcase_add_checked_fixture(tb, setup, NULL);
    tcase_set_timeout(tb, 120);
    tcase_add_test(tb, v_byte_classes);
    suite_add_tcase(s, tb);
    return s;
}
