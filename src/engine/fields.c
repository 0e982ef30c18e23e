/* SPDX-License-Identifier: MIT */
/* fields.c — the V rules of the check pass (pass.h): every field of a record against its
 * layout entry (byte classes, digits, dates, code lists, the published v1.4 patterns) and the
 * layout's published constraints; a clean record passes one vectorised byte-class test. */
#include "pass.h"
#include "ctx.h"
#include "nls.h"
#include <stdio.h>
#include <string.h>

/* A finding's path, kept out of the per-field code it is called from: its messages (translated
 * when emitted) would otherwise be inlined into the clean path and slow it down. */
#if defined(__GNUC__)
#define CHK_COLD __attribute__((cold, noinline))
#else
#define CHK_COLD
#endif

static const char *const fx_id[NFX] = {"0102", "0103", "0104", "0108", "0112", "0114", "0115", "0116", "0117", "0203", "0403", "0412", "0413", "0414", "0415", "0417", "0418", "0419", "0424", "0425", "0426", "0427", "0428", "0429", "0430", "0431", "0432", "9907", "9908"};

/* Quote a field value for a message: printable bytes as they are, others as \xNN; BSN
 * fields masked when asked.  Returns dst. */
static const char *quote(const chk *c, char *dst, size_t n, const lay_field *f, const char *p)
{
    size_t len = f->len, o = 0;
    int bsn = !strcmp(f->id, "0203") || !strcmp(f->id, "0403");
    char tmp[16];
    if (bsn && c->ctx->mask_bsn && len == 9) {
        aw_mask_bsn(tmp, p);
        p = tmp;
    }
    for (size_t i = 0; i < len && o + 5 < n; i++) {
        unsigned char b = (unsigned char)p[i];
        if (b >= 0x20 && b < 0x7f && b != '\\') dst[o++] = (char)b;
        else o += (size_t)snprintf(dst + o, n - o, "\\x%02X", b);
    }
    dst[o] = 0;
    return dst;
}

/* A bilaterally agreed nulbedrag: 0425, 0426 and 0429 all zero.  Then none of them is a
 * missing mandatory value (V2); one or two of them zero still is. */
static int nulbedrag(const chk *c, const lay_field *f)
{
    if (f != F(0425) && f != F(0426) && f != F(0429)) return 0;
    return fld_zeros(c->raw + F(0425)->pos, F(0425)->len) && fld_zeros(c->raw + F(0426)->pos, F(0426)->len) &&
           fld_zeros(c->raw + F(0429)->pos, F(0429)->len);
}

/* A value its field's published pattern refuses: V9, or V8 for 0424 (a warning about a value
 * that is still read: returns 1). */
static CHK_COLD int pattern_refused(chk *c, const lay_field *f, const char *p)
{
    char q[200];
    if (f->prule == RULE_V8) {
        fs_emit(&c->fs, RULE_V8, f, 0, NULL, _("'%s' is not 00000: a v1.4 file has no verrekenpercentage (00000 = 100 %%); "
                   "the value is read as %u.%02u %%"), quote(c, q, sizeof q, f, p),
                 (unsigned)(fld_num(p, f->len) / 100), (unsigned)(fld_num(p, f->len) % 100));
        return 1;
    }
    /* TRANSLATORS: the value, the form in words (translated on its own), the published pattern */
    fs_emit(&c->fs, (rule_id)f->prule, f, 0, NULL, _("'%s' is not of the form v1.4 prescribes: %s (pattern %s)"),
             quote(c, q, sizeof q, f, p), _(f->form), f->pattern);
    return 0;
}

/* The published pattern (v1.4) of field fi of the current record, after its byte, mandatory,
 * date and code checks have passed.  Returns 1 when the value may be read. */
static int check_pattern(chk *c, unsigned fi, const lay_field *f, const char *p)
{
    const pat *pt = c->pat[c->ri][fi];
    if (!pt) return 1;
    int memo = f->len <= MEMO_MAX;
    if (memo && c->memo_ok[c->ri][fi] && !memcmp(c->memo[c->ri][fi], p, f->len)) return 1;
    if (!pat_match(pt, p)) return pattern_refused(c, f, p);
    if (memo) {
        memcpy(c->memo[c->ri][fi], p, f->len);
        c->memo_ok[c->ri][fi] = 1;
    }
    return 1;
}

/* ---- V rules: one field against its layout entry.  Returns 1 when the field is clean.
 * bytes_ok: fast_ok() has proved every byte of the record is of its field's class (digits in
 * N fields, no control bytes in AN fields, blank reserve), so V1, V5 and V6 cannot fire. */

static int check_field(chk *c, unsigned fi, int bytes_ok)
{
    const lay_field *f = &c->lr->fields[fi];
    const char *p = c->raw + f->pos;
    char q[200];
    if (f->req == 'R') { /* RULE: V5 */
        if (bytes_ok || fld_blank(p, f->len)) return 1;
        size_t i = 0;
        while (p[i] == ' ') i++;
        fs_emit(&c->fs, RULE_V5, f, f->pos + (unsigned)i + 1, NULL,
                 _("reserve field is not blank (expected %u spaces)"), (unsigned)f->len);
        return 0;
    }
    if (f->type == LAY_N) {
        if (!bytes_ok && !fld_digits(p, f->len)) { /* RULE: V1 */
            size_t bad = 0;
            fld_uint(p, f->len, NULL, &bad);
            fs_emit(&c->fs, RULE_V1, f, f->pos + (unsigned)bad + 1, NULL,
                     _("'%s' is not a number (expected %u digits, zero-filled)"), quote(c, q, sizeof q, f, p),
                     (unsigned)f->len);
            return 0;
        }
        int absent = fld_zeros(p, f->len);
        if (f->req == 'M' && absent && !nulbedrag(c, f)) { /* RULE: V2 */
            fs_emit(&c->fs, RULE_V2, f, 0, NULL, _("mandatory value is missing (all zeros)"));
            return 0;
        }
        if (f->kind == LAY_KIND_DATE && !(absent && f->req == 'O')) { /* RULE: V3 */
            int valid = bytes_ok ? date_valid((int)fld_num(p, 4), (int)fld_num(p + 4, 2), (int)fld_num(p + 6, 2))
                                 : date_parse8(p, NULL) == 1; /* (all zeros is no date either) */
            if (!valid) {
                fs_emit(&c->fs, RULE_V3, f, 0, NULL, f->req == 'M' ? _("'%s' is not a calendar date (CCYYMMDD)")
                         : _("'%s' is not a calendar date (CCYYMMDD or 00000000)"), quote(c, q, sizeof q, f, p));
                return 0;
            }
        }
        if (f->codes && !(absent && f->req != 'Z' && f->req != 'M') && !lay_code_allowed(f, p)) {
            goto badcode;
        }
        return check_pattern(c, fi, f, p); /* RULE: V8, V9 */
    }
    /* AN */
    if (!bytes_ok && fld_has_ctrl(p, f->len)) { /* RULE: V6 */
        size_t i = 0;
        while ((unsigned char)p[i] >= 0x20 && p[i] != 0x7f) i++;
        fs_emit(&c->fs, RULE_V6, f, f->pos + (unsigned)i + 1, NULL,
                 _("control byte 0x%02X in text '%s' (expected printable ISO-8859-1)"), (unsigned char)p[i],
                 quote(c, q, sizeof q, f, p));
        return 0;
    }
    int blank = fld_blank(p, f->len);
    if (f->req == 'M' && blank) { /* RULE: V2 */
        fs_emit(&c->fs, RULE_V2, f, 0, NULL, _("mandatory value is missing (all spaces)"));
        return 0;
    }
    if (f->codes && !blank && !lay_code_allowed(f, p)) goto badcode;
    return check_pattern(c, fi, f, p); /* RULE: V9 */

badcode: { /* RULE: V4 */
        char list[96];
        size_t o = 0;
        int k = 0;
        for (const char *const *cl = f->codes; *cl && o + 12 < sizeof list; cl++, k++) {
            if (k == 8) { o += (size_t)snprintf(list + o, sizeof list - o, ", …"); break; }
            o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", k ? ", " : "", *cl);
        }
        fs_emit(&c->fs, RULE_V4, f, 0, NULL, _("'%s' is not in the code list (%s)"),
                 quote(c, q, sizeof q, f, p), list);
        return 0;
    }
}

/* Fast path of V1, V5, V6: every byte position of a layout record has a range of allowed
 * bytes (digits '0'-'9' in N fields, ' ' in reserve fields, 0x20-0xFF in AN fields) and one
 * excluded byte (0x7F in AN fields), as tables lo[], span[] (hi - lo) and ex[].  A byte x is
 * fine when (unsigned char)(x - lo) <= span and x != ex: 16 positions at a time with SSE2 (the
 * last block overlaps the one before, so no copy), one at a time elsewhere.  A record that
 * passes needs the per-field checks only for the fields with a meaning beyond their bytes
 * (mandatory, dates, code lists); one that fails gets the full per-field pass, which finds the
 * exact byte and field.  The tables are built from the layout at the start of a check.
 * Measured (bench/run.sh --one-core, 2026-12-06): the SSE2 pass buys about 9 % of a whole run;
 * the one-byte-at-a-time fallback (no SSE2) about 1 %, kept only as the portable version. */
static void fastmask_init(fastmask *m, const lay_record *r)
{
    memset(m, 0, sizeof *m);
    memset(m->span, 0xFF, sizeof m->span); /* a byte of no field (none in v1.3): any byte but */
    memset(m->ex, 'a', sizeof m->ex);      /* 'a', which only sends a record down the slow path */
    for (unsigned i = 0; i < r->nfields; i++) {
        const lay_field *f = &r->fields[i];
        int rsv = f->req == 'R', n = f->type == LAY_N;
        unsigned char lo = rsv ? ' ' : n ? '0' : 0x20, hi = rsv ? ' ' : n ? '9' : 0xFF;
        for (unsigned p = f->pos; p < (unsigned)f->pos + f->len && p < 310; p++) {
            m->lo[p] = lo;
            m->span[p] = (unsigned char)(hi - lo);
            m->ex[p] = rsv || n ? 'a' : 0x7F; /* 'a' is outside the digit and blank ranges */
        }
        int sem = f->req == 'M' || f->kind == LAY_KIND_DATE || f->codes || f->pattern;
        if (sem && m->nsem < sizeof m->sem) m->sem[m->nsem++] = (unsigned char)i;
    }
}

#if defined(__SSE2__)
#include <emmintrin.h>
static __m128i fast_block(const fastmask *m, const char *p, unsigned o)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + o));
    __m128i lo = _mm_loadu_si128((const __m128i *)(const void *)(m->lo + o));
    __m128i span = _mm_loadu_si128((const __m128i *)(const void *)(m->span + o));
    __m128i ex = _mm_loadu_si128((const __m128i *)(const void *)(m->ex + o));
    __m128i d = _mm_sub_epi8(x, lo);
    __m128i in = _mm_cmpeq_epi8(_mm_min_epu8(d, span), d); /* (x - lo) <= span, unsigned */
    return _mm_andnot_si128(_mm_cmpeq_epi8(x, ex), in);    /* ... and x != ex */
}

static int fast_ok(const fastmask *m, const char *p)
{
    __m128i good = _mm_set1_epi8(-1);
    for (unsigned o = 0; o + 16 <= 310; o += 16) good = _mm_and_si128(good, fast_block(m, p, o));
    good = _mm_and_si128(good, fast_block(m, p, 310 - 16)); /* bytes 304-309 */
    return _mm_movemask_epi8(good) == 0xFFFF;
}
#else
static int fast_ok(const fastmask *m, const char *p)
{
    for (unsigned i = 0; i < 310; i++) {
        unsigned char x = (unsigned char)p[i];
        if ((unsigned char)(x - m->lo[i]) > m->span[i] || x == m->ex[i]) return 0;
    }
    return 1;
}
#endif

/* V1-V6 over every field of the record: sets ok[i] per field index and returns the number of
 * bad fields (also those of a V rule a controlset turned off: such a
 * field is still not a value the content rules can read). */
unsigned chk_fields(chk *c, unsigned char *ok)
{
    const fastmask *m = &c->fm[c->ri];
    unsigned bad = 0;
    if (fast_ok(m, c->raw)) {
        memset(ok, 1, c->lr->nfields);
        for (unsigned k = 0; k < m->nsem; k++)
            bad += !(ok[m->sem[k]] = (unsigned char)check_field(c, m->sem[k], 1));
        return bad;
    }
    for (unsigned i = 0; i < c->lr->nfields; i++)
        bad += !(ok[i] = (unsigned char)check_field(c, i, 0));
    return bad;
}

/* ---- the published constraints of the layout (v1.4: standard/aw319-v1.4-checks.tsv) */

static int filled(const lay_field *f, const char *p)
{
    return f->type == LAY_N ? !fld_zeros(p, f->len) : !fld_blank(p, f->len);
}

/* The field holds v as the file writes it: N right-aligned and zero-filled, AN left-aligned. */
static int holds(const lay_field *f, const char *p, const char *v)
{
    size_t n = strlen(v);
    if (n > f->len) return 0;
    if (f->type == LAY_N) return fld_zeros(p, f->len - n) && !memcmp(p + f->len - n, v, n);
    return !memcmp(p, v, n) && fld_blank(p + n, f->len - n);
}

/* The message of a violated constraint: a whole sentence per check and condition (always,
 * `when` filled, empty, = value, != value), so a translation can order its words freely.  The
 * arguments are the same for every condition of a check: the field's value (not for
 * required), the `when` field and its value; a sentence that needs fewer leaves the rest. */
enum { COND_REQUIRED, COND_EMPTY, COND_FORBID };
static const char *const cond_fmt[3][5] = {
    {N_("a value is required"), N_("a value is required when %s is filled"),
     N_("a value is required when %s is empty"), N_("a value is required when %s is %s"),
     N_("a value is required when %s is not %s")},
    {N_("'%s' must be empty"), N_("'%s' must be empty when %s is filled"), N_("'%s' must be empty when %s is empty"),
     N_("'%s' must be empty when %s is %s"), N_("'%s' must be empty when %s is not %s")},
    {N_("'%s' is not allowed"), N_("'%s' is not allowed when %s is filled"),
     N_("'%s' is not allowed when %s is empty"), N_("'%s' is not allowed when %s is %s"),
     N_("'%s' is not allowed when %s is not %s")},
};

/* The sentence of check k (COND_*) for the condition of d, translated. */
static const char *cond_msg(int k, const lay_cond *d)
{
    int w = !d->when ? 0 : d->op == 'f' ? 1 : d->op == 'e' ? 2 : d->op == '=' ? 3 : 4;
    return _(cond_fmt[k][w]);
}

/* The layout's constraints on the current record, each on a field (and a `when` field) whose own
 * checks passed.  A violated one marks its field bad, like any V finding. */
unsigned chk_conds(chk *c, unsigned char *ok)
{
    unsigned bad = 0;
    char q[200];
    for (unsigned i = 0; i < c->ncond; i++) {
        const lay_cond *d = c->cond[i].d;
        const lay_field *f = c->cond[i].f, *wf = c->cond[i].when;
        if (c->cond[i].r != c->lr || !ok[f - c->lr->fields] || (wf && !ok[wf - c->lr->fields])) continue;
        const char *p = c->raw + f->pos;
        if (wf) {
            const char *v = c->raw + wf->pos;
            int yes = d->op == 'f' ? filled(wf, v) : d->op == 'e' ? !filled(wf, v) : holds(wf, v, d->value) == (d->op == '=');
            if (!yes) continue;
        }
        int hit = 0;
        switch (d->check) {
        case LAY_REQUIRED: /* RULE: V2 */
            if ((hit = !filled(f, p)))
                fs_emit(&c->fs, (rule_id)d->rule, f, 0, NULL, cond_msg(COND_REQUIRED, d), d->when, d->value);
            break;
        case LAY_EMPTY: /* RULE: V9 */
            if ((hit = filled(f, p)))
                fs_emit(&c->fs, (rule_id)d->rule, f, 0, NULL, cond_msg(COND_EMPTY, d), quote(c, q, sizeof q, f, p),
                         d->when, d->value);
            break;
        case LAY_FORBID: { /* RULE: V9 */
            char v[16];
            const char *a = d->arg;
            while (!hit && *a) {
                size_t n = strcspn(a, " ");
                snprintf(v, sizeof v, "%.*s", (int)n, a);
                hit = holds(f, p, v);
                a += n + (a[n] == ' ');
            }
            if (hit)
                fs_emit(&c->fs, (rule_id)d->rule, f, 0, NULL, cond_msg(COND_FORBID, d), quote(c, q, sizeof q, f, p),
                         d->when, d->value);
            break;
        }
        case LAY_AFTER: /* RULE: V3 */
            if (filled(f, p) && (hit = memcmp(p, d->arg, 8) <= 0))
                fs_emit(&c->fs, (rule_id)d->rule, f, 0, NULL, _("date %.8s is not after %s"), p, d->arg);
            break;
        case LAY_NOT_AFTER_SUBMISSION: { /* RULE: V3 */
            long sub = fs_submission_days(&c->fs), day;
            if (sub >= 0 && date_parse8(p, &day) == 1 && (hit = day > sub))
                fs_emit(&c->fs, (rule_id)d->rule, f, 0, NULL, _("date %.8s is after the submission date %08ld"), p,
                         date_days_to_ymd(sub));
            break;
        }
        }
        if (hit) { ok[f - c->lr->fields] = 0; bad++; }
    }
    return bad;
}

/* Take the layout of the file's version: its fields by name, byte classes, compiled patterns
 * and constraints. */
aw_rc chk_use_layout(chk *c, const lay_layout *L)
{
    memset(c->pat, 0, sizeof c->pat);
    memset(c->memo_ok, 0, sizeof c->memo_ok);
    c->lay = c->fs.lay = L;
    for (int i = 0; i < NFX; i++) c->fx[i] = lay_field_find(L, fx_id[i]);
    for (unsigned r = 0; r < L->nrecords && r < MAX_RECS; r++) {
        const lay_record *lr = &L->records[r];
        fastmask_init(&c->fm[r], lr);
        for (unsigned i = 0; i < lr->nfields && i < MAX_FIELDS; i++) {
            const lay_field *f = &lr->fields[i];
            if (f->pattern && !(c->pat[r][i] = lay_pattern(c->ctx, f)))
                return c->ctx->err;
        }
    }
    c->ncond = 0;
    for (unsigned i = 0; i < L->nconds && c->ncond < MAX_CONDS; i++) {
        const lay_cond *d = &L->conds[i];
        const lay_field *f = lay_field_find(L, d->field), *w = d->when ? lay_field_find(L, d->when) : NULL;
        if (!f || (d->when && (!w || memcmp(w->id, f->id, 2)))) continue; /* gentables.sh refuses these */
        c->cond[c->ncond].d = d;
        c->cond[c->ncond].f = f;
        c->cond[c->ncond].when = w;
        c->cond[c->ncond].r = lay_record_find(L, f->id);
        c->ncond++;
    }
    return AW_OK;
}

