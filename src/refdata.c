/* refdata.c — reference data of a context: koppeltabel, ingerichte tarieven, toewijzingen. */
#include "refdata.h"

aw_rc aw_ctx_load_koppeltabel(aw_ctx *ctx, const char *path)
{ return aw_set_error(ctx, AW_EUSAGE, "%s: --koppeltabel is not yet supported", path); }
aw_rc aw_ctx_load_tarieven(aw_ctx *ctx, const char *path)
{ return aw_set_error(ctx, AW_EUSAGE, "%s: --tarieven is not yet supported", path); }
aw_rc aw_ctx_load_toewijzingen(aw_ctx *ctx, const char *path)
{ return aw_set_error(ctx, AW_EUSAGE, "%s: --toewijzingen is not yet supported", path); }
void ref_free(aw_ref *r) { (void)r; }
aw_rc ref_file_begin(aw_ref *r) { (void)r; return AW_OK; }
aw_rc ref_check04(aw_ref *r, aw_check *c, const rec04 *rec, ref_info *info)
{ (void)r; (void)c; (void)rec; info->lv = AW_LV_UNKNOWN; info->have_tarief = 0; return AW_OK; }
aw_lv ref_lv(const aw_ref *r, const char *code, long day) { (void)r; (void)code; (void)day; return AW_LV_UNKNOWN; }
int ref_have_koppeltabel(const aw_ref *r) { (void)r; return 0; }
aw_ref *ref_get(aw_ctx *ctx) { aw_set_error(ctx, AW_EUSAGE, "reference data not yet supported"); return NULL; }
aw_rc ref_toew_add(aw_ref *r, aw_ctx *ctx, const ref_toew *t, const char *file, unsigned long line)
{ (void)r; (void)t; return aw_set_error(ctx, AW_EUSAGE, "%s:%lu: not yet supported", file, line); }
int ref_klasse_parse(const char *k, unsigned opslag, ref_toew *t) { (void)k; (void)opslag; (void)t; return -1; }
size_t ref_toew_count(const aw_ref *r) { (void)r; return 0; }
int ref_toew_get(const aw_ref *r, size_t i, ref_toew *out) { (void)r; (void)i; (void)out; return 0; }
