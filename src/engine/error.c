/* SPDX-License-Identifier: MIT */
/* error.c — the library's one error convention (ctx.h): a result code and its message on the
 * context, the first (most specific) one kept until the next public entry point clears it. */
#include "ctx.h"
#include <stdio.h>

aw_rc err_set(aw_ctx *c, aw_rc rc, const char *fmt, ...)
{
    if (!c) return rc;
    if (c->err) return rc; /* sticky: keep the first, most specific message */
    c->err = rc;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->errmsg, sizeof c->errmsg, fmt, ap);
    va_end(ap);
    return rc;
}

void err_clear(aw_ctx *c)
{
    if (!c) return;
    c->err = AW_OK;
    c->errmsg[0] = 0;
}

const char *aw_errmsg(const aw_ctx *c) { return c ? c->errmsg : ""; }
