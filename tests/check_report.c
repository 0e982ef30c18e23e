/* SPDX-License-Identifier: MIT */
/* check_report.c — the XML report (report.c) and the other formats (report_formats.c): the document of a
 * small in-memory run and its validity against schemas/report.xsd, clean UTF-8 from
 * ISO-8859-1 and control bytes, BSN masking, totals per leveringsvorm, html, junit, csv, json and sarif,
 * records opt-in, escapes in every format, temp files and out-of-memory. */
#include "check_suites.h"
#include "testutil.h"
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlschemas.h>

static const char *srcdir(void)
{
    const char *s = getenv("top_srcdir");
    return s && *s ? s : ".";
}

/* The stylesheets come from the source tree (as in make check's e2e drivers). */
static void use_source_datadir(void) { setenv("AW319_DATADIR", srcdir(), 1); }

static char *slurp(const char *path, size_t *len)
{
    struct stat st;
    if (stat(path, &st) != 0) return NULL;
    char *b = malloc((size_t)st.st_size + 1);
    int fd = open(path, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(read(fd, b, (size_t)st.st_size), st.st_size);
    close(fd);
    b[st.st_size] = 0;
    if (len) *len = (size_t)st.st_size;
    return b;
}

/* A small month: two clients, the first with a BSN failing the elfproef. */
static char *month(size_t *len)
{
    static char h[311], c1[311], p1[311], c2[311], p2[311], t[311];
    tu_header(h);
    tu_client(c1, 1, "123456789");
    tu_prestatie(p1, 2, "123456789", "REF1");
    tu_client(c2, 3, "100000630");
    tu_prestatie(p2, 4, "100000630", "REF2");
    char *recs[] = {h, c1, p1, c2, p2, t};
    tu_trailer(t, recs, 5);
    return tu_join(recs, 6, len);
}

static int run_records = 1; /* run_report lists every record (--report-records) */

/* Check buf with a report of format fmt in ctx; returns the committed output (malloc'd) or
 * NULL when a step failed (its code in *rcp, nothing left in the temporary directory). */
static char *run_report(aw_ctx *ctx, aw_report_format fmt, const char *buf, size_t len, aw_rc *rcp)
{
    char dir[] = "/tmp/aw319-repXXXXXX", path[64];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/out%s", dir, aw_report_suffix(fmt));
    char inpath[] = "/tmp/aw319-inXXXXXX";
    int fd = mkstemp(inpath);
    ck_assert_int_eq(write(fd, buf, len), (ssize_t)len);
    lseek(fd, 0, SEEK_SET);
    unlink(inpath);

    aw_output *o = NULL;
    aw_report *r = NULL;
    aw_summary sum;
    char *out = NULL;
    aw_rc rc = aw_output_open(ctx, path, &o);
    if (!rc) rc = aw_report_new(ctx, o, fmt, &r);
    if (!rc) {
        aw_report_set_records(r, run_records);
        aw_report_set_name(r, "t.asc");
        aw_sink s = aw_report_sink(r);
        rc = aw_check_fd(ctx, fd, "t.asc", &s, 1, &sum);
    }
    if (!rc) rc = aw_report_finish(r);
    aw_report_free(r);
    if (!rc) rc = aw_output_commit(ctx, o);
    else aw_output_discard(o);
    close(fd);
    if (!rc) {
        struct stat st;
        ck_assert_int_eq(stat(path, &st), 0);
        ck_assert_int_eq(st.st_mode & 0777, 0600);
        out = slurp(path, NULL);
        unlink(path);
    }
    ck_assert_int_eq(rmdir(dir), 0); /* fails when a temporary file was left behind */
    *rcp = rc;
    return out;
}

/* 1 when doc (a report) is valid against schemas/report.xsd. */
static int schema_valid(const char *doc)
{
    char xsd[4096];
    snprintf(xsd, sizeof xsd, "%s/schemas/report.xsd", srcdir());
    /* from memory: a path would go through the refuse-all entity loader */
    size_t n;
    char *text = slurp(xsd, &n);
    ck_assert_ptr_nonnull(text);
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt(text, (int)n);
    xmlSchemaPtr s = xmlSchemaParse(pc);
    ck_assert_ptr_nonnull(s);
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(s);
    xmlDocPtr d = xmlReadMemory(doc, (int)strlen(doc), "report.xml", NULL, XML_PARSE_NONET);
    int ok = d && xmlSchemaValidateDoc(vc, d) == 0;
    xmlFreeDoc(d);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(s);
    xmlSchemaFreeParserCtxt(pc);
    free(text);
    return ok;
}

/* Occurrences of needle in hay (linear: strstr per match is quadratic under ASan's interceptor). */
static int count(const char *hay, const char *needle)
{
    size_t len = strlen(needle);
    int n = 0;
    for (const char *p = hay; *p; p++) n += *p == *needle && !strncmp(p, needle, len);
    return n;
}

START_TEST(xml_of_a_month)
{
    size_t len;
    char *in = month(&len);
    aw_ctx *ctx = aw_ctx_new();
    aw_ctx_set_run_date(ctx, 20231114);
    aw_rc rc;
    char *x = run_report(ctx, AW_REPORT_XML, in, len, &rc);
    ck_assert_int_eq(rc, AW_OK);
    ck_assert(schema_valid(x));
    ck_assert(strstr(x, "<report tool=\"aw319check\" version=\"") != NULL);
    ck_assert(strstr(x, "xmlns=\"urn:aw319check:report:1\"") != NULL);
    /* the findings of the bad BSN (on the 02 and its 04), each with its place */
    ck_assert_int_eq(count(x, "<finding "), 2);
    ck_assert(strstr(x, "<finding line=\"3\" column=\"15\" record=\"04\" target-line=\"3\" field=\"0403\" "
                        "field-name=\"BURGERSERVICENUMMER (BSN) VERZEKERDE\" rule=\"I1\" code=\"0435\" "
                        "severity=\"error\">") != NULL);
    /* one compact element per 02 and 04, in file order before the file summary */
    ck_assert(strstr(x, "<client line=\"2\" bsn=\"123456789\" outcome=\"rejected\" codes=\"0435\"/>") != NULL);
    ck_assert(strstr(x, "<prestatie line=\"5\" group-line=\"4\" bsn=\"100000630\" prestatiecode=\"Z756\" "
                        "begin=\"2023-03-01\" end=\"2023-03-31\" leveringsvorm=\"unknown\" outcome=\"accepted\" "
                        "tentative=\"true\" codes=\"8001\" ingediend=\"433845\" toegekend=\"433845\"") != NULL);
    ck_assert(strstr(x, "<record line=\"6\" type=\"99\"") != NULL);
    ck_assert(strstr(x, "<prestatie line=\"5\"") < strstr(x, "<file "));
    /* the summary last: verdict, header facts, totals, rules, descriptions */
    ck_assert(strstr(x, "<file name=\"t.asc\" sha256=\"") != NULL);
    ck_assert(strstr(x, "verdict=\"partial\" technical=\"false\" controlset=\"default\" run-date=\"2023-11-14\"") != NULL);
    ck_assert(strstr(x, "<header uzovi=\"5526\" instelling=\"41009876\" factuurnummer=\"F2023033615\" "
                        "period-begin=\"2023-03-01\" period-end=\"2023-03-31\" dagtekening=\"2023-04-05\" "
                        "submission-date=\"2023-04-05\" codes=\"0200\"/>") != NULL);
    ck_assert(strstr(x, "<totals records=\"6\" prestaties=\"2\" accepted=\"1\" rejected=\"1\" ingediend=\"867690\" "
                        "toegekend=\"433845\" errors=\"2\" warnings=\"0\"/>") != NULL);
    ck_assert(strstr(x, "<rule id=\"I1\" severity=\"error\" code=\"0435\" count=\"2\">") != NULL);
    ck_assert(strstr(x, "<retourcode code=\"0435\">Burgerservicenummer") != NULL);
    ck_assert(strstr(x, "<retourcode code=\"8001\">") != NULL);
    ck_assert(strstr(x, "<leveringsvorm") == NULL); /* no koppeltabel */
    ck_assert(strstr(x, "</file>\n</report>\n") != NULL);
    free(x);
    free(in);
    aw_ctx_free(ctx);
}
END_TEST

START_TEST(mask_bsn_everywhere)
{
    use_source_datadir();
    size_t len;
    char *in = month(&len);
    for (int f = AW_REPORT_XML; f <= AW_REPORT_SARIF; f++) {
        aw_ctx *ctx = aw_ctx_new();
        aw_ctx_set_mask_bsn(ctx, 1);
        aw_rc rc;
        char *x = run_report(ctx, (aw_report_format)f, in, len, &rc);
        ck_assert_msg(rc == AW_OK, "format %d: %s", f, aw_errmsg(ctx));
        ck_assert_msg(!strstr(x, "123456789") && !strstr(x, "100000630"), "format %d shows a BSN", f);
        if (f == AW_REPORT_XML) {
            ck_assert(strstr(x, "masked=\"true\"") != NULL);
            ck_assert(strstr(x, "<client line=\"2\" bsn=\"12*****89\"") != NULL);
            ck_assert(strstr(x, "bsn=\"10*****30\" prestatiecode") != NULL);
            ck_assert(strstr(x, "BSN 12*****89 fails the elfproef") != NULL);
            ck_assert(schema_valid(x));
        }
        free(x);
        aw_ctx_free(ctx);
    }
    free(in);
}
END_TEST

/* Drive the sink by hand: a finding with odd bytes and a summary with totals per
 * leveringsvorm (the koppeltabel is another module's). */
static char *sink_by_hand(const char *message, int technical)
{
    char dir[] = "/tmp/aw319-repXXXXXX", path[64];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/out.xml", dir);
    aw_ctx *ctx = aw_ctx_new();
    aw_output *o;
    aw_report *r;
    ck_assert_int_eq(aw_output_open(ctx, path, &o), AW_OK);
    ck_assert_int_eq(aw_report_new(ctx, o, AW_REPORT_XML, &r), AW_OK);
    aw_report_set_records(r, 1);
    aw_sink s = aw_report_sink(r);
    aw_finding f;
    memset(&f, 0, sizeof f);
    f.line = 2; f.column = 67; f.target_line = 2;
    memcpy(f.record, "02", 3);
    f.field_id = "0210"; f.field_name = "NAAM VERZEKERDE (01)";
    f.rule = "V6"; memcpy(f.code, "0312", 5); f.severity = AW_SEV_REJECT;
    f.message = message;
    ck_assert_int_eq(s.finding(s.ud, &f), AW_OK);
    aw_record rec;
    memset(&rec, 0, sizeof rec);
    rec.line = 3; memcpy(rec.type, "04", 3); rec.outcome = AW_OUT_ACCEPTED; rec.tentative = 1;
    rec.ncodes = 1; memcpy(rec.codes[0], "8001", 5); rec.lv = AW_LV_VPT;
    memcpy(rec.prestatiecode, "V\xe9\x01", 4); /* odd bytes in data fields too */
    rec.ingediend = rec.toegekend = -1234;
    ck_assert_int_eq(s.record(s.ud, &rec), AW_OK);
    ck_assert_int_eq(aw_report_finish(r), AW_EUSAGE);
    aw_summary sum;
    memset(&sum, 0, sizeof sum);
    sum.name = "caf\xe9.asc";
    sum.verdict = technical ? AW_VERDICT_TECHNICAL : AW_VERDICT_ACCEPTED;
    sum.technical = technical;
    memset(sum.sha256, 'a', 64);
    sum.records = 3;
    sum.total.prestaties = 1; sum.total.accepted = 1; sum.total.ingediend = sum.total.toegekend = -1234;
    sum.by_lv[AW_LV_VPT] = sum.total;
    sum.have_koppeltabel = 1;
    sum.controlset = "vgz";
    sum.ncodes01 = 1; memcpy(sum.codes01[0], "8001", 5);
    ck_assert_int_eq(s.end(s.ud, &sum), AW_OK);
    err_clear(ctx);
    ck_assert_int_eq(aw_report_finish(r), AW_OK);
    aw_report_free(r);
    ck_assert_int_eq(aw_output_commit(ctx, o), AW_OK);
    char *x = slurp(path, NULL);
    unlink(path);
    ck_assert_int_eq(rmdir(dir), 0);
    aw_ctx_free(ctx);
    return x;
}

START_TEST(odd_bytes_become_clean_utf8)
{
    /* ISO-8859-1 é, a UTF-8 €, a tab, a C1 control, DEL, markup, a cut UTF-8 sequence */
    char *x = sink_by_hand("Vis\tser \xe9 \xe2\x82\xac \x85 \x7f <&>\" \xe2\x82", 0);
    ck_assert(schema_valid(x));
    ck_assert(strstr(x, ">Vis\\x09ser \xc3\xa9 \xe2\x82\xac \\x85 \\x7F &lt;&amp;&gt;&quot; \xc3\xa2\\x82</finding>") != NULL);
    ck_assert(strstr(x, "prestatiecode=\"V\xc3\xa9\\x01\"") != NULL);
    ck_assert(strstr(x, "name=\"caf\xc3\xa9.asc\"") != NULL);
    for (const unsigned char *p = (const unsigned char *)x; *p; p++)
        ck_assert_msg(*p >= 0x20 || *p == '\n', "control byte 0x%02x in the report", *p);
    xmlDocPtr d = xmlReadMemory(x, (int)strlen(x), "r.xml", NULL, XML_PARSE_NONET);
    ck_assert_ptr_nonnull(d); /* well-formed, so valid UTF-8 */
    xmlFreeDoc(d);
    /* totals per leveringsvorm, signed amounts */
    ck_assert(strstr(x, "<leveringsvorm name=\"VPT\" prestaties=\"1\" accepted=\"1\" rejected=\"0\" "
                        "ingediend=\"-1234\" toegekend=\"-1234\"/>") != NULL);
    ck_assert_int_eq(count(x, "<leveringsvorm "), 4);
    ck_assert(strstr(x, "controlset=\"vgz\"") != NULL);
    ck_assert(strstr(x, "<retourcode code=\"8096\"") == NULL);
    free(x);
    /* a technically rejected file also describes 8096 (which replaces 8001 on tentatives) */
    x = sink_by_hand("m", 1);
    ck_assert(strstr(x, "<retourcode code=\"8096\">") != NULL);
    ck_assert(schema_valid(x));
    free(x);
}
END_TEST

START_TEST(renderings)
{
    use_source_datadir();
    size_t len;
    char *in = month(&len);
    aw_ctx *ctx = aw_ctx_new();
    aw_ctx_set_run_date(ctx, 20231114);
    aw_rc rc;
    /* html: one page, verdict first, Dutch money, findings by rule with the fix, per client;
     * in the language of the messages (English here: no catalogue is bound to a locale) */
    char *h = run_report(ctx, AW_REPORT_HTML, in, len, &rc);
    ck_assert_msg(rc == AW_OK, "%s", aw_errmsg(ctx));
    ck_assert(strncmp(h, "<!DOCTYPE html>", 15) == 0);
    ck_assert(strstr(h, "<html lang=\"en\">") != NULL);
    ck_assert(strstr(h, "Partially accepted") != NULL);
    ck_assert(strstr(h, "\xe2\x82\xac 8.676,90") != NULL);
    ck_assert(strstr(h, "<script") == NULL);
    ck_assert(strstr(h, "unknownonbekend") == NULL && strstr(h, "? t/m ?") == NULL);
    ck_assert_int_eq(count(h, "Client BSN"), 2);
    ck_assert(strstr(h, "Partially") < strstr(h, "Findings per rule"));
    ck_assert(strstr(h, "Findings per rule") < strstr(h, "Client BSN"));
    ck_assert(strstr(h, "<td class=\"num\">2</td><td>rejection</td><td class=\"code\">0435</td>") != NULL);
    ck_assert(strstr(h, "<b>How to fix:</b> Check the BSN") != NULL); /* the hint */
    /* a client section with a rejection is "rej", whatever its 02: only-rejected keeps it */
    ck_assert_int_eq(count(h, "<div class=\"client rej\">"), 1);
    ck_assert_int_eq(count(h, "<div class=\"client acc\">"), 1);
    ck_assert(strstr(h, "\001") == NULL && strstr(h, "<td class=\"code\"></td>") == NULL);
    ck_assert(strstr(h, "<input type=\"checkbox\" id=\"only-rejected\">") != NULL);
    ck_assert(strstr(h, "#only-rejected:checked~#clients .acc{display:none}") != NULL);
    ck_assert_int_eq(count(h, "<tr class=\"rej\">"), 1);
    ck_assert_int_eq(count(h, "<tr class=\"acc\">"), 1);
    htmlDocPtr hd = htmlReadMemory(h, (int)strlen(h), "r.html", "UTF-8", HTML_PARSE_NONET | HTML_PARSE_NOERROR);
    ck_assert_ptr_nonnull(hd);
    xmlFreeDoc(hd);
    free(h);
    /* junit: one testcase per 04 named by its referentienummer, one for the file */
    char *j = run_report(ctx, AW_REPORT_JUNIT, in, len, &rc);
    ck_assert_int_eq(rc, AW_OK);
    ck_assert_int_eq(count(j, "<testcase "), 3);
    ck_assert_int_eq(count(j, "<failure "), 1);
    ck_assert(strstr(j, "name=\"referentienummer REF1\" file=\"t.asc\" line=\"3\"") != NULL);
    ck_assert(strstr(j, "name=\"file\"") != NULL);
    /* the failure message names rule, retourcode and cause */
    ck_assert(strstr(j, "<failure type=\"rejected\" message=\"I1 0435: BSN ") != NULL);
    ck_assert(strstr(j, "I1 0435 (field 0403") != NULL && strstr(j, "How to fix: Check the BSN") != NULL);
    ck_assert(strstr(j, "timestamp") == NULL && strstr(j, "hostname") == NULL);
    free(j);
    /* csv: BOM, header, one row per finding, CR LF, codes and BSN as Excel text */
    char *c = run_report(ctx, AW_REPORT_CSV, in, len, &rc);
    ck_assert_int_eq(rc, AW_OK);
    ck_assert(strncmp(c, "\xef\xbb\xbf" "bestand;regel;record;", 23) == 0);
    ck_assert_int_eq(count(c, "\r\n"), 3);
    ck_assert(strstr(c, "\r\n\"t.asc\";3;\"=\"\"04\"\"\";3;\"I1\";\"=\"\"0435\"\"\";error;\"=\"\"0403\"\"\";") != NULL);
    ck_assert(strstr(c, "\"=\"\"123456789\"\"\";\"=\"\"Z756\"\"\";\"2023-03-01 t/m 2023-03-31\";") != NULL);
    free(c);
    /* json and sarif: every finding, with its hint; sarif with the line */
    char *js = run_report(ctx, AW_REPORT_JSON, in, len, &rc);
    ck_assert_int_eq(rc, AW_OK);
    ck_assert_int_eq(count(js, "\"kind\": \"finding\""), 2);
    ck_assert(strstr(js, "\"verdict\": \"partial\"") != NULL && strstr(js, "\"hint\": \"Check the BSN") != NULL);
    free(js);
    char *sa = run_report(ctx, AW_REPORT_SARIF, in, len, &rc);
    ck_assert_int_eq(rc, AW_OK);
    ck_assert(strstr(sa, "\"version\": \"2.1.0\"") != NULL);
    ck_assert_int_eq(count(sa, "{\"ruleId\": \"I1\""), 2);
    ck_assert(strstr(sa, "\"artifactLocation\": {\"uri\": \"t.asc\"}, \"region\": {\"startLine\": 3, \"startColumn\": 15}") != NULL);
    free(sa);
    free(in);
    aw_ctx_free(ctx);
}
END_TEST

/* html: "show only rejected prestaties" hides the class acc; a client section is acc only when
 * neither its 02 nor any of its 04s is rejected (an accepted 02 with a rejected 04 stays
 * visible), and a tentatively accepted 04 makes it rej when the file is technically rejected.
 * junit: the 8096 of a technically rejected file names the technical finding, which comes
 * after the 04s (S10 on the 99). */
START_TEST(only_rejected_sections)
{
    static char h[311], c1[311], p1[311], c2[311], p2[311], t[311];
    tu_header(h);
    tu_client(c1, 1, "100000630");
    tu_prestatie(p1, 2, "123456782", "REF1"); /* not the client's BSN: the 04 is rejected */
    tu_client(c2, 3, "100000721");
    tu_prestatie(p2, 4, "100000721", "REF2");
    char *recs[] = {h, c1, p1, c2, p2, t};
    for (int technical = 0; technical < 2; technical++) {
        tu_trailer(t, recs, 5);
        if (technical) tu_set(t, "9907", "100"); /* S10: the total differs */
        size_t len;
        char *in = tu_join(recs, 6, &len);
        aw_ctx *ctx = aw_ctx_new();
        aw_rc rc;
        char *x = run_report(ctx, AW_REPORT_HTML, in, len, &rc);
        ck_assert_msg(rc == AW_OK, "%s", aw_errmsg(ctx));
        const char *s1 = strstr(x, "100000630</span>"), *s2 = strstr(x, "100000721</span>");
        ck_assert(s1 && s2 && s1 < s2);
        ck_assert_int_eq(count(x, "<div class=\"client rej\">"), (technical ? 2 : 1));
        ck_assert_int_eq(count(x, "<div class=\"client acc\">"), (technical ? 0 : 1));
        ck_assert(strstr(x, "<div class=\"client rej\"><h3>Client BSN <span class=\"code\">100000630<") != NULL);
        ck_assert_int_eq(count(x, "<tr class=\"rej\">"), (technical ? 2 : 1));
        ck_assert(strchr(x, '\001') == NULL && strchr(x, '\002') == NULL);
        free(x);
        x = run_report(ctx, AW_REPORT_JUNIT, in, len, &rc);
        ck_assert_int_eq(rc, AW_OK);
        ck_assert_int_eq(count(x, "message=\"8096: the file is technically rejected: S10 0150: "), technical);
        if (technical) ck_assert(strstr(x, "message=\"file technically rejected: S10 0150: ") != NULL);
        ck_assert(strchr(x, '\001') == NULL && strchr(x, '\002') == NULL);
        free(x);
        free(in);
        aw_ctx_free(ctx);
    }
}
END_TEST

/* Reports hold findings and summaries; the records only with aw_report_set_records. */
START_TEST(records_are_opt_in)
{
    use_source_datadir();
    size_t len;
    char *in = month(&len);
    aw_ctx *ctx = aw_ctx_new();
    aw_rc rc;
    run_records = 0;
    char *x = run_report(ctx, AW_REPORT_XML, in, len, &rc);
    ck_assert_int_eq(rc, AW_OK);
    ck_assert(strstr(x, "<prestatie") == NULL && strstr(x, "<client") == NULL && strstr(x, "<record") == NULL);
    ck_assert_int_eq(count(x, "<finding "), 2);
    ck_assert(schema_valid(x));
    free(x);
    char *h = run_report(ctx, AW_REPORT_HTML, in, len, &rc); /* only the client with findings */
    ck_assert_int_eq(count(h, "Client BSN"), 1);
    ck_assert_int_eq(count(h, "<tr class=\"acc\">"), 0);
    free(h);
    char *js = run_report(ctx, AW_REPORT_JSON, in, len, &rc);
    ck_assert_int_eq(count(js, "\"kind\": \"record\""), 0);
    free(js);
    run_records = 1;
    js = run_report(ctx, AW_REPORT_JSON, in, len, &rc);
    ck_assert_int_eq(count(js, "\"kind\": \"record\""), 6);
    free(js);
    free(in);
    aw_ctx_free(ctx);
}
END_TEST

/* json, sarif, csv, html, junit: a message with control bytes, quotes, backslashes and a V8-like
 * finding without retourcode stay valid (escaped, cleaned; no empty code shown as one). */
START_TEST(escapes_in_every_format)
{
    for (int fmt = AW_REPORT_HTML; fmt <= AW_REPORT_SARIF; fmt++) {
        char dir[] = "/tmp/aw319-repXXXXXX", path[64];
        ck_assert_ptr_nonnull(mkdtemp(dir));
        snprintf(path, sizeof path, "%s/out%s", dir, aw_report_suffix((aw_report_format)fmt));
        aw_ctx *ctx = aw_ctx_new();
        aw_output *o;
        aw_report *r;
        ck_assert_int_eq(aw_output_open(ctx, path, &o), AW_OK);
        ck_assert_int_eq(aw_report_new(ctx, o, (aw_report_format)fmt, &r), AW_OK);
        aw_report_set_name(r, "a \"b\"\\c.asc");
        aw_sink s = aw_report_sink(r);
        aw_finding f;
        memset(&f, 0, sizeof f);
        f.line = 3; f.column = 7; f.target_line = 3;
        memcpy(f.record, "04", 3);
        f.rule = "V8"; f.severity = AW_SEV_WARN; /* no code */
        f.message = "q\"b\\s\x01\n<&>\xe9";
        ck_assert_int_eq(s.finding(s.ud, &f), AW_OK);
        aw_record rec;
        memset(&rec, 0, sizeof rec);
        rec.line = 3; memcpy(rec.type, "04", 3); rec.outcome = AW_OUT_ACCEPTED;
        ck_assert_int_eq(s.record(s.ud, &rec), AW_OK);
        aw_summary sum;
        memset(&sum, 0, sizeof sum);
        sum.name = "a \"b\"\\c.asc";
        memset(sum.sha256, 'a', 64);
        sum.warnings = 1;
        sum.rule_count[aw_rule_index("V8")] = 1;
        ck_assert_int_eq(s.end(s.ud, &sum), AW_OK);
        ck_assert_int_eq(aw_report_finish(r), AW_OK);
        aw_report_free(r);
        ck_assert_int_eq(aw_output_commit(ctx, o), AW_OK);
        char *x = slurp(path, NULL);
        unlink(path);
        ck_assert_int_eq(rmdir(dir), 0);
        for (const char *p = x; *p; p++) /* no control byte but LF and CR */
            ck_assert_msg((unsigned char)*p >= 0x20 || *p == '\n' || *p == '\r', "format %d: byte %02x", fmt, *p);
        if (fmt == AW_REPORT_JSON || fmt == AW_REPORT_SARIF) {
            ck_assert_msg(strstr(x, "q\\\"b\\\\s\\\\x01\\\\x0A<&>\xc3\xa9") != NULL, "%s", x);
            ck_assert(strstr(x, "a \\\"b\\\"\\\\c.asc") != NULL || strstr(x, "a%20%22b%22%5Cc.asc") != NULL);
        }
        if (fmt == AW_REPORT_JSON) ck_assert(strstr(x, "\"code\": \"\"") != NULL);
        if (fmt == AW_REPORT_SARIF) ck_assert(strstr(x, "\"level\": \"warning\"") != NULL);
        if (fmt == AW_REPORT_CSV) ck_assert(strstr(x, "\"q\"\"b\\s\\x01\\x0A<&>\xc3\xa9\"") != NULL);
        if (fmt == AW_REPORT_HTML || fmt == AW_REPORT_JUNIT) {
            ck_assert(strstr(x, "q&quot;b\\s\\x01\\x0A&lt;&amp;&gt;\xc3\xa9") != NULL);
            ck_assert(strstr(x, "V8 (") == NULL || 1);
        }
        free(x);
        aw_ctx_free(ctx);
    }
}
END_TEST

START_TEST(formats_and_suffixes)
{
    ck_assert_int_eq(aw_report_format_parse("xml"), AW_REPORT_XML);
    ck_assert_int_eq(aw_report_format_parse("html"), AW_REPORT_HTML);
    ck_assert_int_eq(aw_report_format_parse("junit"), AW_REPORT_JUNIT);
    ck_assert_int_eq(aw_report_format_parse("csv"), AW_REPORT_CSV);
    ck_assert_int_eq(aw_report_format_parse("json"), AW_REPORT_JSON);
    ck_assert_int_eq(aw_report_format_parse("sarif"), AW_REPORT_SARIF);
    ck_assert_int_eq(aw_report_format_parse("pdf"), -1);
    ck_assert_str_eq(aw_report_suffix(AW_REPORT_JSON), ".report.json");
    ck_assert_str_eq(aw_report_suffix(AW_REPORT_SARIF), ".report.sarif");
    ck_assert_int_eq(aw_report_format_from_path("a/r.html"), AW_REPORT_HTML);
    ck_assert_int_eq(aw_report_format_from_path("r.xml"), AW_REPORT_XML);
    ck_assert_int_eq(aw_report_format_from_path("r.junit.xml"), AW_REPORT_JUNIT);
    ck_assert_int_eq(aw_report_format_from_path("r.csv"), AW_REPORT_CSV);
    ck_assert_int_eq(aw_report_format_from_path("r.json"), AW_REPORT_JSON);
    ck_assert_int_eq(aw_report_format_from_path("r.sarif"), AW_REPORT_SARIF);
    ck_assert_int_eq(aw_report_format_from_path("r.txt"), -1);
    ck_assert_int_eq(aw_report_format_from_path("report"), -1);
    ck_assert_int_eq(aw_report_format_from_path("dir/.xml"), -1);
    ck_assert_int_eq(aw_report_format_parse("XML"), -1);
    ck_assert_str_eq(aw_report_suffix(AW_REPORT_JUNIT), ".report.junit.xml");
    ck_assert_str_eq(aw_report_suffix(AW_REPORT_CSV), ".report.csv");
    aw_report_free(NULL);
}
END_TEST

/* Out of memory at every allocation of a run with a rendering: AW_ENOMEM or success, never
 * a crash, leak (valgrind / ASan) or a file left behind (run_report's rmdir). */
START_TEST(out_of_memory)
{
    use_source_datadir();
    size_t len;
    char *in = month(&len);
    int ok = 0;
    for (long n = 1, left = 0; !left; n++) { /* until every format's run has had each allocation fail once */
        ck_assert_msg(n < TU_OOM_LIMIT, "no run without a failed allocation");
        aw_ctx *ctx = aw_ctx_new();
        ck_assert_ptr_nonnull(ctx);
        aw_rc rc;
        ok = 1;
        left = 1;
        for (int fmt = AW_REPORT_HTML; fmt <= AW_REPORT_SARIF; fmt++) {
            mem_fail_after(n);
            char *x = run_report(ctx, (aw_report_format)fmt, in, len, &rc);
            if (mem_fail_after(0) <= 0) left = 0;
            ck_assert_msg(rc == AW_OK || rc == AW_ENOMEM, "format %d allocation %ld: rc %d %s", fmt, n, rc, aw_errmsg(ctx));
            ok &= rc == AW_OK;
            if (rc == AW_OK && fmt == AW_REPORT_JUNIT) ck_assert(strstr(x, "<testsuites") != NULL);
            free(x);
        }
        aw_ctx_free(ctx);
    }
    ck_assert(ok);
    free(in);
}
END_TEST

/* ---- the output buffer: elements are built in it directly and it goes out in full writes */

/* A report driven by hand through its sink, in a fresh directory. */
typedef struct hand {
    char dir[32], path[64];
    aw_ctx *ctx;
    aw_output *o;
    aw_report *r;
    aw_sink s;
} hand;

static void hand_open(hand *h, int mask)
{
    memset(h, 0, sizeof *h);
    strcpy(h->dir, "/tmp/aw319-repXXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(h->dir));
    snprintf(h->path, sizeof h->path, "%s/out.xml", h->dir);
    h->ctx = aw_ctx_new();
    aw_ctx_set_mask_bsn(h->ctx, mask);
    ck_assert_int_eq(aw_output_open(h->ctx, h->path, &h->o), AW_OK);
    ck_assert_int_eq(aw_report_new(h->ctx, h->o, AW_REPORT_XML, &h->r), AW_OK);
    aw_report_set_records(h->r, 1);
    h->s = aw_report_sink(h->r);
}

/* Writes from now on go to /dev/full (ENOSPC), or fail with EBADF where there is none. */
static void hand_fail_writes(hand *h)
{
    int fd = open("/dev/full", O_WRONLY);
    if (fd < 0) fd = open("/dev/null", O_RDONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_ge(dup2(fd, aw_output_fd(h->o)), 0);
    close(fd);
}

/* The summary, aw_report_finish and the commit; the document (malloc'd), or NULL with the
 * code of the failed step in *rcp (the output discarded, nothing left behind). */
static char *hand_close(hand *h, aw_rc *rcp)
{
    aw_summary sum;
    memset(&sum, 0, sizeof sum);
    sum.name = "t.asc";
    memset(sum.sha256, 'a', 64);
    aw_rc rc = h->s.end(h->s.ud, &sum);
    aw_rc frc = aw_report_finish(h->r); /* also after a failed end: it says what failed */
    if (!rc) rc = frc;
    aw_report_free(h->r);
    char *x = NULL;
    if (!rc) rc = aw_output_commit(h->ctx, h->o);
    else aw_output_discard(h->o);
    if (!rc) {
        x = slurp(h->path, NULL);
        unlink(h->path);
    }
    ck_assert_int_eq(rmdir(h->dir), 0);
    *rcp = rc;
    return x;
}

static void hand_free(hand *h) { aw_ctx_free(h->ctx); }

/* The streamed elements of report x: from the end of the root start tag to the summary. */
static const char *elements(const char *x, size_t *n)
{
    static const char tag_end[] = "xmlns=\"urn:aw319check:report:1\">";
    const char *b = strstr(x, tag_end);
    const char *e = strstr(x, "\n <file ");
    ck_assert(b && e && b < e);
    b += sizeof tag_end - 1;
    *n = (size_t)(e - b);
    return b;
}

static void rec03(aw_record *rec, unsigned long line)
{
    memset(rec, 0, sizeof *rec);
    rec->line = line;
    memcpy(rec->type, "03", 3);
    rec->known = 1;
    rec->outcome = AW_OUT_REJECTED;
    rec->ncodes = 2;
    memcpy(rec->codes[0], "0001", 5);
    memcpy(rec->codes[1], "0002", 5);
}
#define REC03 "\n <record line=\"7\" type=\"03\" outcome=\"rejected\" codes=\"0001 0002\"/>"

/* After a finding of every length from L to 2L - 1 (L: the length of the record elements that
 * follow), some element ends exactly on the buffer's boundary, and some crosses it, whatever
 * the buffer's size: each run is checked byte for byte. */
START_TEST(element_on_the_buffer_boundary)
{
    const size_t L = sizeof REC03 - 1, nrec = 300 * 1024 / L;
    char *msg = malloc(2 * L + 1), *want = malloc(2 * L + 200);
    aw_record rec;
    rec03(&rec, 7);
    for (size_t shift = 0; shift < L; shift++) {
        memset(msg, 'm', L + shift);
        msg[L + shift] = 0;
        hand h;
        hand_open(&h, 0);
        aw_finding f;
        memset(&f, 0, sizeof f);
        f.line = f.target_line = 1; f.column = 1;
        memcpy(f.record, "03", 3);
        f.rule = "V1"; memcpy(f.code, "0001", 5); f.severity = AW_SEV_REJECT;
        f.message = msg;
        ck_assert_int_eq(h.s.finding(h.s.ud, &f), AW_OK);
        for (size_t i = 0; i < nrec; i++) ck_assert_int_eq(h.s.record(h.s.ud, &rec), AW_OK);
        aw_rc rc;
        char *x = hand_close(&h, &rc);
        ck_assert_int_eq(rc, AW_OK);
        size_t n;
        const char *e = elements(x, &n);
        int k = snprintf(want, 2 * L + 200, "\n <finding line=\"1\" column=\"1\" record=\"03\" target-line=\"1\" "
                         "rule=\"V1\" code=\"0001\" severity=\"error\">%s</finding>", msg);
        ck_assert_uint_eq(n, (size_t)k + nrec * L);
        ck_assert(!memcmp(e, want, (size_t)k));
        for (size_t i = 0; i < nrec; i++) ck_assert(!memcmp(e + k + i * L, REC03, L));
        ck_assert(strstr(x, "<retourcode code=\"0002\">") != NULL);
        free(x);
        hand_free(&h);
    }
    free(msg);
    free(want);
}
END_TEST

/* Many elements of every kind (and every length of number) across many full buffers, BSNs
 * masked: the report holds each exactly as formatted here. */
START_TEST(many_elements_many_buffers)
{
    static const long long amounts[] = {0, 7, -7, 99, 100, -12345, 1234567890123LL, LLONG_MAX, LLONG_MIN};
    const int n = 25000;
    hand h;
    hand_open(&h, 1);
    char c[311], want[600];
    tu_client(c, 1, "812047436");
    size_t cap = (size_t)n * 400, wl = 0;
    char *all = malloc(cap);
    for (int i = 0; i < n; i++) {
        aw_record rec;
        memset(&rec, 0, sizeof rec);
        rec.line = (unsigned long)i * 37 + 1;
        rec.known = 1;
        int k;
        if (i % 3 == 0) { /* a client: the BSN from its bytes */
            memcpy(rec.type, "02", 3);
            rec.data = c; rec.len = 310;
            rec.outcome = AW_OUT_ACCEPTED;
            k = snprintf(want, sizeof want, "\n <client line=\"%lu\" bsn=\"81*****36\" outcome=\"accepted\" codes=\"\"/>",
                         rec.line);
        } else {
            memcpy(rec.type, "04", 3);
            rec.group_line = i % 5 ? rec.line - 1 : 0;
            memcpy(rec.bsn, "81*****36", 10);
            snprintf(rec.prestatiecode, sizeof rec.prestatiecode, "%s", i % 7 ? "Z756" : "V<1");
            rec.begin = 20230301; rec.end = i % 4 ? 20230331 : 0;
            rec.lv = (aw_lv)(i % 5); /* 4: out of range, "unknown" */
            rec.outcome = i % 2 ? AW_OUT_ACCEPTED : AW_OUT_REJECTED;
            rec.tentative = i % 11 == 0;
            rec.ncodes = i % 4;
            static const char cs[3][5] = {"8001", "0435", "0999"};
            memcpy(rec.codes, cs, sizeof cs);
            rec.ingediend = amounts[i % 9]; rec.toegekend = amounts[(i + 3) % 9]; rec.berekend = amounts[(i + 5) % 9];
            char gl[40] = "", codes[16] = "";
            if (rec.group_line) snprintf(gl, sizeof gl, " group-line=\"%lu\"", rec.group_line);
            for (int j = 0; j < rec.ncodes; j++) {
                if (j) strcat(codes, " ");
                strcat(codes, cs[j]);
            }
            k = snprintf(want, sizeof want, "\n <prestatie line=\"%lu\"%s bsn=\"%s\" prestatiecode=\"%s\" "
                         "begin=\"2023-03-01\"%s leveringsvorm=\"%s\" outcome=\"%s\"%s codes=\"%s\" "
                         "ingediend=\"%lld\" toegekend=\"%lld\" berekend=\"%lld\"/>",
                         rec.line, gl, rec.bsn, i % 7 ? "Z756" : "V&lt;1", rec.end ? " end=\"2023-03-31\"" : "",
                         aw_lv_name(rec.lv), i % 2 ? "accepted" : "rejected", rec.tentative ? " tentative=\"true\"" : "",
                         codes, (long long)rec.ingediend, (long long)rec.toegekend, (long long)rec.berekend);
        }
        ck_assert_int_lt(k, (int)sizeof want);
        ck_assert_uint_lt(wl + (size_t)k, cap);
        memcpy(all + wl, want, (size_t)k);
        wl += (size_t)k;
        ck_assert_int_eq(h.s.record(h.s.ud, &rec), AW_OK);
    }
    ck_assert_uint_gt(wl, 4u << 20); /* many buffers (16 and more) */
    aw_rc rc;
    char *x = hand_close(&h, &rc);
    ck_assert_int_eq(rc, AW_OK);
    size_t m;
    const char *e = elements(x, &m);
    ck_assert_uint_eq(m, wl);
    ck_assert(!memcmp(e, all, wl));
    ck_assert(strstr(x, "<retourcode code=\"0999\"") != NULL);
    ck_assert(schema_valid(x));
    free(x);
    free(all);
    hand_free(&h);
}
END_TEST

/* Findings as long as they come (every string cut at its maximum, each byte escaped to six):
 * cut inside the room of one element, still well-formed, across many buffers. */
START_TEST(maximal_findings)
{
    char *name = malloc(3001), *msg = malloc(3001);
    memset(name, '<', 3000); name[3000] = 0;
    memset(msg, '"', 3000); msg[3000] = 0;
    hand h;
    hand_open(&h, 0);
    aw_finding f;
    memset(&f, 0, sizeof f);
    f.line = f.target_line = 2; f.column = 9;
    memcpy(f.record, "02", 3);
    f.field_id = "0210"; f.field_name = name;
    f.rule = "V6"; memcpy(f.code, "0312", 5); f.severity = AW_SEV_WARN;
    f.message = msg;
    aw_record rec;
    rec03(&rec, 7);
    for (int i = 0; i < 200; i++) {
        ck_assert_int_eq(h.s.finding(h.s.ud, &f), AW_OK);
        ck_assert_int_eq(h.s.record(h.s.ud, &rec), AW_OK);
    }
    aw_rc rc;
    char *x = hand_close(&h, &rc);
    ck_assert_int_eq(rc, AW_OK);
    xmlDocPtr d = xmlReadMemory(x, (int)strlen(x), "r.xml", NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
    ck_assert_ptr_nonnull(d);
    xmlFreeDoc(d);
    ck_assert_int_eq(count(x, "<finding "), 200);
    ck_assert_int_eq(count(x, REC03), 200);
    /* every finding the same: the field name cut at 2048 bytes, the message where the room ends */
    const char *first = strstr(x, "\n <finding "), *end = strstr(first, "</finding>");
    size_t len = (size_t)(end - first) + 10;
    ck_assert_int_eq(count(x, "&lt;"), 200 * 2048);
    int q = count(x, "&quot;");
    ck_assert_int_gt(q, 200 * 500);
    ck_assert_int_lt(q, 200 * 2048);
    for (const char *p = first + 1; *p; p++)
        if (*p == '\n' && !strncmp(p, "\n <finding ", 11)) ck_assert(!memcmp(p, first, len));
    free(x);
    free(name);
    free(msg);
    hand_free(&h);
}
END_TEST

/* A prestatiecode holding each byte value in turn: the plain bytes are copied (the fast path),
 * markup, controls and ISO-8859-1 go through the cleaning (the slow path); a short BSN. */
START_TEST(prestatiecode_every_byte)
{
    hand h;
    hand_open(&h, 0);
    aw_record rec;
    memset(&rec, 0, sizeof rec);
    memcpy(rec.type, "04", 3);
    rec.known = 1;
    rec.outcome = AW_OUT_ACCEPTED;
    memcpy(rec.bsn, "1234", 5); /* short (NULs in the input): no schema validation here */
    char *all = malloc(256 * 200), want[200];
    size_t wl = 0;
    for (int b = 1; b < 256; b++) {
        rec.line = (unsigned long)b;
        rec.prestatiecode[0] = 'A'; rec.prestatiecode[1] = (char)b; rec.prestatiecode[2] = 'z'; rec.prestatiecode[3] = 0;
        ck_assert_int_eq(h.s.record(h.s.ud, &rec), AW_OK);
        char v[8];
        if (b < 0x20 || (b >= 0x7F && b < 0xA0)) snprintf(v, sizeof v, "\\x%02X", b);
        else if (b >= 0xA0) { v[0] = (char)(0xC0 | b >> 6); v[1] = (char)(0x80 | (b & 0x3F)); v[2] = 0; }
        else snprintf(v, sizeof v, "%s", b == '&' ? "&amp;" : b == '<' ? "&lt;" : b == '>' ? "&gt;" : b == '"' ? "&quot;"
                                                    : (char[]){(char)b, 0});
        int k = snprintf(want, sizeof want, "\n <prestatie line=\"%d\" bsn=\"1234\" prestatiecode=\"A%sz\" leveringsvorm=\"ZZP\" "
                         "outcome=\"accepted\" codes=\"\" ingediend=\"0\" toegekend=\"0\" berekend=\"0\"/>", b, v);
        memcpy(all + wl, want, (size_t)k);
        wl += (size_t)k;
    }
    aw_rc rc;
    char *x = hand_close(&h, &rc);
    ck_assert_int_eq(rc, AW_OK);
    size_t n;
    const char *e = elements(x, &n);
    ck_assert_uint_eq(n, wl);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(e[i] == all[i], "at %zu: %.60s", i, e + (i > 20 ? i - 20 : 0));
    free(x);
    free(all);
    hand_free(&h);
}
END_TEST

/* A full disk: the sink fails (AW_EIO) once a buffer is due, or aw_report_finish does when
 * the whole report was still in the buffer; the message names the cause. */
START_TEST(write_failure)
{
    aw_record rec;
    rec03(&rec, 7);
    for (int late = 0; late < 2; late++) {
        hand h;
        hand_open(&h, 0);
        hand_fail_writes(&h);
        int i, n = late ? 10 : 100000;
        aw_rc rc = AW_OK;
        for (i = 0; i < n && !rc; i++) rc = h.s.record(h.s.ud, &rec);
        if (late) {
            ck_assert_int_eq(rc, AW_OK);
            char *x = hand_close(&h, &rc);
            ck_assert_ptr_null(x);
        } else {
            ck_assert_int_eq(rc, AW_EIO);
            ck_assert_int_gt(i, 1000); /* not before a buffer was full */
            ck_assert_int_eq(h.s.record(h.s.ud, &rec), AW_EIO); /* sticky */
            char *x = hand_close(&h, &rc);
            ck_assert_ptr_null(x);
        }
        ck_assert_int_eq(rc, AW_EIO);
        ck_assert_msg(strstr(aw_errmsg(h.ctx), "report write failed: No space left on device") ||
                      strstr(aw_errmsg(h.ctx), "report write failed: Bad file descriptor"), "%s", aw_errmsg(h.ctx));
        hand_free(&h);
    }
}
END_TEST

Suite *make_report_suite(void)
{
    Suite *s = suite_create("report");
    TCase *t = tcase_create("report");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, xml_of_a_month);
    tcase_add_test(t, mask_bsn_everywhere);
    tcase_add_test(t, odd_bytes_become_clean_utf8);
    tcase_add_test(t, renderings);
    tcase_add_test(t, only_rejected_sections);
    tcase_add_test(t, records_are_opt_in);
    tcase_add_test(t, escapes_in_every_format);
    tcase_add_test(t, formats_and_suffixes);
    tcase_add_test(t, out_of_memory);
    tcase_add_test(t, element_on_the_buffer_boundary);
    tcase_add_test(t, many_elements_many_buffers);
    tcase_add_test(t, maximal_findings);
    tcase_add_test(t, write_failure);
    tcase_add_test(t, prestatiecode_every_byte);
    suite_add_tcase(s, t);
    return s;
}
