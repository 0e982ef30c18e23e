/* check_xmlio.c — the XML hardening of xmlio.c (SPEC 9): external entities, external DTDs and
 * network URLs are never loaded, by the tree parser or by the streaming reader; top-level local
 * files (documents, schemas with their includes) still load. */
#include "check_suites.h"
#include "xmlio.h"
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

START_TEST(network_refused)
{
    xmlDocPtr d = xmlReadFile("http://127.0.0.1:9/x.xml", NULL, XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    ck_assert_ptr_null(d);
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
    suite_add_tcase(s, tc);
    return s;
}
