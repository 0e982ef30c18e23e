/* SPDX-License-Identifier: MIT */
/* xmlio.h — the one place where libxml2 and libxslt are configured and hardened
 * (doc/hardening.md).  Every XML reader, schema validator and XSLT transformation of libaw319
 * goes through these helpers; nothing else sets parser options or security preferences. */
#ifndef XMLIO_H
#define XMLIO_H
#include "ctx.h"
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxslt/xsltInternals.h>

/* Parser options for untrusted XML: XML_PARSE_NONET (and XML_PARSE_NO_XXE where libxml2 has
 * it), never NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE or HUGE. */
int xmlio_parse_options(void);

/* The first error libxml2 reported on one reader/parser/validator, with its line.  Install it
 * with xmlio_errors_attach_* before parsing; read msg/line after a failure. */
typedef struct xmlio_errors {
    int count;                 /* errors seen (warnings are not counted) */
    int line;                  /* line of the first error, 0 when unknown */
    char msg[512];             /* its message without trailing newline; before any error the
                                * first stray libxml2 notice (not counted); "" when none */
    int domain;                /* its libxml2 domain (XML_FROM_SCHEMASV: schema validity), or
                                * XMLIO_FROM_LIMIT: the input guard refused the file (msg is
                                * complete: what was too large and the limit) */
    char file[512];            /* the file the first error is in when libxml2 named it (a
                                * schema's import, say), "" otherwise */
    int where;                 /* internal: the first error still waits for a file and line */
    unsigned long doctype_line; /* xmlio_reader_open: line of the first <!DOCTYPE, 0 if none */
} xmlio_errors;
#define XMLIO_FROM_LIMIT (-1)
void xmlio_errors_attach_schema_valid(xmlSchemaValidCtxtPtr v, xmlio_errors *e);

/* libxml2 also reports through its per-thread generic and structured error functions (I/O
 * errors, "Unimplemented block at xmlschemas.c", the parsers of a schema's imports).
 * aw_global_init points both (and libxslt's generic one) at xmlio: nothing is ever printed.
 * Such stray reports go to the collector caught here until released (the reader, schema and
 * document functions below catch their own e), and are dropped when none is caught.
 * xmlio_errors_catch returns the previous collector, to hand to xmlio_errors_release. */
xmlio_errors *xmlio_errors_catch(xmlio_errors *e);
void xmlio_errors_release(xmlio_errors *prev);

/* Limits of the input guard of xmlio_reader_open: checked on the raw characters before
 * libxml2 parses them (libxml2's own cost is quadratic in the attributes of one element, and
 * a cap applied after parsing would come too late). */
#define XMLIO_MAX_ATTRS 64           /* attributes (namespace declarations too) per element */
#define XMLIO_MAX_NAME 256           /* characters in an element or attribute name */
#define XMLIO_MAX_DEPTH 64           /* nesting of elements */
#define XMLIO_MAX_TEXT (1L << 20)    /* characters of one text, attribute value, comment, PI,
                                      * CDATA section or DOCTYPE */

/* Open a hardened streaming reader on an untrusted file; close it with xmlio_reader_close.
 * Encodings: UTF-8 and the other ASCII-compatible ones libxml2 knows (by the XML
 * declaration), UTF-16 (by its byte order mark or "<?xml" in UTF-16); UCS-4 and EBCDIC are
 * refused by the guard.  Until the close, errors and stray reports are collected into e.
 * NULL when the file cannot be opened (e->msg says why, e->count 1) or on OOM (e->count 0). */
xmlTextReaderPtr xmlio_reader_open(const char *path, xmlio_errors *e);
/* Free the reader (NULL: no-op) and release its collector. */
void xmlio_reader_close(xmlTextReaderPtr r);
/* Read a whole (small, trusted-size) XML file into a tree with the hardened options; NULL on
 * failure with the message in e.  Used for controlsets, schemas and stylesheets only: never
 * for declaration-sized or reference-data input. */
xmlDocPtr xmlio_read_doc(const char *path, xmlio_errors *e);

/* In directory dir, the entry called name apart from letter case: an exact match first, else
 * the only one that matches without regard to case.  Writes "dir/entry" to out.  Returns 0,
 * 1 when there is none, 2 when several match only without regard to case, -1 when dir
 * cannot be read or out is too small (errno set). */
int xmlio_find_nocase(const char *dir, const char *name, char *out, size_t n);

/* Load a (trusted) XML schema.  The files it imports or includes are read from its own
 * directory (or below) only, their names matched without regard to case (the iWlz folder
 * has Basisschema.xsd, imported as basisschema.xsd); a location outside the directory, a
 * scheme other than a local file, or a name not found there fails the load with a message
 * naming it.  NULL on failure with the message in e (e->file: the file it is in, if not
 * path). */
xmlSchemaPtr xmlio_schema_load(const char *path, xmlio_errors *e);

#endif
