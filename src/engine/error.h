/* SPDX-License-Identifier: MIT */
/* error.h — the library's one error convention (error.c): every fallible function returns an
 * aw_rc (or NULL for a constructor) and leaves its message on the context; every public entry
 * point clears it first.  The context stays opaque here (aw319.h's aw_ctx). */
#ifndef AW_ERROR_H
#define AW_ERROR_H

#include "core.h"

/* Set the context's error (SQLite style: the first message is kept until err_clear, as the
 * most specific one); returns rc.  ctx may be NULL (nothing is kept). */
aw_rc err_set(aw_ctx *ctx, aw_rc rc, const char *fmt, ...) ATTR_PRINTF(3, 4);
void err_clear(aw_ctx *ctx);

#endif
