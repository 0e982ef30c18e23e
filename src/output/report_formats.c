/* SPDX-License-Identifier: MIT */
/* report_formats.c — the html, junit, csv, json and sarif reports, written directly as streams
 * from the check's events (the XML report is report.c's).  Memory does not grow with the file:
 *
 * - csv, json and sarif go straight to the output in file order;
 * - html and junit begin with what is known only at the end (verdict, totals, counts), so their
 *   body goes to a temporary file beside the output (mode 0600) and aw_report_finish writes the
 *   head and copies the body behind it.  A 04 accepted tentatively (rejected after all when the
 *   file turns out technically rejected) is written twice in the body, as two lines marked
 *   \001A (accepted) and \001R (rejected, 8096); the copy keeps the one the verdict asks for.
 *   Every string is cleaned first (rpt_clean: control bytes become "\xNN"), so \001 marks only
 *   these lines.
 *
 * The findings of a record come before its record event, so html, junit and csv keep the
 * findings of the record being read (rendered, in rf->pend) until the record arrives with its
 * BSN, prestatiecode and period.  Findings on line 1 (the 01: file-level, some only at the end)
 * are kept for the head (html, junit) up to FILE_MAX bytes and counted beyond.
 * Every allocation is checked: a failure stops the check with AW_ENOMEM, the output is
 * discarded by the caller and the temporary file removed.
 *
 * Language: the words of the html report and the human text of the others (messages, hints,
 * rule descriptions, JUnit failure texts) are in the reader's language (nls.h); structure
 * (element and attribute names, JSON keys, CSV headers, testcase names, keywords such as
 * "error" or "rejected" in attributes) is English and stable.  The labels written per record
 * or finding are translated once, when the report is created (rf->lab, rf->hint), the rest
 * where the head or summary is written (once per report).
 *
 * html: "show only rejected prestaties" is a checkbox and CSS (no script): it hides every
 * element of class acc in #clients.  A client section is of class rej when the client or one
 * of its prestaties is rejected, known only when the section ends (and, for tentatively
 * accepted prestaties, only from the summary): the section opens with a line marked \001C and
 * the copy gives it its class from rf->secs (one byte per section shown). */
#include "core.h"
#include "layout.h"
#include "rule.h"
#include "ctx.h"
#include "rtext.h"
#include "report_formats.h"
#include "nls.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define OBUF_SIZE (64 * 1024)
#define FILE_MAX (64 * 1024)   /* rendered file-level findings kept for the head */
#define STR_MAX 2048           /* input bytes of one string that reach a report */
#define CAUSE_MAX 512          /* junit: the finding that names why a testcase fails */

/* The labels written per record or finding, translated once per report (rf_new). */
enum {
    L_FIELD, L_LINECOL, L_WARNING, L_FIX, L_CLIENT_BSN, L_LINE, L_REJECTED, L_ACCEPTED, L_UNKNOWN,
    L_PERIOD, L_RECORD, L_TH_LINE, L_TH_REF, L_TH_PRESTATIE, L_TH_PERIOD, L_TH_LV, L_TH_SUBMITTED,
    L_TH_GRANTED, L_TH_OUTCOME, L_ON_CLIENT, L_CLIENT_CAUSE, L_8096, L_8096_TEXT, NLAB
};
static const char *const lab_text[NLAB] = {
    /* TRANSLATORS: "(field 0403 BURGERSERVICENUMMER ...)" after a rule and retourcode */
    [L_FIELD] = N_("field"),
    [L_LINECOL] = N_(" line %lu column %u"),
    [L_WARNING] = N_(" (warning)"),
    /* TRANSLATORS: before the fix of a finding (Dutch: "Wat te doen:") */
    [L_FIX] = N_("How to fix:"),
    [L_CLIENT_BSN] = N_("Client BSN"),
    [L_LINE] = N_("(line %lu)"),
    [L_REJECTED] = N_("rejected"),
    [L_ACCEPTED] = N_("accepted"),
    /* TRANSLATORS: the leveringsvorm when no koppeltabel tells it */
    [L_UNKNOWN] = N_("unknown"),
    /* TRANSLATORS: a period from a date to a date, both included */
    [L_PERIOD] = N_("%s to %s"),
    [L_RECORD] = N_("Record %s"),
    [L_TH_LINE] = N_("Line"),
    [L_TH_REF] = N_("Reference"),
    [L_TH_PRESTATIE] = N_("Prestatie"),
    [L_TH_PERIOD] = N_("Period"),
    [L_TH_LV] = N_("Leveringsvorm"),
    [L_TH_SUBMITTED] = N_("Submitted"),
    [L_TH_GRANTED] = N_("Granted"),
    [L_TH_OUTCOME] = N_("Outcome and findings"),
    [L_ON_CLIENT] = N_("On its client (02):"),
    /* TRANSLATORS: JUnit failure message: retourcodes, then the finding that rejected the client */
    [L_CLIENT_CAUSE] = N_("%s: its client (02) is rejected: %s"),
    /* TRANSLATORS: JUnit failure message; %s is the finding (rule, retourcode, message) */
    [L_8096] = N_("8096: the file is technically rejected: %s"),
    [L_8096_TEXT] = N_("8096: the file is technically rejected, so this prestatie is too."),
};

typedef struct rbuf {          /* a growing buffer (fd < 0) or an output buffer (fd >= 0) */
    char *p;
    size_t len, cap;
    int fd;
} rbuf;

struct rf {
    aw_ctx *ctx;
    aw_report_format fmt;
    int records;               /* --report-records */
    int failed;                /* AW_EIO / AW_ENOMEM once something failed */
    int werr;
    rbuf out;                  /* the output (fd = the output's) */
    rbuf body;                 /* html/junit: the temporary body (fd = bodyfd) */
    char *bodypath;
    rbuf pend;                 /* rendered findings of the record being read */
    int pend_err;              /* one of them is an error */
    int file_err;              /* a file-level finding is an error */
    int started;               /* the head (csv, json, sarif) is written */
    int ended;                 /* the summary (or rf_not_checked) came */
    int technical;             /* from the summary: keep the \001R lines */
    rbuf filef;                /* rendered file-level findings (html, junit) */
    rbuf cli;                  /* junit: rendered findings of the current 02 (its 04s show them) */
    unsigned long file_more;   /* file-level findings left out of filef */
    unsigned long nfind;       /* findings written (json, sarif: comma before the next) */
    unsigned long ntests, nfail, ntent; /* junit: 04 testcases, failing ones, tentative ones */
    const char *name;          /* input name (borrowed from the summary / first finding) */
    char fname[512];
    const lay_field *f0203, *f0431;
    int client_open, table_open; /* html: a client section / prestatie table is open */
    char client_head[640];     /* html: the heading of the current client, not written yet */
    int client_rej;            /* html: that client (02) is rejected */
    rbuf secs;                 /* html: per client section shown, SEC_REJ | SEC_TENT */
    unsigned long csec;        /* html: the next section when the body is copied */
    char thead[1024];          /* html: the head of a prestatie table, translated */
    /* junit: why a testcase fails, the first error finding (rule, retourcode, message) of the
     * record being read, of the current client (02), on the file and of the technical layer */
    char pcause[CAUSE_MAX], ccause[CAUSE_MAX], fcause[CAUSE_MAX], tcause[CAUSE_MAX];
    const char *lab[NLAB];     /* the labels in the reader's language */
    const char *rtext[RULE_COUNT], *hint[RULE_COUNT]; /* the rules' texts and fixes, translated */
    size_t at8096;             /* junit: where the %s is in lab[L_8096] */
    char s[STR_MAX * 6 + 64];  /* scratch: one cleaned string */
};

/* ---- buffers */

static int rb_flush(rf *r, rbuf *b)
{
    size_t off = 0;
    while (off < b->len && !r->failed) {
        ssize_t k = write(b->fd, b->p + off, b->len - off);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) { r->failed = AW_EIO; r->werr = k < 0 ? errno : EIO; break; }
        off += (size_t)k;
    }
    b->len = 0;
    return r->failed ? -1 : 0;
}

static void put(rf *r, rbuf *b, const char *p, size_t n)
{
    if (r->failed) return;
    if (b->len + n > b->cap) {
        if (b->fd >= 0) {
            rb_flush(r, b);
            if (n > b->cap) { /* bigger than the buffer: straight out */
                b->len = 0;
                while (n && !r->failed) {
                    size_t k = n < b->cap ? n : b->cap;
                    memcpy(b->p, p, k);
                    b->len = k;
                    rb_flush(r, b);
                    p += k;
                    n -= k;
                }
                return;
            }
        } else {
            size_t cap = b->cap ? b->cap : 1024;
            while (cap < b->len + n) cap *= 2;
            char *q = mem_realloc(b->p, cap);
            if (!q) { r->failed = AW_ENOMEM; return; }
            b->p = q;
            b->cap = cap;
        }
    }
    if (n) memcpy(b->p + b->len, p, n);
    b->len += n;
}

static void puts_(rf *r, rbuf *b, const char *s) { put(r, b, s, strlen(s)); }

static void putf(rf *r, rbuf *b, const char *fmt, ...) ATTR_PRINTF(3, 4);
static void putf(rf *r, rbuf *b, const char *fmt, ...)
{
    char t[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t, sizeof t, fmt, ap);
    va_end(ap);
    if (n > 0) put(r, b, t, (size_t)n < sizeof t ? (size_t)n : sizeof t - 1);
}

/* ---- text: clean UTF-8 (report.c's rules), then escaped for the format */

enum { ESC_XML, ESC_JSON, ESC_CSV };

/* s (at most n bytes; n = (size_t)-1: NUL-terminated) cleaned and escaped for esc. */
static void put_text(rf *r, rbuf *b, const char *s, size_t n, int esc)
{
    size_t k = 0;
    if (!s) s = "";
    if (n == (size_t)-1) n = strlen(s);
    rpt_clean(r->s, sizeof r->s, &k, s, n, esc == ESC_XML);
    if (esc == ESC_XML) { put(r, b, r->s, k); return; }
    const char *p = r->s, *e = r->s + k, *q = p;
    for (; q < e; q++) {
        const char *rep = NULL;
        if (esc == ESC_JSON && (*q == '"' || *q == '\\')) rep = *q == '"' ? "\\\"" : "\\\\";
        else if (esc == ESC_CSV && *q == '"') rep = "\"\"";
        if (!rep) continue;
        put(r, b, p, (size_t)(q - p));
        puts_(r, b, rep);
        p = q + 1;
    }
    put(r, b, p, (size_t)(q - p));
}

static void xml(rf *r, rbuf *b, const char *s) { put_text(r, b, s, (size_t)-1, ESC_XML); }

/* a formatted text (a translated format with values of any kind), escaped for XML */
static void xmlf(rf *r, rbuf *b, const char *fmt, ...) ATTR_PRINTF(3, 4);
static void xmlf(rf *r, rbuf *b, const char *fmt, ...)
{
    char t[CAUSE_MAX + 512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t, sizeof t, fmt, ap);
    va_end(ap);
    xml(r, b, t);
}

/* "string" as a JSON value */
static void jstr(rf *r, rbuf *b, const char *s)
{
    put(r, b, "\"", 1);
    put_text(r, b, s, (size_t)-1, ESC_JSON);
    put(r, b, "\"", 1);
}

/* "text" as one CSV field (quoted); text that Excel would take for a formula (= + - @ first)
 * gets a leading apostrophe */
static void cstr(rf *r, rbuf *b, const char *s)
{
    put(r, b, "\"", 1);
    if (s && s[0] && strchr("=+-@", s[0]) && s[1]) put(r, b, "'", 1);
    put_text(r, b, s, (size_t)-1, ESC_CSV);
    put(r, b, "\"", 1);
}

/* ="0611": a CSV field Excel keeps as text with its leading zeros; empty stays empty */
static void ctxt(rf *r, rbuf *b, const char *s)
{
    if (!s || !*s) { put(r, b, "\"\"", 2); return; }
    put(r, b, "\"=\"\"", 4);
    put_text(r, b, s, (size_t)-1, ESC_CSV);
    put(r, b, "\"\"\"", 3);
}

/* ---- values */

static void date_iso(char d[11], long ymd)
{
    if (ymd <= 0 || ymd > 99991231) { d[0] = 0; return; }
    snprintf(d, 11, "%04ld-%02ld-%02ld", ymd / 10000 % 10000, ymd / 100 % 100, ymd % 100);
}

/* cents as "1234,56" (csv) or "€ 1.234,56" (html) */
static void money(char d[64], int64_t c, int euro)
{
    unsigned long long u = c < 0 ? 0ULL - (unsigned long long)c : (unsigned long long)c;
    char whole[24], grp[32];
    snprintf(whole, sizeof whole, "%llu", u / 100);
    size_t n = strlen(whole), k = 0;
    for (size_t i = 0; i < n; i++) {
        if (euro && i && (n - i) % 3 == 0) grp[k++] = '.';
        grp[k++] = whole[i];
    }
    grp[k] = 0;
    snprintf(d, 64, "%s%s%s,%02llu", euro ? "\xe2\x82\xac " : "", c < 0 ? "-" : "", grp, u % 100);
}

static const char *sev_name(aw_severity s) { return s == AW_SEV_REJECT ? "error" : "warning"; }

/* the fix of a rule in the reader's language ("" when there is none) */
static const char *hint_of(const rf *r, const char *rule)
{
    int i = rule ? aw_rule_index(rule) : -1;
    return i >= 0 && i < RULE_COUNT && r->hint[i] ? r->hint[i] : "";
}

static const char *verdict_text(aw_verdict v)
{
    switch (v) {
    case AW_VERDICT_ACCEPTED: return _("Accepted");
    case AW_VERDICT_PARTIAL: return _("Partially accepted");
    case AW_VERDICT_REJECTED: return _("Rejected");
    default: return _("Technically rejected");
    }
}

/* The trimmed value of a field of the record (v1.3 positions; the same in v1.4 for these). */
static void field_of(char *d, size_t n, const aw_record *rec, const lay_field *f)
{
    d[0] = 0;
    if (!f || rec->len < (size_t)f->pos + f->len || f->len >= n) return;
    size_t a = 0, e = f->len;
    const char *p = rec->data + f->pos;
    while (a < e && p[a] == ' ') a++;
    while (e > a && p[e - 1] == ' ') e--;
    memcpy(d, p + a, e - a);
    d[e - a] = 0;
}

/* The 02's BSN (0203), masked when asked; "" when not 9 digits. */
static void bsn02(rf *r, char d[10], const aw_record *rec)
{
    const lay_field *f = r->f0203;
    d[0] = 0;
    if (!f || f->len != 9 || rec->len < (size_t)f->pos + 9 || !fld_digits(rec->data + f->pos, 9)) return;
    if (r->ctx->mask_bsn) aw_mask_bsn(d, rec->data + f->pos);
    else { memcpy(d, rec->data + f->pos, 9); d[9] = 0; }
}

static void codes_str(char d[16], int n, const char codes[][5])
{
    size_t k = 0;
    for (int i = 0; i < n && i < 3; i++) {
        if (k) d[k++] = ' ';
        size_t l = strnlen(codes[i], 4);
        memcpy(d + k, codes[i], l);
        k += l;
    }
    d[k] = 0;
}

/* ---- csv: one row per finding, in file order */

static void csv_head(rf *r)
{
    puts_(r, &r->out, "\xef\xbb\xbf" "bestand;regel;record;regel_record;controle;retourcode;ernst;veld;"
                      "veldnaam;bsn;prestatiecode;periode;bedrag;melding;hoe_op_te_lossen\r\n");
}

/* the row up to the record's columns goes to pend, the rest after a \0 */
static void csv_finding(rf *r, rbuf *b, const aw_finding *f)
{
    cstr(r, b, r->fname);
    putf(r, b, ";%lu;", f->line);
    ctxt(r, b, f->record);
    putf(r, b, ";%lu;", f->target_line);
    cstr(r, b, f->rule);
    put(r, b, ";", 1);
    ctxt(r, b, f->code);
    putf(r, b, ";%s;", sev_name(f->severity));
    ctxt(r, b, f->field_id ? f->field_id : "");
    put(r, b, ";", 1);
    cstr(r, b, f->field_name ? f->field_name : "");
    put(r, b, ";", 2); /* ";" and the \0 that splits the row */
    cstr(r, b, f->message);
    put(r, b, ";", 1);
    cstr(r, b, hint_of(r, f->rule));
    put(r, b, "\r\n", 3); /* with its \0 */
}

/* the record's columns: bsn;prestatiecode;periode;bedrag; */
static void csv_recfields(rf *r, rbuf *b, const aw_record *rec)
{
    char bsn[10] = "", b1[11], b2[11], m[64];
    if (rec && rec->type[0] == '0' && rec->type[1] == '4') {
        ctxt(r, b, rec->bsn);
        put(r, b, ";", 1);
        ctxt(r, b, rec->prestatiecode);
        date_iso(b1, rec->begin);
        date_iso(b2, rec->end);
        money(m, rec->ingediend, 0);
        putf(r, b, ";\"%s%s%s\";%s;", b1, b1[0] || b2[0] ? " t/m " : "", b2, m);
        return;
    }
    if (rec && rec->type[0] == '0' && rec->type[1] == '2') bsn02(r, bsn, rec);
    ctxt(r, b, bsn);
    put(r, b, ";\"\";\"\";;", 8);
}

/* the rows in q, completed with the record (NULL: none) */
static void csv_flush(rf *r, rbuf *q, const aw_record *rec)
{
    const char *p = q->p, *e = p + q->len;
    while (p < e) {
        size_t a = strlen(p);
        put(r, &r->out, p, a);
        p += a + 1;
        csv_recfields(r, &r->out, rec);
        size_t z = strlen(p);
        put(r, &r->out, p, z);
        p += z + 1;
    }
    q->len = 0;
}

/* ---- json and sarif: streamed; findings first, the summary last */

static void json_head(rf *r)
{
    puts_(r, &r->out, "{\"tool\": \"aw319check\", \"version\": ");
    jstr(r, &r->out, aw_version());
    putf(r, &r->out, ", \"masked\": %s, \"records_listed\": %s,\n\"files\": [\n{\"findings\": [",
         r->ctx->mask_bsn ? "true" : "false", r->records ? "true" : "false");
}

static void json_finding(rf *r, const aw_finding *f)
{
    rbuf *b = &r->out;
    puts_(r, b, r->nfind++ ? ",\n  {\"kind\": \"finding\", \"rule\": " : "\n  {\"kind\": \"finding\", \"rule\": ");
    jstr(r, b, f->rule);
    puts_(r, b, ", \"code\": ");
    jstr(r, b, f->code);
    putf(r, b, ", \"severity\": \"%s\", \"line\": %lu, \"column\": %u, \"record\": ",
         sev_name(f->severity), f->line, f->column);
    jstr(r, b, f->record);
    putf(r, b, ", \"target_line\": %lu, \"field\": ", f->target_line);
    if (f->field_id) jstr(r, b, f->field_id); else puts_(r, b, "null");
    puts_(r, b, ", \"field_name\": ");
    if (f->field_name) jstr(r, b, f->field_name); else puts_(r, b, "null");
    puts_(r, b, ", \"message\": ");
    jstr(r, b, f->message);
    puts_(r, b, ", \"hint\": ");
    jstr(r, b, hint_of(r, f->rule));
    puts_(r, b, "}");
}

static void json_record(rf *r, const aw_record *rec)
{
    rbuf *b = &r->out;
    char c[16], bsn[10] = "", d1[11], d2[11];
    codes_str(c, rec->ncodes, rec->codes);
    puts_(r, b, r->nfind++ ? ",\n  {\"kind\": \"record\", \"record\": " : "\n  {\"kind\": \"record\", \"record\": ");
    jstr(r, b, rec->type);
    putf(r, b, ", \"line\": %lu, \"outcome\": \"%s\", \"codes\": ", rec->line,
         rec->outcome == AW_OUT_ACCEPTED ? "accepted" : rec->outcome == AW_OUT_REJECTED ? "rejected" : "none");
    jstr(r, b, c);
    if (rec->type[0] == '0' && rec->type[1] == '2') {
        bsn02(r, bsn, rec);
        puts_(r, b, ", \"bsn\": ");
        jstr(r, b, bsn);
    } else if (rec->type[0] == '0' && rec->type[1] == '4') {
        date_iso(d1, rec->begin);
        date_iso(d2, rec->end);
        puts_(r, b, ", \"bsn\": ");
        jstr(r, b, rec->bsn);
        puts_(r, b, ", \"prestatiecode\": ");
        jstr(r, b, rec->prestatiecode);
        putf(r, b, ", \"begin\": \"%s\", \"end\": \"%s\", \"leveringsvorm\": \"%s\", \"tentative\": %s, "
                   "\"ingediend\": %lld, \"toegekend\": %lld, \"berekend\": %lld, \"group_line\": %lu",
             d1, d2, aw_lv_name(rec->lv), rec->tentative ? "true" : "false", (long long)rec->ingediend,
             (long long)rec->toegekend, (long long)rec->berekend, rec->group_line);
    }
    puts_(r, b, "}");
}

static void json_totals(rf *r, rbuf *b, const aw_totals *t)
{
    putf(r, b, "\"prestaties\": %lu, \"accepted\": %lu, \"rejected\": %lu, \"ingediend\": %lld, \"toegekend\": %lld",
         t->prestaties, t->accepted, t->rejected, (long long)t->ingediend, (long long)t->toegekend);
}

static void json_end(rf *r, const aw_summary *s)
{
    rbuf *b = &r->out;
    char d[11];
    puts_(r, b, r->nfind ? "\n],\n \"name\": " : "],\n \"name\": ");
    jstr(r, b, r->fname);
    puts_(r, b, ", \"checked\": true, \"sha256\": ");
    jstr(r, b, s->sha256);
    putf(r, b, ", \"verdict\": \"%s\", \"technical\": %s, \"controlset\": ", aw_verdict_name(s->verdict),
         s->technical ? "true" : "false");
    jstr(r, b, s->controlset ? s->controlset : "default");
    puts_(r, b, ",\n \"header\": {\"uzovi\": ");
    jstr(r, b, s->uzovi);
    puts_(r, b, ", \"instelling\": ");
    jstr(r, b, s->instelling);
    puts_(r, b, ", \"factuurnummer\": ");
    jstr(r, b, s->factuurnummer);
    date_iso(d, s->period_begin);
    putf(r, b, ", \"period_begin\": \"%s\"", d);
    date_iso(d, s->period_end);
    putf(r, b, ", \"period_end\": \"%s\"", d);
    char c[16];
    codes_str(c, s->ncodes01, s->codes01);
    putf(r, b, ", \"codes\": \"%s\"},\n \"totals\": {\"records\": %lu, \"errors\": %lu, \"warnings\": %lu, ", c,
         s->records, s->errors, s->warnings);
    json_totals(r, b, &s->total);
    puts_(r, b, "},\n \"rules\": [");
    int first = 1;
    for (int i = 0; i < aw_rule_count() && i < 64; i++) {
        if (!s->rule_count[i]) continue;
        puts_(r, b, first ? "\n  {\"id\": " : ",\n  {\"id\": ");
        first = 0;
        jstr(r, b, aw_rule_id(i));
        putf(r, b, ", \"count\": %lu, \"severity\": \"%s\", \"code\": ", s->rule_count[i],
             sev_name(aw_rule_severity(r->ctx, i)));
        jstr(r, b, aw_rule_code(r->ctx, i));
        puts_(r, b, ", \"text\": ");
        jstr(r, b, r->rtext[i]);
        puts_(r, b, ", \"hint\": ");
        jstr(r, b, r->hint[i]);
        puts_(r, b, "}");
    }
    puts_(r, b, first ? "]}\n]}\n" : "\n ]}\n]}\n");
}

/* a file URI reference for SARIF: bytes outside [A-Za-z0-9/._~-] percent-encoded */
static void sarif_uri(rf *r, rbuf *b, const char *name)
{
    static const char hex[] = "0123456789ABCDEF";
    put(r, b, "\"", 1);
    if (!strcmp(name, "-")) name = "stdin";
    if (name[0] == '/') puts_(r, b, "file://");
    for (const unsigned char *p = (const unsigned char *)name; *p && p - (const unsigned char *)name < 1024; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("/._~-", *p))
            put(r, b, (const char *)p, 1);
        else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            put(r, b, e, 3);
        }
    }
    put(r, b, "\"", 1);
}

static void sarif_head(rf *r)
{
    rbuf *b = &r->out;
    puts_(r, b, "{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\", \"version\": \"2.1.0\",\n"
                "\"runs\": [{\"tool\": {\"driver\": {\"name\": \"aw319check\", \"version\": ");
    jstr(r, b, aw_version());
    puts_(r, b, ", \"rules\": [");
    for (int i = 0; i < aw_rule_count(); i++) {
        aw_severity sev = aw_rule_severity(r->ctx, i);
        puts_(r, b, i ? ",\n  {\"id\": " : "\n  {\"id\": ");
        jstr(r, b, aw_rule_id(i));
        puts_(r, b, ", \"shortDescription\": {\"text\": ");
        jstr(r, b, r->rtext[i]);
        puts_(r, b, "}, \"help\": {\"text\": ");
        jstr(r, b, r->hint[i]);
        putf(r, b, "}, \"defaultConfiguration\": {\"level\": \"%s\"}, \"properties\": {\"retourcode\": ",
             sev == AW_SEV_REJECT ? "error" : sev == AW_SEV_WARN ? "warning" : "none");
        jstr(r, b, aw_rule_code(r->ctx, i));
        puts_(r, b, "}}");
    }
    puts_(r, b, "]}},\n\"results\": [");
}

static void sarif_finding(rf *r, const aw_finding *f)
{
    rbuf *b = &r->out;
    puts_(r, b, r->nfind++ ? ",\n  {\"ruleId\": " : "\n  {\"ruleId\": ");
    jstr(r, b, f->rule);
    int i = aw_rule_index(f->rule);
    if (i >= 0) putf(r, b, ", \"ruleIndex\": %d", i);
    putf(r, b, ", \"level\": \"%s\", \"message\": {\"text\": \"", f->severity == AW_SEV_REJECT ? "error" : "warning");
    if (f->code[0]) putf(r, b, "%.4s: ", f->code);
    put_text(r, b, f->message, (size_t)-1, ESC_JSON);
    const char *h = hint_of(r, f->rule);
    if (*h) {
        put(r, b, " ", 1);
        put_text(r, b, r->lab[L_FIX], (size_t)-1, ESC_JSON);
        put(r, b, " ", 1);
        put_text(r, b, h, (size_t)-1, ESC_JSON);
    }
    puts_(r, b, "\"},\n   \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
    sarif_uri(r, b, r->fname);
    putf(r, b, "}, \"region\": {\"startLine\": %lu, \"startColumn\": %u}}}], \"properties\": {\"retourcode\": ",
         f->line ? f->line : 1, f->column ? f->column : 1);
    jstr(r, b, f->code);
    puts_(r, b, ", \"field\": ");
    jstr(r, b, f->field_id ? f->field_id : "");
    puts_(r, b, "}}");
}

static void sarif_end(rf *r, const aw_summary *s)
{
    rbuf *b = &r->out;
    puts_(r, b, r->nfind ? "\n],\n\"properties\": {\"verdict\": " : "],\n\"properties\": {\"verdict\": ");
    jstr(r, b, aw_verdict_name(s->verdict));
    puts_(r, b, ", \"sha256\": ");
    jstr(r, b, s->sha256);
    putf(r, b, ", \"errors\": %lu, \"warnings\": %lu, ", s->errors, s->warnings);
    json_totals(r, b, &s->total);
    puts_(r, b, "}}]}\n");
}

/* ---- html and junit: the finding as text for a person */

/* "I1 0435 (field 0403 BSN) line 3 column 15: message [description] How to fix: hint" in the
 * reader's language, escaped for XML/HTML */
static void finding_text(rf *r, rbuf *b, const aw_finding *f, int html)
{
    if (html) putf(r, b, "<li class=\"%s\"><span class=\"code\">", sev_name(f->severity));
    xml(r, b, f->rule);
    if (f->code[0]) { put(r, b, " ", 1); xml(r, b, f->code); }
    if (html) puts_(r, b, "</span>");
    if (f->field_id) {
        puts_(r, b, " (");
        xml(r, b, r->lab[L_FIELD]);
        put(r, b, " ", 1);
        xml(r, b, f->field_id);
        if (f->field_name) { put(r, b, " ", 1); xml(r, b, f->field_name); }
        puts_(r, b, ")");
    }
    xmlf(r, b, r->lab[L_LINECOL], f->line, f->column);
    if (f->severity != AW_SEV_REJECT) xml(r, b, r->lab[L_WARNING]);
    puts_(r, b, ": ");
    xml(r, b, f->message);
    if (f->code[0] && aw_retourcode_text(f->code)) {
        puts_(r, b, html ? " <span class=\"muted\">[" : " [");
        xml(r, b, aw_retourcode_text(f->code));
        puts_(r, b, html ? "]</span>" : "]");
    }
    const char *h = hint_of(r, f->rule);
    if (*h) {
        puts_(r, b, html ? " <b>" : " ");
        xml(r, b, r->lab[L_FIX]);
        puts_(r, b, html ? "</b> " : " ");
        xml(r, b, h);
    }
    puts_(r, b, html ? "</li>" : "&#10;");
}

/* junit: "R6 0611: message", the first error finding of what is being read, as the cause of a
 * failure; the technical layer's first one (S, V) for the file and 8096 */
static void note_cause(rf *r, const aw_finding *f)
{
    if (f->severity != AW_SEV_REJECT) return;
    char t[CAUSE_MAX];
    const char *m = f->message ? f->message : "";
    if (f->code[0]) snprintf(t, sizeof t, "%s %.4s: %s", f->rule, f->code, m);
    else snprintf(t, sizeof t, "%s: %s", f->rule, m);
    int i = aw_rule_index(f->rule);
    if (!r->tcause[0] && i >= 0 && (rule_table[i].layer == 'S' || rule_table[i].layer == 'V'))
        memcpy(r->tcause, t, sizeof t);
    char *d = f->target_line == 1 ? r->fcause : r->pcause;
    if (!d[0]) memcpy(d, t, sizeof t);
}

/* ---- junit */

/* findings not on a 04 or 02 (03, 98, 99, unknown records, or with no record after them)
 * go to the file testcase, up to FILE_MAX bytes */
static void to_file(rf *r)
{
    if (r->filef.len < FILE_MAX) put(r, &r->filef, r->pend.p, r->pend.len);
    else if (r->pend.len) r->file_more++;
    r->pend.len = 0;
    r->pend_err = 0;
    r->pcause[0] = 0;
}

/* The failure message of a rejected 04: rule, retourcode and cause in words.  A 8096 (the
 * alternative of a tentative 04, or a 04 of a file known to be technically rejected) names
 * the technical finding, which may come later (S9, S10 on the 99): a \002 stands for it and
 * copy_body puts it in. */
static void junit_message(rf *r, rbuf *b, const aw_record *rec, const char *codes, int alt)
{
    if (alt || (!r->pcause[0] && rec->ncodes && !strncmp(rec->codes[0], "8096", 4))) {
        const char *l = r->lab[L_8096];
        put_text(r, b, l, r->at8096, ESC_XML);
        if (l[r->at8096]) {
            put(r, b, "\002", 1);
            xml(r, b, l + r->at8096 + 2);
        }
    } else if (r->pcause[0]) xml(r, b, r->pcause);
    else if (r->ccause[0]) xmlf(r, b, r->lab[L_CLIENT_CAUSE], codes, r->ccause);
    else if (rec->ncodes) {
        const char *t = aw_retourcode_text(rec->codes[0]);
        xml(r, b, codes);
        if (t) { puts_(r, b, ": "); xml(r, b, t); }
    } else xml(r, b, r->lab[L_REJECTED]);
}

static void junit_record(rf *r, const aw_record *rec)
{
    if (rec->type[0] == '0' && rec->type[1] == '2') { /* its findings go with each of its 04s */
        r->cli.len = 0;
        put(r, &r->cli, r->pend.p, r->pend.len);
        memcpy(r->ccause, r->pcause, sizeof r->ccause);
        r->pend.len = 0;
        r->pend_err = 0;
        r->pcause[0] = 0;
        return;
    }
    if (rec->type[0] != '0' || rec->type[1] != '4') { to_file(r); return; }
    char ref[32], c[16], line[64];
    field_of(ref, sizeof ref, rec, r->f0431);
    codes_str(c, rec->ncodes, rec->codes);
    r->ntests++;
    for (int alt = 0; alt < (rec->tentative ? 2 : 1); alt++) {
        int rej = rec->outcome == AW_OUT_REJECTED || alt == 1;
        rbuf *b = &r->body;
        if (rec->tentative) put(r, b, alt ? "\001R" : "\001A", 2);
        puts_(r, b, "    <testcase classname=\"");
        xml(r, b, r->fname);
        puts_(r, b, "\" name=\"");
        if (ref[0]) { puts_(r, b, "referentienummer "); xml(r, b, ref); }
        else putf(r, b, "prestatie without referentienummer, line %lu", rec->line);
        puts_(r, b, "\" file=\"");
        xml(r, b, r->fname);
        putf(r, b, "\" line=\"%lu\">", rec->line);
        if (rej) {
            puts_(r, b, "<failure type=\"rejected\" message=\"");
            junit_message(r, b, rec, c, alt);
            puts_(r, b, "\">");
            if (alt) { xml(r, b, r->lab[L_8096_TEXT]); puts_(r, b, "&#10;"); }
            put(r, b, r->pend.p, r->pend.len);
            if (r->cli.len) {
                xml(r, b, r->lab[L_ON_CLIENT]);
                puts_(r, b, "&#10;");
                put(r, b, r->cli.p, r->cli.len);
            }
            if (!alt) {
                for (int i = 0; i < rec->ncodes && i < 3; i++) {
                    const char *ti = aw_retourcode_text(rec->codes[i]);
                    snprintf(line, sizeof line, "retourcode %.4s: ", rec->codes[i]);
                    puts_(r, b, line);
                    xml(r, b, ti ? ti : "?");
                    puts_(r, b, "&#10;");
                }
            }
            puts_(r, b, "</failure>");
            if (!alt) r->nfail++;
        } else if (r->pend.len) {
            puts_(r, b, "<system-out>");
            put(r, b, r->pend.p, r->pend.len);
            puts_(r, b, "</system-out>");
        }
        puts_(r, b, "</testcase>\n");
    }
    if (rec->tentative) r->ntent++;
    r->pend.len = 0;
    r->pend_err = 0;
    r->pcause[0] = 0;
}

/* The file testcase: failing when the file (its 01) is rejected or technically rejected. */
static int junit_file_fails(const rf *r, const aw_summary *s)
{
    return s->technical || s->verdict == AW_VERDICT_TECHNICAL || r->file_err;
}

static void junit_head(rf *r, const aw_summary *s, const char *notchecked)
{
    rbuf *b = &r->out;
    int ff = notchecked || junit_file_fails(r, s);
    unsigned long tests = r->ntests + 1;
    unsigned long fails = r->nfail + (unsigned long)ff;
    if (s && s->technical) fails += r->ntent; /* the tentative ones fail as 8096 */
    puts_(r, b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    putf(r, b, "<testsuites name=\"aw319check\" tests=\"%lu\" failures=\"%lu\" errors=\"0\">\n", tests, fails);
    puts_(r, b, "  <testsuite name=\"");
    xml(r, b, r->fname);
    putf(r, b, "\" tests=\"%lu\" failures=\"%lu\" errors=\"0\" skipped=\"0\">\n", tests, fails);
    puts_(r, b, "    <testcase classname=\"");
    xml(r, b, r->fname);
    puts_(r, b, "\" name=\"file\" file=\"");
    xml(r, b, r->fname);
    puts_(r, b, "\" line=\"1\">");
    if (ff) {
        char c[16] = "";
        if (s) codes_str(c, s->ncodes01, s->codes01);
        int tech = s && (s->technical || s->verdict == AW_VERDICT_TECHNICAL);
        puts_(r, b, "<failure type=\"");
        puts_(r, b, notchecked ? "not-checked" : aw_verdict_name(s->verdict));
        puts_(r, b, "\" message=\"");
        if (notchecked) xmlf(r, b, _("not checked: %s"), notchecked);
        else if (tech && r->tcause[0]) xmlf(r, b, _("file technically rejected: %s"), r->tcause);
        else if (tech) xmlf(r, b, _("file technically rejected, retourcodes %s"), c);
        else if (r->fcause[0]) xmlf(r, b, _("file rejected: %s"), r->fcause);
        else xmlf(r, b, _("file rejected, retourcodes %s"), c);
        puts_(r, b, "\">");
        if (notchecked) {
            xmlf(r, b, _("The file was not checked: %s"), notchecked);
            put(r, b, " ", 1);
            xml(r, b, r->lab[L_FIX]);
            put(r, b, " ", 1);
            xml(r, b, _("the file must begin with a 01 voorlooprecord of an AW319."));
            puts_(r, b, "&#10;");
        }
        for (int i = 0; s && i < s->ncodes01 && i < 3; i++) {
            const char *t = aw_retourcode_text(s->codes01[i]);
            putf(r, b, "retourcode %.4s: ", s->codes01[i]);
            xml(r, b, t ? t : "?");
            puts_(r, b, "&#10;");
        }
        put(r, b, r->filef.p, r->filef.len);
        if (r->file_more) {
            xmlf(r, b, P_("... and %lu more finding on the file", "... and %lu more findings on the file", r->file_more),
                 r->file_more);
            puts_(r, b, "&#10;");
        }
        puts_(r, b, "</failure>");
    } else if (r->filef.len) {
        puts_(r, b, "<system-out>");
        put(r, b, r->filef.p, r->filef.len);
        puts_(r, b, "</system-out>");
    }
    puts_(r, b, "</testcase>\n");
}

/* ---- html */

static const char *CSS =
    "body{font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,sans-serif;color:#1d2329;"
    "margin:0 auto;max-width:1180px;padding:1.5em 2em 3em}\n"
    "h1{font-size:1.7em;margin:0}h2{font-size:1.25em;margin:1.8em 0 .5em;border-bottom:2px solid #d5dbe1}\n"
    "h3{font-size:1.05em;margin:1.3em 0 .4em}\n"
    ".verdict{border-radius:6px;padding:1em 1.3em;color:#fff}.verdict p{margin:.3em 0 0}\n"
    ".v-accepted{background:#1f7a3d}.v-partial{background:#b26a00}.v-rejected,.v-technical-reject{background:#b3261e}\n"
    "table{border-collapse:collapse;width:100%;margin:.3em 0 1em;font-size:.93em}\n"
    "th,td{border:1px solid #d5dbe1;padding:.3em .5em;text-align:left;vertical-align:top}th{background:#eef1f4}\n"
    "td.num,th.num{text-align:right;white-space:nowrap}.code{font-family:ui-monospace,monospace}\n"
    ".muted{color:#5b6570}.error{color:#b3261e}.warning{color:#8a5300}tr.rej td.o{color:#b3261e;font-weight:600}\n"
    "ul.f{margin:.2em 0 .2em 1.2em;padding:0}\n"
    "#only-rejected:checked~#clients .acc{display:none}\n"
    "@media print{body{font-size:10pt;max-width:none;padding:0}.verdict{color:#000;background:none!important;"
    "border:3px solid #000}tr{break-inside:avoid}}\n";

#define SEC_REJ 1  /* a client section holds a rejection */
#define SEC_TENT 2 /* ... or a tentatively accepted prestatie (rejected if the file is technically) */

static void html_close_table(rf *r)
{
    if (r->table_open) puts_(r, &r->body, "</tbody></table>\n");
    r->table_open = 0;
}

static void html_close_client(rf *r)
{
    html_close_table(r);
    if (r->client_open) puts_(r, &r->body, "</div>\n");
    r->client_open = 0;
}

/* the pending client heading (if any) goes out: its section opens (its class is given when
 * the body is copied, see the file comment) */
static void html_open_client(rf *r)
{
    if (!r->client_head[0]) return;
    html_close_client(r);
    unsigned char m = r->client_rej ? SEC_REJ : 0;
    put(r, &r->secs, (const char *)&m, 1);
    puts_(r, &r->body, "\001C");
    puts_(r, &r->body, r->client_head);
    r->client_head[0] = 0;
    r->client_open = 1;
}

/* what the open client section holds */
static void html_mark(rf *r, unsigned char m)
{
    if (r->client_open && r->secs.len) r->secs.p[r->secs.len - 1] |= (char)m;
}

static void html_pend_out(rf *r)
{
    if (!r->pend.len) return;
    puts_(r, &r->body, "<ul class=\"f\">");
    put(r, &r->body, r->pend.p, r->pend.len);
    puts_(r, &r->body, "</ul>");
}

static void html_row(rf *r, const aw_record *rec, int alt)
{
    rbuf *b = &r->body;
    char ref[32], c[16], d1[11], d2[11], m1[64], m2[64];
    int rej = rec->outcome == AW_OUT_REJECTED || alt;
    field_of(ref, sizeof ref, rec, r->f0431);
    codes_str(c, rec->ncodes, rec->codes);
    date_iso(d1, rec->begin);
    date_iso(d2, rec->end);
    money(m1, rec->ingediend, 1);
    money(m2, alt ? 0 : rec->toegekend, 1);
    if (rec->tentative) put(r, b, alt ? "\001R" : "\001A", 2);
    html_mark(r, rec->tentative ? SEC_TENT : rej ? SEC_REJ : 0);
    putf(r, b, "<tr class=\"%s\"><td class=\"num\">%lu</td><td class=\"code\">", rej ? "rej" : "acc", rec->line);
    xml(r, b, ref[0] ? ref : "-");
    puts_(r, b, "</td><td class=\"code\">");
    xml(r, b, rec->prestatiecode[0] ? rec->prestatiecode : "-");
    puts_(r, b, "</td><td>");
    xmlf(r, b, r->lab[L_PERIOD], d1[0] ? d1 : "-", d2[0] ? d2 : "-");
    puts_(r, b, "</td><td>");
    xml(r, b, rec->lv == AW_LV_UNKNOWN ? r->lab[L_UNKNOWN] : aw_lv_name(rec->lv));
    putf(r, b, "</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"o\">", m1, m2);
    xml(r, b, rej ? r->lab[L_REJECTED] : r->lab[L_ACCEPTED]);
    putf(r, b, " <span class=\"code\">%s</span>", alt ? "8096" : c);
    html_pend_out(r);
    puts_(r, b, "</td></tr>\n");
}

static void html_record(rf *r, const aw_record *rec)
{
    rbuf *b = &r->body;
    const char *t = rec->type;
    int show = r->records || r->pend.len || rec->outcome == AW_OUT_REJECTED;
    char c[16], ln[64];
    codes_str(c, rec->ncodes, rec->codes);
    if (t[0] == '0' && t[1] == '2') {
        char bsn[10];
        bsn02(r, bsn, rec);
        snprintf(ln, sizeof ln, r->lab[L_LINE], rec->line);
        html_close_client(r);
        r->client_rej = rec->outcome == AW_OUT_REJECTED;
        char cs[48] = "";
        if (c[0]) snprintf(cs, sizeof cs, " <span class=\"code\">%s</span>", c);
        snprintf(r->client_head, sizeof r->client_head,
                 "<h3>%s <span class=\"code\">%s</span> <span class=\"muted\">%s</span>%s%s%s</h3>\n",
                 r->lab[L_CLIENT_BSN], bsn[0] ? bsn : "?", ln, r->client_rej ? " \xe2\x80\x93 " : "",
                 r->client_rej ? r->lab[L_REJECTED] : "", cs);
        if (show) {
            html_open_client(r);
            html_pend_out(r);
        }
    } else if (t[0] == '0' && t[1] == '4') {
        if (show) {
            html_open_client(r);
            if (!r->table_open) {
                puts_(r, b, r->thead);
                r->table_open = 1;
            }
            html_row(r, rec, 0);
            if (rec->tentative) html_row(r, rec, 1);
        }
    } else if (show && !(t[0] == '0' && t[1] == '1')) {
        html_close_client(r);
        snprintf(ln, sizeof ln, r->lab[L_LINE], rec->line);
        putf(r, b, "<div class=\"%s\"><h3>", rec->outcome == AW_OUT_REJECTED ? "rej" : "acc");
        xmlf(r, b, r->lab[L_RECORD], t);
        putf(r, b, " <span class=\"muted\">%s</span>%s%s</h3>", ln, c[0] ? " " : "", c);
        html_pend_out(r);
        puts_(r, b, "</div>\n");
    } else if (r->pend.len) { /* the 01's own findings: with the file's */
        put(r, &r->filef, r->pend.p, r->pend.len);
    }
    r->pend.len = 0;
}

static void html_head(rf *r, const aw_summary *s)
{
    rbuf *b = &r->out;
    char m1[64], m2[64], d1[11], d2[11], c[16];
    /* TRANSLATORS: the language of the HTML report (its lang attribute): nl for Dutch */
    const char *lang = _("en");
    putf(r, b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", lang);
    xml(r, b, _("AW319 check"));
    puts_(r, b, " \xe2\x80\x93 ");
    xml(r, b, r->fname);
    puts_(r, b, "</title>\n<style>\n");
    puts_(r, b, CSS);
    putf(r, b, "</style>\n</head>\n<body>\n<div class=\"verdict v-%s\"><h1>", aw_verdict_name(s->verdict));
    xml(r, b, verdict_text(s->verdict));
    puts_(r, b, "</h1><p>");
    xml(r, b, r->fname);
    if (s->factuurnummer[0]) {
        puts_(r, b, " \xe2\x80\x93 ");
        xmlf(r, b, _("invoice %s"), s->factuurnummer);
    }
    money(m1, s->total.ingediend, 1);
    money(m2, s->total.toegekend, 1);
    puts_(r, b, " \xe2\x80\x93 ");
    xmlf(r, b, _("submitted %s, granted %s"), m1, m2);
    puts_(r, b, "</p></div>\n");
    if (s->technical) {
        puts_(r, b, "<p class=\"error\">");
        xml(r, b, _("The file is technically rejected: all prestaties are rejected (retourcode 8096)."));
        puts_(r, b, "</p>\n");
    }

    puts_(r, b, "<h2>");
    xml(r, b, _("Totals"));
    putf(r, b, "</h2>\n<table><thead><tr><th></th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
               "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th></tr></thead><tbody>\n",
         _("Prestaties"), _("Accepted"), _("Rejected"), r->lab[L_TH_SUBMITTED], r->lab[L_TH_GRANTED]);
    for (int i = 0; i <= AW_LV_COUNT; i++) {
        const aw_totals *t = i < AW_LV_COUNT ? &s->by_lv[i] : &s->total;
        if (i < AW_LV_COUNT && (!s->have_koppeltabel || !t->prestaties)) continue;
        money(m1, t->ingediend, 1);
        money(m2, t->toegekend, 1);
        putf(r, b, "<tr><th>%s</th><td class=\"num\">%lu</td><td class=\"num\">%lu</td><td class=\"num\">%lu</td>"
                   "<td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n",
             i == AW_LV_COUNT ? _("Total") : i == AW_LV_UNKNOWN ? r->lab[L_UNKNOWN] : aw_lv_name((aw_lv)i),
             t->prestaties, t->accepted, t->rejected, m1, m2);
    }
    puts_(r, b, "</tbody></table>\n<p class=\"muted\">");
    xmlf(r, b, _("Records: %lu, errors: %lu, warnings: %lu."), s->records, s->errors, s->warnings);
    puts_(r, b, "</p>\n");

    date_iso(d1, s->period_begin);
    date_iso(d2, s->period_end);
    codes_str(c, s->ncodes01, s->codes01);
    puts_(r, b, "<h2>");
    xml(r, b, _("Details"));
    putf(r, b, "</h2>\n<table><tbody><tr><th>%s</th><td class=\"code\">", _("UZOVI number"));
    xml(r, b, s->uzovi[0] ? s->uzovi : "-"); /* "-" for what the file does not tell */
    putf(r, b, "</td></tr><tr><th>%s</th><td class=\"code\">", _("Care provider (AGB)"));
    xml(r, b, s->instelling[0] ? s->instelling : "-");
    putf(r, b, "</td></tr><tr><th>%s</th><td class=\"code\">", _("Invoice number"));
    xml(r, b, s->factuurnummer[0] ? s->factuurnummer : "-");
    putf(r, b, "</td></tr><tr><th>%s</th><td>", _("Declaration period"));
    xmlf(r, b, r->lab[L_PERIOD], d1[0] ? d1 : "-", d2[0] ? d2 : "-");
    putf(r, b, "</td></tr><tr><th>%s</th><td class=\"code\">%s</td></tr><tr><th>%s</th><td>",
         _("Retourcodes of the voorlooprecord"), c[0] ? c : "-", _("Controlset"));
    xml(r, b, s->controlset ? s->controlset : "default");
    puts_(r, b, "</td></tr><tr><th>SHA-256</th><td class=\"code\">");
    xml(r, b, s->sha256);
    puts_(r, b, "</td></tr></tbody></table>\n");

    puts_(r, b, "<h2>");
    xml(r, b, _("Findings per rule"));
    puts_(r, b, "</h2>\n");
    int any = 0;
    for (int i = 0; i < aw_rule_count() && i < 64; i++) {
        if (!s->rule_count[i]) continue;
        if (!any++)
            putf(r, b, "<table><thead><tr><th>%s</th><th class=\"num\">%s</th><th>%s</th><th>%s</th><th>%s</th>"
                       "<th>%s</th></tr></thead><tbody>\n", _("Rule"), _("Count"), _("Severity"), _("Retourcode"),
                 _("Description"), _("How to fix"));
        const char *code = aw_rule_code(r->ctx, i);
        const char *dt = code[0] ? aw_retourcode_text(code) : NULL;
        aw_severity sev = aw_rule_severity(r->ctx, i);
        putf(r, b, "<tr class=\"%s\"><td><span class=\"code\">%s</span> ", sev_name(sev), aw_rule_id(i));
        xml(r, b, r->rtext[i]);
        putf(r, b, "</td><td class=\"num\">%lu</td><td>", s->rule_count[i]);
        xml(r, b, sev == AW_SEV_REJECT ? _("rejection") : _("warning"));
        puts_(r, b, "</td><td class=\"code\">");
        xml(r, b, code[0] ? code : _("(per field)"));
        puts_(r, b, "</td><td>");
        xml(r, b, dt ? dt : code[0] ? "" : _("the retourcode of the field"));
        puts_(r, b, "</td><td>");
        xml(r, b, r->hint[i]);
        puts_(r, b, "</td></tr>\n");
    }
    if (any) puts_(r, b, "</tbody></table>\n");
    else {
        puts_(r, b, "<p>");
        xml(r, b, _("No findings."));
        puts_(r, b, "</p>\n");
    }
    if (r->filef.len || r->file_more) {
        puts_(r, b, "<h2>");
        xml(r, b, _("Findings on the file (voorlooprecord)"));
        puts_(r, b, "</h2>\n<ul class=\"f\">");
        put(r, b, r->filef.p, r->filef.len);
        if (r->file_more) {
            puts_(r, b, "<li>");
            xmlf(r, b, P_("\xe2\x80\xa6 and %lu more finding", "\xe2\x80\xa6 and %lu more findings", r->file_more),
                 r->file_more);
            puts_(r, b, "</li>");
        }
        puts_(r, b, "</ul>\n");
    }
    puts_(r, b, "<h2>");
    xml(r, b, _("Per client"));
    puts_(r, b, "</h2>\n<p class=\"muted\">");
    xml(r, b, r->records ? _("All prestaties (--report-records).")
                         : _("Only prestaties and clients with findings or rejections; all prestaties with --report-records."));
    puts_(r, b, "</p>\n<input type=\"checkbox\" id=\"only-rejected\"> <label for=\"only-rejected\">");
    xml(r, b, _("Show only rejected prestaties"));
    puts_(r, b, "</label>\n<div id=\"clients\">\n");
}

static void html_tail(rf *r)
{
    puts_(r, &r->out, "</div>\n<p class=\"muted\">aw319check ");
    xml(r, &r->out, aw_version());
    puts_(r, &r->out, "</p>\n</body>\n</html>\n");
}

/* ---- the sink */

static void remember_name(rf *r, const char *name)
{
    if (name && !r->fname[0]) snprintf(r->fname, sizeof r->fname, "%s", name);
}

/* csv, json, sarif: the head before the first event (name and options are set by then) */
static void begin(rf *r)
{
    if (r->started) return;
    r->started = 1;
    if (r->fmt == AW_REPORT_CSV) csv_head(r);
    else if (r->fmt == AW_REPORT_JSON) json_head(r);
    else if (r->fmt == AW_REPORT_SARIF) sarif_head(r);
}

static aw_rc rf_on_finding(void *ud, const aw_finding *f)
{
    rf *r = ud;
    begin(r);
    switch (r->fmt) {
    case AW_REPORT_JSON: json_finding(r, f); break;
    case AW_REPORT_SARIF: sarif_finding(r, f); break;
    case AW_REPORT_CSV:
        if (f->target_line == 1) { /* the file's: out at once, no record columns */
            csv_finding(r, &r->filef, f);
            csv_flush(r, &r->filef, NULL);
        } else csv_finding(r, &r->pend, f);
        break;
    default: /* html, junit */
        if (r->fmt == AW_REPORT_JUNIT) note_cause(r, f);
        if (f->target_line == 1) {
            if (f->severity == AW_SEV_REJECT) r->file_err = 1;
            if (r->filef.len < FILE_MAX) finding_text(r, &r->filef, f, r->fmt == AW_REPORT_HTML);
            else r->file_more++;
        } else {
            finding_text(r, &r->pend, f, r->fmt == AW_REPORT_HTML);
            if (f->severity == AW_SEV_REJECT) r->pend_err = 1;
        }
    }
    return r->failed ? (aw_rc)r->failed : AW_OK;
}

static aw_rc rf_on_record(void *ud, const aw_record *rec)
{
    rf *r = ud;
    begin(r);
    switch (r->fmt) {
    case AW_REPORT_JSON: if (r->records) json_record(r, rec); break;
    case AW_REPORT_SARIF: break;
    case AW_REPORT_CSV: csv_flush(r, &r->pend, rec); break;
    case AW_REPORT_JUNIT: junit_record(r, rec); break;
    default: html_record(r, rec);
    }
    return r->failed ? (aw_rc)r->failed : AW_OK;
}

static aw_rc rf_on_end(void *ud, const aw_summary *s)
{
    rf *r = ud;
    begin(r);
    r->ended = 1;
    r->technical = s->technical;
    if (s->name) { r->fname[0] = 0; remember_name(r, s->name); }
    switch (r->fmt) {
    case AW_REPORT_JSON: json_end(r, s); break;
    case AW_REPORT_SARIF: sarif_end(r, s); break;
    case AW_REPORT_CSV: csv_flush(r, &r->pend, NULL); break;
    case AW_REPORT_JUNIT:
        to_file(r);
        if (!r->tcause[0]) { /* no finding of the technical layer: its codes stand for it */
            char c[16];
            codes_str(c, s->ncodes01, s->codes01);
            snprintf(r->tcause, sizeof r->tcause, "retourcodes %s", c);
        }
        puts_(r, &r->body, "  </testsuite>\n</testsuites>\n");
        junit_head(r, s, NULL);
        break;
    default:
        if (r->pend.len) { html_close_client(r); html_pend_out(r); r->pend.len = 0; }
        html_close_client(r);
        html_head(r, s);
    }
    return r->failed ? (aw_rc)r->failed : AW_OK;
}

aw_sink rf_sink(rf *r)
{
    aw_sink s = {r, rf_on_finding, rf_on_record, rf_on_end};
    return s;
}

void rf_set(rf *r, const char *name, int records)
{
    if (name) { r->fname[0] = 0; remember_name(r, name); }
    if (records >= 0) r->records = records;
}

/* ---- life cycle */

aw_rc rf_new(aw_ctx *ctx, aw_output *o, aw_report_format fmt, rf **out)
{
    rf *r = *out = mem_calloc(1, sizeof *r);
    if (!r) return err_set(ctx, AW_ENOMEM, _("%s: report: out of memory"), aw_output_tmppath(o));
    r->ctx = ctx;
    r->fmt = fmt;
    r->out.fd = aw_output_fd(o);
    r->body.fd = r->pend.fd = r->filef.fd = r->cli.fd = -1;
    r->f0203 = lay_field_find(&lay_aw319_v13, "0203");
    r->f0431 = lay_field_find(&lay_aw319_v13, "0431");
    r->secs.fd = -1;
    /* the reader's language, once */
    for (int i = 0; i < NLAB; i++) r->lab[i] = _(lab_text[i]);
    for (int i = 0; i < RULE_COUNT; i++) {
        r->rtext[i] = *aw_rule_text(i) ? _(aw_rule_text(i)) : "";
        r->hint[i] = aw_rule_hint(i) && *aw_rule_hint(i) ? _(aw_rule_hint(i)) : "";
    }
    const char *at = strstr(r->lab[L_8096], "%s");
    r->at8096 = at ? (size_t)(at - r->lab[L_8096]) : strlen(r->lab[L_8096]);
    snprintf(r->thead, sizeof r->thead,
             "<table><thead><tr><th class=\"num\">%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
             "<th class=\"num\">%s</th><th class=\"num\">%s</th><th>%s</th></tr></thead><tbody>\n",
             r->lab[L_TH_LINE], r->lab[L_TH_REF], r->lab[L_TH_PRESTATIE], r->lab[L_TH_PERIOD], r->lab[L_TH_LV],
             r->lab[L_TH_SUBMITTED], r->lab[L_TH_GRANTED], r->lab[L_TH_OUTCOME]);
    if (!(r->out.p = mem_malloc(OBUF_SIZE))) goto nomem;
    r->out.cap = OBUF_SIZE;
    if (fmt == AW_REPORT_HTML || fmt == AW_REPORT_JUNIT) {
        const char *base = aw_output_tmppath(o);
        size_t n = strlen(base) + 8;
        if (!(r->bodypath = mem_calloc(1, n)) || !(r->body.p = mem_malloc(OBUF_SIZE))) goto nomem; /* "" until made */
        r->body.cap = OBUF_SIZE;
        snprintf(r->bodypath, n, "%s.body", base);
        r->body.fd = open(r->bodypath, O_RDWR | O_CREAT | O_EXCL | O_TRUNC, 0600);
        if (r->body.fd < 0) {
            int e = errno;
            r->bodypath[0] = 0;
            rf_free(r);
            *out = NULL;
            return err_set(ctx, AW_EIO, _("%s: cannot create: %s"), base, strerror(e));
        }
    }
    return AW_OK;
nomem:
    rf_free(r);
    *out = NULL;
    return err_set(ctx, AW_ENOMEM, _("%s: report: out of memory"), aw_output_tmppath(o));
}

/* html/junit: the body behind the head, keeping the \001A or \001R alternative (with the
 * technical finding for the \002 of junit's 8096), giving each client section (\001C) its
 * class */
static void copy_body(rf *r, int technical)
{
    if (rb_flush(r, &r->body) || lseek(r->body.fd, 0, SEEK_SET) < 0) {
        if (!r->failed) { r->failed = AW_EIO; r->werr = errno; }
        return;
    }
    int fd = dup(r->body.fd);
    FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
    if (!f) {
        r->failed = AW_EIO;
        r->werr = errno;
        if (fd >= 0) close(fd);
        return;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while (!r->failed && (errno = 0, n = getline(&line, &cap, f)) > 0) {
        if (line[0] == '\001' && n >= 2 && line[1] == 'C') {
            unsigned char m = r->csec < r->secs.len ? (unsigned char)r->secs.p[r->csec] : 0;
            r->csec++;
            puts_(r, &r->out, (m & SEC_REJ) || ((m & SEC_TENT) && technical) ? "<div class=\"client rej\">"
                                                                            : "<div class=\"client acc\">");
            put(r, &r->out, line + 2, (size_t)n - 2);
            continue;
        }
        const char *p = line;
        if (line[0] == '\001' && n >= 2) {
            if ((line[1] == 'R') != !!technical) continue;
            p += 2;
        }
        const char *z = r->fmt == AW_REPORT_JUNIT ? memchr(p, '\002', (size_t)(line + n - p)) : NULL;
        if (!z) { put(r, &r->out, p, (size_t)(line + n - p)); continue; }
        put(r, &r->out, p, (size_t)(z - p));
        xml(r, &r->out, r->tcause);
        put(r, &r->out, z + 1, (size_t)(line + n - z - 1));
    }
    if (!r->failed && (ferror(f) || (errno == ENOMEM))) { r->failed = errno == ENOMEM ? AW_ENOMEM : AW_EIO; r->werr = errno; }
    free(line);
    fclose(f);
}

aw_rc rf_finish(rf *r)
{
    if (!r->ended) return err_set(r->ctx, AW_EUSAGE, _("report: finished before the check ended"));
    if (r->fmt == AW_REPORT_HTML || r->fmt == AW_REPORT_JUNIT) {
        copy_body(r, r->technical);
        if (r->fmt == AW_REPORT_HTML) html_tail(r);
    }
    rb_flush(r, &r->out);
    if (r->failed == AW_ENOMEM) return err_set(r->ctx, AW_ENOMEM, _("%s: report: out of memory"), r->fname);
    if (r->failed)
        return err_set(r->ctx, AW_EIO, _("%s: report write failed: %s"), r->fname, strerror(r->werr ? r->werr : EIO));
    return AW_OK;
}

/* A file that was not checked (no 01): junit gets a failing testcase, json says so; the other
 * formats have no report (returns AW_EUSAGE for them). */
aw_rc rf_not_checked(rf *r, const char *name, const char *why)
{
    if (name) { r->fname[0] = 0; remember_name(r, name); }
    begin(r);
    r->ended = 1;
    if (r->fmt == AW_REPORT_JUNIT) {
        r->body.len = 0;
        if (ftruncate(r->body.fd, 0) != 0) { r->failed = AW_EIO; r->werr = errno; }
        r->ntests = r->nfail = r->ntent = 0;
        r->filef.len = 0;
        r->file_more = 0;
        junit_head(r, NULL, why);
        puts_(r, &r->out, "  </testsuite>\n</testsuites>\n");
    } else if (r->fmt == AW_REPORT_JSON) {
        puts_(r, &r->out, r->nfind ? "\n],\n \"name\": " : "],\n \"name\": ");
        jstr(r, &r->out, r->fname);
        puts_(r, &r->out, ", \"checked\": false, \"error\": ");
        jstr(r, &r->out, why);
        puts_(r, &r->out, "}\n]}\n");
    } else {
        return err_set(r->ctx, AW_EUSAGE, _("report: only junit and json reports tell of a file that was not checked"));
    }
    rb_flush(r, &r->out);
    if (r->failed)
        return err_set(r->ctx, (aw_rc)r->failed, _("%s: report write failed: %s"), r->fname,
                            r->failed == AW_ENOMEM ? _("out of memory") : strerror(r->werr ? r->werr : EIO));
    return AW_OK;
}

void rf_free(rf *r)
{
    if (!r) return;
    if (r->body.fd >= 0) close(r->body.fd);
    if (r->bodypath) {
        if (r->bodypath[0]) unlink(r->bodypath);
        mem_free(r->bodypath);
    }
    mem_free(r->out.p);
    mem_free(r->body.p);
    mem_free(r->pend.p);
    mem_free(r->filef.p);
    mem_free(r->cli.p);
    mem_free(r->secs.p);
    mem_free(r);
}
