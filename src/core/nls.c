/* SPDX-License-Identifier: MIT */
/* nls.c — the language of messages and reports.
 *
 * The programs call aw_nls_init() first.  Dutch is chosen as GNU programs choose it: LANGUAGE
 * (a list like "nl:en"), else LC_ALL, LC_MESSAGES, LANG, the first that is set.  Two
 * differences, both so that a Dutch user gets Dutch on any machine:
 *  - a locale that is not generated on the machine (nl_NL.UTF-8 on a minimal Debian) still
 *    selects its language: the messages category then runs in C.UTF-8 and LANGUAGE carries
 *    the language (glibc ignores LANGUAGE only in the plain C locale);
 *  - LANGUAGE alone (no locale set at all) selects its language too.
 * An explicit C or POSIX in LC_ALL, LC_MESSAGES or LANG always gives English (the untranslated
 * texts), as tests and scripts expect.  Only LC_MESSAGES is set: numbers, dates and byte
 * classes stay those of the C locale, so outputs never depend on the locale.  Texts come in
 * UTF-8 whatever the locale's character set, as the reports are UTF-8.
 *
 * The catalogue directory: $AW319_LOCALEDIR when set, else the directory `locale` beside the
 * running program when it holds a catalogue (a build tree: `make` builds it there), else the
 * installed one (configure's localedir). */
#include "core.h"
#include "nls.h"
#include <limits.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef AW_LOCALEDIR
#define AW_LOCALEDIR "/usr/local/share/locale"
#endif

static char nls_dir[PATH_MAX];
static pthread_once_t nls_once = PTHREAD_ONCE_INIT;

static void nls_do_bind(void)
{
    bindtextdomain(AW_TEXTDOMAIN, nls_dir[0] ? nls_dir : AW_LOCALEDIR);
    bind_textdomain_codeset(AW_TEXTDOMAIN, "UTF-8");
}

void nls_bind(void) { pthread_once(&nls_once, nls_do_bind); }

/* DIR/locale beside the running program, when it holds a catalogue of ours. */
static int nls_beside_program(char *dst, size_t n)
{
    char exe[PATH_MAX], probe[PATH_MAX + 64];
    if (!proc_program_dir(exe, sizeof exe)) return 0;
    snprintf(probe, sizeof probe, "%s/locale/nl/LC_MESSAGES/" AW_TEXTDOMAIN ".mo", exe);
    if (access(probe, R_OK) != 0) return 0;
    return snprintf(dst, n, "%s/locale", exe) < (int)n;
}

static const char *nls_env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

static int nls_is_c(const char *loc) { return !strcmp(loc, "C") || !strcmp(loc, "POSIX"); }

void aw_nls_init(void)
{
    const char *d = nls_env("AW319_LOCALEDIR");
    if (d) snprintf(nls_dir, sizeof nls_dir, "%s", d);
    else if (!nls_beside_program(nls_dir, sizeof nls_dir)) nls_dir[0] = '\0';

    const char *loc = setlocale(LC_MESSAGES, "");
    const char *asked = nls_env("LC_ALL");
    if (!asked) asked = nls_env("LC_MESSAGES");
    if (!asked) asked = nls_env("LANG");
    if (asked && nls_is_c(asked)) { setlocale(LC_MESSAGES, "C"); goto bind; }
    if (!loc || nls_is_c(loc)) { /* the asked locale is not generated, or none was asked */
        const char *lang = nls_env("LANGUAGE");
        char want[64];
        if (!lang && asked) { /* nl_BE.UTF-8@euro → nl_BE (gettext then tries nl_BE, nl) */
            snprintf(want, sizeof want, "%.*s", (int)strcspn(asked, ".@"), asked);
            if (want[0]) lang = want;
        }
        if (lang && (setlocale(LC_MESSAGES, "C.UTF-8") || setlocale(LC_MESSAGES, "C.utf8")))
            setenv("LANGUAGE", lang, 1);
    }
bind:
    nls_bind();
}
