/* SPDX-License-Identifier: MIT */
/* check_v14.c — AW319 v1.4 as Vektis publishes it: the pattern compiler against the published
 * patterns and the examples of their rule texts, the generated v1.4 table, and the engine on
 * v1.4 records as billing software writes them (one test per published rule group: V8, V9,
 * the conditions, the dates, 0424 = 00000, the nulbedrag, S5 for other messages). */
#include "check_suites.h"
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BSN1 "812047436"

/* ---- the pattern compiler */

static pat *compile(const char *re, unsigned width)
{
    aw_ctx *ctx = aw_ctx_new();
    pat *p = pat_compile(ctx, re, width);
    ck_assert_msg(p != NULL, "%s: %s", re, aw_errmsg(ctx));
    aw_ctx_free(ctx);
    return p;
}

/* Every value in yes matches, every value in no does not (all of the pattern's width). */
static void expect(const char *re, const char *const *yes, const char *const *no)
{
    unsigned w = (unsigned)strlen(yes[0]);
    pat *p = compile(re, w);
    for (; *yes; yes++) ck_assert_msg(pat_match(p, *yes), "%s should match '%s'", re, *yes);
    for (; *no; no++) {
        ck_assert_uint_eq(strlen(*no), w);
        ck_assert_msg(!pat_match(p, *no), "%s should not match '%s'", re, *no);
    }
    pat_free(p);
}

#define L(...) (const char *const[]){__VA_ARGS__, NULL}

/* the published pattern of a field in the generated v1.4 table */
static const char *published(const char *id)
{
    const lay_field *f = lay_field_find(&lay_aw319_v14, id);
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_nonnull(f->pattern);
    return f->pattern;
}

START_TEST(published_codes)
{
    /* the coded fields, with the values of their rule texts */
    expect(published("0208"), L("1", "2"), L("0", "9", "3"));
    expect(published("0209"), L("1"), L("0", "2"));
    expect(published("0212"), L("0", "2"), L("1", "3"));
    expect(published("0216"), L("0", "1", "4"), L("5", " "));
    expect(published("0223"), L("1", "2"), L("0", "3"));
    expect(published("0407"), L("1"), L("0", "2", "4"));
    expect(published("0416"), L("055", "065", "066", "068", "990"), L("056", "000", "991"));
    expect(published("0419"), L("00", "01", "04", "07", "11", "14", "16", "31", "41", "81"),
           L("02", "15", "99", " 1"));
    expect(published("0421"), L("0000"), L("0001", "1000"));
    expect(published("0423"), L("0000"), L("0001"));
    expect(published("0424"), L("00000"), L("10000", "05000"));
    expect(published("0427"), L("C", "D"), L("d", " "));
    expect(published("0105"), L("P", "T"), L("p", "X"));
    expect(published("0113"), L("01", "02", "03", "04"), L("00", "05"));
}
END_TEST

START_TEST(published_codes_agb)
{
    /* AGB codes: two digits 01-99, six digits 000001-999999 (never zeros) */
    expect(published("0420"), L("03012345", "41009876", "01000001", "99999999"),
           L("00000000", "00123456", "01000000", "1234567 "));
    expect(published("0422"), L("00000000", "41009876"), L("00000001", "01000000"));
    expect(published("0112"), L("41009876"), L("00000000", "41000000"));
    expect(published("0109"), L("00000000", "98000001", "98999999"), L("98000000", "12345678", "97000001"));
    expect(published("9906"), L("0000002", "0000010", "9999999"), L("0000001", "0000000"));
}
END_TEST

START_TEST(published_text)
{
    /* text fields: postcode, BTW number, voorletters, names, free text, reserves */
    expect(published("0217"), L("1234AB", "9999zz", "      "), L("0234AB", "1234A ", "AB1234", " 1234A"));
    expect(published("0118"), L("NL123456789B01", "              "), L("NL12345678B01 ", "BE123456789B01"));
    expect(published("0215"), L("JP    ", "J     ", "Jp q  ", "\xC9" "A    "),
           L("J.P.  ", " JP   ", "1     ", "J-P   "));
    expect(published("0210"), L("Visser                   ", "0000000000000000000000001"),
           L(" Visser                  ", "0000000000000000000000000"));
    expect(published("0211"), L("van der   ", "          "), L(" van      ", "0000000000"));
    expect(published("0431"), L("R202303-0000001     "), L(" R202303-0000001    ", "                    "));
    expect(published("0432"), L("                    ", "R202303-0000001     "), L(" R2                 "));
    expect(published("0406"), L("               "), L("M123           "));
    expect(published("0221"), L("NL", "  ", "00", "be"), L("N1", "0 "));
}
END_TEST

START_TEST(pattern_syntax)
{
    /* constructs the published table uses, and what the compiler refuses */
    expect("\\s{076}", L("                                                                            "),
           L("                                                                           x"));
    expect("a?b", L("ab"), L("bb"));
    expect("(ab|cd){2}", L("abcd", "cdab"), L("abce", "acbd"));
    expect("[^\\s]x", L("ax"), L(" x"));
    expect("\\x41", L("A"), L("B"));
    expect("\\.", L("."), L("a"));
    expect("[a\\-z]", L("-", "a"), L("b"));
    aw_ctx *ctx = aw_ctx_new();
    static const char *const bad[] = {"a*", "a+", "a{2,}", "(?=a)", "a(?!b)", "[ab", "(ab", "ab)", "a{x}",
                                      "\\q", "a^", "[b-a]", "\xE2\x82\xAC", "(?!)a", NULL};
    for (int i = 0; bad[i]; i++) {
        err_clear(ctx);
        pat *p = pat_compile(ctx, bad[i], 1);
        ck_assert_msg(p == NULL, "'%s' should be refused", bad[i]);
        ck_assert_msg(aw_errmsg(ctx)[0], "'%s': no message", bad[i]);
        ck_assert_int_eq(ctx->err, AW_EUSAGE);
    }
    aw_ctx_free(ctx);
    /* a pattern that cannot fill the width accepts nothing */
    pat *p = compile("ab", 3);
    ck_assert(!pat_match(p, "abc"));
    pat_free(p);
}
END_TEST

START_TEST(every_published_pattern_compiles)
{
    /* each field of the v1.4 table with a pattern: it compiles for the field's width, and a
     * field whose pattern is only spaces (the reserves) is the V5 check */
    const lay_layout *l = &lay_aw319_v14;
    unsigned n = 0;
    aw_ctx *ctx = aw_ctx_new();
    for (unsigned r = 0; r < l->nrecords; r++)
        for (unsigned i = 0; i < l->records[r].nfields; i++) {
            const lay_field *f = &l->records[r].fields[i];
            if (!f->pattern) continue;
            n++;
            pat *p = pat_compile(ctx, f->pattern, f->len);
            ck_assert_msg(p != NULL, "%s %s: %s", f->id, f->pattern, aw_errmsg(ctx));
            pat_free(p);
            ck_assert_msg(f->prule == RULE_V9 || (f->prule == RULE_V8 && !strcmp(f->id, "0424")),
                          "%s reported by rule %d", f->id, f->prule);
        }
    ck_assert_uint_ge(n, 45);
    aw_ctx_free(ctx);
    /* an S rule checks 0102-0104 itself; v1.3 has no patterns */
    ck_assert_ptr_null(lay_field_find(l, "0102")->pattern);
    ck_assert_ptr_null(lay_field_find(l, "0104")->pattern);
    ck_assert_ptr_null(lay_field_find(&lay_aw319_v13, "0208")->pattern);
    /* the layout is v1.3's byte for byte, with the v1.3 03 record (v1.4 publishes none) */
    for (unsigned r = 0; r < l->nrecords; r++)
        for (unsigned i = 0; i < l->records[r].nfields; i++) {
            const lay_field *f = &l->records[r].fields[i], *g = lay_field_find(&lay_aw319_v13, f->id);
            ck_assert_ptr_nonnull(g);
            ck_assert_uint_eq(f->pos, g->pos);
            ck_assert_uint_eq(f->len, g->len);
            ck_assert_str_eq(f->code, g->code);
        }
    ck_assert_ptr_nonnull(lay_record_find(l, "03"));
    /* requirements as published: 0208 is M, 0407 M, 0424 C; a published pattern replaces the
     * v1.3 code list */
    ck_assert_int_eq(lay_field_find(l, "0407")->req, 'M');
    ck_assert_int_eq(lay_field_find(l, "0424")->req, 'C');
    ck_assert_ptr_null(lay_field_find(l, "0419")->codes);
    ck_assert_ptr_nonnull(lay_field_find(l, "0413")->codes);
    ck_assert_uint_ge(l->nconds, 10);
}
END_TEST

/* ---- the engine on v1.4 files */

static char h[311], c1[311], p1[311];
static tu_result res;

static void setup(void)
{
    tu_reclen = 0;
    tu_header(h);
    tu_client(c1, 1, BSN1);
    tu_prestatie(p1, 2, BSN1, "REF-1");
    tu_v14(h);
    tu_v14(c1);
    tu_v14(p1);
}

static void run(void)
{
    char *r[] = {h, c1, p1};
    tu_run_recs(NULL, r, 3, 1, &res);
}

/* Exactly one finding: rule, code and field. */
static void only(const char *rule, const char *code, const char *field)
{
    ck_assert_int_eq(res.rc, AW_OK);
    ck_assert_msg(res.nfind == 1, "%d findings, first %s %s", res.nfind, res.nfind ? res.f[0].rule : "-",
                  res.nfind ? res.f[0].msg : "");
    ck_assert_str_eq(res.f[0].rule, rule);
    ck_assert_str_eq(res.f[0].code, code);
    ck_assert_str_eq(res.f[0].field, field);
}

START_TEST(v14_as_billing_software_writes_it)
{
    run();
    ck_assert_msg(res.nfind == 0, "%d findings, first %s %s", res.nfind, res.f[0].rule, res.f[0].msg);
    ck_assert_int_eq(res.sum.verdict, AW_VERDICT_ACCEPTED);
    /* the same records as v1.3 (0104 = 03) are rejected by the v1.3 rules only where v1.3 differs */
    tu_set(h, "0104", "03");
    run();
    ck_assert_int_eq(res.sum.verdict, AW_VERDICT_ACCEPTED);
    /* and the v1.3 fixture records in a v1.4 file: what the published table demands */
    setup();
    tu_header(h);
    tu_set(h, "0104", "04");
    tu_prestatie(p1, 2, BSN1, "REF-1");
    run();
    ck_assert_int_ge(tu_find(&res, "V2"), 0); /* 0407 and 0420 are mandatory */
    ck_assert_int_ge(tu_find(&res, "V8"), 0); /* 10000 in 0424 */
    ck_assert_int_eq(res.sum.verdict, AW_VERDICT_TECHNICAL);
}
END_TEST

START_TEST(v9_pattern)
{
    /* RULE: V9 — a published pattern refused: the field's retourcode, the record rejected and
     * not content-checked, the file technically rejected */
    static const struct { const char *rec, *id, *value, *code; } cases[] = {
        {"02", "0208", "9", "0351"}, {"02", "0209", "2", "0317"}, {"02", "0215", "J.P.", "0310"},
        {"02", "0217", "0234AB", "0001"}, {"02", "0223", "3", "8030"}, {"04", "0407", "2", "8031"},
        {"04", "0416", "056", "0581"}, {"04", "0419", "02", "0001"}, {"04", "0420", "00123456", "5760"},
        {"04", "0421", "0001", "8011"}, {"04", "0417", " Z75", "0582"}, {"01", "0118", "NL1B", "0001"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        setup();
        tu_set(!strcmp(cases[i].rec, "01") ? h : !strcmp(cases[i].rec, "02") ? c1 : p1, cases[i].id, cases[i].value);
        run();
        only("V9", cases[i].code, cases[i].id);
        ck_assert_int_eq(res.sum.verdict, AW_VERDICT_TECHNICAL);
    }
    /* a controlset that turns V9 off: no finding, but the field is still not read (no I rule
     * fires on the record, which is accepted) */
    setup();
    aw_ctx *ctx = aw_ctx_new();
    ctx->conf[RULE_V9].sev = AW_SEV_OFF;
    tu_set(p1, "0421", "0001");
    char *r[] = {h, c1, p1};
    tu_run_recs(ctx, r, 3, 1, &res);
    ck_assert_int_eq(res.nfind, 0);
    aw_ctx_free(ctx);
}
END_TEST

START_TEST(v9_conditions)
{
    /* RULE: V2 / V9 — the published constraints the record decides */
    setup();
    tu_set(c1, "0212", "2"); /* a partner name is required */
    run();
    only("V2", "0001", "0213");
    setup();
    tu_set(c1, "0213", "Jansen"); /* ... and stays blank without 0212 = 2 */
    run();
    only("V9", "0001", "0213");
    tu_set(c1, "0212", "2");
    run();
    ck_assert_int_eq(res.nfind, 0);
    setup();
    tu_set(c1, "0217", ""); /* no postcode and no postcode buitenland */
    run();
    ck_assert_int_eq(res.nfind, 1);
    ck_assert_str_eq(res.f[0].field, "0217");
    tu_set(c1, "0218", "B-1000"); /* abroad: fine (0221 BE) */
    tu_set(c1, "0221", "BE");
    run();
    ck_assert_int_eq(res.nfind, 0);
    tu_set(c1, "0221", ""); /* abroad without a country code */
    run();
    only("V2", "0316", "0221");
    setup();
    tu_set(p1, "0419", "11"); /* 11 is wijkverpleging only */
    run();
    only("V9", "0001", "0419");
    tu_set(p1, "0416", "065"); /* (then 0416 065 is fine for the pattern) */
    run();
    ck_assert_int_eq(tu_find(&res, "V9"), -1);
    setup();
    tu_set(h, "0107", "gen1.0"); /* version without software code */
    run();
    only("V9", "0001", "0107");
    tu_set(h, "0106", "123456");
    run();
    ck_assert_int_eq(res.nfind, 0);
    tu_set(h, "0107", "");
    run();
    only("V2", "0001", "0107");
    setup();
    tu_set(h, "0108", "0000"); /* always required: an AW319 goes to a zorgkantoor */
    run();
    ck_assert_int_ge(tu_find(&res, "V2"), 0);
    ck_assert_str_eq(res.f[tu_find(&res, "V2")].field, "0108");
    setup();
    tu_set(h, "0111", "01000001"); /* praktijkcode without zorgverlenerscode */
    run();
    only("V2", "0014", "0110");
}
END_TEST

START_TEST(v3_published_dates)
{
    /* RULE: V3 — 0414/0415 after 2012-12-31 and not after the submission date; 0114, 0117
     * and 0207 not after it (the submission date defaults to 0117) */
    tu_set(p1, "0414", "20121231");
    run();
    ck_assert_int_ge(tu_find(&res, "V3"), 0);
    ck_assert_str_eq(res.f[tu_find(&res, "V3")].field, "0414");
    ck_assert_str_eq(res.f[tu_find(&res, "V3")].code, "8007");
    setup();
    tu_set(p1, "0414", "20130101");
    tu_set(p1, "0415", "20130101");
    tu_set(p1, "0418", "1");
    run();
    ck_assert_int_eq(tu_find(&res, "V3"), -1); /* (I4 and I6 still say it is outside the period) */
    setup();
    aw_ctx *ctx = aw_ctx_new();
    aw_ctx_set_submission_date(ctx, 20230330);
    char *r[] = {h, c1, p1};
    tu_run_recs(ctx, r, 3, 1, &res);
    /* 0117 20230405 and 0415 20230331 are after 20230330 */
    int n3 = 0;
    for (int i = 0; i < res.nfind; i++) n3 += !strcmp(res.f[i].rule, "V3");
    ck_assert_int_eq(n3, 2);
    tu_set(c1, "0207", "20230415");
    aw_ctx_set_submission_date(ctx, 20230410);
    tu_run_recs(ctx, r, 3, 1, &res);
    only("V3", "8004", "0207");
    aw_ctx_free(ctx);
    /* v1.3 files keep the v1.3 rules: no such date checks */
    setup();
    tu_set(h, "0104", "03");
    tu_set(p1, "0414", "20121231");
    run();
    ck_assert_int_eq(tu_find(&res, "V3"), -1);
}
END_TEST

START_TEST(v8_verrekenpercentage)
{
    /* RULE: V8 — 0424 not 00000 in a v1.4 file: a warning without retourcode, read as a
     * percentage (I6 with it); a controlset can make it reject with the field's 5803 */
    tu_set(p1, "0424", "10000");
    run();
    only("V8", "", "0424");
    ck_assert_int_eq(res.f[0].sev, AW_SEV_WARN);
    ck_assert_int_eq(res.sum.verdict, AW_VERDICT_ACCEPTED);
    ck_assert_int_eq(res.r[2].ncodes, 1); /* 8001 only: the warning has no code */
    ck_assert_str_eq(res.r[2].codes[0], "8001");
    tu_set(p1, "0424", "05000"); /* 50 %: the berekend bedrag must be half */
    run();
    ck_assert_int_ge(tu_find(&res, "I6"), 0);
    tu_set(p1, "0426", "216923");
    tu_set(p1, "0429", "216923");
    run();
    only("V8", "", "0424");
    aw_ctx *ctx = aw_ctx_new();
    ctx->conf[RULE_V8].sev = AW_SEV_REJECT;
    char *r[] = {h, c1, p1};
    tu_run_recs(ctx, r, 3, 1, &res);
    only("V8", "5803", "0424");
    ck_assert_int_eq(res.sum.verdict, AW_VERDICT_TECHNICAL);
    aw_ctx_free(ctx);
    /* a v1.3 file reads 05000 as 50 % without V8 */
    tu_set(h, "0104", "03");
    tu_set(p1, "0407", "0");
    run();
    ck_assert_int_eq(res.nfind, 0);
}
END_TEST

START_TEST(zero_percentage_is_100)
{
    /* 00000 = 100 % in both versions: no finding, I6 computes with 10000; the AW320's 0481
     * (the berekend bedrag the record event carries) too */
    run();
    ck_assert_int_eq(res.nfind, 0);
    ck_assert_int_eq(res.r[2].berekend, 433845);
    tu_set(h, "0104", "03");
    run();
    ck_assert_int_eq(res.nfind, 0);
    tu_set(p1, "0426", "216923"); /* half: I6 */
    tu_set(p1, "0429", "216923");
    run();
    only("I6", "8032", "0426");
}
END_TEST

START_TEST(nulbedrag)
{
    /* 0425, 0426 and 0429 all zero: valid in both versions; one or two of them zero is not */
    for (int v = 0; v < 2; v++) {
        setup();
        if (v) tu_set(h, "0104", "03");
        tu_set(p1, "0425", "0");
        tu_set(p1, "0426", "0");
        tu_set(p1, "0429", "0");
        run();
        ck_assert_msg(res.nfind == 0, "v%d: %s %s", v, res.f[0].rule, res.f[0].msg);
        tu_set(p1, "0426", "433845"); /* tarief zero alone */
        run();
        ck_assert_int_ge(tu_find(&res, "V2"), 0);
        ck_assert_str_eq(res.f[tu_find(&res, "V2")].field, "0425");
    }
    setup();
    tu_set(p1, "0429", "0"); /* v1.4: the declaratiebedrag is mandatory */
    run();
    only("V2", "8033", "0429");
}
END_TEST

START_TEST(s5_other_messages)
{
    /* RULE: S5 — 428 / 430 are AW319s for a zorgverzekeraar: the message says so */
    tu_set(h, "0102", "428");
    run();
    only("S5", "0010", "0102");
    ck_assert_ptr_nonnull(strstr(res.f[0].msg, "zorgverzekeraar"));
    tu_set(h, "0102", "430");
    run();
    ck_assert_ptr_nonnull(strstr(res.f[0].msg, "zintuiglijk"));
    /* an AW320 (370-byte records) as input: one finding, nothing checked */
    setup();
    char a[371], b[371];
    memset(a, ' ', 370);
    memcpy(a, h, 310);
    memcpy(a + 2, "188", 3);
    a[370] = 0;
    memset(b, ' ', 370);
    memcpy(b, c1, 310);
    b[370] = 0;
    char *r[] = {a, b, b, b};
    size_t len;
    char *buf = tu_join(r, 4, &len);
    tu_run(NULL, buf, len, &res);
    free(buf);
    ck_assert_int_eq(res.rc, AW_ENOHEADER);
    ck_assert_int_eq(res.nfind, 1);
    ck_assert_str_eq(res.f[0].rule, "S5");
    ck_assert_ptr_nonnull(strstr(res.f[0].msg, "AW320"));
    /* the same with 187: an AW319 of the wrong length, checked record by record (S1) */
    memcpy(a + 2, "187", 3);
    buf = tu_join(r, 4, &len);
    tu_run(NULL, buf, len, &res);
    free(buf);
    ck_assert_int_eq(res.rc, AW_OK);
    ck_assert_int_ge(tu_find(&res, "S1"), 0);
}
END_TEST

START_TEST(i1_dummy_bsn)
{
    /* the published dummy BSN 999999999 passes I1 in a v1.4 file, not in a v1.3 one */
    tu_client(c1, 1, "999999999");
    tu_prestatie(p1, 2, "999999999", "REF-1");
    tu_v14(c1);
    tu_v14(p1);
    run();
    ck_assert_int_eq(res.nfind, 0);
    tu_set(h, "0104", "03");
    run();
    ck_assert_int_ge(tu_find(&res, "I1"), 0);
}
END_TEST

START_TEST(v14_out_of_memory)
{
    /* out of memory at every allocation of a v1.4 check: AW_ENOMEM (or a fallback that needs
     * no memory), never a crash or a leak; then the same file checks clean */
    char *r[] = {h, c1, p1};
    aw_ctx *ctx = aw_ctx_new();
    int failed = 0;
    for (long n = 1;; n++) {
        mem_fail_after(n);
        tu_run_recs(ctx, r, 3, 1, &res);
        if (mem_fail_after(0) > 0) break; /* the run needed fewer allocations: all covered */
        ck_assert_msg(res.rc == AW_OK || res.rc == AW_ENOMEM, "allocation %ld: rc %d", n, res.rc);
        failed += res.rc == AW_ENOMEM;
        ck_assert_int_lt(n, 100000);
    }
    ck_assert_int_gt(failed, 0);
    aw_ctx_free(ctx);
    run();
    ck_assert_int_eq(res.rc, AW_OK);
    ck_assert_int_eq(res.nfind, 0);
}
END_TEST

START_TEST(pattern_out_of_memory)
{
    /* every allocation of compiling every published pattern can fail: NULL and a message */
    const lay_layout *l = &lay_aw319_v14;
    aw_ctx *pctx = aw_ctx_new();
    ck_assert_ptr_nonnull(pctx);
    for (unsigned rr = 0; rr < l->nrecords; rr++)
        for (unsigned i = 0; i < l->records[rr].nfields; i++) {
            const lay_field *f = &l->records[rr].fields[i];
            if (!f->pattern) continue;
            for (long n = 1;; n += 1 + n / 16) {
                mem_fail_after(n);
                err_clear(pctx);
                pat *p = pat_compile(pctx, f->pattern, f->len);
                long left = mem_fail_after(0);
                if (left > 0) { ck_assert_ptr_nonnull(p); pat_free(p); break; }
                ck_assert_msg(p == NULL, "%s: allocation %ld failed unnoticed", f->id, n);
                ck_assert_str_eq(aw_errmsg(pctx), "out of memory");
                ck_assert_int_eq(pctx->err, AW_ENOMEM);
            }
        }
    aw_ctx_free(pctx);
}
END_TEST

Suite *make_v14_suite(void)
{
    Suite *s = suite_create("v14");
    TCase *tp = tcase_create("patterns");
    tcase_add_test(tp, published_codes);
    tcase_add_test(tp, published_codes_agb);
    tcase_add_test(tp, published_text);
    tcase_add_test(tp, pattern_syntax);
    tcase_add_test(tp, every_published_pattern_compiles);
    tcase_add_test(tp, pattern_out_of_memory);
    suite_add_tcase(s, tp);
    TCase *te = tcase_create("engine");
    tcase_add_checked_fixture(te, setup, NULL);
    tcase_add_test(te, v14_as_billing_software_writes_it);
    tcase_add_test(te, v9_pattern);
    tcase_add_test(te, v9_conditions);
    tcase_add_test(te, v3_published_dates);
    tcase_add_test(te, v8_verrekenpercentage);
    tcase_add_test(te, zero_percentage_is_100);
    tcase_add_test(te, nulbedrag);
    tcase_add_test(te, s5_other_messages);
    tcase_add_test(te, i1_dummy_bsn);
    tcase_add_test(te, v14_out_of_memory);
    suite_add_tcase(s, te);
    return s;
}
