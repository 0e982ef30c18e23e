/* SPDX-License-Identifier: MIT */
/* rules.c — the rule table (generated from rules.def), the public rule lookups, the hint of
 * every retourcode (codehints.def) and which rules can report a retourcode (--explain=CODE).
 * The texts of the tables are marked N_() and translated here, where a caller asks for one. */
#include "layout.h"
#include "rule.h"
#include "ctx.h"
#include "nls.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>

const rule_def rule_table[RULE_COUNT] = {
#define RULE(id, layer, sev, code, text, hint) {#id, layer, AW_SEV_##sev, code, text, hint},
#include "rules.def"
#undef RULE
};

void rule_conf_default(rule_conf conf[RULE_COUNT])
{
    for (int i = 0; i < RULE_COUNT; i++) {
        conf[i].sev = rule_table[i].sev;
        conf[i].code[0] = 0;
        conf[i].months = 0;
    }
    conf[RULE_T1].months = 3; /* doc/rules.md: N = 3 */
}

int aw_rule_count(void) { return RULE_COUNT; }

int aw_rule_index(const char *id)
{
    for (int i = 0; i < RULE_COUNT; i++)
        if (!strcmp(rule_table[i].id, id)) return i;
    return -1;
}

const char *aw_rule_id(int i) { return i >= 0 && i < RULE_COUNT ? rule_table[i].id : NULL; }
const char *aw_rule_text(int i) { return i >= 0 && i < RULE_COUNT ? _(rule_table[i].text) : NULL; }
const char *aw_rule_hint(int i) { return i >= 0 && i < RULE_COUNT ? _(rule_table[i].hint) : NULL; }

const char *aw_rule_code(const aw_ctx *ctx, int i)
{
    if (i < 0 || i >= RULE_COUNT) return NULL;
    return ctx && ctx->conf[i].code[0] ? ctx->conf[i].code : rule_table[i].code;
}

aw_severity aw_rule_severity(const aw_ctx *ctx, int i)
{
    if (i < 0 || i >= RULE_COUNT) return AW_SEV_OFF;
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
    if (i != RULE_T1) return 0; /* T1 is the only rule with a parameter (doc/rules.md) */
    long months = ctx ? ctx->conf[i].months : 3;
    return snprintf(dst, n, "months=%ld", months);
}

/* ---- what to do about a retourcode */

static const struct { const char *code, *hint; } code_hints[] = {
#define CODEHINT(code, hint) {code, hint},
#include "codehints.def"
#undef CODEHINT
};

const char *aw_code_hint(const char *code)
{
    if (!code) return NULL;
    for (size_t i = 0; i < sizeof code_hints / sizeof code_hints[0]; i++)
        if (!strcmp(code_hints[i].code, code)) return _(code_hints[i].hint);
    return NULL;
}

/* ---- which rules report a retourcode */

/* Codes a rule passes when it reports (fs_emit's code argument) instead of its own, while no
 * controlset sets its code: keep in step with check.c (S6 on 0104, S9 per count of the 99). */
static const struct { rule_id rule; const char *code; } emit_codes[] = {
    {RULE_S6, "8027"}, {RULE_S9, "0151"}, {RULE_S9, "0157"}, {RULE_S9, "0158"},
    {RULE_S9, "0153"}};

_Static_assert(RULE_COUNT <= 64, "a rule set is a 64-bit mask");
#define BIT(r) ((uint64_t)1 << (r))

/* The field rules that can report on field f of layout l (fields.c's check_field and
 * chk_conds): V5 on a reserve field; else V1 (N) or V6 (AN), V2 when mandatory, V3 on an N
 * date, V4 with a code list, the pattern's rule (V8/V9), and the rule of each constraint. */
static uint64_t field_rules(const lay_layout *l, const lay_field *f)
{
    if (f->req == 'R') return BIT(RULE_V5);
    uint64_t m = BIT(f->type == LAY_N ? RULE_V1 : RULE_V6);
    if (f->req == 'M') m |= BIT(RULE_V2);
    if (f->type == LAY_N && f->kind == LAY_KIND_DATE) m |= BIT(RULE_V3);
    if (f->codes) m |= BIT(RULE_V4);
    if (f->pattern) m |= BIT(f->prule);
    for (unsigned i = 0; i < l->nconds; i++)
        if (!strcmp(l->conds[i].field, f->id)) m |= BIT(l->conds[i].rule);
    return m;
}

/* The rules in force that report a field's own retourcode: a code of "" (the V rules; V8 only
 * while it rejects: as a warning it carries no code). */
static int takes_field_code(const aw_ctx *ctx, int r)
{
    if (aw_rule_code(ctx, r)[0]) return 0;
    return r != RULE_V8 || aw_rule_severity(ctx, r) == AW_SEV_REJECT;
}

int aw_code_reporter(const aw_ctx *ctx, const char *code, int k, const char **field_id,
                     const char **field_name)
{
    *field_id = *field_name = NULL;
    if (!code || k < 0) return -1;
    for (int r = 0; r < RULE_COUNT; r++) {
        int hit = !strcmp(aw_rule_code(ctx, r), code);
        for (size_t e = 0; !hit && e < sizeof emit_codes / sizeof emit_codes[0]; e++)
            hit = emit_codes[e].rule == (rule_id)r && !strcmp(emit_codes[e].code, code) &&
                  !(ctx && ctx->conf[r].code[0]);
        if (hit && k-- == 0) return r;
    }
    /* the fields, in v1.3 layout order; a v1.4 file has the same fields (its own patterns) */
    const lay_layout *l = &lay_aw319_v13;
    for (unsigned i = 0; i < l->nrecords; i++)
        for (unsigned j = 0; j < l->records[i].nfields; j++) {
            const lay_field *f = &l->records[i].fields[j], *f14 = lay_field_find(&lay_aw319_v14, f->id);
            if (strcmp(f->code, code)) continue;
            uint64_t m = field_rules(l, f) | (f14 ? field_rules(&lay_aw319_v14, f14) : 0);
            for (int r = 0; r < RULE_COUNT; r++)
                if ((m & BIT(r)) && takes_field_code(ctx, r) && k-- == 0) {
                    *field_id = f->id;
                    *field_name = f->name;
                    return r;
                }
        }
    return -1;
}
