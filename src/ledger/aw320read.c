/* SPDX-License-Identifier: MIT */
/* aw320read.c — a streaming reader of AW320 return files (doc/outputs.md) for the history ledger:
 * the zorgkantoor's answer or one written by aw319check.  Positions come from the generated
 * AW320 layout (standard/aw320-v1.3.tsv).  Every record must be 370 bytes + CR LF; the
 * fields the ledger keeps are checked with the bounded fld_* parsers, and a malformed file is
 * refused as a whole with "NAME:LINE: message" (the caller's transaction rolls back).
 * Memory: one fixed read buffer; nothing grows with the file. */
#include "ledger.h"
#include "layout.h"
#include "sha256.h"
#include "nls.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define RECLEN 370
#define RBUF (1u << 18)                /* read buffer; also the longest line looked at */

/* Field positions, resolved once per read from the layout table. */
enum {
    F0102, F0108, F0112, F0114, F0115, F0116, F0117, F0181, F0182, F0196, F0197, F0198,
    F0403, F0414, F0415, F0417, F0418, F0425, F0426, F0427, F0429, F0430, F0431, F0432,
    F0481, F0482, F0483, F0484, F0496, F0497, F0498,
    F9904, F9907, F9908, F9909, F9910, NF
};
static const char *const fid[NF] = {
    "0102", "0108", "0112", "0114", "0115", "0116", "0117", "0181", "0182", "0196", "0197", "0198",
    "0403", "0414", "0415", "0417", "0418", "0425", "0426", "0427", "0429", "0430", "0431", "0432",
    "0481", "0482", "0483", "0484", "0496", "0497", "0498",
    "9904", "9907", "9908", "9909", "9910"};

typedef struct rd {
    aw_ctx *ctx;
    const char *name;
    int fd;
    char *buf;
    size_t beg, end;                   /* unread bytes are buf[beg, end) */
    int eof;
    aw_rc rc;                          /* set by next_line when it returns -1 */
    unsigned long line;
    const lay_field *f[NF];
    sha_state sha;
} rd;

static aw_rc refuse(rd *r, unsigned long line, const char *fmt, ...) ATTR_PRINTF(3, 4);
static aw_rc refuse(rd *r, unsigned long line, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return err_set(r->ctx, LEDGER_REFUSED, "%s:%lu: %s", r->name, line, msg);
}

/* Quote a field value for a message: printable ASCII as is, other bytes as \xNN. */
static const char *quote(char *dst, size_t n, const char *p, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len && o + 5 < n; i++) {
        unsigned char b = (unsigned char)p[i];
        if (b >= 0x20 && b < 0x7f) dst[o++] = (char)b;
        else o += (size_t)snprintf(dst + o, n - o, "\\x%02X", b);
    }
    dst[o] = 0;
    return dst;
}

/* A malformed field: fmt is the message, with the field's id, name and value ("%s %s: '%s' is not ..."). */
static aw_rc bad_field(rd *r, const char *rec, int k, const char *fmt)
{
    char q[96];
    const lay_field *f = r->f[k];
    return refuse(r, r->line, fmt, f->id, f->name, quote(q, sizeof q, rec + f->pos, f->len));
}

/* Next line without its LF: 1 ready (*p, *len), 0 clean end, -1 error (set on ctx). */
static int next_line(rd *r, const char **p, size_t *len)
{
    for (;;) {
        char *nl = memchr(r->buf + r->beg, '\n', r->end - r->beg);
        if (nl) {
            *p = r->buf + r->beg;
            *len = (size_t)(nl - *p);
            r->beg += *len + 1;
            r->line++;
            return 1;
        }
        if (r->eof) {
            if (r->beg == r->end) return 0;
            r->rc = refuse(r, r->line + 1, P_("last record of %zu byte not ended by CR LF",
                                                     "last record of %zu bytes not ended by CR LF", r->end - r->beg),
                           r->end - r->beg);
            return -1;
        }
        if (r->beg > 0) {
            memmove(r->buf, r->buf + r->beg, r->end - r->beg);
            r->end -= r->beg;
            r->beg = 0;
        }
        if (r->end == RBUF) {
            r->rc = refuse(r, r->line + 1, _("no line end within %u bytes: not an AW320"), RBUF);
            return -1;
        }
        ssize_t n = read(r->fd, r->buf + r->end, RBUF - r->end);
        if (n < 0) {
            if (errno == EINTR) continue;
            r->rc = err_set(r->ctx, AW_EIO, _("%s: read error: %s"), r->name, strerror(errno));
            return -1;
        }
        if (n == 0) r->eof = 1;
        sha_update(&r->sha, r->buf + r->end, (size_t)n);
        r->end += (size_t)n;
    }
}

static int num(const rd *r, const char *rec, int k, uint64_t *v)
{
    return fld_uint(rec + r->f[k]->pos, r->f[k]->len, v, NULL);
}

/* A date field: 1 valid (*ymd), 0 all zeros (*ymd = 0), -1 malformed. */
static int date(const rd *r, const char *rec, int k, long *ymd)
{
    long days;
    int v = date_parse8(rec + r->f[k]->pos, &days);
    *ymd = v == 1 ? date_days_to_ymd(days) : 0;
    return v;
}

/* A text field without control bytes, trimmed into dst; 0 when it holds a control byte. */
static int text(const rd *r, const char *rec, int k, char *dst, size_t n)
{
    const lay_field *f = r->f[k];
    dst[0] = 0;
    if (fld_has_ctrl(rec + f->pos, f->len)) return 0;
    fld_trim(dst, n, rec + f->pos, f->len);
    return 1;
}

static char byte(const rd *r, const char *rec, int k) { return rec[r->f[k]->pos]; }
static int is_dc(char c) { return c == 'D' || c == 'C'; }

/* A retourcode field: 4 digits, or blank when optional.  0 when malformed. */
static int code(const rd *r, const char *rec, int k, char dst[5], int optional)
{
    const lay_field *f = r->f[k];
    dst[0] = 0;
    if (optional && fld_blank(rec + f->pos, f->len)) return 1;
    if (f->len != 4 || !fld_digits(rec + f->pos, 4)) return 0;
    memcpy(dst, rec + f->pos, 4);
    dst[4] = 0;
    return 1;
}

static aw_rc read01(rd *r, const char *rec, a320_head *h)
{
    uint64_t v;
    memset(h, 0, sizeof *h);
    h->line = r->line;
    if (memcmp(rec + r->f[F0102]->pos, "188", 3))
        return bad_field(r, rec, F0102, _("%s %s: '%s' is not 188: not an AW320 (an AW319 has 187)"));
    if (!num(r, rec, F0112, &v) || v == 0) return bad_field(r, rec, F0112, _("%s %s: '%s' is not an instellingscode"));
    h->instelling = (uint32_t)v;
    if (!text(r, rec, F0116, h->factuur, sizeof h->factuur) || !h->factuur[0])
        return bad_field(r, rec, F0116, _("%s %s: '%s' is not a factuurnummer"));
    if (!code(r, rec, F0196, h->codes[0], 0)) return bad_field(r, rec, F0196, _("%s %s: '%s' is not a retourcode"));
    if (!code(r, rec, F0197, h->codes[1], 1)) return bad_field(r, rec, F0197, _("%s %s: '%s' is not a retourcode"));
    if (!code(r, rec, F0198, h->codes[2], 1)) return bad_field(r, rec, F0198, _("%s %s: '%s' is not a retourcode"));
    h->technical = !strcmp(h->codes[0], "0001");
    /* kept when readable; a technically rejected file may hold anything here */
    if (num(r, rec, F0108, &v)) h->uzovi = (uint32_t)v;
    if (date(r, rec, F0114, &h->period_begin) < 0 && !h->technical)
        return bad_field(r, rec, F0114, _("%s %s: '%s' is not a date"));
    if (date(r, rec, F0115, &h->period_end) < 0 && !h->technical)
        return bad_field(r, rec, F0115, _("%s %s: '%s' is not a date"));
    if (date(r, rec, F0117, &h->dagtekening) < 0 && !h->technical)
        return bad_field(r, rec, F0117, _("%s %s: '%s' is not a date"));
    if (!text(r, rec, F0181, h->referentie, sizeof h->referentie)) h->referentie[0] = 0;
    if (date(r, rec, F0182, &h->retourdatum) < 0) return bad_field(r, rec, F0182, _("%s %s: '%s' is not a date"));
    return AW_OK;
}

/* The AW319 part of a 04 (bytes 1-310, echoed by the zorgkantoor).  Returns the index of the
 * first malformed field, or -1 when every field the ledger keeps is well-formed. */
static int read04_echo(const rd *r, const char *rec, a320_04 *p)
{
    uint64_t v;
    if (!num(r, rec, F0403, &v)) return F0403;
    p->bsn = (uint32_t)v;
    if (!text(r, rec, F0417, p->code, sizeof p->code) || !p->code[0]) return F0417;
    if (date(r, rec, F0414, &p->begin) != 1) return F0414;
    if (date(r, rec, F0415, &p->end) != 1 || p->end < p->begin) return F0415;
    if (!num(r, rec, F0418, &v)) return F0418;
    p->aantal = (unsigned)v;
    if (!num(r, rec, F0425, &p->tarief)) return F0425;
    if (!num(r, rec, F0426, &p->berekend)) return F0426;
    if (!is_dc(p->dc = byte(r, rec, F0427))) return F0427;
    if (!num(r, rec, F0429, &p->bedrag)) return F0429;
    if (!is_dc(p->dc2 = byte(r, rec, F0430))) return F0430;
    if (!text(r, rec, F0431, p->ref, sizeof p->ref) || !p->ref[0]) return F0431;
    if (!text(r, rec, F0432, p->prevref, sizeof p->prevref)) return F0432;
    if (!is_dc(byte(r, rec, F0482))) return F0482;
    char d4 = byte(r, rec, F0484);
    if (d4 != ' ' && !is_dc(d4)) return F0484;
    return -1;
}

static aw_rc read04(rd *r, const char *rec, int technical, a320_04 *p)
{
    memset(p, 0, sizeof *p);
    p->line = r->line;
    /* the zorgkantoor's part: always well-formed */
    if (!num(r, rec, F0481, &p->berekend_zv)) return bad_field(r, rec, F0481, _("%s %s: '%s' is not a number"));
    if (!num(r, rec, F0483, &p->toegekend)) return bad_field(r, rec, F0483, _("%s %s: '%s' is not a number"));
    if (!code(r, rec, F0496, p->codes[0], 0)) return bad_field(r, rec, F0496, _("%s %s: '%s' is not a retourcode"));
    if (!code(r, rec, F0497, p->codes[1], 1)) return bad_field(r, rec, F0497, _("%s %s: '%s' is not a retourcode"));
    if (!code(r, rec, F0498, p->codes[2], 1)) return bad_field(r, rec, F0498, _("%s %s: '%s' is not a retourcode"));
    p->granted = !technical && (!strcmp(p->codes[0], "8001") || p->toegekend > 0);
    int badk = read04_echo(r, rec, p);
    if (badk >= 0 && p->granted)
        return bad_field(r, rec, badk, badk == F0414 || badk == F0415 ? _("%s %s: '%s' is not a valid date (period)")
                                       : _("%s %s: '%s' is malformed in a granted prestatie"));
    p->full = badk < 0;
    char d4 = byte(r, rec, F0484), d2 = byte(r, rec, F0430);
    char sign = is_dc(d4) ? d4 : is_dc(d2) ? d2 : 'D';
    p->toegekend_signed = sign == 'C' ? -(int64_t)p->toegekend : (int64_t)p->toegekend;
    return AW_OK;
}

static aw_rc read99(rd *r, const char *rec, a320_tail *t)
{
    uint64_t n, v;
    t->line = r->line;
    if (!num(r, rec, F9904, &n)) return bad_field(r, rec, F9904, _("%s %s: '%s' is not a number"));
    if (n != t->n04)
        return refuse(r, r->line, _("9904 AANTAL PRESTATIERECORDS is %llu, the file holds %lu"),
                      (unsigned long long)n, t->n04);
    if (!num(r, rec, F9907, &v) || !is_dc(byte(r, rec, F9908)))
        return bad_field(r, rec, F9907, _("%s %s: '%s' with 9908 is not a signed amount"));
    t->ingediend = byte(r, rec, F9908) == 'C' ? -(int64_t)v : (int64_t)v;
    if (!num(r, rec, F9909, &v) || !is_dc(byte(r, rec, F9910)))
        return bad_field(r, rec, F9909, _("%s %s: '%s' with 9910 is not a signed amount"));
    t->toegekend = byte(r, rec, F9910) == 'C' ? -(int64_t)v : (int64_t)v;
    return AW_OK;
}

aw_rc a320_read(aw_ctx *ctx, int fd, const char *name, const a320_sink *s)
{
    rd r;
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    r.name = name;
    r.fd = fd;
    for (int k = 0; k < NF; k++) r.f[k] = lay_field_find(&lay_aw320_v13, fid[k]);
    if (!(r.buf = mem_malloc(RBUF))) return err_set(ctx, AW_ENOMEM, _("out of memory"));
    sha_init(&r.sha);

    aw_rc rc = AW_OK;
    a320_head h;
    a320_tail t;
    memset(&h, 0, sizeof h);
    memset(&t, 0, sizeof t);
    int64_t sum = 0;
    int seen99 = 0, got;
    const char *p;
    size_t len;
    while ((got = next_line(&r, &p, &len)) == 1) {
        if (len != RECLEN + 1 || p[RECLEN] != '\r') {
            if (len > 0 && p[len - 1] == '\r')
                rc = refuse(&r, r.line, P_("record is %zu byte, expected %d", "record is %zu bytes, expected %d", len - 1),
                            len - 1, RECLEN);
            else
                rc = refuse(&r, r.line,
                            P_("record of %zu byte not ended by CR LF", "record of %zu bytes not ended by CR LF", len), len);
            break;
        }
        if (r.line == 1) {
            if (memcmp(p, "01", 2)) {
                rc = refuse(&r, 1, _("the first record is not a 01 voorlooprecord: not an AW320"));
                break;
            }
            if ((rc = read01(&r, p, &h))) break;
            if (s->head && (rc = s->head(s->ud, &h))) break;
            continue;
        }
        if (seen99 && !h.technical) { /* only a rejected file may carry records after its 99 */
            rc = refuse(&r, r.line, _("record after the sluitrecord 99"));
            break;
        }
        if (!memcmp(p, "04", 2)) {
            a320_04 q;
            t.n04++;
            if ((rc = read04(&r, p, h.technical, &q))) break;
            sum += q.toegekend_signed;
            if (s->rec04 && (rc = s->rec04(s->ud, &q))) break;
        } else if (!memcmp(p, "99", 2) && !seen99) {
            seen99 = 1;
            if ((rc = read99(&r, p, &t))) break;
        } else if (memcmp(p, "02", 2) && memcmp(p, "03", 2) && memcmp(p, "98", 2) && !h.technical) {
            char q[16];
            rc = refuse(&r, r.line, _("unexpected record type '%s'"), quote(q, sizeof q, p, 2));
            break;
        }
    }
    if (!rc && got < 0) rc = r.rc;
    if (!rc && r.line == 0) rc = refuse(&r, 1, _("empty file: not an AW320"));
    if (!rc && !seen99 && !h.technical) rc = refuse(&r, r.line, _("sluitrecord 99 missing at the end"));
    if (!rc && seen99 && sum != t.toegekend)
        rc = refuse(&r, t.line,
                    P_("9909 TOTAAL TOEGEKEND BEDRAG is %lld cent, the 04 records add up to %lld",
                       "9909 TOTAAL TOEGEKEND BEDRAG is %lld cents, the 04 records add up to %lld",
                       (unsigned long)(t.toegekend < 0 ? -t.toegekend : t.toegekend)),
                    (long long)t.toegekend, (long long)sum);
    if (!rc) {
        t.records = r.line;
        sha_hex(&r.sha, t.sha256);
        if (s->tail) rc = s->tail(s->ud, &t);
    }
    mem_free(r.buf);
    return rc;
}
