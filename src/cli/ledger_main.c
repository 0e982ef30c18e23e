/* SPDX-License-Identifier: MIT */
/* ledger_main.c — aw319ledger: the thin command line over the history ledger.
 * Parses arguments, calls ledger_* and prints (ledger_print.c); a table of subcommands, one
 * function each.  Exit 0 ok, 1 a refused add or a failed verify, 2 usage, I/O or database
 * trouble (permission, busy). */
#include "ledger_print.h"
#include "nls.h"
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_OK = 0, EXIT_REFUSED = 1, EXIT_TROUBLE = 2 };

static void usage(FILE *f)
{
    fputs(_("Usage: aw319ledger add DB FILE.aw320... [--koppeltabel=FILE] [--force]\n"
          "  or:  aw319ledger list DB [--format=text|csv]\n"
          "  or:  aw319ledger summary DB [--year=YYYY] [--as-of=DATE] [--koppeltabel=FILE]\n"
          "                           [--productieafspraak=FILE] [--format=text|csv|xml|html]\n"
          "  or:  aw319ledger budget DB --year=YYYY --productieafspraak=FILE [--as-of=DATE]\n"
          "                           [--koppeltabel=FILE] [--format=text|csv]\n"
          "  or:  aw319ledger sample DB --month=YYYY-MM --size=N --seed=S [--leveringsvorm=LV]\n"
          "                           [--mask-bsn] [--as-of=DATE] [--koppeltabel=FILE]\n"
          "  or:  aw319ledger gaps DB --month=YYYY-MM --toewijzingen=PATH... [--mask-bsn]\n"
          "  or:  aw319ledger verify DB\n"), f);
}

static void help(void)
{
    usage(stdout);
    fputs(_("Keep a history ledger (SQLite database DB) of AW320 return files, for the history\n"
          "rules H1-H5 of 'aw319check --ledger=DB', and for the auditor's and controller's\n"
          "questions about a year.\n"
          "\n"
          "Commands:\n"
          "  add       record each AW320 in DB, one transaction per file; DB is created (mode\n"
          "            0600) when missing.  A malformed AW320, or one whose invoice is in DB\n"
          "            already, is refused and nothing of it is added.  With --koppeltabel the\n"
          "            leveringsvorm of every prestatie is stored with it.\n"
          "  list      one entry per stored AW320: declaratiemaand, instelling, factuurnummer,\n"
          "            file, SHA-256, when added, records, prestaties ingediend, toegekend,\n"
          "            afgewezen and credits (counts and amounts)\n"
          "  summary   per month (of 0414) and leveringsvorm: ingediend, toegekend, afgewezen,\n"
          "            credits and net, and the herschikking extrapolation (net januari-juni) /\n"
          "            (days januari-juni) x (days in the year), with a warning naming the months\n"
          "            of januari-juni without data\n"
          "  budget    realisatie per leveringsvorm against the productieafspraak: the 1/12 a\n"
          "            month reference, the extrapolated year, onder-/overproductie\n"
          "  sample    a reproducible a-selecte steekproef of granted debets of a month (CSV)\n"
          "  gaps      clients with a toewijzing active in the month at an instelling of DB and\n"
          "            no granted prestatie there (CSV), and the prestaties of the month refused\n"
          "            for lack of a toewijzing (0551, 0553, 0554)\n"
          "  verify    check the database's integrity and schema version\n"
          "\n"
          "Options:\n"
          "  -y, --year=YYYY             summary: only this year; budget: the year\n"
          "  -a, --as-of=DATE            only AW320s added on or before DATE (YYYY-MM-DD, UTC)\n"
          "  -k, --koppeltabel=FILE      leveringsvorm per prestatiecode (add: stored; else for\n"
          "                              prestaties stored without one)\n"
          "  -p, --productieafspraak=FILE  CSV leveringsvorm;jaar;bedrag\n"
          "  -f, --format=FORMAT         text (default), csv, xml or html (as the command allows)\n"
          "  -m, --month=YYYY-MM         sample, gaps: the month of 0414\n"
          "  -n, --size=N                sample: how many prestaties\n"
          "  -s, --seed=S                sample: the seed (0 - 18446744073709551615)\n"
          "  -l, --leveringsvorm=LV      sample: only ZZP, VPT or MPT\n"
          "  -w, --toewijzingen=PATH     gaps: toewijzingen, CSV or AW33 (file or directory;\n"
          "                              repeatable)\n"
          "      --mask-bsn              sample, gaps: mask the middle five digits of each BSN\n"
          "      --force                 add: adopt an existing file that is empty, a symbolic\n"
          "                              link, another user's, or readable by others\n"
          "  -h, --help                  display this help and exit\n"
          "      --version               output version information and exit\n"
          "\n"
          "Exit status: 0 if OK, 1 if an AW320 was refused or DB failed verification,\n"
          "2 for a usage error, an unreadable file or an unusable, unreadable or busy database.\n"
          "\n"
          "SOURCE_DATE_EPOCH, when set, is the time recorded for an add.\n"
          "Report bugs in the aw319check issue tracker.\n"), stdout);
}

static int die(const char *msg)
{
    fprintf(stderr, "aw319ledger: %s\n", msg);
    return EXIT_TROUBLE;
}

static int exit_for(aw_rc rc) { return rc == LEDGER_REFUSED ? EXIT_REFUSED : EXIT_TROUBLE; }

/* ---- add */

#ifdef AW_TEST_HOOKS
/* Test hook, only in the test build tests/aw319ledger-hooks (tests/ledger-e2e.sh): with
 * AW319LEDGER_TEST_PAUSE=FILE the add creates FILE after its first prestatie is inserted and
 * then sleeps inside the transaction, to be killed. */
static void pause_hook(void *ud, unsigned long n04)
{
    if (n04 != 1) return;
    int fd = open((const char *)ud, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd >= 0) close(fd);
    struct timespec ts = {60, 0};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
}
#endif

static long long now(void)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (e && *e) {
        uint64_t v;
        if (strlen(e) <= 15 && fld_uint(e, strlen(e), &v, NULL)) return (long long)v;
    }
    return (long long)time(NULL);
}

/* The options of every command; each command says which it takes (cmds[] below). */
typedef struct cmd_opts {
    int year;
    long as_of, month;                 /* CCYYMMDD, CCYYMM; 0 = not given */
    const char *koppeltabel, *afspraak;
    lp_format fmt;
    int fmt_given, lv, mask_bsn, force;
    unsigned long size;
    uint64_t seed;
    int have_size, have_seed;
    const char *tw[64];                /* --toewijzingen, in order */
    int ntw;
} cmd_opts;

static int load_koppeltabel(aw_ctx *ctx, const cmd_opts *o)
{
    return o->koppeltabel && aw_ctx_load_koppeltabel(ctx, o->koppeltabel) ? die(aw_errmsg(ctx)) : EXIT_OK;
}

static int cmd_add(aw_ctx *ctx, const char *db, int n, char **files, const cmd_opts *o)
{
    ledger *l;
    if (load_koppeltabel(ctx, o)) return EXIT_TROUBLE;
    aw_rc rc = ledger_open(ctx, db, o->force ? LEDGER_CREATE_FORCE : LEDGER_CREATE, &l);
    if (rc) return die(aw_errmsg(ctx));
    ledger_add_opts opts = {now(), NULL, NULL};
#ifdef AW_TEST_HOOKS
    const char *pause = getenv("AW319LEDGER_TEST_PAUSE");
    if (pause && *pause) {
        opts.progress = pause_hook;
        opts.ud = (void *)pause;
    }
#endif
    int status = EXIT_OK;
    for (int i = 0; i < n; i++) {
        ledger_added info;
        err_clear(ctx);
        rc = ledger_add(ctx, l, files[i], &opts, &info);
        if (rc) {
            fprintf(stderr, "aw319ledger: %s\n", aw_errmsg(ctx)[0] ? aw_errmsg(ctx) : aw_strerror(rc));
            int s = exit_for(rc);
            if (s > status) status = s;
            if (s == EXIT_TROUBLE) break;
            continue;
        }
        char euro[48];
        aw_format_euro(euro, sizeof euro, info.toegekend);
        printf(_("%s: added invoice %s of instelling %08lu: %lu prestaties, %lu granted, toegekend %s\n"),
               files[i], info.factuur, (unsigned long)info.instelling, info.prestaties, info.granted, euro);
        if (o->koppeltabel && info.lv_known < info.prestaties)
            printf(_("%s: leveringsvorm stored for %lu of %lu prestaties (the koppeltabel lacks the others)\n"),
                   files[i], info.lv_known, info.prestaties);
    }
    ledger_close(l);
    return status;
}

/* ---- list */

typedef struct list_ud { const cmd_opts *o; unsigned long n; } list_ud;

static aw_rc list_row(void *ud, const ledger_file *f)
{
    list_ud *u = ud;
    u->n++;
    lp_list_row(stdout, u->o->fmt, f);
    return AW_OK;
}

static int open_ro(aw_ctx *ctx, const char *db, ledger **l)
{
    return ledger_open(ctx, db, LEDGER_READONLY, l) ? die(aw_errmsg(ctx)) : EXIT_OK;
}

static int cmd_list(aw_ctx *ctx, const char *db, int n, char **rest, const cmd_opts *o)
{
    (void)n, (void)rest;
    ledger *l;
    if (open_ro(ctx, db, &l)) return EXIT_TROUBLE;
    list_ud u = {o, 0};
    lp_list_head(stdout, o->fmt, db);
    aw_rc rc = ledger_list(ctx, l, list_row, &u);
    ledger_close(l);
    if (rc) return die(aw_errmsg(ctx));
    lp_list_end(stdout, o->fmt, u.n);
    return EXIT_OK;
}

/* ---- summary, budget */

static int load_budget(aw_ctx *ctx, const cmd_opts *o, int year, ledger_budget *b)
{
    aw_rc rc = ledger_budget_load(ctx, o->afspraak, year, b);
    return rc ? die(aw_errmsg(ctx)) : EXIT_OK;
}

static int cmd_summary(aw_ctx *ctx, const char *db, int n, char **rest, const cmd_opts *o)
{
    (void)n, (void)rest;
    ledger *l;
    ledger_summary *s = NULL;
    ledger_budget b;
    if (load_koppeltabel(ctx, o) || open_ro(ctx, db, &l)) return EXIT_TROUBLE;
    aw_rc rc = ledger_summary_make(ctx, l, o->year, o->as_of, &s);
    ledger_close(l);
    if (rc) return die(aw_errmsg(ctx));
    int status = EXIT_OK;
    /* the chart's 1/12 line: the budget of the (first) year shown */
    if (o->afspraak && (status = load_budget(ctx, o, s->nyears ? s->years[0].year : o->year, &b))) {
        ledger_summary_free(s);
        return status;
    }
    /* a write error is reported with the others, at the end */
    if (lp_summary(stdout, o->fmt, db, s, o->afspraak ? &b : NULL) && !ferror(stdout))
        status = die(_("out of memory"));
    ledger_summary_free(s);
    return status;
}

static int cmd_budget(aw_ctx *ctx, const char *db, int n, char **rest, const cmd_opts *o)
{
    (void)n, (void)rest;
    ledger *l;
    ledger_summary *s = NULL;
    ledger_budget b;
    if (!o->year || !o->afspraak) {
        fputs(_("aw319ledger: budget needs --year and --productieafspraak\n"), stderr);
        return EXIT_TROUBLE;
    }
    if (load_koppeltabel(ctx, o) || load_budget(ctx, o, o->year, &b) || open_ro(ctx, db, &l)) return EXIT_TROUBLE;
    aw_rc rc = ledger_summary_make(ctx, l, o->year, o->as_of, &s);
    ledger_close(l);
    if (rc) return die(aw_errmsg(ctx));
    lp_budget(stdout, o->fmt, db, &s->years[0], &b, o->as_of);
    ledger_summary_free(s);
    return EXIT_OK;
}

/* ---- sample */

static aw_rc sample_row(void *ud, const ledger_pick *p)
{
    lp_sample_row(stdout, p, *(const int *)ud);
    return AW_OK;
}

static int cmd_sample(aw_ctx *ctx, const char *db, int n, char **rest, const cmd_opts *o)
{
    (void)n, (void)rest;
    ledger *l;
    if (!o->month || !o->have_size || !o->have_seed) {
        fputs(_("aw319ledger: sample needs --month, --size and --seed\n"), stderr);
        return EXIT_TROUBLE;
    }
    if (load_koppeltabel(ctx, o) || open_ro(ctx, db, &l)) return EXIT_TROUBLE;
    ledger_sample_opts so = {o->month, o->size, o->seed, o->lv, o->as_of};
    unsigned long pop = 0;
    lp_sample_head(stdout);
    aw_rc rc = ledger_sample(ctx, l, &so, &pop, sample_row, (void *)&o->mask_bsn);
    ledger_close(l);
    if (rc) return die(aw_errmsg(ctx));
    unsigned long k = o->size < pop ? o->size : pop;
    if (o->lv >= 0)
        fprintf(stderr, _("aw319ledger: sample of %lu from a population of %lu granted debets of %04ld-%02ld, "
                          "leveringsvorm %s, seed %llu\n"),
                k, pop, o->month / 100, o->month % 100, aw_lv_name((aw_lv)o->lv), (unsigned long long)o->seed);
    else
        fprintf(stderr, _("aw319ledger: sample of %lu from a population of %lu granted debets of %04ld-%02ld, "
                          "seed %llu\n"),
                k, pop, o->month / 100, o->month % 100, (unsigned long long)o->seed);
    return EXIT_OK;
}

/* ---- gaps */

static aw_rc gap_row(void *ud, const ledger_gap *g)
{
    lp_gaps_row(stdout, g, *(const int *)ud);
    return AW_OK;
}

static int cmd_gaps(aw_ctx *ctx, const char *db, int n, char **rest, const cmd_opts *o)
{
    (void)n, (void)rest;
    ledger *l;
    if (!o->month || !o->ntw) {
        fputs(_("aw319ledger: gaps needs --month and --toewijzingen\n"), stderr);
        return EXIT_TROUBLE;
    }
    for (int i = 0; i < o->ntw; i++)
        if (aw_ctx_load_toewijzingen(ctx, o->tw[i])) return die(aw_errmsg(ctx));
    if (open_ro(ctx, db, &l)) return EXIT_TROUBLE;
    lp_gaps_head(stdout);
    aw_rc rc = ledger_gaps(ctx, l, o->month, gap_row, (void *)&o->mask_bsn);
    ledger_close(l);
    return rc ? die(aw_errmsg(ctx)) : EXIT_OK;
}

/* ---- verify */

static int cmd_verify(aw_ctx *ctx, const char *db, int n, char **rest, const cmd_opts *o)
{
    (void)n, (void)rest, (void)o;
    ledger *l;
    aw_rc rc = ledger_open(ctx, db, LEDGER_EXISTING, &l);
    if (rc == AW_ELEDGER) { /* there, but not a usable ledger: that is what verify reports */
        printf(_("%s: FAILED: %s\n"), db, aw_errmsg(ctx));
        return EXIT_REFUSED;
    }
    if (rc) return die(aw_errmsg(ctx)); /* missing, unreadable (permission) or busy */
    ledger_check info;
    rc = ledger_verify(ctx, l, &info);
    ledger_close(l);
    if (rc == AW_ELEDGER) {
        printf(_("%s: FAILED: %s\n"), db, aw_errmsg(ctx));
        return EXIT_REFUSED;
    }
    if (rc) return die(aw_errmsg(ctx));
    if (info.problem[0]) {
        printf(_("%s: FAILED (schema %d): %s\n"), db, info.schema, info.problem);
        return EXIT_REFUSED;
    }
    printf(_("%s: ok (schema %d): %lu files, %lu prestaties, %lu granted\n"), db, info.schema, info.files,
           info.prestaties, info.granted);
    return EXIT_OK;
}

/* ---- the command table */

typedef int (*cmd_fn)(aw_ctx *ctx, const char *db, int n, char **rest, const cmd_opts *o);
static const struct cmd {
    const char *name;
    cmd_fn fn;
    int operands;                      /* operands after DB: 0 none, 1 at least one */
    const char *options;               /* the short names of the options it takes */
    const char *formats;               /* the --format values it takes */
} cmds[] = {
    {"add", cmd_add, 1, "kF", "text"},
    {"list", cmd_list, 0, "f", "text csv"},
    {"summary", cmd_summary, 0, "yakpf", "text csv xml html"},
    {"budget", cmd_budget, 0, "yakpf", "text csv"},
    {"sample", cmd_sample, 0, "akmnslM", "csv"},
    {"gaps", cmd_gaps, 0, "mwM", "csv"},
    {"verify", cmd_verify, 0, "", "text"},
};

static int parse_date(const char *s, long *ymd)
{
    long days;
    char d8[9];
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
    memcpy(d8, s, 4);
    memcpy(d8 + 4, s + 5, 2);
    memcpy(d8 + 6, s + 8, 2);
    d8[8] = 0;
    if (date_parse8(d8, &days) != 1) return 0;
    *ymd = date_days_to_ymd(days);
    return 1;
}

/* "aw319ledger: " and the message fmt (a whole sentence, translated) about option opt. */
static int bad_opt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int bad_opt(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("aw319ledger: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    return EXIT_TROUBLE;
}

/* Parse the options into o and the letters seen into seen; 0, or an exit status. */
static int parse_opts(int argc, char **argv, cmd_opts *o, char *seen)
{
    static const struct option lo[] = {
        {"year", required_argument, 0, 'y'}, {"as-of", required_argument, 0, 'a'},
        {"koppeltabel", required_argument, 0, 'k'}, {"productieafspraak", required_argument, 0, 'p'},
        {"format", required_argument, 0, 'f'}, {"month", required_argument, 0, 'm'},
        {"size", required_argument, 0, 'n'}, {"seed", required_argument, 0, 's'},
        {"leveringsvorm", required_argument, 0, 'l'}, {"mask-bsn", no_argument, 0, 'M'},
        {"force", no_argument, 0, 'F'}, {"toewijzingen", required_argument, 0, 'w'},
        {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, 'V'}, {0, 0, 0, 0}};
    int c;
    uint64_t v;
    size_t ns = 0;
    while ((c = getopt_long(argc, argv, "y:a:k:p:f:m:n:s:l:w:h", lo, NULL)) != -1) {
        if (c != '?' && c != 'h' && c != 'V' && !strchr(seen, c)) seen[ns++] = (char)c;
        switch (c) {
        case 'y':
            if (strlen(optarg) != 4 || !fld_uint(optarg, 4, &v, NULL) || v < 1)
                return bad_opt(_("%s: '%s' is not a year (YYYY)\n"), "--year", optarg);
            o->year = (int)v;
            break;
        case 'a':
            if (!parse_date(optarg, &o->as_of))
                return bad_opt(_("%s: '%s' is not a date (YYYY-MM-DD)\n"), "--as-of", optarg);
            break;
        case 'm': {
            long ymd;
            char d[16];
            snprintf(d, sizeof d, "%.7s-01", optarg);
            if (strlen(optarg) != 7 || !parse_date(d, &ymd))
                return bad_opt(_("%s: '%s' is not a month (YYYY-MM)\n"), "--month", optarg);
            o->month = ymd / 100;
            break;
        }
        case 'n':
            if (!*optarg || strlen(optarg) > 9 || !fld_uint(optarg, strlen(optarg), &v, NULL) || v < 1)
                return bad_opt(_("%s: '%s' is not a number from 1 to 999999999\n"), "--size", optarg);
            o->size = (unsigned long)v;
            o->have_size = 1;
            break;
        case 's':
            if (!*optarg || strlen(optarg) > 20 || !fld_uint(optarg, strlen(optarg), &v, NULL) ||
                (strlen(optarg) == 20 && strcmp(optarg, "18446744073709551615") > 0))
                return bad_opt(_("%s: '%s' is not a number from 0 to 18446744073709551615\n"), "--seed", optarg);
            o->seed = v;
            o->have_seed = 1;
            break;
        case 'l':
            o->lv = -1;
            for (int i = 0; i < AW_LV_UNKNOWN; i++)
                if (!strcasecmp(optarg, aw_lv_name((aw_lv)i))) o->lv = i;
            if (o->lv < 0) return bad_opt(_("%s: '%s' is not ZZP, VPT or MPT\n"), "--leveringsvorm", optarg);
            break;
        case 'k': o->koppeltabel = optarg; break;
        case 'p': o->afspraak = optarg; break;
        case 'f': {
            static const char *const names[] = {"text", "csv", "xml", "html"};
            int k = -1;
            for (int i = 0; i < 4; i++)
                if (!strcmp(optarg, names[i])) k = i;
            if (k < 0) return bad_opt(_("%s: '%s' is not text, csv, xml or html\n"), "--format", optarg);
            o->fmt = (lp_format)k;
            o->fmt_given = 1;
            break;
        }
        case 'M': o->mask_bsn = 1; break;
        case 'w':
            if (o->ntw == (int)(sizeof o->tw / sizeof *o->tw))
                return bad_opt(_("%s: '%s' is not allowed: too many\n"), "--toewijzingen", optarg);
            o->tw[o->ntw++] = optarg;
            break;
        case 'F': o->force = 1; break;
        case 'h': help(); return -1;
        case 'V': printf("aw319ledger (aw319check) %s\n", aw_version()); return -1;
        default: usage(stderr); return EXIT_TROUBLE;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    aw_nls_init();
    cmd_opts o;
    memset(&o, 0, sizeof o);
    o.lv = -1;
    char seen[32] = "";
    /* GNU getopt permutes: options may come before or after the command and its operands */
    int r = parse_opts(argc, argv, &o, seen);
    if (r) return r < 0 ? EXIT_OK : r;
    char **pos = argv + optind;
    int npos = argc - optind;
    if (npos < 2) {
        fputs(npos ? _("aw319ledger: missing DB\n") : _("aw319ledger: missing command\n"), stderr);
        usage(stderr);
        return EXIT_TROUBLE;
    }
    const struct cmd *cmd = NULL;
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
        if (!strcmp(pos[0], cmds[i].name)) cmd = &cmds[i];
    if (!cmd) {
        fprintf(stderr, _("aw319ledger: unknown command '%s'\n"), pos[0]);
        usage(stderr);
        return EXIT_TROUBLE;
    }
    for (const char *c = seen; *c; c++)
        if (!strchr(cmd->options, *c)) {
            fprintf(stderr, _("aw319ledger: %s takes no such option (see --help)\n"), cmd->name);
            return EXIT_TROUBLE;
        }
    static const char *const fnames[] = {"text", "csv", "xml", "html"};
    if (!strcmp(cmd->formats, "csv")) o.fmt = LP_CSV;
    else if (o.fmt_given && !strstr(cmd->formats, fnames[o.fmt])) {
        fprintf(stderr, _("aw319ledger: %s: --format is one of %s\n"), cmd->name, cmd->formats);
        return EXIT_TROUBLE;
    }
    if (cmd->operands ? npos < 3 : npos > 2) {
        if (cmd->operands) fprintf(stderr, _("aw319ledger: %s: no AW320 file\n"), cmd->name);
        else fprintf(stderr, _("aw319ledger: %s: unexpected operand '%s'\n"), cmd->name, pos[2]);
        usage(stderr);
        return EXIT_TROUBLE;
    }
    aw_global_init();
    aw_ctx *ctx = aw_ctx_new();
    int status = ctx ? cmd->fn(ctx, pos[1], npos - 2, pos + 2, &o) : die(_("out of memory"));
    if ((fflush(stdout) != 0 || ferror(stdout)) && status == EXIT_OK) status = die(_("standard output: write error"));
    aw_ctx_free(ctx);
    aw_global_cleanup();
    return status;
}
