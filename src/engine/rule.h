/* SPDX-License-Identifier: MIT */
/* rule.h — the rule table (rules.def, rules.c) and a context's configuration of it. */
#ifndef RULE_H
#define RULE_H

#include "core.h"

/* ---- rules.c: the rule table (rules.def) and the per-context configuration. */
typedef enum {
#define RULE(id, layer, sev, code, text, hint) RULE_##id,
#include "rules.def"
#undef RULE
    RULE_COUNT
} rule_id;
typedef struct rule_def { const char *id; char layer; aw_severity sev; const char *code;
                          const char *text; const char *hint; } rule_def;
extern const rule_def rule_table[RULE_COUNT];
typedef struct rule_conf {
    aw_severity sev;           /* in force */
    char code[5];              /* override ("" = default) */
    long months;               /* T1 parameter N */
} rule_conf;
void rule_conf_default(rule_conf conf[RULE_COUNT]);

#endif
