/* SPDX-License-Identifier: MIT */
/* xmlio.c — the one place where libxml2 and libxslt are configured and hardened (doc/hardening.md):
 * parser options, the refuse-all external entity loader (installed once by aw_global_init)
 * with its one opening for a schema's own directory, per-reader structured errors and the
 * process-wide error functions (nothing of libxml2 reaches stderr), the input guard in front
 * of the streaming reader (size limits checked before libxml2 parses), and the libxslt
 * security preferences. */
#include "xmlio.h"
#include "config.h"
#include "nls.h"
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>
#include <libxml/uri.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltutils.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdarg.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

int xmlio_parse_options(void)
{
    int o = XML_PARSE_NONET | XML_PARSE_BIG_LINES; /* BIG_LINES: true line numbers past 65535 */
#if defined(HAVE_DECL_XML_PARSE_NO_XXE) && HAVE_DECL_XML_PARSE_NO_XXE
    o |= XML_PARSE_NO_XXE;
#endif
    return o;
}

/* ---- stray reports: libxml2's per-thread generic and structured error functions */
static _Thread_local xmlio_errors *sink;  /* collector of this thread's stray reports, or NULL */

xmlio_errors *xmlio_errors_catch(xmlio_errors *e)
{
    xmlio_errors *prev = sink;
    sink = e;
    return prev;
}

void xmlio_errors_release(xmlio_errors *prev) { sink = prev; }

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' ')) s[--n] = 0;
}

/* The file of a report: libxml2 names a schema's import by its URI, escaped ("%20"). */
static void set_file(xmlio_errors *e, const char *f)
{
    char *plain = f && strchr(f, '%') ? xmlURIUnescapeString(f, 0, NULL) : NULL;
    snprintf(e->file, sizeof e->file, "%s", plain ? plain : f ? f : "");
    xmlFree(plain);
}

/* Record the first error (its line, file, domain) into e; warnings only complete the location
 * of a first error that had none (the loader's refusal below, completed by libxml2's report of
 * the import that asked for it).  The callback's signature changed in libxml2 2.12. */
#if LIBXML_VERSION >= 21200
static void on_error(void *ud, const xmlError *err)
#else
static void on_error(void *ud, xmlErrorPtr err)
#endif
{
    xmlio_errors *e = ud;
    if (!e || !err) return;
    if (e->where && err->line > 0) {
        e->where = 0;
        e->line = err->line;
        set_file(e, err->file);
    }
    if (err->level < XML_ERR_ERROR) return;
    if (e->count++) return;
    e->line = err->line;
    e->domain = err->domain;
    set_file(e, err->file);
    snprintf(e->msg, sizeof e->msg, "%s", err->message ? err->message : _("XML error"));
    chomp(e->msg);
}

#if LIBXML_VERSION >= 21200
static void on_stray(void *ud, const xmlError *err)
#else
static void on_stray(void *ud, xmlErrorPtr err)
#endif
{
    (void)ud;
    on_error(sink, err);
}

/* The generic channel gets unstructured text ("Unimplemented block at xmlschemas.c:28711"):
 * the first one is kept in msg as a notice until an error comes. */
static void on_generic(void *ud, const char *fmt, ...)
{
    (void)ud;
    xmlio_errors *e = sink;
    if (!e || e->count || e->msg[0]) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    char *nl = strchr(e->msg, '\n');
    if (nl) *nl = 0;
}

/* The loader's refusal of a file a schema names: the first error, its location to come. */
static ATTR_PRINTF(1, 2) void refuse(const char *fmt, ...)
{
    xmlio_errors *e = sink;
    if (!e || e->count) return;
    e->count = 1;
    e->where = 1;
    e->line = 0;
    e->domain = XML_FROM_IO;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
}

/* ---- the external entity loader */

/* The external entity loader for the whole process: nothing outside the document is ever
 * loaded (DTDs, external entities, XIncludes), with one exception: while this thread loads a
 * trusted file, the file itself (xmlio_read_doc), or the schema and the files it includes or
 * imports from its own directory (xmlio_schema_load: names matched without regard to case).
 * libxml2 opens the top-level file of xmlReadFile and of the schema parser through this
 * loader too. */
static _Thread_local const char *trusted;      /* realpath of a file or directory, or NULL */
static _Thread_local int trusted_is_dir;

/* 1 when real (a realpath) is the trusted file, or with a trusted directory inside it. */
static int within(const char *real, int dir_itself)
{
    size_t n = strlen(trusted);
    if (!trusted_is_dir) return strcmp(real, trusted) == 0;
    if (dir_itself && (!strcmp(real, trusted) || (!n && !strcmp(real, "/")))) return 1;
    return strncmp(real, trusted, n) == 0 && real[n] == '/';
}

int xmlio_find_nocase(const char *dir, const char *name, char *out, size_t n)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    char best[256] = "";
    int exact = 0, several = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, name)) {
            exact = 1;
            snprintf(best, sizeof best, "%s", de->d_name);
            break;
        }
        if (strcasecmp(de->d_name, name)) continue;
        if (best[0]) several = 1;
        else snprintf(best, sizeof best, "%s", de->d_name);
    }
    closedir(d);
    if (!best[0]) return 1;
    if (several && !exact) return 2;
    int w = snprintf(out, n, "%s/%s", dir, best);
    if (w < 0 || (size_t)w >= n) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}

/* A file a schema names (or the schema itself), mapped into the trusted directory. */
static xmlParserInputPtr schema_input(const char *url, xmlParserCtxtPtr ctxt)
{
    if (!strncmp(url, "file://", 7)) url += 7;
    else if (strstr(url, "://")) {
        refuse(_("'%s' is not a local file: a schema's imports are read from its own directory"), url);
        return NULL;
    }
    /* xmlBuildURI escapes (a space as %20): undo it */
    char *plain = xmlURIUnescapeString(url, 0, NULL);
    if (!plain) return NULL;
    char dir[4096], real[4096], found[4096], freal[4096];
    xmlParserInputPtr in = NULL;
    const char *slash = strrchr(plain, '/'), *name = slash ? slash + 1 : plain;
    int w = !slash ? snprintf(dir, sizeof dir, ".")
                   : slash == plain ? snprintf(dir, sizeof dir, "/")
                                    : snprintf(dir, sizeof dir, "%.*s", (int)(slash - plain), plain);
    if (w < 0 || (size_t)w >= sizeof dir || !realpath(dir, real)) {
        refuse(_("'%s' is not in the schema directory %s (no such directory)"), plain,
               trusted[0] ? trusted : "/");
        goto out;
    }
    if (!within(real, 1)) {
        refuse(_("'%s' is outside the schema directory %s: a schema's imports are read from "
                 "that directory only"), plain, trusted[0] ? trusted : "/");
        goto out;
    }
    struct stat st;
    switch (xmlio_find_nocase(dir, name, found, sizeof found)) {
    case 0:
        if (!realpath(found, freal) || !within(freal, 0))
            refuse(_("'%s' leads outside the schema directory %s"), found, trusted);
        else if (stat(found, &st) != 0 || !S_ISREG(st.st_mode))
            refuse(_("'%s' is not a regular file"), found);
        else
            in = xmlNewInputFromFile(ctxt, found);
        break;
    case 2:
        refuse(_("'%s': several files in %s have this name in different letter case; keep one"),
               name, dir);
        break;
    default:
        refuse(_("'%s' is not in the schema directory %s (names are matched without regard to "
                 "case)"), name, dir);
        break;
    }
out:
    xmlFree(plain);
    return in;
}

static xmlParserInputPtr refuse_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)id;
    /* never anything a document asks for: an input is open, or this is the sub-parser
     * libxml2 makes for an external entity (input_id above the main document's 1) */
    int inside = ctxt && (ctxt->inputNr > 0 || ctxt->input_id > 1);
    if (inside || !trusted || !url) return NULL;
    if (trusted_is_dir) return schema_input(url, ctxt);
    if (!strncmp(url, "file://", 7)) url += 7;
    else if (strstr(url, "://")) return NULL;       /* no network, no other schemes */
    char real[4096];
    if (!realpath(url, real) || !within(real, 0)) return NULL;
    return xmlNewInputFromFile(ctxt, url);
}

/* Trust path (a file, or with dir = 1 the directory that holds it) until untrust(). */
static int trust(const char *path, int dir, char real[4096])
{
    char tmp[4096];
    if (dir) {
        const char *slash = strrchr(path, '/');
        int w = slash ? snprintf(tmp, sizeof tmp, "%.*s", (int)(slash - path), path)
                      : snprintf(tmp, sizeof tmp, ".");
        if (w <= 0 || (size_t)w >= sizeof tmp) return -1;
        if (!tmp[0]) strcpy(tmp, "/");
        path = tmp;
    }
    if (!realpath(path, real)) return -1;
    if (dir && !strcmp(real, "/")) real[0] = 0; /* "/x.xsd": prefix "" + '/' */
    trusted = real;
    trusted_is_dir = dir;
    return 0;
}

static void untrust(void) { trusted = NULL; trusted_is_dir = 0; }

static int initialized;
static xsltSecurityPrefsPtr prefs;

void aw_global_init(void)
{
    if (initialized) return;
    initialized = 1;
    xmlInitParser();
    xmlSetExternalEntityLoader(refuse_loader);
    xmlSubstituteEntitiesDefault(0);
    xmlLoadExtDtdDefaultValue = 0;
    /* this thread's error functions, and the defaults of threads made later */
    xmlSetGenericErrorFunc(NULL, on_generic);
    xmlThrDefSetGenericErrorFunc(NULL, on_generic);
    xmlSetStructuredErrorFunc(NULL, (xmlStructuredErrorFunc)on_stray);
    xmlThrDefSetStructuredErrorFunc(NULL, (xmlStructuredErrorFunc)on_stray);
    xsltSetGenericErrorFunc(NULL, on_generic);
    prefs = xsltNewSecurityPrefs();
    if (prefs) {
        xsltSetSecurityPrefs(prefs, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
        xsltSetSecurityPrefs(prefs, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
        xsltSetSecurityPrefs(prefs, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
        xsltSetSecurityPrefs(prefs, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
        xsltSetDefaultSecurityPrefs(prefs);
    }
}

void aw_global_cleanup(void)
{
    if (!initialized) return;
    initialized = 0;
    xsltSetDefaultSecurityPrefs(NULL);
    if (prefs) xsltFreeSecurityPrefs(prefs);
    prefs = NULL;
    xsltCleanupGlobals();
    xmlCleanupParser();
}

static void errors_attach_reader(xmlTextReaderPtr r, xmlio_errors *e)
{
    xmlTextReaderSetStructuredErrorHandler(r, (xmlStructuredErrorFunc)on_error, e);
}

void xmlio_errors_attach_schema_valid(xmlSchemaValidCtxtPtr v, xmlio_errors *e)
{
    xmlSchemaSetValidStructuredErrors(v, (xmlStructuredErrorFunc)on_error, e);
}

static void errors_attach_schema_parser(xmlSchemaParserCtxtPtr p, xmlio_errors *e)
{
    xmlSchemaSetParserStructuredErrors(p, (xmlStructuredErrorFunc)on_error, e);
}

/* ---- the input guard: a scanner over the raw characters, between the file and libxml2.
 * It follows just enough of XML's syntax to count (start and end tags, attribute values,
 * comments, PIs, CDATA sections, DOCTYPE) and works on code units: bytes for UTF-8 and the
 * other ASCII-compatible encodings, 16-bit units for UTF-16 (markup is ASCII in both). */
enum { G_TEXT, G_LT, G_NAME, G_TAG, G_ANAME, G_VALUE, G_ETAG, G_PI, G_BANG, G_COMMENT, G_CDATA,
       G_DECL };
enum { ENC_UNKNOWN, ENC_BYTES, ENC_UTF16LE, ENC_UTF16BE };

typedef struct guard {
    int fd;
    xmlio_errors *e;
    xmlio_errors *prev;       /* the collector before this reader's (xmlio_reader_close) */
    int enc, odd;             /* odd: a UTF-16 byte waiting for its pair (in oddb) */
    unsigned char oddb;
    int st, quote, slash, nest;
    unsigned depth, attrs;
    long run;                 /* characters of the current name, text, value ... */
    unsigned p1, p2;          /* the last two units (for "?>", "-->", "]]>") */
    unsigned long line;       /* line at the start of chunk (bytes) or of the unit (UTF-16) */
    const unsigned char *chunk; /* bytes being scanned (lines counted only when needed) */
    size_t pos;               /* the byte of chunk at hand */
    int failed;
    size_t have, off;         /* buf[off, have): scanned, not yet handed to libxml2 */
    unsigned char buf[65536]; /* libxml2 asks for 4000 bytes at a time: read more at once */
} guard;

/* Newlines in b[0, n), eight bytes at a time: a byte of x is zero where b has '\n'; each
 * such byte gets its top bit in z (exactly: no borrow between bytes), and the multiply
 * adds the eight bits up in the top byte. */
static size_t count_nl(const unsigned char *b, size_t n)
{
    const uint64_t ones = 0x0101010101010101u, low7 = 0x7f7f7f7f7f7f7f7fu;
    size_t k = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        uint64_t x = w ^ (ones * '\n');
        uint64_t z = ~(((x & low7) + low7) | x) & ~low7;
        k += (size_t)(((z >> 7) * ones) >> 56);
    }
    for (; i < n; i++) k += b[i] == '\n';
    return k;
}

static unsigned long line_at(const guard *g)
{
    return g->chunk ? g->line + count_nl(g->chunk, g->pos) : g->line;
}

static ATTR_PRINTF(2, 3) int over(guard *g, const char *fmt, ...)
{
    xmlio_errors *e = g->e;
    g->failed = 1;
    if (e->count++) return -1;
    unsigned long line = line_at(g);
    e->line = line > 0x7fffffffUL ? 0x7fffffff : (int)line;
    e->domain = XMLIO_FROM_LIMIT;
    e->file[0] = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return -1;
}

/* What is longer than XMLIO_MAX_TEXT: a whole message each (marked N_, translated when one is
 * refused). */
enum { L_TEXT, L_VALUE, L_PI, L_COMMENT, L_CDATA, L_DOCTYPE };
static const char *const too_long_msg[] = {
    [L_TEXT] = N_("a text longer than %ld characters: refused (the limit for one text; an AW33 has "
                  "nothing near it)"),
    [L_VALUE] = N_("an attribute value longer than %ld characters: refused (the limit for one attribute "
                   "value; an AW33 has nothing near it)"),
    [L_PI] = N_("a processing instruction longer than %ld characters: refused (the limit for one "
                "processing instruction; an AW33 has nothing near it)"),
    [L_COMMENT] = N_("a comment longer than %ld characters: refused (the limit for one comment; an AW33 "
                     "has nothing near it)"),
    [L_CDATA] = N_("a CDATA section longer than %ld characters: refused (the limit for one CDATA section; "
                   "an AW33 has nothing near it)"),
    [L_DOCTYPE] = N_("a DOCTYPE longer than %ld characters: refused (the limit for one DOCTYPE; an AW33 "
                     "has nothing near it)")};
#define TOO_LONG(what) over(g, _(too_long_msg[what]), XMLIO_MAX_TEXT)

static int is_space(unsigned c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

/* One code unit; -1 when a limit is passed (g->e says which). */
static int step(guard *g, unsigned c)
{
    switch (g->st) {
    case G_TEXT:
        if (c == '<') g->st = G_LT;
        else if (++g->run > XMLIO_MAX_TEXT) return TOO_LONG(L_TEXT);
        return 0;
    case G_LT:
        g->run = 0;
        g->p1 = g->p2 = 0;
        if (c == '/') g->st = G_ETAG;
        else if (c == '?') g->st = G_PI;
        else if (c == '!') g->st = G_BANG;
        else {
            if (++g->depth > XMLIO_MAX_DEPTH)
                return over(g, _("elements nested more than %d deep: refused (an AW33 needs "
                               "about 10)"), XMLIO_MAX_DEPTH);
            g->attrs = 0;
            g->slash = 0;
            g->run = 1;
            g->st = G_NAME;
        }
        return 0;
    case G_NAME:
    case G_ANAME:
        if (!is_space(c) && c != '=' && c != '>' && c != '/' && c != '"' && c != '\'') {
            if (++g->run > XMLIO_MAX_NAME)
                return over(g, _("a name longer than %d characters: refused (the limit for an "
                               "element or attribute name)"), XMLIO_MAX_NAME);
            return 0;
        }
        g->st = G_TAG;
        /* fall through */
    case G_TAG:
        if (c == '>') {
            if (g->slash) g->depth--;
            g->run = 0;
            g->st = G_TEXT;
            return 0;
        }
        g->slash = c == '/';
        if (c == '"' || c == '\'') {
            g->quote = (int)c;
            g->run = 0;
            g->st = G_VALUE;
        } else if (!is_space(c) && c != '=' && c != '/') {
            if (++g->attrs > XMLIO_MAX_ATTRS)
                return over(g, _("more than %d attributes on one element: refused (an AW33 "
                               "element has a few)"), XMLIO_MAX_ATTRS);
            g->run = 1;
            g->st = G_ANAME;
        }
        return 0;
    case G_VALUE:
        if (c == (unsigned)g->quote) g->st = G_TAG;
        else if (++g->run > XMLIO_MAX_TEXT) return TOO_LONG(L_VALUE);
        return 0;
    case G_ETAG:
        if (c == '>') {
            if (g->depth) g->depth--;
            g->run = 0;
            g->st = G_TEXT;
        } else if (++g->run > XMLIO_MAX_NAME + 64) {
            return over(g, _("an end tag longer than %d characters: refused"), XMLIO_MAX_NAME + 64);
        }
        return 0;
    case G_BANG:
        if (c == '-') g->st = G_COMMENT;
        else if (c == '[') g->st = G_CDATA;
        else {
            if (c == 'D' && !g->e->doctype_line) g->e->doctype_line = line_at(g);
            g->st = G_DECL;
            g->nest = 1;
            g->quote = 0;
        }
        return 0;
    case G_PI:
    case G_COMMENT:
    case G_CDATA:
        if (c == '>' && (g->st == G_PI ? g->p1 == '?'
                                       : g->st == G_COMMENT ? g->p1 == '-' && g->p2 == '-'
                                                            : g->p1 == ']' && g->p2 == ']')) {
            g->run = 0;
            g->st = G_TEXT;
            return 0;
        }
        g->p2 = g->p1;
        g->p1 = c;
        if (++g->run > XMLIO_MAX_TEXT)
            return TOO_LONG(g->st == G_PI ? L_PI : g->st == G_COMMENT ? L_COMMENT : L_CDATA);
        return 0;
    case G_DECL:
        if (++g->run > XMLIO_MAX_TEXT) return TOO_LONG(L_DOCTYPE);
        if (g->quote) {
            if (c == (unsigned)g->quote) g->quote = 0;
        } else if (c == '"' || c == '\'') {
            g->quote = (int)c;
        } else if (c == '<') {
            g->nest++;
        } else if (c == '>' && --g->nest == 0) {
            g->run = 0;
            g->st = G_TEXT;
        }
        return 0;
    }
    return 0;
}

/* The encoding from the first bytes (n >= 4 unless the file is shorter); -1: refused. */
static int detect(guard *g, const unsigned char *b, size_t n)
{
    static const unsigned char ucs4[][4] = {{0, 0, 0, 0x3C}, {0x3C, 0, 0, 0}, {0, 0, 0xFE, 0xFF},
                                            {0xFF, 0xFE, 0, 0}, {0, 0, 0x3C, 0}, {0, 0x3C, 0, 0}};
    g->enc = ENC_BYTES;
    if (n >= 4) {
        for (size_t i = 0; i < sizeof ucs4 / sizeof ucs4[0]; i++)
            if (!memcmp(b, ucs4[i], 4))
                return over(g, _("the file is in UCS-4 (UTF-32): refused (an AW33 is UTF-8; "
                               "UTF-16 is read too)"));
        if (!memcmp(b, "\x4C\x6F\xA7\x94", 4))
            return over(g, _("the file is in EBCDIC: refused (an AW33 is UTF-8; UTF-16 is read too)"));
        if (!memcmp(b, "\x3C\0\x3F\0", 4)) g->enc = ENC_UTF16LE;
        if (!memcmp(b, "\0\x3C\0\x3F", 4)) g->enc = ENC_UTF16BE;
    }
    if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE) g->enc = ENC_UTF16LE;
    if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF) g->enc = ENC_UTF16BE;
    return 0;
}

/* The characters that end a name in a tag. */
static const unsigned char name_end[256] = {[' '] = 1, ['\n'] = 1, ['\t'] = 1, ['\r'] = 1,
    ['='] = 1, ['>'] = 1, ['/'] = 1, ['"'] = 1, ['\''] = 1};

/* Bytes: the states that cover most of a file (text, names, values, end tags) skip ahead
 * with memchr or a table; the rest goes through step() one byte at a time. */
static int scan_bytes(guard *g, const unsigned char *b, size_t n)
{
    size_t i = 0;
    g->chunk = b;
    while (i < n) {
        const unsigned char *hit;
        size_t end;
        g->pos = i;
        switch (g->st) {
        case G_TEXT:
        case G_VALUE:
        case G_ETAG:
            hit = memchr(b + i, g->st == G_TEXT ? '<' : g->st == G_VALUE ? g->quote : '>', n - i);
            end = hit ? (size_t)(hit - b) : n;
            g->run += (long)(end - i);
            g->pos = end;
            if (g->st == G_ETAG && g->run > XMLIO_MAX_NAME + 64)
                return over(g, _("an end tag longer than %d characters: refused"), XMLIO_MAX_NAME + 64);
            if (g->run > XMLIO_MAX_TEXT)
                return TOO_LONG(g->st == G_TEXT ? L_TEXT : L_VALUE);
            if (!hit) {
                i = n;
                break;
            }
            if (step(g, *hit)) return -1;
            i = end + 1;
            break;
        case G_NAME:
        case G_ANAME:
            for (end = i; end < n && !name_end[b[end]]; end++) {}
            g->run += (long)(end - i);
            g->pos = end;
            if (g->run > XMLIO_MAX_NAME)
                return over(g, _("a name longer than %d characters: refused (the limit for an "
                               "element or attribute name)"), XMLIO_MAX_NAME);
            i = end;
            if (i < n) {
                if (step(g, b[i])) return -1;
                i++;
            }
            break;
        default:
            if (step(g, b[i])) return -1;
            i++;
            break;
        }
    }
    g->line += count_nl(b, n);
    g->chunk = NULL;
    return 0;
}

static int scan(guard *g, const unsigned char *b, size_t n)
{
    if (g->enc == ENC_BYTES) return scan_bytes(g, b, n);
    size_t i = 0;
    unsigned c;
    if (g->odd && n) {
        c = g->enc == ENC_UTF16LE ? g->oddb | (unsigned)b[0] << 8 : (unsigned)g->oddb << 8 | b[0];
        g->odd = 0;
        i = 1;
        if (c == '\n') g->line++;
        if (step(g, c)) return -1;
    }
    for (; i + 1 < n; i += 2) {
        c = g->enc == ENC_UTF16LE ? b[i] | (unsigned)b[i + 1] << 8 : (unsigned)b[i] << 8 | b[i + 1];
        if (c == '\n') g->line++;
        if (step(g, c)) return -1;
    }
    if (i < n) {
        g->odd = 1;
        g->oddb = b[i];
    }
    return 0;
}

static int guard_read(void *ctx, char *out, int len)
{
    guard *g = ctx;
    if (g->failed || len <= 0) return -1;
    if (g->off == g->have) {
        size_t got = 0, want = g->enc == ENC_UNKNOWN ? 4 : 1;
        while (got < want) {   /* the first read gathers 4 bytes for the detection */
            ssize_t r = read(g->fd, g->buf + got, sizeof g->buf - got);
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) return over(g, _("read error: %s"), strerror(errno));
            if (r == 0) break;
            got += (size_t)r;
        }
        if (g->enc == ENC_UNKNOWN && detect(g, g->buf, got) != 0) return -1;
        if (scan(g, g->buf, got) != 0) return -1;
        g->off = 0;
        g->have = got;
        if (!got) return 0;
    }
    size_t n = g->have - g->off < (size_t)len ? g->have - g->off : (size_t)len;
    memcpy(out, g->buf + g->off, n);
    g->off += n;
    return (int)n;
}

static int guard_close(void *ctx)
{
    guard *g = ctx;
    if (sink == g->e) xmlio_errors_release(g->prev);
    close(g->fd);
    mem_free(g);
    return 0;
}

/* ---- readers and loaders */
xmlTextReaderPtr xmlio_reader_open(const char *path, xmlio_errors *e)
{
    memset(e, 0, sizeof *e);
    guard *g = mem_calloc(1, sizeof *g);
    if (!g) return NULL;
    g->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (g->fd < 0) {
        e->count = 1;
        snprintf(e->msg, sizeof e->msg, _("cannot open: %s"), strerror(errno));
        mem_free(g);
        return NULL;
    }
    g->e = e;
    g->line = 1;
    g->prev = xmlio_errors_catch(e);
    /* guard_close runs when the reader is freed, and on every failure here */
    xmlTextReaderPtr r = xmlReaderForIO(guard_read, guard_close, g, path, NULL,
                                        xmlio_parse_options());
    if (r) errors_attach_reader(r, e);
    return r;
}

void xmlio_reader_close(xmlTextReaderPtr r)
{
    if (r) xmlFreeTextReader(r);   /* guard_close releases the collector */
}

xmlDocPtr xmlio_read_doc(const char *path, xmlio_errors *e)
{
    memset(e, 0, sizeof *e);
    char real[4096];
    if (trust(path, 0, real) != 0) {
        e->count = 1;
        snprintf(e->msg, sizeof e->msg, _("cannot be opened: %s"), strerror(errno));
        return NULL;
    }
    /* xmlReadFile reports through the stray channel */
    xmlio_errors *prev = xmlio_errors_catch(e);
    xmlDocPtr d = xmlReadFile(path, NULL, xmlio_parse_options());
    xmlio_errors_release(prev);
    untrust();
    if (!d && !e->count) {
        e->count = 1;
        if (!e->msg[0]) snprintf(e->msg, sizeof e->msg, "%s", _("cannot be read as XML"));
    }
    if (d && e->count) { /* recovered from an error: not good enough */
        xmlFreeDoc(d);
        d = NULL;
    }
    return d;
}

xmlSchemaPtr xmlio_schema_load(const char *path, xmlio_errors *e)
{
    memset(e, 0, sizeof *e);
    char real[4096];
    if (trust(path, 1, real) != 0 || access(path, R_OK) != 0) {
        e->count = 1;
        snprintf(e->msg, sizeof e->msg, _("cannot be opened: %s"), strerror(errno));
        untrust();
        return NULL;
    }
    xmlSchemaPtr s = NULL;
    xmlio_errors *prev = xmlio_errors_catch(e);
    xmlSchemaParserCtxtPtr p = xmlSchemaNewParserCtxt(path);
    if (p) {
        errors_attach_schema_parser(p, e);
        s = xmlSchemaParse(p);
        xmlSchemaFreeParserCtxt(p);
    }
    xmlio_errors_release(prev);
    untrust();
    if (!s && !e->count) {
        e->count = 1;
        if (!e->msg[0]) snprintf(e->msg, sizeof e->msg, "%s", _("cannot be loaded as an XML schema"));
    }
    if (s && e->count) {
        xmlSchemaFree(s);
        s = NULL;
    }
    return s;
}
