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
    -o "$tmp/aw319check.pot" "$top_srcdir"/src/*/*.c "$top_srcdir/src/engine/rules.def" "$top_srcdir/src/engine/codehints.def" src/engine/layout_tables.c) \
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
# --- group c: the messages about reference data (koppeltabel, tarieven, toewijzingen CSV,
# --- AW33 XML), outputs, controlsets and AW320 files come in Dutch; --mask-bsn masks them too
c_run() { # CASE OPTION...: aw319check in fixtures/cases/CASE with its args and OPTIONs; its standard error
    (cd "$top_srcdir/fixtures/cases/$1" && shift && eval "exec env -i PATH=\"\$PATH\" LANG=nl_NL.UTF-8 \
        AW319_DATADIR=\"\$top_srcdir\" $VALGRIND \"\$bin\" -q $(cat args 2>/dev/null) \"\$@\" input.asc") 2>&1 >/dev/null
}
c_nl() { # WHAT CASE WANT [OPTION...]: the message of CASE holds WANT
    c_what=$1 c_case=$2 c_want=$3
    shift 3
    c_err=$(c_run "$c_case" "$@")
    case $c_err in *"$c_want"*) ok "Dutch: $c_what" ;; *) ko "$c_what ($c_case) not in Dutch: '$c_err'" ;; esac
}
c_nl "koppeltabel CSV error" refdata-bad-koppeltabel \
    "koppeltabel.csv:8: kolom 'eenheid': '15' is geen COD218-eenheid (verwacht: 01, 04, 14, 16 of 81)"
c_nl "tarieven CSV error" refdata-money-ambiguous "tarieven.csv:6: kolom 'tarief': '1.399' is dubbelzinnig:"
c_nl "tarieven overlap" refdata-overlap-tarieven \
    "prestatiecode Z756 2023-06-01..2023-12-31 overlapt met 2023-01-01..2023-06-30 op regel 6 (perioden van"
c_nl "AW33 value error" aw33-bad-date "Ingangsdatum '2022-02-30' is geen datum JJJJ-MM-DD"
c_nl "AW33 XML error (libxml2's text framed in Dutch)" aw33-malformed "aw33-002.xml:70: geen correcte XML: "
c_nl "AW33 input guard" aw33-too-many-attributes "meer dan 64 attributen op één element: geweigerd"
c_nl "controlset error" controlset-bad-rule "bad-rule.xml:6: onbekende controleregel 'I88'"
c_nl "--controlset name" controlset-unknown-name "--controlset: geen controlset 'achmea' (meegeleverd:"
c_nl "output error" example "x.aw320: kan niet worden aangemaakt: " -o "$tmp/c-geen-map/x.aw320"
# --mask-bsn masks a BSN quoted in a Dutch message as in an English one
c_nl "masked BSN (CSV value)" mask-refdata-bsn "toewijzingen.csv:3: kolom 'bsn': '60*****0X' is geen BSN"
c_nl "masked BSN (overlap)" mask-refdata-overlap "toewijzing ZZP 756 van BSN 81*****36 bij instelling 41009876"
case $(c_run mask-refdata-bsn; c_run mask-refdata-overlap) in
*60749110X*|*812047436*) ko "--mask-bsn: a Dutch message shows a whole BSN" ;;
*) ok "--mask-bsn: no whole BSN in the Dutch messages" ;;
esac
# aw319ledger reads AW320 files (aw320read.c); only when the ledger speaks Dutch at all (its --help
# is checked above)
printf 'x\r\n' >"$tmp/c-short.aw320"
c_err=$(env -i PATH="$PATH" LANG=nl_NL.UTF-8 $VALGRIND "$ledger" add "$tmp/c.db" "$tmp/c-short.aw320" 2>&1 >/dev/null)
case $(env -i PATH="$PATH" LANG=nl_NL.UTF-8 "$ledger" --help 2>&1 | head -1),$c_err in
Gebruik:*,*"c-short.aw320:1: record is 1 byte, verwacht: 370"*) ok "Dutch: AW320 read by aw319ledger" ;;
Gebruik:*) ko "AW320 read by aw319ledger not in Dutch: '$c_err'" ;;
*) echo "note: aw319ledger does not speak Dutch yet: its AW320 messages not checked" ;;
esac
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
# --- group b: findings of the check pass (check.c, fields.c), the content rules (content.c) and the v1.4 forms in
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
# --- group d (src/output/report.c, src/output/report_formats.c): the reports in the reader's language.  The
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
