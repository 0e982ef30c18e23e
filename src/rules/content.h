/* SPDX-License-Identifier: MIT */
/* content.h — the content rules I1-I13 and timeliness T1 (content.c). */
#ifndef AW_CONTENT_H
#define AW_CONTENT_H

#include "finding.h"
#include "keys.h"

/* On a trusted 02 / 04 (no technical findings of its own); they report through fs.  ci_check04
 * fails only out of memory (AW_ENOMEM, the per-file key sets). */
void ci_check02(fsink *fs, const char *raw, const char *bsn9);
aw_rc ci_check04(fsink *fs, const rec04 *r, const char *bsn02 /* NULL if unknown */, keys *k);
void ci_timeliness(fsink *fs, const rec04 *r);

#endif
