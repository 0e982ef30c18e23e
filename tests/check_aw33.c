/* check_aw33.c — Check suite for aw33.c: the streaming AW33 reader (SPEC 2.2), its XML
 * safety policy (SPEC 9) and --aw33-schema validation.  Inputs are written to a temporary
 * directory from the strings below; the schema fixtures live in fixtures/aw33/. */
#include "check_suites.h"
#include "aw33.h"
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
        return aw_set_error(g->ctx, AW_EREFDATA, "%s:%lu: stopped", file, line);
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

/* SPEC 9: an XXE, a parameter-entity XXE and a billion-laughs AW33 are refused, and nothing
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
    for (long n = 1; n <= 6; n++) {
        aw_ctx *ctx = aw_ctx_new();
        got g;
        memset(&g, 0, sizeof g);
        aw_mem_fail_after(n);
        aw_rc rc = aw33_parse_path(ctx, dir, collect, &g);
        aw_mem_fail_after(0);
        ck_assert(rc == AW_OK || rc == AW_ENOMEM);
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
    ck_assert_msg(strstr(aw_errmsg(ctx), "aw33.xsd:1: cannot load the AW33 schema"), "%s", aw_errmsg(ctx));
    ck_assert_int_eq(aw_ctx_set_aw33_schema(ctx, fixture("aw33/no-such-dir")), AW_EUSAGE);
    aw_ctx_free(ctx);
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
    tcase_add_test(t, test_missing_mandatory);
    tcase_add_test(t, test_malformed_xml);
    tcase_add_test(t, test_xxe_and_billion_laughs);
    tcase_add_test(t, test_callback_stops);
    tcase_add_test(t, test_directory_name_order);
    tcase_add_test(t, test_path_errors);
    tcase_add_test(t, test_oom);
    tcase_add_test(t, test_schema);
    suite_add_tcase(s, t);
    return s;
}
