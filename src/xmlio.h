/* xmlio.h — the one place where libxml2 and libxslt are configured and hardened (SPEC 9,
 * STYLE example 8).  Every XML reader, schema validator and XSLT transformation of libaw319
 * goes through these helpers; nothing else sets parser options or security preferences. */
#ifndef XMLIO_H
#define XMLIO_H
#include "awint.h"
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
    char msg[512];             /* its message without trailing newline, "" when none */
    int domain;                /* its libxml2 domain (XML_FROM_SCHEMASV: schema validity) */
} xmlio_errors;
void xmlio_errors_attach_reader(xmlTextReaderPtr r, xmlio_errors *e);
void xmlio_errors_attach_schema_valid(xmlSchemaValidCtxtPtr v, xmlio_errors *e);
void xmlio_errors_attach_schema_parser(xmlSchemaParserCtxtPtr p, xmlio_errors *e);

/* Open a hardened streaming reader on a file (NULL when the file cannot be opened or on
 * OOM).  Errors are collected into e. */
xmlTextReaderPtr xmlio_reader_open(const char *path, xmlio_errors *e);
/* Read a whole (small, trusted-size) XML file into a tree with the hardened options; NULL on
 * failure with the message in e.  Used for controlsets, schemas and stylesheets only: never
 * for declaration-sized or reference-data input. */
xmlDocPtr xmlio_read_doc(const char *path, xmlio_errors *e);

/* Load a (trusted) XML schema; the files it includes or imports are read from its own
 * directory only (the entity loader lets nothing else through).  NULL on failure with the
 * message in e. */
xmlSchemaPtr xmlio_schema_load(const char *path, xmlio_errors *e);

/* Apply the security preferences that forbid writing files, creating directories and any
 * network access to one transformation (reading local files stays allowed so stylesheets
 * can use document() on shipped data).  Returns 0, or -1 on failure. */
int xmlio_xslt_secure(xsltTransformContextPtr t);

#endif
