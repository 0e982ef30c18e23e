/* SPDX-License-Identifier: MIT */
/* check_rules.c — the rule table and the public rule/retourcode lookups. */
#include "check_suites.h"
#include "ctx.h"
#include "layout.h"
#include <string.h>

START_TEST(table)
{
    ck_assert_int_eq(aw_rule_count(), RULE_COUNT);
    for (int i = 0; i < RULE_COUNT; i++) {
        ck_assert_int_eq(aw_rule_index(aw_rule_id(i)), i);
        const char *code = rule_table[i].code;
        if (code[0]) ck_assert_msg(aw_retourcode_text(code) != NULL, "%s: code %s unknown", rule_table[i].id, code);
        else ck_assert_int_eq(rule_table[i].layer, 'V');
        for (int j = i + 1; j < RULE_COUNT; j++) ck_assert_str_ne(rule_table[i].id, rule_table[j].id);
    }
    ck_assert_int_eq(aw_rule_index("X9"), -1);
    ck_assert_int_eq(aw_rule_severity(NULL, aw_rule_index("T1")), AW_SEV_WARN);
    ck_assert_int_eq(aw_rule_severity(NULL, aw_rule_index("S1")), AW_SEV_REJECT);
}
END_TEST

START_TEST(field_codes_known)
{
    /* every per-field retourcode of the layout has a description */
    const lay_layout *l = &lay_aw319_v13;
    for (unsigned i = 0; i < l->nrecords; i++)
        for (unsigned k = 0; k < l->records[i].nfields; k++)
            ck_assert_msg(aw_retourcode_text(l->records[i].fields[k].code) != NULL, "%s",
                          l->records[i].fields[k].id);
    ck_assert_ptr_nonnull(strstr(aw_retourcode_text("0611"), "Tarief"));
    ck_assert_ptr_null(aw_retourcode_text("9999"));
}
END_TEST

/* Every retourcode the checker can emit has a fix: the rules' codes, the codes a rule chooses
 * when it reports (S6, S9), every field code of both AW319 layouts (V rules) and, as a
 * controlset may give a rule any known code, every code of the retourcode table. */
static void has_hint(const char *code, const char *what)
{
    const char *h = aw_code_hint(code);
    ck_assert_msg(h != NULL, "%s: retourcode %s has no hint in codehints.def", what, code);
    ck_assert_msg(strlen(h) > 20 && h[0] >= 'A' && h[0] <= 'Z', "%s: hint of %s: '%s'", what, code, h);
}

START_TEST(code_hints)
{
    for (int i = 0; i < RULE_COUNT; i++)
        if (rule_table[i].code[0]) has_hint(rule_table[i].code, rule_table[i].id);
    static const char *const chosen[] = {"0011", "8027", "0151", "0153", "0156", "0157", "0158", "0001"};
    for (size_t i = 0; i < sizeof chosen / sizeof chosen[0]; i++) has_hint(chosen[i], "chosen when reported");
    const lay_layout *ls[] = {&lay_aw319_v13, &lay_aw319_v14};
    for (size_t n = 0; n < 2; n++)
        for (unsigned i = 0; i < ls[n]->nrecords; i++)
            for (unsigned k = 0; k < ls[n]->records[i].nfields; k++)
                has_hint(ls[n]->records[i].fields[k].code, ls[n]->records[i].fields[k].id);
    /* the outcome codes of the AW320 too */
    static const char *const outcome[] = {"8001", "8002", "8073", "8096", "0200"};
    for (size_t i = 0; i < sizeof outcome / sizeof outcome[0]; i++) has_hint(outcome[i], "outcome");
    for (size_t i = 0; i < rc_table_len; i++) has_hint(rc_table[i].code, "retourcodes.tsv");
    ck_assert_ptr_null(aw_code_hint("9999"));
    ck_assert_ptr_null(aw_code_hint(NULL));
}
END_TEST

/* Who reports a code: the rules whose code it is, those that choose it, the field rules on the
 * fields whose code it is; a controlset's code replaces them. */
START_TEST(code_reporters)
{
    const char *id, *name;
    ck_assert_int_eq(aw_code_reporter(NULL, "0435", 0, &id, &name), aw_rule_index("I1"));
    ck_assert_ptr_null(id);
    ck_assert_int_eq(aw_code_reporter(NULL, "0435", 1, &id, &name), aw_rule_index("I2"));
    ck_assert_int_eq(aw_code_reporter(NULL, "0435", 2, &id, &name), aw_rule_index("V1"));
    ck_assert_str_eq(id, "0203");
    ck_assert_str_eq(name, "BURGERSERVICENUMMER (BSN) VERZEKERDE");
    ck_assert_int_eq(aw_code_reporter(NULL, "0435", 3, &id, &name), aw_rule_index("V2"));
    ck_assert_str_eq(id, "0203");
    ck_assert_int_eq(aw_code_reporter(NULL, "0435", 4, &id, &name), aw_rule_index("V1"));
    ck_assert_str_eq(id, "0403");
    ck_assert_int_eq(aw_code_reporter(NULL, "0435", 5, &id, &name), aw_rule_index("V2"));
    ck_assert_int_eq(aw_code_reporter(NULL, "0435", 6, &id, &name), -1);
    ck_assert_ptr_null(id);
    ck_assert_int_eq(aw_code_reporter(NULL, "8027", 0, &id, &name), aw_rule_index("S6"));
    ck_assert_int_eq(aw_code_reporter(NULL, "0157", 0, &id, &name), aw_rule_index("S9"));
    ck_assert_int_eq(aw_code_reporter(NULL, "0320", 0, &id, &name), -1);
    ck_assert_int_eq(aw_code_reporter(NULL, "0435", -1, &id, &name), -1);
    /* a date field: V3; a coded one: V4; a reserve field: V5 has its own code (0001) */
    int v3 = 0, v4 = 0;
    for (int k = 0, r; (r = aw_code_reporter(NULL, "8007", k, &id, &name)) >= 0; k++)
        v3 |= r == aw_rule_index("V3") && !strcmp(id, "0414");
    for (int k = 0, r; (r = aw_code_reporter(NULL, "0631", k, &id, &name)) >= 0; k++)
        v4 |= r == aw_rule_index("V4") && !strcmp(id, "0427");
    ck_assert(v3 && v4);
    ck_assert_int_eq(aw_code_reporter(NULL, "0001", 0, &id, &name), aw_rule_index("V5"));
    /* V8 carries 0424's code 5803 only when a controlset makes it reject */
    aw_ctx *c = aw_ctx_new();
    int v8 = aw_rule_index("V8"), s9 = aw_rule_index("S9"), seen = 0;
    for (int k = 0, r; (r = aw_code_reporter(c, "5803", k, &id, &name)) >= 0; k++) seen |= r == v8;
    ck_assert_int_eq(seen, 0);
    c->conf[v8].sev = AW_SEV_REJECT;
    for (int k = 0, r; (r = aw_code_reporter(c, "5803", k, &id, &name)) >= 0; k++) seen |= r == v8 && !strcmp(id, "0424");
    ck_assert_int_eq(seen, 1);
    /* a controlset's code replaces the codes S9 chooses */
    strcpy(c->conf[s9].code, "8024");
    ck_assert_int_eq(aw_code_reporter(c, "0157", 0, &id, &name), aw_rule_index("V1")); /* 9903 */
    ck_assert_str_eq(id, "9903");
    ck_assert_int_eq(aw_code_reporter(c, "8024", 0, &id, &name), s9);
    aw_ctx_free(c);
}
END_TEST

START_TEST(controlset_overrides)
{
    aw_ctx *c = aw_ctx_new();
    int t1 = aw_rule_index("T1");
    ck_assert_int_eq(c->conf[t1].months, 3);
    c->conf[t1].sev = AW_SEV_REJECT;
    strcpy(c->conf[t1].code, "8024");
    ck_assert_int_eq(aw_rule_severity(c, t1), AW_SEV_REJECT);
    ck_assert_str_eq(aw_rule_code(c, t1), "8024");
    char par[32];
    ck_assert_int_eq(aw_rule_params(c, t1, par, sizeof par), 8);
    ck_assert_str_eq(par, "months=3");
    c->conf[t1].months = 1;
    aw_rule_params(c, t1, par, sizeof par);
    ck_assert_str_eq(par, "months=1");
    ck_assert_int_eq(aw_rule_params(c, aw_rule_index("I6"), par, sizeof par), 0);
    ck_assert_str_eq(par, "");
    aw_ctx_free(c);
}
END_TEST

START_TEST(euro_and_mask)
{
    char b[48];
    aw_format_euro(b, sizeof b, 123456);
    ck_assert_str_eq(b, "\xe2\x82\xac 1.234,56");
    aw_format_euro(b, sizeof b, -5);
    ck_assert_str_eq(b, "-\xe2\x82\xac 0,05");
    aw_format_euro(b, sizeof b, 100000000);
    ck_assert_str_eq(b, "\xe2\x82\xac 1.000.000,00");
    aw_mask_bsn(b, "812047436");
    ck_assert_str_eq(b, "81*****36");
}
END_TEST

Suite *make_rules_suite(void)
{
    Suite *s = suite_create("rules");
    TCase *t = tcase_create("table");
    tcase_add_test(t, table);
    tcase_add_test(t, field_codes_known);
    tcase_add_test(t, code_hints);
    tcase_add_test(t, code_reporters);
    tcase_add_test(t, controlset_overrides);
    tcase_add_test(t, euro_and_mask);
    suite_add_tcase(s, t);
    return s;
}
