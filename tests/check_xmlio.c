/* SPDX-License-Identifier: MIT */
/* check_xmlio.c — the XML hardening of xmlio.c (doc/hardening.md): external entities, external DTDs and
 * network URLs are never loaded, by the tree parser or by the streaming reader; top-level local
 * files (documents, schemas with their includes) still load. */
#include "check_suites.h"
#include "xmlio.h"
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

static char dir[64], secret[128], xxe[128], dtd[128], xsd[128], inc[128];

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/xmlio.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(secret, sizeof secret, "%s/secret.txt", dir);
    snprintf(xxe, sizeof xxe, "%s/xxe.xml", dir);
    snprintf(dtd, sizeof dtd, "%s/dtd.xml", dir);
    snprintf(xsd, sizeof xsd, "%s/main.xsd", dir);
    snprintf(inc, sizeof inc, "%s/inc.xsd", dir);
    put(secret, "TOPSECRET");
    char buf[512];
    snprintf(buf, sizeof buf, "<!DOCTYPE x [<!ENTITY e SYSTEM \"file://%s\">]><x>&e;</x>\n", secret);
    put(xxe, buf);
    snprintf(buf, sizeof buf, "<!DOCTYPE x SYSTEM \"%s/ext.dtd\"><x>&e;</x>\n", dir);
    put(dtd, buf);
    char ext[160];
    snprintf(ext, sizeof ext, "%s/ext.dtd", dir);
    snprintf(buf, sizeof buf, "<!ENTITY e SYSTEM \"file://%s\">\n", secret);
    put(ext, buf);
    put(inc, "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">"
             "<xs:element name=\"x\" type=\"xs:string\"/></xs:schema>\n");
    put(xsd, "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">"
             "<xs:include schemaLocation=\"inc.xsd\"/></xs:schema>\n");
}

static void teardown(void)
{
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* Every text the streaming reader hands out for path, concatenated (bounded). */
static void reader_text(const char *path, char *out, size_t n)
{
    xmlio_errors e;
    out[0] = 0;
    xmlTextReaderPtr r = xmlio_reader_open(path, &e);
    ck_assert_ptr_nonnull(r);
    while (xmlTextReaderRead(r) == 1) {
        const xmlChar *v = xmlTextReaderConstValue(r);
        if (v && strlen(out) + strlen((const char *)v) < n) strcat(out, (const char *)v);
    }
    xmlFreeTextReader(r);
}

START_TEST(xxe_not_expanded)
{
    xmlio_errors e;
    xmlDocPtr d = xmlio_read_doc(xxe, &e);
    if (d) {
        xmlChar *t = xmlNodeGetContent(xmlDocGetRootElement(d));
        ck_assert_ptr_null(strstr((const char *)t, "TOPSECRET"));
        xmlFree(t);
        xmlFreeDoc(d);
    }
    char text[1024];
    reader_text(xxe, text, sizeof text);
    ck_assert_ptr_null(strstr(text, "TOPSECRET"));
}
END_TEST

START_TEST(external_dtd_not_loaded)
{
    char text[1024];
    reader_text(dtd, text, sizeof text);
    ck_assert_ptr_null(strstr(text, "TOPSECRET"));
    /* even a parser asking for the external subset and entities gets nothing */
    xmlDocPtr d = xmlReadFile(dtd, NULL, XML_PARSE_DTDLOAD | XML_PARSE_NOENT | XML_PARSE_NOERROR |
                                         XML_PARSE_NOWARNING);
    if (d) {
        xmlChar *t = xmlNodeGetContent(xmlDocGetRootElement(d));
        ck_assert_ptr_null(t ? strstr((const char *)t, "TOPSECRET") : NULL);
        xmlFree(t);
        xmlFreeDoc(d);
    }
}
END_TEST

START_TEST(xxe_refused_even_with_noent)
{
    /* defence in depth: a caller that asks for entity substitution still gets nothing */
    xmlDocPtr d = xmlReadFile(xxe, NULL, XML_PARSE_NOENT | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (d) {
        xmlChar *t = xmlNodeGetContent(xmlDocGetRootElement(d));
        ck_assert_ptr_null(t ? strstr((const char *)t, "TOPSECRET") : NULL);
        xmlFree(t);
        xmlFreeDoc(d);
    }
}
END_TEST

/* A listening socket on a free local port: no URL the parsers are given may ever connect to
 * it.  (Were the loader to let a URL through, libxml2 would connect — the kernel accepts on the
 * backlog — and the check below sees the pending connection; it would also wait for an answer
 * that never comes, so the test fails by its timeout as well.) */
static int listener(int *port)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(s, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ck_assert_int_eq(bind(s, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(listen(s, 4), 0);
    ck_assert_int_eq(getsockname(s, (struct sockaddr *)&a, &len), 0);
    *port = ntohs(a.sin_port);
    return s;
}

static int connected(int s)
{
    struct pollfd p = {s, POLLIN, 0};
    return poll(&p, 1, 0) > 0;
}

START_TEST(network_refused)
{
    int port, s = listener(&port);
    char url[64], doc[256], path[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/x.xml", port);
    /* a document by URL, through libxml2 itself and through xmlio */
    xmlDocPtr d = xmlReadFile(url, NULL, XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    ck_assert_ptr_null(d);
    xmlio_errors e;
    ck_assert_ptr_null(xmlio_read_doc(url, &e));
    /* a local document whose DTD and entity live at the URL */
    snprintf(doc, sizeof doc, "<!DOCTYPE x SYSTEM \"%s\" [<!ENTITY e SYSTEM \"%s\">]><x>&e;</x>\n", url, url);
    snprintf(path, sizeof path, "%s/net.xml", dir);
    put(path, doc);
    d = xmlio_read_doc(path, &e);
    xmlFreeDoc(d);
    ck_assert_msg(!connected(s), "a parser connected to %s", url);
    close(s);
}
END_TEST

START_TEST(local_top_level_loads)
{
    /* a schema by path, with an include beside it */
    xmlio_errors e;
    xmlSchemaPtr s = xmlio_schema_load(xsd, &e);
    ck_assert_msg(s != NULL, "schema: %s", e.msg);
    xmlSchemaFree(s);
    xmlDocPtr d = xmlio_read_doc(inc, &e);
    ck_assert_ptr_nonnull(d);
    xmlFreeDoc(d);
    ck_assert_int_eq(xmlio_parse_options() & (XML_PARSE_NOENT | XML_PARSE_DTDLOAD | XML_PARSE_HUGE |
                                              XML_PARSE_XINCLUDE | XML_PARSE_DTDVALID), 0);
    ck_assert(xmlio_parse_options() & XML_PARSE_NONET);
}
END_TEST

/* A name in a directory without regard to letter case: the exact name first, else the only
 * match in another case; none, several, and a directory that cannot be read. */
START_TEST(find_nocase)
{
    char out[256], want[256], p[160];
    snprintf(p, sizeof p, "%s/AW33.xsd", dir);
    put(p, "x");
    ck_assert_int_eq(xmlio_find_nocase(dir, "aw33.xsd", out, sizeof out), 0);
    snprintf(want, sizeof want, "%s/AW33.xsd", dir);
    ck_assert_str_eq(out, want);
    ck_assert_int_eq(xmlio_find_nocase(dir, "basis.xsd", out, sizeof out), 1);
    snprintf(p, sizeof p, "%s/Aw33.xsd", dir);
    put(p, "x");
    ck_assert_int_eq(xmlio_find_nocase(dir, "aw33.xsd", out, sizeof out), 2);
    snprintf(p, sizeof p, "%s/aw33.xsd", dir);
    put(p, "x");
    ck_assert_int_eq(xmlio_find_nocase(dir, "aw33.xsd", out, sizeof out), 0);
    ck_assert_str_eq(out, p);
    ck_assert_int_eq(xmlio_find_nocase(dir, "aw33.xsd", out, 8), -1);     /* too small */
    ck_assert_int_eq(xmlio_find_nocase(secret, "x", out, sizeof out), -1); /* not a directory */
}
END_TEST

/* libxml2's generic and structured channels (aw_global_init points them at xmlio) go to the
 * caught collector, or nowhere: never to standard error. */
START_TEST(stray_reports_collected)
{
    char errpath[160];
    snprintf(errpath, sizeof errpath, "%s/stderr.txt", dir);
    fflush(stderr);
    int saved = dup(2), fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert(saved >= 0 && fd >= 0);
    dup2(fd, 2);
    close(fd);
    xmlio_errors e;
    memset(&e, 0, sizeof e);
    xmlio_errors *prev = xmlio_errors_catch(&e);
    xmlGenericError(xmlGenericErrorContext, "Unimplemented block at %s:%d\n", "xmlschemas.c", 28711);
    xmlGenericError(xmlGenericErrorContext, "a second notice\n");
    ck_assert_int_eq(e.count, 0);                     /* a notice is not an error */
    ck_assert_str_eq(e.msg, "Unimplemented block at xmlschemas.c:28711");
    xmlDocPtr d = xmlReadMemory("<x>\n", 4, "mem.xml", NULL, 0);   /* printed "parser error" */
    ck_assert_ptr_null(d);
    ck_assert_str_eq(e.file, "mem.xml");
    ck_assert_int_eq(e.line, 2);
    ck_assert_int_ge(e.count, 1);
    ck_assert_msg(e.msg[0] && !strstr(e.msg, "Unimplemented"), "%s", e.msg);
    xmlio_errors_release(prev);
    xmlGenericError(xmlGenericErrorContext, "nobody catches this\n");
    xmlDocPtr d2 = xmlReadMemory("<x>\n", 4, "mem.xml", NULL, 0);
    ck_assert_ptr_null(d2);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    FILE *f = fopen(errpath, "r");
    ck_assert_ptr_nonnull(f);
    char buf[256] = "";
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    ck_assert_msg(n == 0, "stderr: %s", buf);
}
END_TEST

/* The input guard in front of the reader: a start tag with too many attributes stops the
 * read with the limit's message and line before libxml2 has parsed the tag. */
START_TEST(reader_guard)
{
    char p[160], text[2048];
    snprintf(p, sizeof p, "%s/attrs.xml", dir);
    int k = snprintf(text, sizeof text, "<x>\n<y");
    for (int i = 0; i < XMLIO_MAX_ATTRS + 1; i++) k += snprintf(text + k, sizeof text - (size_t)k, " a%d='1'", i);
    snprintf(text + k, sizeof text - (size_t)k, "/>\n</x>\n");
    put(p, text);
    xmlio_errors e;
    xmlTextReaderPtr r = xmlio_reader_open(p, &e);
    ck_assert_ptr_nonnull(r);
    int ret;
    while ((ret = xmlTextReaderRead(r)) == 1) {}
    xmlio_reader_close(r);
    ck_assert_int_eq(e.domain, XMLIO_FROM_LIMIT);
    ck_assert_int_eq(e.line, 2);
    ck_assert_msg(strstr(e.msg, "more than 64 attributes"), "%s", e.msg);
    /* a file that cannot be opened */
    snprintf(p, sizeof p, "%s/none.xml", dir);
    ck_assert_ptr_null(xmlio_reader_open(p, &e));
    ck_assert_int_eq(e.count, 1);
    ck_assert_msg(strstr(e.msg, "cannot open"), "%s", e.msg);
}
END_TEST

Suite *make_xmlio_suite(void)
{
    Suite *s = suite_create("xmlio");
    TCase *tc = tcase_create("hardening");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, xxe_not_expanded);
    tcase_add_test(tc, external_dtd_not_loaded);
    tcase_add_test(tc, xxe_refused_even_with_noent);
    tcase_add_test(tc, network_refused);
    tcase_add_test(tc, local_top_level_loads);
    tcase_add_test(tc, find_nocase);
    tcase_add_test(tc, stray_reports_collected);
    tcase_add_test(tc, reader_guard);
    suite_add_tcase(s, tc);
    return s;
}
