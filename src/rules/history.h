/* SPDX-License-Identifier: MIT */
/* history.h — the history rules H1-H5 against a read-only ledger (history.c, SQLite). */
#ifndef AW_HISTORY_H
#define AW_HISTORY_H

#include "finding.h"
#include "keys.h"

/* The ledger a context checks against (aw_ctx_open_ledger, in history.c). */
typedef struct h_ledger h_ledger;
void h_free(h_ledger *l);
void h_file_begin(h_ledger *l);                            /* resets per-file state */
/* The H rules of a trusted 01 / 04; AW_ELEDGER (a database error) or AW_ENOMEM, else AW_OK. */
aw_rc h_check01(h_ledger *l, fsink *fs);                   /* H5 */
aw_rc h_check04(h_ledger *l, fsink *fs, const rec04 *r, keys *k); /* H1-H4 */

#endif
