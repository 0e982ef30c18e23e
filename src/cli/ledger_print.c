/* SPDX-License-Identifier: MIT */
/* ledger_print.c — aw319ledger's renderings of the list, the summary, the budget and the
 * sample (see ledger_print.h).  Text is for reading at a terminal; CSV opens in Excel with
 * Dutch settings; XML carries cents; HTML is one self-contained page (SVG charts, no script).
 * Text and HTML are in the reader's language; CSV and XML (column names, element and attribute
 * names, the leveringsvorm values "total" and "unknown") stay as they are for programs. */
#include "ledger_print.h"
#include "nls.h"
#include <libxml/xmlwriter.h>
#include <stdarg.h>
#include <string.h>

static const char *const months[12] = {"januari", "februari", "maart", "april", "mei", "juni",
                                       "juli", "augustus", "september", "oktober", "november", "december"};
static const char *const abbr[12] = {"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"};

/* The leveringsvorm in CSV and XML (fixed), and for reading (text, HTML: translated). */
static const char *lv_label(int lv) { return lv == LEDGER_ALL ? "total" : aw_lv_name((aw_lv)lv); }
static const char *lv_text(int lv)
{
    /* TRANSLATORS: the leveringsvorm column of the summary and budget tables: at most 8 characters */
    return lv == LEDGER_ALL ? _("total") : lv == AW_LV_UNKNOWN ? _("unknown") : aw_lv_name((aw_lv)lv);
}

/* "1.234,56" (text) */
static const char *eur(char *dst, size_t n, int64_t cents)
{
    char b[48];
    aw_format_euro(b, sizeof b, cents);
    const char *p = strstr(b, "\xE2\x82\xAC ");
    if (!p) { snprintf(dst, n, "%s", b); return dst; }
    snprintf(dst, n, "%s%s", cents < 0 ? "-" : "", p + 4);
    return dst;
}

/* "1234,56" (CSV for Excel NL) */
static const char *num(char *dst, size_t n, int64_t cents)
{
    uint64_t v = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
    snprintf(dst, n, "%s%llu,%02u", cents < 0 ? "-" : "", (unsigned long long)(v / 100), (unsigned)(v % 100));
    return dst;
}

/* The length of the valid UTF-8 character at p that XML 1.0 may carry, or 0 (a byte of no
 * character, an overlong form, a surrogate, U+FFFE/U+FFFF, or beyond U+10FFFF). */
static size_t xml_char(const unsigned char *p)
{
    unsigned c = p[0];
    if (c < 0x80) return c >= 0x20 || c == '\t' || c == '\n' || c == '\r';
    size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80) return 0;
    if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0) || (c == 0xF0 && p[1] < 0x90) ||
        (c == 0xF4 && p[1] >= 0x90) || (c == 0xEF && p[1] == 0xBF && p[2] >= 0xBE))
        return 0;
    return n;
}

/* Into d (room for n >= 5 bytes): the start of s with every byte XML 1.0 cannot carry (a control
 * byte other than tab and line ends, a byte of no valid UTF-8 character: a file name may hold
 * anything) as U+FFFD, as many whole characters as fit.  Returns the bytes of s used, 0 at its
 * end.  The one cleaning step of text from outside, for XML and for HTML alike. */
static size_t xml_clean(char *d, size_t n, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0;
    while (*p && o + 4 < n) {
        size_t k = xml_char(p), m = k ? k : 3;
        memcpy(d + o, k ? (const char *)p : "\xEF\xBF\xBD", m); /* U+FFFD for a byte of no character */
        o += m;
        p += k ? k : 1;
    }
    d[o] = 0;
    return (size_t)(p - (const unsigned char *)s);
}

/* A CSV field: quoted when it holds ';', '"' or a line end. */
static void csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ";\"\r\n")) { fputs(s, f); return; }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static const char bom[] = "\xEF\xBB\xBF";

/* ---- which rows to show */

static int cell_empty(const ledger_cell *c) { return !c->ingediend_n && !c->net && !c->ingediend; }

/* The leveringsvormen shown: those with data; the total too when some leveringsvorm is known. */
static int lv_shown(const ledger_summary *s, const ledger_year *y, int lv)
{
    if (lv == LEDGER_ALL) return s->have_lv;
    return !cell_empty(&y->total[lv]) || (!s->have_lv && lv == AW_LV_UNKNOWN);
}

static int month_shown(const ledger_year *y, int m) { return !cell_empty(&y->month[m][LEDGER_ALL]); }

static int popcount6(unsigned v)
{
    int n = 0;
    for (int m = 0; m < 6; m++) n += (v >> m) & 1;
    return n;
}

/* "januari, februari, maart" of the months januari-juni without data. */
static void missing_h1(char *dst, size_t n, unsigned mask)
{
    size_t o = 0;
    dst[0] = 0;
    for (int m = 0; m < 6; m++)
        if (!(mask & (1u << m)) && o < n)
            o += (size_t)snprintf(dst + o, n - o, "%s%s", o ? ", " : "", months[m]);
}

/* The date, or "none" in the reader's language (XML shows it only when there is a date). */
static void peildatum(char *dst, size_t n, long as_of)
{
    if (as_of) snprintf(dst, n, "%04d-%02d-%02d", (int)(as_of / 10000 % 10000), (int)(as_of / 100 % 100), (int)(as_of % 100));
    else snprintf(dst, n, "%s", _("none"));
}

/* ---- summary: text */

static void text_cell_row(FILE *f, const char *period, int lv, const ledger_cell *c)
{
    char a[40], b[40], d[40], e[40], g[40];
    fprintf(f, "%-8s %-8s %10lu %16s %10lu %16s %10lu %16s %8lu %14s %16s\n", period, lv_text(lv),
            c->ingediend_n, eur(a, sizeof a, c->ingediend), c->toegekend_n, eur(b, sizeof b, c->toegekend),
            c->afgewezen_n, eur(d, sizeof d, c->afgewezen), c->credit_n, eur(e, sizeof e, c->credit),
            eur(g, sizeof g, c->net));
}

/* The rows of one year's table, for any rendering: every month shown (its total, then each
 * leveringsvorm with prestaties), then the year's totals. */
typedef void row_fn(FILE *f, const char *period, int lv, const ledger_cell *c);
static void year_rows(FILE *f, const ledger_summary *s, const ledger_year *y, row_fn *row)
{
    char period[16];
    for (int m = 0; m < 12; m++) {
        if (!month_shown(y, m)) continue;
        snprintf(period, sizeof period, "%04d-%02d", y->year, m + 1);
        for (int lv = 0; lv <= AW_LV_COUNT; lv++)
            if (lv_shown(s, y, lv) && (lv == LEDGER_ALL || !cell_empty(&y->month[m][lv])))
                row(f, period, lv, &y->month[m][lv]);
    }
    snprintf(period, sizeof period, "%04d", y->year);
    for (int lv = 0; lv <= AW_LV_COUNT; lv++)
        if (lv_shown(s, y, lv)) row(f, period, lv, &y->total[lv]);
}

static void text_summary(FILE *f, const char *db, const ledger_summary *s)
{
    char pd[16];
    peildatum(pd, sizeof pd, s->as_of);
    if (s->have_lv) fprintf(f, _("Ledger %s: prestaties per month of 0414 BEGINDATUM PRESTATIE\n"), db);
    else
        fprintf(f, _("Ledger %s: prestaties per month of 0414 BEGINDATUM PRESTATIE (leveringsvorm unknown: "
                     "no koppeltabel at add or now)\n"), db);
    fprintf(f, _("Peildatum (AW320s added on or before): %s.  Amounts in euros; net = toegekend + credits.\n"), pd);
    /* TRANSLATORS: column names of the summary table (the others are Wlz words): at most 8 characters */
    const char *h_month = _("month"), *h_net = _("net");
    for (int i = 0; i < s->nyears; i++) {
        const ledger_year *y = &s->years[i];
        fprintf(f, "\n%-8s %-8s %10s %16s %10s %16s %10s %16s %8s %14s %16s\n", h_month, "lv", "ingediend",
                "bedrag", "toegekend", "bedrag", "afgewezen", "bedrag", "credits", "bedrag", h_net);
        year_rows(f, s, y, text_cell_row);
        for (int lv = 0; lv <= AW_LV_COUNT; lv++) {
            if (!lv_shown(s, y, lv)) continue;
            char a[48], b[48], miss[96];
            aw_format_euro(a, sizeof a, y->h1[lv]);
            aw_format_euro(b, sizeof b, y->herschikking[lv]);
            int got = popcount6(y->h1_months[lv]);
            fprintf(f, _("herschikking %04d %s: januari-juni %s / %d days x %d days = %s (rests on %d of the 6 "
                         "months)\n"),
                    y->year, lv_text(lv), a, y->days_h1, y->days_year, b, got);
            if (got < 6) {
                missing_h1(miss, sizeof miss, y->h1_months[lv]);
                fprintf(f, P_("  warning: no data for %s %04d: the herschikking extrapolates %d month as if "
                              "they were januari-juni\n",
                              "  warning: no data for %s %04d: the herschikking extrapolates %d months as if "
                              "they were januari-juni\n", (unsigned long)got),
                        miss, y->year, got);
            }
        }
    }
    if (s->nyears == 0) fputs(_("\nno prestaties\n"), f);
}

/* ---- summary: CSV */

static void csv_cell(FILE *f, const ledger_cell *c)
{
    char a[32], b[32], d[32], e[32], g[32];
    fprintf(f, ";%lu;%s;%lu;%s;%lu;%s;%lu;%s;%s", c->ingediend_n, num(a, sizeof a, c->ingediend), c->toegekend_n,
            num(b, sizeof b, c->toegekend), c->afgewezen_n, num(d, sizeof d, c->afgewezen), c->credit_n,
            num(e, sizeof e, c->credit), num(g, sizeof g, c->net));
}

static void csv_summary(FILE *f, const ledger_summary *s)
{
    fputs(bom, f);
    fputs("soort;jaar;maand;leveringsvorm;ingediend_aantal;ingediend_bedrag;toegekend_aantal;toegekend_bedrag;"
          "afgewezen_aantal;afgewezen_bedrag;credits_aantal;credits_bedrag;netto_bedrag;"
          "herschikking_bedrag;maanden_met_data;maanden_zonder_data\r\n", f);
    for (int i = 0; i < s->nyears; i++) {
        const ledger_year *y = &s->years[i];
        for (int m = 0; m < 12; m++) {
            if (!month_shown(y, m)) continue;
            for (int lv = 0; lv <= AW_LV_COUNT; lv++)
                if (lv_shown(s, y, lv) && (lv == LEDGER_ALL || !cell_empty(&y->month[m][lv]))) {
                    fprintf(f, "maand;%04d;%02d;%s", y->year, m + 1, lv_label(lv));
                    csv_cell(f, &y->month[m][lv]);
                    fputs(";;;\r\n", f);
                }
        }
        for (int lv = 0; lv <= AW_LV_COUNT; lv++) {
            if (!lv_shown(s, y, lv)) continue;
            char h[32], miss[96];
            missing_h1(miss, sizeof miss, y->h1_months[lv]);
            fprintf(f, "jaar;%04d;;%s", y->year, lv_label(lv));
            csv_cell(f, &y->total[lv]);
            fprintf(f, ";%s;%d;%s\r\n", num(h, sizeof h, y->herschikking[lv]), popcount6(y->h1_months[lv]), miss);
        }
    }
}

/* ---- summary: XML, written by libxml2's xmlTextWriter, which escapes and keeps the document
 * well-formed.  Every value goes through xml_clean first: the writer passes a control byte or
 * a byte that is not UTF-8 on as it is (later libxml2s a control byte as &#N;), and XML 1.0
 * allows neither.  The layout (two spaces an indentation level) is raw text between the
 * elements; xmlns is a plain attribute, written first (xmlTextWriterStartElementNS would put
 * it after the others).  A tab or line end in a value is a character reference (&#9;), which
 * keeps it where a parser would read a space. */

typedef struct {
    xmlTextWriterPtr w;
    int rc; /* 0, or -1 once a call of the writer failed (out of memory, a write error) */
} xml_out;

static void xo_ok(xml_out *x, int rc)
{
    if (rc < 0) x->rc = -1;
}

/* before: raw text ahead of the element ("\n" and its indentation) */
static void xo_start(xml_out *x, const char *before, const char *name)
{
    xo_ok(x, xmlTextWriterWriteRaw(x->w, BAD_CAST before));
    xo_ok(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

/* before: raw text ahead of the end tag, or NULL for an element of attributes only ("/>") */
static void xo_end(xml_out *x, const char *before)
{
    if (before) xo_ok(x, xmlTextWriterWriteRaw(x->w, BAD_CAST before));
    xo_ok(x, xmlTextWriterEndElement(x->w));
}

static void xo_attr(xml_out *x, const char *name, const char *v)
{
    char b[256];
    xo_ok(x, xmlTextWriterStartAttribute(x->w, BAD_CAST name));
    for (size_t k; (k = xml_clean(b, sizeof b, v)) != 0; v += k)
        xo_ok(x, xmlTextWriterWriteString(x->w, BAD_CAST b));
    xo_ok(x, xmlTextWriterEndAttribute(x->w));
}

static void xo_attrf(xml_out *x, const char *name, const char *fmt, ...) ATTR_PRINTF(3, 4);
static void xo_attrf(xml_out *x, const char *name, const char *fmt, ...)
{
    char b[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b, sizeof b, fmt, ap);
    va_end(ap);
    xo_attr(x, name, b);
}

static void xml_cell(xml_out *x, const ledger_cell *c)
{
    static const char *const what[] = {"ingediend", "toegekend", "afgewezen", "credits"};
    const unsigned long n[] = {c->ingediend_n, c->toegekend_n, c->afgewezen_n, c->credit_n};
    const int64_t v[] = {c->ingediend, c->toegekend, c->afgewezen, c->credit};
    char name[32];
    for (int i = 0; i < 4; i++) {
        snprintf(name, sizeof name, "%s-aantal", what[i]);
        xo_attrf(x, name, "%lu", n[i]);
        xo_attrf(x, what[i], "%lld", (long long)v[i]);
    }
    xo_attrf(x, "net", "%lld", (long long)c->net);
}

/* <month> or <total>: the cell of all leveringsvormen, and one element per leveringsvorm with data */
static void xml_cells(xml_out *x, const char *name, const char *value, const ledger_cell *c)
{
    xo_start(x, "\n    ", name);
    if (value) xo_attr(x, "value", value);
    xml_cell(x, &c[LEDGER_ALL]);
    for (int lv = 0; lv < AW_LV_COUNT; lv++)
        if (!cell_empty(&c[lv])) {
            xo_start(x, "\n      ", "leveringsvorm");
            xo_attr(x, "name", lv_label(lv));
            xml_cell(x, &c[lv]);
            xo_end(x, NULL);
        }
    xo_end(x, "\n    ");
}

static void xml_year(xml_out *x, const ledger_year *y)
{
    xo_start(x, "\n  ", "year");
    xo_attrf(x, "value", "%04d", y->year);
    xo_attrf(x, "days", "%d", y->days_year);
    xo_attrf(x, "days-januari-juni", "%d", y->days_h1);
    for (int m = 0; m < 12; m++) {
        if (!month_shown(y, m)) continue;
        char mm[8];
        snprintf(mm, sizeof mm, "%02d", m + 1);
        xml_cells(x, "month", mm, y->month[m]);
    }
    xml_cells(x, "total", NULL, y->total);
    for (int lv = 0; lv <= AW_LV_COUNT; lv++) {
        if (lv != LEDGER_ALL && cell_empty(&y->total[lv])) continue;
        char miss[96];
        missing_h1(miss, sizeof miss, y->h1_months[lv]);
        xo_start(x, "\n    ", "herschikking");
        xo_attr(x, "leveringsvorm", lv_label(lv));
        xo_attrf(x, "januari-juni", "%lld", (long long)y->h1[lv]);
        xo_attrf(x, "toegekend", "%lld", (long long)y->herschikking[lv]);
        xo_attrf(x, "months-with-data", "%d", popcount6(y->h1_months[lv]));
        xo_attr(x, "months-without-data", miss);
        xo_end(x, NULL);
    }
    xo_end(x, "\n  ");
}

/* 0, or -1 when the writer failed (a write error also leaves ferror(f) set) */
static int xml_summary(FILE *f, const char *db, const ledger_summary *s)
{
    xmlOutputBufferPtr ob = xmlOutputBufferCreateFile(f, NULL); /* flushes f at the end, does not close it */
    xml_out x = {ob ? xmlNewTextWriter(ob) : NULL, 0};
    if (!x.w) {
        if (ob) xmlOutputBufferClose(ob);
        return -1;
    }
    xo_ok(&x, xmlTextWriterStartDocument(x.w, "1.0", "UTF-8", NULL));
    xo_ok(&x, xmlTextWriterWriteComment(x.w, BAD_CAST " amounts in euro cents; net = toegekend + credits "));
    xo_start(&x, "\n", "ledger-summary");
    xo_attr(&x, "xmlns", "urn:aw319check:ledger-summary:2");
    xo_attr(&x, "ledger", db);
    xo_attr(&x, "leveringsvorm-known", s->have_lv ? "true" : "false");
    char pd[16];
    peildatum(pd, sizeof pd, s->as_of);
    if (s->as_of) xo_attr(&x, "peildatum", pd);
    for (int i = 0; i < s->nyears; i++) xml_year(&x, &s->years[i]);
    xo_end(&x, "\n");
    xo_ok(&x, xmlTextWriterEndDocument(x.w)); /* and the last "\n" */
    xo_ok(&x, xmlTextWriterFlush(x.w));
    xmlFreeTextWriter(x.w);
    return x.rc;
}

/* ---- summary: HTML */

/* Text or an attribute value from outside: cleaned as for XML (xml_clean), then escaped. */
static void html_text(FILE *f, const char *s)
{
    char b[256];
    for (size_t k; (k = xml_clean(b, sizeof b, s)) != 0; s += k)
        for (const char *p = b; *p; p++) {
            switch (*p) {
            case '&': fputs("&amp;", f); break;
            case '<': fputs("&lt;", f); break;
            case '>': fputs("&gt;", f); break;
            case '"': fputs("&quot;", f); break;
            default: fputc(*p, f);
            }
        }
}

/* the page up to its title, and from the title on */
static const char html_head[] = "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"UTF-8\"><title>";
static const char html_style[] =
    "</title>\n<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}"
    "td,th{border:1px solid #bbb;padding:2px 6px}td.n{text-align:right}.warn{color:#a00}"
    "svg{margin:0.5em 0;border:1px solid #ddd}</style></head><body>\n";

/* One chart: net toegekend per month of one leveringsvorm, and the 1/12 line of its budget. */
static void svg_chart(FILE *f, const ledger_year *y, int lv, int64_t agreed)
{
    const int W = 640, H = 240, L = 90, B = 24, T = 10;
    int64_t max = agreed > 0 ? agreed / 12 : 0;
    for (int m = 0; m < 12; m++)
        if (y->month[m][lv].net > max) max = y->month[m][lv].net;
    if (max <= 0) max = 1;
    max += max / 10;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">\n", W, H);
    if (agreed > 0)
        fprintf(f, _("<title>%s %04d: net toegekend per month against 1/12 of the productieafspraak</title>\n"),
                lv_text(lv), y->year);
    else fprintf(f, _("<title>%s %04d: net toegekend per month</title>\n"), lv_text(lv), y->year);
    char a[48];
    fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>\n", L, H - B, W - 5, H - B);
    fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">%s</text>\n", L - 4, T + 8,
            eur(a, sizeof a, max));
    double slot = (double)(W - L - 10) / 12;
    for (int m = 0; m < 12; m++) {
        int64_t v = y->month[m][lv].net;
        int h = v > 0 ? (int)((double)v * (H - B - T) / (double)max) : 0;
        double x = L + 5 + m * slot;
        fprintf(f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#4a7fb5\"><title>%s %s</title></rect>\n",
                x, H - B - h, slot * 0.7, h, abbr[m], eur(a, sizeof a, v));
        fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\">%s</text>\n", x, H - 8, abbr[m]);
    }
    if (agreed > 0) {
        int yl = H - B - (int)((double)(agreed / 12) * (H - B - T) / (double)max);
        fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c00\" stroke-dasharray=\"6,3\"/>\n",
                L, yl, W - 5, yl);
        fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\" fill=\"#c00\">1/12: %s</text>\n",
                L - 4, yl + 4, eur(a, sizeof a, agreed / 12));
    }
    fputs("</svg>\n", f);
}

static void html_row(FILE *f, const char *period, int lv, const ledger_cell *c)
{
    char a[40], b[40], d[40], e[40], g[40];
    fprintf(f, "<tr><td>%s</td><td>%s</td><td class=\"n\">%lu</td><td class=\"n\">%s</td><td class=\"n\">%lu</td>"
               "<td class=\"n\">%s</td><td class=\"n\">%lu</td><td class=\"n\">%s</td><td class=\"n\">%lu</td>"
               "<td class=\"n\">%s</td><td class=\"n\">%s</td></tr>\n",
            period, lv_text(lv), c->ingediend_n, eur(a, sizeof a, c->ingediend), c->toegekend_n,
            eur(b, sizeof b, c->toegekend), c->afgewezen_n, eur(d, sizeof d, c->afgewezen), c->credit_n,
            eur(e, sizeof e, c->credit), eur(g, sizeof g, c->net));
}

static void html_summary(FILE *f, const char *db, const ledger_summary *s, const ledger_budget *b)
{
    char pd[16];
    peildatum(pd, sizeof pd, s->as_of);
    /* TRANSLATORS: the code of the language of this catalogue, for <html lang=""> (nl) */
    fprintf(f, html_head, _("en"));
    html_text(f, _("aw319ledger summary"));
    fputs(html_style, f);
    fprintf(f, "<h1>%s ", _("Ledger"));
    html_text(f, db);
    fprintf(f, _("</h1>\n<p>Prestaties per month of 0414 BEGINDATUM PRESTATIE; peildatum: %s; amounts in euros; "
                 "net = toegekend + credits.</p>\n"), pd);
    const char *h_month = _("month"), *h_net = _("net");
    for (int i = 0; i < s->nyears; i++) {
        const ledger_year *y = &s->years[i];
        fprintf(f, "<h2>%04d</h2>\n<table><tr><th>%s</th><th>leveringsvorm</th><th>ingediend</th><th>bedrag</th>"
                   "<th>toegekend</th><th>bedrag</th><th>afgewezen</th><th>bedrag</th><th>credits</th><th>bedrag</th>"
                   "<th>%s</th></tr>\n", y->year, h_month, h_net);
        year_rows(f, s, y, html_row);
        fputs("</table>\n<ul>\n", f);
        for (int lv = 0; lv <= AW_LV_COUNT; lv++) {
            if (!lv_shown(s, y, lv)) continue;
            char a[48], c[48], miss[96];
            int got = popcount6(y->h1_months[lv]);
            fprintf(f, _("<li>herschikking %s: januari-juni %s / %d &#215; %d days = %s (rests on %d of the 6 "
                         "months)"),
                    lv_text(lv), eur(a, sizeof a, y->h1[lv]), y->days_h1, y->days_year,
                    eur(c, sizeof c, y->herschikking[lv]), got);
            if (got < 6) {
                missing_h1(miss, sizeof miss, y->h1_months[lv]);
                fprintf(f, _(" <span class=\"warn\">warning: no data for %s</span>"), miss);
            }
            fputs("</li>\n", f);
        }
        fputs("</ul>\n", f);
        /* a chart per leveringsvorm shown (and the total), with the 1/12 line of its budget */
        for (int lv = 0; lv <= AW_LV_COUNT; lv++)
            if (lv_shown(s, y, lv))
                svg_chart(f, y, lv, b && lv != AW_LV_UNKNOWN ? b->agreed[lv] : -1);
    }
    if (s->nyears == 0) fputs(_("<p>no prestaties</p>\n"), f);
    fputs("</body></html>\n", f);
}

int lp_summary(FILE *f, lp_format fmt, const char *db, const ledger_summary *s, const ledger_budget *b)
{
    switch (fmt) {
    case LP_CSV: csv_summary(f, s); break;
    case LP_XML: return xml_summary(f, db, s);
    case LP_HTML: html_summary(f, db, s, b); break;
    default: text_summary(f, db, s); break;
    }
    return 0;
}

/* ---- budget */

void lp_budget(FILE *f, lp_format fmt, const char *db, const ledger_year *y, const ledger_budget *b, long as_of)
{
    int last = 0; /* months januari..last are "to date" */
    for (int m = 0; m < 12; m++)
        if (!cell_empty(&y->month[m][LEDGER_ALL])) last = m + 1;
    char pd[16];
    peildatum(pd, sizeof pd, as_of);
    if (fmt == LP_CSV) {
        fputs(bom, f);
        fputs("jaar;leveringsvorm;productieafspraak;per_maand;maanden;referentie_tot_nu;realisatie_tot_nu;"
              "geextrapoleerd_jaar;onder_overproductie;onder_overproductie_pct\r\n", f);
    } else {
        fprintf(f, _("Ledger %s: realisatie %04d against the productieafspraak (peildatum %s)\n"), db, y->year, pd);
        fprintf(f, _("Months with data up to: %s (%d of 12); amounts in euros.\n\n"),
                last ? months[last - 1] : _("none"), last);
        fprintf(f, "%-8s %17s %15s %17s %17s %17s %17s %8s\n", "lv", "afspraak", "1/12 per maand", "referentie",
                "realisatie", "extrapolatie", "onder/over", "%");
    }
    for (int lv = 0; lv <= AW_LV_COUNT; lv++) {
        if (lv == AW_LV_UNKNOWN) continue;
        int64_t agreed = b->agreed[lv];
        if (agreed < 0) continue;
        int64_t real = y->total[lv].net, per = ledger_scale(agreed, 1, 12);
        int64_t ref = ledger_scale(agreed, last, 12), ext = last ? ledger_scale(real, 12, last) : 0;
        int64_t diff = ext - agreed;
        int64_t pm = agreed ? ledger_scale(diff, 1000, agreed) : 0; /* per mille, rounded */
        char s1[40], s2[40], s3[40], s4[40], s5[40], s6[40];
        char pct[24];
        snprintf(pct, sizeof pct, "%s%lld,%lld", pm < 0 ? "-" : "", (long long)(pm < 0 ? -pm : pm) / 10,
                 (long long)(pm < 0 ? -pm : pm) % 10);
        if (fmt == LP_CSV)
            fprintf(f, "%04d;%s;%s;%s;%d;%s;%s;%s;%s;%s\r\n", y->year, lv_label(lv), num(s1, sizeof s1, agreed),
                    num(s2, sizeof s2, per), last, num(s3, sizeof s3, ref), num(s4, sizeof s4, real),
                    num(s5, sizeof s5, ext), num(s6, sizeof s6, diff), pct);
        else
            fprintf(f, "%-8s %17s %15s %17s %17s %17s %17s %8s\n", lv_text(lv), eur(s1, sizeof s1, agreed),
                    eur(s2, sizeof s2, per), eur(s3, sizeof s3, ref), eur(s4, sizeof s4, real),
                    eur(s5, sizeof s5, ext), eur(s6, sizeof s6, diff), pct);
    }
    if (fmt != LP_CSV) {
        fputs(_("\nreferentie = afspraak x months / 12 (at most 1/12 a month is paid); extrapolatie = realisatie x "
                "12 / months; onder/over = extrapolatie - afspraak (negative: onderproductie).\n"), f);
        char miss[128];
        size_t o = 0;
        miss[0] = 0;
        for (int m = 0; m < last; m++)
            if (cell_empty(&y->month[m][LEDGER_ALL]) && o < sizeof miss)
                o += (size_t)snprintf(miss + o, sizeof miss - o, "%s%s", o ? ", " : "", months[m]);
        if (miss[0])
            fprintf(f, _("warning: no data for %s %04d: the realisatie to date is incomplete\n"), miss, y->year);
        if (y->total[AW_LV_UNKNOWN].ingediend_n)
            fprintf(f, _("warning: %lu prestaties of unknown leveringsvorm are in the total only (add with "
                         "--koppeltabel, or give --koppeltabel here)\n"), y->total[AW_LV_UNKNOWN].ingediend_n);
    }
}

/* ---- list */

static void months_text(char *dst, size_t n, const ledger_file *r)
{
    if (!r->first_month) snprintf(dst, n, "-");
    else if (r->first_month == r->last_month)
        snprintf(dst, n, "%04d-%02d", (int)(r->first_month / 100 % 10000), (int)(r->first_month % 100));
    else
        snprintf(dst, n, "%04d-%02d..%04d-%02d", (int)(r->first_month / 100 % 10000), (int)(r->first_month % 100),
                 (int)(r->last_month / 100 % 10000), (int)(r->last_month % 100));
}

void lp_list_head(FILE *f, lp_format fmt, const char *db)
{
    if (fmt == LP_CSV) {
        fputs(bom, f);
        fputs("declaratiemaand;instelling;factuurnummer;bestand;sha256;toegevoegd;records;prestaties;"
              "ingediend_bedrag;toegekend_aantal;toegekend_bedrag;afgewezen_aantal;afgewezen_bedrag;"
              "credits_aantal;credits_bedrag;netto_bedrag\r\n", f);
    } else {
        fprintf(f, _("Ledger %s: the AW320s in it, in the order added (amounts in euros)\n"), db);
    }
}

void lp_list_row(FILE *f, lp_format fmt, const ledger_file *r)
{
    char mo[64], a[40], b[40], d[40], e[40], g[40];
    months_text(mo, sizeof mo, r);
    const ledger_cell *c = &r->c;
    if (fmt == LP_CSV) {
        fprintf(f, "%s;%08lu;", mo, (unsigned long)r->instelling);
        csv_field(f, r->factuur);
        fputc(';', f);
        csv_field(f, r->name);
        fprintf(f, ";%s;%s;%lu;%lu;%s;%lu;%s;%lu;%s;%lu;%s;%s\r\n", r->sha256, r->added, r->records, c->ingediend_n,
                num(a, sizeof a, c->ingediend), c->toegekend_n, num(b, sizeof b, c->toegekend), c->afgewezen_n,
                num(d, sizeof d, c->afgewezen), c->credit_n, num(e, sizeof e, c->credit), num(g, sizeof g, c->net));
        return;
    }
    fprintf(f, "\n%s  instelling %08lu  factuur %s  %s\n", mo, (unsigned long)r->instelling, r->factuur, r->name);
    fprintf(f, _("  sha256 %s  added %s  records %lu\n"), r->sha256, r->added, r->records);
    fprintf(f, _("  prestaties %lu, ingediend %s; toegekend %lu, %s; afgewezen %lu, %s; credits %lu, %s; net %s\n"),
            c->ingediend_n, eur(a, sizeof a, c->ingediend), c->toegekend_n, eur(b, sizeof b, c->toegekend),
            c->afgewezen_n, eur(d, sizeof d, c->afgewezen), c->credit_n, eur(e, sizeof e, c->credit),
            eur(g, sizeof g, c->net));
}

void lp_list_end(FILE *f, lp_format fmt, unsigned long n)
{
    if (fmt != LP_CSV) fprintf(f, P_("\n%lu AW320 file\n", "\n%lu AW320 files\n", n), n);
}

/* ---- sample */

void lp_sample_head(FILE *f)
{
    fputs(bom, f);
    fputs("nr;positie;bsn;prestatiecode;leveringsvorm;begindatum;einddatum;aantal;toegekend_bedrag;"
          "referentienummer;instelling;factuurnummer;bestand;regel\r\n", f);
}

void lp_sample_row(FILE *f, const ledger_pick *p, int mask_bsn)
{
    char bsn[10], raw[16], a[32];
    snprintf(raw, sizeof raw, "%09lu", (unsigned long)p->bsn);
    if (mask_bsn) aw_mask_bsn(bsn, raw);
    else snprintf(bsn, sizeof bsn, "%.9s", raw);
    fprintf(f, "%lu;%lu;%s;", p->nr, p->population, bsn);
    csv_field(f, p->code);
    fprintf(f, ";%s;%04ld-%02ld-%02ld;%04ld-%02ld-%02ld;%u;%s;", p->lv, p->begin / 10000, p->begin / 100 % 100,
            p->begin % 100, p->end / 10000, p->end / 100 % 100, p->end % 100, p->aantal,
            num(a, sizeof a, p->toegekend));
    csv_field(f, p->ref);
    fprintf(f, ";%08lu;", (unsigned long)p->instelling);
    csv_field(f, p->factuur);
    fputc(';', f);
    csv_field(f, p->name);
    fprintf(f, ";%lu\r\n", p->line);
}

/* ---- gaps */

void lp_gaps_head(FILE *f)
{
    fputs(bom, f);
    fputs("soort;bsn;instelling;leveringsvorm;zzp_functie;prestatiecode;begindatum;einddatum;retourcode;"
          "bestand;regel\r\n", f);
}

static void ymd_text(char *dst, size_t n, long ymd)
{
    if (!ymd) snprintf(dst, n, "%s", "");
    else snprintf(dst, n, "%04d-%02d-%02d", (int)(ymd / 10000 % 10000), (int)(ymd / 100 % 100), (int)(ymd % 100));
}

void lp_gaps_row(FILE *f, const ledger_gap *g, int mask_bsn)
{
    char bsn[10], raw[16], b[16], e[16], inst[16] = "";
    snprintf(raw, sizeof raw, "%09lu", (unsigned long)g->bsn);
    if (mask_bsn) aw_mask_bsn(bsn, raw);
    else snprintf(bsn, sizeof bsn, "%.9s", raw);
    if (g->instelling) snprintf(inst, sizeof inst, "%08lu", (unsigned long)g->instelling);
    ymd_text(b, sizeof b, g->begin);
    ymd_text(e, sizeof e, g->end);
    if (g->kind == 0) {
        fprintf(f, "toewijzing zonder toegekende prestatie;%s;%s;%s;%u;;%s;%s;;;\r\n", bsn, inst, g->lv, g->tcode, b, e);
        return;
    }
    fprintf(f, "prestatie afgewezen zonder toewijzing;%s;%s;;;", bsn, inst);
    csv_field(f, g->code);
    fprintf(f, ";%s;%s;%s;", b, e, g->retourcode);
    csv_field(f, g->name);
    fprintf(f, ";%lu\r\n", g->line);
}
