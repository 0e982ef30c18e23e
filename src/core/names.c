/* SPDX-License-Identifier: MIT */
/* names.c — the library's small public lookups that need no context: its version, the texts
 * of error codes and verdicts, leveringsvorm names, euro amounts and masked BSNs. */
#include "core.h"
#include "nls.h"
#include "config.h"
#include <stdio.h>
#include <string.h>

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
