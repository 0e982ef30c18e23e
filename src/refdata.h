/* refdata.h — reference data shared by csv.c, refdata.c, refrules.c and aw33.c (internal).
 * refdata.c owns struct aw_ref and its indexes; readers add rows through ref_*_add. */
#ifndef REFDATA_H
#define REFDATA_H

#include "awint.h"

#define REF_OPEN 0x7fffffffL   /* einddatum of an open-ended period (days) */

/* Units of an MPT klasse limit (SPEC 4.5). */
enum { REF_UNIT_NONE = 0 /* 99: no limit */, REF_UNIT_MINUTES, REF_UNIT_DAGDELEN, REF_UNIT_ETMALEN };

/* One toewijzing, as read from AW33 or CSV. */
typedef struct ref_toew {
    uint32_t bsn;
    aw_lv lv;               /* AW_LV_ZZP / AW_LV_VPT / AW_LV_MPT */
    unsigned code;          /* ZzpCode (COD163) for ZZP/VPT, FunctieCode (COD732) for MPT */
    uint32_t instelling;    /* AGB code; 0 = missing, matches every instelling */
    long begin, end;        /* days since 1970, inclusive; end = REF_OPEN when open */
    unsigned percentage;    /* hundredths; 10000 when absent */
    unsigned char unit;     /* REF_UNIT_* of the klasse (MPT) */
    unsigned weekmax;       /* klasse upper bound per week incl. Opslag, in unit */
    long long stamp;        /* Toewijzingsdatum + Toewijzingstijd in seconds (AW33); 0 for CSV */
} ref_toew;

/* The reference data of a context, created on first use. NULL on OOM (error set). */
aw_ref *ref_get(aw_ctx *ctx);
/* Add a toewijzing read from file:line.  AW33 rows (stamp != 0) with the same identity
 * (bsn, lv kind, code, instelling, begin) supersede each other by stamp; CSV rows with the
 * same identity or overlapping periods for the same key are an error (AW_EREFDATA, message
 * "FILE:LINE: ..." on ctx). */
aw_rc ref_toew_add(aw_ref *r, aw_ctx *ctx, const ref_toew *t, const char *file,
                   unsigned long line) AW_WARN_UNUSED;
/* Parse an AW33/CSV klasse ("K3", "KD04", "KE2", "99") plus opslag into t->unit and
 * t->weekmax.  Returns 0 on success, -1 when the klasse is unknown. */
int ref_klasse_parse(const char *klasse, unsigned opslag, ref_toew *t);

/* For tests and reports: the toewijzingen in force after superseding. */
size_t ref_toew_count(const aw_ref *r);
int ref_toew_get(const aw_ref *r, size_t i, ref_toew *out); /* 1 when i < count */

/* aw33.c: read one AW33 file or every *.xml of a directory (name order) into r. */
aw_rc aw33_load(aw_ref *r, aw_ctx *ctx, const char *path) AW_WARN_UNUSED;
/* csv.c: the toewijzingen CSV reader (refdata.c dispatches on the file name / content). */

#endif
