/* report.c — the streaming XML report (SPEC 6). */
#include "awint.h"
#include <string.h>

int aw_report_format_parse(const char *n)
{
    if (!strcmp(n, "xml")) return AW_REPORT_XML;
    if (!strcmp(n, "html")) return AW_REPORT_HTML;
    if (!strcmp(n, "junit")) return AW_REPORT_JUNIT;
    if (!strcmp(n, "csv")) return AW_REPORT_CSV;
    return -1;
}
const char *aw_report_suffix(aw_report_format f)
{
    static const char *const s[] = {".report.xml", ".report.html", ".report.junit.xml", ".report.csv"};
    return s[f];
}
aw_rc aw_report_new(aw_ctx *ctx, aw_output *o, aw_report_format fmt, aw_report **out)
{ (void)o; (void)fmt; *out = NULL; return aw_set_error(ctx, AW_EUSAGE, "--report is not yet supported"); }
aw_sink aw_report_sink(aw_report *r) { aw_sink s = {r, NULL, NULL, NULL}; return s; }
aw_rc aw_report_finish(aw_report *r) { (void)r; return AW_OK; }
void aw_report_free(aw_report *r) { (void)r; }
