/* SPDX-License-Identifier: MIT */
/* main.c — aw319check: parse the command line, load reference data, check each AW319 with
 * the library and map the results to exit codes (doc/outputs.md).  Nothing here checks data. */
#include "aw319.h"
#include "nls.h"
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_ACCEPTED = 0, EXIT_REJECTED = 1, EXIT_TROUBLE = 2 };
#define MAX_PENDING 4096

typedef struct opts {
    const char *koppeltabel, *tarieven, *controlset, *ledger, *aw320, *report, *aw33_schema;
    const char *toew[64];
    int ntoew;
    int format;
    int mask, strict, quiet;
    int format_given, records;   /* -f was given; --report-records */
    long submission;
    const char *submission_arg;   /* as given, for the message */
    unsigned long max_errors;  /* diagnostics printed per file, 0 = all */
} opts;

/* Outputs are committed only when every file was checked (doc/outputs.md: no output on exit 2). */
static aw_output *pending[MAX_PENDING];
static int npending;

static void usage(FILE *f)
{
    fputs(_("Usage: aw319check [OPTION]... FILE...\n"
          "Check Vektis AW319 (Declaratie Wlz) files as the zorgkantoor does and write the AW320 answer.\n"
          "FILE - reads standard input.\n\n"
          "  -k, --koppeltabel=FILE       prestatiecode to leveringsvorm, zzp/functie, eenheid (CSV)\n"
          "  -t, --tarieven=FILE          ingerichte tarieven of the zorgkantoor (CSV)\n"
          "  -w, --toewijzingen=PATH      AW33 XML file, directory of them, or CSV (repeatable)\n"
          "  -c, --controlset=NAME|FILE   zorgkantoor rules: default, zorg-en-zekerheid, vgz, or a file\n"
          "  -d, --submission-date=DATE   indieningsdatum YYYY-MM-DD or YYYYMMDD (default: 0117)\n"
          "  -l, --ledger=FILE            history ledger (aw319ledger) for rules H1-H5\n"
          "  -o, --aw320=PATH             write the AW320 (- standard output; a directory with several files)\n"
          "  -r, --report=PATH            write the report (- standard output; a directory with several files)\n"
          "  -f, --report-format=FORMAT   xml, html, junit, csv, json or sarif (default: by the\n"
          "                               report's extension; xml for - or a directory)\n"
          "      --report-records         list every record in the report, not only findings\n"
          "      --aw33-schema=DIR        validate AW33 files against DIR/aw33.xsd\n"
          "      --mask-bsn               mask the middle five digits of BSNs in diagnostics and reports\n"
          "      --strict                 warnings make the exit status 1\n"
          "  -q, --quiet                  print only the summary\n"
          "      --max-errors=N           print at most N diagnostics per file (reports keep all)\n"
          "      --list-rules             list the rules with severity and retourcode, then exit\n"
          "      --explain=RULE|CODE      explain a rule (S1) or a retourcode (0611), then exit\n"
          "  -h, --help                   display this help and exit\n"
          "      --version                output version information and exit\n\n"
          "Exit status: 0 every file accepted, 1 a record or file rejected, 2 the check could not be done.\n"
          "Diagnostics go to standard output, summaries to standard error.\n"), f);
}

/* "aw319check: MESSAGE" on standard error; returns EXIT_TROUBLE. */
static int die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int die(const char *fmt, ...)
{
    va_list ap;
    fputs("aw319check: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return EXIT_TROUBLE;
}

/* YYYY-MM-DD or YYYYMMDD → the number CCYYMMDD, or -1 (whether it is a calendar date is the
 * library's to say: aw_ctx_set_submission_date). */
static long parse_date(const char *s)
{
    char d[9];
    size_t n = strlen(s);
    if (n == 10 && s[4] == '-' && s[7] == '-') {
        memcpy(d, s, 4); memcpy(d + 4, s + 5, 2); memcpy(d + 6, s + 8, 2);
    } else if (n == 8) {
        memcpy(d, s, 8);
    } else return -1;
    long v = 0;
    for (int i = 0; i < 8; i++) {
        if (d[i] < '0' || d[i] > '9') return -1;
        v = v * 10 + (d[i] - '0');
    }
    return v ? v : -1;
}

/* Today, or the date of SOURCE_DATE_EPOCH (UTC) for reproducible output.  *bad: 1 not a
 * number, 2 beyond 9999-12-31 (a date the AW320 cannot hold). */
static long run_date(int *bad)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    time_t t;
    struct tm tm;
    *bad = 0;
    if (e && *e) {
        char *end;
        errno = 0;
        long long v = strtoll(e, &end, 10);
        if (errno == ERANGE && v > 0) { *bad = 2; return 0; }
        if (errno || *end || v < 0) { *bad = 1; return 0; }
        if (v > 253402300799LL) { *bad = 2; return 0; } /* 9999-12-31 23:59:59 UTC */
        t = (time_t)v;
        if (!gmtime_r(&t, &tm)) { *bad = 2; return 0; }
    } else {
        t = time(NULL);
        localtime_r(&t, &tm);
    }
    return (long)(tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/* ---- the diagnostics sink: one line per finding on stdout (at most max), counted for the
 * summary; and a progress line on stderr for a large file when stderr is a terminal */

#define PROGRESS_MIN (50L << 20)   /* bytes: smaller files take a few seconds at most */
typedef struct diag {
    const char *file;
    int quiet;
    unsigned long max, printed, cut;
    long long size;                /* of a large input with a terminal on stderr, else 0 */
    unsigned long records;
    struct timespec last;
    int shown;                     /* the progress line is on the terminal */
} diag;

static void progress_erase(diag *d)
{
    if (d->shown) fputs("\r\033[K", stderr);
    d->shown = 0;
}

/* At most four updates a second; the percentage estimated from 312 bytes a record. */
static aw_rc progress_record(void *ud, const aw_record *r)
{
    diag *d = ud;
    (void)r;
    if (++d->records % 4096) return AW_OK;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if ((now.tv_sec - d->last.tv_sec) * 1000 + (now.tv_nsec - d->last.tv_nsec) / 1000000 < 250) return AW_OK;
    d->last = now;
    long long pct = (long long)d->records * 312 * 100 / d->size;
    fputc('\r', stderr);
    fprintf(stderr, P_("%s: %lld%%, %lu record", "%s: %lld%%, %lu records", d->records), d->file,
            pct > 99 ? 99 : pct, d->records);
    d->shown = 1;
    return AW_OK;
}

static aw_rc diag_finding(void *ud, const aw_finding *f)
{
    diag *d = ud;
    char line[2048];
    if (d->quiet) return AW_OK;
    if (d->max && d->printed >= d->max) { d->cut++; return AW_OK; }
    d->printed++;
    progress_erase(d);
    aw_format_finding(line, sizeof line, d->file, f);
    fputs(line, stdout);
    fputc('\n', stdout);
    return ferror(stdout) ? AW_EIO : AW_OK;
}

static void print_summary(const aw_summary *s, const diag *d)
{
    char in[48], tk[48], rec[64], pre[64], err[64], warn[64];
    aw_format_euro(in, sizeof in, s->total.ingediend);
    aw_format_euro(tk, sizeof tk, s->total.toegekend);
    /* four counts, each with its own plural: each a piece, placed by the translated line */
    snprintf(rec, sizeof rec, P_("%lu record", "%lu records", s->records), s->records);
    snprintf(pre, sizeof pre, P_("%lu prestatie", "%lu prestaties", s->total.prestaties), s->total.prestaties);
    snprintf(err, sizeof err, P_("%lu error", "%lu errors", s->errors), s->errors);
    snprintf(warn, sizeof warn, P_("%lu warning", "%lu warnings", s->warnings), s->warnings);
    /* TRANSLATORS: FILE: VERDICT: "8 records", "3 prestaties" (N accepted, N rejected),
       ingediend AMOUNT, toegekend AMOUNT, "1 error", "0 warnings" */
    fprintf(stderr, _("%s: %s: %s, %s (%lu accepted, %lu rejected), ingediend %s, toegekend %s, %s, %s\n"),
            s->name, aw_verdict_text(s->verdict), rec, pre, s->total.accepted, s->total.rejected, in, tk,
            err, warn);
    /* the most frequent rules, at most five */
    int shown[5], n = 0;
    for (; n < 5; n++) {
        int best = -1;
        for (int i = 0; i < aw_rule_count(); i++) {
            int skip = 0;
            for (int j = 0; j < n; j++) skip |= shown[j] == i;
            if (!skip && s->rule_count[i] && (best < 0 || s->rule_count[i] > s->rule_count[best])) best = i;
        }
        if (best < 0) break;
        shown[n] = best;
    }
    if (n) {
        fputs(_("  most frequent:"), stderr);
        for (int j = 0; j < n; j++)
            fprintf(stderr, "%s %s (%lu)", j ? "," : "", aw_rule_id(shown[j]), s->rule_count[shown[j]]);
        fputc('\n', stderr);
    }
    if (d->cut)
        fprintf(stderr, P_("  %lu diagnostic not printed (--max-errors=%lu); the report and the AW320 hold every finding\n",
                           "  %lu diagnostics not printed (--max-errors=%lu); the report and the AW320 hold every finding\n",
                           d->cut), d->cut, d->max);
}

/* ---- outputs */

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* PATH, or DIR/BASENAME+suffix when PATH is a directory or there are several inputs. */
static int out_path(char *dst, size_t n, const char *path, const char *input, const char *suffix, int many)
{
    if (!many && !is_dir(path)) return snprintf(dst, n, "%s", path) < (int)n ? 0 : -1;
    const char *b = strcmp(input, "-") ? strrchr(input, '/') : NULL;
    b = !strcmp(input, "-") ? "stdin" : b ? b + 1 : input;
    const char *dot = strrchr(b, '.');
    int len = dot && dot != b ? (int)(dot - b) : (int)strlen(b);
    return snprintf(dst, n, "%s/%.*s%s", path, len, b, suffix) < (int)n ? 0 : -1;
}

static void free_paths(char **p, int n)
{
    for (int i = 0; p && i < n; i++) free(p[i]);
    free(p);
}

/* The output path of each of the n inputs under option path (suffix for a directory); NULL
 * after a message. */
static char **out_paths(const char *path, char *const *inputs, int n, const char *suffix)
{
    char **p = calloc((size_t)n, sizeof *p), buf[4096];
    for (int i = 0; p && i < n; i++) {
        if (out_path(buf, sizeof buf, path, inputs[i], suffix, n > 1)) {
            die(_("%s: path too long"), path);
            free_paths(p, n);
            return NULL;
        }
        if (!(p[i] = strdup(buf))) break;
    }
    if (!p || !p[n - 1]) {
        free_paths(p, n);
        die("%s", aw_strerror(AW_ENOMEM));
        return NULL;
    }
    return p;
}

static void discard_all(void)
{
    for (int i = 0; i < npending; i++) aw_output_discard(pending[i]);
    npending = 0;
}

/* ---- colliding paths: two outputs on one file, or an output on an input, are refused
 * before anything is read or written (doc/outputs.md: nothing may be lost silently). */

/* What a path names: the file (device, inode), or for a name that does not exist yet its
 * directory and last component (base); known 0: neither could be found. */
typedef struct fileid { int known; dev_t dev; ino_t ino; mode_t mode; const char *base; } fileid;

static fileid file_id(const char *path, int dash_fd)
{
    fileid id = {0, 0, 0, 0, NULL};
    struct stat st;
    if (!strcmp(path, "-") ? fstat(dash_fd, &st) == 0 : stat(path, &st) == 0) {
        id.known = 1, id.dev = st.st_dev, id.ino = st.st_ino, id.mode = st.st_mode;
        return id;
    }
    if (!strcmp(path, "-") || errno != ENOENT) return id;
    const char *slash = strrchr(path, '/');
    char dir[4096];
    if (!slash) strcpy(dir, ".");
    else if (slash == path) strcpy(dir, "/");
    else if (snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path) >= (int)sizeof dir) return id;
    if (stat(dir, &st) != 0) return id;
    id.known = 1, id.dev = st.st_dev, id.ino = st.st_ino, id.base = slash ? slash + 1 : path;
    return id;
}

typedef struct named { const char *opt, *path, *input; fileid id; } named; /* opt NULL: an input */

static int same_file(const named *a, const named *b)
{
    if (!a->id.known || !b->id.known) return !strcmp(a->path, b->path);
    if (a->id.dev != b->id.dev || a->id.ino != b->id.ino) return 0;
    return a->id.base ? b->id.base && !strcmp(a->id.base, b->id.base) : !b->id.base;
}

static const char *describe(char *dst, size_t n, const named *x, int many)
{
    if (!x->opt) snprintf(dst, n, _("the input '%s'"), x->path);
    else if (!x->input || !many) snprintf(dst, n, "%s '%s'", x->opt, x->path);
    else snprintf(dst, n, _("%s '%s' (for %s)"), x->opt, x->path, x->input);
    return dst;
}

/* 0, or a message and EXIT_TROUBLE when an output is another output or an input (an existing
 * file, not a character device: reading and writing a terminal loses nothing). */
static int check_collisions(const opts *o, char *const *inputs, int n, char *const *p320, char *const *prep)
{
    int nout = (p320 ? n : 0) + (prep ? n : 0), nin = n + o->ntoew + 3, k = 0, m = 0;
    named *out = calloc((size_t)nout + 1, sizeof *out), *in = calloc((size_t)nin, sizeof *in);
    int status = 0;
    if (!out || !in) { free(out); free(in); return die("%s", aw_strerror(AW_ENOMEM)); }
    for (int i = 0; i < n; i++) {
        if (p320) out[k++] = (named){"--aw320", p320[i], inputs[i], file_id(p320[i], 1)};
        if (prep) out[k++] = (named){"--report", prep[i], inputs[i], file_id(prep[i], 1)};
    }
    for (int i = 0; i < n; i++) in[m++] = (named){NULL, inputs[i], NULL, file_id(inputs[i], 0)};
    const char *refs[] = {"--koppeltabel", o->koppeltabel, "--tarieven", o->tarieven, "--ledger", o->ledger};
    for (int i = 0; i < 6; i += 2)
        if (refs[i + 1]) in[m++] = (named){refs[i], refs[i + 1], NULL, file_id(refs[i + 1], 0)};
    for (int i = 0; i < o->ntoew; i++) in[m++] = (named){"--toewijzingen", o->toew[i], NULL, file_id(o->toew[i], 0)};
    int many = n > 1;
    for (int j = 0; j < k && !status; j++) {
        const named *hit = NULL;
        for (int i = 0; i < j && !hit; i++)
            if (same_file(&out[i], &out[j])) hit = &out[i];
        for (int i = 0; i < m && !hit; i++)
            if (in[i].id.known && !in[i].id.base && !S_ISCHR(in[i].id.mode) && same_file(&in[i], &out[j])) hit = &in[i];
        if (hit) {
            char a[4200], b[4200];
            /* TRANSLATORS: each %s is "the input 'FILE'" or "--OPTION 'FILE'" (for INPUT) */
            status = die(_("%s and %s are the same file: nothing written"), describe(a, sizeof a, hit, many),
                         describe(b, sizeof b, &out[j], many));
        }
    }
    free(out);
    free(in);
    return status;
}

/* ---- signals: remove the temporary files, then end as the signal would have */

static void on_signal(int sig)
{
    aw_output_remove_temps();
    signal(sig, SIG_DFL);
    raise(sig); /* delivered when the handler returns */
}

static void catch_signals(void)
{
    static const int sigs[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGXFSZ};
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaddset(&sa.sa_mask, sigs[i]);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN) /* ignored stays ignored */
            sigaction(sigs[i], &sa, NULL);
}

/* Check one file; returns the exit status it earns. */
static int check_one(aw_ctx *ctx, const opts *o, const char *input, const char *p320, const char *prep)
{
    int fd = 0;
    struct stat st;
    if (strcmp(input, "-")) {
        fd = open(input, O_RDONLY);
        if (fd < 0) {
            const char *why = strerror(errno);
            return die(_("%s: cannot open: %s"), input, why);
        }
    }
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (fd > 0) close(fd);
        return die(_("%s: is a directory (expected an AW319 file)"), input);
    }
    aw_output *o320 = NULL, *orep = NULL;
    aw_aw320 *w = NULL;
    aw_report *rep = NULL;
    aw_sink sinks[3];
    size_t ns = 0;
    diag d = {.file = strcmp(input, "-") ? input : "-", .quiet = o->quiet, .max = o->max_errors};
    if (!o->quiet && isatty(2) && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > PROGRESS_MIN) {
        d.size = (long long)st.st_size;
        clock_gettime(CLOCK_MONOTONIC, &d.last);
    }
    aw_sink ds = {&d, diag_finding, d.size ? progress_record : NULL, NULL};
    sinks[ns++] = ds;
    int status = EXIT_TROUBLE;
    aw_summary sum;
    aw_rc rc = AW_OK;

    if (p320) {
        if ((rc = aw_output_open(ctx, p320, &o320)) || (rc = aw_aw320_new(ctx, o320, &w))) goto fail;
        sinks[ns++] = aw_aw320_sink(w);
    }
    if (prep) {
        if ((rc = aw_output_open(ctx, prep, &orep)) || (rc = aw_report_new(ctx, orep, o->format, &rep))) goto fail;
        aw_report_set_records(rep, o->records);
        aw_report_set_name(rep, d.file);
        sinks[ns++] = aw_report_sink(rep);
    }
    rc = aw_check_fd(ctx, fd, d.file, sinks, ns, &sum);
    progress_erase(&d);
    if (rc == AW_ENOHEADER) {
        fprintf(stderr, _("%s: not checked: %s\n"), d.file, aw_errmsg(ctx));
        status = EXIT_REJECTED; /* doc/rules.md: no 01 at all is exit 1, no AW320 */
        /* junit and json say so (a failing testcase); the other reports are not written */
        if (rep && !aw_report_not_checked(rep, d.file, aw_errmsg(ctx))) {
            if ((rc = aw_report_finish(rep))) goto fail;
            if (npending + 1 > MAX_PENDING) { die("%s", _("too many output files")); goto out; }
            pending[npending++] = orep;
            orep = NULL;
        }
        goto out;
    }
    if (rc) goto fail;
    if (rep && (rc = aw_report_finish(rep))) goto fail;
    print_summary(&sum, &d);
    if (npending + 2 > MAX_PENDING) { die("%s", _("too many output files")); goto out; }
    if (o320) { pending[npending++] = o320; o320 = NULL; }
    if (orep) { pending[npending++] = orep; orep = NULL; }
    status = sum.verdict != AW_VERDICT_ACCEPTED || sum.any_rejected ? EXIT_REJECTED
             : o->strict && sum.warnings ? EXIT_REJECTED : EXIT_ACCEPTED;
    goto out;
fail:
    die("%s", aw_errmsg(ctx)[0] ? aw_errmsg(ctx) : aw_strerror(rc));
    status = EXIT_TROUBLE;
out:
    aw_aw320_free(w);
    aw_report_free(rep);
    aw_output_discard(o320);
    aw_output_discard(orep);
    if (fd > 0) close(fd);
    return status;
}

/* A severity as a controlset writes it (severity="reject"): a keyword, not translated. */
static const char *sev_word(aw_severity s) { return s == AW_SEV_OFF ? "off" : s == AW_SEV_WARN ? "warn" : "reject"; }

static int list_rules(const aw_ctx *ctx)
{
    /* TRANSLATORS: the header of --list-rules; keep each heading above its column (the
       columns are 4, 6 and 5 wide, two spaces before the last) */
    fputs(_("rule sev    code   what\n"), stdout);
    const char *field = _("field"); /* the code column of a rule that reports the field's code */
    for (int i = 0; i < aw_rule_count(); i++) {
        aw_severity s = aw_rule_severity(ctx, i);
        const char *code = aw_rule_code(ctx, i);
        char par[32];
        aw_rule_params(ctx, i, par, sizeof par);
        printf("%-4s %-6s %-5s  %s%s%s%s\n", aw_rule_id(i), sev_word(s), code[0] ? code : field,
               aw_rule_text(i), par[0] ? " (" : "", par, par[0] ? ")" : "");
    }
    return EXIT_ACCEPTED;
}

/* --explain=CODE: the rules that report the code, and per field whose own code it is the field
 * rules that report it there, on one line: "V1, V2, V9 (field 0403 NAME)". */
static void explain_reporters(const aw_ctx *ctx, const char *code)
{
    const char *fid, *fname;
    int k = 0, r = aw_code_reporter(ctx, code, k, &fid, &fname);
    if (r < 0) {
        fputs(_("  reported by: no rule of aw319check (the zorgkantoor gives it after its own checks)\n"), stdout);
        return;
    }
    fputs(_("  reported by:\n"), stdout);
    while (r >= 0) {
        if (!fid) {
            printf("  %s: %s\n", aw_rule_id(r), aw_rule_text(r));
            r = aw_code_reporter(ctx, code, ++k, &fid, &fname);
            continue;
        }
        const char *field = fid, *name = fname;
        char ids[128];
        size_t o = 0;
        ids[0] = 0;
        for (; r >= 0 && fid == field; r = aw_code_reporter(ctx, code, ++k, &fid, &fname))
            if (o < sizeof ids) o += (size_t)snprintf(ids + o, sizeof ids - o, "%s%s", o ? ", " : "", aw_rule_id(r));
        printf(_("  %s (field %s %s)\n"), ids, field, name);
    }
}

static int explain(const aw_ctx *ctx, const char *what)
{
    int i = aw_rule_index(what);
    if (i >= 0) {
        const char *code = aw_rule_code(ctx, i);
        char par[32];
        aw_rule_params(ctx, i, par, sizeof par);
        printf("%s: %s\n", aw_rule_id(i), aw_rule_text(i));
        printf(_("  severity: %s\n"), sev_word(aw_rule_severity(ctx, i)));
        if (par[0]) printf(_("  parameters: %s\n"), par);
        if (code[0])
            printf(_("  retourcode %s: %s\n"), code, aw_retourcode_text(code) ? aw_retourcode_text(code) : "?");
        else
            fputs(_("  retourcode: the field's own code (column 'code' of the AW319 layout)\n"), stdout);
        printf(_("  how to fix: %s\n"), aw_rule_hint(i));
        return EXIT_ACCEPTED;
    }
    const char *t = aw_retourcode_text(what);
    if (!t) return die(_("--explain: '%s' is neither a rule nor a retourcode"), what);
    printf("%s: %s\n", what, t);
    if (aw_code_hint(what)) printf(_("  how to fix: %s\n"), aw_code_hint(what));
    explain_reporters(ctx, what);
    return EXIT_ACCEPTED;
}

int main(int argc, char **argv)
{
    enum { O_AW33 = 256, O_MASK, O_STRICT, O_LIST, O_EXPLAIN, O_VERSION, O_MAXERR, O_RECORDS };
    static const struct option lo[] = {
        {"koppeltabel", required_argument, 0, 'k'}, {"tarieven", required_argument, 0, 't'},
        {"toewijzingen", required_argument, 0, 'w'}, {"controlset", required_argument, 0, 'c'},
        {"submission-date", required_argument, 0, 'd'}, {"ledger", required_argument, 0, 'l'},
        {"aw320", required_argument, 0, 'o'}, {"report", required_argument, 0, 'r'},
        {"report-format", required_argument, 0, 'f'}, {"aw33-schema", required_argument, 0, O_AW33},
        {"mask-bsn", no_argument, 0, O_MASK}, {"strict", no_argument, 0, O_STRICT},
        {"quiet", no_argument, 0, 'q'}, {"list-rules", no_argument, 0, O_LIST},
        {"explain", required_argument, 0, O_EXPLAIN}, {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, O_VERSION}, {"max-errors", required_argument, 0, O_MAXERR},
        {"report-records", no_argument, 0, O_RECORDS}, {0, 0, 0, 0}};
    aw_nls_init();
    opts o;
    memset(&o, 0, sizeof o);
    const char *explain_what = NULL;
    int list = 0, ch;
    while ((ch = getopt_long(argc, argv, "k:t:w:c:d:l:o:r:f:qh", lo, NULL)) != -1) {
        switch (ch) {
        case 'k': o.koppeltabel = optarg; break;
        case 't': o.tarieven = optarg; break;
        case 'w':
            if (o.ntoew == 64) return die("%s", _("too many --toewijzingen"));
            o.toew[o.ntoew++] = optarg;
            break;
        case 'c': o.controlset = optarg; break;
        case 'd':
            o.submission_arg = optarg;
            if ((o.submission = parse_date(optarg)) < 0)
                return die(_("--submission-date: '%s' is not a date (YYYY-MM-DD or YYYYMMDD)"), optarg);
            break;
        case 'l': o.ledger = optarg; break;
        case 'o': o.aw320 = optarg; break;
        case 'r': o.report = optarg; break;
        case 'f':
            if ((o.format = aw_report_format_parse(optarg)) < 0)
                return die(_("--report-format: '%s' is not xml, html, junit, csv, json or sarif"), optarg);
            o.format_given = 1;
            break;
        case O_RECORDS: o.records = 1; break;
        case O_AW33: o.aw33_schema = optarg; break;
        case O_MASK: o.mask = 1; break;
        case O_STRICT: o.strict = 1; break;
        case O_MAXERR: {
            char *end;
            errno = 0;
            long v = strtol(optarg, &end, 10);
            if (errno || end == optarg || *end || v < 1)
                return die(_("--max-errors: '%s' is not a number of diagnostics (1 or more)"), optarg);
            o.max_errors = (unsigned long)v;
            break;
        }
        case 'q': o.quiet = 1; break;
        case O_LIST: list = 1; break;
        case O_EXPLAIN: explain_what = optarg; break;
        case 'h': usage(stdout); return EXIT_ACCEPTED;
        case O_VERSION: printf("aw319check (aw319check) %s\n", aw_version()); return EXIT_ACCEPTED;
        default: usage(stderr); return EXIT_TROUBLE;
        }
    }
    catch_signals();
    aw_global_init();
    char **p320 = NULL, **prep = NULL; /* the output paths of every input */
    int nin = argc - optind;
    aw_ctx *ctx = aw_ctx_new();
    if (!ctx) return die("%s", aw_strerror(AW_ENOMEM));
    int status = EXIT_ACCEPTED, bad;
    long rd = run_date(&bad);
    if (bad) {
        status = die(bad == 1 ? _("SOURCE_DATE_EPOCH: '%s' is not a number of seconds")
                              : _("SOURCE_DATE_EPOCH: '%s' is out of range (0 to 253402300799, up to 9999-12-31)"),
                     getenv("SOURCE_DATE_EPOCH"));
        goto end;
    }
    aw_ctx_set_run_date(ctx, rd);
    if (aw_ctx_set_submission_date(ctx, o.submission)) {
        status = die(_("--submission-date: '%s' is not a date (YYYY-MM-DD or YYYYMMDD)"), o.submission_arg);
        goto end;
    }
    aw_ctx_set_mask_bsn(ctx, o.mask);

    aw_rc rc = AW_OK;
    if (o.controlset && (rc = aw_ctx_load_controlset(ctx, o.controlset))) goto trouble;
    if (list) { status = list_rules(ctx); goto end; }
    if (explain_what) { status = explain(ctx, explain_what); goto end; }
    if (optind >= argc) {
        die("%s", _("no input file"));
        usage(stderr);
        status = EXIT_TROUBLE;
        goto end;
    }
    int many = argc - optind > 1;
    if (many && o.aw320 && !is_dir(o.aw320)) { status = die(_("--aw320: '%s' must be a directory with several input files"), o.aw320); goto end; }
    if (many && o.report && !is_dir(o.report)) { status = die(_("--report: '%s' must be a directory with several input files"), o.report); goto end; }
    if (o.report && !o.format_given && !many && strcmp(o.report, "-") && !is_dir(o.report)
        && (o.format = aw_report_format_from_path(o.report)) < 0) {
        status = die(_("--report: '%s' has no known report extension (.html .xml .junit.xml .csv .json .sarif): "
                       "name the file so, or give --report-format"), o.report);
        goto end;
    }
    if ((o.aw320 && !(p320 = out_paths(o.aw320, argv + optind, nin, ".aw320"))) ||
        (o.report && !(prep = out_paths(o.report, argv + optind, nin, aw_report_suffix(o.format)))) ||
        (status = check_collisions(&o, argv + optind, nin, p320, prep))) {
        status = EXIT_TROUBLE;
        goto end;
    }
    if (o.aw33_schema && (rc = aw_ctx_set_aw33_schema(ctx, o.aw33_schema))) goto trouble;
    if (o.koppeltabel && (rc = aw_ctx_load_koppeltabel(ctx, o.koppeltabel))) goto trouble;
    if (o.tarieven && (rc = aw_ctx_load_tarieven(ctx, o.tarieven))) goto trouble;
    for (int i = 0; i < o.ntoew; i++)
        if ((rc = aw_ctx_load_toewijzingen(ctx, o.toew[i]))) goto trouble;
    if (o.ledger && (rc = aw_ctx_open_ledger(ctx, o.ledger))) goto trouble;

    static char outbuf[1 << 16]; /* line-buffered: diagnostics and stderr messages stay in order in CI logs */
    setvbuf(stdout, outbuf, _IOLBF, sizeof outbuf);
    for (int i = optind; i < argc; i++) {
        int s = check_one(ctx, &o, argv[i], p320 ? p320[i - optind] : NULL, prep ? prep[i - optind] : NULL);
        if (s > status) status = s;
        if (s == EXIT_TROUBLE) break;
    }
    if (fflush(stdout) != 0) {
        const char *why = strerror(errno);
        status = die(_("standard output: %s"), why);
    }
    if (status == EXIT_TROUBLE) {
        discard_all();
    } else {
        for (int i = 0; i < npending; i++) {
            aw_rc c = aw_output_commit(ctx, pending[i]);
            pending[i] = NULL;
            if (c) {
                status = die("%s", aw_errmsg(ctx));
                for (int j = i + 1; j < npending; j++) aw_output_discard(pending[j]);
                break;
            }
        }
        npending = 0;
    }
    goto end;
trouble:
    status = die("%s", aw_errmsg(ctx)[0] ? aw_errmsg(ctx) : aw_strerror(rc));
end:
    free_paths(p320, nin);
    free_paths(prep, nin);
    aw_ctx_free(ctx);
    aw_global_cleanup();
    return status;
}
