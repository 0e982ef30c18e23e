/* SPDX-License-Identifier: MIT */
/* aw33.c — streaming reader of iWlz AW33 toewijzingsberichten (doc/refdata.md) with libxml2's
 * xmlTextReader: one pass, borrowed (dictionary-interned) names compared as pointers, no
 * allocation per node.  Reads Client/Bsn and every ToegewezenZorgzwaartepakket and
 * ToegewezenFunctie; superseding by Toewijzingsdatum + Toewijzingstijd is the store's job.
 * XML safety (doc/hardening.md): a DOCTYPE or an entity reference refuses the whole file. */
#include "aw33.h"
#include "xmlio.h"
#include "nls.h"
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NS_PREFIX "http://www.istandaarden.nl/iwlz/2_"
#define MAXDEPTH 16        /* deeper elements are never ones we read */
#define MAXVAL 64          /* longest value of a field we read, in bytes */

/* Element names, interned in the reader's dictionary at open. */
enum {
    N_BERICHT, N_CLIENTEN, N_CLIENT, N_INDICATIE, N_ZZPS, N_ZZP, N_FUNCTIES, N_FUNCTIE,
    N_BSN, N_ZZPCODE, N_FUNCTIECODE, N_INSTELLING, N_TDATUM, N_TTIJD, N_PERCENTAGE,
    N_INGANG, N_EIND, N_LEVERINGSVORM, N_KLASSE, N_OPSLAG, N_COUNT
};
#define F_FIRST N_BSN
#define NFIELDS (N_COUNT - F_FIRST)

/* The values we read: where they belong (K_*), which are mandatory there, and the form. */
enum { K_CLIENT = 1, K_ZZP = 2, K_FUN = 4 };
enum { V_DIGITS, V_DATE, V_TIME, V_TEXT };
static const struct field {
    const char *name;
    unsigned char in, mand, form, min, max;  /* digits/text length bounds */
    unsigned long maxval;                     /* V_DIGITS: largest allowed value */
    const char *empty, *bad;                  /* messages (N_): "%s is empty ...", "%s '%s' is not ..." */
} fields[NFIELDS] = {
    {"Bsn", K_CLIENT, K_CLIENT, V_DIGITS, 9, 9, 999999999, N_("%s is empty (expected 9 digits)"),
     N_("%s '%s' is not 9 digits")},
    {"ZzpCode", K_ZZP, K_ZZP, V_DIGITS, 1, 4, 9999, N_("%s is empty (expected a code of 1-4 digits (COD163))"),
     N_("%s '%s' is not a code of 1-4 digits (COD163)")},
    {"FunctieCode", K_FUN, K_FUN, V_DIGITS, 1, 4, 9999, N_("%s is empty (expected a code of 1-4 digits (COD732))"),
     N_("%s '%s' is not a code of 1-4 digits (COD732)")},
    {"Instelling", K_ZZP | K_FUN, K_FUN, V_DIGITS, 8, 8, 99999999, N_("%s is empty (expected an AGB code of 8 digits)"),
     N_("%s '%s' is not an AGB code of 8 digits")},
    {"Toewijzingsdatum", K_ZZP | K_FUN, K_ZZP | K_FUN, V_DATE, 0, 0, 0, N_("%s is empty (expected a date YYYY-MM-DD)"),
     N_("%s '%s' is not a date YYYY-MM-DD")},
    {"Toewijzingstijd", K_ZZP | K_FUN, K_ZZP | K_FUN, V_TIME, 0, 0, 0, N_("%s is empty (expected a time hh:mm:ss)"),
     N_("%s '%s' is not a time hh:mm:ss")},
    {"ToewijzingPercentage", K_ZZP, 0, V_DIGITS, 1, 5, 10000, N_("%s is empty (expected hundredths 0-10000)"),
     N_("%s '%s' is not hundredths 0-10000")},
    {"Ingangsdatum", K_ZZP | K_FUN, K_ZZP | K_FUN, V_DATE, 0, 0, 0, N_("%s is empty (expected a date YYYY-MM-DD)"),
     N_("%s '%s' is not a date YYYY-MM-DD")},
    {"Einddatum", K_ZZP | K_FUN, 0, V_DATE, 0, 0, 0, N_("%s is empty (expected a date YYYY-MM-DD)"),
     N_("%s '%s' is not a date YYYY-MM-DD")},
    {"Leveringsvorm", K_ZZP, K_ZZP, V_DIGITS, 1, 2, 99, N_("%s is empty (expected a leveringsvorm code of 1-2 digits)"),
     N_("%s '%s' is not a leveringsvorm code of 1-2 digits")},
    {"Klasse", K_FUN, K_FUN, V_TEXT, 1, 7, 0, N_("%s is empty (expected a klasse of 1-7 letters and digits)"),
     N_("%s '%s' is not a klasse of 1-7 letters and digits")},
    {"Opslag", K_FUN, 0, V_DIGITS, 1, 5, 99999, N_("%s is empty (expected a number of 1-5 digits)"),
     N_("%s '%s' is not a number of 1-5 digits")},
};
static const char *const containers[F_FIRST] = {
    "Bericht", "Clienten", "Client", "Indicatie", "ToegewezenZorgzwaartepakketten",
    "ToegewezenZorgzwaartepakket", "ToegewezenFuncties", "ToegewezenFunctie"};

typedef struct rd {
    aw_ctx *ctx;
    const char *file;
    xmlTextReaderPtr r;
    aw33_fn fn;
    void *ud;
    const xmlChar *nm[N_COUNT];
    const xmlChar *ns_msg, *ns_base;  /* interned namespace of the message / basisschema */
    char base_uri[96];
    const xmlChar *stack[MAXDEPTH];   /* element names (NULL: other namespace) by depth */
    int client_depth, item_depth, field, field_depth, kind;
    unsigned seen;                    /* bit per field seen in the current item */
    unsigned cseen;                   /* the same for the current client (Bsn) */
    unsigned long client_line, item_line, field_line;
    uint32_t bsn;
    char val[MAXVAL + 1];
    size_t vlen;
    int over;                         /* value longer than MAXVAL */
    aw33_row row;
    long tdatum, ttijd;
} rd;

static unsigned long node_line(const rd *s)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(s->r);
    long l = n ? xmlGetLineNo(n) : -1;
    return l > 0 ? (unsigned long)l : (unsigned long)xmlTextReaderGetParserLineNumber(s->r);
}

/* Copy v into dst for a message: printable ASCII kept, everything else as \xNN. */
static const char *shown(char *dst, size_t n, const char *v)
{
    size_t k = 0;
    for (; *v && k + 5 < n; v++) {
        unsigned char c = (unsigned char)*v;
        if (c >= 0x20 && c < 0x7f && c != '\'') dst[k++] = (char)c;
        else k += (size_t)snprintf(dst + k, n - k, "\\x%02X", c);
    }
    dst[k] = 0;
    return dst;
}

static int num(const char *p, int n) { return (int)fld_num(p, (size_t)n); }

/* "YYYY-MM-DD" → days since 1970; -1 when malformed (the year 0001-9999). */
static int parse_date(const char *v, size_t len, long *days)
{
    if (len != 10 || v[4] != '-' || v[7] != '-' || !fld_digits(v, 4) || !fld_digits(v + 5, 2) ||
        !fld_digits(v + 8, 2))
        return -1;
    int y = num(v, 4), m = num(v + 5, 2), d = num(v + 8, 2);
    if (y < 1 || !date_valid(y, m, d)) return -1;
    *days = date_days(y, m, d);
    return 0;
}

/* "hh:mm:ss" → seconds; -1 when malformed. */
static long parse_time(const char *v, size_t len)
{
    if (len != 8 || v[2] != ':' || v[5] != ':' || !fld_digits(v, 2) || !fld_digits(v + 3, 2) ||
        !fld_digits(v + 6, 2))
        return -1;
    int h = num(v, 2), m = num(v + 3, 2), s = num(v + 6, 2);
    if (h > 23 || m > 59 || s > 59) return -1;
    return (long)h * 3600 + m * 60 + s;
}

static ATTR_PRINTF(4, 5) aw_rc fail(rd *s, aw_rc rc, unsigned long line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (s->ctx->mask_bsn) fld_mask_bsns(msg); /* a malformed Bsn is quoted */
    return err_set(s->ctx, rc, "%s:%lu: %s", s->file, line, msg);
}

/* The end of a field element: check and store its value. */
static aw_rc field_end(rd *s)
{
    int id = s->field;
    const struct field *f = &fields[id - F_FIRST];
    unsigned long line = s->field_line;
    s->field = -1;
    if (s->over) return fail(s, AW_EREFDATA, line, _("%s is longer than %d bytes"), f->name, MAXVAL);
    /* xs:token-like: surrounding XML white space does not count */
    char *v = s->val;
    size_t len = s->vlen;
    while (len && (v[len - 1] == ' ' || v[len - 1] == '\t' || v[len - 1] == '\n' || v[len - 1] == '\r')) len--;
    while (len && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')) v++, len--;
    v[len] = 0;
    char sh[MAXVAL * 4 + 8];
    if (!len) return fail(s, AW_EREFDATA, line, _(f->empty), f->name);
    unsigned long n = 0;
    long days = 0;
    switch (f->form) {
    case V_DIGITS:
        if (len < f->min || len > f->max || !fld_digits(v, (int)len)) goto bad;
        for (size_t i = 0; i < len; i++) n = n * 10 + (unsigned long)(v[i] - '0');
        if (n > f->maxval) goto bad;
        break;
    case V_DATE:
        if (parse_date(v, len, &days) != 0) goto bad;
        break;
    case V_TIME:
        if ((days = parse_time(v, len)) < 0) goto bad;
        break;
    case V_TEXT:
        if (len < f->min || len > f->max) goto bad;
        for (size_t i = 0; i < len; i++)
            if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'A' && v[i] <= 'Z') ||
                  (v[i] >= 'a' && v[i] <= 'z')))
                goto bad;
        break;
    }
    ref_toew *t = &s->row.t;
    switch (id) {
    case N_BSN: s->bsn = (uint32_t)n; break;
    case N_ZZPCODE: case N_FUNCTIECODE: t->code = (unsigned)n; break;
    case N_INSTELLING: t->instelling = (uint32_t)n; break;
    case N_TDATUM: s->tdatum = days; break;
    case N_TTIJD: s->ttijd = days; break;
    case N_PERCENTAGE: t->percentage = (unsigned)n; break;
    case N_INGANG: t->begin = days; break;
    case N_EIND: t->end = days; break;
    case N_LEVERINGSVORM:
        /* Leveringsvorm 4, 8, 9 → ZZP; 5 → VPT; any other (e.g. 6 pgb, 7 mpt) is not care
         * declared as ZZP/VPT: such a toewijzing is skipped. */
        t->lv = (n == 4 || n == 8 || n == 9) ? AW_LV_ZZP : n == 5 ? AW_LV_VPT : AW_LV_UNKNOWN;
        break;
    case N_KLASSE: memcpy(s->row.klasse, v, len + 1); break;
    case N_OPSLAG: s->row.opslag = (unsigned)n; s->row.has_opslag = 1; break;
    }
    return AW_OK;
bad:
    return fail(s, AW_EREFDATA, line, _(f->bad), f->name, shown(sh, sizeof sh, v));
}

static aw_rc missing(rd *s, unsigned long line, const char *what, unsigned kind)
{
    unsigned seen = kind == K_CLIENT ? s->cseen : s->seen;
    for (int i = 0; i < NFIELDS; i++)
        if ((fields[i].mand & kind) && !(seen & (1u << i)))
            return fail(s, AW_EREFDATA, line, _("%s without %s"), what, fields[i].name);
    return AW_OK;
}

static void item_begin(rd *s, int kind, int depth)
{
    s->kind = kind;
    s->item_depth = depth;
    s->item_line = node_line(s);
    s->seen = 0;
    memset(&s->row, 0, sizeof s->row);
    s->row.t.bsn = s->bsn;
    s->row.t.lv = kind == K_FUN ? AW_LV_MPT : AW_LV_UNKNOWN;
    s->row.t.end = REF_OPEN;
    s->row.t.percentage = 10000;   /* absent ToewijzingPercentage */
    s->row.t.unit = REF_UNIT_NONE;
}

static aw_rc item_end(rd *s)
{
    s->item_depth = -1;
    aw_rc rc = missing(s, s->item_line, s->kind == K_FUN ? "ToegewezenFunctie"
                                                         : "ToegewezenZorgzwaartepakket", s->kind);
    if (rc) return rc;
    if (s->row.t.lv == AW_LV_UNKNOWN) return AW_OK;   /* leveringsvorm not ZZP/VPT: skipped */
    s->row.t.stamp = (long long)s->tdatum * 86400 + s->ttijd;
    return s->fn(s->ud, &s->row, s->file, s->item_line);
}

/* 1 when uri is NS_PREFIX N "/aw33/schema" with N a number >= 1 without leading zero;
 * writes the basisschema namespace of the same version into s->base_uri. */
static int aw33_ns(rd *s, const char *uri)
{
    size_t p = sizeof NS_PREFIX - 1, k = 0;
    if (!uri || strncmp(uri, NS_PREFIX, p)) return 0;
    while (uri[p + k] >= '0' && uri[p + k] <= '9') k++;
    if (k == 0 || k > 4 || uri[p] == '0' || strcmp(uri + p + k, "/aw33/schema")) return 0;
    snprintf(s->base_uri, sizeof s->base_uri, NS_PREFIX "%.*s/basisschema/schema", (int)k, uri + p);
    return 1;
}

static aw_rc element(rd *s)
{
    int depth = xmlTextReaderDepth(s->r);
    const xmlChar *name = xmlTextReaderConstLocalName(s->r);
    const xmlChar *ns = xmlTextReaderConstNamespaceUri(s->r);
    int empty = xmlTextReaderIsEmptyElement(s->r) == 1;
    if (depth == 0) {
        if (name != s->nm[N_BERICHT] || !aw33_ns(s, (const char *)ns)) {
            char a[128], b[256];
            return fail(s, AW_EREFDATA, node_line(s),
                        _("not an AW33: the root element is %s in namespace '%s', expected Bericht in "
                          "http://www.istandaarden.nl/iwlz/2_N/aw33/schema"),
                        shown(a, sizeof a, name ? (const char *)name : "?"),
                        shown(b, sizeof b, ns ? (const char *)ns : _("(none)")));
        }
        s->ns_msg = ns;
        s->stack[0] = name;
        return AW_OK;
    }
    int ours = ns && (ns == s->ns_msg || ns == s->ns_base);
    if (ns && !ours && !s->ns_base && !strcmp((const char *)ns, s->base_uri)) {
        s->ns_base = ns;
        ours = 1;
    }
    if (depth < MAXDEPTH) s->stack[depth] = ours ? name : NULL;
    if (s->field >= 0) {
        char a[128];
        return fail(s, AW_EREFDATA, node_line(s), _("element %s inside %s"), shown(a, sizeof a, (const char *)name),
                    fields[s->field - F_FIRST].name);
    }
    if (!ours || depth >= MAXDEPTH) return AW_OK;
    /* a value of the current item or client */
    int holder = s->item_depth >= 0 ? s->item_depth : s->client_depth;
    if (holder >= 0 && depth == holder + 1) {
        unsigned kind = s->item_depth >= 0 ? (unsigned)s->kind : K_CLIENT;
        for (int i = 0; i < NFIELDS; i++) {
            if (name != s->nm[F_FIRST + i]) continue;
            if (!(fields[i].in & kind)) break;
            unsigned *seen = kind == K_CLIENT ? &s->cseen : &s->seen;
            if (*seen & (1u << i))
                return fail(s, AW_EREFDATA, node_line(s), _("%s twice in one %s"), fields[i].name,
                            kind == K_CLIENT ? "Client" : kind == K_ZZP ? "ToegewezenZorgzwaartepakket" : "ToegewezenFunctie");
            *seen |= 1u << i;
            s->field = F_FIRST + i;
            s->field_depth = depth;
            s->field_line = node_line(s);
            s->vlen = 0;
            s->over = 0;
            return empty ? field_end(s) : AW_OK;
        }
        if (s->item_depth >= 0) return AW_OK;
    }
    /* AW33 path: Client/Indicatie/ToegewezenZorgzwaartepakketten/ToegewezenZorgzwaartepakket
     * and Client/Indicatie/ToegewezenFuncties/ToegewezenFunctie */
    if ((name == s->nm[N_ZZP] || name == s->nm[N_FUNCTIE]) && s->item_depth < 0 &&
        s->client_depth >= 0 && depth == s->client_depth + 3 &&
        s->stack[depth - 1] == s->nm[name == s->nm[N_ZZP] ? N_ZZPS : N_FUNCTIES] &&
        s->stack[depth - 2] == s->nm[N_INDICATIE]) {
        if (!(s->cseen & 1u))
            return fail(s, AW_EREFDATA, node_line(s), _("%s in a Client without a Bsn before it"),
                        (const char *)name);
        item_begin(s, name == s->nm[N_ZZP] ? K_ZZP : K_FUN, depth);
        return empty ? item_end(s) : AW_OK;
    }
    if (name == s->nm[N_CLIENT] && depth == 2 && s->stack[1] == s->nm[N_CLIENTEN]) {
        s->client_depth = depth;
        s->client_line = node_line(s);
        s->cseen = 0;
        if (empty) {
            s->client_depth = -1;
            return missing(s, s->client_line, "Client", K_CLIENT);
        }
    }
    return AW_OK;
}

static aw_rc end_element(rd *s)
{
    int depth = xmlTextReaderDepth(s->r);
    if (s->field >= 0 && depth == s->field_depth) return field_end(s);
    if (depth == s->item_depth) return item_end(s);
    if (depth == s->client_depth) {
        s->client_depth = -1;
        return missing(s, s->client_line, "Client", K_CLIENT);
    }
    return AW_OK;
}

static void text(rd *s)
{
    if (s->field < 0 || xmlTextReaderDepth(s->r) != s->field_depth + 1) return;
    const xmlChar *v = xmlTextReaderConstValue(s->r);
    size_t n = v ? strlen((const char *)v) : 0;
    if (s->vlen + n > MAXVAL) {
        s->over = 1;
        return;
    }
    memcpy(s->val + s->vlen, v, n);
    s->vlen += n;
}

/* The messages of a failed read: well-formedness, the schema, or our safety policy. */
static aw_rc xml_fail(rd *s, const xmlio_errors *e)
{
    const char *fmt = e->domain == XML_FROM_SCHEMASV ? _("%s:%d: does not match the AW33 schema: %s")
                      : e->domain == XMLIO_FROM_LIMIT ? "%s:%d: %s" : _("%s:%d: not well-formed XML: %s");
    char msg[sizeof e->msg];
    snprintf(msg, sizeof msg, "%s", e->msg[0] ? e->msg : _("read error"));
    if (s->ctx->mask_bsn) fld_mask_bsns(msg); /* a schema message may quote a Bsn */
    return err_set(s->ctx, AW_EXML, fmt, s->file, e->line > 0 ? e->line : 1, msg);
}

static aw_rc parse_file(aw_ctx *ctx, const char *path, xmlSchemaPtr schema, aw33_fn fn, void *ud)
{
    if (access(path, R_OK) != 0)
        return err_set(ctx, AW_EIO, _("%s: cannot open: %s"), path, strerror(errno));
    xmlio_errors e;
    rd s;
    memset(&s, 0, sizeof s);
    s.ctx = ctx;
    s.file = path;
    s.fn = fn;
    s.ud = ud;
    s.client_depth = s.item_depth = s.field = -1;
    s.r = xmlio_reader_open(path, &e);
    if (!s.r && e.count) return err_set(ctx, AW_EIO, "%s: %s", path, e.msg);
    if (!s.r) return err_set(ctx, AW_ENOMEM, _("%s: cannot create an XML reader"), path);
    aw_rc rc = AW_OK;
    for (int i = 0; i < N_COUNT; i++) {
        const char *n = i < F_FIRST ? containers[i] : fields[i - F_FIRST].name;
        if (!(s.nm[i] = xmlTextReaderConstString(s.r, (const xmlChar *)n))) {
            rc = err_set(ctx, AW_ENOMEM, _("%s: out of memory"), path);
            goto out;
        }
    }
    if (schema) {
        if (xmlTextReaderSetSchema(s.r, schema) != 0) {
            rc = err_set(ctx, AW_EXML, _("%s: cannot validate against the AW33 schema"), path);
            goto out;
        }
    }
    int ret, seen_root = 0;
    while ((ret = xmlTextReaderRead(s.r)) == 1) {
        if (e.count) break;
        switch (xmlTextReaderNodeType(s.r)) {
        case XML_READER_TYPE_ELEMENT:
            seen_root = 1;
            rc = element(&s);
            break;
        case XML_READER_TYPE_END_ELEMENT: rc = end_element(&s); break;
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA: text(&s); break;
        /* doc/hardening.md: a real AW33 has neither; refusing them stops XXE and entity expansion */
        case XML_READER_TYPE_DOCUMENT_TYPE:
            rc = fail(&s, AW_EXML, e.doctype_line ? e.doctype_line : 1, _("a DOCTYPE is not allowed in an AW33 "
                      "(DTDs and entities are refused)"));
            break;
        case XML_READER_TYPE_ENTITY_REFERENCE:
            rc = fail(&s, AW_EXML, node_line(&s), _("entity reference &%s; is not allowed in an AW33"),
                      (const char *)xmlTextReaderConstName(s.r));
            break;
        default: break;
        }
        if (rc) goto out;
    }
    if (ret != 0 || e.count) {
        if (!e.count && schema) {
            /* libxml2 (2.9) does not pass well-formedness errors to the reader's handler while
             * a schema is plugged in: read the file again without it for the message. */
            xmlio_reader_close(s.r);
            s.r = xmlio_reader_open(path, &e);
            if (s.r) while (xmlTextReaderRead(s.r) == 1 && !e.count) {}
        }
        rc = xml_fail(&s, &e);
        goto out;
    }
    if (!seen_root) rc = err_set(ctx, AW_EXML, _("%s:1: not well-formed XML: no root element"), path);
out:
    xmlio_reader_close(s.r);
    return rc;
}

/* The schema file of DIR: aw33.xsd in any letter case (the iWlz folder has AW33.xsd). */
static aw_rc schema_load(aw_ctx *ctx, xmlSchemaPtr *out)
{
    *out = NULL;
    const char *dir = ctx->aw33_schema_dir;
    if (!dir) return AW_OK;
    char path[4096];
    switch (xmlio_find_nocase(dir, "aw33.xsd", path, sizeof path)) {
    case 0: break;
    case 1:
        return err_set(ctx, AW_EXML, _("%s: --aw33-schema: no aw33.xsd in the directory (the "
                            "name in any letter case, as AW33.xsd of the iWlz XSD folder)"), dir);
    case 2:
        return err_set(ctx, AW_EXML, _("%s: --aw33-schema: several files are named aw33.xsd "
                            "in different letter case; keep one"), dir);
    default:
        return err_set(ctx, AW_EIO, _("%s: --aw33-schema: cannot read the directory: %s"), dir,
                            strerror(errno));
    }
    xmlio_errors e;
    *out = xmlio_schema_load(path, &e);
    if (!*out)
        return err_set(ctx, AW_EXML, _("%s:%d: cannot load the AW33 schema: %s"),
                            e.file[0] ? e.file : path, e.line > 0 ? e.line : 1, e.msg);
    return AW_OK;
}

aw_rc aw33_parse(aw_ctx *ctx, const char *path, aw33_fn fn, void *ud)
{
    xmlSchemaPtr schema;
    aw_rc rc = schema_load(ctx, &schema);
    if (!rc) rc = parse_file(ctx, path, schema, fn, ud);
    if (schema) xmlSchemaFree(schema);
    return rc;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.xml regular files directly in dir, sorted; *out and *n freed by free_names. */
static aw_rc list_dir(aw_ctx *ctx, const char *dir, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) return err_set(ctx, AW_EIO, _("%s: cannot open: %s"), dir, strerror(errno));
    size_t cap = 0;
    aw_rc rc = AW_OK;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.' || len < 5 || strcmp(de->d_name + len - 4, ".xml")) continue;
        char p[4096];
        struct stat st;
        int w = snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        if (w < 0 || (size_t)w >= sizeof p || stat(p, &st) != 0 || !S_ISREG(st.st_mode)) continue;
        if (*n == AW33_MAX_FILES) {
            rc = err_set(ctx, AW_EREFDATA, _("%s: more than %d *.xml files"), dir, AW33_MAX_FILES);
            break;
        }
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            char **g = mem_realloc(*out, nc * sizeof *g);
            if (!g) { rc = err_set(ctx, AW_ENOMEM, _("%s: out of memory"), dir); break; }
            *out = g;
            cap = nc;
        }
        if (!((*out)[*n] = mem_strdup(de->d_name))) {
            rc = err_set(ctx, AW_ENOMEM, _("%s: out of memory"), dir);
            break;
        }
        (*n)++;
    }
    closedir(d);
    if (!rc && *n == 0) rc = err_set(ctx, AW_EREFDATA, _("%s: no *.xml files in the directory"), dir);
    if (*n) qsort(*out, *n, sizeof **out, by_name);
    return rc;
}

static void free_names(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) mem_free(v[i]);
    mem_free(v);
}

aw_rc aw33_parse_path(aw_ctx *ctx, const char *path, aw33_fn fn, void *ud)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return err_set(ctx, AW_EIO, _("%s: cannot open: %s"), path, strerror(errno));
    if (!S_ISDIR(st.st_mode)) return aw33_parse(ctx, path, fn, ud);
    char **names;
    size_t n;
    aw_rc rc = list_dir(ctx, path, &names, &n);
    xmlSchemaPtr schema = NULL;
    if (!rc) rc = schema_load(ctx, &schema);
    for (size_t i = 0; !rc && i < n; i++) {
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", path, names[i]); /* fits: list_dir checked */
        rc = parse_file(ctx, p, schema, fn, ud);
    }
    if (schema) xmlSchemaFree(schema);
    free_names(names, n);
    return rc;
}

/* ---- into the reference data */
typedef struct load_ud { ref_store *r; aw_ctx *ctx; } load_ud;

static aw_rc add_row(void *ud, const aw33_row *row, const char *file, unsigned long line)
{
    load_ud *l = ud;
    ref_toew t = row->t;
    if (t.lv == AW_LV_MPT && ref_klasse_parse(row->klasse, row->opslag, &t) != 0)
        return err_set(l->ctx, AW_EREFDATA, _("%s:%lu: Klasse '%s' is not a known MPT klasse "
                            "(K1-K9, KD.., KE.. or 99)"), file, line, row->klasse);
    return ref_toew_add(l->r, l->ctx, &t, file, line);
}

aw_rc aw33_load(ref_store *r, aw_ctx *ctx, const char *path)
{
    load_ud l = {r, ctx};
    return aw33_parse_path(ctx, path, add_row, &l);
}

aw_rc aw_ctx_set_aw33_schema(aw_ctx *ctx, const char *dir)
{
    err_clear(ctx);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return err_set(ctx, AW_EUSAGE, _("--aw33-schema: '%s' is not a directory"), dir);
    char *d = mem_strdup(dir);
    if (!d) return err_set(ctx, AW_ENOMEM, _("out of memory"));
    mem_free(ctx->aw33_schema_dir);
    ctx->aw33_schema_dir = d;
    return AW_OK;
}
