/* xmlio.c — the one place where libxml2 and libxslt are configured and hardened. */
#include "awint.h"
#include <libxml/parser.h>

int xmlio_parse_options(void) { return XML_PARSE_NONET; }
void aw_global_init(void) { xmlInitParser(); }
void aw_global_cleanup(void) { xmlCleanupParser(); }
