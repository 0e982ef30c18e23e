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

# --- group d (src/report.c, src/report_formats.c): the reports in the reader's language.  The
# --- README's first command (example-refdata-csv with its koppeltabel, tarieven, toewijzingen):
# --- under LANG=nl_NL.UTF-8 the HTML report is Dutch (lang="nl", "Wat te doen") and holds none
# --- of the English labels, under LC_ALL=C it is English (lang="en"); JUnit and SARIF texts too.
d_case=$top_srcdir/fixtures/cases/example-refdata-csv
d_report() { # FORMAT OUT INPUT ENV...
    _f=$1 _o=$2 _i=$3; shift 3
    env -i PATH="$PATH" AW319_DATADIR="$top_srcdir" "$@" $VALGRIND "$bin" -q -k "$d_case/koppeltabel.csv" \
        -t "$d_case/tarieven.csv" -w "$top_srcdir/fixtures/cases/example-refdata-aw33/toewijzingen" \
        -c zorg-en-zekerheid -f "$_f" -r "$_o" "$_i" >/dev/null 2>&1
}
d_report html "$tmp/d-nl.html" "$d_case/input.asc" LANG=nl_NL.UTF-8
d_report html "$tmp/d-en.html" "$d_case/input.asc" LC_ALL=C LANG=nl_NL.UTF-8
# the English labels of the HTML report, in their markup (messages and hints of other groups
# may still be English: they are not looked for)
d_english='lang="en"
AW319 check
<h1>Partially accepted
– invoice F
 – submitted €
>Totals<
>Accepted<
>Rejected<
>Total<
Records: 16, errors:
>Details<
>UZOVI number<
>Care provider (AGB)<
>Invoice number<
>Declaration period<
>Retourcodes of the voorlooprecord<
>Controlset<
Findings per rule
>Rule<
>Count<
>Severity<
>Description<
>How to fix<
>rejection<
>Per client<
Only prestaties and clients
Show only rejected prestaties
Client BSN
(line 4)
>Line<
>Reference<
>Period<
>Submitted<
>Granted<
Outcome and findings
2023-03-01 to 2023-03-31
>rejected <
(field 0425
 line 5 column 165
How to fix:'
if [ -s "$tmp/d-nl.html" ] && grep -q '<html lang="nl">' "$tmp/d-nl.html" && grep -q '<b>Wat te doen:</b>' "$tmp/d-nl.html" \
    && grep -q '<th>Wat te doen</th>' "$tmp/d-nl.html" && grep -q 'Gedeeltelijk goedgekeurd' "$tmp/d-nl.html"; then
    ok "html report in Dutch: lang=\"nl\", Wat te doen"
else ko "html report under LANG=nl_NL.UTF-8 is not Dutch: $(sed -n 2p "$tmp/d-nl.html" 2>/dev/null)"; fi
d_left=$(printf '%s\n' "$d_english" | grep -F -f - "$tmp/d-nl.html" | head -3)
[ -s "$tmp/d-nl.html" ] && [ -z "$d_left" ] && ok "html report in Dutch: none of $(printf '%s\n' "$d_english" | wc -l) English labels" \
    || ko "html report in Dutch still has English labels: $(printf '%s\n' "$d_english" | grep -F -o -f - "$tmp/d-nl.html" | sort -u | head -5 | tr '\n' '|')"
if grep -q '<html lang="en">' "$tmp/d-en.html" && grep -q '<b>How to fix:</b>' "$tmp/d-en.html" \
    && grep -q '<h1>Partially accepted</h1>' "$tmp/d-en.html" && ! grep -q 'Wat te doen\|Cli\xc3\xabnt\|Totalen' "$tmp/d-en.html"; then
    ok "html report in English under LC_ALL=C: lang=\"en\""
else ko "html report under LC_ALL=C is not English: $(sed -n 2p "$tmp/d-en.html" 2>/dev/null)"; fi
# junit: the failure texts (a technically rejected file: its 8096s name the S10 finding)
env -i PATH="$PATH" LANG=nl_NL.UTF-8 $VALGRIND "$bin" -q -r "$tmp/d-nl.junit.xml" \
    "$top_srcdir/fixtures/cases/s10-total/input.asc" >/dev/null 2>&1
if grep -q 'message="bestand technisch afgekeurd: S10 0150: ' "$tmp/d-nl.junit.xml" \
    && grep -q 'message="8096: het bestand is technisch afgekeurd: S10 0150: ' "$tmp/d-nl.junit.xml" \
    && grep -q '(veld 9907 TOTAAL DECLARATIEBEDRAG) regel 6 kolom 34: .* Wat te doen: ' "$tmp/d-nl.junit.xml"; then
    ok "junit failure texts in Dutch"
else ko "junit failure texts under LANG=nl_NL.UTF-8: $(grep -o 'message="[^"]*"' "$tmp/d-nl.junit.xml" 2>/dev/null | head -1)"; fi
# sarif: the result message's "How to fix"; the structure stays English
d_report sarif "$tmp/d-nl.sarif" "$d_case/input.asc" LANG=nl_NL.UTF-8
grep -q '"message": {"text": "0611: .* Wat te doen: ' "$tmp/d-nl.sarif" && grep -q '"ruleId": "R6"' "$tmp/d-nl.sarif" \
    && ok "sarif message in Dutch, keys in English" || ko "sarif under LANG=nl_NL.UTF-8 has no Dutch message"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
