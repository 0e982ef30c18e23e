/* layout.c — lookups in the generated record layouts (layout_tables.c, from standard/). */
#include "awint.h"
#include <string.h>

const lay_record *lay_record_find(const lay_layout *l, const char *type2)
{
    unsigned a = (unsigned char)type2[0] - '0', b = (unsigned char)type2[1] - '0';
    return a > 9 || b > 9 ? NULL : l->bytype[a * 10 + b];
}

/* O(1) after the record: ids are record type + two digits (SPEC 2.1 field numbering). */
const lay_field *lay_field_find(const lay_layout *l, const char *id)
{
    const lay_record *r = lay_record_find(l, id);
    unsigned a = (unsigned char)id[2] - '0', b;
    if (!r || a > 9 || (b = (unsigned char)id[3] - '0') > 9 || id[4]) return NULL;
    return r->byid[a * 10 + b];
}

int lay_code_allowed(const lay_field *f, const char *p)
{
    if (!f->codes) return 1;
    /* AN codes are left-aligned, space-filled; N codes fill the field exactly.  Per 04 over
     * 64 COD163 codes: compared byte by byte, most differ in the first or second byte. */
    for (const char *const *c = f->codes; *c; c++) {
        const char *s = *c;
        size_t i = 0;
        while (i < f->len && s[i] && s[i] == p[i]) i++;
        if (!s[i] && fld_blank(p + i, f->len - i)) return 1;
    }
    return 0;
}
