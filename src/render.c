/* render.c — the html, junit and csv renderings of the XML report through libxslt (SPEC 6).
 * The finished XML report (a temporary file written by report.c) is parsed with the hardened
 * options of xmlio.c and transformed by the shipped stylesheet (xslt/report-FORMAT.xsl, found
 * with aw_find_datafile) in a transformation context whose security preferences forbid
 * writing files, creating directories and network access.  The parsed report is the only
 * tree aw319check builds of a report: renderings need memory in proportion to the report;
 * the XML report itself is the streamed form for big files. */
#include "xmlio.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>

/* The first libxslt messages of a rendering (libxslt reports through a printf-like hook). */
typedef struct xslt_msg { int count; char text[512]; } xslt_msg;

static void on_xslt_error(void *ud, const char *fmt, ...) AW_PRINTF(2, 3);
static void on_xslt_error(void *ud, const char *fmt, ...)
{
    xslt_msg *m = ud;
    if (!m || m->count++ >= 3) return; /* libxslt splits one error over several calls */
    size_t n = strlen(m->text);
    if (n && n + 3 < sizeof m->text) { memcpy(m->text + n, "; ", 3); n += 2; }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->text + n, sizeof m->text - n, fmt, ap);
    va_end(ap);
    n = strlen(m->text);
    while (n && (m->text[n - 1] == '\n' || m->text[n - 1] == ' ')) m->text[--n] = 0;
    for (size_t i = 0; i < n; i++)
        if (m->text[i] == '\n') m->text[i] = ' ';
}

aw_rc rnd_render(aw_ctx *ctx, aw_report_format fmt, const char *xml, int fd)
{
    static const char *const sheet[] = {NULL, "xslt/report-html.xsl", "xslt/report-junit.xsl",
                                        "xslt/report-csv.xsl"};
    char path[4096];
    xmlio_errors e;
    xslt_msg m = {0, ""};
    aw_rc rc = AW_OK;
    xsltStylesheetPtr st = NULL;
    xmlDocPtr sd = NULL, doc = NULL, res = NULL;
    xsltTransformContextPtr t = NULL;

    if ((unsigned)fmt > AW_REPORT_CSV || !sheet[fmt])
        return aw_set_error(ctx, AW_EUSAGE, "report: no stylesheet for format %d", (int)fmt);
    if (!aw_find_datafile(ctx, sheet[fmt], path, sizeof path))
        return aw_set_error(ctx, AW_EXML, "%s: stylesheet not found in the data directory "
                            "(set AW319_DATADIR)", sheet[fmt]);
    /* libxslt's compile-time messages go through its global hook: borrow it for the call */
    xmlGenericErrorFunc old = xsltGenericError;
    void *old_ud = xsltGenericErrorContext;
    xsltSetGenericErrorFunc(&m, on_xslt_error);

    if (!(sd = xmlio_read_doc(path, &e))) {
        rc = aw_set_error(ctx, AW_EXML, "%s:%d: %s", path, e.line, e.msg);
        goto out;
    }
    if (!(st = xsltParseStylesheetDoc(sd))) { /* sd is st's from here on success only */
        rc = aw_set_error(ctx, AW_EXML, "%s: not a valid stylesheet: %s", path, m.text[0] ? m.text : "?");
        goto out;
    }
    sd = NULL;
    if (!(doc = xmlio_read_doc(xml, &e))) {
        rc = aw_set_error(ctx, AW_EXML, "%s:%d: %s", xml, e.line, e.msg);
        goto out;
    }
    if (!(t = xsltNewTransformContext(st, doc))) {
        rc = aw_set_error(ctx, AW_ENOMEM, "out of memory");
        goto out;
    }
    xsltSetTransformErrorFunc(t, &m, on_xslt_error);
    if (xmlio_xslt_secure(t) != 0) {
        rc = aw_set_error(ctx, AW_EXML, "%s: cannot set the XSLT security preferences", path);
        goto out;
    }
    memset(&e, 0, sizeof e);
    xmlio_errors *prev = xmlio_errors_catch(&e);       /* libxml2's stray reports (document()) */
    res = xsltApplyStylesheetUser(st, doc, NULL, NULL, NULL, t);
    xmlio_errors_release(prev);
    if (!res || t->state != XSLT_STATE_OK) {
        rc = aw_set_error(ctx, AW_EXML, "%s: transformation failed: %s", path,
                          m.text[0] ? m.text : e.msg[0] ? e.msg : "?");
        goto out;
    }
    if (xsltSaveResultToFd(fd, res, st) < 0)
        rc = aw_set_error(ctx, AW_EIO, "report: writing the %s rendering failed", sheet[fmt] + 12);
out:
    xsltSetGenericErrorFunc(old_ud, old);
    if (res) xmlFreeDoc(res);
    if (t) xsltFreeTransformContext(t);
    if (doc) xmlFreeDoc(doc);
    if (st) xsltFreeStylesheet(st);
    if (sd) xmlFreeDoc(sd);
    return rc;
}
