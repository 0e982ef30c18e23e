/* SPDX-License-Identifier: MIT */
/* ledger_print.h — how aw319ledger prints what ledger_report.c gathers: text, CSV for Excel
 * (Dutch settings: ';', UTF-8 BOM, amounts as plain numbers with a decimal comma), XML and
 * HTML (tables and inline SVG charts, no JavaScript).  Everything goes to one FILE. */
#ifndef LEDGER_PRINT_H
#define LEDGER_PRINT_H

#include "ledger.h"
#include <stdio.h>

typedef enum { LP_TEXT, LP_CSV, LP_XML, LP_HTML } lp_format;

/* b may be NULL (no productieafspraak): then no 1/12 line.  0, or -1 when the XML writer failed
 * (out of memory, or a write error, which also leaves ferror(f) set); the other formats
 * leave their write errors to ferror(f). */
int lp_summary(FILE *f, lp_format fmt, const char *db, const ledger_summary *s, const ledger_budget *b);
void lp_budget(FILE *f, lp_format fmt, const char *db, const ledger_year *y, const ledger_budget *b,
               long as_of);

/* list: head once, a row per AW320, end once. */
void lp_list_head(FILE *f, lp_format fmt, const char *db);
void lp_list_row(FILE *f, lp_format fmt, const ledger_file *r);
void lp_list_end(FILE *f, lp_format fmt, unsigned long n);

/* sample (CSV only): head, a row per pick, the population line at the end (text). */
void lp_sample_head(FILE *f);
void lp_sample_row(FILE *f, const ledger_pick *p, int mask_bsn);

/* gaps (CSV only). */
void lp_gaps_head(FILE *f);
void lp_gaps_row(FILE *f, const ledger_gap *g, int mask_bsn);

#endif
