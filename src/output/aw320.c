/* SPDX-License-Identifier: MIT */
/* aw320.c — the AW320 writer (doc/outputs.md) as an aw_sink: one 370-byte record + CR LF per
 * input record, positions taken from the AW320 layout table.  Records stream out as they
 * come; at the end the 01 codes and the 99 totals are written in place, and when the file
 * turned out technically rejected the tentatively accepted 04s are rewritten (8096, nothing
 * granted).  Every record is 372 bytes, so record i sits at offset 372 * i.
 * Full buffers are written by a helper thread while the next one fills (double buffering):
 * copying the output into the page cache was a quarter of a check's time.  The thread starts
 * with the first full buffer, so small files never start one. */
#include "core.h"
#include "layout.h"
#include "ctx.h"
#include "nls.h"
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define OUTLEN 370
#define OUTREC (OUTLEN + 2)
#define WBUF (OUTREC * 1024)

/* The retourcode fields x96-x98 per record type, looked up once. */
static const char *const code_types[] = {"01", "02", "03", "04", "98"};
#define NCT (sizeof code_types / sizeof *code_types)

struct aw_aw320 {
    aw_ctx *ctx;
    aw_output *out;
    int fd;
    unsigned long nrec;        /* records written */
    long long off99;           /* offset of the 99 record, -1 = none */
    size_t fill;
    unsigned long cnt[4];      /* 02, 03, 04, 98 */
    int64_t ingediend, toegekend;
    const lay_field *f0102, *f0181, *f0182, *f0481, *f0482, *f0483, *f0484;
    const lay_field *f9902, *f9903, *f9904, *f9905, *f9906, *f9907, *f9908, *f9909, *f9910;
    const lay_field *f0427, *f0430;    /* in the AW319 layout */
    const lay_field *codes[NCT][3];
    int codes_blank;           /* every code field lies at 310 or later: blank until set */
    /* the writer thread (th_on): it writes pend[0, pend_len) and clears pend; werr = errno of
     * its first failed write */
    pthread_t th;
    int th_on, joined, quit, werr;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    const char *pend;
    size_t pend_len;
    char *buf;                 /* the buffer being filled: bufs[0] or bufs[1] */
    char bufs[2][WBUF];
};

static const lay_field *codefield(const char *type, int k)
{
    char id[5];
    snprintf(id, sizeof id, "%.2s%d", type, 96 + k);
    return lay_field_find(&lay_aw320_v13, id);
}

/* v as f->len digits, zero-filled, the low digits when it is longer: two digits per division
 * (a table lookup), and the leading zeros in one go. */
static void put_num(char *rec, const lay_field *f, uint64_t v)
{
    char *p = rec + f->pos;
    size_t i = f->len;
    for (; i >= 2 && v; v /= 100) {
        const char *q = fld_digit_pairs + 2 * (v % 100);
        p[--i] = q[1];
        p[--i] = q[0];
    }
    if (i && v) p[--i] = (char)('0' + v % 10);
    memset(p, '0', i);
}

static void put_text(char *rec, const lay_field *f, const char *s)
{
    size_t n = strlen(s);
    if (n > f->len) n = f->len;
    memcpy(rec + f->pos, s, n);
    memset(rec + f->pos + n, ' ', f->len - n);
}

/* write(2) all of p; 0 or errno */
static int write_all(int fd, const char *p, size_t len)
{
    size_t o = 0;
    while (o < len) {
        ssize_t n = write(fd, p + o, len - o);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno ? errno : EIO;
        }
        o += (size_t)n;
    }
    return 0;
}

static void *writer(void *arg)
{
    aw_aw320 *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->pend && !w->quit) pthread_cond_wait(&w->cv, &w->mu);
        if (!w->pend) break;
        const char *p = w->pend;
        size_t n = w->pend_len;
        pthread_mutex_unlock(&w->mu);
        int e = w->werr ? 0 : write_all(w->fd, p, n);
        pthread_mutex_lock(&w->mu);
        if (e && !w->werr) w->werr = e;
        w->pend = NULL;
        pthread_cond_broadcast(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* Wait until the thread has written everything handed to it; 0 or its errno. */
static int drain(aw_aw320 *w)
{
    if (!w->th_on || w->joined) return w->werr;
    pthread_mutex_lock(&w->mu);
    while (w->pend) pthread_cond_wait(&w->cv, &w->mu);
    int e = w->werr;
    pthread_mutex_unlock(&w->mu);
    return e;
}

static void stop_thread(aw_aw320 *w)
{
    if (!w->th_on || w->joined) return;
    pthread_mutex_lock(&w->mu);
    w->quit = 1;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->th, NULL);
    w->joined = 1;
}

static aw_rc write_error(aw_aw320 *w, int e)
{
    return err_set(w->ctx, AW_EIO, _("%s: write failed: %s"), aw_output_tmppath(w->out), strerror(e));
}

/* Hand the filled buffer to the writer thread (starting it the first time; without a thread
 * the buffer is written here) and continue in the other buffer.  last: the end of the output,
 * everything is on disk when this returns. */
static aw_rc flush(aw_aw320 *w, int last)
{
    if (!w->th_on && !last && !w->werr && proc_parallel()) { /* first full buffer: the thread */
        if (pthread_mutex_init(&w->mu, NULL) == 0) {
            if (pthread_cond_init(&w->cv, NULL) == 0) {
                if (pthread_create(&w->th, NULL, writer, w) == 0) w->th_on = 1;
                else pthread_cond_destroy(&w->cv);
            }
            if (!w->th_on) pthread_mutex_destroy(&w->mu);
        }
    }
    int e = 0;
    if (!w->th_on || w->joined) {
        e = w->werr ? w->werr : write_all(w->fd, w->buf, w->fill);
        if (e) w->werr = e;
    } else {
        if ((e = drain(w))) return write_error(w, e);
        pthread_mutex_lock(&w->mu);
        w->pend = w->buf;
        w->pend_len = w->fill;
        pthread_cond_broadcast(&w->cv);
        pthread_mutex_unlock(&w->mu);
        w->buf = w->buf == w->bufs[0] ? w->bufs[1] : w->bufs[0];
        if (last) e = drain(w);
    }
    w->fill = 0;
    return e ? write_error(w, e) : AW_OK;
}

static aw_rc pwrite_all(aw_aw320 *w, const char *p, size_t n, long long off)
{
    while (n) {
        ssize_t k = pwrite(w->fd, p, n, (off_t)off);
        if (k < 0) {
            if (errno == EINTR) continue;
            return err_set(w->ctx, AW_EIO, _("%s: write failed: %s"), aw_output_tmppath(w->out),
                                strerror(errno));
        }
        p += k; n -= (size_t)k; off += k;
    }
    return AW_OK;
}

/* Index into code_types of a record type by its first two bytes (unknown types: like a 98). */
static size_t code_type(const char *type)
{
    size_t t = NCT - 1;
    for (size_t i = 0; i < NCT; i++)
        if (type[0] == code_types[i][0] && type[1] == code_types[i][1]) t = i;
    return t;
}

/* The codes into the code fields of type t (an index into code_types).  The fields of
 * missing codes are blanked, unless they are blank already (w->codes_blank). */
static void put_codes(const aw_aw320 *w, char *rec, size_t t, const char codes[3][5], int n)
{
    for (int k = 0; k < 3; k++)
        if (k < n) put_text(rec, w->codes[t][k], codes[k]);
        else if (!w->codes_blank) put_text(rec, w->codes[t][k], "");
}

/* Record types that matter here, by their two bytes (and a NUL: type is NUL-terminated). */
#define TYPE2(t) ((t)[2] ? 0u : (unsigned)(unsigned char)(t)[0] << 8 | (unsigned char)(t)[1])
#define T_01 ('0' << 8 | '1')
#define T_02 ('0' << 8 | '2')
#define T_03 ('0' << 8 | '3')
#define T_04 ('0' << 8 | '4')
#define T_98 ('9' << 8 | '8')
#define T_99 ('9' << 8 | '9')

/* One record in place at the end of the buffer: the AW319 bytes (310 at most), blanks, the
 * return fields of its type, CR LF. */
/* The D/C byte of an AW319 field for the AW320, or blank when the record does not hold a D or C
 * there (a short or damaged record: its bytes at that place are not that field). */
static char dc_byte(const aw_record *r, const lay_field *f)
{
    char b = r->len > f->pos ? r->data[f->pos] : ' ';
    return b == 'D' || b == 'C' ? b : ' ';
}

static aw_rc on_record(void *ud, const aw_record *r)
{
    aw_aw320 *w = ud;
    if (w->fill + OUTREC > WBUF) {
        aw_rc rc = flush(w, 0);
        if (rc) return rc;
    }
    char *rec = w->buf + w->fill;
    size_t n = r->len < 310 ? r->len : 310;
    memcpy(rec, r->data, n);
    memset(rec + n, ' ', OUTLEN - n);
    rec[OUTLEN] = '\r';
    rec[OUTLEN + 1] = '\n';
    unsigned t = TYPE2(r->type);
    if (r->line == 1 && t == T_01) {
        memcpy(rec + w->f0102->pos, "188", 3);
        char ref[32];
        snprintf(ref, sizeof ref, "aw319check %s", aw_version());
        put_text(rec, w->f0181, ref);
        put_num(rec, w->f0182, (uint64_t)(w->ctx->run_date > 0 ? w->ctx->run_date : 0));
        /* codes: written at the end */
    } else if (t == T_99 && r->known) {
        if (w->off99 < 0) w->off99 = (long long)w->nrec * OUTREC;
        /* totals: written at the end */
    } else {
        if (t == T_04) {
            int64_t b = r->berekend, g = r->toegekend < 0 ? -r->toegekend : r->toegekend;
            put_num(rec, w->f0481, (uint64_t)(b < 0 ? 0 : b));
            rec[w->f0482->pos] = dc_byte(r, w->f0427);
            put_num(rec, w->f0483, (uint64_t)(r->outcome == AW_OUT_ACCEPTED ? g : 0));
            rec[w->f0484->pos] = dc_byte(r, w->f0430);
            w->ingediend += r->ingediend;
            if (r->outcome == AW_OUT_ACCEPTED) w->toegekend += r->toegekend;
        }
        put_codes(w, rec, r->known ? code_type(r->type) : NCT - 1, r->codes, r->ncodes);
    }
    if (r->known) {
        if (t == T_02) w->cnt[0]++;
        else if (t == T_03) w->cnt[1]++;
        else if (t == T_04) w->cnt[2]++;
        else if (t == T_98) w->cnt[3]++;
    }
    w->fill += OUTREC;
    w->nrec++;
    return AW_OK;
}

/* Technically rejected after all: every 04 written as accepted becomes 8096 with nothing
 * granted (doc/outputs.md).  Only in that case is the file read back. */
static aw_rc downgrade(aw_aw320 *w)
{
    const lay_field *c1 = w->codes[3][0];
    char rec[OUTREC];
    for (unsigned long i = 0; i < w->nrec; i++) {
        long long off = (long long)i * OUTREC;
        ssize_t n = pread(w->fd, rec, OUTREC, (off_t)off);
        if (n != OUTREC)
            return err_set(w->ctx, AW_EIO, _("%s: read back failed"), aw_output_tmppath(w->out));
        if (memcmp(rec, "04", 2) || memcmp(rec + c1->pos, "8001", 4)) continue;
        memcpy(rec + c1->pos, "8096", 4);
        put_num(rec, w->f0483, 0);
        aw_rc rc = pwrite_all(w, rec, OUTREC, off);
        if (rc) return rc;
    }
    w->toegekend = 0;
    return AW_OK;
}

static aw_rc on_end(void *ud, const aw_summary *s)
{
    aw_aw320 *w = ud;
    aw_rc rc = flush(w, 1);
    stop_thread(w);
    if (rc) return rc;
    if (s->technical && (rc = downgrade(w))) return rc;
    /* the 01 codes */
    char rec[OUTREC];
    if (w->nrec) {
        if (pread(w->fd, rec, OUTREC, 0) != OUTREC)
            return err_set(w->ctx, AW_EIO, _("%s: read back failed"), aw_output_tmppath(w->out));
        if (!memcmp(rec, "01", 2)) {
            put_codes(w, rec, 0, s->codes01, s->ncodes01);
            if ((rc = pwrite_all(w, rec, OUTREC, 0))) return rc;
        }
    }
    /* the 99: real counts and totals */
    if (w->off99 >= 0) {
        if (pread(w->fd, rec, OUTREC, (off_t)w->off99) != OUTREC)
            return err_set(w->ctx, AW_EIO, _("%s: read back failed"), aw_output_tmppath(w->out));
        put_num(rec, w->f9902, w->cnt[0]);
        put_num(rec, w->f9903, w->cnt[1]);
        put_num(rec, w->f9904, w->cnt[2]);
        put_num(rec, w->f9905, w->cnt[3]);
        put_num(rec, w->f9906, w->cnt[0] + w->cnt[1] + w->cnt[2] + w->cnt[3]);
        put_num(rec, w->f9907, (uint64_t)(w->ingediend < 0 ? -w->ingediend : w->ingediend));
        rec[w->f9908->pos] = w->ingediend < 0 ? 'C' : 'D';
        put_num(rec, w->f9909, (uint64_t)(w->toegekend < 0 ? -w->toegekend : w->toegekend));
        rec[w->f9910->pos] = w->toegekend < 0 ? 'C' : 'D';
        size_t e = (size_t)w->f9910->pos + 1;
        memset(rec + e, ' ', OUTLEN - e);
        if ((rc = pwrite_all(w, rec, OUTREC, w->off99))) return rc;
    }
    return AW_OK;
}

aw_rc aw_aw320_new(aw_ctx *ctx, aw_output *o, aw_aw320 **out)
{
    err_clear(ctx);
    aw_aw320 *w = mem_malloc(sizeof *w);
    *out = NULL;
    if (!w) return err_set(ctx, AW_ENOMEM, _("out of memory"));
    memset(w, 0, offsetof(aw_aw320, bufs));
    w->buf = w->bufs[0];
    w->ctx = ctx;
    w->out = o;
    w->fd = aw_output_fd(o);
    w->off99 = -1;
    const lay_layout *L = &lay_aw320_v13;
    w->f0102 = lay_field_find(L, "0102");
    w->f0181 = lay_field_find(L, "0181");
    w->f0182 = lay_field_find(L, "0182");
    w->f0481 = lay_field_find(L, "0481");
    w->f0482 = lay_field_find(L, "0482");
    w->f0483 = lay_field_find(L, "0483");
    w->f0484 = lay_field_find(L, "0484");
    w->f9902 = lay_field_find(L, "9902");
    w->f9903 = lay_field_find(L, "9903");
    w->f9904 = lay_field_find(L, "9904");
    w->f9905 = lay_field_find(L, "9905");
    w->f9906 = lay_field_find(L, "9906");
    w->f9907 = lay_field_find(L, "9907");
    w->f9908 = lay_field_find(L, "9908");
    w->f9909 = lay_field_find(L, "9909");
    w->f9910 = lay_field_find(L, "9910");
    w->f0427 = lay_field_find(&lay_aw319_v13, "0427");
    w->f0430 = lay_field_find(&lay_aw319_v13, "0430");
    for (size_t t = 0; t < NCT; t++)
        for (int k = 0; k < 3; k++) w->codes[t][k] = codefield(code_types[t], k);
    w->codes_blank = 1;
    for (size_t t = 0; t < NCT; t++)
        for (int k = 0; k < 3; k++)
            if (w->codes[t][k]->pos < 310) w->codes_blank = 0;
    *out = w;
    return AW_OK;
}

aw_sink aw_aw320_sink(aw_aw320 *w)
{
    aw_sink s = {w, NULL, on_record, on_end};
    return s;
}

void aw_aw320_free(aw_aw320 *w)
{
    if (!w) return;
    if (w->th_on) {
        stop_thread(w);
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
    }
    mem_free(w);
}
