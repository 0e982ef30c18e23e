/* SPDX-License-Identifier: MIT */
/* fuzz_aw319.c — libFuzzer target: bytes as an AW319 through the whole engine (reader, every
 * S/V/I/T rule, keys) into the diagnostic formatter and the AW320 writer.  The AW320 written
 * is then read back by the ledger's AW320 reader.  Built twice: plain (no reference data, no
 * ledger: the default context) and with -DFUZZ_REFDATA (small fixed koppeltabel, tarieven and
 * toewijzingen loaded when the library supports them, so the R rules run too) and with
 * -DFUZZ_LEDGER (a history ledger holding fixtures/ledger/month1-2.aw320, so H1-H5 and their
 * SQLite lookups run; the month*.asc seeds share its instelling and BSNs).  The input
 * length picks --mask-bsn, an explicit submission date and, for one length in seven, an
 * allocation that fails (mem_fail_after): AW_ENOMEM is then the only acceptable error,
 * and nothing may leak. */
#include "fuzz_common.h"
#include "ledger.h"
#include <fcntl.h>

#ifdef FUZZ_REFDATA
static const char koppel[] =
    "prestatiecode;omschrijving;leveringsvorm;zzp;functie;eenheid;ingangsdatum;einddatum\n"
    "Z084;ZZP 4;ZZP;4;;14;2015-01-01;\n"
    "V753;VPT 753;VPT;753;;14;2015-01-01;\n"
    "H126;MPT 31;MPT;;31;04;2015-01-01;\n"
    "H300;MPT 81;MPT;;81;04;2015-01-01;\n";
static const char tarief[] =
    "prestatiecode;omschrijving;ingangsdatum;einddatum;tarief\n"
    "Z084;fictief;2015-01-01;;187,23\n"
    "V753;fictief;2015-01-01;;154,10\n"
    "H126;fictief;01-01-2015;;54,58\n"
    "H300;fictief;2015-01-01;;1.234,56\n";
static const char toew[] =
    "bsn;leveringsvorm;zzp;functie;klasse;percentage;instelling;ingangsdatum;einddatum\n"
    "812047436;ZZP;4;;;5000;41009876;2015-08-17;\n"
    "720516754;VPT;753;;;10000;;2015-05-24;2030-12-31\n"
    "360859422;MPT;;31;K3;10000;41009876;2015-07-27;\n";
#endif

#ifdef FUZZ_LEDGER
static char fz_dir[64], fz_db[96];

static void ledger_cleanup(void)
{
    static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
    char p[128];
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
        snprintf(p, sizeof p, "%s%s", fz_db, ext[i]);
        unlink(p);
    }
    rmdir(fz_dir);
}

/* Once per process: a ledger with the first two months of the ledger fixtures. */
static void ledger_make(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(fz_dir, sizeof fz_dir, "%s/awfuzz-ledgerXXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(fz_dir)) abort();
    snprintf(fz_db, sizeof fz_db, "%s/ledger.db", fz_dir);
    atexit(ledger_cleanup);
    aw_ctx *ctx = fuzz_ctx();
    ledger *l = NULL;
    if (ledger_open(ctx, fz_db, LEDGER_CREATE, &l)) { fprintf(stderr, "%s\n", aw_errmsg(ctx)); abort(); }
    for (int m = 1; m <= 2; m++) { /* month3 repeats an invoice: refused */
        char in[512];
        ledger_added info;
        snprintf(in, sizeof in, "%s/fixtures/ledger/month%d.aw320", FUZZ_SRCDIR, m);
        if (ledger_add(ctx, l, in, NULL, &info)) { fprintf(stderr, "%s\n", aw_errmsg(ctx)); abort(); }
    }
    ledger_close(l);
    aw_ctx_free(ctx);
}
#endif

static aw_rc diag_sink(void *ud, const aw_finding *f)
{
    char line[2048];
    (void)ud;
    aw_format_finding(line, sizeof line, "fuzz.asc", f);
    return AW_OK;
}

static aw_rc rec_sink(void *ud, const aw_record *r)
{
    /* touch what a consumer reads, so ASan sees any bad pointer */
    size_t *sum = ud;
    for (size_t i = 0; i < (r->len < 512 ? r->len : 512); i++) *sum += (unsigned char)r->data[i];
    *sum += strlen(r->bsn) + strlen(r->prestatiecode);
    return AW_OK;
}

static aw_rc nop_head(void *ud, const a320_head *h) { (void)ud; (void)h; return AW_OK; }
static aw_rc nop_04(void *ud, const a320_04 *r) { (void)ud; (void)r; return AW_OK; }
static aw_rc nop_tail(void *ud, const a320_tail *t) { (void)ud; (void)t; return AW_OK; }

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
    static const char *in, *outdir_file;
    fuzz_init();
    if (!in) {
        in = fuzz_tmpname(".asc");
        outdir_file = fuzz_tmpname(".aw320");
    }
    aw_ctx *ctx = fuzz_ctx();
#ifdef FUZZ_REFDATA
    static const char *kp, *tp, *wp;
    if (!kp) {
        kp = fuzz_tmpname(".csv");
        tp = fuzz_tmpname(".csv");
        wp = fuzz_tmpname(".csv");
        fuzz_write(kp, (const uint8_t *)koppel, sizeof koppel - 1, 0);
        fuzz_write(tp, (const uint8_t *)tarief, sizeof tarief - 1, 0);
        fuzz_write(wp, (const uint8_t *)toew, sizeof toew - 1, 0);
    }
    /* a non-OK rc means the loader is not there yet (or rejects the data): check without */
    if (aw_ctx_load_koppeltabel(ctx, kp) || aw_ctx_load_tarieven(ctx, tp) ||
        aw_ctx_load_toewijzingen(ctx, wp)) {
        aw_ctx_free(ctx);
        ctx = fuzz_ctx();
    }
#endif
#ifdef FUZZ_LEDGER
    if (!fz_db[0]) ledger_make();
    if (aw_ctx_open_ledger(ctx, fz_db)) { fprintf(stderr, "%s\n", aw_errmsg(ctx)); abort(); }
#endif
    if (n % 3 == 1) aw_ctx_set_mask_bsn(ctx, 1);
    if (n % 5 == 2) aw_ctx_set_submission_date(ctx, 20230415);

    int fd = fuzz_write(in, d, n, 1);
    aw_output *o = NULL;
    aw_aw320 *w = NULL;
    size_t sum = 0;
    if (aw_output_open(ctx, outdir_file, &o) || aw_aw320_new(ctx, o, &w)) abort();
    aw_sink sinks[2] = {{NULL, diag_sink, NULL, NULL}, aw_aw320_sink(w)};
    sinks[0].record = rec_sink;
    sinks[0].ud = &sum;
    aw_summary s;
    int oom = n % 7 == 3;
    if (oom) mem_fail_after(1 + (long)(n / 7 % 24));
    aw_rc rc = aw_check_fd(ctx, fd, "fuzz.asc", sinks, 2, &s);
    mem_fail_after(0);
    close(fd);
    aw_aw320_free(w);
    if (rc == AW_OK) {
        /* the AW320 we wrote, back through the ledger's reader */
        int rfd = open(aw_output_tmppath(o), O_RDONLY);
        if (rfd < 0) abort();
        a320_sink as = {NULL, nop_head, nop_04, nop_tail};
        err_clear(ctx);
        (void)a320_read(ctx, rfd, "fuzz.aw320", &as);
        close(rfd);
    } else if (rc != AW_ENOHEADER && !(oom && rc == AW_ENOMEM)) {
        /* bad data is never an operational error of the engine */
        fprintf(stderr, "aw_check_fd: %s: %s\n", aw_strerror(rc), aw_errmsg(ctx));
        abort();
    }
    aw_output_discard(o);
    aw_ctx_free(ctx);
    return 0;
}
