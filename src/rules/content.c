/* SPDX-License-Identifier: MIT */
/* content.c — content rules I1-I13 on trusted 02/04 records and timeliness T1 (doc/rules.md,
 * 4.6).  Each rule reports through the findings sink (fs_emit); the order of the checks is the order of the
 * rule table, which is the order of the codes in the AW320. */
#include "content.h"
#include "nls.h"
#include <stdio.h>
#include <string.h>

static const lay_field *field(const fsink *fs, const char *id) { return fs_field(fs, id); }

static long ymd(long days) { return date_days_to_ymd(days); }

/* I1: the elfproef, or in a v1.4 file the published dummy 999999999 of a client without a BSN. */
static int bsn_ok(const fsink *fs, const char *bsn9)
{
    return fld_elfproef(bsn9) || (fs->lay == &lay_aw319_v14 && !memcmp(bsn9, "999999999", 9));
}

void ci_check02(fsink *fs, const char *raw, const char *bsn9)
{
    char b[10];
    (void)raw;
    if (!bsn_ok(fs, bsn9)) /* RULE: I1 */
        fs_emit(fs, RULE_I1, field(fs, "0203"), 0, NULL, _("BSN %s fails the elfproef"),
                 fs_bsn(fs, b, bsn9));
    const hdr01 *h = fs->hdr;
    const lay_field *f = field(fs, "0204");
    if (h->uzovi_ok && memcmp(raw + f->pos, h->uzovi, 4)) /* RULE: I3 */
        fs_emit(fs, RULE_I3, f, 0, NULL, _("UZOVI %.4s differs from %s in the voorlooprecord"),
                 raw + f->pos, h->uzovi);
}

aw_rc ci_check04(fsink *fs, const rec04 *r, const char *bsn02, keys *k)
{
    char b1[10], b2[10];
    const hdr01 *h = fs->hdr;
    if (!bsn_ok(fs, r->bsn)) /* RULE: I1 */
        fs_emit(fs, RULE_I1, field(fs, "0403"), 0, NULL, _("BSN %s fails the elfproef"),
                 fs_bsn(fs, b1, r->bsn));
    if (bsn02 && memcmp(r->bsn, bsn02, 9)) /* RULE: I2 */
        fs_emit(fs, RULE_I2, field(fs, "0403"), 0, NULL,
                 _("BSN %s differs from BSN %s of its verzekerdenrecord"), fs_bsn(fs, b1, r->bsn),
                 fs_bsn(fs, b2, bsn02));
    const lay_field *fu = field(fs, "0404");
    if (h->uzovi_ok && memcmp(r->raw + fu->pos, h->uzovi, 4)) /* RULE: I3 */
        fs_emit(fs, RULE_I3, fu, 0, NULL, _("UZOVI %.4s differs from %s in the voorlooprecord"),
                 r->raw + fu->pos, h->uzovi);
    int period_ok = r->begin <= r->end;
    if (!period_ok) /* RULE: I4 */
        fs_emit(fs, RULE_I4, field(fs, "0414"), 0, NULL, _("prestatie begins %08ld after it ends %08ld"),
                 r->begin_ymd, r->end_ymd);
    else if (h->period_ok && (r->begin < h->period_begin || r->end > h->period_end))
        fs_emit(fs, RULE_I4, field(fs, r->begin < h->period_begin ? "0414" : "0415"), 0, NULL,
                 _("prestatie %08ld-%08ld is not inside the declaratieperiode %08ld-%08ld"),
                 r->begin_ymd, r->end_ymd, ymd(h->period_begin), ymd(h->period_end));
    if (r->dc != r->dc2) /* RULE: I5 */
        fs_emit(fs, RULE_I5, field(fs, "0430"), 0, NULL,
                 _("indicatie debet/credit %c of the berekend bedrag differs from %c of the declaratiebedrag"),
                 r->dc, r->dc2);
    /* RULE: I6 — 4 + 8 + 5 digits: the product stays below 10^17, no overflow */
    uint64_t want = ((uint64_t)r->aantal * r->tarief * r->percentage + 5000) / 10000;
    if (r->berekend != want)
        fs_emit(fs, RULE_I6, field(fs, "0426"), 0, NULL,
                 _("berekend bedrag %llu is not %u x %llu x %u/10000 = %llu (cents)"),
                 (unsigned long long)r->berekend, r->aantal, (unsigned long long)r->tarief,
                 r->percentage, (unsigned long long)want);
    if (r->bedrag > r->berekend) /* RULE: I7 */
        fs_emit(fs, RULE_I7, field(fs, "0429"), 0, NULL,
                 _("declaratiebedrag %llu is higher than the berekend bedrag %llu (cents)"),
                 (unsigned long long)r->bedrag, (unsigned long long)r->berekend);
    if (r->btw != 0) /* RULE: I8 */
        fs_emit(fs, RULE_I8, field(fs, "0428"), 0, NULL,
                 _("BTW-percentage %04u is not 0000: Wlz care carries no VAT"), r->btw);
    if (r->dc == 'C' && !r->prevref[0]) /* RULE: I9 */
        fs_emit(fs, RULE_I9, field(fs, "0432"), 0, NULL,
                 _("a credit needs the referentienummer of the debet it corrects"));
    int seen = keys_ref_seen(k, r->ref, r->dc);
    if (seen > 0) /* RULE: I10 */
        fs_emit(fs, RULE_I10, field(fs, "0431"), 0, NULL,
                 _("referentienummer '%s' was used by an earlier prestatierecord in this file"), r->ref);
    if (r->dc == 'C' && r->prevref[0] && keys_ref_is_debet(k, r->prevref)) /* RULE: I11 */
        fs_emit(fs, RULE_I11, field(fs, "0432"), 0, NULL,
                 _("credit of debet '%s' declared in the same file"), r->prevref);
    if (r->dc == 'D' && period_ok) { /* RULE: I12 */
        int ov = keys_debet_overlaps(k, r->bsn_num, r->prestatiecode, r->begin, r->end);
        if (ov > 0)
            fs_emit(fs, RULE_I12, field(fs, "0414"), 0, NULL,
                     _("debet %s %08ld-%08ld overlaps an earlier debet of this BSN and prestatiecode in the file"),
                     r->prestatiecode, r->begin_ymd, r->end_ymd);
        if (ov < 0) seen = -1;
    }
    if (seen < 0) return err_set(fs->ctx, AW_ENOMEM, _("out of memory"));
    long days = r->end - r->begin + 1;
    if (r->eenheid == 14 && period_ok && (long)r->aantal != days) /* RULE: I13 */
        fs_emit(fs, RULE_I13, field(fs, "0418"), 0, NULL,
                 P_("%u etmalen declared for %ld day %08ld-%08ld", "%u etmalen declared for %ld days %08ld-%08ld",
                    (unsigned long)days), r->aantal, days, r->begin_ymd, r->end_ymd);
    return AW_OK;
}

/* RULE: T1 — late: submission date after the last day of the month N months after the
 * calendar month of 0415. */
void ci_timeliness(fsink *fs, const rec04 *r)
{
    long sub = fs_submission_days(fs);
    if (sub < 0) return;
    long n = fs_conf(fs, RULE_T1)->months;
    long y = r->end_ymd / 10000, m = r->end_ymd / 100 % 100;
    long mi = y * 12 + (m - 1) + n;
    int dy = (int)(mi / 12), dm = (int)(mi % 12) + 1;
    if (dy > 9999) return;
    long deadline = date_days(dy, dm, date_month_len(dy, dm));
    if (sub > deadline)
        fs_emit(fs, RULE_T1, field(fs, "0415"), 0, NULL,
                 P_("submitted %08ld, after %08ld: more than %ld month after the month of the prestatie",
                    "submitted %08ld, after %08ld: more than %ld months after the month of the prestatie",
                    (unsigned long)n), ymd(sub), ymd(deadline), n);
}
