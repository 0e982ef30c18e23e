/* ledger_main.c — aw319ledger: the thin command line over the history ledger (SPEC 8).
 * Parses arguments, calls ledger_* and prints; exit 0 ok, 1 a refused add or a failed
 * verify, 2 usage, I/O or database trouble. */
#include "ledger.h"
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_OK = 0, EXIT_REFUSED = 1, EXIT_TROUBLE = 2 };

static void usage(FILE *f)
{
    fputs("Usage: aw319ledger add DB FILE.aw320...\n"
          "  or:  aw319ledger summary DB [--year=YYYY] [--koppeltabel=FILE] [--format=text|csv|xml]\n"
          "  or:  aw319ledger verify DB\n", f);
}

static void help(void)
{
    usage(stdout);
    fputs("Keep a history ledger (SQLite database DB) of AW320 return files, for the history\n"
          "rules H1-H5 of 'aw319check --ledger=DB' and for a year's toegekend totals.\n"
          "\n"
          "Commands:\n"
          "  add DB FILE.aw320...   record each AW320 (the zorgkantoor's, or one written by\n"
          "                         aw319check) in DB, one transaction per file; DB is created\n"
          "                         (mode 0600) when missing.  A malformed AW320, or one whose\n"
          "                         invoice (instelling + factuurnummer) is in DB already, is\n"
          "                         refused and nothing of it is added.\n"
          "  summary DB             toegekend per month (of 0414 BEGINDATUM PRESTATIE) and\n"
          "                         leveringsvorm, and the herschikking extrapolation\n"
          "                         (toegekend januari-juni) / (days januari-juni) x (days in the year)\n"
          "  verify DB              check the database's integrity and schema version\n"
          "\n"
          "Summary options:\n"
          "  -y, --year=YYYY          only this year (default: every year in DB)\n"
          "  -k, --koppeltabel=FILE   leveringsvorm per prestatiecode (default: unknown)\n"
          "  -f, --format=FORMAT      text (default), csv or xml\n"
          "\n"
          "  -h, --help               display this help and exit\n"
          "      --version            output version information and exit\n"
          "\n"
          "Exit status: 0 if OK, 1 if an AW320 was refused or DB failed verification,\n"
          "2 for a usage error, an unreadable file or an unusable database.\n"
          "\n"
          "SOURCE_DATE_EPOCH, when set, is the time recorded for an add.\n"
          "Report bugs in the aw319check issue tracker.\n", stdout);
}

static int die(const char *msg)
{
    fprintf(stderr, "aw319ledger: %s\n", msg);
    return EXIT_TROUBLE;
}

static int exit_for(aw_rc rc) { return rc == LEDGER_REFUSED ? EXIT_REFUSED : EXIT_TROUBLE; }

/* ---- add */

/* Test hook (tests/ledger-e2e.sh): with AW319LEDGER_TEST_PAUSE=FILE the add creates FILE after
 * its first prestatie is inserted and then sleeps inside the transaction, to be killed. */
static void pause_hook(void *ud, unsigned long n04)
{
    if (n04 != 1) return;
    int fd = open((const char *)ud, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd >= 0) close(fd);
    struct timespec ts = {60, 0};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
}

static long long now(void)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (e && *e) {
        uint64_t v;
        if (strlen(e) <= 15 && fld_uint(e, strlen(e), &v, NULL)) return (long long)v;
    }
    return (long long)time(NULL);
}

static int cmd_add(aw_ctx *ctx, const char *db, int n, char **files)
{
    ledger *l;
    aw_rc rc = ledger_open(ctx, db, LEDGER_CREATE, &l);
    if (rc) return die(aw_errmsg(ctx));
    ledger_add_opts opts = {now(), NULL, NULL};
    const char *pause = getenv("AW319LEDGER_TEST_PAUSE");
    if (pause && *pause) {
        opts.progress = pause_hook;
        opts.ud = (void *)pause;
    }
    int status = EXIT_OK;
    for (int i = 0; i < n; i++) {
        ledger_added info;
        aw_clear_error(ctx);
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
        printf("%s: added invoice %s of instelling %08lu: %lu prestaties, %lu granted, toegekend %s\n",
               files[i], info.factuur, (unsigned long)info.instelling, info.prestaties, info.granted, euro);
    }
    ledger_close(l);
    return status;
}

/* ---- summary */

static void euro(char *dst, size_t n, int64_t cents) { aw_format_euro(dst, n, cents); }

/* Print s right-aligned in w columns (the euro sign is one column, three bytes). */
static void rpad(const char *s, int w)
{
    int cols = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) cols += (*p & 0xC0) != 0x80;
    for (int i = cols; i < w; i++) putchar(' ');
    fputs(s, stdout);
}

static int lv_used(const ledger_year *y, int lv) { return y->total[lv].prestaties || y->h1[lv] || y->total[lv].toegekend; }

/* The leveringsvormen to print: those with data; the total too when there is a koppeltabel. */
static int lv_shown(const ledger_summary *s, const ledger_year *y, int lv)
{
    if (lv == LEDGER_ALL) return s->have_koppeltabel;
    return lv_used(y, lv) || (!s->have_koppeltabel && lv == AW_LV_UNKNOWN);
}

static const char *lv_label(int lv) { return lv == LEDGER_ALL ? "total" : aw_lv_name((aw_lv)lv); }

static void text_row(const char *period, int lv, const ledger_cell *c)
{
    char e[48], n[24];
    euro(e, sizeof e, c->toegekend);
    snprintf(n, sizeof n, "%lu", c->prestaties);
    printf("%-9s %-13s", period, lv_label(lv));
    rpad(n, 11);
    rpad(e, 20);
    putchar('\n');
}

static void print_text(const char *db, const ledger_summary *s)
{
    printf("Ledger %s: toegekend of granted prestaties per month of 0414 BEGINDATUM PRESTATIE%s\n",
           db, s->have_koppeltabel ? "" : " (no koppeltabel: leveringsvorm unknown)");
    for (int i = 0; i < s->nyears; i++) {
        const ledger_year *y = &s->years[i];
        printf("\n%-9s %-13s%11s%20s\n", "month", "leveringsvorm", "prestaties", "toegekend");
        char period[16];
        for (int m = 0; m < 12; m++) {
            if (!y->month[m][LEDGER_ALL].prestaties && !y->month[m][LEDGER_ALL].toegekend) continue;
            snprintf(period, sizeof period, "%04d-%02d", y->year, m + 1);
            for (int lv = 0; lv <= AW_LV_COUNT; lv++)
                if (lv_shown(s, y, lv) && (lv == LEDGER_ALL || y->month[m][lv].prestaties))
                    text_row(period, lv, &y->month[m][lv]);
        }
        snprintf(period, sizeof period, "%04d", y->year);
        for (int lv = 0; lv <= AW_LV_COUNT; lv++)
            if (lv_shown(s, y, lv)) text_row(period, lv, &y->total[lv]);
        for (int lv = 0; lv <= AW_LV_COUNT; lv++) {
            if (!lv_shown(s, y, lv)) continue;
            char a[48], b[48];
            euro(a, sizeof a, y->h1[lv]);
            euro(b, sizeof b, y->herschikking[lv]);
            printf("herschikking %04d %s: januari-juni %s / %d days x %d days = %s\n", y->year,
                   lv_label(lv), a, y->days_h1, y->days_year, b);
        }
    }
    if (s->nyears == 0) puts("\nno granted prestaties");
}

static void print_csv(const ledger_summary *s)
{
    puts("kind;year;month;leveringsvorm;prestaties;toegekend_cent");
    for (int i = 0; i < s->nyears; i++) {
        const ledger_year *y = &s->years[i];
        for (int m = 0; m < 12; m++) {
            if (!y->month[m][LEDGER_ALL].prestaties && !y->month[m][LEDGER_ALL].toegekend) continue;
            for (int lv = 0; lv <= AW_LV_COUNT; lv++)
                if (lv_shown(s, y, lv) && (lv == LEDGER_ALL || y->month[m][lv].prestaties))
                    printf("month;%04d;%02d;%s;%lu;%lld\n", y->year, m + 1, lv_label(lv),
                           y->month[m][lv].prestaties, (long long)y->month[m][lv].toegekend);
        }
        for (int lv = 0; lv <= AW_LV_COUNT; lv++)
            if (lv_shown(s, y, lv))
                printf("year;%04d;;%s;%lu;%lld\n", y->year, lv_label(lv), y->total[lv].prestaties,
                       (long long)y->total[lv].toegekend);
        for (int lv = 0; lv <= AW_LV_COUNT; lv++)
            if (lv_shown(s, y, lv))
                printf("januari-juni;%04d;;%s;;%lld\nherschikking;%04d;;%s;;%lld\n", y->year,
                       lv_label(lv), (long long)y->h1[lv], y->year, lv_label(lv),
                       (long long)y->herschikking[lv]);
    }
}

static void xml_attr(const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", stdout); break;
        case '<': fputs("&lt;", stdout); break;
        case '>': fputs("&gt;", stdout); break;
        case '"': fputs("&quot;", stdout); break;
        default:
            if ((unsigned char)*s < 0x20) printf("&#%d;", *s);
            else putchar(*s);
        }
    }
}

static void print_xml(const char *db, const ledger_summary *s)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ledger-summary xmlns=\"urn:aw319check:ledger-summary:1\" ledger=\"", stdout);
    xml_attr(db);
    printf("\" koppeltabel=\"%s\">\n", s->have_koppeltabel ? "true" : "false");
    for (int i = 0; i < s->nyears; i++) {
        const ledger_year *y = &s->years[i];
        printf("  <year value=\"%04d\" days=\"%d\" days-januari-juni=\"%d\">\n", y->year, y->days_year, y->days_h1);
        for (int m = 0; m < 12; m++) {
            if (!y->month[m][LEDGER_ALL].prestaties && !y->month[m][LEDGER_ALL].toegekend) continue;
            printf("    <month value=\"%02d\" prestaties=\"%lu\" toegekend=\"%lld\">\n", m + 1,
                   y->month[m][LEDGER_ALL].prestaties, (long long)y->month[m][LEDGER_ALL].toegekend);
            for (int lv = 0; lv < AW_LV_COUNT; lv++)
                if (y->month[m][lv].prestaties)
                    printf("      <leveringsvorm name=\"%s\" prestaties=\"%lu\" toegekend=\"%lld\"/>\n",
                           lv_label(lv), y->month[m][lv].prestaties, (long long)y->month[m][lv].toegekend);
            puts("    </month>");
        }
        printf("    <total prestaties=\"%lu\" toegekend=\"%lld\">\n", y->total[LEDGER_ALL].prestaties,
               (long long)y->total[LEDGER_ALL].toegekend);
        for (int lv = 0; lv < AW_LV_COUNT; lv++)
            if (lv_used(y, lv))
                printf("      <leveringsvorm name=\"%s\" prestaties=\"%lu\" toegekend=\"%lld\"/>\n",
                       lv_label(lv), y->total[lv].prestaties, (long long)y->total[lv].toegekend);
        puts("    </total>");
        printf("    <herschikking januari-juni=\"%lld\" toegekend=\"%lld\">\n", (long long)y->h1[LEDGER_ALL],
               (long long)y->herschikking[LEDGER_ALL]);
        for (int lv = 0; lv < AW_LV_COUNT; lv++)
            if (lv_used(y, lv))
                printf("      <leveringsvorm name=\"%s\" januari-juni=\"%lld\" toegekend=\"%lld\"/>\n",
                       lv_label(lv), (long long)y->h1[lv], (long long)y->herschikking[lv]);
        puts("    </herschikking>\n  </year>");
    }
    puts("</ledger-summary>");
}

static int cmd_summary(aw_ctx *ctx, const char *db, int year, const char *koppeltabel, const char *format)
{
    ledger *l = NULL;
    ledger_summary *s = NULL;
    aw_rc rc;
    if (koppeltabel && (rc = aw_ctx_load_koppeltabel(ctx, koppeltabel))) return die(aw_errmsg(ctx));
    if ((rc = ledger_open(ctx, db, LEDGER_READONLY, &l))) return die(aw_errmsg(ctx));
    rc = ledger_summary_make(ctx, l, year, &s);
    ledger_close(l);
    if (rc) return die(aw_errmsg(ctx));
    if (!strcmp(format, "csv")) print_csv(s);
    else if (!strcmp(format, "xml")) print_xml(db, s);
    else print_text(db, s);
    ledger_summary_free(s);
    if (fflush(stdout) != 0 || ferror(stdout)) return die("standard output: write error");
    return EXIT_OK;
}

/* ---- verify */

static int cmd_verify(aw_ctx *ctx, const char *db)
{
    ledger *l;
    aw_rc rc = ledger_open(ctx, db, LEDGER_EXISTING, &l);
    if (rc == AW_ELEDGER) { /* there, but not a usable ledger: that is what verify reports */
        printf("%s: FAILED: %s\n", db, aw_errmsg(ctx));
        return EXIT_REFUSED;
    }
    if (rc) return die(aw_errmsg(ctx));
    ledger_check info;
    rc = ledger_verify(ctx, l, &info);
    ledger_close(l);
    if (rc == AW_ELEDGER) {
        printf("%s: FAILED: %s\n", db, aw_errmsg(ctx));
        return EXIT_REFUSED;
    }
    if (rc) return die(aw_errmsg(ctx));
    if (info.problem[0]) {
        printf("%s: FAILED (schema %d): %s\n", db, info.schema, info.problem);
        return EXIT_REFUSED;
    }
    printf("%s: ok (schema %d): %lu files, %lu prestaties, %lu granted\n", db, info.schema, info.files,
           info.prestaties, info.granted);
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"year", required_argument, 0, 'y'}, {"koppeltabel", required_argument, 0, 'k'},
        {"format", required_argument, 0, 'f'}, {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, 'V'}, {0, 0, 0, 0}};
    int year = 0, c;
    const char *koppeltabel = NULL, *format = "text";
    /* GNU getopt permutes: options may come before or after the command and its operands */
    while ((c = getopt_long(argc, argv, "y:k:f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'y': {
            uint64_t v;
            if (strlen(optarg) != 4 || !fld_uint(optarg, 4, &v, NULL) || v < 1) {
                fprintf(stderr, "aw319ledger: --year: '%s' is not a year (YYYY)\n", optarg);
                return EXIT_TROUBLE;
            }
            year = (int)v;
            break;
        }
        case 'k': koppeltabel = optarg; break;
        case 'f':
            if (strcmp(optarg, "text") && strcmp(optarg, "csv") && strcmp(optarg, "xml")) {
                fprintf(stderr, "aw319ledger: --format: '%s' is not text, csv or xml\n", optarg);
                return EXIT_TROUBLE;
            }
            format = optarg;
            break;
        case 'h': help(); return EXIT_OK;
        case 'V':
            printf("aw319ledger (aw319check) %s\n", aw_version());
            return EXIT_OK;
        default: usage(stderr); return EXIT_TROUBLE;
        }
    }
    char **pos = argv + optind;
    int npos = argc - optind;
    if (npos < 2) {
        fputs(npos ? "aw319ledger: missing DB\n" : "aw319ledger: missing command\n", stderr);
        usage(stderr);
        return EXIT_TROUBLE;
    }
    const char *cmd = pos[0], *db = pos[1];
    int summary = !strcmp(cmd, "summary");
    if ((year || koppeltabel || strcmp(format, "text")) && !summary) {
        fprintf(stderr, "aw319ledger: --year, --koppeltabel and --format are options of summary\n");
        return EXIT_TROUBLE;
    }
    aw_global_init();
    aw_ctx *ctx = aw_ctx_new();
    int status;
    if (!ctx) {
        status = die("out of memory");
    } else if (!strcmp(cmd, "add")) {
        if (npos < 3) {
            fputs("aw319ledger: add: no AW320 file\n", stderr);
            usage(stderr);
            status = EXIT_TROUBLE;
        } else {
            status = cmd_add(ctx, db, npos - 2, pos + 2);
        }
    } else if (summary || !strcmp(cmd, "verify")) {
        if (npos > 2) {
            fprintf(stderr, "aw319ledger: %s: unexpected operand '%s'\n", cmd, pos[2]);
            usage(stderr);
            status = EXIT_TROUBLE;
        } else {
            status = summary ? cmd_summary(ctx, db, year, koppeltabel, format) : cmd_verify(ctx, db);
        }
    } else {
        fprintf(stderr, "aw319ledger: unknown command '%s'\n", cmd);
        usage(stderr);
        status = EXIT_TROUBLE;
    }
    if (fflush(stdout) != 0 && status == EXIT_OK) status = die("standard output: write error");
    aw_ctx_free(ctx);
    aw_global_cleanup();
    return status;
}
