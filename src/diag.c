/* diag.c — the compiler-style diagnostic line of a finding (SPEC 6):
 * FILE:LINE:COL: error|warning: RULE [CODE] FIELD NAME: message */
#include "awint.h"
#include <stdio.h>

int aw_format_finding(char *dst, size_t n, const char *file, const aw_finding *f)
{
    const char *sev = f->severity == AW_SEV_REJECT ? "error" : "warning";
    if (f->field_id)
        return snprintf(dst, n, "%s:%lu:%u: %s: %s [%s] %s %s: %s", file, f->line, f->column, sev,
                        f->rule, f->code, f->field_id, f->field_name, f->message);
    return snprintf(dst, n, "%s:%lu:%u: %s: %s [%s]: %s", file, f->line, f->column, sev, f->rule,
                    f->code, f->message);
}
