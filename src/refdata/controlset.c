/* SPDX-License-Identifier: MIT */
/* controlset.c — load a controlset (doc/controlsets.md): find it (a path, or a shipped name in
 * controlsets/), read it with the hardened parser, validate it against
 * schemas/controlset.xsd, check what the schema cannot (known rule ids, parameters per rule
 * and their ranges, known retourcodes) and only then put it in force on the context.  Any
 * problem is an error (AW_ECONTROL, "FILE:LINE: message"), never ignored. */
#include "ctx.h"
#include "xmlio.h"
#include "nls.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CS_NS "urn:aw319check:controlset:1"

/* The parameters a rule takes: data, not code.  A new parameter is a line here and a field
 * in rule_conf. */
typedef struct cs_param {
    rule_id rule;
    const char *name;
    long min, max;
    size_t off;                /* offset of the long in rule_conf */
} cs_param;
static const cs_param params[] = {
    {RULE_T1, "months", 0, 120, offsetof(rule_conf, months)}, /* RULE: T1 — its N months */
};

static const struct { const char *name; aw_severity sev; } severities[] = {
    {"reject", AW_SEV_REJECT}, {"warn", AW_SEV_WARN}, {"off", AW_SEV_OFF}};

static ATTR_PRINTF(4, 5) aw_rc bad(aw_ctx *ctx, const char *file, long line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return err_set(ctx, AW_ECONTROL, "%s:%ld: %s", file, line > 0 ? line : 1, msg);
}

/* A decimal of at most 9 digits (no sign, no spaces); -1 when it is not one. */
static long small_number(const char *v)
{
    size_t n = strlen(v);
    if (n == 0 || n > 9) return -1;
    long x = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9') return -1;
        x = x * 10 + (v[i] - '0');
    }
    return x;
}

static int is_element(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->ns && !strcmp((const char *)n->ns->href, CS_NS) &&
           !strcmp((const char *)n->name, name);
}

static aw_rc apply_param(aw_ctx *ctx, const char *file, xmlNodePtr p, rule_id r, rule_conf *c,
                         unsigned *seen)
{
    xmlChar *name = xmlGetProp(p, (const xmlChar *)"name");
    xmlChar *value = xmlGetProp(p, (const xmlChar *)"value");
    long line = xmlGetLineNo(p);
    aw_rc rc = AW_OK;
    if (!name || !value) {
        rc = err_set(ctx, AW_ENOMEM, _("%s: out of memory"), file);
        goto out;
    }
    size_t i;
    for (i = 0; i < sizeof params / sizeof params[0]; i++)
        if (params[i].rule == r && !strcmp(params[i].name, (const char *)name)) break;
    if (i == sizeof params / sizeof params[0]) {
        rc = bad(ctx, file, line, r == RULE_T1 ? _("rule %s has no parameter '%s' (T1 takes: months)")
                                                  : _("rule %s has no parameter '%s' (it takes none)"),
                 rule_table[r].id, (const char *)name);
        goto out;
    }
    if (*seen & (1u << i)) {
        rc = bad(ctx, file, line, _("parameter %s of rule %s given twice"), params[i].name, rule_table[r].id);
        goto out;
    }
    *seen |= 1u << i;
    long v = small_number((const char *)value);
    if (v < params[i].min || v > params[i].max) {
        rc = bad(ctx, file, line, _("rule %s parameter %s: '%s' is not a whole number %ld-%ld"),
                 rule_table[r].id, params[i].name, (const char *)value, params[i].min, params[i].max);
        goto out;
    }
    *(long *)(void *)((char *)c + params[i].off) = v;
out:
    xmlFree(name);
    xmlFree(value);
    return rc;
}

/* One <rule>: into conf (a copy; nothing is in force until the whole set is good). */
static aw_rc apply_rule(aw_ctx *ctx, const char *file, xmlNodePtr n, rule_conf conf[RULE_COUNT])
{
    long line = xmlGetLineNo(n);
    xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
    xmlChar *sev = xmlGetProp(n, (const xmlChar *)"severity");
    xmlChar *code = xmlGetProp(n, (const xmlChar *)"code");
    aw_rc rc = AW_OK;
    if (!id) { rc = bad(ctx, file, line, _("rule without id")); goto out; }
    int r = aw_rule_index((const char *)id);
    if (r < 0) {
        rc = bad(ctx, file, line, _("unknown rule '%s' (see aw319check --list-rules)"), (const char *)id);
        goto out;
    }
    if (sev) {
        size_t i;
        for (i = 0; i < sizeof severities / sizeof severities[0]; i++)
            if (!strcmp(severities[i].name, (const char *)sev)) break;
        if (i == sizeof severities / sizeof severities[0]) {
            rc = bad(ctx, file, line, _("rule %s: unknown severity '%s' (reject, warn or off)"),
                     (const char *)id, (const char *)sev);
            goto out;
        }
        conf[r].sev = severities[i].sev;
    }
    if (code) {
        if (strlen((const char *)code) != 4 || small_number((const char *)code) < 0 ||
            !aw_retourcode_text((const char *)code)) {
            rc = bad(ctx, file, line, _("rule %s: '%s' is not a known retourcode (4 digits, COD954)"),
                     (const char *)id, (const char *)code);
            goto out;
        }
        memcpy(conf[r].code, code, 5);
    }
    unsigned seen = 0;
    for (xmlNodePtr p = n->children; p && !rc; p = p->next)
        if (is_element(p, "param")) rc = apply_param(ctx, file, p, (rule_id)r, &conf[r], &seen);
out:
    xmlFree(id);
    xmlFree(sev);
    xmlFree(code);
    return rc;
}

static aw_rc validate(aw_ctx *ctx, const char *file, xmlDocPtr doc)
{
    char xsd[4096];
    if (!proc_find_datafile(ctx->datadir, "schemas/controlset.xsd", xsd, sizeof xsd))
        return err_set(ctx, AW_EXML, _("schemas/controlset.xsd not found (set AW319_DATADIR)"));
    xmlio_errors e;
    xmlSchemaPtr schema = xmlio_schema_load(xsd, &e);
    if (!schema)
        return err_set(ctx, AW_EXML, "%s:%d: %s", xsd, e.line > 0 ? e.line : 1, e.msg);
    aw_rc rc = AW_OK;
    xmlSchemaValidCtxtPtr v = xmlSchemaNewValidCtxt(schema);
    if (!v) {
        rc = err_set(ctx, AW_ENOMEM, _("%s: out of memory"), file);
    } else {
        memset(&e, 0, sizeof e);
        xmlio_errors_attach_schema_valid(v, &e);
        xmlio_errors *prev = xmlio_errors_catch(&e);   /* libxml2's stray reports too */
        int r = xmlSchemaValidateDoc(v, doc);
        xmlio_errors_release(prev);
        if (r != 0 || e.count)
            rc = bad(ctx, file, e.line, _("not a valid controlset (schemas/controlset.xsd): %s"),
                     e.msg[0] ? e.msg : _("invalid"));
        xmlSchemaFreeValidCtxt(v);
    }
    xmlSchemaFree(schema);
    return rc;
}

aw_rc aw_ctx_load_controlset(aw_ctx *ctx, const char *name)
{
    err_clear(ctx);
    char path[4096];
    size_t n = strlen(name);
    if (strchr(name, '/') || (n > 4 && !strcmp(name + n - 4, ".xml"))) {
        if (snprintf(path, sizeof path, "%s", name) >= (int)sizeof path)
            return err_set(ctx, AW_EUSAGE, _("--controlset: name too long"));
    } else {
        char rel[128];
        for (size_t i = 0; i < n; i++)
            if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
                  (name[i] >= '0' && name[i] <= '9') || name[i] == '-' || name[i] == '_' || name[i] == '.'))
                n = 0;
        if (n == 0 || n > 64)
            return err_set(ctx, AW_EUSAGE, _("--controlset: '%s' is neither a file nor a controlset name"), name);
        snprintf(rel, sizeof rel, "controlsets/%s.xml", name);
        if (!proc_find_datafile(ctx->datadir, rel, path, sizeof path))
            return err_set(ctx, AW_EUSAGE, _("--controlset: no controlset '%s' (shipped: default, "
                                  "zorg-en-zekerheid, vgz; or give a path to a file)"), name);
    }
    if (access(path, R_OK) != 0)
        return err_set(ctx, AW_EIO, _("%s: cannot open: %s"), path, strerror(errno));
    xmlio_errors e;
    xmlDocPtr doc = xmlio_read_doc(path, &e);
    if (!doc) return bad(ctx, path, e.line, _("not a well-formed XML controlset: %s"), e.msg);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    aw_rc rc = AW_OK;
    /* doc/hardening.md: as for AW33, a DOCTYPE (and with it any entity) is refused */
    if (doc->intSubset || doc->extSubset)
        rc = bad(ctx, path, root ? xmlGetLineNo(root) : 1, _("a DOCTYPE before the root element is "
                 "not allowed in a controlset (DTDs and entities are refused)"));
    if (!rc) rc = validate(ctx, path, doc);
    rule_conf conf[RULE_COUNT];
    rule_conf_default(conf);
    for (xmlNodePtr r = root ? root->children : NULL; r && !rc; r = r->next)
        if (is_element(r, "rule")) rc = apply_rule(ctx, path, r, conf);
    if (!rc) {
        xmlChar *id = xmlGetProp(root, (const xmlChar *)"id");
        if (!id) {
            rc = err_set(ctx, AW_ENOMEM, _("%s: out of memory"), path);
        } else {
            memcpy(ctx->conf, conf, sizeof conf);
            snprintf(ctx->controlset_id, sizeof ctx->controlset_id, "%s", (const char *)id);
            xmlFree(id);
        }
    }
    xmlFreeDoc(doc);
    return rc;
}
