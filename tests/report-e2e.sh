#!/bin/sh
# report-e2e.sh — end-to-end tests of the reports (SPEC 6).  For every fixtures/cases/NAME/
# (run with its args): the XML report validates against schemas/report.xsd and is mode 0600
# with no temporary file left; then with --mask-bsn: no BSN of the input appears in any
# format, the HTML parses as HTML, the JUnit has one testcase per 04 record and one failure
# per rejected 04, the CSV has one row per finding.  For the cases listed in fixtures/reports/CASES the
# four formats equal the stored renderings fixtures/reports/NAME.report.* (UPDATE=1 rewrites
# them: review the diff!).
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
    run "$dir" "$out/r.xml" xml
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
    for f in xml html junit csv; do
        run "$dir" "$out/m.$f" "$f" --mask-bsn
        if [ ! -f "$out/m.$f" ]; then why="$why no $f report;"
        elif [ -s "$out/bsns" ] && grep -F -f "$out/bsns" "$out/m.$f" >/dev/null; then
            why="$why --mask-bsn: a full BSN in the $f report;"
        fi
    done
    if [ -f "$out/m.xml" ]; then
        xmllint --noout --schema "$xsd" "$out/m.xml" 2>/dev/null || why="$why masked report not valid;"
    fi
    if [ -f "$out/m.html" ]; then
        xmllint --html --noout "$out/m.html" >"$out/html.err" 2>&1 || why="$why html does not parse;"
        [ -s "$out/html.err" ] && why="$why html parser complaints: $(head -1 "$out/html.err");"
        grep -qi '<script\|src="http\|href="http' "$out/m.html" && why="$why html not self-contained;"
    fi
    if [ -f "$out/m.junit" ]; then
        [ "$(xp "$out/m.junit" 'count(/testsuites/testsuite)')" = 1 ] || why="$why junit: not one testsuite;"
        tc=$(xp "$out/m.junit" 'count(//testcase)')
        fl=$(xp "$out/m.junit" 'count(//testcase/failure)')
        [ "$tc" = "$n04" ] || why="$why junit: $tc testcases for $n04 04 records;"
        [ "$fl" = "$nrej" ] || why="$why junit: $fl failures for $nrej rejected 04s;"
    fi
    if [ -f "$out/m.csv" ]; then
        rows=$(($(wc -l <"$out/m.csv") - 1))
        [ "$rows" = "$nfind" ] || why="$why csv: $rows rows for $nfind findings;"
        [ "$(head -c 3 "$out/m.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || why="$why csv: no UTF-8 BOM;"
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
    for f in xml html junit csv; do
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

# ---- hardening: a missing stylesheet is exit 2 with a message and no output
mkdir -p "$tmp/nodata/out"
( AW319_DATADIR=$tmp/nodata; export AW319_DATADIR
  $VALGRIND "$bin" -q -f html -r "$tmp/nodata/out/x.html" "$top_srcdir/fixtures/cases/example/input.asc" \
      >/dev/null 2>"$tmp/nodata/err" ); st=$?
# (unless an installed copy in the built-in data directory provides it)
installed=$(strings "$bin" 2>/dev/null | grep -m1 '/share/aw319check$')
if { [ -n "$installed" ] && [ -f "$installed/xslt/report-html.xsl" ] && [ $st = 0 ]; } || { [ $st = 2 ] && [ -z "$(ls "$tmp/nodata/out")" ] && grep -q 'stylesheet' "$tmp/nodata/err"; }; then
    pass=$((pass + 1)); echo "PASS: missing stylesheet"
else fail=$((fail + 1)); echo "FAIL: missing stylesheet (exit $st)"; fi

echo "$pass passed, $fail failed"
[ "$pass" -gt 0 ] && [ "$fail" = 0 ]
