/* history.c — rules H1-H5 against the history ledger (read-only). */
#include "ledger.h"

aw_rc aw_ctx_open_ledger(aw_ctx *ctx, const char *path)
{ return aw_set_error(ctx, AW_EUSAGE, "%s: --ledger is not yet supported", path); }
void h_free(aw_ledger *l) { (void)l; }
void h_check01(aw_ledger *l, aw_check *c) { (void)l; (void)c; }
void h_check04(aw_ledger *l, aw_check *c, const rec04 *r, keys *k) { (void)l; (void)c; (void)r; (void)k; }
void h_file_begin(aw_ledger *l) { (void)l; }
