/* SPDX-License-Identifier: MIT */
/* aw33.h — the streaming iWlz AW33 toewijzingen reader (internal; aw33.c).  aw33_load in
 * refdata.h feeds the rows into the reference data; the parser itself only hands rows to a
 * callback so it can be tested (and fuzzed) without the store. */
#ifndef AW33_H
#define AW33_H

#include "refdata.h"

/* One toewijzing as read.  t.unit and t.weekmax are not filled (the klasse is parsed by the
 * consumer); the other fields of t are.  klasse and opslag are meaningful for MPT rows. */
typedef struct aw33_row {
    ref_toew t;
    char klasse[8];            /* Klasse as written ("K3", "KD04"), MPT only */
    unsigned opslag;           /* Opslag, 0 when absent */
    int has_opslag;
} aw33_row;

/* Called for every toewijzing in document order; file and line name the element.  A non-zero
 * return stops the reading with that code (the callback sets the message on ctx). */
typedef aw_rc (*aw33_fn)(void *ud, const aw33_row *row, const char *file, unsigned long line);

/* Read one AW33 file (validated first against the schema of aw_ctx_set_aw33_schema when
 * set).  AW_EIO when it cannot be opened, AW_EXML when it is not well-formed, has a DOCTYPE
 * or entity reference, or is schema-invalid, AW_EREFDATA when it is not an AW33 or a value
 * is missing or malformed; the message "FILE:LINE: ..." is on ctx. */
aw_rc aw33_parse(aw_ctx *ctx, const char *path, aw33_fn fn, void *ud) AW_WARN_UNUSED;
/* A file as aw33_parse, or a directory: every regular file named *.xml directly in it (not
 * hidden, no recursion, at most AW33_MAX_FILES), in strcmp order. */
aw_rc aw33_parse_path(aw_ctx *ctx, const char *path, aw33_fn fn, void *ud) AW_WARN_UNUSED;
#define AW33_MAX_FILES 100000

#endif
