/* SPDX-License-Identifier: MIT */
/* pattern.c — the published field patterns of a Vektis EI table ("reguliere expressie") as
 * small deterministic automata over the field's bytes.
 *
 * A pattern is matched against a whole field of a fixed width (as an XML Schema pattern is):
 * `1|2` on a one-byte field, `^[^\s].{19}` on a twenty-byte one.  The published patterns use
 * literals, `.`, `\s`, `\xNN`, bracket classes with ranges (`[a-zA-ZÀ-ÿ]`, written in UTF-8:
 * characters up to U+00FF are the ISO-8859-1 bytes of the file), groups, alternation, `?`,
 * `{n}`, `{n,m}`, and `^`, `$`, `(?!…)` at the start or end of a top-level alternative.
 * Unbounded repetition (`*`, `+`, `{n,}`) and anything else is refused with a message.
 *
 * Because the width is fixed, every pattern unfolds into a finite set of byte-class sequences
 * (the "paths"): an alternative's paths of exactly the field's width are the values it
 * accepts, and the paths of its lookahead are the prefixes it refuses.  The automaton's state
 * after k bytes is the set of paths still alive; states are built position by position, bytes
 * that no class tells apart share a column.  Matching is then one table step per byte. */
#include "layout.h"
#include "ctx.h"
#include "nls.h"
#include <stdio.h>
#include <string.h>

#define PAT_MAXPATHS 64        /* alive paths are a 64-bit set */
#define PAT_MAXWORK 4096       /* paths while unfolding (before those of the wrong width go) */
#define PAT_MAXCLASSES 64
#define PAT_MAXSTATES 4096

typedef struct { uint64_t w[4]; } bset;

typedef struct path {
    unsigned char *cls;        /* class index per position */
    unsigned len;
    int alt;                   /* top-level alternative */
    int neg;                   /* a refused prefix (lookahead) */
} path;

typedef struct pset { path *v; size_t n, cap; } pset;

typedef struct parser {
    const unsigned char *re;   /* the whole pattern (for the offset in messages) */
    const unsigned char *s;
    unsigned width;
    bset cls[PAT_MAXCLASSES];
    unsigned ncls;
    aw_ctx *ctx;               /* where a failure is reported */
    int failed;
} parser;

struct pat {
    unsigned width;
    unsigned ncols;
    uint16_t start;            /* 0 = the pattern accepts nothing */
    unsigned char col[256];    /* byte -> column */
    uint16_t *next;            /* [state * ncols + column]; state 0 = dead */
};

/* A pattern outside what is translated faithfully: AW_EUSAGE (the tables are made by us, and
 * tests/check_v14.c compiles every published pattern). */
static void fail(parser *ps, const char *what)
{
    if (!ps->failed) err_set(ps->ctx, AW_EUSAGE, "%s at offset %u", what, (unsigned)(ps->s - ps->re));
    ps->failed = 1;
}

static void oom(parser *ps)
{
    if (!ps->failed) err_set(ps->ctx, AW_ENOMEM, _("out of memory"));
    ps->failed = 1;
}

static void bs_add(bset *b, unsigned x) { b->w[x >> 6] |= (uint64_t)1 << (x & 63); }
static int bs_has(const bset *b, unsigned x) { return (int)(b->w[x >> 6] >> (x & 63) & 1); }

static void bs_space(bset *b)
{
    static const char sp[] = " \t\n\r\f\v";
    for (const char *p = sp; *p; p++) bs_add(b, (unsigned char)*p);
}

static int intern(parser *ps, const bset *b)
{
    for (unsigned i = 0; i < ps->ncls; i++)
        if (!memcmp(&ps->cls[i], b, sizeof *b)) return (int)i;
    if (ps->ncls == PAT_MAXCLASSES) { fail(ps, "too many byte classes"); return 0; }
    ps->cls[ps->ncls] = *b;
    return (int)ps->ncls++;
}

/* ---- path sets */

static void ps_free(pset *s)
{
    for (size_t i = 0; i < s->n; i++) mem_free(s->v[i].cls);
    mem_free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}

static int ps_push(parser *ps, pset *s, const unsigned char *a, unsigned na, const unsigned char *b,
                   unsigned nb)
{
    if (na + nb > ps->width) return 1; /* longer than the field: can never match */
    if (s->n == PAT_MAXWORK) { fail(ps, "pattern unfolds into too many alternatives"); return 0; }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        path *v = mem_realloc(s->v, cap * sizeof *v);
        if (!v) { oom(ps); return 0; }
        s->v = v;
        s->cap = cap;
    }
    unsigned char *c = mem_malloc(na + nb);
    if (!c) { oom(ps); return 0; }
    if (na) memcpy(c, a, na);
    if (nb) memcpy(c + na, b, nb);
    s->v[s->n++] = (path){c, na + nb, 0, 0};
    return 1;
}

static void ps_union(parser *ps, pset *into, pset *from)
{
    for (size_t i = 0; i < from->n && !ps->failed; i++) ps_push(ps, into, from->v[i].cls, from->v[i].len, NULL, 0);
    ps_free(from);
}

/* a := a followed by b (every pair) */
static void ps_concat(parser *ps, pset *a, const pset *b)
{
    pset r = {0};
    for (size_t i = 0; i < a->n && !ps->failed; i++)
        for (size_t j = 0; j < b->n && !ps->failed; j++)
            ps_push(ps, &r, a->v[i].cls, a->v[i].len, b->v[j].cls, b->v[j].len);
    ps_free(a);
    *a = r;
}

static pset ps_empty(parser *ps)
{
    pset s = {0};
    ps_push(ps, &s, NULL, 0, NULL, 0);
    return s;
}

/* ---- the parser: each level returns the set of paths of what it read */

static pset parse_alt(parser *ps, int top);

static unsigned utf8(parser *ps)
{
    const unsigned char *s = ps->s;
    unsigned c = s[0];
    if (c < 0x80) { ps->s++; return c; }
    if ((c & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
        ps->s += 2;
        c = (c & 0x1F) << 6 | (s[1] & 0x3F);
        if (c > 0xFF) fail(ps, "a character outside ISO-8859-1");
        return c & 0xFF;
    }
    fail(ps, "a character outside ISO-8859-1");
    ps->s++;
    return 0;
}

static unsigned hexval(int x) { return x <= '9' ? (unsigned)(x - '0') : (unsigned)((x | 0x20) - 'a' + 10); }

/* An escape after the backslash: \s, \xNN, or a literal punctuation byte.  Adds to b. */
static void escape(parser *ps, bset *b)
{
    unsigned c = *ps->s;
    if (c == 's') { ps->s++; bs_space(b); return; }
    if (c == 'x' && ps->s[1] && ps->s[2] && strchr("0123456789abcdefABCDEF", ps->s[1]) &&
        strchr("0123456789abcdefABCDEF", ps->s[2])) {
        bs_add(b, hexval(ps->s[1]) << 4 | hexval(ps->s[2]));
        ps->s += 3;
        return;
    }
    if (c && strchr("\\.^$|?*+()[]{}-/", (int)c)) { ps->s++; bs_add(b, c); return; }
    fail(ps, "an escape the checker does not know");
}

static void bracket(parser *ps, bset *b)
{
    int neg = *ps->s == '^';
    bset in = {{0}};
    if (neg) ps->s++;
    int first = 1;
    while (*ps->s && (*ps->s != ']' || first)) {
        first = 0;
        if (*ps->s == '\\') { ps->s++; escape(ps, &in); continue; }
        unsigned lo = utf8(ps);
        if (*ps->s == '-' && ps->s[1] && ps->s[1] != ']') {
            ps->s++;
            unsigned hi = utf8(ps);
            if (hi < lo) { fail(ps, "a reversed range"); return; }
            for (unsigned x = lo; x <= hi; x++) bs_add(&in, x);
        } else bs_add(&in, lo);
    }
    if (*ps->s != ']') { fail(ps, "an unclosed ["); return; }
    ps->s++;
    for (unsigned x = 0; x < 256; x++)
        if (bs_has(&in, x) != neg) bs_add(b, x);
}

static pset atom(parser *ps)
{
    bset b = {{0}};
    unsigned c = *ps->s;
    if (c == '(') {
        ps->s++;
        if (ps->s[0] == '?') { fail(ps, "a group modifier other than a leading (?!"); return (pset){0}; }
        pset s = parse_alt(ps, 0);
        if (*ps->s != ')') { fail(ps, "an unclosed ("); ps_free(&s); return (pset){0}; }
        ps->s++;
        return s;
    }
    if (c == '[') { ps->s++; bracket(ps, &b); }
    else if (c == '.') { ps->s++; for (unsigned x = 0; x < 256; x++) if (x != '\n') bs_add(&b, x); }
    else if (c == '\\') { ps->s++; escape(ps, &b); }
    else if (c == '^' || c == '$') { fail(ps, "an anchor inside the pattern"); return (pset){0}; }
    else if (strchr("*+?{})]", (int)c)) { fail(ps, "a misplaced operator"); return (pset){0}; }
    else bs_add(&b, utf8(ps));
    pset s = {0};
    unsigned char k = (unsigned char)intern(ps, &b);
    ps_push(ps, &s, &k, 1, NULL, 0);
    return s;
}

static unsigned number(parser *ps)
{
    unsigned v = 0;
    if (*ps->s < '0' || *ps->s > '9') fail(ps, "a number expected in {}");
    while (*ps->s >= '0' && *ps->s <= '9' && v < 10000) v = v * 10 + (unsigned)(*ps->s++ - '0');
    return v;
}

/* atom, then an optional ? or {n} or {n,m} */
static pset repeat(parser *ps)
{
    pset a = atom(ps);
    unsigned lo = 1, hi = 1;
    if (*ps->s == '?') { ps->s++; lo = 0; }
    else if (*ps->s == '*' || *ps->s == '+') { fail(ps, "unbounded repetition"); }
    else if (*ps->s == '{') {
        ps->s++;
        lo = hi = number(ps);
        if (*ps->s == ',') {
            ps->s++;
            if (*ps->s == '}') fail(ps, "unbounded repetition");
            hi = number(ps);
        }
        if (*ps->s != '}' || hi < lo) fail(ps, "a malformed {n,m}");
        else ps->s++;
    }
    if (ps->failed) { ps_free(&a); return (pset){0}; }
    if (lo == 1 && hi == 1) return a;
    /* the paths of lo..hi copies: cur = a^k, growing k until no path fits the width */
    pset out = {0}, cur = ps_empty(ps);
    for (unsigned k = 0; k <= hi && cur.n && !ps->failed; k++) {
        if (k >= lo)
            for (size_t i = 0; i < cur.n; i++) ps_push(ps, &out, cur.v[i].cls, cur.v[i].len, NULL, 0);
        if (k < hi) ps_concat(ps, &cur, &a);
    }
    ps_free(&cur);
    ps_free(&a);
    return out;
}

static int stop(const parser *ps) { return !*ps->s || *ps->s == '|' || *ps->s == ')'; }

/* A sequence.  At the top level it may start with ^ and a (?!…) lookahead and end with $;
 * the lookahead's paths come back in *neg. */
static pset concat(parser *ps, int top, pset *neg)
{
    pset s = ps_empty(ps);
    if (top && *ps->s == '^') ps->s++;
    if (top && !strncmp((const char *)ps->s, "(?!", 3)) {
        ps->s += 3;
        *neg = parse_alt(ps, 0);
        if (*ps->s != ')') fail(ps, "an unclosed (?!");
        else ps->s++;
    }
    while (!stop(ps) && !ps->failed) {
        if (top && *ps->s == '$' && (ps->s[1] == 0 || ps->s[1] == '|')) { ps->s++; break; }
        pset r = repeat(ps);
        ps_concat(ps, &s, &r);
        ps_free(&r);
    }
    return s;
}

static pset parse_alt(parser *ps, int top)
{
    pset all = {0};
    int alt = 0;
    do {
        pset neg = {0};
        pset s = concat(ps, top, &neg);
        size_t before = all.n;
        ps_union(ps, &all, &s);
        for (size_t i = before; i < all.n; i++) all.v[i].alt = alt;
        before = all.n;
        ps_union(ps, &all, &neg);
        for (size_t i = before; i < all.n; i++) { all.v[i].alt = alt; all.v[i].neg = 1; }
        alt++;
    } while (*ps->s == '|' && ps->s++ && !ps->failed);
    return all;
}

/* ---- the automaton */

typedef struct dstate { uint64_t alive; unsigned pos; } dstate;

/* The set reached from `alive` at position pos on a byte of column col; 0 = dead. */
static uint64_t step(const path *v, size_t n, const parser *ps, uint64_t alive, unsigned pos, unsigned byte)
{
    uint64_t out = 0, killed = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(alive >> i & 1) || pos >= v[i].len || !bs_has(&ps->cls[v[i].cls[pos]], byte)) continue;
        if (v[i].neg && v[i].len == pos + 1) killed |= (uint64_t)1 << v[i].alt; /* refused prefix */
        else out |= (uint64_t)1 << i;
    }
    for (size_t i = 0; i < n; i++) /* a refused prefix kills its alternative */
        if ((out >> i & 1) && (killed >> v[i].alt & 1)) out &= ~((uint64_t)1 << i);
    for (size_t i = 0; i < n; i++)
        if ((out >> i & 1) && !v[i].neg) return out;
    return 0; /* no accepting path left */
}

pat *pat_compile(aw_ctx *ctx, const char *re, unsigned width)
{
    parser ps = {(const unsigned char *)re, (const unsigned char *)re, width, {{{0}}}, 0, ctx, 0};
    pat *p = NULL;
    dstate *st = NULL;
    pset all = parse_alt(&ps, 1);
    if (!ps.failed && *ps.s) fail(&ps, "an unmatched )");
    if (ps.failed) goto out;
    /* keep the accepting paths of exactly the width and the refused prefixes */
    size_t n = 0;
    int accepts = 0;
    for (size_t i = 0; i < all.n; i++)
        if (all.v[i].neg && !all.v[i].len) { err_set(ctx, AW_EUSAGE, "an empty (?!) refuses everything"); goto out; }
    for (size_t i = 0; i < all.n; i++) {
        if (!all.v[i].neg && all.v[i].len != width) { mem_free(all.v[i].cls); continue; }
        accepts |= !all.v[i].neg;
        all.v[n++] = all.v[i];
    }
    all.n = n;
    if (n > PAT_MAXPATHS) { err_set(ctx, AW_EUSAGE, "pattern has %zu paths (at most %d)", n, PAT_MAXPATHS); goto out; }

    p = mem_calloc(1, sizeof *p);
    st = mem_malloc(PAT_MAXSTATES * sizeof *st);
    if (!p || !st) { err_set(ctx, AW_ENOMEM, _("out of memory")); goto fail; }
    p->width = width;
    /* columns: bytes that every class treats alike */
    uint64_t sig[256];
    unsigned char rep[256];
    for (unsigned b = 0; b < 256; b++) {
        sig[b] = 0;
        for (unsigned k = 0; k < ps.ncls; k++) sig[b] |= (uint64_t)bs_has(&ps.cls[k], b) << k;
        unsigned c = 0;
        while (c < p->ncols && sig[rep[c]] != sig[b]) c++;
        if (c == p->ncols) rep[p->ncols++] = (unsigned char)b;
        p->col[b] = (unsigned char)c;
    }
    /* states, breadth first by position; state 0 is dead */
    uint64_t start = 0;
    for (size_t i = 0; i < n && accepts; i++) start |= (uint64_t)1 << i;
    unsigned nst = 1, cap = 64;
    p->next = mem_calloc((size_t)cap * p->ncols, sizeof *p->next);
    if (!p->next) { err_set(ctx, AW_ENOMEM, _("out of memory")); goto fail; }
    if (start) { st[1] = (dstate){start, 0}; nst = 2; p->start = 1; }
    for (unsigned s = 1; s < nst; s++) {
        if (st[s].pos == width) continue; /* the end: every live state here accepts */
        for (unsigned c = 0; c < p->ncols; c++) {
            uint64_t nx = step(all.v, n, &ps, st[s].alive, st[s].pos, rep[c]);
            unsigned t = 0;
            if (nx) {
                for (t = 1; t < nst; t++)
                    if (st[t].alive == nx && st[t].pos == st[s].pos + 1) break;
                if (t == nst) {
                    if (nst == PAT_MAXSTATES) { err_set(ctx, AW_EUSAGE, "pattern needs too many states"); goto fail; }
                    if (nst == cap) {
                        uint16_t *g = mem_realloc(p->next, (size_t)cap * 2 * p->ncols * sizeof *g);
                        if (!g) { err_set(ctx, AW_ENOMEM, _("out of memory")); goto fail; }
                        memset(g + (size_t)cap * p->ncols, 0, (size_t)cap * p->ncols * sizeof *g);
                        p->next = g;
                        cap *= 2;
                    }
                    st[nst++] = (dstate){nx, st[s].pos + 1};
                }
            }
            p->next[(size_t)s * p->ncols + c] = (uint16_t)t;
        }
    }
    goto out;
fail:
    pat_free(p);
    p = NULL;
out:
    mem_free(st);
    ps_free(&all);
    return p;
}

int pat_match(const pat *p, const char *v)
{
    unsigned s = p->start;
    for (unsigned i = 0; i < p->width && s; i++) s = p->next[(size_t)s * p->ncols + p->col[(unsigned char)v[i]]];
    return s != 0;
}

void pat_free(pat *p)
{
    if (!p) return;
    mem_free(p->next);
    mem_free(p);
}
