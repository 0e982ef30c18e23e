/* SPDX-License-Identifier: MIT */
/* check_refdata.c — the reference store and rules R1-R11 (doc/rules.md) through the engine:
 * each rule fires and does not fire, the R1 gate, rules evaluated only with the data they need,
 * rr_info (leveringsvorm totals, ingericht tarief in 0481), AW33 superseding through
 * ref_toew_add, the klasse table, memory per entry and out-of-memory behaviour. */
#include "check_suites.h"
#include "testutil.h"
#include "refdata.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BSN1 "812047436"
#define BSN2 "607491103"

static char dir[64], kpath[128], tpath[128], wpath[128];
static aw_ctx *ctx;
static char h[311], c1[311], p1[311], c2[311], m1[311], m2[311], m3[311];
static tu_result res;

static const char *const KOPPEL =
    "prestatiecode;omschrijving;leveringsvorm;zzp;functie;eenheid;ingangsdatum;einddatum\n"
    "Z756;ZZP 756;ZZP;756;;14;2015-01-01;\n"
    "Z755;ZZP 755;ZZP;755;;14;2015-01-01;\n"
    "Z806;ZZP 806;ZZP;806;;14;2015-01-01;\n"
    "V754;VPT 754;VPT;754;;14;2015-01-01;\n"
    "H136;MPT 41;MPT;;41;04;2015-01-01;\n"
    "H126;MPT 31;MPT;;31;04;2015-01-01;\n"
    "H200;MPT 81 dagdelen;MPT;;81;16;2015-01-01;\n"
    "Z999;old;ZZP;756;;14;2015-01-01;2022-12-31\n";
static const char *const TARIEVEN =
    "prestatiecode;omschrijving;ingangsdatum;einddatum;tarief;instelling\n"
    "Z756;x;01-01-2023;30-06-2023;139,95;\n"
    "Z755;x;01-01-2023;30-06-2023;145,96;\n"
    "Z755;x;01-01-2023;30-06-2023;146,00;41009876\n"
    "Z806;x;01-01-2023;15-03-2023;214,00;\n"
    "Z806;x;16-03-2023;30-06-2023;215,37;\n"
    "V754;x;01-01-2023;30-06-2023;189,02;\n"
    "V754;x;01-01-2023;30-06-2023;189,02;41009999\n"
    "H136;x;01-01-2023;30-06-2023;55,83;\n"
    "H126;x;01-01-2023;30-06-2023;54,58;\n"
    "H200;x;01-01-2023;30-06-2023;100,00;\n";
static const char *const TOEW =
    "bsn;leveringsvorm;zzp;functie;klasse;percentage;instelling;ingangsdatum;einddatum\n"
    "812047436;ZZP;756;;;;41009876;2022-08-17;\n"
    "812047436;ZZP;755;;;5000;;2023-03-01;2023-03-10\n"
    "812047436;ZZP;755;;;7500;41009876;2023-03-11;\n"
    "812047436;ZZP;806;;;;41009876;2023-03-10;\n"
    "607491103;MPT;;41;K2;;41009876;2022-11-06;\n"
    "607491103;MPT;;31;99;;41009876;2022-11-06;\n"
    "607491103;MPT;;81;KD02;;41009876;2022-11-06;\n"
    "720516754;ZZP;756;;;;41009999;2022-08-17;\n";

static void put(const char *p, const char *text)
{
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void setup(void)
{
    strcpy(dir, "/tmp/awrefXXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(kpath, sizeof kpath, "%s/k.csv", dir);
    snprintf(tpath, sizeof tpath, "%s/t.csv", dir);
    snprintf(wpath, sizeof wpath, "%s/w.csv", dir);
    put(kpath, KOPPEL);
    put(tpath, TARIEVEN);
    put(wpath, TOEW);
    ctx = NULL;
    tu_header(h);
    tu_client(c1, 1, BSN1);
    tu_prestatie(p1, 2, BSN1, "REF-1"); /* Z756, 2023-03, 31 etmalen × € 139,95 */
    tu_client(c2, 3, BSN2);
    /* H136 (functie 41, K2 = 4 h/week): March allows 31 × 240 / 7 = 1062 minutes */
    tu_rec(m1, "04", "0402=4", "0404=5526", "0412=41", "0414=20230301", "0415=20230331", "0416=055",
           "0417=H136", "0418=10", "0419=04", "0424=10000", "0425=5583", "0426=55830", "0427=D",
           "0429=55830", "0430=D", "0431=M-1", NULL);
    tu_set(m1, "0403", BSN2);
    memcpy(m2, m1, sizeof m1);
    tu_set(m2, "0402", "5"); tu_set(m2, "0431", "M-2"); tu_set(m2, "0418", "8");
    tu_set(m2, "0426", "44664"); tu_set(m2, "0429", "44664");
    memcpy(m3, m1, sizeof m1);
    tu_set(m3, "0402", "6"); tu_set(m3, "0431", "M-3"); tu_set(m3, "0418", "7");
    tu_set(m3, "0426", "39081"); tu_set(m3, "0429", "39081");
}

static void teardown(void)
{
    aw_ctx_free(ctx);
    unlink(kpath); unlink(tpath); unlink(wpath);
    rmdir(dir);
}

/* A context with the chosen reference files: "ktw" letters. */
static void with(const char *which)
{
    aw_ctx_free(ctx);
    ctx = aw_ctx_new();
    ck_assert_ptr_nonnull(ctx);
    if (strchr(which, 'k')) ck_assert_int_eq(aw_ctx_load_koppeltabel(ctx, kpath), AW_OK);
    if (strchr(which, 't')) ck_assert_int_eq(aw_ctx_load_tarieven(ctx, tpath), AW_OK);
    if (strchr(which, 'w')) ck_assert_int_eq(aw_ctx_load_toewijzingen(ctx, wpath), AW_OK);
}

static void run(char *const *recs, int n) { tu_run_recs(ctx, recs, n, 1, &res); }

/* The R findings of the run, e.g. "R6 R11". */
static const char *rrules(void)
{
    static char s[256];
    s[0] = 0;
    for (int i = 0; i < res.nfind; i++)
        if (res.f[i].rule[0] == 'R') {
            if (s[0]) strcat(s, " ");
            strcat(s, res.f[i].rule);
        }
    return s;
}

static const char *msg(const char *rule)
{
    int i = tu_find(&res, rule);
    ck_assert_msg(i >= 0, "no %s finding (have: %s)", rule, rrules());
    return res.f[i].msg;
}

static void one(char *p)
{
    char *r[] = {h, c1, p};
    run(r, 3);
}

START_TEST(clean_with_all_data)
{
    with("ktw");
    one(p1);
    ck_assert_int_eq(res.rc, AW_OK);
    ck_assert_str_eq(rrules(), "");
    ck_assert_int_eq(res.nfind, 0);
    ck_assert(res.sum.have_koppeltabel);
    ck_assert_uint_eq(res.sum.by_lv[AW_LV_ZZP].accepted, 1);
    ck_assert_int_eq(res.r[2].berekend, 433845);
}
END_TEST

START_TEST(r1_unknown_and_gate)
{
    with("ktw");
    tu_set(p1, "0417", "Z123");
    tu_set(p1, "0413", "755"); /* would be R2 */
    tu_set(p1, "0425", "1");   /* would be R6 */
    tu_set(p1, "0426", "31"); tu_set(p1, "0429", "31");
    one(p1);
    ck_assert_str_eq(rrules(), "R1");
    ck_assert_str_eq(msg("R1"), "prestatiecode Z123 is not in the koppeltabel");
    ck_assert_int_eq(res.nfind, 1);
    ck_assert_str_eq(res.f[0].field, "0417");
    ck_assert_str_eq(res.f[0].code, "0582");
    ck_assert_str_eq(res.r[2].codes[0], "0582");
    ck_assert_uint_eq(res.sum.by_lv[AW_LV_UNKNOWN].rejected, 1);
    /* known, but not valid on 0414 */
    tu_set(p1, "0417", "Z999");
    tu_set(p1, "0413", "756");
    one(p1);
    ck_assert_str_eq(rrules(), "R1");
    ck_assert_str_eq(msg("R1"), "prestatiecode Z999 is not valid on 2023-03-01 in the koppeltabel");
    /* without koppeltabel there is no R1 */
    with("t");
    one(p1);
    ck_assert_int_eq(tu_find(&res, "R1"), -1);
    ck_assert_str_eq(rrules(), "R4");
}
END_TEST

START_TEST(r2_codes)
{
    with("k");
    tu_set(p1, "0413", "755");
    one(p1);
    ck_assert_str_eq(rrules(), "R2");
    ck_assert_str_eq(msg("R2"), "zzp 755 is not allowed with prestatiecode Z756 (koppeltabel: 756)");
    ck_assert_str_eq(res.f[tu_find(&res, "R2")].field, "0413");
    tu_set(p1, "0413", "000");
    one(p1);
    ck_assert_str_eq(rrules(), "R2");
    ck_assert_str_eq(msg("R2"), "zzp code absent: the ZZP prestatiecode Z756 needs one of 756");
    tu_set(p1, "0413", "756");
    tu_set(p1, "0412", "41");
    one(p1);
    ck_assert_str_eq(rrules(), "R2");
    ck_assert_str_eq(msg("R2"), "functie 41 is not allowed with the ZZP prestatiecode Z756 (expected 00)");
    ck_assert_str_eq(res.f[tu_find(&res, "R2")].field, "0412");
    /* MPT: 0412 absent, another functie, a zzp filled */
    char *r[] = {h, c2, m1};
    tu_set(m1, "0412", "00");
    run(r, 3);
    ck_assert_str_eq(rrules(), "R2");
    ck_assert_str_eq(msg("R2"), "functie code absent: the MPT prestatiecode H136 needs one of 41");
    tu_set(m1, "0412", "31");
    run(r, 3);
    ck_assert_str_eq(msg("R2"), "functie 31 is not allowed with prestatiecode H136 (koppeltabel: 41)");
    tu_set(m1, "0412", "41");
    tu_set(m1, "0413", "756");
    run(r, 3);
    ck_assert_str_eq(msg("R2"), "zzp 756 is not allowed with the MPT prestatiecode H136 (expected 000)");
    tu_set(m1, "0413", "000");
    run(r, 3);
    ck_assert_str_eq(rrules(), "");
}
END_TEST

START_TEST(r3_eenheid)
{
    with("k");
    tu_set(p1, "0419", "16");
    one(p1);
    ck_assert_str_eq(rrules(), "R3");
    ck_assert_str_eq(msg("R3"), "tijdseenheid 16 differs from the koppeltabel eenheid 14 of Z756");
    ck_assert_str_eq(res.f[0].field, "0419");
    ck_assert_str_eq(res.f[0].code, "0638");
}
END_TEST

START_TEST(r4_r5_r6_tarieven)
{
    with("kt");
    one(p1);
    ck_assert_str_eq(rrules(), "");
    /* R6: one cent off; 0481 uses the ingericht tarief */
    tu_set(p1, "0425", "13996"); tu_set(p1, "0426", "433876"); tu_set(p1, "0429", "433876");
    one(p1);
    ck_assert_str_eq(rrules(), "R6");
    ck_assert_str_eq(msg("R6"), "tarief € 139,96 is not the ingericht tarief € 139,95 for Z756 on 2023-03-01");
    ck_assert_str_eq(res.f[0].field, "0425");
    ck_assert_int_eq(res.r[2].berekend, 433845);
    /* R4: no tarief on 0414 */
    tu_set(p1, "0414", "20230701"); tu_set(p1, "0415", "20230731"); tu_set(p1, "0425", "13995");
    tu_set(h, "0114", "20230701"); tu_set(h, "0115", "20230731");
    one(p1);
    ck_assert_str_eq(rrules(), "R4");
    ck_assert_str_eq(msg("R4"), "no ingericht tarief for Z756 on 2023-07-01 for instelling 41009876");
    ck_assert_int_eq(res.r[2].berekend, 433876); /* no tarief: the declared 0426 */
    /* the instelling row wins over the row for every instelling */
    tu_header(h);
    tu_prestatie(p1, 2, BSN1, "REF-1");
    tu_set(p1, "0417", "Z755"); tu_set(p1, "0413", "755"); tu_set(p1, "0425", "14596");
    tu_set(p1, "0426", "452476"); tu_set(p1, "0429", "452476");
    one(p1);
    ck_assert_str_eq(rrules(), "R6");
    ck_assert_str_eq(msg("R6"), "tarief € 145,96 is not the ingericht tarief € 146,00 for Z755 on 2023-03-01");
    /* a row of another instelling does not apply */
    tu_prestatie(p1, 2, BSN1, "REF-1");
    tu_set(p1, "0417", "V754"); tu_set(p1, "0413", "754"); tu_set(p1, "0425", "18902");
    tu_set(p1, "0426", "585962"); tu_set(p1, "0429", "585962");
    one(p1);
    ck_assert_str_eq(rrules(), "");
    ck_assert_uint_eq(res.sum.by_lv[AW_LV_VPT].accepted, 1);
    /* R5: Z806 changes tarief on 2023-03-16 */
    tu_prestatie(p1, 2, BSN1, "REF-1");
    tu_set(p1, "0417", "Z806"); tu_set(p1, "0413", "806"); tu_set(p1, "0425", "21400");
    tu_set(p1, "0426", "663400"); tu_set(p1, "0429", "663400");
    one(p1);
    ck_assert_str_eq(rrules(), "R5");
    ck_assert_str_eq(msg("R5"), "the days 2023-03-01..2023-03-31 fall in more than one tariff period of Z806 "
                                "(the tarief of 2023-01-01..2023-03-15 ends earlier): declare one record per period");
    tu_set(p1, "0415", "20230315"); tu_set(p1, "0418", "15");
    tu_set(p1, "0426", "321000"); tu_set(p1, "0429", "321000");
    one(p1);
    ck_assert_str_eq(rrules(), "");
    /* tarieven without koppeltabel: R4-R6 still run */
    with("t");
    tu_set(p1, "0425", "21401"); tu_set(p1, "0426", "321015"); tu_set(p1, "0429", "321015");
    one(p1);
    ck_assert_str_eq(rrules(), "R6");
    ck_assert(!res.sum.have_koppeltabel);
}
END_TEST

START_TEST(r5_instelling_row_starts_inside)
{
    /* a generic tarief covers the month, an instelling row begins on the 16th */
    put(tpath, "prestatiecode;ingangsdatum;einddatum;tarief;instelling\n"
               "Z756;2023-01-01;;139,95;\nZ756;2023-03-16;;140,00;41009876\n");
    with("kt");
    one(p1);
    ck_assert_str_eq(rrules(), "R5");
}
END_TEST

START_TEST(r7_r8_toewijzing)
{
    with("kw");
    tu_client(c1, 1, "720516754"); /* toewijzing only at instelling 41009999 */
    tu_prestatie(p1, 2, "720516754", "REF-1");
    one(p1);
    ck_assert_str_eq(rrules(), "R7");
    ck_assert_str_eq(msg("R7"), "BSN 720516754 has no toewijzing at instelling 41009876");
    ck_assert_str_eq(res.f[0].field, "0403");
    ck_assert_str_eq(res.f[0].code, "0551");
    /* masked */
    aw_ctx_set_mask_bsn(ctx, 1);
    one(p1);
    ck_assert_str_eq(msg("R7"), "BSN 72*****54 has no toewijzing at instelling 41009876");
    aw_ctx_set_mask_bsn(ctx, 0);
    /* a BSN without any toewijzing */
    tu_client(c1, 1, "360859422");
    tu_prestatie(p1, 2, "360859422", "REF-1");
    one(p1);
    ck_assert_str_eq(rrules(), "R7");
    /* R8: toewijzingen here, but not for VPT 754 */
    tu_client(c1, 1, BSN1);
    tu_prestatie(p1, 2, BSN1, "REF-1");
    tu_set(p1, "0417", "V754"); tu_set(p1, "0413", "754");
    one(p1);
    ck_assert_str_eq(rrules(), "R8");
    ck_assert_str_eq(msg("R8"), "BSN 812047436 has toewijzingen at instelling 41009876, but none for VPT with zzp 754");
    ck_assert_str_eq(res.f[0].code, "0554");
    /* R8 for MPT */
    tu_set(m1, "0403", BSN1);
    char *r[] = {h, c1, m1};
    run(r, 3);
    ck_assert_str_eq(rrules(), "R8");
    ck_assert_str_eq(msg("R8"), "BSN 812047436 has toewijzingen at instelling 41009876, but none for MPT with functie 41");
    /* without a koppeltabel there is no R8 (the leveringsvorm is unknown): R9 instead */
    with("w");
    one(p1);
    ck_assert_str_eq(rrules(), "R9");
}
END_TEST

START_TEST(r9_coverage)
{
    with("kw");
    /* Z806: toewijzing from 2023-03-10 */
    tu_set(p1, "0417", "Z806"); tu_set(p1, "0413", "806");
    one(p1);
    ck_assert_str_eq(rrules(), "R9");
    ck_assert_str_eq(msg("R9"), "2023-03-01 of the prestatie 2023-03-01..2023-03-31 is not covered by a toewijzing "
                                "for ZZP zzp 806 of BSN 812047436");
    ck_assert_str_eq(res.f[0].field, "0414");
    ck_assert_str_eq(res.f[0].code, "0553");
    tu_set(p1, "0414", "20230310"); tu_set(p1, "0418", "22");
    tu_set(p1, "0426", "307890"); tu_set(p1, "0429", "307890");
    one(p1);
    ck_assert_str_eq(rrules(), "");
    /* Z755: two toewijzingen (any instelling to the 10th, this one from the 11th) cover March */
    tu_prestatie(p1, 2, BSN1, "REF-1");
    tu_set(p1, "0417", "Z755"); tu_set(p1, "0413", "755"); tu_set(p1, "0424", "5000");
    tu_set(p1, "0426", "216923"); tu_set(p1, "0429", "216923");
    one(p1);
    ck_assert_str_eq(rrules(), "");
    /* a gap in the middle */
    put(wpath, "bsn;leveringsvorm;zzp;functie;klasse;percentage;instelling;ingangsdatum;einddatum\n"
               "812047436;ZZP;755;;;;;2023-03-01;2023-03-10\n812047436;ZZP;755;;;;41009876;2023-03-12;\n");
    with("kw");
    one(p1);
    ck_assert_str_eq(rrules(), "R9");
    ck_assert_str_eq(msg("R9"), "2023-03-11 of the prestatie 2023-03-01..2023-03-31 is not covered by a toewijzing "
                                "for ZZP zzp 755 of BSN 812047436");
}
END_TEST

START_TEST(r10_percentage)
{
    with("kw");
    /* Z755: 5000 to the 10th, 7500 from the 11th: the lowest is 50 % */
    tu_set(p1, "0417", "Z755"); tu_set(p1, "0413", "755"); tu_set(p1, "0424", "7500");
    tu_set(p1, "0426", "325384"); tu_set(p1, "0429", "325384");
    one(p1);
    ck_assert_str_eq(rrules(), "R10");
    ck_assert_str_eq(msg("R10"), "verrekenpercentage 75,00 % is above the toewijzingspercentage 50,00 %");
    ck_assert_str_eq(res.f[0].field, "0424");
    ck_assert_str_eq(res.f[0].code, "5803");
    /* only the second toewijzing covers the period from the 11th */
    tu_set(p1, "0414", "20230311"); tu_set(p1, "0418", "21");
    tu_set(p1, "0426", "229902"); tu_set(p1, "0429", "229902");
    one(p1);
    ck_assert_str_eq(rrules(), "");
    /* without koppeltabel R10 still runs on 0413 */
    with("w");
    tu_set(p1, "0424", "7501");
    tu_set(p1, "0426", "229933"); tu_set(p1, "0429", "229933");
    one(p1);
    ck_assert_str_eq(rrules(), "R10");
}
END_TEST

START_TEST(r11_volume)
{
    with("kw");
    /* 10 + 8 = 18 hours fit 1062 minutes? 1080 > 1062: the second is over and not added,
     * the third (7 h, total 17 h = 1020 min) fits */
    char *r[] = {h, c2, m1, m2, m3};
    run(r, 5);
    ck_assert_str_eq(rrules(), "R11");
    int i = tu_find(&res, "R11");
    ck_assert_uint_eq(res.f[i].line, 4);
    ck_assert_str_eq(res.f[i].field, "0418");
    ck_assert_str_eq(res.f[i].code, "0584");
    ck_assert_str_eq(res.f[i].msg, "480 minutes of functie 41 would bring BSN 607491103 to 1080 minutes in 2023-03; "
                                   "the toewijzingen allow 1062 (weekly klasse bound x covered days / 7)");
    /* per file: a second run starts from zero again */
    char *r2[] = {h, c2, m2};
    run(r2, 3);
    ck_assert_str_eq(rrules(), "");
    /* a credit (of an earlier month's file) subtracts: debet 10 h, credit 10 h, 7 h + 8 h fit */
    tu_set(m2, "0427", "C"); tu_set(m2, "0430", "C"); tu_set(m2, "0418", "10"); tu_set(m2, "0432", "OLD-1");
    tu_set(m2, "0426", "55830"); tu_set(m2, "0429", "55830");
    char m4[311];
    memcpy(m4, m3, sizeof m4);
    tu_set(m4, "0402", "7"); tu_set(m4, "0431", "M-4"); tu_set(m4, "0418", "8");
    tu_set(m4, "0426", "44664"); tu_set(m4, "0429", "44664");
    char *r3[] = {h, c2, m1, m2, m3, m4};
    run(r3, 6);
    ck_assert_int_eq(tu_find(&res, "R11"), -1);
    /* klasse 99: no limit (H126, functie 31) */
    tu_set(m1, "0417", "H126"); tu_set(m1, "0412", "31"); tu_set(m1, "0418", "999");
    tu_set(m1, "0425", "5458"); tu_set(m1, "0426", "5452542"); tu_set(m1, "0429", "5452542");
    char *r4[] = {h, c2, m1};
    run(r4, 3);
    ck_assert_str_eq(rrules(), "");
}
END_TEST

START_TEST(r11_dagdelen_and_rejected_do_not_count)
{
    with("kw");
    /* H200: functie 81, KD02 = 2 dagdelen a week: March allows 31 × 2 / 7 = 8 dagdelen */
    char d1[311], d2[311];
    tu_rec(d1, "04", "0402=4", "0404=5526", "0412=81", "0414=20230301", "0415=20230331", "0416=055",
           "0417=H200", "0418=8", "0419=16", "0424=10000", "0425=10000", "0426=80000", "0427=D",
           "0429=80000", "0430=D", "0431=D-1", NULL);
    tu_set(d1, "0403", BSN2);
    memcpy(d2, d1, sizeof d2);
    tu_set(d2, "0402", "5"); tu_set(d2, "0431", "D-2"); tu_set(d2, "0418", "1");
    tu_set(d2, "0426", "10000"); tu_set(d2, "0429", "10000");
    char *r[] = {h, c2, d1, d2};
    run(r, 4);
    ck_assert_str_eq(rrules(), "R11");
    ck_assert_str_eq(msg("R11"), "1 dagdelen of functie 81 would bring BSN 607491103 to 9 dagdelen in 2023-03; "
                                 "the toewijzingen allow 8 (weekly klasse bound x covered days / 7)");
    /* a record rejected by another rule is not granted: it does not count */
    tu_set(d1, "0428", "2100"); /* I8 */
    run(r, 4);
    ck_assert_str_eq(rrules(), "");
    ck_assert_int_ne(tu_find(&res, "I8"), -1);
    /* a klasse in hours cannot bound dagdelen: no R11 (300 would exceed 31 x 60 / 7 if it did) */
    tu_set(d1, "0428", "0000"); tu_set(d1, "0418", "300");
    tu_set(d1, "0426", "3000000"); tu_set(d1, "0429", "3000000");
    put(wpath, "bsn;leveringsvorm;zzp;functie;klasse;percentage;instelling;ingangsdatum;einddatum\n"
               "607491103;MPT;;81;K0;;41009876;2022-11-06;\n");
    with("kw");
    run(r, 4);
    ck_assert_str_eq(rrules(), "");
}
END_TEST

START_TEST(only_what_the_data_allows)
{
    /* no reference data: no R rule at all, lv unknown */
    with("");
    tu_set(p1, "0417", "Q1");
    one(p1);
    ck_assert_str_eq(rrules(), "");
    ck_assert_ptr_null(ctx->ref);
    /* toewijzingen only: R7 */
    with("w");
    tu_set(p1, "0403", "360859422"); tu_set(c1, "0203", "360859422");
    one(p1);
    ck_assert_str_eq(rrules(), "R7");
    /* koppeltabel only: R1 */
    with("k");
    one(p1);
    ck_assert_str_eq(rrules(), "R1");
}
END_TEST

/* ---- the store */

static ref_toew aw33(uint32_t bsn, unsigned code, long begin, long end, unsigned pct, long long stamp)
{
    ref_toew t;
    memset(&t, 0, sizeof t);
    t.bsn = bsn; t.lv = AW_LV_ZZP; t.code = code; t.instelling = 41009876;
    t.begin = begin; t.end = end; t.percentage = pct; t.stamp = stamp;
    return t;
}

START_TEST(superseding_by_stamp)
{
    aw_ctx *x = aw_ctx_new();
    ref_store *r = ref_get(x);
    ck_assert_ptr_nonnull(r);
    long b = date_days(2023, 1, 1);
    ref_toew t = aw33(812047436, 756, b, REF_OPEN, 10000, 1000);
    ck_assert_int_eq(ref_toew_add(r, x, &t, "a.xml", 10), AW_OK);
    t = aw33(812047436, 756, b, date_days(2023, 6, 30), 5000, 3000); /* later: wins */
    ck_assert_int_eq(ref_toew_add(r, x, &t, "b.xml", 10), AW_OK);
    t = aw33(812047436, 756, b, REF_OPEN, 7000, 2000); /* between: loses */
    ck_assert_int_eq(ref_toew_add(r, x, &t, "c.xml", 10), AW_OK);
    t = aw33(812047436, 756, date_days(2023, 7, 1), REF_OPEN, 8000, 500); /* another identity */
    ck_assert_int_eq(ref_toew_add(r, x, &t, "c.xml", 11), AW_OK);
    t = aw33(812047436, 756, b, REF_OPEN, 9000, 3000); /* the same stamp: the later added wins */
    t.lv = AW_LV_VPT; /* a VPT toewijzing has the same kind (zzp) as a ZZP one */
    ck_assert_int_eq(ref_toew_add(r, x, &t, "d.xml", 12), AW_OK);
    ck_assert_uint_eq(ref_toew_count(r), 2);
    ref_toew o;
    ck_assert(ref_toew_get(r, 0, &o));
    ck_assert_uint_eq(o.percentage, 9000);
    ck_assert_int_eq(o.lv, AW_LV_VPT);
    ck_assert_int_eq(o.stamp, 3000);
    ck_assert(ref_toew_get(r, 1, &o));
    ck_assert_uint_eq(o.percentage, 8000);
    /* a later message with einddatum before ingangsdatum withdraws the toewijzing */
    t = aw33(812047436, 756, date_days(2023, 7, 1), date_days(2023, 6, 30), 8000, 600);
    ck_assert_int_eq(ref_toew_add(r, x, &t, "e.xml", 1), AW_OK);
    ck_assert_uint_eq(ref_toew_count(r), 1);
    /* an AW33 row and a CSV row never supersede each other */
    t = aw33(812047436, 756, b, REF_OPEN, 10000, 0);
    t.instelling = 41009877;
    ck_assert_int_eq(ref_toew_add(r, x, &t, "w.csv", 2), AW_OK);
    t.stamp = 100;
    ck_assert_int_eq(ref_toew_add(r, x, &t, "f.xml", 3), AW_OK);
    ck_assert_uint_eq(ref_toew_count(r), 3);
    /* CSV rows with the same identity are an error */
    t.stamp = 0;
    ck_assert_int_eq(ref_toew_add(r, x, &t, "w.csv", 3), AW_OK);
    ck_assert_int_eq(ref_finalize(r, x), AW_EREFDATA);
    ck_assert_str_eq(aw_errmsg(x), "w.csv:3: ingangsdatum/einddatum: toewijzing ZZP 756 of BSN 812047436 at instelling "
                                   "41009877 2023-01-01..open duplicates 2023-01-01..open on line 2 (periods for the "
                                   "same toewijzing must not overlap)");
    aw_ctx_free(x);
}
END_TEST

/* Superseded AW33 rows dropped before CSV rows of the same key: the overlap names the right
 * earlier row (the one with the latest einddatum so far, not the first of the key). */
START_TEST(overlap_after_dropped_rows)
{
    aw_ctx *x = aw_ctx_new();
    ref_store *r = ref_get(x);
    ck_assert_ptr_nonnull(r);
    long b = date_days(2023, 1, 1);
    ref_toew t = aw33(812047436, 756, b, REF_OPEN, 10000, 1000);
    ck_assert_int_eq(ref_toew_add(r, x, &t, "a.xml", 10), AW_OK);
    t.stamp = 2000;
    ck_assert_int_eq(ref_toew_add(r, x, &t, "a.xml", 11), AW_OK);
    t.stamp = 3000; /* wins; the two before are dropped */
    ck_assert_int_eq(ref_toew_add(r, x, &t, "a.xml", 12), AW_OK);
    t = aw33(812047436, 756, b + 10, b + 100, 10000, 0);
    ck_assert_int_eq(ref_toew_add(r, x, &t, "w.csv", 2), AW_OK);
    t = aw33(812047436, 756, b + 200, b + 300, 10000, 0);
    ck_assert_int_eq(ref_toew_add(r, x, &t, "w.csv", 3), AW_OK);
    for (int i = 0; i < 3; i++) { /* VPT rows of the same key between them: their own periods */
        t = aw33(812047436, 756, b + 210 + 10 * i, b + 214 + 10 * i, 10000, 0);
        t.lv = AW_LV_VPT;
        ck_assert_int_eq(ref_toew_add(r, x, &t, "w.csv", (unsigned long)i + 5), AW_OK);
    }
    t = aw33(812047436, 756, b + 250, REF_OPEN, 10000, 0);
    ck_assert_int_eq(ref_toew_add(r, x, &t, "w.csv", 4), AW_OK);
    ck_assert_int_eq(ref_finalize(r, x), AW_EREFDATA);
    ck_assert_str_eq(aw_errmsg(x), "w.csv:4: ingangsdatum/einddatum: toewijzing ZZP 756 of BSN 812047436 at instelling "
                                   "41009876 2023-09-08..open overlaps 2023-07-20..2023-10-28 on line 3 (periods for the "
                                   "same toewijzing must not overlap)");
    aw_ctx_free(x);
    /* the same CSV rows alone, in order: found while adding */
    x = aw_ctx_new();
    r = ref_get(x);
    ck_assert_ptr_nonnull(r);
    for (int i = 0; i < 3; i++) {
        static const long from[] = {10, 200, 250}, to[] = {100, 300, -1};
        t = aw33(812047436, 756, b + from[i], to[i] < 0 ? REF_OPEN : b + to[i], 10000, 0);
        ck_assert_int_eq(ref_toew_add(r, x, &t, "w.csv", (unsigned long)i + 2), AW_OK);
    }
    ck_assert_int_eq(ref_finalize(r, x), AW_EREFDATA);
    ck_assert_str_eq(aw_errmsg(x), "w.csv:4: ingangsdatum/einddatum: toewijzing ZZP 756 of BSN 812047436 at instelling "
                                   "41009876 2023-09-08..open overlaps 2023-07-20..2023-10-28 on line 3 (periods for the "
                                   "same toewijzing must not overlap)");
    aw_ctx_free(x);
}
END_TEST

START_TEST(toew_add_rejects_bad_rows)
{
    aw_ctx *x = aw_ctx_new();
    ref_store *r = ref_get(x);
    ref_toew t = aw33(812047436, 756, 100, 50, 10000, 0);
    ck_assert_int_eq(ref_toew_add(r, x, &t, "w.csv", 7), AW_EREFDATA);
    ck_assert_str_eq(aw_errmsg(x), "w.csv:7: einddatum 1970-02-20 before ingangsdatum 1970-04-11");
    err_clear(x);
    t = aw33(812047436, 756, 100, 200, 10000, 5);
    t.lv = AW_LV_UNKNOWN;
    ck_assert_int_eq(ref_toew_add(r, x, &t, "a.xml", 8), AW_EREFDATA);
    ck_assert_str_eq(aw_errmsg(x), "a.xml:8: toewijzing without a leveringsvorm ZZP, VPT or MPT");
    err_clear(x);
    t = aw33(0, 756, 100, 200, 10000, 5);
    ck_assert_int_eq(ref_toew_add(r, x, &t, "a.xml", 9), AW_EREFDATA);
    t = aw33(1, 756, 100, 200, 10001, 5);
    ck_assert_int_eq(ref_toew_add(r, x, &t, "a.xml", 9), AW_EREFDATA);
    ck_assert_uint_eq(ref_toew_count(r), 0);
    aw_ctx_free(x);
}
END_TEST

START_TEST(klasse_table)
{
    static const unsigned hours[9] = {1, 2, 4, 7, 10, 13, 16, 20, 25};
    ref_toew t;
    char k[8];
    for (unsigned i = 0; i <= 8; i++) {
        snprintf(k, sizeof k, "K%u", i);
        ck_assert_int_eq(ref_klasse_parse(k, 0, &t), 0);
        ck_assert_uint_eq(t.unit, REF_UNIT_MINUTES);
        ck_assert_uint_eq(t.weekmax, hours[i] * 60);
    }
    for (unsigned i = 1; i <= 15; i++) {
        snprintf(k, sizeof k, "KD%02u", i);
        ck_assert_int_eq(ref_klasse_parse(k, 0, &t), 0);
        ck_assert_uint_eq(t.unit, REF_UNIT_DAGDELEN);
        ck_assert_uint_eq(t.weekmax, i);
    }
    for (unsigned i = 1; i <= 7; i++) {
        snprintf(k, sizeof k, "KE%u", i);
        ck_assert_int_eq(ref_klasse_parse(k, 0, &t), 0);
        ck_assert_uint_eq(t.unit, REF_UNIT_ETMALEN);
        ck_assert_uint_eq(t.weekmax, i);
    }
    ck_assert_int_eq(ref_klasse_parse("99", 0, &t), 0);
    ck_assert_uint_eq(t.unit, REF_UNIT_NONE);
    /* opslag in the klasse's unit: hours for K */
    ck_assert_int_eq(ref_klasse_parse("K3", 2, &t), 0);
    ck_assert_uint_eq(t.weekmax, 9 * 60);
    ck_assert_int_eq(ref_klasse_parse("KD04", 1, &t), 0);
    ck_assert_uint_eq(t.weekmax, 5);
    static const char *const bad[] = {"K9", "KD1", "KD16", "KD00", "KE0", "KE8", "KE01", "K", "", "KD001", "K10",
                                      "98", "K3 ", "X3", "KX1", "k-1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_msg(ref_klasse_parse(bad[i], 0, &t) == -1, "'%s' accepted", bad[i]);
}
END_TEST

START_TEST(memory_per_entry)
{
    /* doc/hardening.md: 96 bytes per toewijzing and 64 bytes per 04 record (an R11 key at most) */
    ck_assert_uint_le(sizeof(ref_tw), 48);
    ck_assert_uint_le(sizeof(ref_vol), 24);
    ck_assert_uint_le(ref_toew_entry_size(), 96);
    ck_assert_uint_le(ref_vol_entry_size(), 64);
}
END_TEST

START_TEST(out_of_memory)
{
    /* every allocation failing in turn: loading and checking end with AW_ENOMEM (or succeed),
     * never crash or leak (ASan/valgrind runs) */
    char *r[] = {h, c2, m1, m2, m3};
    int ok = 0;
    for (long n = 1, left = 0; !left; n++) { /* until every allocation has failed once */
        ck_assert_msg(n < TU_OOM_LIMIT, "no run without a failed allocation");
        aw_ctx *x = aw_ctx_new();
        ck_assert_ptr_nonnull(x);
        mem_fail_after(n);
        aw_rc rc = aw_ctx_load_koppeltabel(x, kpath);
        if (!rc) rc = aw_ctx_load_tarieven(x, tpath);
        if (!rc) rc = aw_ctx_load_toewijzingen(x, wpath);
        if (!rc) {
            tu_run_recs(x, r, 5, 1, &res);
            rc = res.rc;
        }
        left = mem_fail_after(0);
        ck_assert_msg(rc == AW_OK || rc == AW_ENOMEM, "n=%ld rc=%d %s", n, rc, aw_errmsg(x));
        ok = rc == AW_OK;
        aw_ctx_free(x);
    }
    ck_assert(ok);
}
END_TEST

Suite *make_refdata_suite(void)
{
    Suite *s = suite_create("refdata");
    TCase *t = tcase_create("rules");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, clean_with_all_data);
    tcase_add_test(t, r1_unknown_and_gate);
    tcase_add_test(t, r2_codes);
    tcase_add_test(t, r3_eenheid);
    tcase_add_test(t, r4_r5_r6_tarieven);
    tcase_add_test(t, r5_instelling_row_starts_inside);
    tcase_add_test(t, r7_r8_toewijzing);
    tcase_add_test(t, r9_coverage);
    tcase_add_test(t, r10_percentage);
    tcase_add_test(t, r11_volume);
    tcase_add_test(t, r11_dagdelen_and_rejected_do_not_count);
    tcase_add_test(t, only_what_the_data_allows);
    tcase_add_test(t, out_of_memory);
    suite_add_tcase(s, t);
    TCase *st = tcase_create("store");
    tcase_add_test(st, superseding_by_stamp);
    tcase_add_test(st, overlap_after_dropped_rows);
    tcase_add_test(st, toew_add_rejects_bad_rows);
    tcase_add_test(st, klasse_table);
    tcase_add_test(st, memory_per_entry);
    suite_add_tcase(s, st);
    return s;
}
