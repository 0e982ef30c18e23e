/* SPDX-License-Identifier: MIT */
/* check.c — the engine: one pass over an AW319 in file order.  The voorlooprecord's 0104
 * picks the layout (v1.3 for 03, Vektis's published v1.4 table for 04).  Per record: structure
 * (S rules), fields (V rules, driven by the layout tables: byte classes, code lists, the
 * published patterns and constraints), then — only on records without
 * technical findings of their own — content (I), reference data (R), timeliness (T) and
 * history (H).  Findings stream to the sinks as they are found; each record's outcome and
 * retourcodes (doc/outputs.md) follow its findings; the summary comes last. */
#include "reader.h"
#include "content.h"
#include "refrules.h"
#include "history.h"
#include "nls.h"
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_CODES 64          /* distinct codes collected per record (AW320 keeps 3) */
#define MAX_RECS 8            /* records of a layout */
#define MAX_FIELDS 64         /* fields of a layout record */
#define MAX_CONDS 64          /* published constraints of a layout */
#define MEMO_MAX 32           /* widest field whose last matching value is kept */

/* A finding's path, kept out of the per-field code it is called from: its messages (translated
 * when emitted) would otherwise be inlined into the clean path and slow it down. */
#if defined(__GNUC__)
#define CHK_COLD __attribute__((cold, noinline))
#else
#define CHK_COLD
#endif

typedef struct codeacc {
    int n;
    struct { unsigned key; unsigned char sev; char code[5]; } e[MAX_CODES];
} codeacc;

typedef struct fastmask {
    unsigned char lo[310], span[310], ex[310]; /* allowed bytes per position: see fastmask_init */
    unsigned char sem[64];     /* fields that need their per-field check even so */
    unsigned nsem;
} fastmask;

/* The fields the engine reads by name, resolved once per check (F(0403) → its layout). */
enum { X0102, X0103, X0104, X0108, X0112, X0114, X0115, X0116, X0117, X0203, X0403, X0412, X0413, X0414, X0415, X0417, X0418, X0419, X0424, X0425, X0426, X0427, X0428, X0429, X0430, X0431, X0432, X9907, X9908, NFX };
static const char *const fx_id[NFX] = {"0102", "0103", "0104", "0108", "0112", "0114", "0115", "0116", "0117", "0203", "0403", "0412", "0413", "0414", "0415", "0417", "0418", "0419", "0424", "0425", "0426", "0427", "0428", "0429", "0430", "0431", "0432", "9907", "9908"};
#define F(id) (c->fx[X##id])

typedef struct chk {
    aw_ctx *ctx;
    const aw_sink *sinks;
    size_t nsinks;
    const char *name;
    const lay_layout *lay;
    const lay_field *fx[NFX];
    fastmask fm[MAX_RECS];     /* per layout record */
    const pat *pat[MAX_RECS][MAX_FIELDS]; /* the layout's published patterns (lay_pattern) */
    /* per patterned field the last value it matched (fields up to MEMO_MAX bytes): most values
     * repeat from record to record (a blank optional field, 0407 1, 0416 055 ...), and one
     * compare is cheaper than the automaton.  Measured (cachegrind, 100,000 v1.4 records of
     * the bench): 137 M instructions fewer, 11 % of the run without the SHA-256 */
    char memo[MAX_RECS][MAX_FIELDS][MEMO_MAX];
    unsigned char memo_ok[MAX_RECS][MAX_FIELDS];
    struct { const lay_cond *d; const lay_field *f, *when; const lay_record *r; } cond[MAX_CONDS];
    unsigned ncond;
    aw_rc rc;                  /* first sink/OOM failure: stops the pass */
    hdr01 hdr;
    aw_summary *sum;

    /* current record */
    unsigned long line;
    const char *raw;
    size_t len;
    char type[3];
    const lay_record *lr;      /* layout of the current record (NULL unknown type) */
    unsigned ri;               /* its index in the layout */
    int to01;                  /* findings of this record go to the 01 (the 99 has no codes) */
    int cur_tech;              /* technical findings on the record (its rejects: fs.rejected) */
    codeacc acc, acc01;

    /* file state */
    int tech;                  /* technically rejected so far */
    int seen99, have02;
    int cur02_rejected;
    char cur02_bsn[10];        /* "" when unknown */
    unsigned long cur02_line;
    uint64_t last_id;
    int have_last_id;
    unsigned long cnt02, cnt03, cnt04, cnt98;
    int64_t sum0429;
    int sum_ok;
    unsigned long s2_count, s2_first, last_line;
    keys *keys;
    fsink fs;                  /* what the rule modules report through */
} chk;

/* ---- code collection and ordering (doc/outputs.md) */

static unsigned code_key(rule_id rule, const lay_field *f)
{
    /* S rules, then the field rules (V1-V6, V8, V9) by field position, then V7, I, R, T, H */
    if ((rule >= RULE_V1 && rule <= RULE_V6) || rule == RULE_V8 || rule == RULE_V9)
        return (unsigned)RULE_V1 * 1024u + (f ? f->pos : 0);
    if (rule > RULE_V6) return (unsigned)rule * 1024u + 512u;
    return (unsigned)rule * 1024u;
}

static void acc_add(codeacc *a, unsigned key, aw_severity sev, const char *code)
{
    for (int i = 0; i < a->n; i++)
        if (!memcmp(a->e[i].code, code, 5)) {
            if (sev > a->e[i].sev) a->e[i].sev = (unsigned char)sev;
            if (key < a->e[i].key) a->e[i].key = key;
            return;
        }
    if (a->n == MAX_CODES) return;
    a->e[a->n].key = key;
    a->e[a->n].sev = (unsigned char)sev;
    memcpy(a->e[a->n].code, code, 5);
    a->n++;
}

/* Append the codes of a with severity sev, in rule order, to out (at most 3 in total). */
static void acc_take(const codeacc *a, aw_severity sev, char out[3][5], int *n)
{
    unsigned done = 0;
    for (;;) {
        int best = -1;
        for (int i = 0; i < a->n; i++) {
            if (a->e[i].sev != sev || (i < 32 && (done >> i & 1))) continue;
            if (best < 0 || a->e[i].key < a->e[best].key) best = i;
        }
        if (best < 0 || *n == 3) return;
        if (best < 32) done |= 1u << best;
        int dup = 0;
        for (int j = 0; j < *n; j++) dup |= !memcmp(out[j], a->e[best].code, 5);
        if (!dup) memcpy(out[(*n)++], a->e[best].code, 5);
        if (best >= 32) return; /* beyond the tracked set: never more than 32 kept in order */
    }
}

static void put_code(char out[3][5], int *n, const char *code)
{
    if (*n < 3) memcpy(out[(*n)++], code, 5);
}

/* ---- findings */

static aw_rc sinks_finding(chk *c, const aw_finding *f)
{
    for (size_t i = 0; i < c->nsinks; i++)
        if (c->sinks[i].finding) {
            aw_rc rc = c->sinks[i].finding(c->sinks[i].ud, f);
            if (rc) return rc;
        }
    return AW_OK;
}

static int is_type(const char *t, const char *x) { return t[0] == x[0] && t[1] == x[1]; }

/* Record one finding, its message formatted: its code for the AW320, the counts, and every
 * sink's finding callback.  to01: the code goes on the 01 (file-level).  Returns 1 when it
 * rejects. */
static int take_finding(chk *c, rule_id rule, unsigned long line, int to01, const lay_field *f,
                        unsigned col, const char *code, const char *msg)
{
    const rule_conf *rc = &c->ctx->conf[rule];
    if (rc->sev == AW_SEV_OFF) return 0;
    const char *cd = rc->code[0] ? rc->code
                     : code ? code
                     : rule_table[rule].code[0] ? rule_table[rule].code
                     : f ? f->code : "0001";
    /* V8 is a warning without a retourcode unless a controlset makes it reject */
    if (rule == RULE_V8 && rc->sev == AW_SEV_WARN && !rc->code[0]) cd = "";
    to01 |= c->to01;
    aw_finding fd;
    fd.line = line;
    fd.column = col ? col : f ? f->pos + 1u : 1u;
    memcpy(fd.record, to01 ? "01" : c->type, 3);
    fd.target_line = to01 ? 1 : c->line;
    fd.field_id = f ? f->id : NULL;
    fd.field_name = f ? f->name : NULL;
    fd.rule = rule_table[rule].id;
    size_t cl = strnlen(cd, 4);
    memcpy(fd.code, cd, cl);
    fd.code[cl] = 0;
    fd.severity = rc->sev;
    fd.message = msg;

    /* the codes of the voorlooprecord itself are its final codes, after 0001 (doc/outputs.md) */
    int on01 = to01 || (c->line == 1 && is_type(c->type, "01"));
    if (fd.code[0]) acc_add(on01 ? &c->acc01 : &c->acc, code_key(rule, f), rc->sev, fd.code);
    c->sum->rule_count[rule]++;
    if (rc->sev == AW_SEV_REJECT) {
        c->sum->errors++;
        char layer = rule_table[rule].layer;
        /* technical: S and V rules, and the header rules that reject the whole file */
        if (layer == 'S' || layer == 'V' || rule == RULE_H5) c->tech = 1;
        if (!to01) c->fs.rejected++;
    } else {
        c->sum->warnings++;
    }
    /* a technical finding makes the record's values untrusted; V8 is about a value still read */
    if (!to01 && (rule_table[rule].layer == 'S' || rule_table[rule].layer == 'V') && rule != RULE_V8)
        c->cur_tech++;
    if (!c->rc) c->rc = sinks_finding(c, &fd);
    return rc->sev == AW_SEV_REJECT;
}

/* The findings sink's receiver (finding.h): a finding on the current record. */
static int receive(void *ud, rule_id rule, const lay_field *f, unsigned col, const char *code,
                   const char *msg)
{
    chk *c = ud;
    return take_finding(c, rule, c->line, 0, f, col, code, msg);
}

/* A file-level finding: found on `line`, reported on the 01. */
static ATTR_PRINTF(6, 7) void emit01(chk *c, rule_id rule, unsigned long line,
                                   const lay_field *f, const char *code, const char *fmt, ...)
{
    if (c->ctx->conf[rule].sev == AW_SEV_OFF) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->fs.msg, sizeof c->fs.msg, fmt, ap);
    va_end(ap);
    take_finding(c, rule, line, 1, f, 0, code, c->fs.msg);
}

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
static unsigned check_fields(chk *c, unsigned char *ok)
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
static unsigned check_conds(chk *c, unsigned char *ok)
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
static aw_rc use_layout(chk *c, const lay_layout *L)
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

/* The value of a field whose digits V1 has passed (every caller checks first). */
static uint64_t num(const char *raw, const lay_field *f) { return fld_num(raw + f->pos, f->len); }

static int field_ok(const chk *c, const unsigned char *ok, const char *id)
{
    const lay_field *f = lay_field_find(c->lay, id);
    if (!f || f < c->lr->fields || f >= c->lr->fields + c->lr->nfields) return 0;
    return ok[f - c->lr->fields];
}


/* ---- per record type */

static void do01(chk *c, const unsigned char *ok)
{
    const char *r = c->raw;
    hdr01 *h = &c->hdr;
    h->present = 1;
    if ((h->uzovi_ok = field_ok(c, ok, "0108"))) fld_trim(h->uzovi, sizeof h->uzovi, r + F(0108)->pos, 4);
    if ((h->instelling_ok = field_ok(c, ok, "0112"))) {
        fld_trim(h->instelling, sizeof h->instelling, r + F(0112)->pos, 8);
        h->instelling_num = (uint32_t)num(r, F(0112));
    }
    int b_ok = field_ok(c, ok, "0114"), e_ok = field_ok(c, ok, "0115");
    if (b_ok) date_parse8(r + F(0114)->pos, &h->period_begin);
    if (e_ok) date_parse8(r + F(0115)->pos, &h->period_end);
    if ((h->factuur_ok = field_ok(c, ok, "0116"))) fld_trim(h->factuur, sizeof h->factuur, r + F(0116)->pos, 12);
    if ((h->dagtekening_ok = field_ok(c, ok, "0117"))) date_parse8(r + F(0117)->pos, &h->dagtekening);
    /* RULE: V7 — declaratieperiode reversed or spanning two calendar years */
    if (b_ok && e_ok) {
        int by, bm, bd, ey, em, ed;
        date_civil(h->period_begin, &by, &bm, &bd);
        date_civil(h->period_end, &ey, &em, &ed);
        if (h->period_begin > h->period_end)
            fs_emit(&c->fs, RULE_V7, F(0114), 0, NULL, _("declaratieperiode begins %08ld after it ends %08ld"),
                     date_ymd(by, bm, bd), date_ymd(ey, em, ed));
        else if (by != ey)
            fs_emit(&c->fs, RULE_V7, F(0115), 0, NULL, _("declaratieperiode %08ld-%08ld spans two calendar years"),
                     date_ymd(by, bm, bd), date_ymd(ey, em, ed));
        else
            h->period_ok = 1;
    }
}

/* Day number of a CCYYMMDD that V3 has found a calendar date. */
static long ymd_days(long ymd) { return date_days((int)(ymd / 10000), (int)(ymd / 100 % 100), (int)(ymd % 100)); }

/* Parse a trusted 310-byte 04 into *p. */
static void parse04(chk *c, rec04 *p)
{
    const char *r = c->raw;
    memset(p, 0, sizeof *p);
    p->line = c->line;
    p->raw = r;
    memcpy(p->bsn, r + F(0403)->pos, 9);
    p->bsn_num = (uint32_t)num(r, F(0403));
    fld_trim(p->prestatiecode, sizeof p->prestatiecode, r + F(0417)->pos, 5);
    p->functie = (unsigned)num(r, F(0412));
    p->zzp = (unsigned)num(r, F(0413));
    p->begin_ymd = (long)num(r, F(0414)); /* the digits are CCYYMMDD already (valid: V3) */
    p->end_ymd = (long)num(r, F(0415));
    p->begin = ymd_days(p->begin_ymd);
    p->end = ymd_days(p->end_ymd);
    p->aantal = (unsigned)num(r, F(0418));
    p->eenheid = (unsigned)num(r, F(0419));
    p->percentage = (unsigned)num(r, F(0424));
    if (!p->percentage) p->percentage = 10000; /* 00000: no verrekening, 100 % (the published value) */
    p->tarief = num(r, F(0425));
    p->berekend = num(r, F(0426));
    p->dc = r[F(0427)->pos];
    p->btw = (unsigned)num(r, F(0428));
    p->bedrag = num(r, F(0429));
    p->dc2 = r[F(0430)->pos];
    fld_trim(p->ref, sizeof p->ref, r + F(0431)->pos, 20);
    fld_trim(p->prevref, sizeof p->prevref, r + F(0432)->pos, 20);
}

/* S9 and S10 on the 99 (reported on the 01). */
static void do99(chk *c, const unsigned char *ok)
{
    static const struct { const char *id; const char *code; int which; } counts[] = {
        {"9902", "0151", 0}, {"9903", "0157", 1}, {"9904", "0158", 2}, {"9905", "0153", 3},
        {"9906", "0156", 4}};
    unsigned long real[5] = {c->cnt02, c->cnt03, c->cnt04, c->cnt98,
                             c->cnt02 + c->cnt03 + c->cnt04 + c->cnt98};
    static const char *const what[5] = {N_("02 verzekerdenrecords"), N_("03 debiteurrecords"),
                                        N_("04 prestatierecords"), N_("98 commentaarrecords"),
                                        N_("detail records (02, 03, 04, 98)")};
    for (int i = 0; i < 5; i++) { /* RULE: S9 */
        const lay_field *f = lay_field_find(c->lay, counts[i].id);
        if (!field_ok(c, ok, f->id)) continue;
        uint64_t v = num(c->raw, f);
        if (v != real[i])
            fs_emit(&c->fs, RULE_S9, f, 0, counts[i].code, _("sluitrecord says %llu %s, the file has %lu"),
                     (unsigned long long)v, _(what[i]), real[i]);
    }
    /* RULE: S10 */
    const lay_field *ft = F(9907), *fs = F(9908);
    if (c->sum_ok && field_ok(c, ok, "9907") && field_ok(c, ok, "9908")) {
        int64_t v = (int64_t)num(c->raw, ft);
        if (c->raw[fs->pos] == 'C') v = -v;
        if (v != c->sum0429) {
            char a[48], b[48];
            aw_format_euro(a, sizeof a, v);
            aw_format_euro(b, sizeof b, c->sum0429);
            fs_emit(&c->fs, RULE_S10, ft, 0, NULL,
                     _("totaal declaratiebedrag %s differs from the sum of the 04 records %s"), a, b);
        }
    }
}

/* ---- outcome of one record and its event */

static aw_rc sinks_record(chk *c, const aw_record *r)
{
    for (size_t i = 0; i < c->nsinks; i++)
        if (c->sinks[i].record) {
            aw_rc rc = c->sinks[i].record(c->sinks[i].ud, r);
            if (rc) return rc;
        }
    return AW_OK;
}

static void lv_add(aw_totals *t, const aw_record *r)
{
    t->prestaties++;
    t->ingediend += r->ingediend;
    if (r->outcome == AW_OUT_ACCEPTED) { t->accepted++; t->toegekend += r->toegekend; }
    else t->rejected++;
}

static void finish_record(chk *c, const rec04 *p, const ref_info *ri, int trusted04)
{
    aw_record r;
    memset(&r, 0, sizeof r);
    r.line = c->line;
    r.data = c->raw;
    r.len = c->len;
    memcpy(r.type, c->type, 3);
    r.known = c->lr != NULL;
    r.group_line = c->cur02_line;
    int is01 = is_type(c->type, "01") && c->line == 1;
    if (is01 || c->to01) {
        r.outcome = AW_OUT_NONE;
    } else if (is_type(c->type, "04")) {
        const char *raw = c->raw;
        /* amounts only from a record of the right length: in a shorter or longer one the bytes at
         * their places are not those fields (S10 still sums what it finds there: rule S1) */
        int whole = c->len >= 310;
        uint64_t v;
        const lay_field *f26 = F(0426), *f29 = F(0429), *f30 = F(0430);
        if (trusted04) /* parse04 has the values */
            r.ingediend = p->dc2 == 'C' ? -(int64_t)p->bedrag : (int64_t)p->bedrag;
        else {
            if (whole && fld_uint(raw + f29->pos, f29->len, &v, NULL)) r.ingediend = (int64_t)v;
            if (whole && raw[f30->pos] == 'C') r.ingediend = -r.ingediend;
        }
        if (trusted04) {
            uint64_t tarief = ri->have_tarief ? ri->tarief : p->tarief;
            uint64_t b = ri->have_tarief ? (p->aantal * tarief * p->percentage + 5000) / 10000 : p->berekend;
            r.berekend = (int64_t)(b > 99999999u ? 99999999u : b);
            r.lv = ri->lv;
            fs_bsn(&c->fs, r.bsn, p->bsn);
            memcpy(r.prestatiecode, p->prestatiecode, sizeof r.prestatiecode);
            r.begin = p->begin_ymd;
            r.end = p->end_ymd;
        } else {
            if (whole && fld_uint(raw + f26->pos, f26->len, &v, NULL)) r.berekend = (int64_t)v;
            r.lv = AW_LV_UNKNOWN;
        }
        if (c->fs.rejected) {
            r.outcome = AW_OUT_REJECTED;
            acc_take(&c->acc, AW_SEV_REJECT, r.codes, &r.ncodes);
        } else if (c->cur02_rejected) {
            r.outcome = AW_OUT_REJECTED;
            put_code(r.codes, &r.ncodes, "8002");
        } else if (c->tech) {
            r.outcome = AW_OUT_REJECTED;
            put_code(r.codes, &r.ncodes, "8096");
        } else {
            r.outcome = AW_OUT_ACCEPTED;
            r.tentative = 1;
            put_code(r.codes, &r.ncodes, "8001");
            r.toegekend = r.ingediend;
        }
        acc_take(&c->acc, AW_SEV_WARN, r.codes, &r.ncodes);
        aw_summary *s = c->sum;
        lv_add(&s->total, &r);
        lv_add(&s->by_lv[r.lv], &r);
        if (r.outcome == AW_OUT_REJECTED) s->any_rejected = 1;
    } else {
        r.outcome = c->fs.rejected ? AW_OUT_REJECTED : AW_OUT_ACCEPTED;
        acc_take(&c->acc, AW_SEV_REJECT, r.codes, &r.ncodes);
        acc_take(&c->acc, AW_SEV_WARN, r.codes, &r.ncodes);
        if (!r.ncodes) put_code(r.codes, &r.ncodes, "0200");
        if (c->fs.rejected) c->sum->any_rejected = 1;
        if (is_type(c->type, "02")) c->cur02_rejected = c->fs.rejected > 0;
    }
    if (!c->rc) c->rc = sinks_record(c, &r);
}

/* Looks like UTF-8: valid multi-byte sequences whose character count is 310. */
static int utf8_extra(const char *p, size_t n)
{
    size_t extra = 0, i = 0;
    int multi = 0;
    while (i < n) {
        unsigned char b = (unsigned char)p[i];
        size_t k = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 && b >= 0xC2 ? 1 : (b & 0xF0) == 0xE0 ? 2
                 : (b & 0xF8) == 0xF0 && b <= 0xF4 ? 3 : 99;
        if (k == 99 || i + k >= n + (k ? 0 : 1)) return -1;
        for (size_t j = 1; j <= k; j++)
            if (((unsigned char)p[i + j] & 0xC0) != 0x80) return -1;
        if (k) multi = 1;
        extra += k;
        i += k + 1;
    }
    return multi ? (int)extra : -1;
}


/* One record: every rule and outcome for it. */
static void do_record(chk *c, const rd_line *ln)
{
    unsigned char ok[64];
    unsigned badfields = 0;
    c->line = ln->lineno;
    c->raw = ln->p;
    c->len = ln->len;
    c->type[0] = ln->kept > 0 ? ln->p[0] : '?';
    c->type[1] = ln->kept > 1 ? ln->p[1] : '?';
    c->type[2] = 0;
    c->lr = lay_record_find(c->lay, c->type);
    c->ri = c->lr ? (unsigned)(c->lr - c->lay->records) : 0;
    c->fs.rejected = c->cur_tech = 0;
    c->acc.n = 0;
    c->to01 = c->lr && is_type(c->type, "99");
    int first = ln->lineno == 1;

    /* RULE: S2 — collected, reported once on the 01 at the end */
    if (ln->end != RD_END_CRLF) {
        if (!c->s2_count++) c->s2_first = ln->lineno;
    }

    /* counts for the sluitrecord: by type, also for records of the wrong length */
    if (c->lr && !c->seen99) {
        if (is_type(c->type, "02")) c->cnt02++;
        else if (is_type(c->type, "03")) c->cnt03++;
        else if (is_type(c->type, "04")) c->cnt04++;
        else if (is_type(c->type, "98")) c->cnt98++;
    }

    /* Warm the cache lines of the I10/I12 indexes and the BSN's toewijzingen while the record's
     * fields are checked: the one speed trick here that pays, about 15 % of a whole run
     * (bench/run.sh --one-core, 2026-12-06; transparent huge pages bought 3 % and were removed) */
    if (ln->len == 310 && is_type(c->type, "04")) {
        uint64_t b = 0;
        fld_uint(c->raw + 14, 9, &b, NULL);
        keys_prefetch(c->keys, c->raw + F(0431)->pos, (uint32_t)b, c->raw + F(0417)->pos);
        if (c->ctx->ref) ref_prefetch(c->ctx->ref, (uint32_t)b);
    }

    /* 0429/0430 of every 04 for S10, when the record is long enough to hold them */
    if (is_type(c->type, "04") && !c->seen99) {
        const lay_field *f29 = F(0429), *f30 = F(0430);
        uint64_t v;
        if (ln->kept > f30->pos && fld_uint(c->raw + f29->pos, f29->len, &v, NULL) &&
            (c->raw[f30->pos] == 'D' || c->raw[f30->pos] == 'C'))
            c->sum0429 += c->raw[f30->pos] == 'C' ? -(int64_t)v : (int64_t)v;
        else
            c->sum_ok = 0;
    }

    /* RULE: S4 — a 04 before any 02 gets only this code */
    if (is_type(c->type, "04") && !c->have02) {
        fs_emit(&c->fs, RULE_S4, NULL, 1, NULL, _("prestatierecord 04 before any verzekerdenrecord 02"));
        finish_record(c, NULL, NULL, 0);
        return;
    }

    if (ln->len != 310) { /* RULE: S1 */
        int x = ln->len > 310 && ln->len == ln->kept ? utf8_extra(c->raw, ln->len) : -1;
        if (x > 0 && ln->len - (size_t)x == 310)
            fs_emit(&c->fs, RULE_S1, NULL, 1, NULL,
                     P_("record is %zu bytes, expected 310: it looks like UTF-8 (%d extra byte); "
                        "EI files are ISO-8859-1",
                        "record is %zu bytes, expected 310: it looks like UTF-8 (%d extra bytes); "
                        "EI files are ISO-8859-1", (unsigned long)x), ln->len, x);
        else if (ln->len > 310 && ln->kept > 310 && c->raw[310] == '\r')
            fs_emit(&c->fs, RULE_S1, NULL, 1, NULL,
                     _("record is %zu bytes, expected 310: the lines seem to end in CR alone "
                       "(EI files need CR LF)"), ln->len);
        else
            fs_emit(&c->fs, RULE_S1, NULL, 1, NULL, _("record is %zu bytes, expected 310"),
                     ln->len);
    }
    if (!c->lr) { /* RULE: S3 */
        char q[16];
        size_t o = 0;
        for (size_t i = 0; i < 2 && i < ln->kept; i++) {
            unsigned char b = (unsigned char)c->raw[i];
            if (b >= 0x20 && b < 0x7f) q[o++] = (char)b;
            else o += (size_t)snprintf(q + o, sizeof q - o, "\\x%02X", b);
        }
        q[o] = 0;
        fs_emit(&c->fs, RULE_S3, NULL, 1, NULL, _("unknown record type '%s' (expected 01, 02, 03, 04, 98 or 99)"), q);
    }
    /* RULE: S4 — order */
    if (c->seen99) {
        c->to01 = 0; /* a record after the 99 carries its own code */
        fs_emit(&c->fs, RULE_S4, NULL, 1, NULL, _("record after the sluitrecord 99"));
    } else if (is_type(c->type, "01") && !first) {
        fs_emit(&c->fs, RULE_S4, NULL, 1, NULL, _("second voorlooprecord 01 (first on line 1)"));
    }
    if (is_type(c->type, "03")) /* RULE: S7 */
        fs_emit(&c->fs, RULE_S7, NULL, 1, NULL, _("debiteurrecord 03 is not allowed in a declaration to a zorgkantoor"));

    int detail = c->lr && !is_type(c->type, "01") && !is_type(c->type, "99");
    if (ln->len == 310 && c->lr) {
        /* RULE: S8 — identificatie detailrecord ascending */
        if (detail) {
            const lay_field *fid = &c->lr->fields[1];
            uint64_t id;
            if (fld_uint(c->raw + fid->pos, fid->len, &id, NULL) && id) {
                if (c->have_last_id && id <= c->last_id)
                    fs_emit(&c->fs, RULE_S8, fid, 0, NULL,
                             _("identificatie detailrecord %llu is not greater than the previous %llu"),
                             (unsigned long long)id, (unsigned long long)c->last_id);
                c->last_id = id;
                c->have_last_id = 1;
            }
        }
        if (is_type(c->type, "01") && first) {
            const lay_field *f2 = F(0102), *f3 = F(0103), *f4 = F(0104);
            uint64_t v;
            if (fld_uint(c->raw + f2->pos, 3, &v, NULL) && v != 187) /* RULE: S5 */
                fs_emit(&c->fs, RULE_S5, f2, 0, NULL, v == 428 || v == 430
                         ? _("'%03llu' is an AW319 for a zorgverzekeraar (%s), not a Wlz declaration (187): "
                             "send it to the zorgverzekeraar, not to the zorgkantoor")
                         : _("'%03llu' is not 187 (AW319)"), (unsigned long long)v,
                         v == 428 ? "wijkverpleging, eerstelijnsverblijf" : "zintuiglijk gehandicaptenzorg");
            if (fld_uint(c->raw + f3->pos, 2, &v, NULL) && v != 1) /* RULE: S6 */
                fs_emit(&c->fs, RULE_S6, f3, 0, "0011", _("versienummer '%02llu' is not 01"), (unsigned long long)v);
            if (fld_uint(c->raw + f4->pos, 2, &v, NULL) && v != 3 && v != 4)
                fs_emit(&c->fs, RULE_S6, f4, 0, "8027", _("subversienummer '%02llu' is not 03 or 04"),
                         (unsigned long long)v);
        }
        badfields = check_fields(c, ok);
        if (c->ncond) badfields += check_conds(c, ok);
    }

    /* content layers, only on records without technical findings of their own and with every
     * field well-formed */
    int trusted = ln->len == 310 && c->lr && !c->cur_tech && !badfields;
    rec04 p;
    ref_info ri = {AW_LV_UNKNOWN, 0, 0};
    int t04 = 0;
    if (is_type(c->type, "01") && first && ln->len == 310) {
        do01(c, ok);
        if (trusted && !c->cur_tech && c->ctx->ledger) h_check01(c->ctx->ledger, &c->fs);
    } else if (is_type(c->type, "02") && c->lr) {
        c->have02 = 1;
        c->cur02_line = c->line;
        c->cur02_bsn[0] = 0;
        if (trusted) {
            memcpy(c->cur02_bsn, c->raw + F(0203)->pos, 9);
            c->cur02_bsn[9] = 0;
            ci_check02(&c->fs, c->raw, c->cur02_bsn);
        }
    } else if (is_type(c->type, "04") && trusted) {
        parse04(c, &p);
        ci_check04(&c->fs, &p, c->cur02_bsn[0] ? c->cur02_bsn : NULL, c->keys);
        if (c->ctx->ref) {
            aw_rc rc = ref_check04(c->ctx->ref, &c->fs, &p, &ri);
            if (rc && !c->rc) c->rc = rc;
        }
        ci_timeliness(&c->fs, &p);
        if (c->ctx->ledger) h_check04(c->ctx->ledger, &c->fs, &p, c->keys);
        t04 = 1;
    } else if (is_type(c->type, "99") && !c->seen99 && ln->len == 310) {
        do99(c, ok);
    }
    if (is_type(c->type, "99") && c->lr) c->seen99 = 1;
    finish_record(c, &p, &ri, t04);
}

/* ---- the pass */

static void summary_header(chk *c, aw_summary *s)
{
    const hdr01 *h = &c->hdr;
    if (h->uzovi_ok) snprintf(s->uzovi, sizeof s->uzovi, "%s", h->uzovi);
    if (h->instelling_ok) snprintf(s->instelling, sizeof s->instelling, "%s", h->instelling);
    if (h->factuur_ok) snprintf(s->factuurnummer, sizeof s->factuurnummer, "%s", h->factuur);
    if (h->period_begin) s->period_begin = date_days_to_ymd(h->period_begin);
    if (h->period_end) s->period_end = date_days_to_ymd(h->period_end);
    if (h->dagtekening_ok) s->dagtekening = date_days_to_ymd(h->dagtekening);
    long sub = fs_submission_days(&c->fs);
    s->submission_date = sub >= 0 ? date_days_to_ymd(sub) : 0;
}

aw_rc aw_check_fd(aw_ctx *ctx, int fd, const char *name, const aw_sink *sinks, size_t nsinks,
                  aw_summary *out)
{
    chk *c = mem_calloc(1, sizeof *c);
    sha_state *sha = mem_malloc(sizeof *sha);
    rd_reader *rd = NULL;
    aw_rc rc = AW_OK;
    memset(out, 0, sizeof *out);
    err_clear(ctx);
    /* a regular file is hashed by a helper thread; anything else inline by the reader */
    sha_job *job = c && sha ? sha_job_start(fd) : NULL;
    if (!c || !sha || !(c->keys = keys_new()) || !(rd = rd_new(ctx, fd, name, job ? NULL : sha))) {
        rc = err_set(ctx, AW_ENOMEM, _("out of memory"));
        goto done;
    }
    sha_init(sha);
    c->ctx = c->fs.ctx = ctx;
    c->fs.hdr = &c->hdr;
    c->fs.receive = receive;
    c->fs.ud = c;
    c->sinks = sinks;
    c->nsinks = nsinks;
    c->name = name;
    if ((rc = use_layout(c, &lay_aw319_v13))) goto done;
    c->sum = out;
    c->sum_ok = 1;
    out->name = name;
    out->run_date = ctx->run_date;
    out->controlset = ctx->controlset_id;
    out->have_koppeltabel = ctx->ref && ref_have_koppeltabel(ctx->ref);
    struct stat st; /* a regular file tells how many 04s there can be: size the key sets */
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        keys_reserve(c->keys, (uint64_t)st.st_size / 624 + 1024) < 0) {
        rc = err_set(ctx, AW_ENOMEM, _("out of memory"));
        goto done;
    }
    if (ctx->ref && (rc = ref_file_begin(ctx->ref))) goto done;
    if (ctx->ledger) h_file_begin(ctx->ledger);

    rd_line ln;
    int r;
    while ((r = rd_next(rd, &ln)) == 1) {
        if (ln.lineno == 1 && !(ln.kept >= 2 && ln.p[0] == '0' && ln.p[1] == '1')) {
            c->line = 1;
            c->type[0] = ln.kept > 0 ? ln.p[0] : '?';
            c->type[1] = ln.kept > 1 ? ln.p[1] : '?';
            c->type[2] = 0;
            fs_emit(&c->fs, RULE_S4, NULL, 1, NULL, _("the file does not start with a voorlooprecord 01: nothing checked"));
            rc = c->rc ? c->rc : err_set(ctx, AW_ENOHEADER, _("%s: no voorlooprecord 01 on line 1"), name);
            goto done;
        }
        if (ln.lineno == 1 && ln.len != 310 && ln.kept >= 5 && fld_digits(ln.p + 2, 3) &&
            memcmp(ln.p + 2, "187", 3)) {
            /* RULE: S5 — another EI message (an AW320 most often): one finding, not one per record */
            c->line = 1;
            memcpy(c->type, "01", 3);
            if (!memcmp(ln.p + 2, "188", 3))
                fs_emit(&c->fs, RULE_S5, F(0102), 0, NULL, _("this is an AW320 return file (the zorgkantoor's answer, "
                           "%zu-byte records), not an AW319 declaration: check the AW319 you sent instead"), ln.len);
            else
                fs_emit(&c->fs, RULE_S5, F(0102), 0, NULL, _("this is not an AW319 declaration: the voorlooprecord "
                           "names EI message '%.3s' and is %zu bytes long (an AW319 has 187 and 310 bytes)"), ln.p + 2, ln.len);
            rc = c->rc ? c->rc : err_set(ctx, AW_ENOHEADER, _("%s: not an AW319 (EI message %.3s)"), name, ln.p + 2);
            goto done;
        }
        if (ln.lineno == 1 && ln.kept >= 9 && !memcmp(ln.p + 7, "04", 2) && (rc = use_layout(c, &lay_aw319_v14)))
            goto done;
        if (ln.len == 0) { /* RULE: S2 — an empty line is no record */
            if (!c->s2_count++) c->s2_first = ln.lineno;
            continue;
        }
        c->last_line = ln.lineno;
        out->records++;
        do_record(c, &ln);
        if (!c->rc && ctx->err) c->rc = ctx->err; /* out of memory deep in a rule */
        if (c->rc) { rc = c->rc; goto done; }
    }
    if (r < 0) {
        rc = ctx->err; /* rd_next said why */
        goto done;
    }
    if (c->last_line == 0) {
        c->line = 1;
        memcpy(c->type, "01", 3);
        fs_emit(&c->fs, RULE_S4, NULL, 1, NULL, _("the file is empty: no voorlooprecord 01"));
        rc = c->rc ? c->rc : err_set(ctx, AW_ENOHEADER, _("%s: empty file"), name);
        goto done;
    }

    /* file-level findings detected at the end, reported on the 01 */
    c->to01 = 1;
    if (c->s2_count)
        emit01(c, RULE_S2, c->s2_first, NULL, NULL,
               P_("%lu line not ended by CR LF (empty line, bare LF or bytes after the last CR LF); first on line %lu",
                  "%lu lines not ended by CR LF (empty line, bare LF or bytes after the last CR LF); first on line %lu",
                  c->s2_count), c->s2_count, c->s2_first);
    if (!c->seen99)
        emit01(c, RULE_S4, c->last_line, NULL, NULL, _("sluitrecord 99 missing at the end of the file"));

    /* verdict and the final 01 codes */
    out->technical = c->tech;
    if (c->tech) {
        out->any_rejected = 1;
        out->total.rejected += out->total.accepted;
        out->total.accepted = 0;
        out->total.toegekend = 0;
        for (int i = 0; i < AW_LV_COUNT; i++) {
            out->by_lv[i].rejected += out->by_lv[i].accepted;
            out->by_lv[i].accepted = 0;
            out->by_lv[i].toegekend = 0;
        }
        out->verdict = AW_VERDICT_TECHNICAL;
        put_code(out->codes01, &out->ncodes01, "0001");
        acc_take(&c->acc01, AW_SEV_REJECT, out->codes01, &out->ncodes01);
    } else {
        out->verdict = out->total.rejected == 0 ? AW_VERDICT_ACCEPTED
                       : out->total.accepted == 0 ? AW_VERDICT_REJECTED : AW_VERDICT_PARTIAL;
        put_code(out->codes01, &out->ncodes01, out->verdict == AW_VERDICT_ACCEPTED ? "8001"
                                               : out->verdict == AW_VERDICT_REJECTED ? "8073" : "0200");
        acc_take(&c->acc01, AW_SEV_REJECT, out->codes01, &out->ncodes01);
    }
    acc_take(&c->acc01, AW_SEV_WARN, out->codes01, &out->ncodes01);
    if (!job) {
        sha_hex(sha, out->sha256);
    } else {
        int jr = sha_job_finish(job, rd_bytes(rd), out->sha256);
        job = NULL;
        if (jr) {
            rc = err_set(ctx, AW_EIO, _("%s: the file changed or could not be read while it was checked"), name);
            goto done;
        }
    }
    summary_header(c, out);
    for (size_t i = 0; i < nsinks && !rc; i++)
        if (sinks[i].end) rc = sinks[i].end(sinks[i].ud, out);
    if (!rc && c->rc) rc = c->rc;

done:
    if (job) sha_job_finish(job, -1, NULL);
    if (c) keys_free(c->keys);
    rd_free(rd);
    mem_free(sha);
    mem_free(c);
    return rc;
}
