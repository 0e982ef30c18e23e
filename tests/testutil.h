/* SPDX-License-Identifier: MIT */
/* testutil.h — helpers for the Check suites: build AW319 records from field values and run
 * the engine on an in-memory file, collecting what the sinks receive. */
#ifndef TESTUTIL_H
#define TESTUTIL_H
#include "ctx.h"
#include "layout.h"
#include "sha256.h"

#define TU_MAX 64
/* out-of-memory loops fail every allocation in turn until a run needs fewer: this bounds them */
#define TU_OOM_LIMIT 100000
typedef struct tu_result {
    aw_rc rc;
    int nfind;
    struct { unsigned long line; unsigned col; char rule[5]; char code[5]; char field[5];
             aw_severity sev; char record[3]; unsigned long target; char msg[256]; } f[TU_MAX];
    int nrec;
    struct { unsigned long line; char type[3]; aw_outcome outcome; int tentative; int ncodes;
             char codes[3][5]; int64_t berekend, toegekend, ingediend; char bsn[10]; } r[TU_MAX];
    aw_summary sum;
    int ended;
    int overflow;  /* more findings or records came than fit: tu_run fails the test */
} tu_result;

/* Fill rec (310 bytes + NUL) with a record of type: "ID=value" strings, NULL-terminated.
 * N values are right-aligned zero-filled, AN left-aligned space-filled; unknown ids abort. */
void tu_rec(char *rec, const char *type, ...);
/* Standard records: a valid header, client (bsn) and prestatie (Z756, March 2023). */
void tu_header(char *rec);
void tu_client(char *rec, int id, const char *bsn);
void tu_prestatie(char *rec, int id, const char *bsn, const char *ref);
/* Make a standard record (01, 02 or 04) a v1.4 one as billing software writes it: 0104 = 04;
 * voorletters without dots, a postcode, 0223 = 2; 0407 = 1, a real AGB code in 0420, 0424 =
 * 00000 (the published value: no verrekening). */
void tu_v14(char *rec);
/* Set a field of an existing record. */
void tu_set(char *rec, const char *id, const char *value);
/* A sluitrecord for the given records (counts and signed total computed). */
void tu_trailer(char *rec, char *const *recs, int n);
/* Record length for tu_join (0 = strlen; set to 310 for records holding NUL bytes). */
extern size_t tu_reclen;
/* Join records with CR LF into a malloc'd buffer; *len set. */
char *tu_join(char *const *recs, int n, size_t *len);
/* The smallest clean file: a 01, one 02 and one 04 of client bsn9, and the 99; malloc'd. */
char *tu_small_file(const char *bsn9, size_t *len);
/* Run aw_check_fd over buf in ctx (a fresh default ctx when NULL). */
void tu_run(aw_ctx *ctx, const char *buf, size_t len, tu_result *out);
/* Run records (joined with CR LF, 99 appended when with_trailer). */
void tu_run_recs(aw_ctx *ctx, char *const *recs, int n, int with_trailer, tu_result *out);
/* Index of the first finding of rule, -1 when none. */
int tu_find(const tu_result *r, const char *rule);
#endif
