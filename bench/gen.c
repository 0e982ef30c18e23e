/* SPDX-License-Identifier: MIT */
/* gen.c — deterministic generator of the benchmark input (doc/hardening.md): one AW319 month (March
 * 2023) of about 940,000 records for 450,000 clients (≈ 293 MB), with the koppeltabel,
 * ingerichte tarieven and toewijzingen (CSV, or AW33 XML with --aw33) it is consistent with.
 * Stand-alone (no libaw319): bench/run.sh compiles it with cc -O2.
 *
 * The file is valid (elfproef BSNs, ascending identificatie, a correct 99): most clients have
 * one ZZP or VPT etmaal record for a week of the month, MPT clients weekly hour records,
 * some ZZP clients a credit of an earlier declaration plus a new debet.  A small share of
 * records trigger content and reference rules (I6, I8, I13, R6, R7) so the reject paths run.
 *
 * Usage: gen [--records N] [--clients N] [--aw33] [--clients-per-aw33 N] DIR
 * Writes DIR/aw319.asc, DIR/koppeltabel.csv, DIR/tarieven.csv and DIR/toewijzingen.csv, or
 * with --aw33 DIR/aw33/aw33-NNN.xml instead of the toewijzingen CSV.  Prints a summary line
 * "records=... clients=... prestaties=... toewijzingen=..." on stdout. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define RECLEN 310
#define UZOVI 5526
#define INSTELLING 41009876

/* The prestaties the file uses: data, not code.  tarief in cents (first half of 2023). */
typedef struct prest {
    const char *code;
    const char *lv;        /* ZZP / VPT / MPT */
    unsigned zzp, functie; /* one of them 0 */
    unsigned eenheid;      /* COD218 */
    unsigned tarief;       /* cents, 2023-01-01 .. 2023-06-30 */
    unsigned tarief2;      /* cents, 2023-07-01 .. 2023-12-31 */
} prest;
static const prest PREST[] = {
    {"Z753", "ZZP", 753, 0, 14, 25361, 25605}, {"Z754", "ZZP", 754, 0, 14, 24502, 24680},
    {"Z755", "ZZP", 755, 0, 14, 14596, 14873}, {"Z756", "ZZP", 756, 0, 14, 13995, 14346},
    {"Z760", "ZZP", 760, 0, 14, 21400, 21700}, {"Z808", "ZZP", 808, 0, 14, 24128, 24528},
    {"Z862", "ZZP", 862, 0, 14, 18273, 18647}, {"V753", "VPT", 753, 0, 14, 28650, 28887},
    {"V754", "VPT", 754, 0, 14, 18902, 19014}, {"V755", "VPT", 755, 0, 14, 18187, 18389},
    {"V756", "VPT", 756, 0, 14, 26097, 26466}, {"V808", "VPT", 808, 0, 14, 9888, 10244},
    {"H126", "MPT", 0, 31, 4, 5458, 5718},     {"H136", "MPT", 0, 41, 4, 5583, 5773},
    {"H300", "MPT", 0, 81, 4, 7141, 7334},
};
enum { NPREST = sizeof PREST / sizeof PREST[0], FIRST_VPT = 7, FIRST_MPT = 12 };

static void die(const char *what)
{
    fprintf(stderr, "gen: %s: %s\n", what, strerror(errno));
    exit(2);
}

static FILE *open_out(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) die(path);
    static char *bufs[4];
    static int nb;
    if (nb < 4) { bufs[nb] = malloc(1 << 20); setvbuf(f, bufs[nb++], _IOFBF, 1 << 20); }
    return f;
}

static void close_out(FILE *f, const char *name)
{
    if (ferror(f) || fclose(f) != 0) die(name);
}

/* ---- fixed-width fields (pos 1-based as in the standard) */
static void put_n(char *rec, int pos, int len, uint64_t v)
{
    for (int i = len - 1; i >= 0; i--) { rec[pos - 1 + i] = (char)('0' + v % 10); v /= 10; }
}
static void put_a(char *rec, int pos, int len, const char *s)
{
    size_t n = strlen(s);
    for (int i = 0; i < len; i++) rec[pos - 1 + i] = (size_t)i < n ? s[i] : ' ';
}

/* The next 9-digit number after *n that passes the elfproef (rule I1). */
static uint32_t next_bsn(uint32_t *n)
{
    for (;;) {
        uint32_t v = (*n += 7), s = 0, d[9];
        for (int i = 8; i >= 0; i--) { d[i] = v % 10; v /= 10; }
        for (int i = 0; i < 8; i++) s += d[i] * (9 - (uint32_t)i);
        if ((s + 11 * 20 - d[8]) % 11 == 0) return *n;
    }
}

/* What one client gets, decided from its index alone (deterministic). */
typedef struct client {
    uint32_t bsn;
    int p;          /* index into PREST */
    int weeks;      /* MPT: weekly records (1..4) */
    int credit;     /* a credit of an earlier declaration before the debet */
    int no_toew;    /* no toewijzing (R7) */
    unsigned pct;   /* toewijzing percentage (hundredths) */
} client;

static void plan(long i, client *c)
{
    c->credit = 0;
    c->weeks = 1;
    c->no_toew = i % 1999 == 7;
    c->pct = 10000;
    if (i % 8 == 5) c->p = FIRST_MPT + (int)(i / 8 % 3);           /* 12.5 % MPT */
    else if (i % 8 == 2) c->p = FIRST_VPT + (int)(i / 8 % 5);      /* 12.5 % VPT */
    else c->p = (int)(i % 7);                                      /* 75 % ZZP */
    if (c->p < FIRST_VPT && i % 97 == 11) c->credit = 1;
    if (c->p < FIRST_MPT && i % 41 == 3) c->pct = 5000;            /* partial toewijzing */
}

int main(int argc, char **argv)
{
    long nrec = 940000, nclients = 450000, per_aw33 = 5000;
    int aw33 = 0;
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--records") && i + 1 < argc) nrec = strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--clients") && i + 1 < argc) nclients = strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--clients-per-aw33") && i + 1 < argc) per_aw33 = strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--aw33")) aw33 = 1;
        else if (argv[i][0] != '-' && !dir) dir = argv[i];
        else {
            fprintf(stderr, "usage: gen [--records N] [--clients N] [--aw33] [--clients-per-aw33 N] DIR\n");
            return 2;
        }
    }
    if (!dir || nclients < 1 || per_aw33 < 1 || nrec < 2 * nclients + 2) {
        fprintf(stderr, "gen: need DIR and records >= 2 x clients + 2\n");
        return 2;
    }

    /* how many 04 records: one per client, extra weekly MPT records and credits fill the rest */
    long n04 = nrec - nclients - 2, ncredit = 0, nmpt = 0;
    client c;
    for (long i = 0; i < nclients; i++) {
        plan(i, &c);
        ncredit += c.credit;
        nmpt += c.p >= FIRST_MPT;
    }
    long extra = n04 - nclients - ncredit; /* extra MPT weeks to hand out */
    if (extra < 0 || extra > 3 * nmpt) {
        fprintf(stderr, "gen: cannot make %ld records from %ld clients (%ld MPT)\n", nrec, nclients, nmpt);
        return 2;
    }

    FILE *asc = open_out(dir, "aw319.asc");
    char rec[RECLEN + 2];
    rec[RECLEN] = '\r';
    rec[RECLEN + 1] = '\n';

    /* 01 voorlooprecord */
    memset(rec, ' ', RECLEN);
    put_a(rec, 1, 2, "01"); put_n(rec, 3, 3, 187); put_n(rec, 6, 2, 1); put_n(rec, 8, 2, 3);
    put_a(rec, 10, 1, "P"); put_n(rec, 11, 6, 123456); put_a(rec, 17, 10, "bench-gen");
    put_n(rec, 27, 4, UZOVI); put_n(rec, 31, 24, 0); put_n(rec, 55, 8, INSTELLING);
    put_n(rec, 63, 2, 4); put_n(rec, 65, 8, 20230301); put_n(rec, 73, 8, 20230331);
    put_a(rec, 81, 12, "BENCH202303"); put_n(rec, 93, 8, 20230405); put_a(rec, 115, 3, "EUR");
    if (fwrite(rec, 1, sizeof rec, asc) != sizeof rec) die("aw319.asc");

    /* templates: the constant parts of 02 and 04 */
    char t02[RECLEN], t04[RECLEN];
    memset(t02, ' ', RECLEN);
    put_a(t02, 1, 2, "02"); put_n(t02, 24, 4, UZOVI); put_n(t02, 54, 8, 19411212);
    put_n(t02, 62, 1, 2); put_n(t02, 63, 1, 1); put_a(t02, 64, 25, "Fictief");
    put_n(t02, 99, 1, 0); put_a(t02, 135, 6, "A."); put_n(t02, 141, 1, 0);
    put_n(t02, 157, 5, 0); put_a(t02, 168, 2, "NL"); put_n(t02, 181, 1, 0); put_n(t02, 182, 4, 0);
    memset(t04, ' ', RECLEN);
    put_a(t04, 1, 2, "04"); put_n(t04, 24, 4, UZOVI); put_n(t04, 58, 1, 0); put_n(t04, 59, 4, 0);
    put_n(t04, 83, 18, 0); put_n(t04, 122, 3, 55); put_n(t04, 136, 24, 0); put_n(t04, 182, 4, 0);

    FILE *tw = NULL;
    FILE *x = NULL;
    int xfile = 0;
    long in_file = 0;
    if (!aw33) {
        tw = open_out(dir, "toewijzingen.csv");
        fputs("bsn;leveringsvorm;zzp;functie;klasse;percentage;instelling;ingangsdatum;einddatum\n", tw);
    } else {
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/aw33", dir);
        if (mkdir(sub, 0755) != 0 && errno != EEXIST) die(sub);
    }

    uint32_t bsnseq = 100000000;
    unsigned long id = 0, n02 = 0, n04w = 0, ntoew = 0, k = 0;
    int64_t total = 0;
    long mpt_seen = 0, given = 0;
    for (long i = 0; i < nclients; i++) {
        plan(i, &c);
        c.bsn = next_bsn(&bsnseq);
        const prest *p = &PREST[c.p];
        if (c.p >= FIRST_MPT) { /* spread the extra weeks evenly over the MPT clients */
            long want = (mpt_seen + 1) * extra / nmpt;
            c.weeks = 1 + (int)(want - given);
            given = want;
            mpt_seen++;
        }
        memcpy(rec, t02, RECLEN);
        put_n(rec, 3, 12, ++id); put_n(rec, 15, 9, c.bsn);
        if (fwrite(rec, 1, sizeof rec, asc) != sizeof rec) die("aw319.asc");
        n02++;

        int nrecs = c.credit + c.weeks;
        for (int r = 0; r < nrecs; r++) {
            int credit = c.credit && r == 0;
            /* ZZP/VPT: a week starting on a day of the month picked by the client (a
             * whole month for everyone would overflow 9907, 11 digits of cents) */
            long begin = 20230301 + i % 25, end = begin + 6;
            unsigned aantal = 7;
            if (p->eenheid == 4) { /* MPT: one record per week, 8 hours a week */
                int w = r - c.credit;
                begin = 20230301 + 7 * w;
                end = w == 3 ? 20230331 : begin + 6;
                aantal = 8;
            }
            unsigned pct = c.pct, tarief = p->tarief, btw = 0;
            k++;
            if (k % 997 == 3 && p->eenheid == 14) aantal = 6;    /* I13 */
            if (k % 2003 == 5) tarief += 1;                        /* R6 */
            if (k % 1013 == 29) btw = 900;                         /* I8 */
            uint64_t berekend = ((uint64_t)aantal * tarief * pct + 5000) / 10000;
            if (k % 1009 == 17) berekend += 1;                     /* I6 */
            memcpy(rec, t04, RECLEN);
            put_n(rec, 3, 12, ++id); put_n(rec, 15, 9, c.bsn);
            put_n(rec, 101, 2, p->functie); put_n(rec, 103, 3, p->zzp);
            put_n(rec, 106, 8, (uint64_t)begin); put_n(rec, 114, 8, (uint64_t)end);
            put_a(rec, 125, 5, p->code); put_n(rec, 130, 4, aantal); put_n(rec, 134, 2, p->eenheid);
            put_n(rec, 160, 5, pct); put_n(rec, 165, 8, tarief); put_n(rec, 173, 8, berekend);
            put_a(rec, 181, 1, credit ? "C" : "D"); put_n(rec, 182, 4, btw);
            put_n(rec, 186, 8, berekend); put_a(rec, 194, 1, credit ? "C" : "D");
            char ref[40];
            snprintf(ref, sizeof ref, "R202303-%07lu", k);
            put_a(rec, 195, 20, ref);
            if (credit) {
                snprintf(ref, sizeof ref, "P202303-%07ld", i);
                put_a(rec, 215, 20, ref);
            }
            if (fwrite(rec, 1, sizeof rec, asc) != sizeof rec) die("aw319.asc");
            total += credit ? -(int64_t)berekend : (int64_t)berekend;
            n04w++;
        }

        if (c.no_toew) continue; /* R7 */
        ntoew++;
        if (tw) {
            if (c.p >= FIRST_MPT)
                fprintf(tw, "%09u;MPT;;%u;K5;;%u;2022-11-06;\n", c.bsn, p->functie, INSTELLING);
            else
                fprintf(tw, "%09u;%s;%u;;;%u;%u;2022-05-24;\n", c.bsn, p->lv, p->zzp, c.pct, INSTELLING);
            continue;
        }
        if (!x || in_file == per_aw33) {
            in_file = 0;
            if (x) {
                fputs("  </aw33:Clienten>\n</aw33:Bericht>\n", x);
                close_out(x, "aw33");
            }
            char name[64];
            snprintf(name, sizeof name, "aw33/aw33-%03d.xml", ++xfile);
            x = open_out(dir, name);
            fprintf(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<aw33:Bericht xmlns:aw33=\"http://www.istandaarden.nl/iwlz/2_2/aw33/schema\" "
                    "xmlns:iwlz=\"http://www.istandaarden.nl/iwlz/2_2/basisschema/schema\">\n"
                    "  <aw33:Header>\n    <aw33:BerichtCode>352</aw33:BerichtCode>\n"
                    "    <aw33:BerichtVersie>5</aw33:BerichtVersie>\n"
                    "    <aw33:BerichtSubversie>2</aw33:BerichtSubversie>\n"
                    "    <aw33:Afzender>%d</aw33:Afzender>\n    <aw33:Ontvanger>%d</aw33:Ontvanger>\n"
                    "    <aw33:BerichtIdentificatie><iwlz:Identificatie>BENCH-%03d</iwlz:Identificatie>"
                    "<iwlz:Dagtekening>2022-01-02</iwlz:Dagtekening></aw33:BerichtIdentificatie>\n"
                    "    <aw33:XsdVersie><iwlz:BasisschemaXsdVersie>1.0.0</iwlz:BasisschemaXsdVersie>"
                    "<iwlz:BerichtXsdVersie>1.0.0</iwlz:BerichtXsdVersie></aw33:XsdVersie>\n"
                    "  </aw33:Header>\n  <aw33:Clienten>\n", UZOVI, INSTELLING, xfile);
        }
        fprintf(x, "    <aw33:Client>\n      <aw33:Bsn>%09u</aw33:Bsn>\n"
                "      <aw33:GeheimeClient>2</aw33:GeheimeClient>\n"
                "      <aw33:Geboortedatum><iwlz:Datum>1941-12-12</iwlz:Datum></aw33:Geboortedatum>\n"
                "      <aw33:Geslacht>2</aw33:Geslacht>\n"
                "      <aw33:Naam><iwlz:Geslachtsnaam><iwlz:Achternaam>Fictief</iwlz:Achternaam>"
                "</iwlz:Geslachtsnaam><iwlz:Voorletters>A</iwlz:Voorletters>"
                "<iwlz:NaamGebruik>1</iwlz:NaamGebruik></aw33:Naam>\n"
                "      <aw33:Leefeenheid>1</aw33:Leefeenheid>\n"
                "      <aw33:Partneropname>2</aw33:Partneropname>\n"
                "      <aw33:Contactgegevens><aw33:Contact><aw33:Soort>01</aw33:Soort></aw33:Contact>"
                "</aw33:Contactgegevens>\n"
                "      <aw33:Indicatie>\n        <aw33:Besluitnummer>%09u</aw33:Besluitnummer>\n"
                "        <aw33:Soort>1</aw33:Soort>\n"
                "        <aw33:Afgiftedatum>2021-11-01</aw33:Afgiftedatum>\n"
                "        <aw33:Ingangsdatum>2021-11-01</aw33:Ingangsdatum>\n", c.bsn, c.bsn);
        if (c.p >= FIRST_MPT)
            fprintf(x, "        <aw33:ToegewezenFuncties>\n          <aw33:ToegewezenFunctie>\n"
                    "            <aw33:FunctieCode>%u</aw33:FunctieCode>\n"
                    "            <aw33:Instelling>%d</aw33:Instelling>\n"
                    "            <aw33:Zorgkantoor>%d</aw33:Zorgkantoor>\n"
                    "            <aw33:Soort>1</aw33:Soort>\n"
                    "            <aw33:Toewijzingsdatum>2022-11-06</aw33:Toewijzingsdatum>\n"
                    "            <aw33:Toewijzingstijd>09:00:00</aw33:Toewijzingstijd>\n"
                    "            <aw33:Ingangsdatum>2022-11-06</aw33:Ingangsdatum>\n"
                    "            <aw33:Klasse>K5</aw33:Klasse>\n"
                    "          </aw33:ToegewezenFunctie>\n        </aw33:ToegewezenFuncties>\n",
                    p->functie, INSTELLING, UZOVI);
        else {
            fprintf(x, "        <aw33:ToegewezenZorgzwaartepakketten>\n"
                    "          <aw33:ToegewezenZorgzwaartepakket>\n"
                    "            <aw33:ZzpCode>%u</aw33:ZzpCode>\n"
                    "            <aw33:Instelling>%d</aw33:Instelling>\n"
                    "            <aw33:Zorgkantoor>%d</aw33:Zorgkantoor>\n"
                    "            <aw33:Soort>1</aw33:Soort>\n"
                    "            <aw33:Toewijzingsdatum>2022-05-24</aw33:Toewijzingsdatum>\n"
                    "            <aw33:Toewijzingstijd>09:00:00</aw33:Toewijzingstijd>\n",
                    p->zzp, INSTELLING, UZOVI);
            if (c.pct != 10000)
                fprintf(x, "            <aw33:ToewijzingPercentage>%u</aw33:ToewijzingPercentage>\n", c.pct);
            fprintf(x, "            <aw33:Ingangsdatum>2022-05-24</aw33:Ingangsdatum>\n"
                    "            <aw33:Leveringsvorm>%d</aw33:Leveringsvorm>\n"
                    "          </aw33:ToegewezenZorgzwaartepakket>\n"
                    "        </aw33:ToegewezenZorgzwaartepakketten>\n",
                    c.p >= FIRST_VPT ? 5 : 4);
        }
        fputs("      </aw33:Indicatie>\n    </aw33:Client>\n", x);
        in_file++;
    }
    if (x) {
        fputs("  </aw33:Clienten>\n</aw33:Bericht>\n", x);
        close_out(x, "aw33");
    }
    if (tw) close_out(tw, "toewijzingen.csv");

    /* 99 sluitrecord */
    memset(rec, ' ', RECLEN);
    put_a(rec, 1, 2, "99"); put_n(rec, 3, 6, n02); put_n(rec, 9, 6, 0); put_n(rec, 15, 6, n04w);
    put_n(rec, 21, 6, 0); put_n(rec, 27, 7, n02 + n04w);
    put_n(rec, 34, 11, (uint64_t)(total < 0 ? -total : total)); put_a(rec, 45, 1, total < 0 ? "C" : "D");
    if (fwrite(rec, 1, sizeof rec, asc) != sizeof rec) die("aw319.asc");
    close_out(asc, "aw319.asc");

    /* koppeltabel and tarieven: every prestatie the file uses */
    FILE *kt = open_out(dir, "koppeltabel.csv");
    fputs("prestatiecode;omschrijving;leveringsvorm;zzp;functie;eenheid;ingangsdatum;einddatum\n", kt);
    FILE *tt = open_out(dir, "tarieven.csv");
    fputs("prestatiecode;omschrijving;ingangsdatum;einddatum;tarief\n", tt);
    for (int i = 0; i < NPREST; i++) {
        const prest *p = &PREST[i];
        char zzp[12] = "", fn[12] = "";
        if (p->zzp) snprintf(zzp, sizeof zzp, "%u", p->zzp);
        if (p->functie) snprintf(fn, sizeof fn, "%u", p->functie);
        fprintf(kt, "%s;%s %s;%s;%s;%s;%02u;2015-01-01;\n", p->code, p->lv, p->zzp ? zzp : fn,
                p->lv, zzp, fn, p->eenheid);
        fprintf(tt, "%s;bench;01-01-2023;30-06-2023;%u,%02u\n", p->code, p->tarief / 100, p->tarief % 100);
        fprintf(tt, "%s;bench;01-07-2023;31-12-2023;%u,%02u\n", p->code, p->tarief2 / 100, p->tarief2 % 100);
    }
    close_out(kt, "koppeltabel.csv");
    close_out(tt, "tarieven.csv");

    printf("records=%lu clients=%ld prestaties=%lu credits=%ld toewijzingen=%lu aw33_files=%d\n",
           n02 + n04w + 2, nclients, n04w, ncredit, ntoew, xfile);
    return 0;
}
