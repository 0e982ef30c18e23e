/* SPDX-License-Identifier: MIT */
/* refrules.c — rules R1-R11 against the reference data (doc/rules.md) on one trusted 04.
 * Only what the given data allows is evaluated: the koppeltabel for R1-R3, R8 and R11, the
 * tarieven for R4-R6, the toewijzingen for R7-R11.  R1 is a gate; R7 and R8 end the
 * toewijzing checks of a record (nothing else can match).  No allocation per record: lookups
 * go through the store's hash indexes; R11 sums grow amortized. */
#include "refrules.h"
#include "nls.h"
#include <stdio.h>
#include <string.h>

static void day_str(char out[16], long days)
{
    if (days >= REF_OPEN) { strcpy(out, "open"); return; }
    int y, m, d;
    date_civil(days, &y, &m, &d);
    snprintf(out, 16, "%04d-%02d-%02d", y % 10000, m, d);
}

static int in_list(const ref_kt *k, unsigned v)
{
    for (unsigned i = 0; i < k->ncodes; i++)
        if (k->codes[i] == v) return 1;
    return 0;
}

static const char *list_str(char *out, size_t n, const ref_kt *k)
{
    size_t at = 0;
    out[0] = 0;
    for (unsigned i = 0; i < k->ncodes && at + 8 < n; i++)
        at += (size_t)snprintf(out + at, n - at, "%s%0*u", i ? "," : "", k->lv == AW_LV_MPT ? 2 : 3, k->codes[i]);
    return out;
}

/* ---- koppeltabel: R2, R3 */

/* Returns 1 when the record's codes fit the row (no R2 finding). */
static int check_codes(fsink *fs, const ref_kt *k, const rec04 *p)
{
    char l[REF_MAXCODES * 4 + 8];
    int zzp_kind = k->lv != AW_LV_MPT, ok = 1;
    const lay_field *f12 = fs_field(fs, "0412"), *f13 = fs_field(fs, "0413");
    if (p->zzp && (!zzp_kind || !in_list(k, p->zzp))) { /* RULE: R2 */
        ok = 0;
        if (zzp_kind)
            fs_emit(fs, RULE_R2, f13, 0, NULL, _("zzp %03u is not allowed with prestatiecode %s (koppeltabel: %s)"),
                     p->zzp, p->prestatiecode, list_str(l, sizeof l, k));
        else
            fs_emit(fs, RULE_R2, f13, 0, NULL, _("zzp %03u is not allowed with the MPT prestatiecode %s (expected 000)"),
                     p->zzp, p->prestatiecode);
    } else if (!p->zzp && zzp_kind) {
        ok = 0;
        fs_emit(fs, RULE_R2, f13, 0, NULL, _("zzp code absent: the %s prestatiecode %s needs one of %s"),
                 aw_lv_name((aw_lv)k->lv), p->prestatiecode, list_str(l, sizeof l, k));
    }
    if (p->functie && (zzp_kind || !in_list(k, p->functie))) {
        ok = 0;
        if (zzp_kind)
            fs_emit(fs, RULE_R2, f12, 0, NULL, _("functie %02u is not allowed with the %s prestatiecode %s (expected 00)"),
                     p->functie, aw_lv_name((aw_lv)k->lv), p->prestatiecode);
        else
            fs_emit(fs, RULE_R2, f12, 0, NULL, _("functie %02u is not allowed with prestatiecode %s (koppeltabel: %s)"),
                     p->functie, p->prestatiecode, list_str(l, sizeof l, k));
    } else if (!p->functie && !zzp_kind) {
        ok = 0;
        fs_emit(fs, RULE_R2, f12, 0, NULL, _("functie code absent: the MPT prestatiecode %s needs one of %s"),
                 p->prestatiecode, list_str(l, sizeof l, k));
    }
    return ok;
}

/* ---- tarieven: R4, R5, R6 */

/* The tarief in force on a day: a row for this instelling wins over a row for every one. */
static const ref_tar *tarief_on(const ref_tar *rows, size_t n, uint32_t inst, long day)
{
    const ref_tar *gen = NULL;
    for (size_t i = 0; i < n; i++) {
        const ref_tar *t = &rows[i];
        if (t->begin > day || t->end < day) continue;
        if (inst && t->instelling == inst) return t;
        if (!t->instelling) gen = t;
    }
    return gen;
}

static void check_tarief(fsink *fs, const ref_store *r, const rec04 *p, uint32_t inst, rr_info *info, int emit)
{
    size_t n;
    const ref_tar *rows = ref_tar_rows(r, p->prestatiecode, &n);
    const ref_tar *t = tarief_on(rows, n, inst, p->begin);
    const lay_field *f = fs_field(fs, "0425");
    char d1[16], d2[16], d3[16], d4[16], a[48], b[48];
    if (!t) {
        day_str(d1, p->begin); /* only for messages: no printf per record */
        if (emit && inst) /* RULE: R4 */
            fs_emit(fs, RULE_R4, f, 0, NULL, _("no ingericht tarief for %s on %s for instelling %s"),
                     p->prestatiecode, d1, fs->hdr->instelling);
        else if (emit)
            fs_emit(fs, RULE_R4, f, 0, NULL, _("no ingericht tarief for %s on %s"), p->prestatiecode, d1);
        return;
    }
    info->have_tarief = 1;
    info->tarief = t->tarief;
    if (!emit) return;
    /* RULE: R5 — the tariff period in force on 0414 must hold every day up to 0415 */
    int split = t->end < p->end;
    for (size_t i = 0; i < n && !split && inst && !t->instelling; i++)
        split = rows[i].instelling == inst && rows[i].begin > p->begin && rows[i].begin <= p->end;
    if (split) {
        day_str(d1, p->begin);
        day_str(d2, p->end);
        day_str(d3, t->begin);
        day_str(d4, t->end);
        fs_emit(fs, RULE_R5, f, 0, NULL,
                 _("the days %s..%s fall in more than one tariff period of %s (the tarief of %s..%s ends earlier): "
                   "declare one record per period"), d1, d2, p->prestatiecode, d3, d4);
    } else if (p->tarief != t->tarief) { /* RULE: R6 */
        day_str(d1, p->begin);
        aw_format_euro(a, sizeof a, (int64_t)p->tarief);
        aw_format_euro(b, sizeof b, (int64_t)t->tarief);
        fs_emit(fs, RULE_R6, f, 0, NULL, _("tarief %s is not the ingericht tarief %s for %s on %s"), a, b,
                 p->prestatiecode, d1);
    }
}

/* ---- toewijzingen: R7-R11 */

typedef struct match {
    const ref_kt *k;           /* NULL without koppeltabel */
    const rec04 *p;
    uint32_t inst;
} match;

static int at_inst(const ref_tw *w, uint32_t inst) { return !w->instelling || w->instelling == inst; }

/* Does toewijzing w match the prestatie (rule R8: leveringsvorm and an allowed code)? */
static int matches(const match *m, const ref_tw *w)
{
    if (!at_inst(w, m->inst)) return 0;
    if (m->k) {
        if (w->lv != m->k->lv) return 0;
        if (m->k->lv == AW_LV_MPT) return in_list(m->k, w->code);
        return w->code == m->p->zzp && in_list(m->k, m->p->zzp);
    }
    /* without koppeltabel: the record's own code decides the kind */
    if (w->lv == AW_LV_MPT) return m->p->functie && w->code == m->p->functie;
    return m->p->zzp && w->code == m->p->zzp;
}

static const char *unit_name(unsigned u)
{
    /* TRANSLATORS: a unit of time of a toewijzing, in the R11 message "%lld %s of functie ..." */
    return _(u == REF_UNIT_MINUTES ? N_("minutes") : u == REF_UNIT_DAGDELEN ? N_("dagdelen") : N_("etmalen"));
}

/* RULE: R11 — the month's limit x 7: sum over its days of the highest weekly bound of the
 * covering toewijzingen of this functie and unit; -1 no limit (klasse 99), -3 none to compare. */
static int32_t month_limit(const ref_tw *rows, size_t n, const match *m, unsigned functie, unsigned unit,
                           long first, long last)
{
    int64_t sum = 0;
    int any = 0;
    for (long d = first; d <= last; d++) {
        int64_t best = -1;
        for (size_t i = 0; i < n; i++) {
            const ref_tw *w = &rows[i];
            if (w->lv != AW_LV_MPT || w->code != functie || !at_inst(w, m->inst) || w->begin > d || w->end < d) continue;
            if (w->unit == REF_UNIT_NONE) return -1;
            if (w->unit == unit && (int64_t)w->weekmax > best) best = w->weekmax;
        }
        if (best >= 0) { sum += best; any = 1; }
    }
    if (!any) return -3;
    return sum > INT32_MAX ? INT32_MAX : (int32_t)sum;
}

static aw_rc check_volume(fsink *fs, ref_store *r, const ref_tw *rows, size_t n, const match *m)
{
    const rec04 *p = m->p;
    unsigned unit, factor = 1;
    switch (p->eenheid) {
    case 1: unit = REF_UNIT_MINUTES; break;
    case 4: unit = REF_UNIT_MINUTES; factor = 60; break;
    case 16: unit = REF_UNIT_DAGDELEN; break;
    case 14: unit = REF_UNIT_ETMALEN; break;
    default: return AW_OK; /* tijdsonafhankelijk: no volume */
    }
    int y = (int)(p->begin_ymd / 10000), mo = (int)(p->begin_ymd / 100 % 100);
    if (y < 1970 || y > 5000) return AW_OK;
    ref_vol *v = ref_vol_get(r, p->bsn_num, p->functie, unit, (unsigned)(y * 12 + mo - 1));
    if (!v) return err_set(fs->ctx, AW_ENOMEM, _("out of memory"));
    if (v->limit == -2)
        v->limit = month_limit(rows, n, m, p->functie, unit, date_days(y, mo, 1), date_days(y, mo, date_month_len(y, mo)));
    if (v->limit == -3) return AW_OK;
    int64_t units = (int64_t)p->aantal * factor;
    int counts = !(fs->rejected > 0); /* a rejected record is not granted: it does not count */
    if (p->dc == 'C') {
        if (counts) v->sum -= units;
        return AW_OK;
    }
    if (v->limit >= 0 && (v->sum + units) * 7 > v->limit) {
        char b[10];
        fs_emit(fs, RULE_R11, fs_field(fs, "0418"), 0, NULL,
                 _("%lld %s of functie %02u would bring BSN %s to %lld %s in %04d-%02d; the toewijzingen allow %lld "
                   "(weekly klasse bound x covered days / 7)"), (long long)units, unit_name(unit), p->functie,
                 fs_bsn(fs, b, p->bsn), (long long)(v->sum + units), unit_name(unit), y, mo,
                 (long long)(v->limit / 7));
        return AW_OK;
    }
    if (counts) v->sum += units;
    return AW_OK;
}

static aw_rc check_toew(fsink *fs, ref_store *r, const ref_kt *k, int codes_ok, int eenheid_ok,
                        const rec04 *p, uint32_t inst)
{
    size_t n, i;
    const ref_tw *rows = ref_toew_rows(r, p->bsn_num, &n);
    const hdr01 *h = fs->hdr;
    match m = {k, p, inst};
    char b[10], d1[16], d2[16], d3[16];
    for (i = 0; i < n && !at_inst(&rows[i], inst); i++) {}
    if (i == n) { /* RULE: R7 */
        fs_emit(fs, RULE_R7, fs_field(fs, "0403"), 0, NULL, _("BSN %s has no toewijzing at instelling %s"),
                 fs_bsn(fs, b, p->bsn), h->instelling);
        return AW_OK;
    }
    size_t nm = 0;
    for (i = 0; i < n; i++) nm += (size_t)matches(&m, &rows[i]);
    int mpt = k ? k->lv == AW_LV_MPT : !p->zzp;
    if (!nm) {
        if (k) { /* RULE: R8 */
            char l[REF_MAXCODES * 4 + 8];
            if (mpt)
                fs_emit(fs, RULE_R8, fs_field(fs, "0412"), 0, NULL,
                         _("BSN %s has toewijzingen at instelling %s, but none for MPT with functie %s"), fs_bsn(fs, b, p->bsn),
                         h->instelling, list_str(l, sizeof l, k));
            else
                fs_emit(fs, RULE_R8, fs_field(fs, "0413"), 0, NULL,
                         _("BSN %s has toewijzingen at instelling %s, but none for %s with zzp %03u"), fs_bsn(fs, b, p->bsn),
                         h->instelling, aw_lv_name((aw_lv)k->lv), p->zzp);
            return AW_OK;
        }
        if (!p->zzp && !p->functie) return AW_OK; /* nothing to match without a koppeltabel */
    }
    /* RULE: R9 — the union of the matching periods covers every day 0414..0415 */
    long cur = p->begin;
    for (int progress = 1; progress && cur <= p->end;) {
        progress = 0;
        for (i = 0; i < n; i++) {
            const ref_tw *w = &rows[i];
            if (w->begin <= cur && w->end >= cur && matches(&m, w)) {
                cur = (long)w->end + 1;
                progress = 1;
            }
        }
    }
    if (cur <= p->end) {
        day_str(d1, cur);
        day_str(d2, p->begin);
        day_str(d3, p->end);
        char what[32];
        if (mpt) snprintf(what, sizeof what, "MPT functie %02u", p->functie);
        else snprintf(what, sizeof what, "%s zzp %03u", k ? aw_lv_name((aw_lv)k->lv) : "ZZP/VPT", p->zzp);
        fs_emit(fs, RULE_R9, fs_field(fs, "0414"), 0, NULL,
                 _("%s of the prestatie %s..%s is not covered by a toewijzing for %s of BSN %s"), d1, d2, d3, what,
                 fs_bsn(fs, b, p->bsn));
    }
    if (!mpt) { /* RULE: R10 — the lowest percentage among the covering toewijzingen */
        unsigned low = 10001;
        for (i = 0; i < n; i++) {
            const ref_tw *w = &rows[i];
            if (w->begin <= p->end && w->end >= p->begin && matches(&m, w) && w->percentage < low) low = w->percentage;
        }
        if (low <= 10000 && p->percentage > low)
            fs_emit(fs, RULE_R10, fs_field(fs, "0424"), 0, NULL,
                     _("verrekenpercentage %u,%02u %% is above the toewijzingspercentage %u,%02u %%"), p->percentage / 100,
                     p->percentage % 100, low / 100, low % 100);
        return AW_OK;
    }
    if (k && codes_ok && eenheid_ok) return check_volume(fs, r, rows, n, &m);
    return AW_OK;
}

aw_rc rr_check04(ref_store *r, fsink *fs, const rec04 *p, rr_info *info)
{
    info->lv = AW_LV_UNKNOWN;
    info->have_tarief = 0;
    info->tarief = 0;
    const hdr01 *h = fs->hdr;
    uint32_t inst = h->instelling_ok ? h->instelling_num : 0;
    const ref_kt *k = NULL;
    int codes_ok = 1, eenheid_ok = 1;
    if (ref_have_koppeltabel(r)) {
        int known;
        k = ref_kt_find(r, p->prestatiecode, p->begin, &known);
        if (!k) { /* RULE: R1 — a gate */
            char d[16];
            day_str(d, p->begin);
            if (known)
                fs_emit(fs, RULE_R1, fs_field(fs, "0417"), 0, NULL,
                         _("prestatiecode %s is not valid on %s in the koppeltabel"), p->prestatiecode, d);
            else
                fs_emit(fs, RULE_R1, fs_field(fs, "0417"), 0, NULL, _("prestatiecode %s is not in the koppeltabel"),
                         p->prestatiecode);
            if (ref_have_tarieven(r)) check_tarief(fs, r, p, inst, info, 0);
            return AW_OK;
        }
        info->lv = (aw_lv)k->lv;
        codes_ok = check_codes(fs, k, p);
        if (p->eenheid != k->eenheid) { /* RULE: R3 */
            eenheid_ok = 0;
            fs_emit(fs, RULE_R3, fs_field(fs, "0419"), 0, NULL,
                     _("tijdseenheid %02u differs from the koppeltabel eenheid %02u of %s"), p->eenheid, k->eenheid,
                     p->prestatiecode);
        }
    }
    if (ref_have_tarieven(r)) check_tarief(fs, r, p, inst, info, 1);
    if (ref_have_toewijzingen(r) && inst) return check_toew(fs, r, k, codes_ok, eenheid_ok, p, inst);
    return AW_OK;
}
