#!/bin/sh
# ledger-e2e.sh — end-to-end test of the history ledger (SPEC 4.7, 8): a replay of three
# months (fixtures/ledger/monthN.asc, made by fixtures/ledger/mkmonths.py) through
#   aw319check --ledger=DB -o monthN.aw320 monthN.asc  ->  aw319ledger add DB monthN.aw320
# with the expected diagnostics, exit codes, AW320s and add results beside each month, then
# the summary in every format and verify; and the ledger's safety: mode 0600 whatever the
# umask, two concurrent adds, an add killed inside its transaction, refusals, bad usage.
# Environment (from make check): top_srcdir, top_builddir, VALGRIND.  UPDATE=1 rewrites the
# expected files (review them by hand).
set -eu
: "${top_srcdir:?}" "${top_builddir:?}"
VALGRIND=${VALGRIND:-}
LC_ALL=C
SOURCE_DATE_EPOCH=1700000000
export LC_ALL SOURCE_DATE_EPOCH
unset AW319LEDGER_TEST_PAUSE 2>/dev/null || true

FIX=$top_srcdir/fixtures/ledger
CHECK=$top_builddir/aw319check
LEDGER=$top_builddir/aw319ledger
work=$(mktemp -d "${TMPDIR:-/tmp}/ledger-e2e.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work"
fails=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect NAME ACTUAL: compare with $FIX/NAME (or write it with UPDATE=1)
expect() {
    if [ "${UPDATE:-}" = 1 ]; then
        cp "$2" "$FIX/$1"
    elif ! cmp -s "$2" "$FIX/$1"; then
        fail "$1 differs"
        diff -u "$FIX/$1" "$2" | head -40 || true
    fi
}

# run OUT CMD...: stdout+stderr to OUT, the exit status appended as the last line
run() {
    out=$1
    shift
    set +e
    "$@" >"$out" 2>&1
    echo "exit $?" >>"$out"
    set -e
}

cp "$FIX"/month1.asc "$FIX"/month2.asc "$FIX"/month3.asc .

# ---- the replay: check, then add, month by month (month 1: nothing in the ledger yet)
for m in 1 2 3; do
    ledger_opt=--ledger=ledger.db
    [ $m = 1 ] && ledger_opt=
    set +e
    $VALGRIND "$CHECK" $ledger_opt -o month$m.aw320 month$m.asc >month$m.diag 2>month$m.err
    echo $? >month$m.exit
    set -e
    expect month$m.diag month$m.diag
    expect month$m.exit month$m.exit
    if [ -f month$m.aw320 ]; then expect month$m.aw320 month$m.aw320; else fail "month$m.aw320 not written"; fi
    run month$m.add $VALGRIND "$LEDGER" add ledger.db month$m.aw320
    expect month$m.add month$m.add
done

run summary.txt $VALGRIND "$LEDGER" summary ledger.db
expect summary.txt summary.txt
run summary.csv $VALGRIND "$LEDGER" summary --format=csv ledger.db --year=2024
expect summary.csv summary.csv
run summary.xml $VALGRIND "$LEDGER" summary ledger.db --format xml
expect summary.xml summary.xml
# per leveringsvorm with the koppeltabel (SPEC 8): the leveringsvormen add up to the total
run summary-lv.txt $VALGRIND "$LEDGER" summary ledger.db --koppeltabel="$FIX/koppeltabel.csv"
sed "s|$FIX/||" summary-lv.txt >summary-lv.out
expect summary-lv.txt summary-lv.out
"$LEDGER" summary ledger.db --format=csv -k "$FIX/koppeltabel.csv" >lv.csv
lvsum=$(awk -F';' '$1 == "year" && $4 != "total" { n += $6 } END { print n + 0 }' lv.csv)
all=$(awk -F';' '$1 == "year" && $4 == "unknown" { n += $6 } END { print n + 0 }' summary.csv)
[ "$lvsum" = "$all" ] && grep -q '^year;2024;;ZZP;' lv.csv && grep -q '^year;2024;;MPT;' lv.csv ||
    { fail "summary per leveringsvorm: $lvsum, without koppeltabel $all"; cat lv.csv; }
run verify.out $VALGRIND "$LEDGER" verify ledger.db
expect verify.out verify.out

# the summary's total = the sum of 9909/9910 TOTAAL TOEGEKEND of the added AW320s
want=0
for m in 1 2; do
    t=$(tail -n 1 month$m.aw320 | cut -c46-57)
    cents=$(echo "$t" | cut -c1-11 | sed 's/^0*//')
    case $t in *C) want=$((want - ${cents:-0})) ;; *) want=$((want + ${cents:-0})) ;; esac
done
got=$(grep '^year;2024;;unknown;' summary.csv | cut -d';' -f6)
[ "$got" = "$want" ] || fail "summary total $got, the AW320s grant $want"

# ---- database file mode 0600, also with umask 000
case $(ls -l ledger.db) in -rw-------*) ;; *) fail "ledger.db mode: $(ls -l ledger.db)" ;; esac
(umask 000 && "$LEDGER" add open.db month1.aw320 >/dev/null 2>&1) || fail "add with umask 000"
case $(ls -l open.db) in -rw-------*) ;; *) fail "open.db mode with umask 000: $(ls -l open.db)" ;; esac

# ---- two adds at the same time on different files both succeed
"$LEDGER" add both.db month1.aw320 >c1.out 2>&1 &
p1=$!
"$LEDGER" add both.db month2.aw320 >c2.out 2>&1 &
p2=$!
s1=0; wait $p1 || s1=$?
s2=0; wait $p2 || s2=$?
[ $s1 = 0 ] && [ $s2 = 0 ] || { fail "concurrent adds: exit $s1 and $s2"; cat c1.out c2.out; }
"$LEDGER" verify both.db >/dev/null || fail "verify after concurrent adds"
"$LEDGER" summary --format=csv both.db >both.csv 2>&1 || fail "summary after concurrent adds"
"$LEDGER" summary --format=csv ledger.db >seq.csv 2>&1
cmp -s both.csv seq.csv || { fail "concurrent adds give another summary"; diff both.csv seq.csv || true; }

# ---- an add killed inside its transaction leaves the ledger as it was
"$LEDGER" add killed.db month1.aw320 >/dev/null
"$LEDGER" summary --format=csv killed.db >before.csv
AW319LEDGER_TEST_PAUSE=$work/paused "$LEDGER" add killed.db month2.aw320 >/dev/null 2>&1 &
pk=$!
i=0
while [ ! -e paused ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
[ -e paused ] || fail "the add never reached the test pause"
kill -9 $pk 2>/dev/null || true
wait $pk 2>/dev/null || true
run killed.verify "$LEDGER" verify killed.db
grep -q '^killed.db: ok (schema 1): 1 files, 4 prestaties, 4 granted$' killed.verify ||
    { fail "verify after kill -9"; cat killed.verify; }
"$LEDGER" summary --format=csv killed.db >after.csv
cmp -s before.csv after.csv || fail "summary changed by a killed add"
"$LEDGER" add killed.db month2.aw320 >/dev/null || fail "add again after the killed add"

# ---- refusals and trouble
head -c 1000 month2.aw320 >cut.aw320
run cut.out "$LEDGER" add cut.db cut.aw320
grep -q '^aw319ledger: cut.aw320:3: last record of 256 bytes not ended by CR LF$' cut.out && grep -q '^exit 1$' cut.out ||
    { fail "truncated AW320"; cat cut.out; }
run twice.out "$LEDGER" add ledger.db month1.aw320
grep -q "^aw319ledger: month1.aw320:1: invoice 'F2024-0001' of instelling 41009876 is in the ledger already" twice.out &&
    grep -q '^exit 1$' twice.out || { fail "the same AW320 twice"; cat twice.out; }
run asc.out "$LEDGER" add ledger.db month1.asc
grep -q '^exit 1$' asc.out || { fail "an AW319 added"; cat asc.out; }
run nofile.out "$LEDGER" add ledger.db nosuch.aw320
grep -q '^exit 2$' nofile.out || { fail "missing AW320"; cat nofile.out; }
"$LEDGER" verify ledger.db | grep -q ': 2 files, 12 prestaties, 8 granted$' || fail "refusals changed the ledger"
run missing.out $VALGRIND "$CHECK" -q --ledger=nosuch.db month1.asc
grep -q '^exit 2$' missing.out && grep -q 'nosuch.db' missing.out || { fail "--ledger with a missing ledger"; cat missing.out; }
printf 'not a database, not at all %0900d' 0 >junk.db
run junk.out "$CHECK" -q --ledger=junk.db month1.asc
grep -q '^exit 2$' junk.out || { fail "--ledger with a corrupt ledger"; cat junk.out; }
run junkv.out "$LEDGER" verify junk.db
grep -q '^exit 1$' junkv.out || { fail "verify of a corrupt ledger"; cat junkv.out; }
run nov.out "$LEDGER" verify nosuch.db
grep -q '^exit 2$' nov.out || { fail "verify of a missing ledger"; cat nov.out; }

# ---- the command line
run help.out $VALGRIND "$LEDGER" --help
grep -q '^Usage: aw319ledger add DB FILE.aw320' help.out && grep -q '^exit 0$' help.out || fail "--help"
run version.out "$LEDGER" --version
grep -q '^aw319ledger (aw319check) [0-9]' version.out && grep -q '^exit 0$' version.out || fail "--version"
for bad in "" "frob ledger.db" "summary" "add ledger.db" "summary ledger.db --year=24" \
    "summary ledger.db --format=pdf" "verify ledger.db --year=2024" "--bogus"; do
    run bad.out "$LEDGER" $bad
    grep -q '^exit 2$' bad.out || { fail "usage error not exit 2: aw319ledger $bad"; cat bad.out; }
done

if [ $fails -ne 0 ]; then
    echo "ledger-e2e: $fails failure(s)"
    exit 1
fi
echo "ledger-e2e: ok"
