/* SPDX-License-Identifier: MIT */
/* rtext.h — text from the input made safe for a report (rtext.c, rpt_). */
#ifndef AW_RTEXT_H
#define AW_RTEXT_H

#include <stddef.h>

#define TEXT_MAX 2048 /* input bytes of one string that reach a report (messages are shorter) */

/* Append s (n bytes, at most TEXT_MAX used) to d (capacity cap, length *k) as clean UTF-8;
 * with xml set, also escape & < > " for text and attribute values.  Stops short of cap. */
void rpt_clean(char *d, size_t cap, size_t *k, const char *s, size_t n, int xml);

#endif
