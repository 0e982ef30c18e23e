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

# --- group e: aw319ledger in Dutch: its help, its errors (ledger_main.c, ledger.c,
# --- ledger_report.c) and its listings (ledger_print.c) on a ledger of one AW320
e_ledger() { env -i PATH="$PATH" LANG=nl_NL.UTF-8 SOURCE_DATE_EPOCH=1700000000 $VALGRIND "$ledger" "$@" 2>&1; }
e_has() { # WHAT TEXT OUTPUT
    case $3 in *"$2"*) ok "aw319ledger in Dutch: $1" ;; *) ko "aw319ledger $1 not in Dutch: $3" ;; esac
}
e_db=$tmp/e-ledger.db
printf 'leveringsvorm;jaar;bedrag\nXYZ;2024;1\n' >"$tmp/e-afspraak.csv"
e_has "--help" "Opdrachten:" "$(e_ledger --help)"
e_has "add" "factuur F2024-0001 van instelling 41009876 toegevoegd" \
    "$(e_ledger add "$e_db" "$top_srcdir/fixtures/ledger/month1.aw320")"
e_has "refused add" "staat al in de historie" "$(e_ledger add "$e_db" "$top_srcdir/fixtures/ledger/month1.aw320")"
e_has "bad option" "'20x' is geen jaar (JJJJ)" "$(e_ledger summary "$e_db" --year=20x)"
e_has "unknown command" "onbekende opdracht 'foo'" "$(e_ledger foo "$e_db")"
e_has "bad productieafspraak" "leveringsvorm 'XYZ' is niet ZZP, VPT of MPT" \
    "$(e_ledger budget "$e_db" --year=2024 --productieafspraak="$tmp/e-afspraak.csv")"
e_out=$(e_ledger summary "$e_db")
e_has "summary heading" "Historie $e_db: prestaties per maand van 0414 BEGINDATUM PRESTATIE" "$e_out"
e_has "summary table" "maand    lv        ingediend" "$e_out"
e_has "list" "1 AW320-bestand" "$(e_ledger list "$e_db")"
e_has "verify" "$e_db: in orde (schema" "$(e_ledger verify "$e_db")"
# the machine-readable outputs stay as they are
e_has "summary CSV (unchanged)" "jaar;2024;;unknown;" "$(e_ledger summary "$e_db" --format=csv)"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
