#!/bin/sh
# SPDX-License-Identifier: MIT
# report-e2e.sh — end-to-end tests of the reports.  For every fixtures/cases/NAME/ (run with
# its args): the XML report with --report-records validates against schemas/report.xsd, lists
# every 04 and is mode 0600 with no temporary file left; then with --mask-bsn (and without
# --report-records): no BSN of the input appears in any format, the XML lists no records, the
# HTML parses as HTML, the JUnit has one testcase per 04 record plus one for the file and one
# failure per rejected 04 (plus the file's when it is rejected as a whole), the CSV has one row
# per finding, the JSON parses (python3 -m json.tool) with one entry per finding, the SARIF
# has its required keys and one result per finding.  For the cases listed in
# fixtures/reports/CASES the formats equal the stored reports fixtures/reports/NAME.report.*
# (UPDATE=1 rewrites them: review the diff!).  Then: the format by the file name, several
# files, a file without a 01, every byte in JSON/SARIF/CSV, and running out of memory.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${VALGRIND:=}"
LC_ALL=C SOURCE_DATE_EPOCH=1700000000 AW319_DATADIR=$top_srcdir
export LC_ALL SOURCE_DATE_EPOCH AW319_DATADIR
command -v xmllint >/dev/null 2>&1 || { echo "xmllint not found (libxml2-utils): skipped"; exit 77; }
bin=$top_builddir/aw319check
xsd=$top_srcdir/schemas/report.xsd
golden=$top_srcdir/fixtures/reports
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0

# xp FILE XPATH: the value of an XPath expression over the report namespace
xp() { xmllint --xpath "$2" "$1" 2>/dev/null; }
ns() { printf '*[local-name()="%s"]' "$1"; }

# run CASEDIR OUT FORMAT [extra option]: aw319check with the case's args and --report
run() {
    _dir=$1 _out=$2 _fmt=$3; shift 3
    _args=
    [ -f "$_dir/args" ] && _args=$(cat "$_dir/args")
    # shellcheck disable=SC2086
    (cd "$_dir" && eval "exec $VALGRIND \"\$bin\" -q -f $_fmt -r \"\$_out\" $_args \"\$@\" input.asc" \
        >/dev/null 2>"$_out.stderr")
    echo $? >"$_out.exit"
}

for dir in "$top_srcdir"/fixtures/cases/*/; do
    dir=${dir%/}
    name=${dir##*/}
    [ -f "$dir/input.asc" ] || continue
    out=$tmp/$name
    mkdir -p "$out"
    why=
    run "$dir" "$out/r.xml" xml --report-records
    st=$(cat "$out/r.xml.exit")
    [ "$st" = 99 ] && why="$why valgrind errors;"
    if [ ! -f "$out/r.xml" ]; then
        # no report: a file that was not checked at all (no 01: no AW320 either), a run that
        # could not be done (exit 2: bad reference data or controlset, nothing written), or a
        # run that checks nothing (--list-rules, --explain)
        want=$(cat "$dir/expected.exit" 2>/dev/null)
        if [ "$st" = 1 ] && [ ! -f "$dir/expected.aw320" ]; then :
        elif [ "$st" = 2 ] && [ "$want" = 2 ]; then :
        elif [ "$st" = 0 ] && grep -q -e '--list-rules' -e '--explain' "$dir/args" 2>/dev/null; then :
        else why="$why no report written (exit $st);"; fi
        if ls "$out" | grep -q tmp; then why="$why temporary file left behind;"; fi
        if [ -z "$why" ]; then pass=$((pass + 1)); echo "PASS: $name (not checked: no report)"
        else fail=$((fail + 1)); echo "FAIL: $name:$why"; sed 's/^/  stderr: /' "$out/r.xml.stderr" | head -5; fi
        continue
    fi
    xmllint --noout --schema "$xsd" "$out/r.xml" 2>"$out/valid" || why="$why not valid against report.xsd: $(grep -v validates "$out/valid" | head -2);"
    [ "$(stat -c %a "$out/r.xml")" = 600 ] || why="$why report mode not 0600;"
    nfind=$(xp "$out/r.xml" "count(//$(ns finding))")
    n04=$(grep -c '^04' "$dir/input.asc")
    nrej=$(xp "$out/r.xml" "string(//$(ns totals)/@rejected)")
    [ "$(xp "$out/r.xml" "count(//$(ns prestatie))")" = "$n04" ] || why="$why prestatie elements != 04 records;"

    # the renderings, run with --mask-bsn (the counts do not depend on it): no BSN of the
    # input (0203 / 0403, bytes 15-23 of 02 and 04 records) may appear in any format
    grep -a '^0[24]' "$dir/input.asc" | cut -c15-23 | grep -E '^[0-9]{9}$' | sort -u >"$out/bsns"
    for f in xml html junit csv json sarif; do
        run "$dir" "$out/m.$f" "$f" --mask-bsn
        if [ ! -f "$out/m.$f" ]; then why="$why no $f report;"
        elif [ -s "$out/bsns" ] && grep -F -f "$out/bsns" "$out/m.$f" >/dev/null; then
            why="$why --mask-bsn: a full BSN in the $f report;"
        fi
    done
    if [ -f "$out/m.xml" ]; then
        xmllint --noout --schema "$xsd" "$out/m.xml" 2>/dev/null || why="$why masked report not valid;"
        [ "$(xp "$out/m.xml" "count(//$(ns prestatie) | //$(ns client) | //$(ns record))")" = 0 ] \
            || why="$why records listed without --report-records;"
    fi
    if [ -f "$out/m.html" ]; then
        xmllint --html --noout "$out/m.html" >"$out/html.err" 2>&1 || why="$why html does not parse;"
        [ -s "$out/html.err" ] && why="$why html parser complaints: $(head -1 "$out/html.err");"
        grep -qi '<script\|src="http\|href="http' "$out/m.html" && why="$why html not self-contained;"
        grep -q 'unknownonbekend\|? t/m ?' "$out/m.html" && why="$why html: unknownonbekend or ? t/m ?;"
        grep -q 'id="only-rejected"' "$out/m.html" && grep -q '#only-rejected:checked' "$out/m.html" \
            || why="$why html: no only-rejected toggle;"
        # a finding on a 02 is shown with its client, never as a row with a blank code cell
        grep -q '<td class="code"></td>' "$out/m.html" && why="$why html: a blank code cell;"
        # "only rejected" hides the class acc: no section of that class holds a rejected prestatie
        awk '/^<div class="client acc">/ { acc = 1 } acc && /<tr class="rej">/ { bad = 1 } /^<\/div>$/ { acc = 0 }
             END { exit bad }' "$out/m.html" || why="$why html: a rejected prestatie in a section hidden by only-rejected;"
    fi
    if [ -f "$out/m.junit" ]; then
        [ "$(xp "$out/m.junit" 'count(/testsuites/testsuite)')" = 1 ] || why="$why junit: not one testsuite;"
        tc=$(xp "$out/m.junit" 'count(//testcase)')
        fl=$(xp "$out/m.junit" 'count(//testcase/failure)')
        ffail=$(xp "$out/r.xml" "number(//$(ns file)/@technical = 'true' or count(//$(ns finding)[@target-line=1][@severity='error']) > 0)")
        [ "$tc" = "$((n04 + 1))" ] || why="$why junit: $tc testcases for $n04 04 records and the file;"
        [ "$fl" = "$((nrej + ffail))" ] || why="$why junit: $fl failures for $nrej rejected 04s (+$ffail for the file);"
        grep -q 'hostname=\|timestamp=' "$out/m.junit" && why="$why junit: hostname or timestamp;"
        xp "$out/m.junit" '//failure/@message' | grep -q 'message=""' && why="$why junit: empty failure message;"
        # every failure message names rule and retourcode with the cause (or why it was not checked)
        grep -o 'message="[^"]*"' "$out/m.junit" | grep -v -E '^message="not checked: |[SVIRTH][0-9]+ [0-9]{4}: .' \
            | grep -q . && why="$why junit: a failure message without rule, retourcode and cause;"
    fi
    if [ -f "$out/m.csv" ]; then
        rows=$(($(wc -l <"$out/m.csv") - 1))
        [ "$rows" = "$nfind" ] || why="$why csv: $rows rows for $nfind findings;"
        [ "$(head -c 3 "$out/m.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || why="$why csv: no UTF-8 BOM;"
    fi
    if [ -f "$out/m.json" ]; then
        python3 -m json.tool "$out/m.json" >/dev/null 2>&1 || why="$why json does not parse;"
        n=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for x in d["files"][0]["findings"] if x["kind"]=="finding"))' "$out/m.json" 2>/dev/null)
        [ "$n" = "$nfind" ] || why="$why json: $n findings for $nfind;"
    fi
    if [ -f "$out/m.sarif" ]; then
        n=$(python3 "$top_srcdir/tests/sarif-check.py" "$out/m.sarif" 2>&1)
        [ "$n" = "$nfind" ] || why="$why sarif: $n;"
    fi
    for s in "$out"/*.exit; do [ "$(cat "$s")" = 99 ] && why="$why valgrind errors;" && break; done
    if ls "$out" | grep -q tmp; then why="$why temporary file left behind;"; fi

    if [ -z "$why" ]; then pass=$((pass + 1)); echo "PASS: $name"
    else
        fail=$((fail + 1)); echo "FAIL: $name:$why"
        cat "$out"/*.stderr | sed 's/^/  stderr: /' | head -5
    fi
done

# ---- stored renderings (golden files)
while read -r name; do
    case $name in ''|'#'*) continue ;; esac
    dir=$top_srcdir/fixtures/cases/$name
    for f in xml html junit csv json sarif; do
        case $f in junit) sfx=junit.xml ;; *) sfx=$f ;; esac
        exp=$golden/$name.report.$sfx
        act=$tmp/golden.$name.$sfx
        run "$dir" "$act" "$f"
        [ "${UPDATE:-}" = 1 ] && [ -f "$act" ] && cp "$act" "$exp"
        if [ -f "$act" ] && [ -f "$exp" ] && cmp -s "$act" "$exp"; then
            pass=$((pass + 1)); echo "PASS: golden $name $f"
        else
            fail=$((fail + 1)); echo "FAIL: golden $name $f"
            [ -f "$exp" ] && [ -f "$act" ] && diff -u "$exp" "$act" | head -20
        fi
    done
done <"$golden/CASES"

# ---- several files: one report per file in the directory, named after the input
mkdir -p "$tmp/many"
cp "$top_srcdir/fixtures/cases/clean-basic/input.asc" "$tmp/jan.asc"
cp "$top_srcdir/fixtures/cases/i1-elfproef/input.asc" "$tmp/feb.asc"
$VALGRIND "$bin" -q -f junit -r "$tmp/many" "$tmp/jan.asc" "$tmp/feb.asc" - <"$tmp/jan.asc" 2>/dev/null; st=$?
if [ $st = 1 ] && [ -f "$tmp/many/jan.report.junit.xml" ] && [ -f "$tmp/many/feb.report.junit.xml" ] \
    && [ -f "$tmp/many/stdin.report.junit.xml" ] && [ "$(ls "$tmp/many" | wc -l)" = 3 ] \
    && grep -q 'testsuite name="-"' "$tmp/many/stdin.report.junit.xml" \
    && grep -q 'testsuite name="[^"]*feb.asc"' "$tmp/many/feb.report.junit.xml"; then
    pass=$((pass + 1)); echo "PASS: several files"
else fail=$((fail + 1)); echo "FAIL: several files (exit $st): $(ls "$tmp/many")"; fi

# ok NAME CONDITION-STATUS: count a check
ok() { if [ "$2" = 0 ]; then pass=$((pass + 1)); echo "PASS: $1"; else fail=$((fail + 1)); echo "FAIL: $1"; fi; }
ex=$top_srcdir/fixtures/cases/example/input.asc

# ---- the format follows the report's file name when -f is absent; an unknown one is exit 2
mkdir -p "$tmp/byname"
bad=
for e in html xml junit.xml csv json sarif; do
    $VALGRIND "$bin" -q -r "$tmp/byname/r.$e" "$ex" >/dev/null 2>&1 || bad="$bad $e(exit)"
done
head -c 15 "$tmp/byname/r.html" | grep -q '<!DOCTYPE html>' || bad="$bad html"
grep -q '^<report ' "$tmp/byname/r.xml" 2>/dev/null || grep -q 'urn:aw319check:report:1' "$tmp/byname/r.xml" || bad="$bad xml"
grep -q '<testsuites' "$tmp/byname/r.junit.xml" || bad="$bad junit"
head -c 3 "$tmp/byname/r.csv" | od -An -tx1 | grep -q 'ef bb bf' || bad="$bad csv"
python3 -c 'import json,sys; assert "files" in json.load(open(sys.argv[1]))' "$tmp/byname/r.json" || bad="$bad json"
python3 "$top_srcdir/tests/sarif-check.py" "$tmp/byname/r.sarif" >/dev/null || bad="$bad sarif"
ok "format by the file name:$bad" "$([ -z "$bad" ]; echo $?)"
$VALGRIND "$bin" -q -r "$tmp/byname/r.txt" "$ex" >/dev/null 2>"$tmp/byname/err"; st=$?
ok "unknown report extension: exit 2, named, nothing written" "$([ $st = 2 ] && [ ! -e "$tmp/byname/r.txt" ] \
    && grep -q 'r.txt' "$tmp/byname/err" && grep -q '\.sarif' "$tmp/byname/err" && ! ls "$tmp/byname" | grep -q tmp; echo $?)"
$VALGRIND "$bin" -q -f csv -r "$tmp/byname/r2.txt" "$ex" >/dev/null 2>&1; st=$?
ok "-f decides over the extension" "$([ $st = 0 ] && head -c 3 "$tmp/byname/r2.txt" | od -An -tx1 | grep -q 'ef bb bf'; echo $?)"
mkdir -p "$tmp/manyx"
$VALGRIND "$bin" -q -r "$tmp/manyx" "$tmp/jan.asc" "$tmp/feb.asc" >/dev/null 2>&1
ok "several files without -f: xml" "$([ -f "$tmp/manyx/jan.report.xml" ] && [ -f "$tmp/manyx/feb.report.xml" ]; echo $?)"

# ---- a file without a 01: junit has a failing testcase for it, json says it was not checked
printf '02xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n' >"$tmp/no01.asc"
$VALGRIND "$bin" -q -r "$tmp/no01.junit.xml" "$tmp/no01.asc" >/dev/null 2>&1; st=$?
ok "no 01: junit failing testcase" "$([ $st = 1 ] && [ "$(xp "$tmp/no01.junit.xml" 'count(//testcase[@name="file"]/failure)')" = 1 ] \
    && [ "$(xp "$tmp/no01.junit.xml" 'string(//testsuite/@failures)')" = 1 ]; echo $?)"
$VALGRIND "$bin" -q -r "$tmp/no01.json" "$tmp/no01.asc" >/dev/null 2>&1
ok "no 01: json checked false" "$(python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["files"][0]["checked"] is False' "$tmp/no01.json"; echo $?)"
$VALGRIND "$bin" -q -r "$tmp/no01.xml" "$tmp/no01.asc" >/dev/null 2>&1
ok "no 01: no xml report" "$([ ! -e "$tmp/no01.xml" ]; echo $?)"

# ---- every byte value in a record: json and sarif parse, csv stays one row per finding
python3 - "$ex" "$tmp/bytes.asc" <<'PY'
import sys
lines = open(sys.argv[1], "rb").read().split(b"\r\n")
out = []
for k, l in enumerate(lines):
    if l.startswith(b"04") and k < 8:
        b = bytes(range(k * 32, k * 32 + 32)).replace(b"\r", b"?").replace(b"\n", b"?")
        l = l[:140] + b + l[172:]
    out.append(l)
open(sys.argv[2], "wb").write(b"\r\n".join(out))
PY
for f in json sarif csv; do
    $VALGRIND "$bin" -q --mask-bsn -f $f -r "$tmp/bytes.$f" "$tmp/bytes.asc" >/dev/null 2>&1
done
$VALGRIND "$bin" -q -f xml -r "$tmp/bytes.xml" "$tmp/bytes.asc" >/dev/null 2>&1
nb=$(xp "$tmp/bytes.xml" "count(//$(ns finding))")
ok "every byte: json parses" "$(python3 -m json.tool "$tmp/bytes.json" >/dev/null; echo $?)"
ok "every byte: sarif valid, one result per finding ($nb)" "$([ "$(python3 "$top_srcdir/tests/sarif-check.py" "$tmp/bytes.sarif")" = "$nb" ] && [ "$nb" -gt 0 ]; echo $?)"
ok "every byte: csv one row per finding" "$([ $(($(wc -l <"$tmp/bytes.csv") - 1)) = "$nb" ]; echo $?)"

# ---- out of address space: the html report ends in exit 2 naming the file, nothing left
# (not under valgrind or the sanitizers, which need address space of their own)
if [ -z "$VALGRIND" ] && ! grep -aq __asan_init "$bin" 2>/dev/null \
    && ! grep -aq __asan_init "$top_builddir"/.libs/libaw319.so 2>/dev/null; then
    mkdir -p "$tmp/oom"
    ( ulimit -v 60000; exec "$bin" -q -r "$tmp/oom/r.html" "$ex" ) >/dev/null 2>"$tmp/oom/err"; st=$?
    ok "html under ulimit -v: exit 0 or 2, no leftovers (exit $st)" \
        "$({ [ $st = 0 ] && [ -f "$tmp/oom/r.html" ]; } || { [ $st = 2 ] && [ -z "$(ls "$tmp/oom")" ] && [ -s "$tmp/oom/err" ]; }; echo $?)"
fi

echo "$pass passed, $fail failed"
[ "$pass" -gt 0 ] && [ "$fail" = 0 ]
