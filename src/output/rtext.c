/* SPDX-License-Identifier: MIT */
/* rtext.c — text from the input made safe for a report (rtext.h): valid UTF-8 kept, control
 * bytes written as \xNN, any other byte >= 0x80 taken as ISO-8859-1; XML-escaped on request. */
#include "rtext.h"
#include <string.h>

/* Length of the valid UTF-8 sequence at p (n bytes available), 0 when there is none. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    size_t len;
    unsigned cp;
    if (p[0] >= 0xC2 && p[0] <= 0xDF) { len = 2; cp = p[0] & 0x1F; }
    else if (p[0] >= 0xE0 && p[0] <= 0xEF) { len = 3; cp = p[0] & 0x0F; }
    else if (p[0] >= 0xF0 && p[0] <= 0xF4) { len = 4; cp = p[0] & 0x07; }
    else return 0;
    if (len > n) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (p[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    if (cp >= 0x80 && cp < 0xA0) return 0; /* C1 controls */
    if (cp == 0xFFFE || cp == 0xFFFF) return 0;
    return len;
}

/* Append s (n bytes, at most TEXT_MAX used) to d (capacity cap, length *k) as clean UTF-8;
 * with xml set, also escape & < > " for text and attribute values.  Stops short of cap. */
void rpt_clean(char *d, size_t cap, size_t *k, const char *s, size_t n, int xml)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)s;
    size_t j = *k;
    if (n > TEXT_MAX) n = TEXT_MAX;
    for (size_t i = 0; i < n && j + 8 < cap;) {
        unsigned char b = p[i];
        size_t u;
        if (b < 0x20 || b == 0x7F || (b >= 0x80 && b < 0xA0 && !utf8_len(p + i, n - i))) {
            d[j++] = '\\'; d[j++] = 'x'; d[j++] = hex[b >> 4]; d[j++] = hex[b & 15];
            i++;
        } else if (b < 0x80) {
            const char *e = !xml ? NULL : b == '&' ? "&amp;" : b == '<' ? "&lt;" : b == '>' ? "&gt;"
                            : b == '"' ? "&quot;" : NULL;
            if (e) { size_t l = strlen(e); memcpy(d + j, e, l); j += l; }
            else d[j++] = (char)b;
            i++;
        } else if ((u = utf8_len(p + i, n - i))) {
            memcpy(d + j, p + i, u);
            j += u;
            i += u;
        } else { /* ISO-8859-1 */
            d[j++] = (char)(0xC0 | b >> 6);
            d[j++] = (char)(0x80 | (b & 0x3F));
            i++;
        }
    }
    d[j] = 0;
    *k = j;
}

