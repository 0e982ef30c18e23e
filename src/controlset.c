/* controlset.c — load and validate controlsets (SPEC 4.8). */
#include "awint.h"

aw_rc aw_ctx_load_controlset(aw_ctx *ctx, const char *name)
{ return aw_set_error(ctx, AW_EUSAGE, "%s: --controlset is not yet supported", name); }
