/* layout.c — lookups in the generated record layouts (layout_tables.c, from standard/). */
#include "awint.h"
#include <string.h>

const lay_record *lay_record_find(const lay_layout *l, const char *type2)
{
    for (unsigned i = 0; i < l->nrecords; i++)
        if (l->records[i].type[0] == type2[0] && l->records[i].type[1] == type2[1])
            return &l->records[i];
    return NULL;
}

const lay_field *lay_field_find(const lay_layout *l, const char *id)
{
    const lay_record *r = lay_record_find(l, id);
    if (!r) return NULL;
    for (unsigned i = 0; i < r->nfields; i++)
        if (!strcmp(r->fields[i].id, id)) return &r->fields[i];
    return NULL;
}

int lay_code_allowed(const lay_field *f, const char *p)
{
    if (!f->codes) return 1;
    for (const char *const *c = f->codes; *c; c++) {
        size_t n = strlen(*c);
        /* AN codes are left-aligned, space-filled; N codes fill the field exactly */
        if (n <= f->len && !memcmp(*c, p, n) && fld_blank(p + n, f->len - n)) return 1;
    }
    return 0;
}
