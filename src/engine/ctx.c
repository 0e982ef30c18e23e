/* SPDX-License-Identifier: MIT */
/* ctx.c — the check context: its life and its options (dates, BSN masking, the data
 * directory); it frees the data loaded into it (reference data, ledger). */
#include "ctx.h"
#include "refdata.h"
#include "history.h"
#include "nls.h"
#include <string.h>


aw_ctx *aw_ctx_new(void)
{
    nls_bind();
    aw_ctx *c = mem_calloc(1, sizeof *c);
    if (!c) return NULL;
    rule_conf_default(c->conf);
    strcpy(c->controlset_id, "default");
    return c;
}

void aw_ctx_free(aw_ctx *c)
{
    if (!c) return;
    ref_free(c->ref);
    h_free(c->ledger);
    mem_free(c->datadir);
    mem_free(c->aw33_schema_dir);
    mem_free(c);
}

aw_rc aw_ctx_set_submission_date(aw_ctx *c, long d)
{
    err_clear(c);
    if (d != 0 && date_ymd_to_days(d) < 0)
        return err_set(c, AW_EUSAGE, _("submission date %08ld is not a calendar date"), d);
    c->submission_date = d;
    return AW_OK;
}
void aw_ctx_set_run_date(aw_ctx *c, long d) { c->run_date = d; }
void aw_ctx_set_mask_bsn(aw_ctx *c, int on) { c->mask_bsn = on; }

aw_rc aw_ctx_set_datadir(aw_ctx *c, const char *dir)
{
    err_clear(c);
    char *d = mem_strdup(dir);
    if (!d) return err_set(c, AW_ENOMEM, _("out of memory"));
    mem_free(c->datadir);
    c->datadir = d;
    return AW_OK;
}

