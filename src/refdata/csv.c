/* SPDX-License-Identifier: MIT */
/* csv.c — readers for the reference-data CSV files (doc/refdata.md): koppeltabel, ingerichte
 * tarieven and toewijzingen.  One streaming record reader (separator from the header line,
 * double quotes with "" escapes, CR LF or LF, UTF-8 with BOM or ISO-8859-1 (UTF-16 without a
 * byte order mark is refused with a message saying so), a hard cap on the
 * record length), columns found by header name, and bounded value parsers.  Every malformed
 * value is an AW_EREFDATA error "FILE:LINE: column 'x': ... (expected ...)".
 * Spreadsheet saves (Excel NL): UTF-16LE/BE with a byte order mark is converted to UTF-8 in
 * front of the reader (read_utf16, so everything after it sees UTF-8 only); a first line
 * "sep=;" names the separator; a header without ';' or ',' but with tabs makes the tab the
 * separator ("Unicode text").
 * Records are read byte by byte: split-in-place fast paths were measured to buy under 1 % of a
 * whole run (bench/run.sh --one-core, 2026-12-06) and were removed. */
#include "refdata.h"
#include "layout.h"
#include "nls.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define CSV_MAXREC 65536       /* bytes per record (a longer one is an error) */
#define CSV_MAXFIELDS 256
#define U16_RAW (CSV_RBUF / 2) /* UTF-16 bytes read per block: at most 3/4 CSV_RBUF as UTF-8 */
#ifndef CSV_RBUF
#define CSV_RBUF 65536         /* read buffer; at most CSV_MAXREC.  The fuzz build makes it small so
                                * records straddle blocks with small inputs. */
#endif
_Static_assert(CSV_RBUF >= 8 && CSV_RBUF <= CSV_MAXREC, "CSV_RBUF: 8 .. CSV_MAXREC bytes");

typedef struct csv_file {
    aw_ctx *ctx;
    const char *path;
    FILE *f;
    unsigned long line;        /* current physical line */
    unsigned long rec_line;    /* line where the current record starts */
    char sep;                  /* 0 until the header line is read */
    int first;                 /* at the first byte of the file (BOM) */
    char *buf;                 /* CSV_MAXREC + 1, then the read buffer rb */
    unsigned char *rb;         /* CSV_RBUF bytes read ahead: rb[rpos, rlen) not yet taken */
    size_t rpos, rlen;
    int rerr;                  /* a read error (1) or bad UTF-16 (2, message on ctx) happened */
    int u16;                   /* 0: bytes as they are; 1: UTF-16LE, 2: UTF-16BE (by the BOM) */
    unsigned char *ub;         /* U16_RAW bytes of UTF-16 read: ub[0, ucarry) carried over */
    size_t ucarry;
    unsigned long uline;       /* line of the UTF-16 being converted (for its messages) */
    size_t nf;
    char *field[CSV_MAXFIELDS];   /* NUL-terminated, in buf */
    size_t flen[CSV_MAXFIELDS];   /* strlen of each field */
} csv_file;

/* A value for a message: at most 40 bytes, non-printable bytes as '?'. */
static const char *shown(const char *s, char out[48])
{
    size_t i = 0;
    for (; s[i] && i < 40; i++) out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
    if (s[i]) { memcpy(out + i, "...", 3); i += 3; }
    out[i] = 0;
    return out;
}

/* Convert the next block of UTF-16 to UTF-8 into rb; returns the bytes written, 0 at the end
 * or on an error (rerr set).  A character cut by the block end waits in ub for the next one. */
static size_t read_utf16(csv_file *f)
{
    size_t n = f->ucarry + fread(f->ub + f->ucarry, 1, U16_RAW - f->ucarry, f->f), i = 0, o = 0;
    const unsigned char *u = f->ub;
    int be = f->u16 == 2;
    while (i + 2 <= n) {
        unsigned long cp = be ? (unsigned)u[i] << 8 | u[i + 1] : (unsigned)u[i + 1] << 8 | u[i];
        size_t used = 2;
        if (cp >= 0xD800 && cp <= 0xDBFF) { /* a high surrogate: the low one must follow */
            if (i + 4 > n) break;
            unsigned lo = be ? (unsigned)u[i + 2] << 8 | u[i + 3] : (unsigned)u[i + 3] << 8 | u[i + 2];
            if (lo < 0xDC00 || lo > 0xDFFF) goto bad;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            used = 4;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            goto bad;
        }
        unsigned char *d = f->rb + o;
        if (cp < 0x80) { d[0] = (unsigned char)cp; o += 1; }
        else if (cp < 0x800) { d[0] = (unsigned char)(0xC0 | cp >> 6); d[1] = (unsigned char)(0x80 | (cp & 0x3F)); o += 2; }
        else if (cp < 0x10000) {
            d[0] = (unsigned char)(0xE0 | cp >> 12); d[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
            d[2] = (unsigned char)(0x80 | (cp & 0x3F)); o += 3;
        } else {
            d[0] = (unsigned char)(0xF0 | cp >> 18); d[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
            d[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F)); d[3] = (unsigned char)(0x80 | (cp & 0x3F)); o += 4;
        }
        if (cp == '\n') f->uline++;
        i += used;
    }
    memmove(f->ub, u + i, n - i);
    f->ucarry = n - i;
    if (o == 0 && f->ucarry && !ferror(f->f)) {
        err_set(f->ctx, AW_EREFDATA, _("%s:%lu: the file ends inside a UTF-16 character (an odd number of bytes)"),
                     f->path, f->uline);
        f->rerr = 2;
    }
    return o;
bad:
    err_set(f->ctx, AW_EREFDATA, _("%s:%lu: not valid UTF-16 (an unpaired surrogate; save the file again)"),
                 f->path, f->uline);
    f->rerr = 2;
    return 0;
}

static int refill(csv_file *f)
{
    f->rpos = 0;
    f->rlen = f->rerr ? 0 : f->u16 ? read_utf16(f) : fread(f->rb, 1, CSV_RBUF, f->f);
    if (f->rlen == 0) {
        if (ferror(f->f) && !f->rerr) f->rerr = 1;
        return EOF;
    }
    return f->rb[f->rpos++];
}

/* The next byte or EOF; ungetb puts back the byte getb just returned (never EOF). */
static inline int getb(csv_file *f) { return f->rpos < f->rlen ? f->rb[f->rpos++] : refill(f); }
static inline void ungetb(csv_file *f) { f->rpos--; }

static int is_blank(int c) { return c == ' ' || c == '\t'; }


/* Read one record into f->field.  1 record, 0 end of file, -1 error (on ctx). */
static int next_record(csv_file *f)
{
    size_t len = 0;
    int c, quoted = 0, in_field = 0, was_quoted = 0, after_quote = 0;
    size_t fstart = 0, trail = 0; /* trail: length up to the last non-blank of an unquoted field */
    f->nf = 0;
    f->rec_line = f->line;
    if (f->first) {
        f->first = 0;
        c = getb(f);
        /* UTF-16 without a byte order mark (one is converted by read_utf16 before this): ASCII
         * with every other byte NUL */
        if (c != EOF && f->rpos < f->rlen && (c == 0) != (f->rb[f->rpos] == 0))
            return err_set(f->ctx, AW_EREFDATA, _("%s:1: the file is UTF-16 (Excel's \"Unicode text\"): save "
                                "it as \"CSV UTF-8\" or \"CSV\" (expected UTF-8 or ISO-8859-1)"), f->path), -1;
        if (c == 0xEF) {
            if (getb(f) != 0xBB || getb(f) != 0xBF)
                return err_set(f->ctx, AW_EREFDATA, _("%s:1: broken byte order mark (expected EF BB BF)"),
                                    f->path), -1;
        } else if (c != EOF) {
            ungetb(f);
        }
    }
    for (;;) {
        c = getb(f);
        if (c == EOF && f->rerr == 2) return -1;
        if (c == EOF && f->rerr)
            return err_set(f->ctx, AW_EIO, _("%s:%lu: read error: %s"), f->path, f->line, strerror(errno)), -1;
        if (quoted) {
            if (c == EOF)
                return err_set(f->ctx, AW_EREFDATA, _("%s:%lu: quoted field not closed (expected a closing '\"')"),
                                    f->path, f->rec_line), -1;
            if (c == '"') {
                int d = getb(f);
                if (d == '"') { c = '"'; }
                else { if (d != EOF) ungetb(f); quoted = 0; after_quote = 1; trail = len; continue; }
            } else if (c == '\n') {
                f->line++;
            } else if (c == 0) {
                return err_set(f->ctx, AW_EREFDATA, _("%s:%lu: NUL byte in a field"), f->path, f->line), -1;
            } else if (c < 0x20 && c != '\t' && c != '\r') {
                return err_set(f->ctx, AW_EREFDATA, _("%s:%lu: control byte 0x%02X in a field"), f->path, f->line,
                                    (unsigned)c), -1;
            }
            if (len >= CSV_MAXREC) goto toolong;
            f->buf[len++] = (char)c;
            trail = len;
            continue;
        }
        int end = c == EOF || c == '\n';
        if (c == '\r') {
            int d = getb(f);
            if (d != '\n')
                return err_set(f->ctx, AW_EREFDATA, _("%s:%lu: CR without LF (expected CR LF or LF line ends)"),
                                    f->path, f->line), -1;
            end = 1;
        }
        if (!f->sep && (c == ';' || c == ',')) f->sep = (char)c; /* the header line decides */
        if (end || c == f->sep) {
            if (c == EOF && !in_field && f->nf == 0 && len == 0) return 0;
            if (f->nf >= CSV_MAXFIELDS)
                return err_set(f->ctx, AW_EREFDATA, _("%s:%lu: more than %d fields"), f->path, f->rec_line,
                                    CSV_MAXFIELDS), -1;
            if (len >= CSV_MAXREC) goto toolong;
            len = was_quoted ? trail : (trail > fstart ? trail : fstart);
            f->flen[f->nf] = len - fstart;
            f->buf[len++] = 0;
            f->field[f->nf++] = f->buf + fstart;
            fstart = trail = len;
            in_field = was_quoted = after_quote = 0;
            if (end) {
                if (c == '\n' || c == '\r') f->line++;
                return 1;
            }
            continue;
        }
        if (after_quote) {
            if (is_blank(c)) continue;
            return err_set(f->ctx, AW_EREFDATA,
                                _("%s:%lu: text after a closing quote (expected the separator '%c')"),
                                f->path, f->line, f->sep ? f->sep : ';'), -1;
        }
        if (!in_field && is_blank(c)) continue; /* leading blanks */
        if (c == '"') {
            if (in_field)
                return err_set(f->ctx, AW_EREFDATA,
                                    _("%s:%lu: '\"' inside an unquoted field (quote the whole field)"),
                                    f->path, f->line), -1;
            quoted = was_quoted = in_field = 1;
            continue;
        }
        if (c < 0x20 && c != '\t')
            return err_set(f->ctx, AW_EREFDATA, _("%s:%lu: control byte 0x%02X in a field"), f->path, f->line,
                                (unsigned)c), -1;
        if (len >= CSV_MAXREC) goto toolong;
        in_field = 1;
        f->buf[len++] = (char)c;
        if (!is_blank(c)) trail = len;
        if (f->sep) { /* the rest of a plain unquoted field straight from rb */
            size_t p = f->rpos, e = f->rlen, room = CSV_MAXREC - len;
            const unsigned char sep = (unsigned char)f->sep;
            if (e - p > room) e = p + room; /* the slow path reports a record too long */
            while (p < e) {
                unsigned char d = f->rb[p];
                if (d <= ' ' || d == '"' || d == sep) break;
                f->buf[len++] = (char)d;
                p++;
            }
            if (p != f->rpos) {
                f->rpos = p;
                trail = len;
            }
        }
    }
toolong:
    return err_set(f->ctx, AW_EREFDATA, _("%s:%lu: record longer than %d bytes"), f->path, f->rec_line,
                        CSV_MAXREC), -1;
}

/* Every field empty (an empty line, or only separators as spreadsheets write them). */
static int empty_record(const csv_file *f)
{
    for (size_t i = 0; i < f->nf; i++)
        if (f->flen[i]) return 0;
    return 1;
}

static int ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        int x = *a >= 'A' && *a <= 'Z' ? *a + 32 : *a, y = *b >= 'A' && *b <= 'Z' ? *b + 32 : *b;
        if (x != y) return 0;
    }
    return *a == *b;
}

/* The columns of a file type.  col[i] becomes the field index of name i, or -1. */
typedef struct csv_col { const char *name; int required; } csv_col;

static int open_file(csv_file *f, aw_ctx *ctx, const char *path)
{
    memset(f, 0, sizeof *f);
    f->ctx = ctx;
    f->path = path;
    f->line = 1;
    f->first = 1;
    if (!(f->f = ref_fopen(ctx, path))) return -1;
    if (!(f->buf = mem_calloc(1, CSV_MAXREC + 1 + CSV_RBUF + U16_RAW))) {
        fclose(f->f);
        f->f = NULL;
        return err_set(ctx, AW_ENOMEM, _("%s: out of memory"), path), -1;
    }
    f->rb = (unsigned char *)f->buf + CSV_MAXREC + 1;
    f->ub = f->rb + CSV_RBUF;
    f->uline = 1;
    unsigned char bom[2]; /* a regular file (ref_fopen), so it can be read again from the start */
    size_t nb = fread(bom, 1, 2, f->f);
    if (nb == 2 && bom[0] == 0xFF && bom[1] == 0xFE) f->u16 = 1;
    else if (nb == 2 && bom[0] == 0xFE && bom[1] == 0xFF) f->u16 = 2;
    else rewind(f->f);
    f->rb[0] = '\n'; /* the sentinel of the empty buffer */
    return 0;
}

static void close_file(csv_file *f)
{
    if (f->f) fclose(f->f);
    mem_free(f->buf);
}

/* Read the header: map the columns, fail on a missing required one.  Returns the number of
 * header fields, or -1. */
/* A first line "sep=;" or "sep=," (Excel writes it to name the separator): 1 when the record is
 * one, with f->sep set; -1 for "sep=" with another separator. */
static int sep_line(csv_file *f)
{
    const char *s = f->field[0];
    if (f->flen[0] < 4 || !(s[0] == 's' || s[0] == 'S') || !(s[1] == 'e' || s[1] == 'E') ||
        !(s[2] == 'p' || s[2] == 'P') || s[3] != '=')
        return 0;
    if (f->nf == 2 && f->flen[0] == 4 && f->flen[1] == 0) return 1; /* sep=; : the ';' was taken as the separator */
    if (f->nf == 1 && f->flen[0] == 5 && (s[4] == ';' || s[4] == ',')) { f->sep = s[4]; return 1; } /* "sep=;" */
    if (f->nf == 1 && f->flen[0] == 4) { f->sep = '\t'; return 1; } /* sep=TAB: the tab was trimmed as a blank */
    char b[48];
    return err_set(f->ctx, AW_EREFDATA, _("%s:%lu: '%s' names a separator that is not supported (expected sep=; "
                        "or sep=,)"), f->path, f->rec_line, shown(s, b)), -1;
}

/* A header line with tabs but no ';' or ',' (Excel's "Unicode text"): split field 0 at the tabs,
 * in place, and make the tab the separator of the file. */
static void tab_header(csv_file *f)
{
    char *p = f->field[0], *end = p + f->flen[0];
    if (f->sep || f->nf != 1 || !memchr(p, '\t', f->flen[0])) return;
    f->sep = '\t';
    f->nf = 0;
    for (;;) {
        char *t = memchr(p, '\t', (size_t)(end - p)), *e = t ? t : end;
        while (p < e && is_blank(*p)) p++;
        char *q = e;
        while (q > p && is_blank(q[-1])) q--;
        *q = 0;
        f->field[f->nf] = p;
        f->flen[f->nf++] = (size_t)(q - p);
        if (!t || f->nf == CSV_MAXFIELDS) return;
        p = t + 1;
    }
}

static long read_header(csv_file *f, const csv_col *cols, size_t ncols, int *col, const char *what)
{
    int r;
    while ((r = next_record(f)) == 1 && empty_record(f)) {}
    if (r == 1) {
        int s = sep_line(f);
        if (s < 0) return -1;
        if (s) while ((r = next_record(f)) == 1 && empty_record(f)) {}
    }
    if (r == 1) tab_header(f);
    if (r < 0) return -1;
    if (r == 0)
        return err_set(f->ctx, AW_EREFDATA, _("%s:1: empty file (expected a header line naming the %s columns)"),
                            f->path, what), -1;
    for (size_t i = 0; i < ncols; i++) {
        col[i] = -1;
        for (size_t j = 0; j < f->nf; j++) {
            if (!ieq(f->field[j], cols[i].name)) continue;
            if (col[i] >= 0)
                return err_set(f->ctx, AW_EREFDATA, _("%s:%lu: column '%s' appears twice in the header"), f->path,
                                    f->rec_line, cols[i].name), -1;
            col[i] = (int)j;
        }
        if (col[i] < 0 && cols[i].required) {
            char list[512] = "";
            for (size_t k = 0; k < ncols; k++)
                if (cols[k].required) {
                    if (list[0]) strncat(list, ";", sizeof list - strlen(list) - 1);
                    strncat(list, cols[k].name, sizeof list - strlen(list) - 1);
                }
            return err_set(f->ctx, AW_EREFDATA, _("%s:%lu: header has no column '%s' (a %s names %s)"), f->path,
                                f->rec_line, cols[i].name, what, list), -1;
        }
    }
    return (long)f->nf;
}

/* Next data record with exactly nhdr fields: 1, 0 at the end, -1 error. */
static int next_row(csv_file *f, long nhdr)
{
    int r;
    while ((r = next_record(f)) == 1 && empty_record(f)) {}
    if (r == 1 && (long)f->nf != nhdr)
        return err_set(f->ctx, AW_EREFDATA,
                            P_("%s:%lu: %zu field, the header has %ld (separator '%s')",
                               "%s:%lu: %zu fields, the header has %ld (separator '%s')", f->nf),
                            f->path, f->rec_line, f->nf, nhdr, f->sep == '\t' ? "\\t" : f->sep == ',' ? "," : ";"), -1;
    return r;
}

static const char *val(const csv_file *f, int col) { return col >= 0 ? f->field[col] : ""; }
static size_t vlen(const csv_file *f, int col) { return col >= 0 ? f->flen[col] : 0; }

/* With --mask-bsn a value shown in a message must not reveal a BSN: the bsn column's value
 * keeps its first two and last two bytes, and in any other column every run of 8 or 9 digits
 * (a BSN, perhaps in the wrong column or without its leading zero) gets its middle starred. */
static void mask_shown(char *s, int is_bsn)
{
    size_t n = strlen(s);
    if (is_bsn) {
        if (n > 4) memset(s + 2, '*', n - 4);
        return;
    }
    fld_mask_bsns(s);
}

/* A malformed value.  fmt is a whole message marked N_ ("column '%s': '%s' is not ..."), translated
 * here, when the error is produced: its arguments are the column, the value as shown and, for
 * a few messages, extra (ignored by the others). */
static aw_rc bad_x(const csv_file *f, const char *col, const char *value, const char *fmt, const char *extra)
{
    char b[48], msg[512];
    shown(value, b);
    if (f->ctx->mask_bsn) mask_shown(b, !strcmp(col, "bsn"));
    snprintf(msg, sizeof msg, _(fmt), col, b, extra);
    return err_set(f->ctx, AW_EREFDATA, "%s:%lu: %s", f->path, f->rec_line, msg);
}

static aw_rc bad(const csv_file *f, const char *col, const char *value, const char *fmt)
{
    return bad_x(f, col, value, fmt, NULL);
}

/* ---- value parsers */

/* The value of n <= 9 bytes that must all be digits: 1 with *v, 0 when one is not a digit.
 * One pass where fld_digits + fld_num would take two (and a call each); the last eight of a
 * BSN or AGB code as one word: each byte 0x30..0x39 (high nibble 3, and adding 6 carries out
 * of no nibble), then pairs, quads and the eight combined by three multiplications. */
static inline int dec(const char *s, size_t n, uint32_t *v)
{
    uint32_t x = 0;
    size_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (n >= 8) {
        for (; i < n - 8; i++) {
            unsigned d = (unsigned char)s[i] - (unsigned)'0';
            if (d > 9) return 0;
            x = x * 10 + d;
        }
        uint64_t w;
        memcpy(&w, s + i, 8);
        if ((w & 0xF0F0F0F0F0F0F0F0ull) != 0x3030303030303030ull ||
            ((w + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull) != 0x3030303030303030ull)
            return 0;
        w = (w & 0x0F0F0F0F0F0F0F0Full) * (10 * 256 + 1) >> 8;           /* 2 digits in each 16 bits */
        w = (w & 0x00FF00FF00FF00FFull) * (100 * 65536 + 1) >> 16;       /* 4 in each 32 */
        w = (w & 0x0000FFFF0000FFFFull) * (10000 * 4294967296ull + 1) >> 32; /* 8 */
        *v = x * 100000000u + (uint32_t)w;
        return 1;
    }
#endif
    for (; i < n; i++) {
        unsigned d = (unsigned char)s[i] - (unsigned)'0';
        if (d > 9) return 0;
        x = x * 10 + d;
    }
    *v = x;
    return 1;
}

/* csv_date of the n bytes at s. */
static int date_n(const char *s, size_t n, long *days)
{
    uint32_t y, m, d;
    if (n == 0) return 0;
    if (n == 8 && s[3] != '-') {
        if (!dec(s, 4, &y) || !dec(s + 4, 2, &m) || !dec(s + 6, 2, &d)) return -1;
    } else if (n == 10 && s[4] == '-' && s[7] == '-') {
        if (!dec(s, 4, &y) || !dec(s + 5, 2, &m) || !dec(s + 8, 2, &d)) return -1;
    } else if (n >= 8 && n <= 10 && s[n - 5] == '-') { /* D-M-YYYY, leading zeros optional (Excel NL) */
        const char *dash = memchr(s, '-', n - 5);
        size_t nd = dash ? (size_t)(dash - s) : 0, nm = n - 6 - nd;
        if (nd < 1 || nd > 2 || nm < 1 || nm > 2 || !dec(s, nd, &d) || !dec(dash + 1, nm, &m) || !dec(s + n - 4, 4, &y))
            return -1;
    } else {
        return -1;
    }
    if (y < 1900 || !date_valid((int)y, (int)m, (int)d)) return -1;
    *days = date_days((int)y, (int)m, (int)d);
    return 1;
}

int csv_date(const char *s, long *days) { return date_n(s, strlen(s), days); }

/* The last date of a column and its result: reference files repeat the same dates row after
 * row, so most rows cost a 10-byte compare instead of a conversion. */
typedef struct csv_datememo { char s[10]; size_t n; int r; long days; } csv_datememo;

static void datememo_init(csv_datememo *m) { m->n = (size_t)-1; }

static int date_memo(csv_datememo *m, const char *s, size_t n, long *days)
{
    if (n == m->n && !memcmp(s, m->s, n)) {
        if (m->r > 0) *days = m->days;
        return m->r;
    }
    int r = date_n(s, n, days);
    if (n <= sizeof m->s) {
        memcpy(m->s, s, n);
        m->n = n;
        m->r = r;
        m->days = r > 0 ? *days : 0;
    }
    return r;
}

/* Skip a euro sign (UTF-8 E2 82 AC or Windows-1252 0x80) and blanks (also NBSP, UTF-8 or Latin-1). */
static const char *skip_euro(const char *s, int *euro)
{
    for (;;) {
        const unsigned char *u = (const unsigned char *)s;
        if (u[0] == 0xE2 && u[1] == 0x82 && u[2] == 0xAC) { s += 3; (*euro)++; }
        else if (u[0] == 0x80) { s++; (*euro)++; }
        else if (u[0] == ' ' || u[0] == '\t' || u[0] == 0xA0) s++;
        else if (u[0] == 0xC2 && u[1] == 0xA0) s += 2;
        else return s;
    }
}

int csv_money(const char *s, uint64_t *cents, const char **why)
{
    static const char *const form =
        N_("column '%s': '%s' is not an amount in euros (expected e.g. 1234,56, 1.234,56, 1234.56 or € 187,23)");
    int euro = 0;
    const char *p = skip_euro(s, &euro), *e = p;
    while ((*e >= '0' && *e <= '9') || *e == '.' || *e == ',') e++;
    const char *q = skip_euro(e, &euro);
    *why = form;
    if (*q || e == p || euro > 1) return -1;
    size_t n = (size_t)(e - p);
    /* the decimal mark: the last separator when both kinds occur or when it occurs once */
    size_t ndot = 0, ncom = 0, last = n;
    for (size_t i = 0; i < n; i++)
        if (p[i] == '.' || p[i] == ',') { ndot += p[i] == '.'; ncom += p[i] == ','; last = i; }
    char dec = 0, thou = 0;
    if (ndot && ncom) { dec = p[last]; thou = dec == '.' ? ',' : '.'; }
    else if (ndot + ncom == 1) {
        dec = p[last];
        if (n - last - 1 == 3) {
            *why = N_("column '%s': '%s' is ambiguous: one '.' or ',' followed by three digits (write 1234, "
                      "1.234,00 or 1234.00)");
            return -1;
        }
    } else if (ndot + ncom > 1) thou = ndot ? '.' : ',';
    if (dec) {
        for (size_t i = 0; i < last; i++)
            if (p[i] == dec) return -1; /* the decimal mark twice */
    }
    size_t intend = dec ? last : n;
    /* integer part: digits, thousands separators between groups of exactly three */
    uint64_t v = 0;
    size_t group = 0, ngroups = 0;
    if (intend == 0 || p[0] == thou) return -1;
    for (size_t i = 0; i < intend; i++) {
        if (p[i] == thou) {
            if ((ngroups == 0 && (group == 0 || group > 3)) || (ngroups > 0 && group != 3)) return -1;
            ngroups++;
            group = 0;
            continue;
        }
        if (p[i] < '0' || p[i] > '9') return -1;
        if (v > 100000000ull) { *why = N_("column '%s': '%s' is too large (at most 999999,99 euros)"); return -1; }
        v = v * 10 + (uint64_t)(p[i] - '0');
        group++;
    }
    if (ngroups && group != 3) return -1;
    v *= 100;
    if (dec) {
        size_t nd = n - last - 1;
        if (nd == 0) return -1;
        for (size_t i = 0; i < nd; i++) {
            char c = p[last + 1 + i];
            if (c < '0' || c > '9') return -1;
            if (i == 0) v += (uint64_t)(c - '0') * 10;
            else if (i == 1) v += (uint64_t)(c - '0');
            else if (c != '0') { *why = N_("column '%s': '%s' is not whole cents (at most two decimals)"); return -1; }
        }
    }
    if (v > 99999999ull) {
        *why = N_("column '%s': '%s' is too large (at most 999999,99 euros, the width of 0425)");
        return -1;
    }
    *cents = v;
    return 0;
}

/* The code list of an AW319 field (0412, 0413, 0419), resolved once per file; for a field of
 * at most 3 digits lay_code_allowed is asked once per value: the zero-padded code is a function
 * of its value, and a file repeats a few codes many times. */
typedef struct csv_codes {
    const lay_field *fl;
    unsigned char memo[1000]; /* by value: 0 not asked yet, 1 not in the list, 2 in the list */
} csv_codes;

static void codes_init(csv_codes *c, const char *field_id)
{
    c->fl = lay_field_find(&lay_aw319_v13, field_id);
    memset(c->memo, 0, sizeof c->memo);
}

/* A code of 1..width digits (n bytes at s), not zero, in the code list of c's field. */
static int listed_code(csv_codes *c, const char *s, size_t n, unsigned *out)
{
    const lay_field *fl = c->fl;
    uint32_t v;
    char buf[8];
    if (!fl || n == 0 || n > fl->len || fl->len >= sizeof buf || !dec(s, n, &v) || !v) return 0;
    int ok;
    if (fl->len <= 3 && c->memo[v]) {
        ok = c->memo[v] == 2;
    } else {
        memset(buf, '0', fl->len - n); /* zero-padded to the field's width */
        memcpy(buf + fl->len - n, s, n);
        buf[fl->len] = 0;
        ok = lay_code_allowed(fl, buf);
        if (fl->len <= 3) c->memo[v] = ok ? 2 : 1;
    }
    if (!ok) return 0;
    *out = v;
    return 1;
}

/* A leveringsvorm, any case. */
static int parse_lv(const char *s, size_t n, aw_lv *lv)
{
    for (int i = 0; i < 3; i++)
        if (n == strlen(aw_lv_name((aw_lv)i)) && ieq(s, aw_lv_name((aw_lv)i))) { *lv = (aw_lv)i; return 1; }
    return 0;
}

/* The ingangsdatum and einddatum columns, each with the memo of its last value. */
typedef struct csv_period { int cb, ce; csv_datememo mb, me; } csv_period;

static void period_init(csv_period *p, const int *col, int ci, int ce)
{
    p->cb = col[ci];
    p->ce = col[ce];
    datememo_init(&p->mb);
    datememo_init(&p->me);
}

static aw_rc period(const csv_file *f, csv_period *p, long *b, long *e)
{
    static const char *const form = N_("column '%s': '%s' is not a date (expected YYYY-MM-DD, YYYYMMDD or DD-MM-YYYY)");
    const char *vb = val(f, p->cb), *ve = val(f, p->ce);
    int r = date_memo(&p->mb, vb, vlen(f, p->cb), b);
    if (r <= 0)
        return bad(f, "ingangsdatum", vb,
                   r == 0 ? N_("column '%s': '%s' is empty (expected YYYY-MM-DD, YYYYMMDD or DD-MM-YYYY)") : form);
    r = date_memo(&p->me, ve, vlen(f, p->ce), e);
    if (r < 0) return bad(f, "einddatum", ve, form);
    if (r == 0) *e = REF_OPEN;
    if (*e < *b) return bad(f, "einddatum", ve, N_("column '%s': '%s' lies before the ingangsdatum"));
    return AW_OK;
}

/* ---- koppeltabel */

enum { K_CODE, K_OMS, K_LV, K_ZZP, K_FUN, K_EENH, K_BEGIN, K_END, K_N };
static const csv_col kt_cols[K_N] = {
    {"prestatiecode", 1}, {"omschrijving", 0}, {"leveringsvorm", 1}, {"zzp", 1},
    {"functie", 1}, {"eenheid", 1}, {"ingangsdatum", 1}, {"einddatum", 1}};

static int prestatiecode(const char *s, size_t n, char out[6])
{
    if (n == 0 || n > 5) return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'))) return 0;
    memcpy(out, s, n + 1);
    return 1;
}

/* The messages of a code-list column (marked N_; bad_x translates them). */
typedef struct csv_listmsg { const char *not_list, *not_code; } csv_listmsg;
static const csv_listmsg functie_msgs = {
    N_("column '%s': '%s' is not a list of COD732 functie codes separated by ',' (e.g. 753,754)"),
    N_("column '%s': '%s' holds '%s', not a COD732 functie code")};
static const csv_listmsg zzp_msgs = {
    N_("column '%s': '%s' is not a list of COD163 zzp codes separated by ',' (e.g. 753,754)"),
    N_("column '%s': '%s' holds '%s', not a COD163 zzp code")};

/* A comma-separated code list of an AW319 field's code list into k->codes. */
static aw_rc code_list(const csv_file *f, const char *colname, const char *s, csv_codes *codes,
                       const csv_listmsg *msgs, ref_kt *k)
{
    char item[16];
    const char *p = s;
    k->ncodes = 0;
    for (;;) {
        const char *c = strchr(p, ',');
        size_t n = c ? (size_t)(c - p) : strlen(p);
        while (n && is_blank(*p)) { p++; n--; }
        while (n && is_blank(p[n - 1])) n--;
        if (n == 0 || n >= sizeof item) return bad(f, colname, s, msgs->not_list);
        memcpy(item, p, n);
        item[n] = 0;
        unsigned v;
        if (!listed_code(codes, item, n, &v)) {
            if (f->ctx->mask_bsn) mask_shown(item, 0);
            return bad_x(f, colname, s, msgs->not_code, item);
        }
        if (k->ncodes >= REF_MAXCODES) return bad(f, colname, s, N_("column '%s': '%s' has more than 64 codes"));
        k->codes[k->ncodes++] = (unsigned short)v;
        if (!c) return AW_OK;
        p = c + 1;
    }
}

aw_rc csv_load_koppeltabel(ref_store *r, aw_ctx *ctx, const char *path)
{
    csv_file f;
    int col[K_N], rr, fi = -1;
    if (open_file(&f, ctx, path)) return ctx->err;
    long nh = read_header(&f, kt_cols, K_N, col, "koppeltabel");
    aw_rc rc = nh < 0 ? ctx->err : AW_OK;
    csv_codes c12, c13, c19;
    csv_period per;
    memset(&per, 0, sizeof per);
    codes_init(&c12, "0412");
    codes_init(&c13, "0413");
    codes_init(&c19, "0419");
    if (!rc) period_init(&per, col, K_BEGIN, K_END);
    while (!rc && (rr = next_row(&f, nh)) == 1) {
        ref_kt k;
        memset(&k, 0, sizeof k);
        aw_lv lv = AW_LV_UNKNOWN;
        const char *zzp = val(&f, col[K_ZZP]), *fun = val(&f, col[K_FUN]);
        if (!prestatiecode(val(&f, col[K_CODE]), vlen(&f, col[K_CODE]), k.code))
            rc = bad(&f, "prestatiecode", val(&f, col[K_CODE]),
                     N_("column '%s': '%s' is not a prestatiecode (expected 1-5 letters or digits)"));
        else if (!parse_lv(val(&f, col[K_LV]), vlen(&f, col[K_LV]), &lv))
            rc = bad(&f, "leveringsvorm", val(&f, col[K_LV]),
                     N_("column '%s': '%s' is not a leveringsvorm (expected ZZP, VPT or MPT)"));
        else if (!*zzp == !*fun)
            rc = err_set(ctx, AW_EREFDATA, _("%s:%lu: columns 'zzp' and 'functie': exactly one of them must be "
                              "filled (zzp for ZZP/VPT, functie for MPT)"), path, f.rec_line);
        else if (lv == AW_LV_MPT && !*fun)
            rc = bad(&f, "functie", fun,
                     N_("column '%s': '%s' is empty (expected the functie codes of an MPT prestatie)"));
        else if (lv != AW_LV_MPT && !*zzp)
            rc = bad(&f, "zzp", zzp, N_("column '%s': '%s' is empty (expected the zzp codes of a ZZP/VPT prestatie)"));
        else if (lv == AW_LV_MPT) rc = code_list(&f, "functie", fun, &c12, &functie_msgs, &k);
        else rc = code_list(&f, "zzp", zzp, &c13, &zzp_msgs, &k);
        if (rc) break;
        unsigned e;
        k.lv = (unsigned char)lv;
        if (!listed_code(&c19, val(&f, col[K_EENH]), vlen(&f, col[K_EENH]), &e))
            rc = bad(&f, "eenheid", val(&f, col[K_EENH]),
                     N_("column '%s': '%s' is not a COD218 eenheid (expected 01, 04, 14, 16 or 81)"));
        else if (!(rc = period(&f, &per, &k.begin, &k.end))) {
            k.eenheid = (unsigned char)e;
            rc = ref_kt_add_at(r, ctx, &k, path, f.rec_line, &fi);
        }
    }
    if (!rc && rr < 0) rc = ctx->err;
    close_file(&f);
    return rc;
}

/* ---- tarieven */

enum { T_CODE, T_OMS, T_BEGIN, T_END, T_TARIEF, T_INST, T_N };
static const csv_col tar_cols[T_N] = {
    {"prestatiecode", 1}, {"omschrijving", 0}, {"ingangsdatum", 1}, {"einddatum", 1}, {"tarief", 1},
    {"instelling", 0}};

/* AGB code: empty = 0 (every instelling) when allowed, else 1-8 digits, not zero. */
static int agb(const char *s, size_t n, uint32_t *out)
{
    uint32_t v;
    if (n == 0) { *out = 0; return 1; }
    if (n > 8 || !dec(s, n, &v) || !v) return 0;
    *out = v;
    return 1;
}

aw_rc csv_load_tarieven(ref_store *r, aw_ctx *ctx, const char *path)
{
    csv_file f;
    int col[T_N], rr, fi = -1;
    if (open_file(&f, ctx, path)) return ctx->err;
    long nh = read_header(&f, tar_cols, T_N, col, "tarievenlijst");
    aw_rc rc = nh < 0 ? ctx->err : AW_OK;
    csv_period per;
    memset(&per, 0, sizeof per);
    if (!rc) period_init(&per, col, T_BEGIN, T_END);
    while (!rc && (rr = next_row(&f, nh)) == 1) {
        ref_tar t;
        memset(&t, 0, sizeof t);
        const char *why;
        if (!prestatiecode(val(&f, col[T_CODE]), vlen(&f, col[T_CODE]), t.code))
            rc = bad(&f, "prestatiecode", val(&f, col[T_CODE]),
                     N_("column '%s': '%s' is not a prestatiecode (expected 1-5 letters or digits)"));
        else if (!agb(val(&f, col[T_INST]), vlen(&f, col[T_INST]), &t.instelling))
            rc = bad(&f, "instelling", val(&f, col[T_INST]),
                     N_("column '%s': '%s' is not an AGB code (expected up to 8 digits, or empty)"));
        else if (csv_money(val(&f, col[T_TARIEF]), &t.tarief, &why))
            rc = bad(&f, "tarief", val(&f, col[T_TARIEF]), why);
        else if (!(rc = period(&f, &per, &t.begin, &t.end)))
            rc = ref_tar_add_at(r, ctx, &t, path, f.rec_line, &fi);
    }
    if (!rc && rr < 0) rc = ctx->err;
    close_file(&f);
    return rc;
}

/* ---- toewijzingen */

/* A toewijzing percentage into hundredths (like 0424 and the AW33): with a '%' sign, or with a
 * decimal mark (hundredths are whole), or a whole number 0-100, it is in percent ("50%",
 * "50,00%", "33,33", "50" = 5000, at most two decimals); a whole number 101-10000 is in
 * hundredths ("5000").  1 with *out (at most 10000), 0 when malformed. */
static int percentage(const char *s, size_t n, uint32_t *out)
{
    int pct = 0;
    uint32_t v = 0, frac = 0;
    size_t i = 0;
    if (n && s[n - 1] == '%') {
        pct = 1;
        n--;
        while (n && is_blank(s[n - 1])) n--;
    }
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
        if (i == 5) return 0;
        v = v * 10 + (uint32_t)(s[i] - '0');
    }
    if (i == 0) return 0;
    if (i < n) {
        size_t k = 0;
        if (s[i] != ',' && s[i] != '.') return 0;
        pct = 1;
        for (i++; i < n; i++, k++) {
            if (k == 2 || s[i] < '0' || s[i] > '9') return 0;
            frac += (uint32_t)(s[i] - '0') * (k ? 1 : 10);
        }
        if (k == 0) return 0;
    }
    if (pct || v <= 100) v = v * 100 + frac;
    if (v > 10000) return 0;
    *out = v;
    return 1;
}

enum { W_BSN, W_LV, W_ZZP, W_FUN, W_KLASSE, W_PCT, W_INST, W_BEGIN, W_END, W_OPSLAG, W_N };
static const csv_col tw_cols[W_N] = {
    {"bsn", 1}, {"leveringsvorm", 1}, {"zzp", 1}, {"functie", 1}, {"klasse", 1}, {"percentage", 1},
    {"instelling", 1}, {"ingangsdatum", 1}, {"einddatum", 1}, {"opslag", 0}};

aw_rc csv_load_toewijzingen(ref_store *r, aw_ctx *ctx, const char *path)
{
    csv_file f;
    int col[W_N], rr, fi = -1;
    if (open_file(&f, ctx, path)) return ctx->err;
    long nh = read_header(&f, tw_cols, W_N, col, "toewijzingen CSV");
    aw_rc rc = nh < 0 ? ctx->err : AW_OK;
    csv_codes c12, c13;
    csv_period per;
    memset(&per, 0, sizeof per);
    codes_init(&c12, "0412");
    codes_init(&c13, "0413");
    if (!rc) period_init(&per, col, W_BEGIN, W_END);
    while (!rc && (rr = next_row(&f, nh)) == 1) {
        ref_toew t;
        memset(&t, 0, sizeof t);
        const char *bsn = val(&f, col[W_BSN]), *zzp = val(&f, col[W_ZZP]), *fun = val(&f, col[W_FUN]);
        const char *pct = val(&f, col[W_PCT]), *kl = val(&f, col[W_KLASSE]), *ops = val(&f, col[W_OPSLAG]);
        size_t nb = vlen(&f, col[W_BSN]), np = vlen(&f, col[W_PCT]), no = vlen(&f, col[W_OPSLAG]);
        uint32_t vb, vp = 10000, vo = 0;
        if (nb < 8 || nb > 9 || !dec(bsn, nb, &vb) || !vb) {
            rc = bad(&f, "bsn", bsn, N_("column '%s': '%s' is not a BSN (expected 9 digits)"));
            break;
        }
        t.bsn = vb;
        if (!parse_lv(val(&f, col[W_LV]), vlen(&f, col[W_LV]), &t.lv))
            rc = bad(&f, "leveringsvorm", val(&f, col[W_LV]),
                     N_("column '%s': '%s' is not a leveringsvorm (expected ZZP, VPT or MPT)"));
        else if (t.lv != AW_LV_MPT && *fun)
            rc = bad(&f, "functie", fun,
                     N_("column '%s': '%s' must be empty for a ZZP/VPT toewijzing (the code goes in 'zzp')"));
        else if (t.lv == AW_LV_MPT && *zzp)
            rc = bad(&f, "zzp", zzp,
                     N_("column '%s': '%s' must be empty for an MPT toewijzing (the code goes in 'functie')"));
        else if (t.lv != AW_LV_MPT && !listed_code(&c13, zzp, vlen(&f, col[W_ZZP]), &t.code))
            rc = bad(&f, "zzp", zzp, N_("column '%s': '%s' is not a COD163 zzp code (expected e.g. 756)"));
        else if (t.lv == AW_LV_MPT && !listed_code(&c12, fun, vlen(&f, col[W_FUN]), &t.code))
            rc = bad(&f, "functie", fun, N_("column '%s': '%s' is not a COD732 functie code (expected e.g. 41)"));
        else if (np && !percentage(pct, np, &vp))
            rc = bad(&f, "percentage", pct, N_("column '%s': '%s' is not a percentage (expected 0-100 %%, e.g. 50%%, "
                                               "50,00%%, 50, or in hundredths 5000, or empty)"));
        else if (no && (no > 4 || !dec(ops, no, &vo)))
            rc = bad(&f, "opslag", ops,
                     N_("column '%s': '%s' is not a number (expected the opslag in the klasse's unit, or empty)"));
        else if (!agb(val(&f, col[W_INST]), vlen(&f, col[W_INST]), &t.instelling))
            rc = bad(&f, "instelling", val(&f, col[W_INST]),
                     N_("column '%s': '%s' is not an AGB code (expected up to 8 digits, or empty)"));
        else if (t.lv == AW_LV_MPT && ref_klasse_parse(kl, vo, &t))
            rc = bad(&f, "klasse", kl,
                     N_("column '%s': '%s' is not a klasse (expected K0-K8, KD01-KD15, KE1-KE7 or 99)"));
        if (rc) break;
        t.percentage = vp;
        if (!(rc = period(&f, &per, &t.begin, &t.end)))
            rc = ref_toew_add_at(r, ctx, &t, path, f.rec_line, &fi);
    }
    if (!rc && rr < 0) rc = ctx->err;
    close_file(&f);
    return rc;
}
