/* xmlio.c — the one place where libxml2 and libxslt are configured and hardened (SPEC 9):
 * parser options, the refuse-all external entity loader (installed once by aw_global_init),
 * per-reader structured errors, and the libxslt security preferences. */
#include "xmlio.h"
#include "config.h"
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxslt/xslt.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <fcntl.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>

int xmlio_parse_options(void)
{
    int o = XML_PARSE_NONET;
#if defined(HAVE_DECL_XML_PARSE_NO_XXE) && HAVE_DECL_XML_PARSE_NO_XXE
    o |= XML_PARSE_NO_XXE;
#endif
    return o;
}

/* The external entity loader for the whole process (installed once by aw_global_init).  It
 * refuses every resource asked for from inside a document being parsed (external DTD subsets,
 * external entities, whatever a hostile file names) and every network URL.  Only a top-level
 * load of a local file (a parser with no input open yet: the document, a schema and the files
 * it includes, a stylesheet) goes to libxml2's default loader. */
static xmlExternalEntityLoader default_loader;

static xmlParserInputPtr refuse_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    /* inside a document: an input is open, or this is the sub-parser libxml2 makes for an
     * external entity (its input_id is above the main document's 1) */
    int inside = ctxt && (ctxt->inputNr > 0 || ctxt->input_id > 1);
    int remote = url && (strstr(url, "://") && strncmp(url, "file://", 7));
    if (inside || remote || !default_loader) {
        return NULL;
    }
    return default_loader(url, id, ctxt);
}

static int initialized;
static xsltSecurityPrefsPtr prefs;

void aw_global_init(void)
{
    if (initialized) return;
    initialized = 1;
    xmlInitParser();
    default_loader = xmlGetExternalEntityLoader();
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
    if (default_loader) xmlSetExternalEntityLoader(default_loader);
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
    /* xmlReadFile reports through the (per-thread) structured error function: borrow it for
     * the call and restore the previous one. */
    xmlStructuredErrorFunc old = xmlStructuredError;
    void *old_ud = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(e, (xmlStructuredErrorFunc)on_error);
    /* From an fd we opened: the top-level file does not depend on the entity loader. */
    xmlDocPtr d = NULL;
    int fd = open(path, O_RDONLY);
    if (fd >= 0) {
        d = xmlReadFd(fd, path, NULL, xmlio_parse_options());
        close(fd);
    }
    xmlSetStructuredErrorFunc(old_ud, old);
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
