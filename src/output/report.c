/* SPDX-License-Identifier: MIT */
/* report.c — the XML report of one checked file (doc/outputs.md), streamed with libxml2's
 * xmlTextWriter while the file is checked: no tree of the report is ever built.
 *
 * One pass: findings and the compact per-record elements are written as their events arrive
 * (file order); the `file` element with name, sha256, verdict, header facts, totals, the rules
 * that fired (their text in the reader's language, nls.h) and the Dutch descriptions of the
 * retourcodes used (Vektis's, in every language) comes last, from the summary event.  schemas/report.xsd documents the order.  The per-record elements are written only
 * when asked (aw_report_set_records).  The other formats (html, junit, csv, json, sarif) are
 * written by report_formats.c from the same events; this file hands them over.
 * The per-record elements (the hot path: one per record and finding) are built with our own
 * escaping directly in the output buffer, between the writer's start tag (flushed) and the
 * summary, which uses the writer's element and attribute calls again: each byte of the
 * report is copied once before write(2).
 *
 * Text: AW319 is ISO-8859-1 and the engine's messages are UTF-8 (e.g. "€"), so every string
 * goes through rpt_clean() (rtext.c): valid UTF-8 sequences are kept, any other byte >= 0x80 is taken
 * as ISO-8859-1, and control bytes (C0, DEL, C1) are written as "\xNN"; the output is valid
 * UTF-8 XML whatever the input holds.  Strings are cut at TEXT_MAX bytes. */
#include "core.h"
#include "layout.h"
#include "ctx.h"
#include "rtext.h"
#include "report_formats.h"
#include "nls.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <libxml/xmlwriter.h>

#define REPORT_NS "urn:aw319check:report:1"
#define WBUF_SIZE (256 * 1024)  /* the report goes to the file in writes of exactly this size */
#define EL_MAX (TEXT_MAX * 6 + 2048) /* one streamed element at most (escaped text grows 6x) */
#define REC_MAX 512   /* a record element at most: its fields are short and bounded */
_Static_assert(REC_MAX <= EL_MAX, "a record element fits in the room of one element");

struct aw_report {
    aw_ctx *ctx;
    aw_output *out;            /* the caller's, not owned */
    aw_report_format fmt;
    rf *rf;                    /* the other formats' writer (NULL for xml) */
    int records;               /* list every record (client, prestatie, record elements) */
    int fd;                    /* where the XML goes: the output's fd */
    xmlTextWriterPtr w;
    int ended;                 /* the summary was written */
    int failed;                /* a write failed: errno in werr */
    int werr;
    unsigned char used[10000 / 8]; /* retourcodes used, by number */
    char buf[TEXT_MAX * 4 + 8];    /* clean() result */
    const lay_field *f0203;    /* BSN of a 02, resolved once */
    /* The output buffer: WBUF_SIZE + EL_MAX bytes, wlen < WBUF_SIZE between elements, so one
     * whole element always fits behind wlen and is built there without bounds checks. */
    char *wbuf;
    size_t wlen;
    char *el;                  /* the finding being built (at wbuf + wlen), with checks */
    size_t ellen;
};

/* ---- output.  Every byte of the report is copied once, into r->wbuf, and goes from there to
 * the kernel in writes of WBUF_SIZE bytes.  The writer (start tag, summary) delivers its bytes
 * through fd_write; the per-record elements, between them, are built in r->wbuf directly. */

static int write_all(aw_report *r, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(r->fd, p, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) {
            r->failed = 1;
            r->werr = k < 0 ? errno : EIO;
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* wlen >= WBUF_SIZE: the first WBUF_SIZE bytes go out, the rest (part of one element) moves to
 * the front.  After a failed write nothing more is written (the report is lost anyway). */
static void spill(aw_report *r)
{
    if (!r->failed) write_all(r, r->wbuf, WBUF_SIZE);
    r->wlen -= WBUF_SIZE;
    memmove(r->wbuf, r->wbuf + WBUF_SIZE, r->wlen);
}

/* The element of n bytes built at wbuf + wlen is complete. */
static void el_done(aw_report *r, size_t n)
{
    r->wlen += n;
    if (r->wlen >= WBUF_SIZE) spill(r);
}

static int fd_write(void *ud, const char *p, int n)
{
    aw_report *r = ud;
    if (n < 0) return -1;
    for (size_t left = (size_t)n; left > 0;) {
        size_t k = WBUF_SIZE - r->wlen;
        if (k > left) k = left;
        memcpy(r->wbuf + r->wlen, p, k);
        r->wlen += k;
        p += k;
        left -= k;
        if (r->wlen == WBUF_SIZE) spill(r);
    }
    return r->failed ? -1 : n;
}

/* Called when the writer is freed: the rest goes out; the fd belongs to the output. */
static int fd_close(void *ud)
{
    aw_report *r = ud;
    int rc = r->wlen && !r->failed ? write_all(r, r->wbuf, r->wlen) : 0;
    r->wlen = 0;
    return rc;
}

/* ---- text: see the file comment */


/* s as clean UTF-8 in r->buf (for the xmlTextWriter calls, which escape themselves). */
static const char *clean(aw_report *r, const char *s, size_t n)
{
    size_t k = 0;
    rpt_clean(r->buf, sizeof r->buf, &k, s, n, 0);
    return r->buf;
}

/* ---- the findings: built at r->el (= wbuf + wlen) with the escaping above; every append is
 * bounded by EL_MAX (a finding holds strings of any length, cut as they always were). */

/* Append n bytes that need no escaping (names, digits, codes, fixed words). */
static void el_put(aw_report *r, const char *p, size_t n)
{
    if (r->ellen + n + 1 >= EL_MAX) return;
    memcpy(r->el + r->ellen, p, n);
    r->ellen += n;
    r->el[r->ellen] = 0;
}
#define EL_LIT(r, s) el_put((r), (s), sizeof(s) - 1)

static void el_lit(aw_report *r, const char *lit) { el_put(r, lit, strlen(lit)); }

/* name="value" for a value that may hold anything (escaped and cleaned). */
static void el_attr(aw_report *r, const char *name, const char *v)
{
    EL_LIT(r, " ");
    el_lit(r, name);
    EL_LIT(r, "=\"");
    rpt_clean(r->el, EL_MAX - 8, &r->ellen, v, strlen(v), 1);
    EL_LIT(r, "\"");
}

static char *put_i64(char *p, long long v);

static void el_num(aw_report *r, const char *name, long long v)
{
    char b[24];
    EL_LIT(r, " ");
    el_lit(r, name);
    EL_LIT(r, "=\"");
    el_put(r, b, (size_t)(put_i64(b, v) - b));
    EL_LIT(r, "\"");
}

/* ---- the records (one element per record, the hot path): appended at p without checks, as
 * one record element is at most REC_MAX bytes and EL_MAX are free behind wlen. */

#define PUT_LIT(p, s) (memcpy((p), (s), sizeof(s) - 1), (p) + sizeof(s) - 1)

/* Number of decimal digits of u (1..20), by comparisons instead of one division per digit. */
static unsigned ndigits(unsigned long long u)
{
    unsigned n = 1;
    if (u >= 10000000000000000ULL) { n += 16; u /= 10000000000000000ULL; }
    if (u >= 100000000) { n += 8; u /= 100000000; }
    if (u >= 10000) { n += 4; u /= 10000; }
    if (u >= 100) { n += 2; u /= 100; }
    return n + (u >= 10);
}

/* The decimal digits of u at p, two at a time from the end; returns the end. */
static char *put_u64(char *p, unsigned long long u)
{
    char *end = p + ndigits(u), *e = end;
    while (u >= 100) {
        const char *q = fld_digit_pairs + 2 * (u % 100);
        u /= 100;
        *--e = q[1];
        *--e = q[0];
    }
    if (u >= 10) { *--e = fld_digit_pairs[2 * u + 1]; *--e = fld_digit_pairs[2 * u]; }
    else *--e = (char)('0' + u);
    return end;
}

static char *put_i64(char *p, long long v)
{
    if (v < 0) *p++ = '-';
    return put_u64(p, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v);
}
#define PUT_NUM(p, name, v) (p = PUT_LIT(p, " " name "=\""), p = put_i64(p, (long long)(v)), *p++ = '"')

/* ` name="CCYY-MM-DD"` for a CCYYMMDD; nothing when ymd is no date. */
static char *put_date(char *p, const char *pre, size_t npre, long ymd)
{
    if (ymd <= 0 || ymd > 99991231) return p;
    unsigned y = (unsigned)ymd / 10000, md = (unsigned)ymd % 10000;
    memcpy(p, pre, npre);
    p += npre;
    memcpy(p, fld_digit_pairs + 2 * (y / 100), 2);
    memcpy(p + 2, fld_digit_pairs + 2 * (y % 100), 2);
    p[4] = '-';
    memcpy(p + 5, fld_digit_pairs + 2 * (md / 100), 2);
    p[7] = '-';
    memcpy(p + 8, fld_digit_pairs + 2 * (md % 100), 2);
    p[10] = '"';
    return p + 11;
}
#define PUT_DATE(p, name, ymd) (p = put_date(p, " " name "=\"", sizeof(name) + 2, (ymd)))

/* ` name="value"` for a short NUL-terminated field (at most max bytes) that may hold anything:
 * cleaned and escaped by put_clean. */
static char *put_field(aw_report *r, char *p, const char *pre, size_t npre, const char *v, size_t max)
{
    memcpy(p, pre, npre);
    size_t k = (size_t)(p + npre - r->wbuf);
    rpt_clean(r->wbuf, WBUF_SIZE + EL_MAX, &k, v, strnlen(v, max), 1);
    p = r->wbuf + k;
    *p++ = '"';
    return p;
}
#define PUT_FIELD(r, p, name, v) (p = put_field((r), p, " " name "=\"", sizeof(name) + 2, (v), sizeof(v)))

/* Remember a retourcode for the list in the summary (four digits; anything else is not). */
static void mark_code(aw_report *r, const char *code)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        if (code[i] < '0' || code[i] > '9') return;
        v = v * 10 + (unsigned)(code[i] - '0');
    }
    if (code[4]) return;
    r->used[v / 8] |= (unsigned char)(1u << (v % 8));
}

static void codes_text(aw_report *r, char b[16], int n, const char codes[][5]);

/* ` codes="0435 8007"` (the first three), remembering the codes. */
static char *put_codes(aw_report *r, char *p, int n, const char codes[][5])
{
    char b[16];
    codes_text(r, b, n, codes);
    p = PUT_LIT(p, " codes=\"");
    size_t k = strlen(b); /* a code with a NUL among its 4 bytes ends the text there */
    memcpy(p, b, k);
    p += k;
    *p++ = '"';
    return p;
}

/* The outcome as ` outcome="..."`. */
static char *put_outcome(char *p, aw_outcome o)
{
    if (o == AW_OUT_ACCEPTED) return PUT_LIT(p, " outcome=\"accepted\"");
    if (o == AW_OUT_REJECTED) return PUT_LIT(p, " outcome=\"rejected\"");
    return PUT_LIT(p, " outcome=\"none\"");
}

/* ---- small writers; failures are sticky in r->failed and reported at the end */

/* What a sink returns: AW_OK, or once a write failed an error naming the file. */
static aw_rc sink_rc(aw_report *r)
{
    if (!r->failed) return AW_OK;
    return err_set(r->ctx, AW_EIO, _("%s: report write failed: %s"), aw_output_tmppath(r->out),
                        strerror(r->werr ? r->werr : EIO));
}

static void check(aw_report *r, int rc)
{
    if (rc < 0 && !r->failed) { r->failed = 1; r->werr = 0; }
}

/* An element of the file summary on its own line, indented by depth. */
static void start(aw_report *r, const char *name)
{
    check(r, xmlTextWriterWriteRaw(r->w, BAD_CAST(strcmp(name, "file") ? "\n  " : "\n ")));
    check(r, xmlTextWriterStartElement(r->w, BAD_CAST name));
}
static void end(aw_report *r) { check(r, xmlTextWriterEndElement(r->w)); }

static void attr(aw_report *r, const char *name, const char *v)
{
    check(r, xmlTextWriterWriteAttribute(r->w, BAD_CAST name, BAD_CAST clean(r, v, strlen(v))));
}

static void attr_num(aw_report *r, const char *name, long long v)
{
    char b[32];
    snprintf(b, sizeof b, "%lld", v);
    attr(r, name, b);
}

/* CCYYMMDD → xs:date; nothing when 0 (unknown). */
static void attr_date(aw_report *r, const char *name, long ymd)
{
    char b[16];
    if (ymd <= 0) return;
    snprintf(b, sizeof b, "%04ld-%02ld-%02ld", ymd / 10000 % 10000, ymd / 100 % 100, ymd % 100);
    attr(r, name, b);
}

/* "0435 8007" into b (16 bytes) and remember the codes for the retourcode list */
static void codes_text(aw_report *r, char b[16], int n, const char codes[][5])
{
    size_t k = 0;
    for (int i = 0; i < n && i < 3; i++) {
        if (i) b[k++] = ' ';
        memcpy(b + k, codes[i], 4);
        k += 4;
        mark_code(r, codes[i]);
    }
    b[k] = 0;
}

static void attr_codes(aw_report *r, int n, const char codes[][5])
{
    char b[16];
    codes_text(r, b, n, codes);
    attr(r, "codes", b);
}

/* ---- the sink */

static aw_rc sink_finding(void *ud, const aw_finding *f)
{
    aw_report *r = ud;
    r->el = r->wbuf + r->wlen;
    r->ellen = 0;
    EL_LIT(r, "\n <finding");
    el_num(r, "line", (long long)f->line);
    el_num(r, "column", f->column);
    el_attr(r, "record", f->record);
    el_num(r, "target-line", (long long)f->target_line);
    if (f->field_id) el_attr(r, "field", f->field_id);
    if (f->field_name) el_attr(r, "field-name", f->field_name);
    el_attr(r, "rule", f->rule);
    if (f->code[0]) { /* a V8 warning has none */
        el_attr(r, "code", f->code);
        mark_code(r, f->code);
    }
    el_attr(r, "severity", f->severity == AW_SEV_REJECT ? "error" : "warning");
    el_lit(r, ">");
    const char *m = f->message ? f->message : "";
    rpt_clean(r->el, EL_MAX - 16, &r->ellen, m, strlen(m), 1);
    el_lit(r, "</finding>");
    el_done(r, r->ellen);
    return sink_rc(r);
}

static aw_rc sink_record(void *ud, const aw_record *rec)
{
    aw_report *r = ud;
    const char *t = rec->type;
    if (!r->records) return AW_OK;
    if (t[0] == '0' && t[1] == '1' && rec->outcome == AW_OUT_NONE) return AW_OK; /* in `file` */
    char *const start = r->wbuf + r->wlen, *p = start;
    if (t[0] == '0' && t[1] == '4') {
        p = PUT_LIT(p, "\n <prestatie");
        PUT_NUM(p, "line", rec->line);
        if (rec->group_line) PUT_NUM(p, "group-line", rec->group_line);
        if (rec->bsn[0]) { /* digits, '*' */
            p = PUT_LIT(p, " bsn=\"");
            size_t n = strnlen(rec->bsn, 9);
            memcpy(p, rec->bsn, n);
            p += n;
            *p++ = '"';
        }
        if (rec->prestatiecode[0]) PUT_FIELD(r, p, "prestatiecode", rec->prestatiecode);
        PUT_DATE(p, "begin", rec->begin);
        PUT_DATE(p, "end", rec->end);
        const char *lv = aw_lv_name(rec->lv);
        size_t nlv = strlen(lv);
        p = PUT_LIT(p, " leveringsvorm=\"");
        memcpy(p, lv, nlv);
        p += nlv;
        *p++ = '"';
        p = put_outcome(p, rec->outcome);
        if (rec->tentative) p = PUT_LIT(p, " tentative=\"true\"");
        p = put_codes(r, p, rec->ncodes, rec->codes);
        PUT_NUM(p, "ingediend", rec->ingediend);
        PUT_NUM(p, "toegekend", rec->toegekend);
        PUT_NUM(p, "berekend", rec->berekend);
    } else if (t[0] == '0' && t[1] == '2') {
        p = PUT_LIT(p, "\n <client");
        PUT_NUM(p, "line", rec->line);
        /* the BSN of a 02 (0203) when it is 9 digits, masked when asked */
        const lay_field *f = r->f0203;
        if (f && f->len == 9 && rec->len >= (size_t)f->pos + 9 && fld_digits(rec->data + f->pos, 9)) {
            p = PUT_LIT(p, " bsn=\"");
            if (r->ctx->mask_bsn) {
                char bsn[10];
                aw_mask_bsn(bsn, rec->data + f->pos);
                memcpy(p, bsn, 9);
            } else {
                memcpy(p, rec->data + f->pos, 9);
            }
            p += 9;
            *p++ = '"';
        }
        p = put_outcome(p, rec->outcome);
        p = put_codes(r, p, rec->ncodes, rec->codes);
    } else {
        p = PUT_LIT(p, "\n <record");
        PUT_NUM(p, "line", rec->line);
        PUT_FIELD(r, p, "type", rec->type);
        p = put_outcome(p, rec->outcome);
        p = put_codes(r, p, rec->ncodes, rec->codes);
    }
    p = PUT_LIT(p, "/>");
    el_done(r, (size_t)(p - start));
    return sink_rc(r);
}

static void totals(aw_report *r, const aw_totals *t)
{
    attr_num(r, "prestaties", (long long)t->prestaties);
    attr_num(r, "accepted", (long long)t->accepted);
    attr_num(r, "rejected", (long long)t->rejected);
    attr_num(r, "ingediend", t->ingediend);
    attr_num(r, "toegekend", t->toegekend);
}

static aw_rc sink_end(void *ud, const aw_summary *s)
{
    aw_report *r = ud;
    start(r, "file");
    attr(r, "name", s->name ? s->name : "");
    attr(r, "sha256", s->sha256);
    attr(r, "verdict", aw_verdict_name(s->verdict));
    attr(r, "technical", s->technical ? "true" : "false");
    attr(r, "controlset", s->controlset ? s->controlset : "default");
    attr_date(r, "run-date", s->run_date);

    start(r, "header");
    if (s->uzovi[0]) attr(r, "uzovi", s->uzovi);
    if (s->instelling[0]) attr(r, "instelling", s->instelling);
    if (s->factuurnummer[0]) attr(r, "factuurnummer", s->factuurnummer);
    attr_date(r, "period-begin", s->period_begin);
    attr_date(r, "period-end", s->period_end);
    attr_date(r, "dagtekening", s->dagtekening);
    attr_date(r, "submission-date", s->submission_date);
    attr_codes(r, s->ncodes01, s->codes01);
    end(r);

    start(r, "totals");
    attr_num(r, "records", (long long)s->records);
    totals(r, &s->total);
    attr_num(r, "errors", (long long)s->errors);
    attr_num(r, "warnings", (long long)s->warnings);
    end(r);
    if (s->have_koppeltabel)
        for (int i = 0; i < AW_LV_COUNT; i++) {
            start(r, "leveringsvorm");
            attr(r, "name", aw_lv_name((aw_lv)i));
            totals(r, &s->by_lv[i]);
            end(r);
        }

    /* the rules that fired, in rule order, with their severity and code in force */
    int nr = aw_rule_count();
    for (int i = 0; i < nr && i < 64; i++) {
        if (!s->rule_count[i]) continue;
        aw_severity sev = aw_rule_severity(r->ctx, i);
        start(r, "rule");
        attr(r, "id", aw_rule_id(i));
        attr(r, "severity", sev == AW_SEV_REJECT ? "error" : sev == AW_SEV_WARN ? "warning" : "off");
        if (aw_rule_code(r->ctx, i)[0]) attr(r, "code", aw_rule_code(r->ctx, i));
        attr_num(r, "count", (long long)s->rule_count[i]);
        const char *t = _(aw_rule_text(i)); /* in the reader's language; once per rule that fired */
        check(r, xmlTextWriterWriteString(r->w, BAD_CAST clean(r, t, strlen(t))));
        end(r);
    }
    /* Dutch descriptions of every retourcode in the report, so a reader needs no other input;
     * 8096 replaces 8001 on tentatively accepted prestaties of a technically rejected file */
    if (s->technical) mark_code(r, "8096");
    for (unsigned v = 0; v < 10000; v++) {
        if (!(r->used[v / 8] >> (v % 8) & 1)) continue;
        char code[5];
        snprintf(code, sizeof code, "%04u", v);
        const char *t = aw_retourcode_text(code);
        start(r, "retourcode");
        attr(r, "code", code);
        if (t) check(r, xmlTextWriterWriteString(r->w, BAD_CAST clean(r, t, strlen(t))));
        end(r);
    }
    check(r, xmlTextWriterWriteRaw(r->w, BAD_CAST "\n "));
    end(r); /* file */
    r->ended = 1;
    return sink_rc(r);
}

/* ---- public API */

static const char *const fmt_names[] = {"xml", "html", "junit", "csv", "json", "sarif"};
#define NFMT (int)(sizeof fmt_names / sizeof fmt_names[0])

int aw_report_format_parse(const char *n)
{
    for (int i = 0; i < NFMT; i++)
        if (!strcmp(n, fmt_names[i])) return i;
    return -1;
}

const char *aw_report_suffix(aw_report_format f)
{
    static const char *const s[] = {".report.xml", ".report.html", ".report.junit.xml", ".report.csv",
                                    ".report.json", ".report.sarif"};
    return (unsigned)f < (unsigned)NFMT ? s[f] : s[0];
}

int aw_report_format_from_path(const char *path)
{
    static const struct { const char *ext; aw_report_format f; } ext[] = {
        {".junit.xml", AW_REPORT_JUNIT}, {".xml", AW_REPORT_XML}, {".html", AW_REPORT_HTML},
        {".csv", AW_REPORT_CSV}, {".json", AW_REPORT_JSON}, {".sarif", AW_REPORT_SARIF}};
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        size_t k = strlen(ext[i].ext);
        if (n > k && !strcmp(path + n - k, ext[i].ext) && path[n - k - 1] != '/') return (int)ext[i].f;
    }
    return -1;
}

aw_rc aw_report_new(aw_ctx *ctx, aw_output *o, aw_report_format fmt, aw_report **out)
{
    err_clear(ctx);
    *out = NULL;
    if ((unsigned)fmt >= (unsigned)NFMT) return err_set(ctx, AW_EUSAGE, _("report: unknown format %d"), (int)fmt);
    aw_report *r = mem_calloc(1, sizeof *r);
    if (!r) return err_set(ctx, AW_ENOMEM, _("out of memory"));
    r->ctx = ctx;
    r->out = o;
    r->fmt = fmt;
    r->fd = aw_output_fd(o);
    if (fmt != AW_REPORT_XML) {
        aw_rc rc = rf_new(ctx, o, fmt, &r->rf);
        if (rc) {
            aw_report_free(r);
            return rc;
        }
        *out = r;
        return AW_OK;
    }
    r->f0203 = lay_field_find(&lay_aw319_v13, "0203");
    if (!(r->wbuf = mem_malloc(WBUF_SIZE + EL_MAX))) {
        aw_report_free(r);
        return err_set(ctx, AW_ENOMEM, _("out of memory"));
    }
    xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(fd_write, fd_close, r, NULL);
    if (!ob || !(r->w = xmlNewTextWriter(ob))) {
        if (ob) xmlOutputBufferClose(ob);
        aw_report_free(r);
        return err_set(ctx, AW_ENOMEM, _("out of memory"));
    }
    check(r, xmlTextWriterStartDocument(r->w, "1.0", "UTF-8", NULL));
    check(r, xmlTextWriterStartElementNS(r->w, NULL, BAD_CAST "report", BAD_CAST REPORT_NS));
    attr(r, "tool", "aw319check");
    attr(r, "version", aw_version());
    attr(r, "masked", ctx->mask_bsn ? "true" : "false");
    /* close the start tag (">") and take all the writer's bytes: from here the elements go
     * into r->wbuf directly, until the summary hands back to the writer */
    check(r, xmlTextWriterWriteRawLen(r->w, BAD_CAST "", 0));
    check(r, xmlTextWriterFlush(r->w));
    if (r->failed) {
        aw_report_free(r);
        return err_set(ctx, AW_EIO, _("report: write failed"));
    }
    *out = r;
    return AW_OK;
}

void aw_report_set_records(aw_report *r, int on)
{
    r->records = on;
    if (r->rf) rf_set(r->rf, NULL, on);
}

void aw_report_set_name(aw_report *r, const char *name)
{
    if (r->rf) rf_set(r->rf, name, -1);
}

aw_rc aw_report_not_checked(aw_report *r, const char *name, const char *why)
{
    err_clear(r->ctx);
    if (!r->rf) /* the XML report has no entry for a file that was not checked */
        return err_set(r->ctx, AW_EUSAGE, _("report: only junit and json reports tell of a file that was not checked"));
    return rf_not_checked(r->rf, name, why ? why : "");
}

aw_sink aw_report_sink(aw_report *r)
{
    if (r->rf) return rf_sink(r->rf);
    aw_sink s = {r, sink_finding, sink_record, sink_end};
    return s;
}

aw_rc aw_report_finish(aw_report *r)
{
    aw_ctx *ctx = r->ctx;
    err_clear(ctx);
    if (r->rf) return rf_finish(r->rf);
    if (!r->ended) return err_set(ctx, AW_EUSAGE, _("report: finished before the check ended"));
    check(r, xmlTextWriterWriteRaw(r->w, BAD_CAST "\n"));
    check(r, xmlTextWriterEndElement(r->w)); /* report */
    check(r, xmlTextWriterEndDocument(r->w));
    check(r, xmlTextWriterFlush(r->w));
    xmlFreeTextWriter(r->w); /* flushes and closes the output buffer (not the fd) */
    r->w = NULL;
    if (r->failed)
        return err_set(ctx, AW_EIO, _("%s: report write failed: %s"), aw_output_tmppath(r->out),
                            strerror(r->werr ? r->werr : EIO));
    return AW_OK;
}

void aw_report_free(aw_report *r)
{
    if (!r) return;
    if (r->w) xmlFreeTextWriter(r->w);
    rf_free(r->rf);
    mem_free(r->wbuf);
    mem_free(r);
}
