#!/bin/sh
# SPDX-License-Identifier: MIT
# nls.sh — Dutch for Dutch users: po/nl.po translates every marked text (make update-po), and
# the programs speak Dutch when LANGUAGE, LC_ALL, LC_MESSAGES or LANG asks for nl — also when
# that locale is not generated on the machine (nl_ZZ never is) — and English otherwise.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${XGETTEXT:=xgettext}" "${MSGFMT:=msgfmt}" "${VALGRIND:=}"
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS: $1"; }
ko() { fail=$((fail + 1)); echo "FAIL: $1"; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
po=$top_srcdir/po/nl.po
bin=$top_builddir/aw319check
ledger=$top_builddir/aw319ledger

# --- the catalogue: every marked text of the sources has a Dutch translation, none fuzzy
(cd "$top_builddir" && "$XGETTEXT" --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=P_:1,2 \
    -o "$tmp/aw319check.pot" "$top_srcdir"/src/*.c "$top_srcdir/src/rules.def" src/layout_tables.c) \
    || { ko "xgettext could not read the sources"; }
n=$(grep -c '^msgid ' "$tmp/aw319check.pot")
if msgcmp "$po" "$tmp/aw319check.pot" >"$tmp/cmp" 2>&1; then ok "po/nl.po has all $((n - 1)) texts of the sources"
else ko "texts of the sources missing from po/nl.po (run make update-po, then translate):"; head -20 "$tmp/cmp"; fi
stats=$("$MSGFMT" -c --statistics -o /dev/null "$po" 2>&1)
case $stats in
*untranslated*|*fuzzy*|*error*) ko "po/nl.po is not complete: $stats" ;;
*) ok "po/nl.po: $stats" ;;
esac

# --- the language chosen from the environment (env -i: nothing of the caller's leaks in)
lang_of() { # ENV... : nl or en by the first line of --help
    first=$(env -i PATH="$PATH" "$@" $VALGRIND "$bin" --help 2>&1 | head -1)
    case $first in Gebruik:*) echo nl ;; Usage:*) echo en ;; *) echo "?$first" ;; esac
}
expect() { # WANT ENV...
    want=$1; shift
    got=$(lang_of "$@")
    [ "$got" = "$want" ] && ok "$want for $*" || ko "$* gives '$got', expected $want"
}
expect nl LANG=nl_NL.UTF-8
expect nl LANG=nl_ZZ.UTF-8
expect nl LC_ALL=nl_BE.UTF-8 LANG=en_US.UTF-8
expect nl LC_MESSAGES=nl_NL.UTF-8 LANG=C
expect nl LANGUAGE=nl
expect nl LANGUAGE=nl:en LANG=en_US.UTF-8
expect en
expect en LANG=en_US.UTF-8
expect en LANG=C LANGUAGE=nl
expect en LC_ALL=C LANG=nl_NL.UTF-8
expect en LC_ALL=POSIX LANGUAGE=nl
expect en LANG=nl_NL.UTF-8 AW319_LOCALEDIR="$tmp/none"
expect nl LANG=nl_NL.UTF-8 AW319_LOCALEDIR="$top_builddir/locale"
if locale -a 2>/dev/null | grep -qi '^nl_NL'; then echo "note: nl_NL is generated here; nl_ZZ stands for a missing locale"
else echo "note: nl_NL is not generated here: Dutch came from the catalogue without the locale"; fi

# --- the same for aw319ledger
first=$(env -i PATH="$PATH" LANG=nl_NL.UTF-8 $VALGRIND "$ledger" --help 2>&1 | head -1)
case $first in Gebruik:*) ok "aw319ledger --help in Dutch" ;; *) ko "aw319ledger --help: '$first'" ;; esac

# --- group b: findings of the engine (check.c), the content rules (content.c) and the v1.4 forms in
# --- words (layout_tables.c) in Dutch; the line structure FILE:LINE:COL: error: RULE [code] FIELD stays
b_has() { # CASE LINE: the Dutch diagnostics of fixtures/cases/CASE hold LINE
    if (cd "$top_srcdir/fixtures/cases/$1" && env -i PATH="$PATH" LANG=nl_NL.UTF-8 AW319_DATADIR="$top_srcdir" \
        $VALGRIND "$bin" input.asc 2>/dev/null) | grep -qxF -- "$2"; then ok "$1 in Dutch"
    else ko "$1: no line '$2' under LANG=nl_NL.UTF-8"; fi
}
b_has v1-not-a-number "input.asc:3:23: error: V1 [0435] 0403 BURGERSERVICENUMMER (BSN) VERZEKERDE: '12345678X' is geen getal (verwacht: 9 cijfers, aangevuld met voorloopnullen)"
b_has i1-elfproef "input.asc:2:15: error: I1 [0435] 0203 BURGERSERVICENUMMER (BSN) VERZEKERDE: BSN 123456789 voldoet niet aan de elfproef"
b_has v9-published-01 "input.asc:1:101: error: V9 [0001] 0118 BTW-IDENTIFICATIENUMMER: 'NL12345678B01 ' heeft niet de vorm die v1.4 voorschrijft: NL, 9 cijfers, B en 2 cijfers (NL123456789B01), of leeg (patroon \s{14}|NL[0-9]{9}B[0-9]{2})"
b_has v9-published-01 "input.asc:1:17: error: V9 [0001] 0107 VERSIEAANDUIDING INFORMATIESYSTEEM SOFTWARELEVERANCIER: 'gen1.0    ' moet leeg zijn als 0106 leeg is"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
