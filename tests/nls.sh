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
    -o "$tmp/aw319check.pot" "$top_srcdir"/src/*.c "$top_srcdir/src/rules.def" "$top_srcdir/src/codehints.def" src/layout_tables.c) \
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

# --- group a (main.c, ctx.c, rules.c, rules.def, codehints.def): --explain, --list-rules,
# --- die() and the summary in Dutch
nl() { env -i PATH="$PATH" LANG=nl_NL.UTF-8 SOURCE_DATE_EPOCH=1700000000 $VALGRIND "$bin" "$@"; }
nl --explain=I1 >"$tmp/a-i1" 2>&1
grep -q '^I1: BSN voldoet niet aan de elfproef$' "$tmp/a-i1" && grep -q '^  Wat te doen: Controleer het BSN met' "$tmp/a-i1" \
    && ok "--explain=I1 in Dutch: the rule and what to do" || { ko "--explain=I1 not in Dutch:"; cat "$tmp/a-i1"; }
nl --explain=0435 >"$tmp/a-0435" 2>&1
grep -q '^  Wat te doen: Controleer het BSN van de cliënt (0203 in het 02-record' "$tmp/a-0435" \
    && grep -q '^  Gemeld door:$' "$tmp/a-0435" && grep -q '^  V1, V2 (veld 0403 BURGERSERVICENUMMER (BSN) VERZEKERDE)$' "$tmp/a-0435" \
    && ok "--explain=0435 in Dutch: what to do, the rules, the fields" || { ko "--explain=0435 not in Dutch:"; cat "$tmp/a-0435"; }
nl --list-rules 2>&1 | grep -q '^I8   reject 8016   BTW-percentage is niet 0000$' \
    && ok "--list-rules in Dutch" || ko "--list-rules not in Dutch"
nl "$tmp/none.asc" >/dev/null 2>"$tmp/a-die"; st=$?
[ $st = 2 ] && grep -q "^aw319check: $tmp/none.asc: kan niet worden geopend: " "$tmp/a-die" \
    && ok "a message of aw319check in Dutch" || { ko "the message for a missing input (exit $st):"; cat "$tmp/a-die"; }
nl --max-errors=nul x.asc >/dev/null 2>"$tmp/a-die"
grep -q "^aw319check: --max-errors: 'nul' is geen aantal meldingen (1 of meer)$" "$tmp/a-die" \
    && ok "an option's message in Dutch" || { ko "the message for a bad --max-errors:"; cat "$tmp/a-die"; }
nl "$top_srcdir/fixtures/cases/example-refdata-csv/input.asc" 2>"$tmp/a-sum" >/dev/null
grep -q ': goedgekeurd: 16 records, 7 prestaties (7 goedgekeurd, 0 afgekeurd), ingediend € 24.574,80, toegekend € 24.574,80, 0 fouten, 0 waarschuwingen$' "$tmp/a-sum" \
    && ok "the summary line in Dutch" || { ko "the summary line not in Dutch:"; cat "$tmp/a-sum"; }

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
