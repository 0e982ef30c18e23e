/* SPDX-License-Identifier: MIT */
/* report_formats.h — the reports other than XML, streamed (report_formats.c, rf_). */
#ifndef AW_REPORT_FORMATS_H
#define AW_REPORT_FORMATS_H

#include "error.h"

typedef struct rf rf;
/* A streamed report of fmt (not XML) into o; *out is NULL on failure. */
aw_rc rf_new(aw_ctx *ctx, aw_output *o, aw_report_format fmt, rf **out) AW_WARN_UNUSED;
void rf_set(rf *r, const char *name, int records); /* name NULL / records < 0: unchanged */
aw_sink rf_sink(rf *r);
aw_rc rf_finish(rf *r) AW_WARN_UNUSED;
aw_rc rf_not_checked(rf *r, const char *name, const char *why) AW_WARN_UNUSED;
void rf_free(rf *r);

#endif
