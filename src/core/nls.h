/* SPDX-License-Identifier: MIT */
/* nls.h — translatable text (GNU gettext, domain "aw319check"; not installed).
 * _("text") is the text in the language of the messages, N_("text") only marks a text that is
 * translated where it is shown (tables).  The library and the programs share the domain and
 * the catalogue po/nl.po; `make update-po` collects the marked texts. */
#ifndef AW_NLS_H
#define AW_NLS_H

#include <libintl.h>

#define AW_TEXTDOMAIN "aw319check"
#define _(s) dgettext(AW_TEXTDOMAIN, s)
#define N_(s) s
/* a text with a number in it: P_("%lu error", "%lu errors", n) */
#define P_(s, p, n) dngettext(AW_TEXTDOMAIN, s, p, n)

/* Bind the domain to its catalogue directory, once per process (nls.c); every entry point
 * that can produce text calls it (aw_ctx_new, aw_nls_init). */
void nls_bind(void);

#endif
