/* SPDX-License-Identifier: MIT */
/* rules.c — the rule table (generated from rules.def) and the public rule lookups. */
#include "awint.h"
#include <stdio.h>
#include <string.h>

const rule_def rule_table[AW_NRULES] = {
#define RULE(id, layer, sev, code, text, hint) {#id, layer, AW_SEV_##sev, code, text, hint},
#include "rules.def"
#undef RULE
};

void rule_conf_default(rule_conf conf[AW_NRULES])
{
    for (int i = 0; i < AW_NRULES; i++) {
        conf[i].sev = rule_table[i].sev;
        conf[i].code[0] = 0;
        conf[i].months = 0;
    }
    conf[AW_RULE_T1].months = 3; /* SPEC 4.6: N = 3 */
}

int aw_rule_count(void) { return AW_NRULES; }

int aw_rule_index(const char *id)
{
    for (int i = 0; i < AW_NRULES; i++)
        if (!strcmp(rule_table[i].id, id)) return i;
    return -1;
}

const char *aw_rule_id(int i) { return i >= 0 && i < AW_NRULES ? rule_table[i].id : NULL; }
const char *aw_rule_text(int i) { return i >= 0 && i < AW_NRULES ? rule_table[i].text : NULL; }
const char *aw_rule_hint(int i) { return i >= 0 && i < AW_NRULES ? rule_table[i].hint : NULL; }

const char *aw_rule_code(const aw_ctx *ctx, int i)
{
    if (i < 0 || i >= AW_NRULES) return NULL;
    return ctx && ctx->conf[i].code[0] ? ctx->conf[i].code : rule_table[i].code;
}

aw_severity aw_rule_severity(const aw_ctx *ctx, int i)
{
    if (i < 0 || i >= AW_NRULES) return AW_SEV_OFF;
    return ctx ? ctx->conf[i].sev : rule_table[i].sev;
}

const char *aw_retourcode_text(const char *code)
{
    for (size_t i = 0; i < rc_table_len; i++)
        if (!strcmp(rc_table[i].code, code)) return rc_table[i].text;
    return NULL;
}

int aw_rule_params(const aw_ctx *ctx, int i, char *dst, size_t n)
{
    if (n) dst[0] = 0;
    if (i != AW_RULE_T1) return 0; /* T1 is the only rule with a parameter (SPEC 4.6) */
    long months = ctx ? ctx->conf[i].months : 3;
    return snprintf(dst, n, "months=%ld", months);
}
