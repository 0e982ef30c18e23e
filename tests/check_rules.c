/* SPDX-License-Identifier: MIT */
/* check_rules.c — the rule table and the public rule/retourcode lookups. */
#include "check_suites.h"
#include "awint.h"
#include <string.h>

START_TEST(table)
{
    ck_assert_int_eq(aw_rule_count(), AW_NRULES);
    for (int i = 0; i < AW_NRULES; i++) {
        ck_assert_int_eq(aw_rule_index(aw_rule_id(i)), i);
        const char *code = rule_table[i].code;
        if (code[0]) ck_assert_msg(aw_retourcode_text(code) != NULL, "%s: code %s unknown", rule_table[i].id, code);
        else ck_assert_int_eq(rule_table[i].layer, 'V');
        for (int j = i + 1; j < AW_NRULES; j++) ck_assert_str_ne(rule_table[i].id, rule_table[j].id);
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
    tcase_add_test(t, controlset_overrides);
    tcase_add_test(t, euro_and_mask);
    suite_add_tcase(s, t);
    return s;
}
