/* SPDX-License-Identifier: MIT */
/* history.h — the history rules H1-H5 against a read-only ledger (history.c, SQLite). */
#ifndef AW_HISTORY_H
#define AW_HISTORY_H

#include "finding.h"
#include "keys.h"

/* aw_ledger: the ledger a context checks against (aw_ctx_open_ledger). */
void h_free(aw_ledger *l);
void h_file_begin(aw_ledger *l);                            /* resets per-file state */
void h_check01(aw_ledger *l, fsink *fs);                    /* H5 */
void h_check04(aw_ledger *l, fsink *fs, const rec04 *r, keys *k); /* H1-H4 */

#endif
