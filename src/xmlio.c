/* xmlio.c — the one place where libxml2 and libxslt are configured and hardened (SPEC 9):
 * parser options, the refuse-all external entity loader (installed once by aw_global_init),
 * per-reader structured errors, and the libxslt security preferences. */
#include "xmlio.h"
#include "config.h"
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>
#include <libxslt/xslt.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <unistd.h>

int xmlio_parse_options(void)
{
    int o = XML_PARSE_NONET | XML_PARSE_BIG_LINES; /* BIG_LINES: true line numbers past 65535 */
#if defined(HAVE_DECL_XML_PARSE_NO_XXE) && HAVE_DECL_XML_PARSE_NO_XXE
    o |= XML_PARSE_NO_XXE;
#endif
    return o;
}

/* The external entity loader for the whole process: nothing outside the document is ever
 * loaded (DTDs, external entities, XIncludes), with one exception: while this thread loads a
 * trusted file (xmlio_read_doc: that file; xmlio_schema_load: the schema and the files it
 * imports from its own directory) plain local files inside `trusted` pass.  libxml2 opens
 * the top-level file of xmlReadFile and of the schema parser through this loader too. */
static _Thread_local const char *trusted;      /* realpath of a file or directory, or NULL */
static _Thread_local int trusted_is_dir;

static int is_trusted(const char *url)
{
    if (!trusted || !url) return 0;
    if (!strncmp(url, "file://", 7)) url += 7;
    else if (strstr(url, "://")) return 0;       /* no network, no other schemes */
    char real[4096];
    if (!realpath(url, real)) return 0;
    size_t n = strlen(trusted);
    if (!trusted_is_dir) return strcmp(real, trusted) == 0;
    return strncmp(real, trusted, n) == 0 && real[n] == '/';
}

static xmlParserInputPtr refuse_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)id;
    /* never anything a document asks for: an input is open, or this is the sub-parser
     * libxml2 makes for an external entity (input_id above the main document's 1) */
    int inside = ctxt && (ctxt->inputNr > 0 || ctxt->input_id > 1);
    if (!inside && is_trusted(url)) return xmlNewInputFromFile(ctxt, url);
    return NULL;
}

/* Trust path (a file, or with dir = 1 the directory that holds it) until untrust(). */
static int trust(const char *path, int dir, char real[4096])
{
    char tmp[4096];
    if (dir) {
        const char *slash = strrchr(path, '/');
        int w = slash ? snprintf(tmp, sizeof tmp, "%.*s", (int)(slash - path), path)
                      : snprintf(tmp, sizeof tmp, ".");
        if (w <= 0 || (size_t)w >= sizeof tmp) return -1;
        if (!tmp[0]) strcpy(tmp, "/");
        path = tmp;
    }
    if (!realpath(path, real)) return -1;
    if (dir && !strcmp(real, "/")) real[0] = 0; /* "/x.xsd": prefix "" + '/' */
    trusted = real;
    trusted_is_dir = dir;
    return 0;
}

static void untrust(void) { trusted = NULL; trusted_is_dir = 0; }

static int initialized;
static xsltSecurityPrefsPtr prefs;

void aw_global_init(void)
{
    if (initialized) return;
    initialized = 1;
    xmlInitParser();
    xmlSetExternalEntityLoader(refuse_loader);
    xmlSubstituteEntitiesDefault(0);
    xmlLoadExtDtdDefaultValue = 0;
    prefs = xsltNewSecurityPrefs();
    if (prefs) {
        xsltSetSecurityPrefs(prefs, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
        xsltSetSecurityPrefs(prefs, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
        xsltSetSecurityPrefs(prefs, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
        xsltSetSecurityPrefs(prefs, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
        xsltSetDefaultSecurityPrefs(prefs);
    }
}

void aw_global_cleanup(void)
{
    if (!initialized) return;
    initialized = 0;
    xsltSetDefaultSecurityPrefs(NULL);
    if (prefs) xsltFreeSecurityPrefs(prefs);
    prefs = NULL;
    xsltCleanupGlobals();
    xmlCleanupParser();
}

int xmlio_xslt_secure(xsltTransformContextPtr t)
{
    if (!prefs) return -1;
    return xsltSetCtxtSecurityPrefs(prefs, t) == 0 ? 0 : -1;
}

/* ---- structured errors (the callback's signature changed in libxml2 2.12) */
#if LIBXML_VERSION >= 21200
static void on_error(void *ud, const xmlError *err)
#else
static void on_error(void *ud, xmlErrorPtr err)
#endif
{
    xmlio_errors *e = ud;
    if (!e || !err || err->level < XML_ERR_ERROR) return;
    if (e->count++) return;
    e->line = err->line;
    e->domain = err->domain;
    snprintf(e->msg, sizeof e->msg, "%s", err->message ? err->message : "XML error");
    size_t n = strlen(e->msg);
    while (n && (e->msg[n - 1] == '\n' || e->msg[n - 1] == ' ')) e->msg[--n] = 0;
}

void xmlio_errors_attach_reader(xmlTextReaderPtr r, xmlio_errors *e)
{
    xmlTextReaderSetStructuredErrorHandler(r, (xmlStructuredErrorFunc)on_error, e);
}

void xmlio_errors_attach_schema_valid(xmlSchemaValidCtxtPtr v, xmlio_errors *e)
{
    xmlSchemaSetValidStructuredErrors(v, (xmlStructuredErrorFunc)on_error, e);
}

void xmlio_errors_attach_schema_parser(xmlSchemaParserCtxtPtr p, xmlio_errors *e)
{
    xmlSchemaSetParserStructuredErrors(p, (xmlStructuredErrorFunc)on_error, e);
}

xmlTextReaderPtr xmlio_reader_open(const char *path, xmlio_errors *e)
{
    memset(e, 0, sizeof *e);
    xmlTextReaderPtr r = xmlReaderForFile(path, NULL, xmlio_parse_options());
    if (r) xmlio_errors_attach_reader(r, e);
    return r;
}

xmlDocPtr xmlio_read_doc(const char *path, xmlio_errors *e)
{
    memset(e, 0, sizeof *e);
    char real[4096];
    if (trust(path, 0, real) != 0) {
        e->count = 1;
        snprintf(e->msg, sizeof e->msg, "cannot be opened: %s", strerror(errno));
        return NULL;
    }
    /* xmlReadFile reports through the (per-thread) structured error function: borrow it for
     * the call and restore the previous one. */
    xmlStructuredErrorFunc old = xmlStructuredError;
    void *old_ud = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(e, (xmlStructuredErrorFunc)on_error);
    xmlDocPtr d = xmlReadFile(path, NULL, xmlio_parse_options());
    xmlSetStructuredErrorFunc(old_ud, old);
    untrust();
    if (!d && !e->count) {
        e->count = 1;
        snprintf(e->msg, sizeof e->msg, "cannot be read as XML");
    }
    if (d && e->count) { /* recovered from an error: not good enough */
        xmlFreeDoc(d);
        d = NULL;
    }
    return d;
}

xmlSchemaPtr xmlio_schema_load(const char *path, xmlio_errors *e)
{
    memset(e, 0, sizeof *e);
    char real[4096];
    if (trust(path, 1, real) != 0 || access(path, R_OK) != 0) {
        e->count = 1;
        snprintf(e->msg, sizeof e->msg, "cannot be opened: %s", strerror(errno));
        untrust();
        return NULL;
    }
    xmlSchemaPtr s = NULL;
    xmlSchemaParserCtxtPtr p = xmlSchemaNewParserCtxt(path);
    if (p) {
        xmlio_errors_attach_schema_parser(p, e);
        s = xmlSchemaParse(p);
        xmlSchemaFreeParserCtxt(p);
    }
    untrust();
    if (!s && !e->count) {
        e->count = 1;
        snprintf(e->msg, sizeof e->msg, "cannot be loaded as an XML schema");
    }
    if (s && e->count) {
        xmlSchemaFree(s);
        s = NULL;
    }
    return s;
}
