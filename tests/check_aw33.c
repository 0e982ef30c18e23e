/* SPDX-License-Identifier: MIT */
/* check_aw33.c — Check suite for aw33.c: the streaming AW33 reader (doc/refdata.md), its XML
 * safety policy (doc/hardening.md) and --aw33-schema validation.  Inputs are written to a temporary
 * directory from the strings below; the schema fixtures live in fixtures/aw33/. */
#include "check_suites.h"
#include "testutil.h"
#include "aw33.h"
#include "xmlio.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NS "http://www.istandaarden.nl/iwlz/2_2/aw33/schema"
#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
    "<aw33:Bericht xmlns:aw33=\"" NS "\" xmlns:iwlz=\"http://www.istandaarden.nl/iwlz/2_2/basisschema/schema\">\n" \
    "<aw33:Header><aw33:BerichtCode>352</aw33:BerichtCode></aw33:Header>\n<aw33:Clienten>\n"
#define TAIL "</aw33:Clienten>\n</aw33:Bericht>\n"
#define CLIENT(bsn, items) "<aw33:Client>\n<aw33:Bsn>" bsn "</aw33:Bsn>\n<aw33:Indicatie>\n" items "</aw33:Indicatie>\n</aw33:Client>\n"
#define ZZPS(x) "<aw33:ToegewezenZorgzwaartepakketten>\n" x "</aw33:ToegewezenZorgzwaartepakketten>\n"
#define FUNS(x) "<aw33:ToegewezenFuncties>\n" x "</aw33:ToegewezenFuncties>\n"
#define ZZP(code, inst, rest) "<aw33:ToegewezenZorgzwaartepakket>\n<aw33:ZzpCode>" code "</aw33:ZzpCode>\n" inst \
    "<aw33:Toewijzingsdatum>2022-08-17</aw33:Toewijzingsdatum>\n<aw33:Toewijzingstijd>09:00:00</aw33:Toewijzingstijd>\n" \
    rest "</aw33:ToegewezenZorgzwaartepakket>\n"
#define INST "<aw33:Instelling>41009876</aw33:Instelling>\n"
#define ING "<aw33:Ingangsdatum>2022-08-17</aw33:Ingangsdatum>\n"
#define LV(n) "<aw33:Leveringsvorm>" n "</aw33:Leveringsvorm>\n"
#define FUN(rest) "<aw33:ToegewezenFunctie>\n<aw33:FunctieCode>41</aw33:FunctieCode>\n" INST \
    "<aw33:Toewijzingsdatum>2022-11-06</aw33:Toewijzingsdatum>\n<aw33:Toewijzingstijd>09:30:15</aw33:Toewijzingstijd>\n" \
    rest "</aw33:ToegewezenFunctie>\n"
#define DOC(x) HEAD x TAIL
#define ONE_ZZP DOC(CLIENT("812047436", ZZPS(ZZP("756", INST, ING LV("4")))))

typedef struct got {
    int n;
    aw33_row row[16];
    char file[16][64];
    unsigned long line[16];
    int stop_at;                 /* return AW_EREFDATA at this row (1-based), 0 = never */
    aw_ctx *ctx;
} got;

static aw_rc collect(void *ud, const aw33_row *row, const char *file, unsigned long line)
{
    got *g = ud;
    if (g->n < 16) {
        g->row[g->n] = *row;
        const char *b = strrchr(file, '/');
        snprintf(g->file[g->n], sizeof g->file[0], "%s", b ? b + 1 : file);
        g->line[g->n] = line;
    }
    g->n++;
    if (g->stop_at && g->n == g->stop_at)
        return err_set(g->ctx, AW_EREFDATA, "%s:%lu: stopped", file, line);
    return AW_OK;
}

static char dir[256];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/check_aw33.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void rm_rf(const char *d)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
    ck_assert_int_eq(system(cmd), 0);
}

static void teardown(void) { rm_rf(dir); }

/* Write text to dir/name and return the path (static buffer). */
static const char *put(const char *name, const char *text)
{
    static char p[4][512];
    static int k;
    char *path = p[k++ % 4];
    snprintf(path, 512, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* Parse text as one AW33 file: rc, rows in *g, the error message in msg. */
static aw_rc run(const char *text, got *g, char *msg, size_t n)
{
    aw_ctx *ctx = aw_ctx_new();
    memset(g, 0, sizeof *g);
    g->ctx = ctx;
    aw_rc rc = aw33_parse(ctx, put("in.xml", text), collect, g);
    snprintf(msg, n, "%s", aw_errmsg(ctx));
    aw_ctx_free(ctx);
    return rc;
}

/* Expect a failure with rc and a message "DIR/in.xml:LINE: ...want...". */
static void expect_fail(const char *text, aw_rc want_rc, unsigned long line, const char *want)
{
    got g;
    char msg[1024], pfx[600];
    aw_rc rc = run(text, &g, msg, sizeof msg);
    ck_assert_msg(rc == want_rc, "rc %d (want %d): %s", rc, want_rc, msg);
    snprintf(pfx, sizeof pfx, "%s/in.xml:%lu: ", dir, line);
    ck_assert_msg(!strncmp(msg, pfx, strlen(pfx)), "message '%s' does not start with '%s'", msg, pfx);
    ck_assert_msg(strstr(msg, want) != NULL, "message '%s' lacks '%s'", msg, want);
}

START_TEST(test_zzp_row)
{
    got g;
    char msg[1024];
    ck_assert_int_eq(run(ONE_ZZP, &g, msg, sizeof msg), AW_OK);
    ck_assert_int_eq(g.n, 1);
    const ref_toew *t = &g.row[0].t;
    ck_assert_uint_eq(t->bsn, 812047436u);
    ck_assert_int_eq(t->lv, AW_LV_ZZP);
    ck_assert_uint_eq(t->code, 756);
    ck_assert_uint_eq(t->instelling, 41009876u);
    ck_assert_int_eq(t->begin, date_days(2022, 8, 17));
    ck_assert_int_eq(t->end, REF_OPEN);               /* open Einddatum */
    ck_assert_uint_eq(t->percentage, 10000);           /* absent percentage */
    ck_assert(t->stamp == (long long)date_days(2022, 8, 17) * 86400 + 9 * 3600);
    ck_assert_uint_eq(g.line[0], 9);                   /* line of the element */
}
END_TEST

START_TEST(test_leveringsvorm_mapping)
{
    got g;
    char msg[1024];
    ck_assert_int_eq(run(DOC(CLIENT("812047436", ZZPS(
        ZZP("1", INST, ING LV("4")) ZZP("2", INST, ING LV("5")) ZZP("3", INST, ING LV("8"))
        ZZP("4", INST, ING LV("9")) ZZP("5", INST, ING LV("6")) ZZP("6", INST, ING LV("7"))))),
        &g, msg, sizeof msg), AW_OK);
    ck_assert_int_eq(g.n, 4);                          /* 6 and 7 are skipped */
    ck_assert_int_eq(g.row[0].t.lv, AW_LV_ZZP);
    ck_assert_int_eq(g.row[1].t.lv, AW_LV_VPT);
    ck_assert_int_eq(g.row[2].t.lv, AW_LV_ZZP);
    ck_assert_int_eq(g.row[3].t.lv, AW_LV_ZZP);
    ck_assert_uint_eq(g.row[3].t.code, 4);
}
END_TEST

START_TEST(test_missing_instelling_percentage_einddatum)
{
    got g;
    char msg[1024];
    ck_assert_int_eq(run(DOC(CLIENT("812047436", ZZPS(ZZP("756", "",
        "<aw33:ToewijzingPercentage>5000</aw33:ToewijzingPercentage>\n" ING
        "<aw33:Einddatum>2023-12-31</aw33:Einddatum>\n" LV("5"))))), &g, msg, sizeof msg), AW_OK);
    ck_assert_int_eq(g.n, 1);
    ck_assert_uint_eq(g.row[0].t.instelling, 0);       /* matches every instelling */
    ck_assert_uint_eq(g.row[0].t.percentage, 5000);
    ck_assert_int_eq(g.row[0].t.end, date_days(2023, 12, 31));
}
END_TEST

START_TEST(test_functie_row)
{
    got g;
    char msg[1024];
    ck_assert_int_eq(run(DOC(CLIENT("812047436", FUNS(
        FUN(ING "<aw33:Klasse>K2</aw33:Klasse>\n")
        FUN(ING "<aw33:Klasse> KD04 </aw33:Klasse>\n<aw33:Opslag>3</aw33:Opslag>\n")))),
        &g, msg, sizeof msg), AW_OK);
    ck_assert_int_eq(g.n, 2);
    ck_assert_int_eq(g.row[0].t.lv, AW_LV_MPT);
    ck_assert_uint_eq(g.row[0].t.code, 41);
    ck_assert_str_eq(g.row[0].klasse, "K2");
    ck_assert_int_eq(g.row[0].has_opslag, 0);
    ck_assert(g.row[0].t.stamp == (long long)date_days(2022, 11, 6) * 86400 + 9 * 3600 + 30 * 60 + 15);
    ck_assert_str_eq(g.row[1].klasse, "KD04");        /* white space around a value is ignored */
    ck_assert_int_eq(g.row[1].has_opslag, 1);
    ck_assert_uint_eq(g.row[1].opslag, 3);
}
END_TEST

/* Other versions 2_N and children in the basisschema namespace; other namespaces ignored. */
START_TEST(test_namespaces)
{
    got g;
    char msg[1024];
    ck_assert_int_eq(run("<b:Bericht xmlns:b=\"http://www.istandaarden.nl/iwlz/2_13/aw33/schema\" "
        "xmlns:i=\"http://www.istandaarden.nl/iwlz/2_13/basisschema/schema\" xmlns:o=\"urn:other\">"
        "<b:Clienten><b:Client><i:Bsn>812047436</i:Bsn><b:Indicatie><b:ToegewezenZorgzwaartepakketten>"
        "<b:ToegewezenZorgzwaartepakket><b:ZzpCode>756</b:ZzpCode><o:ZzpCode>999</o:ZzpCode>"
        "<i:Toewijzingsdatum>2022-08-17</i:Toewijzingsdatum><b:Toewijzingstijd>09:00:00</b:Toewijzingstijd>"
        "<b:Ingangsdatum>2022-08-17</b:Ingangsdatum><b:Leveringsvorm>4</b:Leveringsvorm>"
        "</b:ToegewezenZorgzwaartepakket></b:ToegewezenZorgzwaartepakketten></b:Indicatie></b:Client>"
        "<o:Client><b:Bsn>111111111</b:Bsn></o:Client></b:Clienten></b:Bericht>", &g, msg, sizeof msg), AW_OK);
    ck_assert_int_eq(g.n, 1);
    ck_assert_uint_eq(g.row[0].t.code, 756);
    ck_assert_uint_eq(g.row[0].t.bsn, 812047436u);
}
END_TEST

START_TEST(test_wrong_root)
{
    expect_fail("<Bericht/>", AW_EREFDATA, 1, "not an AW33");
    expect_fail("<x:Bericht xmlns:x=\"http://www.istandaarden.nl/iwlz/2_0/aw33/schema\"/>", AW_EREFDATA, 1, "not an AW33");
    expect_fail("<x:Bericht xmlns:x=\"http://www.istandaarden.nl/iwlz/2_02/aw33/schema\"/>", AW_EREFDATA, 1, "not an AW33");
    expect_fail("<x:Bericht xmlns:x=\"http://www.istandaarden.nl/iwlz/2_2/aw35/schema\"/>", AW_EREFDATA, 1, "not an AW33");
    expect_fail("<x:Header xmlns:x=\"" NS "\"/>", AW_EREFDATA, 1, "root element is Header");
    expect_fail("<?xml version=\"1.0\"?>\n<controlset xmlns=\"urn:aw319check:controlset:1\"/>", AW_EREFDATA, 2, "not an AW33");
}
END_TEST

START_TEST(test_malformed_values)
{
    expect_fail(DOC(CLIENT("81204743", "")), AW_EREFDATA, 6, "Bsn '81204743' is not 9 digits");
    expect_fail(DOC(CLIENT("81204743X", "")), AW_EREFDATA, 6, "Bsn '81204743X' is not 9 digits");
    expect_fail(DOC(CLIENT("", "")), AW_EREFDATA, 6, "Bsn is empty");
    expect_fail(DOC(CLIENT("812047436", ZZPS(ZZP("75X", INST, ING LV("4"))))), AW_EREFDATA, 10, "ZzpCode '75X' is not a code");
    expect_fail(DOC(CLIENT("812047436", ZZPS(ZZP("756", "<aw33:Instelling>4100987</aw33:Instelling>\n", ING LV("4"))))),
                AW_EREFDATA, 11, "Instelling '4100987' is not an AGB code of 8 digits");
    expect_fail(DOC(CLIENT("812047436", ZZPS(ZZP("756", INST, "<aw33:Ingangsdatum>2023-02-29</aw33:Ingangsdatum>\n" LV("4"))))),
                AW_EREFDATA, 14, "Ingangsdatum '2023-02-29' is not a date YYYY-MM-DD");
    expect_fail(DOC(CLIENT("812047436", ZZPS(ZZP("756", INST, "<aw33:Ingangsdatum>20230101</aw33:Ingangsdatum>\n" LV("4"))))),
                AW_EREFDATA, 14, "is not a date");
    expect_fail(DOC(CLIENT("812047436", ZZPS(ZZP("756", INST, ING "<aw33:Einddatum>2023-1-01</aw33:Einddatum>\n" LV("4"))))),
                AW_EREFDATA, 15, "Einddatum '2023-1-01'");
    expect_fail(DOC(CLIENT("812047436", ZZPS(ZZP("756", INST, "<aw33:ToewijzingPercentage>10001</aw33:ToewijzingPercentage>\n" ING LV("4"))))),
                AW_EREFDATA, 14, "ToewijzingPercentage '10001' is not hundredths 0-10000");
    expect_fail(DOC(CLIENT("812047436", ZZPS(ZZP("756", INST, ING LV("x"))))), AW_EREFDATA, 15, "Leveringsvorm 'x'");
    expect_fail(DOC(CLIENT("812047436", FUNS(FUN(ING "<aw33:Klasse>K 2</aw33:Klasse>\n")))), AW_EREFDATA, 15, "Klasse 'K 2'");
    expect_fail(DOC(CLIENT("812047436", FUNS(FUN(ING "<aw33:Klasse>K2</aw33:Klasse>\n<aw33:Opslag>-1</aw33:Opslag>\n")))),
                AW_EREFDATA, 16, "Opslag '-1'");
    /* a time out of range; a control byte is shown escaped */
    expect_fail(DOC(CLIENT("812047436", ZZPS("<aw33:ToegewezenZorgzwaartepakket>\n<aw33:Toewijzingstijd>24:00:00</aw33:Toewijzingstijd>\n"
                "</aw33:ToegewezenZorgzwaartepakket>\n"))), AW_EREFDATA, 10, "Toewijzingstijd '24:00:00' is not a time hh:mm:ss");
    expect_fail(DOC(CLIENT("812047436", ZZPS(ZZP("7&#9;6", INST, ING LV("4"))))), AW_EREFDATA, 10, "ZzpCode '7\\x096'");
    /* over-long values are cut off, not copied */
    expect_fail(DOC(CLIENT("812047436", FUNS(FUN(ING "<aw33:Klasse>KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK</aw33:Klasse>\n")))),
                AW_EREFDATA, 15, "Klasse is longer than 64 bytes");
    expect_fail(DOC(CLIENT("812047436", FUNS(FUN(ING "<aw33:Klasse>K2<aw33:X/></aw33:Klasse>\n")))), AW_EREFDATA, 15, "element X inside Klasse");
}
END_TEST

START_TEST(test_mask_bsn)
{
    /* --mask-bsn: a malformed Bsn quoted in a message is masked like every other BSN */
    got g;
    aw_ctx *ctx = aw_ctx_new();
    aw_ctx_set_mask_bsn(ctx, 1);
    memset(&g, 0, sizeof g);
    g.ctx = ctx;
    ck_assert_int_eq(aw33_parse(ctx, put("in.xml", DOC(CLIENT("81204743X", ""))), collect, &g), AW_EREFDATA);
    ck_assert_msg(strstr(aw_errmsg(ctx), "Bsn '81****3X'") != NULL || strstr(aw_errmsg(ctx), "'81****43X'") != NULL ||
                  strstr(aw_errmsg(ctx), "81****3") != NULL, "%s", aw_errmsg(ctx));
    ck_assert_ptr_null(strstr(aw_errmsg(ctx), "812047"));
    aw_ctx_free(ctx);
}
END_TEST

START_TEST(test_missing_mandatory)
{
    expect_fail(DOC(CLIENT("812047436", ZZPS(ZZP("756", INST, ING)))), AW_EREFDATA, 9, "ToegewezenZorgzwaartepakket without Leveringsvorm");
    expect_fail(DOC(CLIENT("812047436", ZZPS(ZZP("756", INST, LV("4"))))), AW_EREFDATA, 9, "without Ingangsdatum");
    expect_fail(DOC(CLIENT("812047436", ZZPS("<aw33:ToegewezenZorgzwaartepakket/>\n"))), AW_EREFDATA, 9, "without ZzpCode");
    expect_fail(DOC(CLIENT("812047436", FUNS(FUN(ING)))), AW_EREFDATA, 9, "ToegewezenFunctie without Klasse");
    expect_fail(DOC(CLIENT("812047436", FUNS("<aw33:ToegewezenFunctie><aw33:FunctieCode>41</aw33:FunctieCode>"
                "<aw33:Toewijzingsdatum>2022-11-06</aw33:Toewijzingsdatum><aw33:Toewijzingstijd>09:30:15</aw33:Toewijzingstijd>"
                ING "<aw33:Klasse>K2</aw33:Klasse></aw33:ToegewezenFunctie>\n"))), AW_EREFDATA, 9, "ToegewezenFunctie without Instelling");
    expect_fail(DOC("<aw33:Client>\n<aw33:Indicatie/>\n</aw33:Client>\n"), AW_EREFDATA, 5, "Client without Bsn");
    expect_fail(DOC("<aw33:Client/>\n"), AW_EREFDATA, 5, "Client without Bsn");
    expect_fail(DOC("<aw33:Client>\n<aw33:Indicatie>\n" ZZPS(ZZP("756", INST, ING LV("4"))) "</aw33:Indicatie><aw33:Bsn>812047436</aw33:Bsn></aw33:Client>\n"),
                AW_EREFDATA, 8, "ToegewezenZorgzwaartepakket in a Client without a Bsn before it");
    expect_fail(DOC(CLIENT("812047436", ZZPS(ZZP("756", INST, ING LV("4") LV("5"))))), AW_EREFDATA, 16, "Leveringsvorm twice");
}
END_TEST

START_TEST(test_malformed_xml)
{
    expect_fail("", AW_EXML, 1, "");
    expect_fail("<aw33:Bericht xmlns:aw33=\"" NS "\">\n<aw33:Clienten>\n</aw33:Bericht>\n", AW_EXML, 3, "not well-formed XML");
    expect_fail("<aw33:Bericht xmlns:aw33=\"" NS "\">\n<x:a/>\n</aw33:Bericht>\n", AW_EXML, 2, "not well-formed XML");
    expect_fail(DOC(CLIENT("812047436", ZZPS(ZZP("&bsn;", INST, ING LV("4"))))), AW_EXML, 10, "not well-formed XML");
    expect_fail("\x89PNG\r\n\x1a\n", AW_EXML, 1, "not well-formed XML");
}
END_TEST

/* doc/hardening.md: an XXE, a parameter-entity XXE and a billion-laughs AW33 are refused, and nothing
 * of the referenced file shows in the message. */
START_TEST(test_xxe_and_billion_laughs)
{
    static const char xxe[] = "<?xml version=\"1.0\"?>\n<!DOCTYPE aw33:Bericht [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
        "<aw33:Bericht xmlns:aw33=\"" NS "\"><aw33:Clienten><aw33:Client><aw33:Bsn>&e;</aw33:Bsn></aw33:Client></aw33:Clienten></aw33:Bericht>\n";
    static const char pe[] = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>\n"
        "<aw33:Bericht xmlns:aw33=\"" NS "\"/>\n";
    static const char lol[] = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
        " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
        " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
        " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
        " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
        " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
        " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
        " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
        " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n]>\n"
        "<aw33:Bericht xmlns:aw33=\"" NS "\"><aw33:Header>&lol9;</aw33:Header></aw33:Bericht>\n";
    static const char *const docs[] = {xxe, pe, lol};
    for (int i = 0; i < 3; i++) {
        got g;
        char msg[1024];
        aw_rc rc = run(docs[i], &g, msg, sizeof msg);
        ck_assert_msg(rc == AW_EXML, "doc %d: rc %d: %s", i, rc, msg);
        ck_assert_int_eq(g.n, 0);
        ck_assert_msg(!strstr(msg, "root:") && !strstr(msg, "lollol"), "leaked: %s", msg);
        ck_assert_msg(strstr(msg, "in.xml:"), "no file in '%s'", msg);
    }
    expect_fail(xxe, AW_EXML, 2, "a DOCTYPE is not allowed in an AW33");
    /* a DOCTYPE without any entity is refused just the same */
    expect_fail("<!DOCTYPE aw33:Bericht>\n<aw33:Bericht xmlns:aw33=\"" NS "\"/>\n", AW_EXML, 1, "DOCTYPE is not allowed");
}
END_TEST

START_TEST(test_callback_stops)
{
    aw_ctx *ctx = aw_ctx_new();
    got g;
    memset(&g, 0, sizeof g);
    g.ctx = ctx;
    g.stop_at = 1;
    ck_assert_int_eq(aw33_parse(ctx, put("in.xml", DOC(CLIENT("812047436", ZZPS(ZZP("1", INST, ING LV("4")) ZZP("2", INST, ING LV("4")))))),
                                collect, &g), AW_EREFDATA);
    ck_assert_int_eq(g.n, 1);
    ck_assert(strstr(aw_errmsg(ctx), "stopped"));
    aw_ctx_free(ctx);
}
END_TEST

/* A directory: every *.xml directly in it, in name order; nothing else.  Superseding is the
 * store's: the reader hands over every row in that order with its stamp. */
START_TEST(test_directory_name_order)
{
    put("b.xml", DOC(CLIENT("812047436", ZZPS(ZZP("756", INST, ING LV("4"))))));
    put("a.xml", DOC(CLIENT("812047436", ZZPS(ZZP("756", INST,
        "<aw33:Toewijzingsdatum>2022-09-01</aw33:Toewijzingsdatum>" ING LV("4"))))));
    put("c.txt", "not xml");
    put(".hidden.xml", "not xml");
    char sub[512];
    snprintf(sub, sizeof sub, "%s/sub.xml", dir);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    aw_ctx *ctx = aw_ctx_new();
    got g;
    memset(&g, 0, sizeof g);
    g.ctx = ctx;
    /* a.xml has Toewijzingsdatum twice: an error naming a.xml, so b.xml was never read */
    ck_assert_int_eq(aw33_parse_path(ctx, dir, collect, &g), AW_EREFDATA);
    ck_assert_msg(strstr(aw_errmsg(ctx), "/a.xml:14: Toewijzingsdatum twice"), "%s", aw_errmsg(ctx));
    ck_assert_int_eq(g.n, 0);
    aw_ctx_free(ctx);

    put("a.xml", DOC(CLIENT("812047436", ZZPS(ZZP("756", INST, ING LV("4"))))));
    put("c.xml", DOC(CLIENT("812047436", ZZPS("<aw33:ToegewezenZorgzwaartepakket>\n<aw33:ZzpCode>756</aw33:ZzpCode>\n" INST
        "<aw33:Toewijzingsdatum>2022-08-17</aw33:Toewijzingsdatum>\n<aw33:Toewijzingstijd>08:00:00</aw33:Toewijzingstijd>\n"
        ING "<aw33:Einddatum>2022-12-31</aw33:Einddatum>\n" LV("4") "</aw33:ToegewezenZorgzwaartepakket>\n"))));
    ctx = aw_ctx_new();
    memset(&g, 0, sizeof g);
    g.ctx = ctx;
    ck_assert_int_eq(aw33_parse_path(ctx, dir, collect, &g), AW_OK);
    ck_assert_int_eq(g.n, 3);
    ck_assert_str_eq(g.file[0], "a.xml");
    ck_assert_str_eq(g.file[1], "b.xml");
    ck_assert_str_eq(g.file[2], "c.xml");
    /* the same identity in c.xml with an earlier stamp: the store keeps a.xml/b.xml's */
    ck_assert(g.row[2].t.stamp < g.row[0].t.stamp);
    ck_assert_int_eq(g.row[2].t.end, date_days(2022, 12, 31));
    aw_ctx_free(ctx);
}
END_TEST

START_TEST(test_path_errors)
{
    aw_ctx *ctx = aw_ctx_new();
    got g;
    memset(&g, 0, sizeof g);
    char p[512];
    snprintf(p, sizeof p, "%s/missing.xml", dir);
    ck_assert_int_eq(aw33_parse_path(ctx, p, collect, &g), AW_EIO);
    ck_assert(strstr(aw_errmsg(ctx), "missing.xml: cannot open"));
    aw_ctx_free(ctx);
    ctx = aw_ctx_new();
    ck_assert_int_eq(aw33_parse_path(ctx, dir, collect, &g), AW_EREFDATA);   /* empty directory */
    ck_assert(strstr(aw_errmsg(ctx), "no *.xml files"));
    aw_ctx_free(ctx);
}
END_TEST

START_TEST(test_oom)
{
    put("a.xml", ONE_ZZP);
    put("b.xml", ONE_ZZP);
    /* until a run needs fewer allocations than the countdown: every one has failed once */
    for (long n = 1, left = 0; !left; n++) {
        ck_assert_msg(n < TU_OOM_LIMIT, "no run without a failed allocation");
        aw_ctx *ctx = aw_ctx_new();
        got g;
        memset(&g, 0, sizeof g);
        mem_fail_after(n);
        aw_rc rc = aw33_parse_path(ctx, dir, collect, &g);
        left = mem_fail_after(0);
        ck_assert(rc == AW_OK || rc == AW_ENOMEM);
        ck_assert(rc == AW_OK || !left);
        if (rc == AW_OK) ck_assert_int_eq(g.n, 2);
        aw_ctx_free(ctx);
    }
}
END_TEST

static const char *fixture(const char *rel)
{
    static char p[1024];
    const char *top = getenv("top_srcdir");
    snprintf(p, sizeof p, "%s/fixtures/%s", top && *top ? top : ".", rel);
    return p;
}

START_TEST(test_schema)
{
    aw_ctx *ctx = aw_ctx_new();
    got g;
    memset(&g, 0, sizeof g);
    g.ctx = ctx;
    ck_assert_int_eq(aw_ctx_set_aw33_schema(ctx, fixture("aw33/schema")), AW_OK);
    /* the shared example messages are valid (they import basisschema.xsd from the same dir) */
    ck_assert_msg(aw33_parse_path(ctx, fixture("cases/example-refdata-aw33/toewijzingen"), collect, &g) == AW_OK,
                  "%s", aw_errmsg(ctx));
    ck_assert_int_eq(g.n, 7);
    ck_assert_str_eq(g.file[0], "aw33-001.xml");
    /* invalid: an element the schema does not allow, which the reader itself ignores */
    memset(&g, 0, sizeof g);
    const char *bad = put("bad.xml", HEAD "<aw33:Klant/>\n" TAIL);
    ck_assert_int_eq(aw33_parse(ctx, bad, collect, &g), AW_EXML);
    ck_assert_msg(strstr(aw_errmsg(ctx), "bad.xml:5: does not match the AW33 schema"), "%s", aw_errmsg(ctx));
    aw_ctx_free(ctx);
    /* a BSN the schema refuses */
    ctx = aw_ctx_new();
    ck_assert_int_eq(aw_ctx_set_aw33_schema(ctx, fixture("aw33/schema")), AW_OK);
    ck_assert_int_eq(aw33_parse(ctx, put("bad.xml", DOC(CLIENT("81204743X", ""))), collect, &g), AW_EXML);
    ck_assert_msg(strstr(aw_errmsg(ctx), "bad.xml:6: does not match the AW33 schema"), "%s", aw_errmsg(ctx));
    aw_ctx_free(ctx);
    /* with a schema, a well-formedness error is still called that */
    ctx = aw_ctx_new();
    ck_assert_int_eq(aw_ctx_set_aw33_schema(ctx, fixture("aw33/schema")), AW_OK);
    ck_assert_int_eq(aw33_parse(ctx, put("bad.xml", HEAD "<aw33:Client>\n" TAIL), collect, &g), AW_EXML);
    ck_assert_msg(strstr(aw_errmsg(ctx), "bad.xml:6: not well-formed XML"), "%s", aw_errmsg(ctx));
    aw_ctx_free(ctx);
    /* the schema cannot be loaded: not a schema, or no aw33.xsd in the directory */
    ctx = aw_ctx_new();
    ck_assert_int_eq(aw_ctx_set_aw33_schema(ctx, fixture("aw33/bad-schema")), AW_OK);
    ck_assert_int_eq(aw33_parse(ctx, put("ok.xml", ONE_ZZP), collect, &g), AW_EXML);
    ck_assert_msg(strstr(aw_errmsg(ctx), "aw33.xsd:3: cannot load the AW33 schema"), "%s", aw_errmsg(ctx));
    aw_ctx_free(ctx);
    ctx = aw_ctx_new();
    ck_assert_int_eq(aw_ctx_set_aw33_schema(ctx, dir), AW_OK);
    ck_assert_int_eq(aw33_parse(ctx, put("ok.xml", ONE_ZZP), collect, &g), AW_EXML);
    ck_assert_msg(strstr(aw_errmsg(ctx), "--aw33-schema: no aw33.xsd in the directory"), "%s", aw_errmsg(ctx));
    ck_assert_int_eq(aw_ctx_set_aw33_schema(ctx, fixture("aw33/no-such-dir")), AW_EUSAGE);
    aw_ctx_free(ctx);
}
END_TEST

/* ---- the iWlz XSD folder as published (issue #12): AW33.xsd importing basisschema.xsd
 * while the file is Basisschema.xsd; names matched without regard to case, inside DIR only. */

/* Parse the three example messages with the schema of sdir: rc, message in msg. */
static aw_rc with_schema(const char *sdir, const char *path, got *g, char *msg, size_t n)
{
    aw_ctx *ctx = aw_ctx_new();
    memset(g, 0, sizeof *g);
    g->ctx = ctx;
    ck_assert_int_eq(aw_ctx_set_aw33_schema(ctx, sdir), AW_OK);
    aw_rc rc = aw33_parse_path(ctx, path, collect, g);
    snprintf(msg, n, "%s", aw_errmsg(ctx));
    aw_ctx_free(ctx);
    return rc;
}

static void sh(const char *fmt, const char *a, const char *b)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, fmt, a, b);
    ck_assert_msg(system(cmd) == 0, "%s", cmd);
}

#define XS "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" " \
    "targetNamespace=\"" NS "\" xmlns:b=\"http://www.istandaarden.nl/iwlz/2_2/basisschema/schema\">\n"
#define IMPORT(loc) "<xs:import namespace=\"http://www.istandaarden.nl/iwlz/2_2/basisschema/schema\" " \
    "schemaLocation=\"" loc "\"/>\n<xs:element name=\"Bericht\" type=\"b:LDT_BurgerServicenummer\"/>\n</xs:schema>\n"

START_TEST(test_schema_official_folder)
{
    got g;
    char msg[1024], sdir[512], p[600];
    char ex[1024];
    snprintf(ex, sizeof ex, "%s", fixture("cases/example-refdata-aw33/toewijzingen"));
    /* the folder as published: AW33.xsd + Basisschema.xsd, imported as basisschema.xsd */
    ck_assert_msg(with_schema(fixture("aw33/schema-official"), ex, &g, msg, sizeof msg) == AW_OK, "%s", msg);
    ck_assert_int_eq(g.n, 7);
    /* the basisschema's types are in force: a BSN of 8 digits is refused by its pattern */
    snprintf(p, sizeof p, "%s/bad.xml", dir);
    sh("sed 's/>812047436</>81204743</' '%s/aw33-001.xml' > '%s'", ex, p);
    ck_assert_int_eq(with_schema(fixture("aw33/schema-official"), p, &g, msg, sizeof msg), AW_EXML);
    ck_assert_msg(strstr(msg, "bad.xml:14: does not match the AW33 schema") && strstr(msg, "[0-9]{9}"), "%s", msg);
    /* a copy in a folder whose name has a space (libxml2 escapes it in the import's URL) */
    snprintf(sdir, sizeof sdir, "%s/iWlz 2.2 XSD", dir);
    sh("cp -r '%s' '%s'", fixture("aw33/schema-official"), sdir);
    ck_assert_msg(with_schema(sdir, ex, &g, msg, sizeof msg) == AW_OK, "%s", msg);
    ck_assert_int_eq(g.n, 7);
    /* aw33.xsd exactly wins over another case; two other cases are ambiguous */
    snprintf(p, sizeof p, "%s/aw33.xsd", sdir);
    sh("cp '%s/AW33.xsd' '%s'", sdir, p);
    snprintf(p, sizeof p, "%s/AW33.xsd", sdir);
    sh("echo 'not a schema' > '%s'%s", p, "");
    ck_assert_msg(with_schema(sdir, ex, &g, msg, sizeof msg) == AW_OK, "%s", msg);
    snprintf(p, sizeof p, "%s/aw33.xsd", sdir);
    sh("mv '%s' '%s/Aw33.xsd'", p, sdir);
    ck_assert_int_eq(with_schema(sdir, ex, &g, msg, sizeof msg), AW_EXML);
    ck_assert_msg(strstr(msg, "several files are named aw33.xsd"), "%s", msg);
    /* an import not found, in a folder with a space: the message names the file as it is */
    snprintf(sdir, sizeof sdir, "%s/Other XSD", dir);
    sh("cp -r '%s' '%s'", fixture("aw33/schema-official"), sdir);
    sh("sed -i 's/\"basisschema.xsd\"/\"iwlz-basis.xsd\"/' '%s/AW33.xsd'%s", sdir, "");
    ck_assert_int_eq(with_schema(sdir, ex, &g, msg, sizeof msg), AW_EXML);
    ck_assert_msg(strstr(msg, "/Other XSD/AW33.xsd:13: cannot load the AW33 schema: 'iwlz-basis.xsd' is not in "
                              "the schema directory"), "%s", msg);
}
END_TEST

/* An import that is not in DIR, points outside it, or is not a local file: a clear error
 * naming the location and the line of the import; nothing outside DIR is read. */
START_TEST(test_schema_import_refused)
{
    got g;
    char msg[1024], sdir[512], other[512], p[600];
    snprintf(sdir, sizeof sdir, "%s/xsd", dir);
    snprintf(other, sizeof other, "%s/elsewhere", dir);
    ck_assert_int_eq(mkdir(sdir, 0700), 0);
    ck_assert_int_eq(mkdir(other, 0700), 0);
    sh("cp '%s/Basisschema.xsd' '%s'", fixture("aw33/schema-official"), other);
    static const struct { const char *xsd, *want; } cases[] = {
        {XS "\n" IMPORT("../elsewhere/Basisschema.xsd"), "is outside the schema directory"},
        {XS "\n" IMPORT("Basis.xsd"), "'Basis.xsd' is not in the schema directory"},
        {XS "\n" IMPORT("nodir/basisschema.xsd"), "no such directory"},
        {XS "\n" IMPORT("http://www.istandaarden.nl/basisschema.xsd"), "is not a local file"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(p, sizeof p, "%s/AW33.xsd", sdir);
        FILE *f = fopen(p, "w");
        ck_assert_ptr_nonnull(f);
        fputs(cases[i].xsd, f);
        fclose(f);
        ck_assert_int_eq(with_schema(sdir, put("ok.xml", ONE_ZZP), &g, msg, sizeof msg), AW_EXML);
        ck_assert_msg(strstr(msg, "/xsd/AW33.xsd:3: cannot load the AW33 schema: ") && strstr(msg, cases[i].want),
                      "case %zu: %s", i, msg);
    }
}
END_TEST

/* ---- standard error stays clean: libxml2's stray reports (I/O errors of a schema's
 * imports, "Unimplemented block at xmlschemas.c" ...) end up in the message, never on fd 2. */
static int saved_fd = -1;

static void stderr_to(const char *path)
{
    fflush(stderr);
    saved_fd = dup(2);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert(saved_fd >= 0 && fd >= 0);
    dup2(fd, 2);
    close(fd);
}

static const char *stderr_back(const char *path)
{
    static char buf[4096];
    fflush(stderr);
    dup2(saved_fd, 2);
    close(saved_fd);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    return buf;
}

START_TEST(test_nothing_on_stderr)
{
    got g;
    char msg[1024], sdir[512], p[600], errpath[512];
    snprintf(errpath, sizeof errpath, "%s/stderr.txt", dir);
    snprintf(sdir, sizeof sdir, "%s/xsd", dir);
    ck_assert_int_eq(mkdir(sdir, 0700), 0);
    /* an import that is a directory: libxml2 printed "I/O error : Is a directory" and a
     * parser error with context lines */
    snprintf(p, sizeof p, "%s/basisschema.xsd", sdir);
    ck_assert_int_eq(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/AW33.xsd", sdir);
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs(XS "\n" IMPORT("basisschema.xsd"), f);
    fclose(f);
    stderr_to(errpath);
    aw_rc rc = with_schema(sdir, put("ok.xml", ONE_ZZP), &g, msg, sizeof msg);
    const char *err = stderr_back(errpath);
    ck_assert_int_eq(rc, AW_EXML);
    ck_assert_msg(!err[0], "stderr: %s", err);
    ck_assert_msg(strstr(msg, "AW33.xsd:3: cannot load the AW33 schema: ") && strstr(msg, "not a regular file"), "%s", msg);
    /* an import that is not XML: libxml2's parser of the import printed "parser error : Start
     * tag expected" with the line and a caret; now it is the message, naming that file */
    snprintf(p, sizeof p, "%s/basisschema.xsd", sdir);
    ck_assert_int_eq(rmdir(p), 0);
    f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs("\nnot xml\n", f);
    fclose(f);
    stderr_to(errpath);
    rc = with_schema(sdir, put("ok.xml", ONE_ZZP), &g, msg, sizeof msg);
    err = stderr_back(errpath);
    ck_assert_int_eq(rc, AW_EXML);
    ck_assert_msg(!err[0], "stderr: %s", err);
    ck_assert_msg(strstr(msg, "/xsd/basisschema.xsd:2: cannot load the AW33 schema: Start tag expected"), "%s", msg);
    /* an empty AW33 read with a schema: "Unimplemented block at xmlschemas.c" from libxml2 */
    stderr_to(errpath);
    rc = with_schema(fixture("aw33/schema-official"), put("empty.xml", ""), &g, msg, sizeof msg);
    err = stderr_back(errpath);
    ck_assert_int_eq(rc, AW_EXML);
    ck_assert_msg(!err[0], "stderr: %s", err);
    ck_assert_msg(strstr(msg, "empty.xml:1: "), "%s", msg);
    /* the input guard stops the read (libxml2 sees a read error) */
    char *big = malloc(4096);
    ck_assert_ptr_nonnull(big);
    strcpy(big, HEAD "<aw33:Extra");
    for (int i = 0; i < 100; i++) sprintf(big + strlen(big), " a%d='1'", i);
    strcat(big, "/>" TAIL);
    stderr_to(errpath);
    rc = with_schema(fixture("aw33/schema-official"), put("attrs.xml", big), &g, msg, sizeof msg);
    err = stderr_back(errpath);
    free(big);
    ck_assert_int_eq(rc, AW_EXML);
    ck_assert_msg(!err[0], "stderr: %s", err);
    ck_assert_msg(strstr(msg, "attrs.xml:5: more than 64 attributes"), "%s", msg);
}
END_TEST

/* ---- the input guard (issue #16): limits checked on the raw characters before libxml2
 * parses them, so a hostile file is refused at once (80,000 attributes took libxml2 50 s). */

/* HEAD, then `pre`, then n copies of `rep` (with %d = the copy's number when fmt), then
 * `post` and TAIL, into a new buffer. */
static char *gen(const char *pre, const char *rep, long n, const char *post)
{
    size_t cap = strlen(HEAD) + strlen(pre) + (size_t)n * (strlen(rep) + 12) + strlen(post) + strlen(TAIL) + 1;
    char *b = malloc(cap), *w = b;
    ck_assert_ptr_nonnull(b);
    w += sprintf(w, "%s%s", HEAD, pre);
    for (long i = 0; i < n; i++) w += sprintf(w, rep, i);
    sprintf(w, "%s%s", post, TAIL);
    return b;
}

static void expect_gen(char *text, aw_rc want_rc, const char *want)
{
    if (want_rc == AW_OK) {
        got g;
        char msg[1024];
        aw_rc rc = run(text, &g, msg, sizeof msg);
        ck_assert_msg(rc == AW_OK, "rc %d: %s", rc, msg);
    } else {
        expect_fail(text, want_rc, 5, want);
    }
    free(text);
}

START_TEST(test_limits)
{
    /* attributes: 64 on one element pass, 65 do not; 80,000 (about 1 MB) are refused at once */
    expect_gen(gen("<aw33:Extra", " a%ld='1'", 64, "/>\n"), AW_OK, NULL);
    expect_gen(gen("<aw33:Extra", " a%ld='1'", 65, "/>\n"), AW_EXML, "more than 64 attributes on one element");
    expect_gen(gen("<aw33:Extra", " a%ld=\"1\"", 80000, "/>\n"), AW_EXML, "more than 64 attributes on one element");
    expect_gen(gen("<aw33:Extra", " xmlns:n%ld='urn:x'", 200000, "/>\n"), AW_EXML, "more than 64 attributes");
    /* names: 256 characters pass, 257 do not (element and attribute names) */
    char name[300];
    memset(name, 'n', 256);
    name[256] = 0;
    char pre[400];
    snprintf(pre, sizeof pre, "<%s/>", name);
    expect_gen(gen(pre, "", 0, "\n"), AW_OK, NULL);
    snprintf(pre, sizeof pre, "<x %s='1'/>", name);
    expect_gen(gen(pre, "", 0, "\n"), AW_OK, NULL);
    name[256] = 'n';
    name[257] = 0;
    snprintf(pre, sizeof pre, "<%s/>", name);
    expect_gen(gen(pre, "", 0, "\n"), AW_EXML, "a name longer than 256 characters");
    snprintf(pre, sizeof pre, "<x %s='1'/>", name);
    expect_gen(gen(pre, "", 0, "\n"), AW_EXML, "a name longer than 256 characters");
    /* depth: Bericht (1) and Clienten (2) hold 62 more (64 in all), not 63 */
    char *t = gen("", "<x>", 62, "");
    char *close = gen("", "</x>", 62, "\n");
    char *both = malloc(strlen(t) + strlen(close) + 1);
    ck_assert_ptr_nonnull(both);
    *strstr(t, TAIL) = 0;
    sprintf(both, "%s%s", t, strstr(close, "</x>"));
    expect_gen(both, AW_OK, NULL);
    free(t);
    free(close);
    expect_gen(gen("", "<x>", 63, "\n"), AW_EXML, "elements nested more than 64 deep");
    expect_gen(gen("", "<x>", 100000, "\n"), AW_EXML, "elements nested more than 64 deep");
    /* one text, attribute value, comment, CDATA section or PI: at most 1 MiB */
    long mib = XMLIO_MAX_TEXT;
    expect_gen(gen("<x>", "y", mib, "</x>\n"), AW_OK, NULL);
    expect_gen(gen("<x>", "y", mib + 1, "</x>\n"), AW_EXML, "a text longer than 1048576 characters");
    expect_gen(gen("<x a='", "y", mib + 1, "'/>\n"), AW_EXML, "an attribute value longer than");
    expect_gen(gen("<!--", "y", mib + 1, "-->\n"), AW_EXML, "a comment longer than");
    expect_gen(gen("<x><![CDATA[", "y", mib + 1, "]]></x>\n"), AW_EXML, "a CDATA section longer than");
    expect_gen(gen("<?pi ", "y", mib + 1, "?>\n"), AW_EXML, "a processing instruction longer than");
    /* markup the guard follows does not count: '>' in values, comments, CDATA and PIs */
    expect_gen(gen("<x a='>' b=\"/>\"/><!-- <x> --><x><![CDATA[<x>]]></x><?pi <x>?>", "", 0, "\n"), AW_OK, NULL);
}
END_TEST

/* ---- UTF-16 (issue #16): read like UTF-8 when the file says so by its byte order mark or by
 * "<?xml" in UTF-16; lines and limits count characters as in UTF-8.  UCS-4 is refused. */

/* text (ASCII) as UTF-16 (be: big-endian) with or without a BOM, or UCS-4 LE with a BOM. */
static const char *put16(const char *name, const char *text, int be, int bom, int ucs4)
{
    size_t n = strlen(text), w = ucs4 ? 4 : 2, k = 0;
    unsigned char *b = malloc((n + 1) * w);
    ck_assert_ptr_nonnull(b);
    unsigned long mark = 0xFEFF;
    for (size_t i = bom ? 0 : 1; i <= n; i++) {
        unsigned long c = i == 0 ? mark : (unsigned char)text[i - 1];
        for (size_t j = 0; j < w; j++) b[k++] = (unsigned char)(c >> (8 * (be ? w - 1 - j : j)));
    }
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fwrite(b, 1, k, f);
    fclose(f);
    free(b);
    static char out[512];
    snprintf(out, sizeof out, "%s", path);
    return out;
}

static aw_rc run_path(const char *path, got *g, char *msg, size_t n)
{
    aw_ctx *ctx = aw_ctx_new();
    memset(g, 0, sizeof *g);
    g->ctx = ctx;
    aw_rc rc = aw33_parse(ctx, path, collect, g);
    snprintf(msg, n, "%s", aw_errmsg(ctx));
    aw_ctx_free(ctx);
    return rc;
}

START_TEST(test_utf16)
{
    got g8, g;
    char msg[1024];
    ck_assert_int_eq(run(ONE_ZZP, &g8, msg, sizeof msg), AW_OK);
    /* the XML declaration says UTF-8 (a converted file often keeps it): the BOM wins */
    for (int be = 0; be < 2; be++) {
        ck_assert_msg(run_path(put16("u16.xml", ONE_ZZP, be, 1, 0), &g, msg, sizeof msg) == AW_OK, "%s", msg);
        ck_assert_int_eq(g.n, 1);
        ck_assert_mem_eq(&g.row[0].t, &g8.row[0].t, sizeof g.row[0].t);
        ck_assert_int_eq(g.line[0], g8.line[0]);
    }
    /* no BOM: "<?xml" in UTF-16 and encoding="UTF-16" */
    const char *one = ONE_ZZP, *at = strstr(one, "UTF-8");
    char *doc = malloc(strlen(one) + 2);
    ck_assert_ptr_nonnull(doc);
    sprintf(doc, "%.*sUTF-16%s", (int)(at - one), one, at + 5);
    for (int be = 0; be < 2; be++) {
        ck_assert_msg(run_path(put16("u16.xml", doc, be, 0, 0), &g, msg, sizeof msg) == AW_OK, "%s", msg);
        ck_assert_int_eq(g.n, 1);
        ck_assert_mem_eq(&g.row[0].t, &g8.row[0].t, sizeof g.row[0].t);
    }
    free(doc);
    /* lines in messages are the same as in UTF-8: a bad value, a DOCTYPE, a limit */
    ck_assert_int_eq(run_path(put16("u16.xml", DOC(CLIENT("81204743X", "")), 0, 1, 0), &g, msg, sizeof msg), AW_EREFDATA);
    ck_assert_msg(strstr(msg, "u16.xml:6: Bsn '81204743X'"), "%s", msg);
    ck_assert_int_eq(run_path(put16("u16.xml", "<?xml version='1.0'?>\n\n<!DOCTYPE x>\n<x/>\n", 1, 1, 0), &g, msg, sizeof msg), AW_EXML);
    ck_assert_msg(strstr(msg, "u16.xml:3: a DOCTYPE is not allowed"), "%s", msg);
    char *big = gen("<aw33:Extra", " a%ld='1'", 65, "/>\n");
    ck_assert_int_eq(run_path(put16("u16.xml", big, 0, 1, 0), &g, msg, sizeof msg), AW_EXML);
    ck_assert_msg(strstr(msg, "u16.xml:5: more than 64 attributes"), "%s", msg);
    free(big);
    /* UCS-4: refused by name */
    ck_assert_int_eq(run_path(put16("u32.xml", ONE_ZZP, 0, 1, 1), &g, msg, sizeof msg), AW_EXML);
    ck_assert_msg(strstr(msg, "u32.xml:1: the file is in UCS-4"), "%s", msg);
}
END_TEST

Suite *make_aw33_suite(void)
{
    Suite *s = suite_create("aw33");
    TCase *t = tcase_create("reader");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_zzp_row);
    tcase_add_test(t, test_leveringsvorm_mapping);
    tcase_add_test(t, test_missing_instelling_percentage_einddatum);
    tcase_add_test(t, test_functie_row);
    tcase_add_test(t, test_namespaces);
    tcase_add_test(t, test_wrong_root);
    tcase_add_test(t, test_malformed_values);
    tcase_add_test(t, test_mask_bsn);
    tcase_add_test(t, test_missing_mandatory);
    tcase_add_test(t, test_malformed_xml);
    tcase_add_test(t, test_xxe_and_billion_laughs);
    tcase_add_test(t, test_callback_stops);
    tcase_add_test(t, test_directory_name_order);
    tcase_add_test(t, test_path_errors);
    tcase_add_test(t, test_oom);
    tcase_add_test(t, test_schema);
    tcase_add_test(t, test_schema_official_folder);
    tcase_add_test(t, test_schema_import_refused);
    tcase_add_test(t, test_nothing_on_stderr);
    tcase_add_test(t, test_limits);
    tcase_add_test(t, test_utf16);
    suite_add_tcase(s, t);
    return s;
}
