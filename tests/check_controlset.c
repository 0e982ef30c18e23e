/* SPDX-License-Identifier: MIT */
/* check_controlset.c — Check suite for controlset.c (doc/controlsets.md): the shipped sets load, every
 * kind of bad controlset is refused (and changes nothing), and a loaded set changes what the
 * engine reports: severity off silences a rule, a code override changes the AW320 code, T1
 * months moves the deadline. */
#include "check_suites.h"
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define OPEN "<?xml version=\"1.0\"?>\n<controlset xmlns=\"urn:aw319check:controlset:1\" id=\"test\" version=\"1\">\n" \
    "<title>t</title>\n<source>s</source>\n"
#define CLOSE "</controlset>\n"

static char dir[256];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/check_controlset.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static int conf_eq(const rule_conf *a, const rule_conf *b)
{
    return a->sev == b->sev && !strcmp(a->code, b->code) && a->months == b->months;
}

static aw_ctx *new_ctx(void)
{
    aw_ctx *ctx = aw_ctx_new();
    const char *top = getenv("top_srcdir");
    ck_assert_int_eq(aw_ctx_set_datadir(ctx, top && *top ? top : "."), AW_OK);
    return ctx;
}

static const char *put(const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/cs.xml", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* Load text as a controlset into a fresh context: the rc, and the context (to free). */
static aw_rc load(const char *text, aw_ctx **out)
{
    *out = new_ctx();
    return aw_ctx_load_controlset(*out, put(text));
}

static void expect_bad(const char *text, aw_rc want, int line, const char *msg)
{
    aw_ctx *ctx;
    aw_rc rc = load(text, &ctx);
    ck_assert_msg(rc == want, "rc %d (want %d): %s", rc, want, aw_errmsg(ctx));
    char pfx[600];
    snprintf(pfx, sizeof pfx, "%s/cs.xml:%d: ", dir, line);
    ck_assert_msg(!strncmp(aw_errmsg(ctx), pfx, strlen(pfx)), "'%s' does not start with '%s'", aw_errmsg(ctx), pfx);
    ck_assert_msg(strstr(aw_errmsg(ctx), msg), "'%s' lacks '%s'", aw_errmsg(ctx), msg);
    /* nothing of a bad set is in force */
    rule_conf def[RULE_COUNT];
    rule_conf_default(def);
    for (int r = 0; r < RULE_COUNT; r++) ck_assert(conf_eq(&ctx->conf[r], &def[r]));
    ck_assert_str_eq(ctx->controlset_id, "default");
    aw_ctx_free(ctx);
}

START_TEST(test_shipped_sets)
{
    static const struct { const char *name; long months; } sets[] = {
        {"default", 3}, {"zorg-en-zekerheid", 3}, {"vgz", 1}};
    rule_conf def[RULE_COUNT];
    rule_conf_default(def);
    for (int i = 0; i < 3; i++) {
        aw_ctx *ctx = new_ctx();
        ck_assert_msg(aw_ctx_load_controlset(ctx, sets[i].name) == AW_OK, "%s: %s", sets[i].name, aw_errmsg(ctx));
        ck_assert_str_eq(ctx->controlset_id, sets[i].name);
        ck_assert_int_eq(ctx->conf[RULE_T1].months, sets[i].months);
        ck_assert_int_eq(ctx->conf[RULE_T1].sev, AW_SEV_WARN);
        for (int r = 0; r < RULE_COUNT; r++)          /* everything else is the default table */
            if (r != RULE_T1) ck_assert(conf_eq(&ctx->conf[r], &def[r]));
        aw_ctx_free(ctx);
    }
    /* default.xml names every rule of the table */
    char path[4096], *buf = malloc(1 << 16);
    aw_ctx *ctx = new_ctx();
    ck_assert(proc_find_datafile(ctx->datadir, "controlsets/default.xml", path, sizeof path));
    FILE *f = fopen(path, "r");
    size_t n = fread(buf, 1, (1 << 16) - 1, f);
    fclose(f);
    buf[n] = 0;
    for (int r = 0; r < RULE_COUNT; r++) {
        char want[32];
        snprintf(want, sizeof want, "<rule id=\"%s\" severity=\"%s\"", rule_table[r].id,
                 rule_table[r].sev == AW_SEV_WARN ? "warn" : "reject");
        ck_assert_msg(strstr(buf, want), "default.xml lacks %s", want);
    }
    free(buf);
    aw_ctx_free(ctx);
}
END_TEST

START_TEST(test_error_not_stale)
{
    /* the context's message belongs to the last call: a failed load, then a good one */
    aw_ctx *ctx = new_ctx();
    ck_assert_int_ne(aw_ctx_load_controlset(ctx, "/nonexistent/cs.xml"), AW_OK);
    ck_assert_str_ne(aw_errmsg(ctx), "");
    ck_assert_int_eq(aw_ctx_load_controlset(ctx, "vgz"), AW_OK);
    ck_assert_str_eq(aw_errmsg(ctx), "");
    ck_assert_int_ne(aw_ctx_set_aw33_schema(ctx, "/nonexistent"), AW_OK);
    ck_assert_int_eq(aw_ctx_load_controlset(ctx, "default"), AW_OK);
    ck_assert_str_eq(aw_errmsg(ctx), "");
    aw_ctx_free(ctx);
}
END_TEST

START_TEST(test_file_applies)
{
    aw_ctx *ctx;
    ck_assert_int_eq(load(OPEN "<rule id=\"I8\" severity=\"off\"/>\n<rule id=\"R6\" code=\"0582\"/>\n"
                          "<rule id=\"T1\" severity=\"reject\"><param name=\"months\" value=\"0\"/></rule>\n" CLOSE, &ctx), AW_OK);
    ck_assert_str_eq(ctx->controlset_id, "test");
    ck_assert_int_eq(aw_rule_severity(ctx, RULE_I8), AW_SEV_OFF);
    ck_assert_str_eq(aw_rule_code(ctx, RULE_R6), "0582");
    ck_assert_int_eq(aw_rule_severity(ctx, RULE_R6), AW_SEV_REJECT);
    ck_assert_int_eq(ctx->conf[RULE_T1].months, 0);
    ck_assert_int_eq(ctx->conf[RULE_T1].sev, AW_SEV_REJECT);
    /* a second set replaces the first: it starts from the defaults */
    ck_assert_int_eq(aw_ctx_load_controlset(ctx, put(OPEN "<rule id=\"I9\" severity=\"warn\"/>\n" CLOSE)), AW_OK);
    ck_assert_int_eq(aw_rule_severity(ctx, RULE_I8), AW_SEV_REJECT);
    ck_assert_int_eq(aw_rule_severity(ctx, RULE_I9), AW_SEV_WARN);
    ck_assert_int_eq(ctx->conf[RULE_T1].months, 3);
    aw_ctx_free(ctx);
}
END_TEST

START_TEST(test_errors)
{
    expect_bad(OPEN "<rule id=\"Z9\"/>\n" CLOSE, AW_ECONTROL, 5, "unknown rule 'Z9'");
    expect_bad(OPEN "<rule id=\"I8\" severity=\"error\"/>\n" CLOSE, AW_ECONTROL, 5, "not a valid controlset");
    expect_bad(OPEN "<rule id=\"I8\"><param name=\"months\" value=\"1\"/></rule>\n" CLOSE, AW_ECONTROL, 5,
               "rule I8 has no parameter 'months'");
    expect_bad(OPEN "<rule id=\"T1\">\n<param name=\"weeks\" value=\"1\"/></rule>\n" CLOSE, AW_ECONTROL, 6,
               "rule T1 has no parameter 'weeks' (T1 takes: months)");
    expect_bad(OPEN "<rule id=\"T1\"><param name=\"months\" value=\"121\"/></rule>\n" CLOSE, AW_ECONTROL, 5,
               "rule T1 parameter months: '121' is not a whole number 0-120");
    expect_bad(OPEN "<rule id=\"T1\"><param name=\"months\" value=\"-1\"/></rule>\n" CLOSE, AW_ECONTROL, 5, "'-1' is not");
    expect_bad(OPEN "<rule id=\"T1\"><param name=\"months\" value=\" 1\"/></rule>\n" CLOSE, AW_ECONTROL, 5, "' 1' is not");
    expect_bad(OPEN "<rule id=\"T1\"><param name=\"months\" value=\"1\"/><param name=\"months\" value=\"2\"/></rule>\n" CLOSE,
               AW_ECONTROL, 5, "parameter months of rule T1 given twice");
    expect_bad(OPEN "<rule id=\"R6\" code=\"9999\"/>\n" CLOSE, AW_ECONTROL, 5, "'9999' is not a known retourcode");
    expect_bad(OPEN "<rule id=\"R6\" code=\"061\"/>\n" CLOSE, AW_ECONTROL, 5, "not a valid controlset");
    expect_bad(OPEN "<rule id=\"I8\"/>\n<rule id=\"I8\" severity=\"off\"/>\n" CLOSE, AW_ECONTROL, 6, "not a valid controlset");
    /* schema-invalid: no source, wrong namespace, unknown element */
    expect_bad("<controlset xmlns=\"urn:aw319check:controlset:1\" id=\"x\" version=\"1\">\n<title>t</title>\n</controlset>\n",
               AW_ECONTROL, 1, "Missing child element(s)");
    expect_bad("<controlset id=\"x\" version=\"1\"><title>t</title><source>s</source></controlset>\n", AW_ECONTROL, 1,
               "not a valid controlset");
    expect_bad(OPEN "<rules/>\n" CLOSE, AW_ECONTROL, 5, "not a valid controlset");
    /* not XML; a DOCTYPE (with an XXE) is refused */
    expect_bad("severity=off\n", AW_ECONTROL, 1, "not a well-formed XML controlset");
    expect_bad(OPEN "<rule id=\"I8\">\n" CLOSE, AW_ECONTROL, 6, "not a well-formed XML controlset");
    expect_bad("<?xml version=\"1.0\"?>\n<!DOCTYPE c [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
               "<controlset xmlns=\"urn:aw319check:controlset:1\" id=\"x\" version=\"1\"><title>&e;</title>"
               "<source>s</source></controlset>\n", AW_ECONTROL, 3, "a DOCTYPE before the root element is not allowed");
}
END_TEST

START_TEST(test_missing)
{
    aw_ctx *ctx = new_ctx();
    char p[512];
    snprintf(p, sizeof p, "%s/none.xml", dir);
    ck_assert_int_eq(aw_ctx_load_controlset(ctx, p), AW_EIO);
    ck_assert(strstr(aw_errmsg(ctx), "none.xml: cannot open"));
    aw_ctx_free(ctx);
    ctx = new_ctx();
    ck_assert_int_eq(aw_ctx_load_controlset(ctx, "achmea"), AW_EUSAGE);
    ck_assert(strstr(aw_errmsg(ctx), "no controlset 'achmea'"));
    aw_ctx_free(ctx);
    ctx = new_ctx();
    ck_assert_int_eq(aw_ctx_load_controlset(ctx, "a b"), AW_EUSAGE);
    aw_ctx_free(ctx);
}
END_TEST

/* The engine honours what a set puts in force. */
START_TEST(test_engine)
{
    char h[311], c1[311], p1[311];
    tu_header(h);
    tu_client(c1, 1, "812047436");
    tu_prestatie(p1, 2, "812047436", "REF-1");
    tu_set(p1, "0428", "2100");                       /* I8 */
    char *recs[] = {h, c1, p1};
    tu_result res;

    aw_ctx *ctx;
    ck_assert_int_eq(load(OPEN "<rule id=\"I8\" severity=\"off\"/>\n" CLOSE, &ctx), AW_OK);
    tu_run_recs(ctx, recs, 3, 1, &res);
    ck_assert_int_eq(tu_find(&res, "I8"), -1);        /* off: silenced */
    ck_assert_int_eq(res.sum.verdict, AW_VERDICT_ACCEPTED);
    ck_assert_str_eq(res.sum.controlset, "test");
    aw_ctx_free(ctx);

    ck_assert_int_eq(load(OPEN "<rule id=\"I8\" code=\"8032\"/>\n" CLOSE, &ctx), AW_OK);
    tu_run_recs(ctx, recs, 3, 1, &res);
    int k = tu_find(&res, "I8");
    ck_assert_int_ge(k, 0);
    ck_assert_str_eq(res.f[k].code, "8032");
    ck_assert_str_eq(res.r[2].codes[0], "8032");      /* the AW320 code of the record */
    aw_ctx_free(ctx);

    /* T1: 1 month (vgz) fires for March submitted in May; 3 months (zorg-en-zekerheid) not */
    tu_set(p1, "0428", "0000");
    static const struct { const char *set; int fires; } t1[] = {{"vgz", 1}, {"zorg-en-zekerheid", 0}};
    for (int i = 0; i < 2; i++) {
        ctx = new_ctx();
        ck_assert_int_eq(aw_ctx_load_controlset(ctx, t1[i].set), AW_OK);
        aw_ctx_set_submission_date(ctx, 20230515);
        tu_run_recs(ctx, recs, 3, 1, &res);
        ck_assert_int_eq(tu_find(&res, "T1") >= 0, t1[i].fires);
        aw_ctx_free(ctx);
    }
}
END_TEST

Suite *make_controlset_suite(void)
{
    Suite *s = suite_create("controlset");
    TCase *t = tcase_create("load");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_shipped_sets);
    tcase_add_test(t, test_file_applies);
    tcase_add_test(t, test_errors);
    tcase_add_test(t, test_missing);
    tcase_add_test(t, test_error_not_stale);
    tcase_add_test(t, test_engine);
    suite_add_tcase(s, t);
    return s;
}
