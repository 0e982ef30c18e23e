/* SPDX-License-Identifier: MIT */
/* aw319.h — public API of libaw319: check Vektis AW319 (Declaratie Wlz) files the way a
 * zorgkantoor does, and write its answer as an AW320.
 *
 * Ownership, once for the whole header:
 *  - const char * values handed to callbacks are borrowed and valid only during the callback;
 *  - objects made by aw_X_new/open are freed by aw_X_free/close; aw_X_free(NULL) is a no-op;
 *  - every fallible function returns aw_rc (0 = AW_OK) and leaves the detail message on the
 *    context (aw_errmsg).
 * Findings about the checked data are never errors: they go to the sinks. */
#ifndef AW319_H
#define AW319_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define AW_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define AW_WARN_UNUSED
#endif

/* Operational result codes.  Invalid *declaration* data is not an error. */
typedef enum {
    AW_OK = 0,
    AW_ENOMEM,    /* out of memory */
    AW_EIO,       /* a file could not be opened, read or written (whatever it was for) */
    AW_EUSAGE,    /* a bad argument or option */
    AW_EREFDATA,  /* reference data (koppeltabel, tarieven, toewijzingen) is invalid */
    AW_ECONTROL,  /* the controlset is invalid */
    AW_EXML,      /* XML parsing, schema or XSLT failure */
    AW_ELEDGER,   /* the history ledger is missing, corrupt or unusable */
    AW_ENOHEADER  /* the AW319 does not start with a 01 voorlooprecord: nothing was checked */
} aw_rc;

/* Text for an aw_rc in the language of messages (aw_nls_init; static storage: never freed). */
const char *aw_strerror(aw_rc rc);
/* The library version, e.g. "0.1.0". */
const char *aw_version(void);

typedef enum { AW_SEV_OFF = 0, AW_SEV_WARN = 1, AW_SEV_REJECT = 2 } aw_severity;

typedef enum {
    AW_VERDICT_ACCEPTED = 0,   /* every 04 accepted */
    AW_VERDICT_PARTIAL,        /* some 04 accepted */
    AW_VERDICT_REJECTED,       /* no 04 accepted */
    AW_VERDICT_TECHNICAL       /* technically rejected: nothing granted */
} aw_verdict;
/* "accepted", "partial", "rejected", "technical-reject": the machine value (XML, JSON). */
const char *aw_verdict_name(aw_verdict v);
/* The verdict for people, in the language of messages (English: as aw_verdict_name). */
const char *aw_verdict_text(aw_verdict v);

typedef enum { AW_OUT_NONE = 0, AW_OUT_ACCEPTED, AW_OUT_REJECTED } aw_outcome;

/* Leveringsvorm of a prestatie as the koppeltabel says (AW_LV_UNKNOWN without one). */
typedef enum { AW_LV_ZZP = 0, AW_LV_VPT, AW_LV_MPT, AW_LV_UNKNOWN, AW_LV_COUNT } aw_lv;
const char *aw_lv_name(aw_lv lv); /* "ZZP", "VPT", "MPT", "unknown" */

/* One finding (the diagnostic line, a report entry).  All pointers borrowed for the duration of the callback. */
typedef struct aw_finding {
    unsigned long line;        /* 1-based line where the problem is */
    unsigned column;           /* 1-based byte column of the field or offending byte */
    char record[3];            /* type of the record the code is reported on ("01", "04"…) */
    unsigned long target_line; /* line of that record (1 for file-level codes on the 01) */
    const char *field_id;      /* "0403", or NULL */
    const char *field_name;    /* "BURGERSERVICENUMMER (BSN) VERZEKERDE", or NULL */
    const char *rule;          /* "V1" */
    char code[5];              /* retourcode, "0435" */
    aw_severity severity;      /* AW_SEV_WARN or AW_SEV_REJECT */
    const char *message;       /* in the language of messages (aw_nls_init), BSNs masked when asked */
} aw_finding;

/* One input record with its outcome, in file order.  For the 01 the codes are final only in
 * the summary (they depend on the whole file).  A 04 with outcome ACCEPTED and tentative = 1
 * becomes REJECTED with first code 8096 if the summary says the file is technically
 * rejected. */
typedef struct aw_record {
    unsigned long line;
    const char *data;          /* record bytes without CR LF (at most the first 512 kept) */
    size_t len;                /* real length of the record in bytes */
    char type[3];              /* first two bytes, NUL-terminated */
    int known;                 /* type is 01/02/03/04/98/99 */
    aw_outcome outcome;
    int tentative;             /* see above */
    int ncodes;
    char codes[3][5];
    /* 04 only (zero otherwise): */
    int64_t berekend;          /* 0481 BEREKEND BEDRAG ZORGVERZEKERAAR, cents */
    int64_t toegekend;         /* 0483 TOEGEKEND BEDRAG, cents, signed by D/C (0 when rejected) */
    int64_t ingediend;         /* 0429 signed by 0430, cents */
    aw_lv lv;                  /* leveringsvorm from the koppeltabel */
    char bsn[10];              /* 0403 as given ("" when unreadable), masked when asked */
    char prestatiecode[6];     /* 0417 trimmed */
    long begin, end;           /* 0414 / 0415 as CCYYMMDD, 0 when unreadable */
    unsigned long group_line;  /* line of the 02 it belongs to, 0 if none */
} aw_record;

/* Totals per leveringsvorm and for the file. */
typedef struct aw_totals {
    unsigned long prestaties, accepted, rejected;
    int64_t ingediend, toegekend; /* signed cents */
} aw_totals;

/* The result of checking one file. */
typedef struct aw_summary {
    const char *name;          /* as given */
    aw_verdict verdict;
    int technical;             /* technically rejected */
    int any_rejected;          /* some record (of any type) rejected */
    unsigned long records;     /* lines read */
    unsigned long errors, warnings;   /* findings by severity */
    aw_totals total;
    aw_totals by_lv[AW_LV_COUNT];
    int have_koppeltabel;      /* by_lv is meaningful */
    char sha256[65];           /* hex digest of the input bytes */
    int ncodes01;
    char codes01[3][5];        /* final codes of the 01 */
    /* header facts (empty / 0 when unreadable) */
    char uzovi[5], instelling[9], factuurnummer[13];
    long period_begin, period_end, dagtekening, submission_date, run_date; /* CCYYMMDD */
    const char *controlset;    /* id of the controlset in force */
    unsigned long rule_count[64];    /* findings per rule, index = aw_rule_index() */
} aw_summary;

/* A consumer of findings, records and the summary.  Order: the findings of a record come
 * before its record event; file-level findings (reported on the 01, target_line 1) come
 * when they are detected (S9/S10 at the 99, S2 and a missing 99 at the end); the summary comes
 * last.  Any callback may be NULL.  A non-zero return stops the check with that code. */
typedef struct aw_sink {
    void *ud;
    aw_rc (*finding)(void *ud, const aw_finding *f);
    aw_rc (*record)(void *ud, const aw_record *r);
    aw_rc (*end)(void *ud, const aw_summary *s);
} aw_sink;

typedef struct aw_ctx aw_ctx;

/* Call once before anything else (installs the refuse-all XML entity loader); idempotent. */
void aw_global_init(void);
void aw_global_cleanup(void);
/* For programs: choose the language of messages and reports from the environment (Dutch when
 * LANGUAGE, LC_ALL, LC_MESSAGES or LANG asks for nl, also when that locale is not generated on
 * the machine; English otherwise) and find the catalogue ($AW319_LOCALEDIR, else `locale`
 * beside the program, else the installed one).  Sets only LC_MESSAGES.  Call it first. */
void aw_nls_init(void);

aw_ctx *aw_ctx_new(void);                 /* the caller's, free with aw_ctx_free; NULL on OOM */
void aw_ctx_free(aw_ctx *ctx);            /* frees everything loaded into it; NULL is a no-op */
const char *aw_errmsg(const aw_ctx *ctx); /* last error message, "" if none; borrowed from
                                             ctx, valid until the next call on ctx */

/* Options.  Dates are CCYYMMDD; 0 means the default (submission date: 0117 of the file; run date: today or SOURCE_DATE_EPOCH).  Paths given to the loaders
 * below are only read during the call (the context keeps copies of what it needs). */
/* AW_EUSAGE when ccyymmdd is neither 0 nor a calendar date. */
aw_rc aw_ctx_set_submission_date(aw_ctx *ctx, long ccyymmdd);
void aw_ctx_set_run_date(aw_ctx *ctx, long ccyymmdd);
void aw_ctx_set_mask_bsn(aw_ctx *ctx, int on);

/* Reference data and controlsets.  The three loaders read CSV (toewijzingen:
 * also an AW33 file or a directory of them; call it once per path).  On failure (AW_EREFDATA
 * with "FILE:LINE: message", AW_EIO, AW_ENOMEM) the context's reference data is unusable and
 * aw_check_fd fails with AW_EREFDATA: nothing is checked with half-loaded data. */
aw_rc aw_ctx_load_koppeltabel(aw_ctx *ctx, const char *path) AW_WARN_UNUSED;
aw_rc aw_ctx_load_tarieven(aw_ctx *ctx, const char *path) AW_WARN_UNUSED;
aw_rc aw_ctx_load_toewijzingen(aw_ctx *ctx, const char *path) AW_WARN_UNUSED;
aw_rc aw_ctx_set_aw33_schema(aw_ctx *ctx, const char *dir) AW_WARN_UNUSED;
aw_rc aw_ctx_load_controlset(aw_ctx *ctx, const char *name_or_path) AW_WARN_UNUSED;
aw_rc aw_ctx_open_ledger(aw_ctx *ctx, const char *path) AW_WARN_UNUSED;
/* Directory searched for shipped controlsets, stylesheets and schemas (default: the
 * installed data directory). */
aw_rc aw_ctx_set_datadir(aw_ctx *ctx, const char *dir) AW_WARN_UNUSED; /* copied; an explicit
                                                                     directory is the only one searched */

/* Check one AW319 read from fd (not closed).  Streams every finding and record to the sinks
 * in file order and the summary at the end.  AW_ENOHEADER when the first line is not a 01
 * (the finding is still reported). */
aw_rc aw_check_fd(aw_ctx *ctx, int fd, const char *name, const aw_sink *sinks, size_t nsinks,
                  aw_summary *out) AW_WARN_UNUSED;

/* Rules (rules.md in the package's documentation lists them; `aw319check --list-rules`). */
int aw_rule_count(void);
int aw_rule_index(const char *id);        /* -1 when unknown */
const char *aw_rule_id(int index);        /* static storage, like aw_rule_text */
/* What the rule checks, in the language of messages (static storage). */
const char *aw_rule_text(int index);
/* What to do about a finding of the rule, for a provider's administration, in the language of
 * messages (static storage). */
const char *aw_rule_hint(int index);
const char *aw_rule_code(const aw_ctx *ctx, int index);   /* in force ("" = field's code); borrowed */
aw_severity aw_rule_severity(const aw_ctx *ctx, int index);
/* The parameters in force as "name=value" ("months=3" for T1; "" for rules without);
 * returns snprintf's count. */
int aw_rule_params(const aw_ctx *ctx, int index, char *dst, size_t n);
/* Dutch description of a retourcode (COD954), NULL when unknown; static storage. */
const char *aw_retourcode_text(const char *code);
/* What to do about a retourcode, for a provider's administration, in the language of messages;
 * NULL when the code is unknown (every code aw_retourcode_text knows has one); static storage. */
const char *aw_code_hint(const char *code);
/* The k-th (from 0) rule in force (ctx NULL: the defaults) that can report retourcode code:
 * first the rules whose code it is, then per AW319 field whose own code it is the field rules
 * (V1-V6, V8, V9) that report it there, with *field_id and *field_name (else NULL; static
 * storage).  Returns the rule's index, -1 when there is no k-th. */
int aw_code_reporter(const aw_ctx *ctx, const char *code, int k, const char **field_id, const char **field_name);

/* The diagnostic line of a finding without newline (FILE:LINE:COL: error|warning: RULE [CODE] FIELD NAME: message); returns snprintf's count. */
int aw_format_finding(char *dst, size_t n, const char *file, const aw_finding *f);
/* "12*****82": mask the middle five digits of a 9-digit BSN; dst holds 10 bytes. */
void aw_mask_bsn(char dst[10], const char *bsn9);
/* "€ 1.234,56" (or "-€ 1.234,56") into dst of size n. */
void aw_format_euro(char *dst, size_t n, int64_t cents);

/* Output files that appear whole or not at all.  A regular file (or a new name) is written to
 * a temporary file beside it, mode 0600, which aw_output_commit fsyncs and renames into place
 * (then fsyncs the directory); a stream ("-" or /dev/stdout, /dev/fd/N, a character device, a
 * FIFO) is staged in a temporary file in $TMPDIR and copied to it on commit, never replaced.
 * A directory, block device, socket or dangling symbolic link is refused.  aw_output_discard
 * removes the temporary file. */
typedef struct aw_output aw_output;
/* *out is the caller's until aw_output_commit or aw_output_discard (exactly one of them). */
aw_rc aw_output_open(aw_ctx *ctx, const char *path, aw_output **out) AW_WARN_UNUSED;
int aw_output_fd(const aw_output *o);
const char *aw_output_tmppath(const aw_output *o); /* borrowed from o */
aw_rc aw_output_commit(aw_ctx *ctx, aw_output *o) AW_WARN_UNUSED; /* frees o */
void aw_output_discard(aw_output *o);                             /* frees o */
/* Unlink the temporary file of every open output: async-signal-safe, for a signal handler
 * that then ends the process (the open outputs are unusable afterwards). */
void aw_output_remove_temps(void);

/* The AW320 writer as a sink.  It writes into an aw_output it does not own. */
typedef struct aw_aw320 aw_aw320;
/* *out is the caller's (aw_aw320_free); o must outlive it.  The sink borrows w. */
aw_rc aw_aw320_new(aw_ctx *ctx, aw_output *o, aw_aw320 **out) AW_WARN_UNUSED;
aw_sink aw_aw320_sink(aw_aw320 *w);
void aw_aw320_free(aw_aw320 *w);          /* NULL is a no-op */


/* Reports: the report of one checked file, streamed while the file is checked, as XML
 * (schema: schemas/report.xsd in the package's data directory), html, junit, csv, json or
 * sarif (2.1.0).  Usage:
 * aw_report_new, pass aw_report_sink to aw_check_fd, then aw_report_finish (writes the final
 * document into o, which the caller commits). */
typedef enum { AW_REPORT_XML = 0, AW_REPORT_HTML, AW_REPORT_JUNIT, AW_REPORT_CSV, AW_REPORT_JSON,
               AW_REPORT_SARIF } aw_report_format;
/* "xml", "html", "junit", "csv", "json", "sarif" → format; -1 when unknown. */
int aw_report_format_parse(const char *name);
/* File name suffix for a format: ".report.xml", ".report.html", ".report.junit.xml", ".report.csv",
 * ".report.json", ".report.sarif" */
const char *aw_report_suffix(aw_report_format f);  /* static storage */
/* The format a report file name asks for by its extension (.xml .html .junit.xml .csv .json
 * .sarif), -1 for any other name. */
int aw_report_format_from_path(const char *path);
typedef struct aw_report aw_report;
/* *out is the caller's (aw_report_free), o must outlive it; the sink borrows r. */
aw_rc aw_report_new(aw_ctx *ctx, aw_output *o, aw_report_format fmt, aw_report **out) AW_WARN_UNUSED;
/* Before the check: list every record, not only findings and summary (default off); the input's
 * name for the formats that name it in each finding (csv, sarif, junit, html). */
void aw_report_set_records(aw_report *r, int on);
void aw_report_set_name(aw_report *r, const char *name);
aw_sink aw_report_sink(aw_report *r);
/* Instead of the check's events: the file was not checked (no 01).  junit gets a failing
 * testcase and json a file with "checked": false (then aw_report_finish as usual); AW_EUSAGE
 * for the other formats, which have no report of such a file. */
aw_rc aw_report_not_checked(aw_report *r, const char *name, const char *why) AW_WARN_UNUSED;
aw_rc aw_report_finish(aw_report *r) AW_WARN_UNUSED;
void aw_report_free(aw_report *r);         /* NULL is a no-op */

#ifdef __cplusplus
}
#endif
#endif
