/* SPDX-License-Identifier: MIT */
/* check_csv.c — the reference-data CSV readers (doc/refdata.md): every accepted dialect (separators,
 * quotes, BOM, UTF-8 and ISO-8859-1, CR LF / LF, three date forms, money forms, open ends,
 * the instelling column) and every malformed form with its exact "FILE:LINE: message". */
#include "check_suites.h"
#include "testutil.h"
#include "refdata.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

enum { KT, TAR, TW };
static char dir[64], path[128];
static aw_ctx *ctx;
static int masked; /* the next loads run with --mask-bsn */

static void setup(void)
{
    strcpy(dir, "/tmp/awcsvXXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/ref.csv", dir);
    ctx = aw_ctx_new();
    ck_assert_ptr_nonnull(ctx);
}

static void teardown(void)
{
    masked = 0;
    aw_ctx_free(ctx);
    unlink(path);
    rmdir(dir);
}

static void put(const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, len, f), len);
    fclose(f);
}

/* Load text as a fresh context's reference file of the given kind. */
static aw_rc load_n(int kind, const char *text, size_t len)
{
    aw_ctx_free(ctx);
    ctx = aw_ctx_new();
    aw_ctx_set_mask_bsn(ctx, masked);
    put(text, len);
    return kind == KT ? aw_ctx_load_koppeltabel(ctx, path)
           : kind == TAR ? aw_ctx_load_tarieven(ctx, path) : aw_ctx_load_toewijzingen(ctx, path);
}
static aw_rc load(int kind, const char *text) { return load_n(kind, text, strlen(text)); }

/* The load fails with AW_EREFDATA and exactly "PATH:msg". */
static void fails(int kind, const char *text, const char *msg)
{
    char want[1024];
    aw_rc rc = load(kind, text);
    snprintf(want, sizeof want, "%s:%s", path, msg);
    ck_assert_int_eq(rc, AW_EREFDATA);
    ck_assert_str_eq(aw_errmsg(ctx), want);
}

#define KT_HDR "prestatiecode;omschrijving;leveringsvorm;zzp;functie;eenheid;ingangsdatum;einddatum\n"
#define TAR_HDR "prestatiecode;omschrijving;ingangsdatum;einddatum;tarief\n"
#define TW_HDR "bsn;leveringsvorm;zzp;functie;klasse;percentage;instelling;ingangsdatum;einddatum\n"

static long day(int y, int m, int d) { return date_days(y, m, d); }

/* ---- value parsers */

START_TEST(dates_three_forms)
{
    long d;
    ck_assert_int_eq(csv_date("2023-03-01", &d), 1); ck_assert_int_eq(d, day(2023, 3, 1));
    ck_assert_int_eq(csv_date("20230301", &d), 1); ck_assert_int_eq(d, day(2023, 3, 1));
    ck_assert_int_eq(csv_date("01-03-2023", &d), 1); ck_assert_int_eq(d, day(2023, 3, 1));
    ck_assert_int_eq(csv_date("29-02-2024", &d), 1); ck_assert_int_eq(d, day(2024, 2, 29));
    ck_assert_int_eq(csv_date("", &d), 0);
    /* d-m-yyyy as Excel NL writes dates: leading zeros optional */
    ck_assert_int_eq(csv_date("1-3-2023", &d), 1); ck_assert_int_eq(d, day(2023, 3, 1));
    ck_assert_int_eq(csv_date("1-12-2023", &d), 1); ck_assert_int_eq(d, day(2023, 12, 1));
    ck_assert_int_eq(csv_date("31-1-2023", &d), 1); ck_assert_int_eq(d, day(2023, 1, 31));
    ck_assert_int_eq(csv_date("01-3-2023", &d), 1); ck_assert_int_eq(d, day(2023, 3, 1));
    static const char *const badv[] = {"2023-02-29", "31-04-2023", "2023/03/01", "230301", "2023-3-1",
                                       "1-3-23", "20231301", "00000000", "2023-03-01x", "01.03.2023",
                                       "-3-2023", "1--2023", "123-1-2023", "1-123-2023", "29-2-2023",
                                       "1-0-2023", "0-1-2023", "1-3-202x", "x-3-2023", "12345-2023"};
    for (size_t i = 0; i < sizeof badv / sizeof *badv; i++) ck_assert_int_eq(csv_date(badv[i], &d), -1);
}
END_TEST

START_TEST(money_forms)
{
    static const struct { const char *s; uint64_t cents; } ok[] = {
        {"1.234,56", 123456}, {"1234.56", 123456}, {"\xe2\x82\xac 187,23", 18723}, {"1,234.56", 123456},
        {"139,95", 13995}, {"54,5", 5450}, {"187", 18700}, {"\xe2\x82\xac" "187,23", 18723},
        {"\x80 12,00", 1200}, {"123.456,00", 12345600}, {"12,3400", 1234}, {"187,23 \xe2\x82\xac", 18723},
        {"\xc2\xa0" "5,00", 500}, {"0,01", 1}, {"1,234.5", 123450}, {"999.999,99", 99999999}};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        uint64_t v = 0;
        const char *why = NULL;
        ck_assert_msg(csv_money(ok[i].s, &v, &why) == 0, "%s: %s", ok[i].s, why);
        ck_assert_uint_eq(v, ok[i].cents);
    }
    static const struct { const char *s; const char *why; } bad[] = {
        {"1.234", "is ambiguous"}, {"1,234", "is ambiguous"}, {"12,345", "is ambiguous"},
        {"1,2345", "is not whole cents"}, {"139,951", "is ambiguous"}, {"1.234,567", "is not whole cents"},
        {"12.3.4", "is not an amount"}, {"abc", "is not an amount"}, {"", "is not an amount"},
        {"-5,00", "is not an amount"}, {"1.23.456,00", "is not an amount"}, {"12,34.5,6", "is not an amount"},
        {"\xe2\x82\xac \xe2\x82\xac 5", "is not an amount"}, {"1000000,00", "is too large"},
        {"5,", "is not an amount"}, {",50", "is not an amount"}, {"1 234,56", "is not an amount"},
        {"1.2345.678,00", "is not an amount"}, {".123.456", "is not an amount"}, {"99999999999999999999", "is too large"},
        {"1.234.567", "is too large"}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        uint64_t v = 0;
        const char *why = NULL;
        ck_assert_msg(csv_money(bad[i].s, &v, &why) == -1, "%s accepted", bad[i].s);
        /* why: the whole message (column and value to come), marked for translation */
        static const char pre[] = "column '%s': '%s' ";
        ck_assert_msg(!strncmp(why, pre, strlen(pre)) && !strncmp(why + strlen(pre), bad[i].why, strlen(bad[i].why)),
                      "%s: %s", bad[i].s, why);
    }
}
END_TEST

/* ---- koppeltabel */

START_TEST(koppeltabel_semicolon_lf)
{
    ck_assert_int_eq(load(KT, KT_HDR "Z756;ZZP 756;ZZP;756;;14;2015-01-01;\n"
                                     "H126;MPT 31;MPT;;31;04;20150101;31-12-2022\n"), AW_OK);
    ref_store *r = ctx->ref;
    int known;
    const ref_kt *k = ref_kt_find(r, "Z756", day(2023, 3, 1), &known);
    ck_assert_ptr_nonnull(k);
    ck_assert_int_eq(k->lv, AW_LV_ZZP);
    ck_assert_int_eq(k->eenheid, 14);
    ck_assert_int_eq(k->ncodes, 1);
    ck_assert_int_eq(k->codes[0], 756);
    ck_assert_int_eq(k->end, REF_OPEN);
    k = ref_kt_find(r, "H126", day(2022, 12, 31), &known);
    ck_assert_ptr_nonnull(k);
    ck_assert_int_eq(k->lv, AW_LV_MPT);
    ck_assert_int_eq(k->codes[0], 31);
    ck_assert_int_eq(k->eenheid, 4);
    ck_assert_ptr_null(ref_kt_find(r, "H126", day(2023, 1, 1), &known));
    ck_assert_int_eq(known, 1);
    ck_assert_ptr_null(ref_kt_find(r, "Z761", day(2023, 1, 1), &known));
    ck_assert_int_eq(known, 0);
    ck_assert_int_eq(ref_lv(r, "Z756", day(2023, 3, 1)), AW_LV_ZZP);
    ck_assert_int_eq(ref_lv(r, "X", day(2023, 3, 1)), AW_LV_UNKNOWN);
    ck_assert(ref_have_koppeltabel(r));
}
END_TEST

START_TEST(koppeltabel_comma_quotes_bom_crlf_order)
{
    /* BOM, CR LF, ',' separator, columns in another order and case, an extra column, quoted
     * code lists and a quoted "" escape, ISO-8859-1 and UTF-8 text, blank and empty rows */
    const char *t = "\xef\xbb\xbf" "Eenheid,PRESTATIECODE,extra,zzp,functie,leveringsvorm,ingangsdatum,einddatum,omschrijving\r\n"
                    "04,H127,x,,\"31,41\",MPT,01-01-2015,,\"zorg \"\"thuis\"\" caf\xe9\"\r\n"
                    "\r\n"
                    ",,,,,,,,\r\n"
                    "  14 , V753 ,y,\"753, 754\",,vpt,2015-01-01,,caf\xc3\xa9\r\n";
    ck_assert_int_eq(load(KT, t), AW_OK);
    int known;
    const ref_kt *k = ref_kt_find(ctx->ref, "H127", day(2023, 3, 1), &known);
    ck_assert_ptr_nonnull(k);
    ck_assert_int_eq(k->ncodes, 2);
    ck_assert_int_eq(k->codes[1], 41);
    k = ref_kt_find(ctx->ref, "V753", day(2023, 3, 1), &known);
    ck_assert_ptr_nonnull(k);
    ck_assert_int_eq(k->lv, AW_LV_VPT);
    ck_assert_int_eq(k->codes[1], 754);
    ck_assert_int_eq(k->eenheid, 14);
}
END_TEST

START_TEST(koppeltabel_errors)
{
    fails(KT, "prestatiecode;leveringsvorm;zzp;functie;ingangsdatum;einddatum\n",
          "1: header has no column 'eenheid' (a koppeltabel names prestatiecode;leveringsvorm;zzp;functie;eenheid;ingangsdatum;einddatum)");
    fails(KT, "prestatiecode;leveringsvorm;zzp;functie;eenheid;ingangsdatum;einddatum;Eenheid\n",
          "1: column 'eenheid' appears twice in the header");
    fails(KT, KT_HDR "Z756;x;ZZP;756;;14;2015-01-01\n", "2: 7 fields, the header has 8 (separator ';')");
    fails(KT, KT_HDR "Z756\n", "2: 1 field, the header has 8 (separator ';')"); /* P_: one field */
    fails(KT, KT_HDR "Z756;x;ABC;756;;14;2015-01-01;\n",
          "2: column 'leveringsvorm': 'ABC' is not a leveringsvorm (expected ZZP, VPT or MPT)");
    fails(KT, KT_HDR "Z7567;x;ZZP;756;;14;2015-01-01;\n" "Z 56;x;ZZP;756;;14;2015-01-01;\n",
          "3: column 'prestatiecode': 'Z 56' is not a prestatiecode (expected 1-5 letters or digits)");
    fails(KT, KT_HDR "Z761;x;ZZP;761;;14;2015-01-01;\n",
          "2: column 'zzp': '761' holds '761', not a COD163 zzp code");
    fails(KT, KT_HDR "Z761;x;ZZP;\"756,,757\";;14;2015-01-01;\n",
          "2: column 'zzp': '756,,757' is not a list of COD163 zzp codes separated by ',' (e.g. 753,754)");
    fails(KT, KT_HDR "H1;x;MPT;;22;04;2015-01-01;\n",
          "2: column 'functie': '22' holds '22', not a COD732 functie code");
    fails(KT, KT_HDR "H1;x;MPT;;00;04;2015-01-01;\n",
          "2: column 'functie': '00' holds '00', not a COD732 functie code");
    fails(KT, KT_HDR "H1;x;MPT;756;31;04;2015-01-01;\n",
          "2: columns 'zzp' and 'functie': exactly one of them must be filled (zzp for ZZP/VPT, functie for MPT)");
    fails(KT, KT_HDR "H1;x;MPT;;;04;2015-01-01;\n",
          "2: columns 'zzp' and 'functie': exactly one of them must be filled (zzp for ZZP/VPT, functie for MPT)");
    fails(KT, KT_HDR "H1;x;MPT;756;;04;2015-01-01;\n",
          "2: column 'functie': '' is empty (expected the functie codes of an MPT prestatie)");
    fails(KT, KT_HDR "Z1;x;ZZP;;31;14;2015-01-01;\n",
          "2: column 'zzp': '' is empty (expected the zzp codes of a ZZP/VPT prestatie)");
    fails(KT, KT_HDR "Z1;x;ZZP;756;;05;2015-01-01;\n",
          "2: column 'eenheid': '05' is not a COD218 eenheid (expected 01, 04, 14, 16 or 81)");
    fails(KT, KT_HDR "Z1;x;ZZP;756;;14;2023-02-29;\n",
          "2: column 'ingangsdatum': '2023-02-29' is not a date (expected YYYY-MM-DD, YYYYMMDD or DD-MM-YYYY)");
    fails(KT, KT_HDR "Z1;x;ZZP;756;;14;;\n",
          "2: column 'ingangsdatum': '' is empty (expected YYYY-MM-DD, YYYYMMDD or DD-MM-YYYY)");
    fails(KT, KT_HDR "Z1;x;ZZP;756;;14;2023-01-01;31-12-22\n",
          "2: column 'einddatum': '31-12-22' is not a date (expected YYYY-MM-DD, YYYYMMDD or DD-MM-YYYY)");
    fails(KT, KT_HDR "Z1;x;ZZP;756;;14;2023-01-01;2022-12-31\n",
          "2: column 'einddatum': '2022-12-31' lies before the ingangsdatum");
    fails(KT, KT_HDR "Z1;x;ZZP;756;;14;2015-01-01;2022-12-31\n" "Z2;x;ZZP;756;;14;2015-01-01;\n"
                     "Z1;x;ZZP;756;;14;2022-12-31;\n",
          "4: ingangsdatum/einddatum: prestatiecode Z1 2022-12-31..open overlaps 2015-01-01..2022-12-31 on line 2 "
          "(periods for the same prestatiecode must not overlap)");
    fails(KT, KT_HDR "Z1;x;ZZP;756;;14;2023-01-01;\n" "Z1;x;ZZP;756;;14;2015-01-01;\n",
          "3: ingangsdatum/einddatum: prestatiecode Z1 2015-01-01..open overlaps 2023-01-01..open on line 2 "
          "(periods for the same prestatiecode must not overlap)");
    fails(KT, KT_HDR "Z1;x;ZZP;756;;14;2015-01-01;\n" "Z1;x;ZZP;756;;14;2015-01-01;\n",
          "3: ingangsdatum/einddatum: prestatiecode Z1 2015-01-01..open duplicates 2015-01-01..open on line 2 "
          "(periods for the same prestatiecode must not overlap)");
    /* adjacent periods are fine */
    ck_assert_int_eq(load(KT, KT_HDR "Z1;x;ZZP;756;;14;2015-01-01;2022-12-31\n" "Z1;x;ZZP;755;;14;2023-01-01;\n"), AW_OK);
}
END_TEST

/* text as UTF-16: little-endian (le) or big-endian, with or without a byte order mark */
static size_t utf16_raw(char *dst, const char *text, int le, int bom)
{
    size_t n = 0;
    if (bom) { dst[n++] = le ? '\xff' : '\xfe'; dst[n++] = le ? '\xfe' : '\xff'; }
    for (; *text; text++) { dst[n++] = le ? *text : 0; dst[n++] = le ? 0 : *text; }
    return n;
}

START_TEST(utf16_without_bom_refused)
{
    /* UTF-16 with a byte order mark is read (utf16_* tests below); without one it cannot be
     * told from bytes reliably: say it is UTF-16, not "control byte 0x00" */
    char b[512], want[1024];
    snprintf(want, sizeof want, "%s:1: the file is UTF-16 (Excel's \"Unicode text\"): save it as \"CSV UTF-8\" or "
             "\"CSV\" (expected UTF-8 or ISO-8859-1)", path);
    for (int le = 0; le < 2; le++) {
        size_t n = utf16_raw(b, TAR_HDR "Z756;x;2015-01-01;;100,00\n", le, 0);
        ck_assert_int_eq(load_n(le ? TAR : KT, b, n), AW_EREFDATA);
        ck_assert_str_eq(aw_errmsg(ctx), want);
    }
    ck_assert_int_eq(load_n(TW, b, utf16_raw(b, TW_HDR, 1, 0)), AW_EREFDATA);
    ck_assert_str_eq(aw_errmsg(ctx), want);
    /* with the mark: read */
    ck_assert_int_eq(load_n(TAR, b, utf16_raw(b, TAR_HDR "Z756;x;2015-01-01;;100,00\n", 1, 1)), AW_OK);
}
END_TEST

START_TEST(reader_errors)
{
    fails(KT, "", "1: empty file (expected a header line naming the koppeltabel columns)");
    fails(KT, "\n\n", "1: empty file (expected a header line naming the koppeltabel columns)");
    fails(KT, "\xef\xbb" "prestatiecode", "1: broken byte order mark (expected EF BB BF)");
    fails(KT, KT_HDR "Z1;\"x;ZZP;756;;14;2015-01-01;\n", "2: quoted field not closed (expected a closing '\"')");
    fails(KT, KT_HDR "Z1;\"x\"y;ZZP;756;;14;2015-01-01;\n", "2: text after a closing quote (expected the separator ';')");
    fails(KT, KT_HDR "Z1;x\"y;ZZP;756;;14;2015-01-01;\n", "2: '\"' inside an unquoted field (quote the whole field)");
    fails(KT, KT_HDR "Z1;x;ZZP;756;;14;2015-01-01;\rZ2\n", "2: CR without LF (expected CR LF or LF line ends)");
    fails(KT, KT_HDR "Z1;x\x01;ZZP;756;;14;2015-01-01;\n", "2: control byte 0x01 in a field");
    fails(KT, KT_HDR "Z1;\"a\nb\x01\";ZZP;756;;14;2015-01-01;\n", "3: control byte 0x01 in a field"); /* quoted: \n ok */
    static const char nul[] = KT_HDR "Z1;\"x\0\";ZZP;756;;14;2015-01-01;\n";
    ck_assert_int_eq(load_n(KT, nul, sizeof nul - 1), AW_EREFDATA);
    ck_assert_ptr_nonnull(strstr(aw_errmsg(ctx), ":2: NUL byte in a field"));
    /* a record longer than the cap is an error, not a crash */
    size_t big = 70000;
    char *t = malloc(big + 200);
    strcpy(t, KT_HDR "Z1;");
    size_t n = strlen(t);
    memset(t + n, 'x', big);
    strcpy(t + n + big, ";ZZP;756;;14;2015-01-01;\n");
    fails(KT, t, "2: record longer than 65536 bytes");
    free(t);
    /* a multi-line quoted field: the record keeps its first line, the next record counts on */
    ck_assert_int_eq(load(KT, KT_HDR "Z1;\"two\nlines\";ZZP;756;;14;2015-01-01;\nZ2;x;ZZP;756;;14;2015-01-01;\n"), AW_OK);
    fails(KT, KT_HDR "Z1;\"two\nlines\";ZZP;756;;14;2015-01-01;\nZ2;x;ZZP;756;;15;2015-01-01;\n",
          "4: column 'eenheid': '15' is not a COD218 eenheid (expected 01, 04, 14, 16 or 81)");
    /* no final line end */
    ck_assert_int_eq(load(KT, KT_HDR "Z1;x;ZZP;756;;14;2015-01-01;"), AW_OK);
    /* cannot open */
    char msg[300];
    snprintf(msg, sizeof msg, "%s/missing.csv: cannot open: No such file or directory", dir);
    aw_ctx_free(ctx);
    ctx = aw_ctx_new();
    snprintf(path, sizeof path, "%s/missing.csv", dir);
    ck_assert_int_eq(aw_ctx_load_koppeltabel(ctx, path), AW_EIO);
    ck_assert_str_eq(aw_errmsg(ctx), msg);
    snprintf(path, sizeof path, "%s/ref.csv", dir);
}
END_TEST

/* ---- tarieven */

START_TEST(tarieven_dialects_and_instelling)
{
    ck_assert_int_eq(load(TAR, "prestatiecode,tarief,ingangsdatum,einddatum,instelling\n"
                               "Z756,\"139,95\",01-01-2023,30-06-2023,\n"
                               "Z756,\"€ 1.139,96\",01-01-2023,30-06-2023,41009876\n"
                               "Z756,143.46,2023-07-01,,\n"), AW_OK);
    size_t n;
    const ref_tar *t = ref_tar_rows(ctx->ref, "Z756", &n);
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(t[0].instelling, 0); ck_assert_uint_eq(t[0].tarief, 13995);
    ck_assert_uint_eq(t[1].instelling, 0); ck_assert_uint_eq(t[1].tarief, 14346);
    ck_assert_int_eq(t[1].end, REF_OPEN);
    ck_assert_uint_eq(t[2].instelling, 41009876); ck_assert_uint_eq(t[2].tarief, 113996);
    ck_assert_ptr_null(ref_tar_rows(ctx->ref, "Z755", &n));
    ck_assert(ref_have_tarieven(ctx->ref));
    /* without the instelling column */
    ck_assert_int_eq(load(TAR, TAR_HDR "Z756;fictief;01-01-2023;30-06-2023;139,95\n"), AW_OK);
}
END_TEST

START_TEST(tarieven_errors)
{
    fails(TAR, TAR_HDR "Z756;x;01-01-2023;30-06-2023;1.234\n",
          "2: column 'tarief': '1.234' is ambiguous: one '.' or ',' followed by three digits (write 1234, 1.234,00 or 1234.00)");
    fails(TAR, TAR_HDR "Z756;x;01-01-2023;30-06-2023;1,2345\n",
          "2: column 'tarief': '1,2345' is not whole cents (at most two decimals)");
    fails(TAR, TAR_HDR "Z756;x;01-01-2023;30-06-2023;abc\n",
          "2: column 'tarief': 'abc' is not an amount in euros (expected e.g. 1234,56, 1.234,56, 1234.56 or € 187,23)");
    fails(TAR, "prestatiecode;ingangsdatum;einddatum;tarief;instelling\nZ756;01-01-2023;;1,00;4100987X\n",
          "2: column 'instelling': '4100987X' is not an AGB code (expected up to 8 digits, or empty)");
    fails(TAR, "prestatiecode;ingangsdatum;einddatum\n",
          "1: header has no column 'tarief' (a tarievenlijst names prestatiecode;ingangsdatum;einddatum;tarief)");
    fails(TAR, TAR_HDR "Z756;x;01-01-2023;30-06-2023;1,00\nZ756;x;30-06-2023;31-12-2023;1,00\n",
          "3: ingangsdatum/einddatum: prestatiecode Z756 2023-06-30..2023-12-31 overlaps 2023-01-01..2023-06-30 on line 2 "
          "(periods for the same prestatiecode must not overlap)");
    fails(TAR, "prestatiecode;ingangsdatum;einddatum;tarief;instelling\n"
               "Z756;01-01-2023;;1,00;41009876\nZ756;01-01-2023;;1,00;\nZ756;01-03-2023;;1,00;41009876\n",
          "4: ingangsdatum/einddatum: prestatiecode Z756 instelling 41009876 2023-03-01..open overlaps 2023-01-01..open "
          "on line 2 (periods for the same prestatiecode must not overlap)");
    /* the same period for another instelling is no overlap */
    ck_assert_int_eq(load(TAR, "prestatiecode;ingangsdatum;einddatum;tarief;instelling\n"
                               "Z756;01-01-2023;;1,00;41009876\nZ756;01-01-2023;;1,00;\nZ756;01-01-2023;;1,00;41009877\n"),
                     AW_OK);
}
END_TEST

/* ---- toewijzingen CSV */

START_TEST(toewijzingen_csv)
{
    ck_assert_int_eq(load(TW, "bsn,leveringsvorm,zzp,functie,klasse,percentage,instelling,ingangsdatum,einddatum,opslag\n"
                              "812047436,ZZP,756,,,5000,41009876,2022-08-17,,\n"
                              "607491103,MPT,,41,K2,,41009876,2022-11-06,2023-12-31,1\n"
                              "60749110,mpt,,31,KD04,,,06-11-2022,,\n"), AW_OK);
    ck_assert_uint_eq(ref_toew_count(ctx->ref), 3);
    ref_toew t;
    ck_assert(ref_toew_get(ctx->ref, 0, &t)); /* sorted by BSN: 060749110 first */
    ck_assert_uint_eq(t.bsn, 60749110);
    ck_assert_int_eq(t.lv, AW_LV_MPT);
    ck_assert_uint_eq(t.code, 31);
    ck_assert_uint_eq(t.instelling, 0);
    ck_assert_uint_eq(t.unit, REF_UNIT_DAGDELEN);
    ck_assert_uint_eq(t.weekmax, 4);
    ck_assert(ref_toew_get(ctx->ref, 1, &t));
    ck_assert_uint_eq(t.bsn, 607491103);
    ck_assert_uint_eq(t.weekmax, (4 + 1) * 60); /* K2 = 4 hours + opslag 1 hour, in minutes */
    ck_assert_uint_eq(t.percentage, 10000);
    ck_assert_int_eq(t.end, day(2023, 12, 31));
    ck_assert(ref_toew_get(ctx->ref, 2, &t));
    ck_assert_int_eq(t.lv, AW_LV_ZZP);
    ck_assert_uint_eq(t.code, 756);
    ck_assert_uint_eq(t.percentage, 5000);
    ck_assert_int_eq(t.end, REF_OPEN);
    ck_assert_int_eq(t.stamp, 0);
    ck_assert(!ref_toew_get(ctx->ref, 3, &t));
    ck_assert(ref_have_toewijzingen(ctx->ref));
}
END_TEST

START_TEST(toewijzingen_dispatch)
{
    /* a BOM and blank lines before the header: still CSV */
    ck_assert_int_eq(load(TW, "\xef\xbb\xbf\r\n\r\n" TW_HDR "812047436;ZZP;756;;;;;2022-08-17;\r\n"), AW_OK);
    ck_assert_uint_eq(ref_toew_count(ctx->ref), 1);
    /* a file starting with '<' (after blanks) goes to the AW33 reader, never to the CSV one */
    ck_assert_int_ne(load(TW, "\xef\xbb\xbf \n<nothing/>"), AW_OK);
    ck_assert_ptr_null(strstr(aw_errmsg(ctx), "column"));
    ck_assert_ptr_null(strstr(aw_errmsg(ctx), "header"));
}
END_TEST

START_TEST(toewijzingen_errors)
{
    fails(TW, TW_HDR "81204743X;ZZP;756;;;;;2022-08-17;\n", "2: column 'bsn': '81204743X' is not a BSN (expected 9 digits)");
    fails(TW, TW_HDR "812047436;PGB;756;;;;;2022-08-17;\n",
          "2: column 'leveringsvorm': 'PGB' is not a leveringsvorm (expected ZZP, VPT or MPT)");
    fails(TW, TW_HDR "812047436;ZZP;761;;;;;2022-08-17;\n", "2: column 'zzp': '761' is not a COD163 zzp code (expected e.g. 756)");
    fails(TW, TW_HDR "812047436;ZZP;756;41;;;;2022-08-17;\n",
          "2: column 'functie': '41' must be empty for a ZZP/VPT toewijzing (the code goes in 'zzp')");
    fails(TW, TW_HDR "812047436;MPT;756;;K2;;;2022-08-17;\n",
          "2: column 'zzp': '756' must be empty for an MPT toewijzing (the code goes in 'functie')");
    fails(TW, TW_HDR "812047436;MPT;;42;K2;;;2022-08-17;\n",
          "2: column 'functie': '42' is not a COD732 functie code (expected e.g. 41)");
    fails(TW, TW_HDR "812047436;MPT;;41;K9;;;2022-08-17;\n",
          "2: column 'klasse': 'K9' is not a klasse (expected K0-K8, KD01-KD15, KE1-KE7 or 99)");
    fails(TW, TW_HDR "812047436;MPT;;41;;;;2022-08-17;\n",
          "2: column 'klasse': '' is not a klasse (expected K0-K8, KD01-KD15, KE1-KE7 or 99)");
    fails(TW, TW_HDR "812047436;ZZP;756;;;10001;;2022-08-17;\n",
          "2: column 'percentage': '10001' is not a percentage (expected 0-100 %, e.g. 50%, 50,00%, 50, or in "
          "hundredths 5000, or empty)");
    fails(TW, TW_HDR "812047436;ZZP;756;;;100,01%;;2022-08-17;\n",
          "2: column 'percentage': '100,01%' is not a percentage (expected 0-100 %, e.g. 50%, 50,00%, 50, or in "
          "hundredths 5000, or empty)");
    fails(TW, TW_HDR "812047436;ZZP;756;;;;;2022-08-17;2022-08-16\n",
          "2: column 'einddatum': '2022-08-16' lies before the ingangsdatum");
    fails(TW, "bsn;leveringsvorm;zzp;functie;klasse;percentage;ingangsdatum;einddatum\n",
          "1: header has no column 'instelling' (a toewijzingen CSV names "
          "bsn;leveringsvorm;zzp;functie;klasse;percentage;instelling;ingangsdatum;einddatum)");
    fails(TW, TW_HDR "812047436;ZZP;756;;;;41009876;2022-08-17;\n" "720516754;ZZP;756;;;;41009876;2022-05-24;\n"
                     "812047436;ZZP;756;;;;41009876;2023-01-01;2023-12-31\n",
          "4: ingangsdatum/einddatum: toewijzing ZZP 756 of BSN 812047436 at instelling 41009876 2023-01-01..2023-12-31 "
          "overlaps 2022-08-17..open on line 2 (periods for the same toewijzing must not overlap)");
    fails(TW, TW_HDR "812047436;ZZP;756;;;;41009876;2022-08-17;\n" "812047436;ZZP;756;;;5000;41009876;2022-08-17;\n",
          "3: ingangsdatum/einddatum: toewijzing ZZP 756 of BSN 812047436 at instelling 41009876 2022-08-17..open "
          "duplicates 2022-08-17..open on line 2 (periods for the same toewijzing must not overlap)");
    /* another leveringsvorm or instelling for the same code is a different key */
    ck_assert_int_eq(load(TW, TW_HDR "812047436;ZZP;756;;;;41009876;2022-08-17;\n" "812047436;VPT;756;;;;41009876;2022-08-17;\n"
                                     "812047436;ZZP;756;;;;41009877;2022-08-17;\n" "812047436;ZZP;756;;;;;2022-08-17;\n"), AW_OK);
    ck_assert_uint_eq(ref_toew_count(ctx->ref), 4);
}
END_TEST

/* ---- the reader at its 64 KB read-buffer boundary: a record across it reads like any other */

#define RBUF 65536
#define TWX_HDR "bsn;leveringsvorm;zzp;functie;klasse;percentage;instelling;ingangsdatum;einddatum;opslag;notitie\n"
#define TWX_PAD "100000001;ZZP;756;;;;;2022-08-17;;;"

#define HDR_BLANKS 32768

/* TWX_HDR with HDR_BLANKS trailing blanks (trimmed), a first row whose notitie has pad bytes
 * 'x', then rest: the rows of rest (from line 3 on) move across the buffer boundary as pad
 * grows.  Returns the text (malloc). */
static char *padded(size_t pad, const char *rest, size_t *len)
{
    size_t h = strlen(TWX_HDR) - 1, p = strlen(TWX_PAD), r = strlen(rest), at = 0;
    char *t = malloc(h + HDR_BLANKS + 1 + p + pad + 1 + r + 1);
    ck_assert_ptr_nonnull(t);
    memcpy(t, TWX_HDR, h); at += h;
    memset(t + at, ' ', HDR_BLANKS); at += HDR_BLANKS;
    t[at++] = '\n';
    memcpy(t + at, TWX_PAD, p); at += p;
    memset(t + at, 'x', pad); at += pad;
    t[at++] = '\n';
    memcpy(t + at, rest, r + 1);
    *len = at + r;
    return t;
}

/* The pads from pad_first(n) to pad_first(n) + n + 12 put the boundary at every byte of a rest
 * of n bytes, from 4 bytes after its end to 8 bytes before its start. */
static size_t pad_first(size_t n) { return RBUF - strlen(TWX_HDR) - HDR_BLANKS - strlen(TWX_PAD) - 1 - n - 4; }

START_TEST(boundary_sweep_rows)
{
    /* blanks around fields, a tab, CR LF, a quoted field after plain ones, high bytes, an
     * empty row, and a last row without a line end */
    static const char rest[] =
        " 812047436 ;\tZZP ;756;;;5000;41009876;2022-08-17; ; ;caf\xc3\xa9 \r\n"
        "607491103;MPT;;41;K2;;41009876;2022-11-06;2023-12-31;1;\"a \"\"q\"\"; b\"\n"
        "\n"
        ";;;;;;;;;;\r\n"
        "60749110;mpt;;31;KD04;  ;;06-11-2022;;;\x7f\n"
        "720516754;VPT;754;;;;41009999;20220817;;;end";
    size_t first = pad_first(sizeof rest - 1);
    for (size_t pad = first; pad <= first + sizeof rest - 1 + 12; pad++) {
        size_t len;
        char *t = padded(pad, rest, &len);
        ck_assert_msg(load_n(TW, t, len) == AW_OK, "pad %zu: %s", pad, aw_errmsg(ctx));
        free(t);
        ck_assert_uint_eq(ref_toew_count(ctx->ref), 5);
        ref_toew w;
        ck_assert(ref_toew_get(ctx->ref, 0, &w));
        ck_assert_uint_eq(w.bsn, 60749110);
        ck_assert_int_eq(w.lv, AW_LV_MPT);
        ck_assert_uint_eq(w.code, 31);
        ck_assert_uint_eq(w.unit, REF_UNIT_DAGDELEN);
        ck_assert_uint_eq(w.weekmax, 4);
        ck_assert_uint_eq(w.percentage, 10000);
        ck_assert_int_eq(w.begin, day(2022, 11, 6));
        ck_assert_int_eq(w.end, REF_OPEN);
        ck_assert(ref_toew_get(ctx->ref, 1, &w));
        ck_assert_uint_eq(w.bsn, 100000001);
        ck_assert(ref_toew_get(ctx->ref, 2, &w));
        ck_assert_uint_eq(w.bsn, 607491103);
        ck_assert_uint_eq(w.code, 41);
        ck_assert_uint_eq(w.weekmax, (4 + 1) * 60);
        ck_assert_uint_eq(w.instelling, 41009876);
        ck_assert_int_eq(w.end, day(2023, 12, 31));
        ck_assert(ref_toew_get(ctx->ref, 3, &w));
        ck_assert_uint_eq(w.bsn, 720516754);
        ck_assert_int_eq(w.lv, AW_LV_VPT);
        ck_assert_uint_eq(w.code, 754);
        ck_assert_uint_eq(w.instelling, 41009999);
        ck_assert_int_eq(w.begin, day(2022, 8, 17));
        ck_assert(ref_toew_get(ctx->ref, 4, &w));
        ck_assert_uint_eq(w.bsn, 812047436);
        ck_assert_int_eq(w.lv, AW_LV_ZZP);
        ck_assert_uint_eq(w.code, 756);
        ck_assert_uint_eq(w.percentage, 5000);
        ck_assert_uint_eq(w.instelling, 41009876);
        ck_assert_int_eq(w.begin, day(2022, 8, 17));
        ck_assert_int_eq(w.end, REF_OPEN);
    }
}
END_TEST

/* Every malformed row gives its exact message wherever the boundary falls in it. */
START_TEST(boundary_sweep_errors)
{
    static const struct { const char *rest, *msg; } cases[] = {
        {"812047436;ZZP;756;;;;;2022-08-17;;;\n 81204743X ;ZZP;756;;;;;2022-08-17;;;\n",
         "4: column 'bsn': '81204743X' is not a BSN (expected 9 digits)"},
        {"812047436;ZZP;756;;;;;2022-08-17;;;\r\n812047437;ZZP;756;;;;;2022-08-17;;\rx;\r\n",
         "4: CR without LF (expected CR LF or LF line ends)"},
        {"812047436 ;ZZP;756;;;;;2022-08-17;;;\r\n812047437;ZZP;756;;;;;2022-08-17;;\rx;\r\n",
         "4: CR without LF (expected CR LF or LF line ends)"},
        {"812047436;ZZP;756;;;;;2022-08-17;;; \t\r\n 81204743X\t;ZZP;756;;;;;2022-08-17;;;\r\n",
         "4: column 'bsn': '81204743X' is not a BSN (expected 9 digits)"},
        {"812047436;ZZP;756;;;;;2022-08-17;;;\n812047437;ZZP;756;;;;;2022-08-17;;;ab\x01\n",
         "4: control byte 0x01 in a field"},
        {"812047436;ZZP;756;;;;;2022-08-17;;;\n812047437;ZZP;756;;;;;2022-08-17;;;ab\"c\n",
         "4: '\"' inside an unquoted field (quote the whole field)"},
        {"812047436;ZZP;756;;;;;2022-08-17;;;\n812047437;ZZP;756;;;;;2022-08-17;;;\"ab\"c\n",
         "4: text after a closing quote (expected the separator ';')"},
        {"812047436;ZZP;756;;;;;2022-08-17;;;\n812047437;ZZP;756;;;;;2022-08-17;;;\"ab\n",
         "4: quoted field not closed (expected a closing '\"')"},
        {"812047436;ZZP;756;;;;;2022-08-17;;;\n812047437;ZZP;756;;;;;2022-08-17;;\n",
         "4: 10 fields, the header has 11 (separator ';')"},
        {"812047436;ZZP;756;;;;;2022-08-17;;;\n812047437;ZZP;756;;;;;2022-08-17;;;;\n",
         "4: 12 fields, the header has 11 (separator ';')"},
        {"812047436;ZZP;756;;;;;2022-08-17;;;\n812047437;ZZP;756;;;;;2022-08-1;;;\n",
         "4: column 'ingangsdatum': '2022-08-1' is not a date (expected YYYY-MM-DD, YYYYMMDD or DD-MM-YYYY)"},
        {"812047436;ZZP;756;;;;;2022-08-17;;;\n812047437;ZZP;761;;;;;2022-08-17;;;\n",
         "4: column 'zzp': '761' is not a COD163 zzp code (expected e.g. 756)"},
        {"812047436;ZZP;756;;;;;2022-08-17;;;\n812047436;ZZP;756;;;;;2022-08-17;;;\n",
         "4: ingangsdatum/einddatum: toewijzing ZZP 756 of BSN 812047436 at instelling 00000000 2022-08-17..open "
         "duplicates 2022-08-17..open on line 3 (periods for the same toewijzing must not overlap)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char want[1024];
        size_t n = strlen(cases[i].rest), first = pad_first(n);
        snprintf(want, sizeof want, "%s:%s", path, cases[i].msg);
        for (size_t pad = first; pad <= first + n + 12; pad++) {
            size_t len;
            char *t = padded(pad, cases[i].rest, &len);
            aw_rc rc = load_n(TW, t, len);
            free(t);
            ck_assert_msg(rc == AW_EREFDATA, "case %zu pad %zu: rc %d", i, pad, (int)rc);
            ck_assert_msg(!strcmp(aw_errmsg(ctx), want), "case %zu pad %zu: %s", i, pad, aw_errmsg(ctx));
        }
    }
    /* a NUL byte, the boundary before, in and after it */
    static const char nulrest[] = "812047436;ZZP;756;;;;;2022-08-17;;;\n812047437;ZZP;756;;;;;2022-08-17;;;a\0b\n";
    size_t nfirst = pad_first(sizeof nulrest - 1);
    for (size_t pad = nfirst; pad <= nfirst + sizeof nulrest - 1 + 12; pad++) {
        size_t len;
        char *t = padded(pad, "", &len);
        t = realloc(t, len + sizeof nulrest);
        memcpy(t + len, nulrest, sizeof nulrest);
        aw_rc rc = load_n(TW, t, len + sizeof nulrest - 1);
        free(t);
        ck_assert_int_eq(rc, AW_EREFDATA);
        ck_assert_msg(strstr(aw_errmsg(ctx), ":4: control byte 0x00 in a field"), "pad %zu: %s", pad, aw_errmsg(ctx));
    }
}
END_TEST

/* The record-length cap counts the bytes of the fields plus one per field: 65536 is fine,
 * 65537 is not.  Trailing blanks count until they are trimmed at the field's end, so blanks
 * after the last field count fully (the separator or line end is checked before the trim). */
START_TEST(record_cap_exact)
{
    for (int over = 0; over <= 1; over++)
        for (int blanks = 0; blanks <= 1; blanks++) {
            /* fields: "Z1" (2+1), the long one (n+1), "ZZP" (3+1), "756" (3+1), "" (1), "14" (2+1),
             * two dates (10+1 each): n + 38; with five blanks at the end the last check (before
             * the final NUL) sees n + 42 bytes and needs room for one more */
            size_t n = (blanks ? 65536 - 43 : 65536 - 38) + (size_t)over;
            char *t = malloc(strlen(KT_HDR) + n + 64);
            strcpy(t, KT_HDR "Z1;");
            size_t at = strlen(t);
            memset(t + at, 'x', n);
            strcpy(t + at + n, blanks ? ";ZZP;756;;14;2015-01-01;2015-12-31     \n" : ";ZZP;756;;14;2015-01-01;2015-12-31\n");
            if (over) fails(KT, t, "2: record longer than 65536 bytes");
            else ck_assert_msg(load(KT, t) == AW_OK, "blanks %d: %s", blanks, aw_errmsg(ctx));
            free(t);
        }
}
END_TEST

START_TEST(field_count_cap)
{
    char t[2048];
    strcpy(t, KT_HDR "Z1");
    for (int i = 0; i < 255; i++) strcat(t, ";");
    strcat(t, "\n");
    fails(KT, t, "2: 256 fields, the header has 8 (separator ';')");
    t[strlen(t) - 1] = ';';
    strcat(t, "\n");
    fails(KT, t, "2: more than 256 fields");
    /* an empty row of only separators is skipped, also a long one */
    strcpy(t, KT_HDR);
    for (int i = 0; i < 100; i++) strcat(t, ";");
    strcat(t, "\r\nZ1;x;ZZP;756;;14;2015-01-01;\r\n");
    ck_assert_int_eq(load(KT, t), AW_OK);
}
END_TEST

/* ---- finalizing the toewijzingen: rows that arrive in order are checked and indexed as they
 * come (refdata.c, inc_add); any other order takes the full pass.  Both give the same store. */

/* N_BSN BSNs, the k-th with 1 + k % 3 rows (codes 753, 754, 755), in order. */
#define N_BSN 1500
static char *tw_rows(size_t *nrows)
{
    char *t = malloc(N_BSN * 3 * 64 + 256);
    ck_assert_ptr_nonnull(t);
    size_t at = (size_t)sprintf(t, TW_HDR);
    *nrows = 0;
    for (int k = 0; k < N_BSN; k++)
        for (int j = 0; j <= k % 3; j++) {
            at += (size_t)sprintf(t + at, "%09d;%s;%d;;;;41009876;2022-08-17;\n", 100000000 + 7 * k, j == 1 ? "VPT" : "ZZP",
                                  753 + j);
            ++*nrows;
        }
    return t;
}

static void check_store(size_t nrows, ref_toew *all)
{
    ck_assert_uint_eq(ref_toew_count(ctx->ref), nrows);
    for (size_t i = 0; i < nrows; i++) {
        ref_toew w;
        ck_assert(ref_toew_get(ctx->ref, i, &w));
        if (all[i].bsn) ck_assert_mem_eq(&w, &all[i], sizeof w);
        else all[i] = w;
    }
    for (int k = 0; k < N_BSN; k++) {
        size_t n;
        uint32_t bsn = (uint32_t)(100000000 + 7 * k);
        const ref_tw *rows = ref_toew_rows(ctx->ref, bsn, &n);
        ck_assert_ptr_nonnull(rows);
        ck_assert_uint_eq(n, (size_t)(1 + k % 3));
        for (size_t j = 0; j < n; j++) ck_assert_uint_eq(rows[j].bsn, bsn);
        ck_assert_ptr_null(ref_toew_rows(ctx->ref, bsn + 1, &n));
        ck_assert_uint_eq(n, 0);
    }
}

START_TEST(toew_store_any_order)
{
    size_t nrows;
    char *t = tw_rows(&nrows);
    ref_toew *all = calloc(nrows, sizeof *all);
    ck_assert_ptr_nonnull(all);
    ck_assert_int_eq(load(TW, t), AW_OK); /* in order */
    check_store(nrows, all);
    /* the first row moved to the end: the full pass, the same store */
    char *first = strchr(t, '\n') + 1, *second = strchr(first, '\n') + 1;
    size_t lfirst = (size_t)(second - first);
    char *u = malloc(strlen(t) + 1);
    memcpy(u, t, (size_t)(first - t));
    strcpy(u + (first - t), second);
    strncat(u, first, lfirst);
    ck_assert_int_eq(load(TW, u), AW_OK);
    check_store(nrows, all);
    /* the last row first */
    char *last = t + strlen(t) - 1;
    while (last[-1] != '\n') last--;
    memcpy(u, t, (size_t)(first - t));
    strcpy(u + (first - t), last);
    strncat(u, first, (size_t)(last - first));
    ck_assert_int_eq(load(TW, u), AW_OK);
    check_store(nrows, all);
    free(u);
    free(all);
    free(t);
}
END_TEST

/* The first overlap in (bsn, kind, code, instelling, begin) order is reported, found while
 * adding or in the full pass alike. */
START_TEST(toew_overlap_any_order)
{
    static const char rows[] =
        "100000001;ZZP;756;;;;41009876;2022-01-01;2022-12-31\n"      /* line 2 */
        "100000001;ZZP;756;;;;41009877;2022-06-01;\n"                /* another instelling */
        "100000002;ZZP;756;;;;41009876;2020-01-01;2030-12-31\n"      /* line 4 */
        "100000002;ZZP;756;;;;41009876;2031-01-01;\n"
        "100000003;VPT;756;;;;41009876;2020-01-01;2030-12-31\n"      /* line 6 */
        "100000003;VPT;756;;;;41009876;2021-01-01;2021-02-01\n"      /* line 7: overlaps line 6 */
        "100000003;ZZP;756;;;;41009876;2021-01-01;\n"                /* another leveringsvorm */
        "100000003;MPT;;41;K2;;41009876;2020-01-01;2020-12-31\n"     /* MPT after ZZP/VPT */
        "100000004;ZZP;756;;;;41009876;2022-01-01;2022-01-01\n"      /* line 10 */
        "100000004;ZZP;756;;;;41009876;2022-01-01;\n";               /* line 11: duplicates line 10 */
    char t[2048], want[1024];
    snprintf(want, sizeof want,
             "%s:7: ingangsdatum/einddatum: toewijzing VPT 756 of BSN 100000003 at instelling 41009876 2021-01-01..2021-02-01 "
             "overlaps 2020-01-01..2030-12-31 on line 6 (periods for the same toewijzing must not overlap)", path);
    snprintf(t, sizeof t, TW_HDR "%s", rows);
    ck_assert_int_eq(load(TW, t), AW_EREFDATA);
    ck_assert_str_eq(aw_errmsg(ctx), want);
    /* a row out of order at the end (and overlapping nothing): the full pass, the same message */
    snprintf(t, sizeof t, TW_HDR "%s100000000;ZZP;756;;;;41009876;2022-01-01;\n", rows);
    ck_assert_int_eq(load(TW, t), AW_EREFDATA);
    ck_assert_str_eq(aw_errmsg(ctx), want);
    /* without line 7: line 11 (now 10) duplicates line 10 (now 9) */
    char *l7 = strstr(t, "100000003;VPT;756;;;;41009876;2021"), *l8 = strchr(l7, '\n') + 1;
    memmove(l7, l8, strlen(l8) + 1);
    snprintf(want, sizeof want,
             "%s:10: ingangsdatum/einddatum: toewijzing ZZP 756 of BSN 100000004 at instelling 41009876 2022-01-01..open "
             "duplicates 2022-01-01..2022-01-01 on line 9 (periods for the same toewijzing must not overlap)", path);
    ck_assert_int_eq(load(TW, t), AW_EREFDATA);
    ck_assert_str_eq(aw_errmsg(ctx), want);
    *strstr(t, "100000000;ZZP") = 0; /* in order again */
    ck_assert_int_eq(load(TW, t), AW_EREFDATA);
    ck_assert_str_eq(aw_errmsg(ctx), want);
}
END_TEST

/* A second file into the same store: its rows are checked against the first file's. */
START_TEST(toew_second_file)
{
    char path2[160], want[1024];
    snprintf(path2, sizeof path2, "%s/second.csv", dir);
    FILE *f = fopen(path2, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(TW_HDR "100000005;ZZP;756;;;;41009876;2022-01-01;\n" "100000009;ZZP;756;;;;41009876;2023-01-01;\n", f);
    fclose(f);
    ck_assert_int_eq(load(TW, TW_HDR "100000005;ZZP;755;;;;41009876;2022-01-01;\n"
                                     "100000009;ZZP;756;;;;41009876;2022-01-01;2022-12-31\n"), AW_OK);
    ck_assert_int_eq(aw_ctx_load_toewijzingen(ctx, path2), AW_OK);
    ck_assert_uint_eq(ref_toew_count(ctx->ref), 4);
    size_t n;
    ck_assert_ptr_nonnull(ref_toew_rows(ctx->ref, 100000005, &n));
    ck_assert_uint_eq(n, 2);
    ck_assert_ptr_nonnull(ref_toew_rows(ctx->ref, 100000009, &n));
    ck_assert_uint_eq(n, 2);
    f = fopen(path2, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(TW_HDR "100000009;ZZP;756;;;;41009876;2022-12-31;\n", f);
    fclose(f);
    ck_assert_int_eq(load(TW, TW_HDR "100000005;ZZP;755;;;;41009876;2022-01-01;\n"
                                     "100000009;ZZP;756;;;;41009876;2022-01-01;2022-12-31\n"), AW_OK);
    ck_assert_int_eq(aw_ctx_load_toewijzingen(ctx, path2), AW_EREFDATA);
    snprintf(want, sizeof want,
             "%s:2: ingangsdatum/einddatum: toewijzing ZZP 756 of BSN 100000009 at instelling 41009876 2022-12-31..open "
             "overlaps 2022-01-01..2022-12-31 on %s:3 (periods for the same toewijzing must not overlap)", path2, path);
    ck_assert_str_eq(aw_errmsg(ctx), want);
    unlink(path2);
}
END_TEST

/* BSN and AGB digits (the last eight are checked as one word): a byte just outside '0'-'9' at
 * any position is refused, and the values come out exactly. */
START_TEST(digits_every_position)
{
    static const char bad[] = {'/', ':', 'a', '\xb0', ' '};
    char t[512], want[512], v[16];
    for (size_t pos = 0; pos < 9; pos++)
        for (size_t b = 0; b < sizeof bad; b++) {
            strcpy(v, "812047436");
            v[pos] = bad[b];
            if (bad[b] == ' ' && (pos == 0 || pos == 8)) continue; /* trimmed: an 8-digit BSN */
            snprintf(t, sizeof t, TW_HDR "%s;ZZP;756;;;;41009876;2022-08-17;\n", v);
            snprintf(want, sizeof want, "2: column 'bsn': '%s' is not a BSN (expected 9 digits)", v);
            fails(TW, t, want);
            if (pos == 8) continue;
            strcpy(v, "41009876");
            v[pos] = bad[b];
            if (bad[b] == ' ' && (pos == 0 || pos == 7)) continue;
            snprintf(t, sizeof t, TW_HDR "812047436;ZZP;756;;;;%s;2022-08-17;\n", v);
            snprintf(want, sizeof want, "2: column 'instelling': '%s' is not an AGB code (expected up to 8 digits, or empty)", v);
            fails(TW, t, want);
        }
    static const char *const ok[] = {"999999999", "000000001", "100000009", "012345678", "98765432", "10000001"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        snprintf(t, sizeof t, TW_HDR "%s;ZZP;756;;;;%.8s;2022-08-17;\n", ok[i], ok[i] + 1);
        ck_assert_int_eq(load(TW, t), AW_OK);
        ref_toew w;
        ck_assert(ref_toew_get(ctx->ref, 0, &w));
        ck_assert_uint_eq(w.bsn, strtoul(ok[i], NULL, 10));
        ck_assert_uint_eq(w.instelling, strtoul(ok[i] + 1, NULL, 10));
    }
}
END_TEST

/* Percentages: percent with a '%' sign or a decimal mark or as a whole number 0-100, hundredths
 * as a whole number 101-10000 (the form of 0424; every existing file keeps its meaning). */
START_TEST(toewijzingen_percentages)
{
    static const struct { const char *s; unsigned v; } ok[] = {
        {"5000", 5000}, {"10000", 10000}, {"101", 101}, {"50%", 5000}, {"50,00%", 5000}, {"50 %", 5000},
        {"33,33%", 3333}, {"33.3%", 3330}, {"0,5%", 50}, {"100%", 10000}, {"100,00%", 10000}, {"0%", 0},
        {"50", 5000}, {"100", 10000}, {"1", 100}, {"0", 0}, {"50,00", 5000}, {"12,5", 1250}, {"", 10000}};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        char text[256];
        ref_toew t;
        snprintf(text, sizeof text, TW_HDR "812047436;ZZP;756;;;%s;;2022-08-17;\n", ok[i].s);
        ck_assert_msg(load(TW, text) == AW_OK, "%s: %s", ok[i].s, aw_errmsg(ctx));
        ck_assert(ref_toew_get(ctx->ref, 0, &t));
        ck_assert_msg(t.percentage == ok[i].v, "%s: %u", ok[i].s, t.percentage);
    }
    static const char *const badv[] = {"10001", "101%", "100,01", "50,001%", "50,", ",5%", "5.000,00", "%",
                                       "50%%", "-5", "1e2", "50 %x", "123456", "50,5,5"};
    for (size_t i = 0; i < sizeof badv / sizeof *badv; i++) {
        char text[256];
        snprintf(text, sizeof text, TW_HDR "812047436;ZZP;756;;;%s;;2022-08-17;\n", badv[i]);
        ck_assert_msg(load(TW, text) == AW_EREFDATA, "%s accepted", badv[i]);
        ck_assert_ptr_nonnull(strstr(aw_errmsg(ctx), "column 'percentage'"));
    }
}
END_TEST

/* text (UTF-8) as UTF-16 with a byte order mark; be: big-endian.  Returns the length. */
static size_t utf16(char *out, const char *text, int be)
{
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)text;
    out[o++] = be ? '\xfe' : '\xff';
    out[o++] = be ? '\xff' : '\xfe';
    while (*p) {
        unsigned long cp;
        if (*p < 0x80) cp = *p++;
        else if (*p < 0xE0) { cp = (unsigned long)(p[0] & 0x1F) << 6 | (p[1] & 0x3F); p += 2; }
        else if (*p < 0xF0) { cp = (unsigned long)(p[0] & 0x0F) << 12 | (unsigned long)(p[1] & 0x3F) << 6 | (p[2] & 0x3F); p += 3; }
        else { cp = (unsigned long)(p[0] & 0x07) << 18 | (unsigned long)(p[1] & 0x3F) << 12 | (unsigned long)(p[2] & 0x3F) << 6 | (p[3] & 0x3F); p += 4; }
        unsigned units[2], n = 1;
        if (cp >= 0x10000) { units[0] = 0xD800 + ((cp - 0x10000) >> 10); units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF); n = 2; }
        else units[0] = (unsigned)cp;
        for (unsigned i = 0; i < n; i++) {
            out[o++] = (char)(be ? units[i] >> 8 : units[i] & 0xFF);
            out[o++] = (char)(be ? units[i] & 0xFF : units[i] >> 8);
        }
    }
    return o;
}

/* Spreadsheet saves: UTF-16LE/BE with BOM (converted while read), "sep=;" / "sep=," first lines,
 * tab-separated "Unicode text"; the same rows as UTF-8 give the same data.  Long files put
 * characters of 2, 3 and 4 UTF-8 bytes across every block boundary of the converter. */
START_TEST(excel_saves)
{
    static char buf[400000], text[200000];
    const char *tw = "sep=;\r\n" TW_HDR "812047436;ZZP;756;;;50%;41009876;17-8-2022;\r\n"
                     "607491103;MPT;;41;K2;;41009876;6-11-2022;31-12-2023\r\n";
    for (int be = 0; be < 2; be++) {
        ck_assert_int_eq(load_n(TW, buf, utf16(buf, tw, be)), AW_OK);
        ck_assert_uint_eq(ref_toew_count(ctx->ref), 2);
        ref_toew t;
        ck_assert(ref_toew_get(ctx->ref, 1, &t));
        ck_assert_uint_eq(t.percentage, 5000);
        ck_assert_int_eq(t.begin, day(2022, 8, 17));
    }
    ck_assert_int_eq(load(TW, "sep=,\n" "bsn,leveringsvorm,zzp,functie,klasse,percentage,instelling,ingangsdatum,einddatum\n"
                              "812047436,ZZP,756,,,\"50,00%\",41009876,17-8-2022,\n"), AW_OK);
    ck_assert_int_eq(load(TW, "\"sep=;\"\n" TW_HDR "812047436;ZZP;756;;;;;17-8-2022;\n"), AW_OK);
    fails(TW, "sep=|\n" TW_HDR, "1: 'sep=|' names a separator that is not supported (expected sep=; or sep=,)");
    /* "Unicode text": tabs, values with blanks, a quoted field holding a tab */
    const char *tab = "prestatiecode\tomschrijving\tingangsdatum\teinddatum\ttarief\r\n"
                      "Z756\tZZP 756 \xe2\x82\xac\t1-1-2023\t30-6-2023\t\xe2\x82\xac 139,95\r\n"
                      "Z756\t\"a\tb\"\t1-7-2023\t\t 141,00 \r\n";
    ck_assert_int_eq(load_n(TAR, buf, utf16(buf, tab, 0)), AW_OK);
    size_t n;
    const ref_tar *rows = ref_tar_rows(ctx->ref, "Z756", &n);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(rows[0].tarief, 13995);
    ck_assert_uint_eq(rows[1].tarief, 14100);
    ck_assert_int_eq(rows[1].end, REF_OPEN);
    fails(TAR, "prestatiecode\tomschrijving\tingangsdatum\teinddatum\ttarief\nZ756\tx\t1-1-2023\t\n",
          "2: 4 fields, the header has 5 (separator '\\t')");
    /* long: every row's omschrijving holds e-acute (2 bytes), the euro sign (3) and U+1F600 (4, a
     * surrogate pair), at shifting offsets, so they straddle the converter's blocks */
    size_t len = (size_t)snprintf(text, sizeof text, "%s", TAR_HDR);
    for (int i = 0; len < sizeof text - 200; i++) {
        len += (size_t)snprintf(text + len, sizeof text - len, "C%d;%.*s\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80;%d-1-2023;%d-1-2023;1,00\n",
                                i, i % 7, "xxxxxxx", 1 + i % 28, 1 + i % 28);
    }
    for (int be = 0; be < 2; be++) {
        ck_assert_int_eq(load_n(TAR, buf, utf16(buf, text, be)), AW_OK);
        ck_assert_ptr_nonnull(ref_tar_rows(ctx->ref, "C3000", &n));
    }
    /* broken UTF-16: an odd number of bytes, a lone low surrogate, a high one without its pair */
    size_t k = utf16(buf, TW_HDR, 0);
    buf[k++] = 'x';
    ck_assert_int_eq(load_n(TW, buf, k), AW_EREFDATA);
    ck_assert_ptr_nonnull(strstr(aw_errmsg(ctx), ":2: the file ends inside a UTF-16 character (an odd number of bytes)"));
    k = utf16(buf, TW_HDR "8", 0);
    memcpy(buf + k, "\x00\xdc", 2);
    ck_assert_int_eq(load_n(TW, buf, k + 2), AW_EREFDATA);
    ck_assert_ptr_nonnull(strstr(aw_errmsg(ctx), ":2: not valid UTF-16 (an unpaired surrogate; save the file again)"));
    k = utf16(buf, TW_HDR "8", 1);
    memcpy(buf + k, "\xd8\x00\x00\x41", 4);
    ck_assert_int_eq(load_n(TW, buf, k + 4), AW_EREFDATA);
    ck_assert_ptr_nonnull(strstr(aw_errmsg(ctx), "not valid UTF-16"));
    k = utf16(buf, TW_HDR, 1);
    memcpy(buf + k, "\xd8\x00", 2);
    ck_assert_int_eq(load_n(TW, buf, k + 2), AW_EREFDATA);
    ck_assert_ptr_nonnull(strstr(aw_errmsg(ctx), "ends inside a UTF-16 character"));
}
END_TEST

/* --mask-bsn: no reference-data message shows a whole BSN (the value of the bsn column, a BSN
 * in another column, the overlap message); without it the messages are unchanged (above). */
START_TEST(mask_bsn_in_messages)
{
    masked = 1;
    fails(TW, TW_HDR "81204743X;ZZP;756;;;;;2022-08-17;\n", "2: column 'bsn': '81*****3X' is not a BSN (expected 9 digits)");
    fails(TW, TW_HDR "8120474;ZZP;756;;;;;2022-08-17;\n", "2: column 'bsn': '81***74' is not a BSN (expected 9 digits)");
    fails(TW, TW_HDR "812047436;ZZP;756;;;;812047436X;2022-08-17;\n",
          "2: column 'instelling': '81*****36X' is not an AGB code (expected up to 8 digits, or empty)");
    fails(TW, TW_HDR "812047436;ZZP;812047436;;;;;2022-08-17;\n",
          "2: column 'zzp': '81*****36' is not a COD163 zzp code (expected e.g. 756)");
    fails(KT, KT_HDR "Z756;x;ZZP;\"756,812047436\";;14;2015-01-01;\n",
          "2: column 'zzp': '756,81*****36' holds '81*****36', not a COD163 zzp code");
    fails(TW, TW_HDR "812047436;ZZP;756;;;;41009876;2022-08-17;\n" "812047436;ZZP;756;;;5000;41009876;2022-08-17;\n",
          "3: ingangsdatum/einddatum: toewijzing ZZP 756 of BSN 81*****36 at instelling 41009876 2022-08-17..open "
          "duplicates 2022-08-17..open on line 2 (periods for the same toewijzing must not overlap)");
}
END_TEST

/* A reference FILE that is a directory, a FIFO or unreadable: a message saying so, at once. */
START_TEST(not_a_regular_file)
{
    char fifo[160], want[256];
    ck_assert_int_eq(aw_ctx_load_koppeltabel(ctx, dir), AW_EIO);
    snprintf(want, sizeof want, "%s: is a directory (expected a file)", dir);
    ck_assert_str_eq(aw_errmsg(ctx), want);
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    for (int kind = KT; kind <= TW; kind++) { /* no writer: must not wait for one */
        aw_ctx_free(ctx);
        ctx = aw_ctx_new();
        aw_rc rc = kind == KT ? aw_ctx_load_koppeltabel(ctx, fifo)
                   : kind == TAR ? aw_ctx_load_tarieven(ctx, fifo) : aw_ctx_load_toewijzingen(ctx, fifo);
        ck_assert_int_eq(rc, AW_EIO);
        snprintf(want, sizeof want, "%s: is a FIFO (expected a regular file)", fifo);
        ck_assert_str_eq(aw_errmsg(ctx), want);
    }
    unlink(fifo);
    put(KT_HDR, strlen(KT_HDR));
    ck_assert_int_eq(chmod(path, 0), 0);
    if (geteuid() != 0) { /* root reads it anyway */
        ck_assert_int_eq(aw_ctx_load_tarieven(ctx, path), AW_EIO);
        snprintf(want, sizeof want, "%s: permission denied (make the file readable)", path);
        ck_assert_str_eq(aw_errmsg(ctx), want);
    }
}
END_TEST

START_TEST(failed_load_checks_nothing)
{
    /* doc/refdata.md: nothing is checked with half-loaded data */
    ck_assert_int_eq(load(KT, KT_HDR "Z756;x;ZZP;756;;14;2015-01-01;\nZ1;x;ZZP;761;;14;2015-01-01;\n"), AW_EREFDATA);
    char h[311], c[311], p[311];
    tu_header(h);
    tu_client(c, 1, "812047436");
    tu_prestatie(p, 2, "812047436", "R1");
    char *recs[] = {h, c, p};
    tu_result res;
    err_clear(ctx);
    tu_run_recs(ctx, recs, 3, 1, &res);
    ck_assert_int_eq(res.rc, AW_EREFDATA);
}
END_TEST

Suite *make_csv_suite(void)
{
    Suite *s = suite_create("csv");
    TCase *t = tcase_create("csv");
    tcase_set_timeout(t, 60); /* the buffer-boundary sweeps run many loads (slow under ASan) */
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, dates_three_forms);
    tcase_add_test(t, money_forms);
    tcase_add_test(t, koppeltabel_semicolon_lf);
    tcase_add_test(t, koppeltabel_comma_quotes_bom_crlf_order);
    tcase_add_test(t, utf16_without_bom_refused);
    tcase_add_test(t, koppeltabel_errors);
    tcase_add_test(t, reader_errors);
    tcase_add_test(t, tarieven_dialects_and_instelling);
    tcase_add_test(t, tarieven_errors);
    tcase_add_test(t, toewijzingen_csv);
    tcase_add_test(t, toewijzingen_dispatch);
    tcase_add_test(t, toewijzingen_errors);
    tcase_add_test(t, failed_load_checks_nothing);
    tcase_add_test(t, boundary_sweep_rows);
    tcase_add_test(t, boundary_sweep_errors);
    tcase_add_test(t, record_cap_exact);
    tcase_add_test(t, field_count_cap);
    tcase_add_test(t, toew_store_any_order);
    tcase_add_test(t, toew_overlap_any_order);
    tcase_add_test(t, toew_second_file);
    tcase_add_test(t, digits_every_position);
    tcase_add_test(t, mask_bsn_in_messages);
    tcase_add_test(t, toewijzingen_percentages);
    tcase_add_test(t, excel_saves);
    tcase_add_test(t, not_a_regular_file);
    suite_add_tcase(s, t);
    return s;
}
