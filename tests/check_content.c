/* SPDX-License-Identifier: MIT */
/* check_content.c — the engine on small in-memory files: content rules I1-I13 and T1,
 * gating of content rules by technical findings, outcomes, 8002/8096 and code order. */
#include "check_suites.h"
#include "testutil.h"
#include <string.h>

#define BSN1 "812047436"
#define BSN2 "720516754"

static char h[311], c1[311], p1[311], p2[311], c2[311], p3[311];
static tu_result res;

static void setup(void)
{
    tu_header(h);
    tu_client(c1, 1, BSN1);
    tu_prestatie(p1, 2, BSN1, "REF-1");
    tu_prestatie(p2, 3, BSN1, "REF-2");
    tu_set(p2, "0414", "20230301"); tu_set(p2, "0415", "20230301");
    tu_set(p2, "0417", "Z755"); tu_set(p2, "0413", "755");
    tu_set(p2, "0418", "1"); tu_set(p2, "0426", "13995"); tu_set(p2, "0429", "13995");
    tu_client(c2, 4, BSN2);
    tu_prestatie(p3, 5, BSN2, "REF-3");
}

static void run(char *const *recs, int n) { tu_run_recs(NULL, recs, n, 1, &res); }

START_TEST(clean_file)
{
    char *r[] = {h, c1, p1, p2, c2, p3};
    run(r, 6);
    ck_assert_int_eq(res.rc, AW_OK);
    ck_assert_int_eq(res.nfind, 0);
    ck_assert_int_eq(res.sum.verdict, AW_VERDICT_ACCEPTED);
    ck_assert_int_eq(res.sum.total.accepted, 3);
    ck_assert_int_eq(res.sum.total.toegekend, 433845 + 13995 + 433845);
    ck_assert_str_eq(res.sum.codes01[0], "8001");
    ck_assert_str_eq(res.r[2].codes[0], "8001");
    ck_assert_int_eq(res.r[2].tentative, 1);
    ck_assert_str_eq(res.r[1].codes[0], "0200");
    ck_assert_int_eq(res.r[2].berekend, 433845);
    ck_assert(res.ended);
}
END_TEST

START_TEST(i6_rounding)
{
    /* RULE: I6 — ⌊(aantal × tarief × pct + 5000) / 10000⌋: 1 × 1 × 5000 = 0.5 cent rounds up */
    tu_set(p2, "0418", "1"); tu_set(p2, "0425", "1"); tu_set(p2, "0424", "5000");
    tu_set(p2, "0426", "1"); tu_set(p2, "0429", "1");
    tu_set(p2, "0419", "81");
    char *r[] = {h, c1, p2};
    run(r, 3);
    ck_assert_int_eq(tu_find(&res, "I6"), -1);
    tu_set(p2, "0424", "4999"); /* 0.4999 cent → 0 */
    run(r, 3);
    ck_assert_int_ne(tu_find(&res, "I6"), -1);
    tu_set(p2, "0426", "0"); tu_set(p2, "0429", "0");
    run(r, 3);
    ck_assert_int_eq(tu_find(&res, "I6"), -1);
    /* the largest values do not overflow: 9999 × 99999999 × 99999 */
    tu_set(p2, "0418", "9999"); tu_set(p2, "0425", "99999999"); tu_set(p2, "0424", "99999");
    run(r, 3);
    int i = tu_find(&res, "I6");
    ck_assert_int_ne(i, -1);
    ck_assert_ptr_nonnull(strstr(res.f[i].msg, "= 9998899910011 "));
}
END_TEST

START_TEST(i1_to_i5)
{
    char *r[] = {h, c1, p1};
    tu_set(p1, "0403", "123456789");
    run(r, 3);
    ck_assert_int_ne(tu_find(&res, "I1"), -1);
    ck_assert_int_ne(tu_find(&res, "I2"), -1); /* differs from the 02 as well */
    setup();
    tu_set(p1, "0404", "3311");
    run(r, 3);
    ck_assert_int_ne(tu_find(&res, "I3"), -1);
    ck_assert_str_eq(res.f[0].code, "0423");
    setup();
    tu_set(p1, "0415", "20230401");
    tu_set(p1, "0418", "32"); tu_set(p1, "0426", "447840"); tu_set(p1, "0429", "447840");
    run(r, 3);
    ck_assert_int_ne(tu_find(&res, "I4"), -1);
    ck_assert_int_eq(res.nfind, 1);
    setup();
    tu_set(p1, "0427", "C");
    tu_set(p1, "0432", "OLD-1");
    run(r, 3);
    ck_assert_int_ne(tu_find(&res, "I5"), -1);
}
END_TEST

START_TEST(i7_to_i9)
{
    char *r[] = {h, c1, p1};
    tu_set(p1, "0429", "433846");
    run(r, 3);
    ck_assert_int_ne(tu_find(&res, "I7"), -1);
    setup();
    tu_set(p1, "0428", "0900");
    run(r, 3);
    ck_assert_int_ne(tu_find(&res, "I8"), -1);
    setup();
    tu_set(p1, "0427", "C"); tu_set(p1, "0430", "C");
    run(r, 3);
    ck_assert_int_ne(tu_find(&res, "I9"), -1);
    ck_assert_int_eq(res.sum.total.ingediend, -433845);
}
END_TEST

START_TEST(i10_to_i13)
{
    char *r[] = {h, c1, p1, p2};
    tu_set(p2, "0431", "REF-1");
    run(r, 4);
    ck_assert_int_ne(tu_find(&res, "I10"), -1);
    ck_assert_int_eq(res.f[tu_find(&res, "I10")].line, 4); /* the later one */
    setup();
    tu_set(p2, "0427", "C"); tu_set(p2, "0430", "C"); tu_set(p2, "0432", "REF-1");
    run(r, 4);
    ck_assert_int_ne(tu_find(&res, "I11"), -1);
    setup();
    tu_set(p2, "0417", "Z756"); tu_set(p2, "0413", "756");
    tu_set(p2, "0414", "20230331"); tu_set(p2, "0415", "20230331");
    run(r, 4);
    ck_assert_int_ne(tu_find(&res, "I12"), -1);
    setup();
    tu_set(p1, "0418", "30"); tu_set(p1, "0426", "419850"); tu_set(p1, "0429", "419850");
    char *r2[] = {h, c1, p1};
    run(r2, 3);
    ck_assert_int_ne(tu_find(&res, "I13"), -1);
    ck_assert_int_eq(res.nfind, 1);
    ck_assert_str_eq(res.f[0].msg, "30 etmalen declared for 31 days 20230301-20230331");
    setup(); /* one day: the message counts it in the singular (P_) */
    tu_set(p1, "0414", "20230301"); tu_set(p1, "0415", "20230301");
    tu_set(p1, "0418", "2"); tu_set(p1, "0426", "27990"); tu_set(p1, "0429", "27990");
    run(r2, 3);
    ck_assert_int_eq(res.nfind, 1);
    ck_assert_str_eq(res.f[0].msg, "2 etmalen declared for 1 day 20230301-20230301");
}
END_TEST

START_TEST(submission_date_is_a_calendar_date)
{
    /* the one calendar of the project decides, for the command line too */
    aw_ctx *ctx = aw_ctx_new();
    ck_assert_int_eq(aw_ctx_set_submission_date(ctx, 20240229), AW_OK);
    ck_assert_int_eq(aw_ctx_set_submission_date(ctx, 0), AW_OK);
    ck_assert_int_eq(aw_ctx_set_submission_date(ctx, 20230229), AW_EUSAGE);
    ck_assert(strstr(aw_errmsg(ctx), "20230229 is not a calendar date"));
    ck_assert_int_eq(aw_ctx_set_submission_date(ctx, 20231301), AW_EUSAGE);
    ck_assert_int_eq(aw_ctx_set_submission_date(ctx, 20230630), AW_OK);
    ck_assert_str_eq(aw_errmsg(ctx), "");
    aw_ctx_free(ctx);
}
END_TEST

START_TEST(t1_boundary)
{
    /* RULE: T1 — care in March, N = 3: 30 June is in time, 1 July is late */
    aw_ctx *ctx = aw_ctx_new();
    char *r[] = {h, c1, p1};
    aw_ctx_set_submission_date(ctx, 20230630);
    tu_run_recs(ctx, r, 3, 1, &res);
    ck_assert_int_eq(tu_find(&res, "T1"), -1);
    aw_ctx_set_submission_date(ctx, 20230701);
    tu_run_recs(ctx, r, 3, 1, &res);
    int i = tu_find(&res, "T1");
    ck_assert_int_ne(i, -1);
    ck_assert_int_eq(res.f[i].sev, AW_SEV_WARN);
    ck_assert_str_eq(res.r[2].codes[0], "8001"); /* accepted, with the warning after it */
    ck_assert_str_eq(res.r[2].codes[1], "0586");
    ck_assert_int_eq(res.sum.verdict, AW_VERDICT_ACCEPTED);
    /* a controlset with N = 1 and severity reject (vgz-like, stricter) */
    ctx->conf[RULE_T1].months = 1;
    ctx->conf[RULE_T1].sev = AW_SEV_REJECT;
    aw_ctx_set_submission_date(ctx, 20230501);
    tu_run_recs(ctx, r, 3, 1, &res);
    ck_assert_int_ne(tu_find(&res, "T1"), -1);
    ck_assert_int_eq(res.r[2].outcome, AW_OUT_REJECTED);
    /* December care, N = 3: the deadline is in the next year */
    ctx->conf[RULE_T1].months = 3;
    aw_ctx_set_submission_date(ctx, 20240331);
    tu_set(h, "0114", "20231201"); tu_set(h, "0115", "20231231");
    tu_set(p1, "0414", "20231201"); tu_set(p1, "0415", "20231231");
    tu_run_recs(ctx, r, 3, 1, &res);
    ck_assert_int_eq(tu_find(&res, "T1"), -1);
    aw_ctx_set_submission_date(ctx, 20240401);
    tu_run_recs(ctx, r, 3, 1, &res);
    ck_assert_int_ne(tu_find(&res, "T1"), -1);
    aw_ctx_free(ctx);
}
END_TEST

START_TEST(gating_and_order)
{
    /* V findings switch the content rules off for that record; codes follow field order */
    char *r[] = {h, c1, p1};
    tu_set(p1, "0428", "0900");   /* would be I8 */
    tu_set(p1, "0427", "X");      /* V4 at 181 */
    memcpy(p1 + 129, "X", 1);     /* V1 at 130 (0418) */
    memcpy(p1 + 300, "R", 1);     /* V5 at 301 (reserve) */
    run(r, 3);
    ck_assert_int_eq(tu_find(&res, "I8"), -1);
    ck_assert_int_eq(res.nfind, 3);
    ck_assert_str_eq(res.r[2].codes[0], "0638");  /* 0418 */
    ck_assert_str_eq(res.r[2].codes[1], "0631");  /* 0427 */
    ck_assert_str_eq(res.r[2].codes[2], "0001");  /* reserve */
    ck_assert_int_eq(res.sum.verdict, AW_VERDICT_TECHNICAL);
    ck_assert_str_eq(res.sum.codes01[0], "0001");
}
END_TEST

START_TEST(outcomes)
{
    /* 02 rejected → its 04s 8002; a later technical rejection → the accepted ones become
     * rejected in the summary (the record events stay tentative) */
    char *r[] = {h, c1, p1, c2, p3};
    tu_set(c1, "0204", "3311");
    run(r, 5);
    ck_assert_int_eq(res.r[1].outcome, AW_OUT_REJECTED);
    ck_assert_str_eq(res.r[1].codes[0], "0423");
    ck_assert_str_eq(res.r[2].codes[0], "8002");
    ck_assert_int_eq(res.r[2].toegekend, 0);
    ck_assert_str_eq(res.r[4].codes[0], "8001");
    ck_assert_int_eq(res.sum.verdict, AW_VERDICT_PARTIAL);
    ck_assert_str_eq(res.sum.codes01[0], "0200");
    setup();
    tu_set(c1, "0204", "3311");
    tu_set(c2, "0204", "3311");
    run(r, 5);
    ck_assert_int_eq(res.sum.verdict, AW_VERDICT_REJECTED);
    ck_assert_str_eq(res.sum.codes01[0], "8073");
    /* an S8 at the end makes the file technically rejected */
    setup();
    tu_set(p3, "0402", "3");
    run(r, 5);
    ck_assert_int_eq(res.sum.verdict, AW_VERDICT_TECHNICAL);
    ck_assert_int_eq(res.sum.total.accepted, 0);
    ck_assert_int_eq(res.sum.total.toegekend, 0);
    ck_assert_str_eq(res.r[2].codes[0], "8001");
    ck_assert_int_eq(res.r[2].tentative, 1);
    ck_assert_str_eq(res.r[4].codes[0], "0801");
}
END_TEST

START_TEST(at_most_three_codes)
{
    char *r[] = {h, c1, p1};
    tu_set(p1, "0404", "3311");                        /* I3 0423 */
    tu_set(p1, "0428", "0900");                        /* I8 8016 */
    tu_set(p1, "0429", "999999");                      /* I7 8063 (and S10 on the 01) */
    tu_set(p1, "0418", "30");                          /* I6 8032, I13 0638 */
    run(r, 3);
    ck_assert_int_eq(res.r[2].ncodes, 3);
    ck_assert_str_eq(res.r[2].codes[0], "0423");
    ck_assert_str_eq(res.r[2].codes[1], "8032");
    ck_assert_str_eq(res.r[2].codes[2], "8063");
    ck_assert_int_ge(res.nfind, 5); /* the report keeps them all */
}
END_TEST

START_TEST(mask_bsn)
{
    aw_ctx *ctx = aw_ctx_new();
    aw_ctx_set_mask_bsn(ctx, 1);
    char *r[] = {h, c1, p1};
    tu_set(c1, "0203", "123456789");
    tu_set(p1, "0403", "12345678X");
    tu_run_recs(ctx, r, 3, 1, &res);
    for (int i = 0; i < res.nfind; i++) {
        ck_assert_ptr_null(strstr(res.f[i].msg, "123456789"));
        ck_assert_ptr_null(strstr(res.f[i].msg, "12345678X"));
    }
    ck_assert_ptr_nonnull(strstr(res.f[0].msg, "12*****89"));
    aw_ctx_free(ctx);
}
END_TEST

START_TEST(no_header)
{
    char *r[] = {c1, p1};
    run(r, 2);
    ck_assert_int_eq(res.rc, AW_ENOHEADER);
    ck_assert_int_eq(res.nfind, 1);
    ck_assert_str_eq(res.f[0].rule, "S4");
    ck_assert(!res.ended);
    tu_run(NULL, "", 0, &res);
    ck_assert_int_eq(res.rc, AW_ENOHEADER);
}
END_TEST

START_TEST(out_of_memory)
{
    /* every allocation of a check can fail: the result is AW_ENOMEM, never a crash */
    char *r[] = {h, c1, p1, c2, p3};
    for (long n = 1, left = 0; !left; n++) { /* until every allocation has failed once */
        ck_assert_msg(n < TU_OOM_LIMIT, "no run without a failed allocation");
        aw_ctx *ctx = aw_ctx_new();
        mem_fail_after(n);
        tu_run_recs(ctx, r, 5, 1, &res);
        left = mem_fail_after(0);
        ck_assert(res.rc == AW_OK || res.rc == AW_ENOMEM);
        ck_assert(res.rc == AW_OK || !left);
        aw_ctx_free(ctx);
    }
}
END_TEST

START_TEST(optional_dates)
{
    /* RULE: V3 — an optional date (0304) may be 00000000, a mandatory one (0207) may not */
    char d[311];
    tu_rec(d, "03", "0302=5", "0303=DEB1", "0304=00000000", NULL);
    char *r[] = {h, c1, p1, d};
    run(r, 4);
    ck_assert_int_eq(tu_find(&res, "V3"), -1);
    ck_assert_int_ne(tu_find(&res, "S7"), -1);
    tu_set(d, "0304", "20230229");
    run(r, 4);
    ck_assert_int_ne(tu_find(&res, "V3"), -1);
    ck_assert_str_eq(res.f[tu_find(&res, "V3")].code, "0350");
    tu_set(d, "0304", "20240229");
    run(r, 4);
    ck_assert_int_eq(tu_find(&res, "V3"), -1);
    tu_set(c1, "0207", "00000000");
    run(r, 3);
    ck_assert_int_ne(tu_find(&res, "V2"), -1); /* absent mandatory date: V2, not V3 */
    ck_assert_int_eq(tu_find(&res, "V3"), -1);
}
END_TEST

START_TEST(byte_classes)
{
    /* RULE: V1, V5, V6 — the whole-record fast path and the per-field pass agree: every byte
     * of a valid 02 and 04 replaced by each of a set of values gives a byte-class finding
     * exactly when the byte breaks its field's class, at that column */
    static const unsigned char vals[] = {0x00, 0x09, 0x0d, ' ', '0', '7', '9', ':', '/', 'A',
                                         0x7f, 0x80, 0xe9, 0xff};
    char *recs[] = {h, c1, p1};
    tu_reclen = 310;
    for (int which = 1; which <= 2; which++) {
        char *rec = recs[which];
        const lay_record *lr = lay_record_find(&lay_aw319_v13, which == 1 ? "02" : "04");
        for (unsigned pos = 2; pos < 310; pos++) {
            const lay_field *f = NULL;
            for (unsigned i = 0; i < lr->nfields; i++)
                if (pos >= lr->fields[i].pos && pos < (unsigned)lr->fields[i].pos + lr->fields[i].len)
                    f = &lr->fields[i];
            for (size_t v = 0; v < sizeof vals; v++) {
                char keep = rec[pos];
                unsigned char b = vals[v];
                rec[pos] = (char)b;
                int bad = f->req == 'R' ? b != ' ' : f->type == LAY_N ? (b < '0' || b > '9')
                                                  : (b < 0x20 || b == 0x7f);
                tu_run_recs(NULL, recs, 3, 1, &res);
                int k = -1;
                for (int i = 0; i < res.nfind; i++)
                    if (!strcmp(res.f[i].rule, "V1") || !strcmp(res.f[i].rule, "V5") ||
                        !strcmp(res.f[i].rule, "V6"))
                        k = i;
                ck_assert_msg((k >= 0) == bad, "record %d byte %u value 0x%02X: %s", which, pos + 1, b,
                              bad ? "missed" : "false finding");
                if (bad) {
                    ck_assert_uint_eq(res.f[k].col, pos + 1);
                    ck_assert_str_eq(res.f[k].field, f->id);
                }
                rec[pos] = keep;
            }
        }
    }
    tu_reclen = 0;
}
END_TEST

Suite *make_content_suite(void)
{
    Suite *s = suite_create("content");
    TCase *t = tcase_create("engine");
    tcase_add_checked_fixture(t, setup, NULL);
    tcase_add_test(t, clean_file);
    tcase_add_test(t, i6_rounding);
    tcase_add_test(t, i1_to_i5);
    tcase_add_test(t, i7_to_i9);
    tcase_add_test(t, i10_to_i13);
    tcase_add_test(t, submission_date_is_a_calendar_date);
    tcase_add_test(t, t1_boundary);
    tcase_add_test(t, gating_and_order);
    tcase_add_test(t, outcomes);
    tcase_add_test(t, at_most_three_codes);
    tcase_add_test(t, mask_bsn);
    tcase_add_test(t, no_header);
    tcase_add_test(t, out_of_memory);
    tcase_add_test(t, byte_classes);
    tcase_add_test(t, optional_dates);
    tcase_set_timeout(t, 120);
    suite_add_tcase(s, t);
    return s;
}
