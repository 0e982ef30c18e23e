/* SPDX-License-Identifier: MIT */
/* testutil.c — see testutil.h. */
#include "testutil.h"
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void tu_set(char *rec, const char *id, const char *value)
{
    const lay_field *f = lay_field_find(&lay_aw319_v13, id);
    if (!f) { fprintf(stderr, "tu_set: unknown field %s\n", id); abort(); }
    size_t n = strlen(value);
    if (n > f->len) n = f->len;
    if (f->type == LAY_N) {
        memset(rec + f->pos, '0', f->len);
        memcpy(rec + f->pos + f->len - n, value, n);
    } else {
        memset(rec + f->pos, ' ', f->len);
        memcpy(rec + f->pos, value, n);
    }
}

void tu_rec(char *rec, const char *type, ...)
{
    const lay_record *r = lay_record_find(&lay_aw319_v13, type);
    if (!r) abort();
    memset(rec, ' ', 310);
    rec[310] = 0;
    for (unsigned i = 0; i < r->nfields; i++)
        if (r->fields[i].type == LAY_N) memset(rec + r->fields[i].pos, '0', r->fields[i].len);
    memcpy(rec, type, 2);
    va_list ap;
    va_start(ap, type);
    const char *kv;
    while ((kv = va_arg(ap, const char *))) {
        char id[5];
        memcpy(id, kv, 4);
        id[4] = 0;
        tu_set(rec, id, kv + 5);
    }
    va_end(ap);
}

void tu_header(char *rec)
{
    tu_rec(rec, "01", "0102=187", "0103=01", "0104=03", "0105=P", "0108=5526", "0112=41009876",
           "0113=04", "0114=20230301", "0115=20230331", "0116=F2023033615", "0117=20230405",
           "0119=EUR", NULL);
}

void tu_client(char *rec, int id, const char *bsn)
{
    char idv[20];
    snprintf(idv, sizeof idv, "0202=%d", id);
    tu_rec(rec, "02", idv, "0204=5526", "0207=19411212", "0208=2", "0209=1", "0210=Visser",
           "0221=NL", NULL);
    tu_set(rec, "0203", bsn);
}

void tu_prestatie(char *rec, int id, const char *bsn, const char *ref)
{
    char idv[20];
    snprintf(idv, sizeof idv, "0402=%d", id);
    tu_rec(rec, "04", idv, "0404=5526", "0413=756", "0414=20230301", "0415=20230331", "0416=055",
           "0417=Z756", "0418=31", "0419=14", "0424=10000", "0425=13995", "0426=433845",
           "0427=D", "0429=433845", "0430=D", NULL);
    tu_set(rec, "0403", bsn);
    tu_set(rec, "0431", ref);
}

void tu_v14(char *rec)
{
    if (!memcmp(rec, "01", 2)) tu_set(rec, "0104", "04");
    if (!memcmp(rec, "02", 2)) {
        tu_set(rec, "0215", "JP"); /* voorletters without dots */
        tu_set(rec, "0217", "1234AB");
        tu_set(rec, "0223", "2");
    }
    if (!memcmp(rec, "04", 2)) {
        tu_set(rec, "0407", "1");
        tu_set(rec, "0420", "03012345");
        tu_set(rec, "0424", "00000");
    }
}

void tu_trailer(char *rec, char *const *recs, int n)
{
    unsigned long c[4] = {0, 0, 0, 0};
    long long total = 0;
    for (int i = 0; i < n; i++) {
        const char *r = recs[i];
        if (!memcmp(r, "02", 2)) c[0]++;
        else if (!memcmp(r, "03", 2)) c[1]++;
        else if (!memcmp(r, "98", 2)) c[3]++;
        else if (!memcmp(r, "04", 2)) {
            c[2]++;
            long long v = strtoll((char[9]){r[185], r[186], r[187], r[188], r[189], r[190], r[191], r[192], 0}, NULL, 10);
            total += r[193] == 'C' ? -v : v;
        }
    }
    char v[5][24], t[24];
    for (int i = 0; i < 4; i++) snprintf(v[i], sizeof v[i], "%lu", c[i]);
    snprintf(v[4], sizeof v[4], "%lu", c[0] + c[1] + c[2] + c[3]);
    snprintf(t, sizeof t, "%lld", total < 0 ? -total : total);
    tu_rec(rec, "99", NULL);
    tu_set(rec, "9902", v[0]); tu_set(rec, "9903", v[1]); tu_set(rec, "9904", v[2]);
    tu_set(rec, "9905", v[3]); tu_set(rec, "9906", v[4]); tu_set(rec, "9907", t);
    tu_set(rec, "9908", total < 0 ? "C" : "D");
}

size_t tu_reclen;

char *tu_small_file(const char *bsn9, size_t *len)
{
    char h[311], c[311], p[311], t[311];
    tu_header(h);
    tu_client(c, 1, bsn9);
    tu_prestatie(p, 2, bsn9, "R1");
    char *recs[] = {h, c, p, t};
    tu_trailer(t, recs, 3);
    return tu_join(recs, 4, len);
}

char *tu_join(char *const *recs, int n, size_t *len)
{
    size_t total = 0;
    for (int i = 0; i < n; i++) total += (tu_reclen ? tu_reclen : strlen(recs[i])) + 2;
    char *b = malloc(total + 1), *p = b;
    for (int i = 0; i < n; i++) {
        size_t l = tu_reclen ? tu_reclen : strlen(recs[i]);
        memcpy(p, recs[i], l);
        p += l;
        *p++ = '\r';
        *p++ = '\n';
    }
    *len = total;
    return b;
}

static aw_rc on_finding(void *ud, const aw_finding *f)
{
    tu_result *r = ud;
    if (r->nfind == TU_MAX) { r->overflow = 1; return AW_OK; }
    r->f[r->nfind].line = f->line;
    r->f[r->nfind].col = f->column;
    snprintf(r->f[r->nfind].rule, 5, "%s", f->rule);
    memcpy(r->f[r->nfind].code, f->code, 5);
    snprintf(r->f[r->nfind].field, 5, "%s", f->field_id ? f->field_id : "");
    r->f[r->nfind].sev = f->severity;
    memcpy(r->f[r->nfind].record, f->record, 3);
    r->f[r->nfind].target = f->target_line;
    snprintf(r->f[r->nfind].msg, 256, "%s", f->message);
    r->nfind++;
    return AW_OK;
}

static aw_rc on_record(void *ud, const aw_record *x)
{
    tu_result *r = ud;
    if (r->nrec == TU_MAX) { r->overflow = 1; return AW_OK; }
    r->r[r->nrec].line = x->line;
    memcpy(r->r[r->nrec].type, x->type, 3);
    r->r[r->nrec].outcome = x->outcome;
    r->r[r->nrec].tentative = x->tentative;
    r->r[r->nrec].ncodes = x->ncodes;
    memcpy(r->r[r->nrec].codes, x->codes, sizeof x->codes);
    r->r[r->nrec].berekend = x->berekend;
    r->r[r->nrec].toegekend = x->toegekend;
    r->r[r->nrec].ingediend = x->ingediend;
    memcpy(r->r[r->nrec].bsn, x->bsn, 10);
    r->nrec++;
    return AW_OK;
}

static aw_rc on_end(void *ud, const aw_summary *s)
{
    tu_result *r = ud;
    r->ended = 1;
    (void)s;
    return AW_OK;
}

void tu_run(aw_ctx *ctx, const char *buf, size_t len, tu_result *out)
{
    memset(out, 0, sizeof *out);
    aw_ctx *own = NULL;
    if (!ctx) ctx = own = aw_ctx_new();
    char path[] = "/tmp/aw319-testXXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, buf, len) != (ssize_t)len) abort();
    unlink(path);
    lseek(fd, 0, SEEK_SET);
    aw_sink s = {out, on_finding, on_record, on_end};
    out->rc = aw_check_fd(ctx, fd, "t.asc", &s, 1, &out->sum);
    close(fd);
    aw_ctx_free(own);
    /* a test never looks at a truncated result: more than TU_MAX findings or records fails it */
    ck_assert_msg(!out->overflow, "more than %d findings or records: raise TU_MAX or use a smaller file", TU_MAX);
}

void tu_run_recs(aw_ctx *ctx, char *const *recs, int n, int with_trailer, tu_result *out)
{
    char *all[TU_MAX + 1];
    char trailer[311];
    for (int i = 0; i < n; i++) all[i] = recs[i];
    if (with_trailer) {
        tu_trailer(trailer, recs, n);
        all[n++] = trailer;
    }
    size_t len;
    char *b = tu_join(all, n, &len);
    tu_run(ctx, b, len, out);
    free(b);
}

int tu_find(const tu_result *r, const char *rule)
{
    for (int i = 0; i < r->nfind; i++)
        if (!strcmp(r->f[i].rule, rule)) return i;
    return -1;
}
