/* SPDX-License-Identifier: MIT */
/* diag.c — the compiler-style diagnostic line of a finding:
 * FILE:LINE:COL: error|warning: RULE [CODE] FIELD NAME: message
 * (a finding without a retourcode, a V8 warning, has no [CODE]) */
#include "awint.h"
#include <stdio.h>

int aw_format_finding(char *dst, size_t n, const char *file, const aw_finding *f)
{
    const char *sev = f->severity == AW_SEV_REJECT ? "error" : "warning";
    char code[8] = "";
    if (f->code[0]) snprintf(code, sizeof code, " [%s]", f->code);
    if (f->field_id)
        return snprintf(dst, n, "%s:%lu:%u: %s: %s%s %s %s: %s", file, f->line, f->column, sev,
                        f->rule, code, f->field_id, f->field_name, f->message);
    return snprintf(dst, n, "%s:%lu:%u: %s: %s%s: %s", file, f->line, f->column, sev, f->rule,
                    code, f->message);
}
