/* SPDX-License-Identifier: MIT */
/* ctx.c — the check context: options, reference data, controlset, ledger and the sticky
 * error state (first error code and its message), plus small public lookups. */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "awint.h"
#include "nls.h"
#include <sched.h>
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef AW_DATADIR
#define AW_DATADIR "/usr/local/share/aw319check"
#endif

const char *aw_version(void) { return PACKAGE_VERSION; }

const char *aw_strerror(aw_rc rc)
{
    switch (rc) {
    case AW_OK: return _("no error");
    case AW_ENOMEM: return _("out of memory");
    case AW_EIO: return _("input/output error");
    case AW_EUSAGE: return _("invalid usage");
    case AW_EREFDATA: return _("invalid reference data");
    case AW_ECONTROL: return _("invalid controlset");
    case AW_EXML: return _("XML processing failed");
    case AW_ELEDGER: return _("ledger unusable");
    case AW_ENOHEADER: return _("no 01 voorlooprecord");
    }
    return _("unknown error");
}

/* The machine value: written into the XML, JSON and other reports, never translated. */
const char *aw_verdict_name(aw_verdict v)
{
    static const char *const n[] = {"accepted", "partial", "rejected", "technical-reject"};
    return (unsigned)v < 4 ? n[v] : "?";
}

/* The same for people (the summary line): in English the machine value, as scripts read it. */
const char *aw_verdict_text(aw_verdict v)
{
    static const char *const n[] = {N_("accepted"), N_("partial"), N_("rejected"), N_("technical-reject")};
    return (unsigned)v < 4 ? _(n[v]) : "?";
}

/* A machine value too (the ledger, CSV reference data, options): never translated. */
const char *aw_lv_name(aw_lv lv)
{
    static const char *const n[] = {"ZZP", "VPT", "MPT", "unknown"};
    return (unsigned)lv < AW_LV_COUNT ? n[lv] : "unknown";
}

aw_ctx *aw_ctx_new(void)
{
    nls_bind();
    aw_ctx *c = aw_calloc(1, sizeof *c);
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
    aw_free(c->datadir);
    aw_free(c->aw33_schema_dir);
    aw_free(c);
}

aw_rc aw_set_error(aw_ctx *c, aw_rc rc, const char *fmt, ...)
{
    if (!c) return rc;
    if (c->err) return rc; /* sticky: keep the first, most specific message */
    c->err = rc;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->errmsg, sizeof c->errmsg, fmt, ap);
    va_end(ap);
    return rc;
}

void aw_clear_error(aw_ctx *c)
{
    if (!c) return;
    c->err = AW_OK;
    c->errmsg[0] = 0;
}

const char *aw_errmsg(const aw_ctx *c) { return c ? c->errmsg : ""; }

aw_rc aw_ctx_set_submission_date(aw_ctx *c, long d)
{
    aw_clear_error(c);
    if (d != 0 && date_ymd_to_days(d) < 0)
        return aw_set_error(c, AW_EUSAGE, _("submission date %08ld is not a calendar date"), d);
    c->submission_date = d;
    return AW_OK;
}
void aw_ctx_set_run_date(aw_ctx *c, long d) { c->run_date = d; }
void aw_ctx_set_mask_bsn(aw_ctx *c, int on) { c->mask_bsn = on; }

void aw_ctx_set_datadir(aw_ctx *c, const char *dir)
{
    char *d = aw_strdup(dir);
    if (!d) return;
    aw_free(c->datadir);
    c->datadir = d;
}

/* An explicit data directory ($AW319_DATADIR, else aw_ctx_set_datadir) is the only place
 * searched, so a test or a user can point it somewhere and rely on it; without one, the
 * installed pkgdatadir, then the directory of the running program (an in-tree build run
 * before `make install`: controlsets/ and schemas/ lie beside it). */
int aw_find_datafile(const aw_ctx *c, const char *rel, char *out, size_t n)
{
    const char *dirs[2];
    char prog[4096];
    int k = 0;
    const char *env = getenv("AW319_DATADIR");
    if (env && *env) dirs[k++] = env;
    else if (c && c->datadir) dirs[k++] = c->datadir;
    else {
        dirs[k++] = AW_DATADIR;
        if (aw_program_dir(prog, sizeof prog)) dirs[k++] = prog;
    }
    for (int i = 0; i < k; i++) {
        int w = snprintf(out, n, "%s/%s", dirs[i], rel);
        if (w > 0 && (size_t)w < n && access(out, R_OK) == 0) return 1;
    }
    return 0;
}

void aw_mask_bsn(char dst[10], const char *bsn9)
{
    memcpy(dst, bsn9, 9);
    memset(dst + 2, '*', 5);
    dst[9] = 0;
}

void aw_format_euro(char *dst, size_t n, int64_t cents)
{
    char digits[32], grouped[48];
    uint64_t v = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
    int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)(v / 100));
    int g = 0;
    for (int i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0) grouped[g++] = '.';
        grouped[g++] = digits[i];
    }
    grouped[g] = 0;
    snprintf(dst, n, "%s\xe2\x82\xac %s,%02u", cents < 0 ? "-" : "", grouped, (unsigned)(v % 100));
}

/* Helper threads (hashing, the AW320 writer) only pay off with a second CPU: on one CPU they
 * add a copy (the hash thread re-reads the file) and context switches. */
int aw_parallel(void)
{
    static int cached = -1;
    if (cached < 0) {
        cpu_set_t set;
        cached = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) > 1 : 1;
    }
    return cached;
}
