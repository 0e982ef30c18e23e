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

/* The field's bytes packed big-endian and searched in the generated sorted keys: a value is
 * allowed when it is a code followed by blanks to the field's end (AN codes are left-aligned and
 * space-filled; N codes fill the field).  Runs for every code field of every record. */
int lay_code_allowed(const lay_field *f, const char *p)
{
    if (!f->codes) return 1;
    uint32_t v = 0;
    for (unsigned i = 0; i < f->len; i++) v = v << 8 | (unsigned char)p[i]; /* len <= 4 (gentables.sh) */
    size_t lo = 0, hi = f->nkeys;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (f->keys[mid] == v) return 1;
        if (f->keys[mid] < v) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}
