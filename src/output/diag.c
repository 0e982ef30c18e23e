/* SPDX-License-Identifier: MIT */
/* diag.c — the compiler-style diagnostic line of a finding:
 * FILE:LINE:COL: error|warning: RULE [CODE] FIELD NAME: message
 * (a finding without a retourcode, a V8 warning, has no [CODE])
 * The line is read by programs as much as by people: CI logs, editors (compilation mode,
 * quickfix) and problem matchers find a finding by "FILE:LINE:COL: error:" or "warning:".  So
 * "error" and "warning" stay English in every language, like the rule id, the retourcode and
 * the Vektis field id and name; only the message, produced in the language of messages by the
 * rule that reports it, follows the user's language. */
#include "core.h"
#include <stdio.h>

int aw_format_finding(char *dst, size_t n, const char *file, const aw_finding *f)
{
    const char *sev = f->severity == AW_SEV_REJECT ? "error" : "warning"; /* not translated: see above */
    char code[8] = "";
    if (f->code[0]) snprintf(code, sizeof code, " [%s]", f->code);
    if (f->field_id)
        return snprintf(dst, n, "%s:%lu:%u: %s: %s%s %s %s: %s", file, f->line, f->column, sev,
                        f->rule, code, f->field_id, f->field_name, f->message);
    return snprintf(dst, n, "%s:%lu:%u: %s: %s%s: %s", file, f->line, f->column, sev, f->rule,
                    code, f->message);
}
