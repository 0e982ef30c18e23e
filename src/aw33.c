/* aw33.c — streaming reader of iWlz AW33 toewijzingsberichten (libxml2 xmlTextReader). */
#include "refdata.h"

aw_rc aw33_load(aw_ref *r, aw_ctx *ctx, const char *path)
{ (void)r; return aw_set_error(ctx, AW_EUSAGE, "%s: AW33 is not yet supported", path); }
aw_rc aw_ctx_set_aw33_schema(aw_ctx *ctx, const char *dir)
{ return aw_set_error(ctx, AW_EUSAGE, "%s: --aw33-schema is not yet supported", dir); }
