#!/bin/sh
# SPDX-License-Identifier: MIT
# ledger-e2e.sh — end-to-end test of the history ledger (doc/rules.md): a replay of three
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
# the XML is well-formed whatever the ledger's name holds: a control byte, '&', '<', '>', '"',
# bytes that are not UTF-8 (a stray byte, a surrogate, U+FFFE), a tab.  Each byte of no XML 1.0
# character is U+FFFD (never a character reference such as &#1;, which XML 1.0 forbids), the
# markup characters are escaped, the tab a reference that keeps it; HTML cleans the same way.
odd=$(printf 'odd\001&<>"\377\355\240\200\357\277\276\t.db')
fffd=$(printf '\357\277\275')
cp ledger.db "$odd"
$VALGRIND "$LEDGER" summary "$odd" --format xml >odd.xml 2>&1 || fail "summary of $odd"
if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout odd.xml 2>/dev/null || fail "summary --format xml of an odd ledger name is not well-formed XML"
    [ "$(xmllint --xpath 'string(/*/@ledger)' odd.xml 2>/dev/null)" = \
        "$(printf 'odd%s&<>"%s%s%s%s%s%s%s\t.db' "$fffd" "$fffd" "$fffd" "$fffd" "$fffd" "$fffd" "$fffd" "$fffd")" ] ||
        fail "summary --format xml: the ledger attribute read back is not the name with U+FFFD"
fi
grep -q "ledger=\"odd$fffd&amp;&lt;&gt;&quot;$fffd$fffd$fffd$fffd$fffd$fffd$fffd&#9;.db\"" odd.xml ||
    { fail "summary --format xml: the odd name not cleaned and escaped"; grep ledger= odd.xml; }
"$LEDGER" summary "$odd" --format html >odd.html 2>&1 || fail "summary --format html of $odd"
grep -q "<h1>Ledger odd$fffd&amp;&lt;&gt;&quot;$fffd$fffd$fffd$fffd$fffd$fffd$fffd	.db</h1>" odd.html ||
    { fail "summary --format html: the odd name not cleaned and escaped"; grep '<h1>' odd.html; }
rm -f "$odd"
# a write error of the XML is an error (exit 2), not a cut document
if [ -w /dev/full ]; then
    set +e
    "$LEDGER" summary ledger.db --format xml >/dev/full 2>full.err
    rc=$?
    set -e
    [ $rc = 2 ] && grep -q 'write error' full.err || fail "summary --format xml >/dev/full: exit $rc, $(cat full.err)"
fi
# per leveringsvorm with the koppeltabel (doc/ledger.md): the leveringsvormen add up to the total
run summary-lv.txt $VALGRIND "$LEDGER" summary ledger.db --koppeltabel="$FIX/koppeltabel.csv"
sed "s|$FIX/||" summary-lv.txt >summary-lv.out
expect summary-lv.txt summary-lv.out
"$LEDGER" summary ledger.db --format=csv -k "$FIX/koppeltabel.csv" >lv.csv
# cents of a CSV amount (decimal comma, no thousands separator)
cents() { echo "$1" | tr -d ','; }
lvsum=$(awk -F';' '$1 == "jaar" && $4 != "total" { gsub(",", "", $13); n += $13 } END { print n + 0 }' lv.csv)
all=$(awk -F';' '$1 == "jaar" && $4 == "unknown" { gsub(",", "", $13); n += $13 } END { print n + 0 }' summary.csv)
[ "$lvsum" = "$all" ] && grep -q '^jaar;2024;;ZZP;' lv.csv && grep -q '^jaar;2024;;MPT;' lv.csv ||
    { fail "summary per leveringsvorm: $lvsum, without koppeltabel $all"; cat lv.csv; }
run verify.out $VALGRIND "$LEDGER" verify ledger.db
expect verify.out verify.out

# the summary's net = the sum of 9909/9910 TOTAAL TOEGEKEND of the added AW320s
want=0
for m in 1 2; do
    t=$(tail -n 1 month$m.aw320 | cut -c46-57)
    c=$(echo "$t" | cut -c1-11 | sed 's/^0*//')
    case $t in *C) want=$((want - ${c:-0})) ;; *) want=$((want + ${c:-0})) ;; esac
done
got=$(grep '^jaar;2024;;unknown;' summary.csv | cut -d';' -f13 | tr -d ',')
got=$(echo "$got" | sed 's/^0*//')
[ "$got" = "$want" ] || fail "summary net $got, the AW320s grant $want"
# the CSV is for Excel with Dutch settings: a UTF-8 BOM, CR LF, ';'
head -c 3 summary.csv | od -An -tx1 | grep -q 'ef bb bf' || fail "summary.csv has no UTF-8 BOM"

# ---- the herschikking says on how many months it rests and names the missing ones
grep -q '^herschikking 2024 unknown: .* (rests on 2 of the 6 months)$' summary.txt &&
    grep -q '^  warning: no data for maart, april, mei, juni 2024:' summary.txt ||
    { fail "herschikking warning"; cat summary.txt; }

# ---- list, HTML
run list.txt $VALGRIND "$LEDGER" list ledger.db
expect list.txt list.txt
run list.csv "$LEDGER" list --format=csv ledger.db
expect list.csv list.csv
run summary.html "$LEDGER" summary ledger.db --format=html -k "$FIX/koppeltabel.csv" -p "$FIX/productieafspraak.csv"
expect summary.html summary.html
grep -q '<svg' summary.html && ! grep -qi '<script' summary.html && grep -q 'stroke-dasharray' summary.html ||
    fail "summary.html: an SVG chart with the 1/12 line and no script"

# ---- the leveringsvorm stored at add time: later summaries need no koppeltabel
"$LEDGER" add stored.db month1.aw320 month2.aw320 -k "$FIX/koppeltabel.csv" >stored.add 2>&1 ||
    { fail "add --koppeltabel"; cat stored.add; }
"$LEDGER" summary --format=csv stored.db >stored.csv
cmp -s stored.csv lv.csv || { fail "stored leveringsvorm: another summary than with --koppeltabel"; diff lv.csv stored.csv || true; }

# ---- --as-of: only what was added on or before the day (SOURCE_DATE_EPOCH is the add time)
SOURCE_DATE_EPOCH=1700000000 "$LEDGER" add asof.db month1.aw320 >/dev/null      # 2023-11-14
SOURCE_DATE_EPOCH=1700200000 "$LEDGER" add asof.db month2.aw320 >/dev/null      # 2023-11-17
"$LEDGER" add one.db month1.aw320 >/dev/null
"$LEDGER" summary --format=csv asof.db --as-of=2023-11-16 >asof16.csv
"$LEDGER" summary --format=csv one.db >one.csv
cmp -s asof16.csv one.csv || { fail "--as-of 2023-11-16"; diff one.csv asof16.csv || true; }
"$LEDGER" summary --format=csv asof.db --as-of=2023-11-17 >asof17.csv
"$LEDGER" summary --format=csv ledger.db >full.csv
cmp -s asof17.csv full.csv || { fail "--as-of 2023-11-17"; diff full.csv asof17.csv || true; }

# ---- budget against the productieafspraak
run budget.txt $VALGRIND "$LEDGER" budget ledger.db --year=2024 -k "$FIX/koppeltabel.csv" -p "$FIX/productieafspraak.csv"
sed "s|$FIX/||" budget.txt >budget.out
expect budget.txt budget.out
run budget.csv "$LEDGER" budget ledger.db --year=2024 --format=csv -k "$FIX/koppeltabel.csv" -p "$FIX/productieafspraak.csv"
expect budget.csv budget.csv
printf 'leveringsvorm;jaar;bedrag\nZZP;2024;1.234.56\n' >badafspraak.csv
run badafspraak.out "$LEDGER" budget ledger.db --year=2024 -p badafspraak.csv
grep -q "badafspraak.csv:2: bedrag '1.234.56' is not an amount" badafspraak.out && grep -q '^exit 2$' badafspraak.out ||
    { fail "a malformed productieafspraak"; cat badafspraak.out; }

# ---- the sample: the same ledger and seed give the same sample, whenever and wherever
$VALGRIND "$LEDGER" sample ledger.db --month=2024-01 --size=3 --seed=20240101 >sample.csv 2>sample.err ||
    fail "sample: exit $?"
expect sample.csv sample.csv
expect sample.err sample.err
"$LEDGER" add rev.db month2.aw320 >/dev/null && "$LEDGER" add rev.db month1.aw320 >/dev/null
"$LEDGER" sample ledger.db --month=2024-01 --size=3 --seed=20240101 >sample1.csv 2>/dev/null
"$LEDGER" sample rev.db --month=2024-01 --size=3 --seed=20240101 >sample2.csv 2>/dev/null
cmp -s sample1.csv sample2.csv || { fail "sample differs between ledgers with the same AW320s"; diff sample1.csv sample2.csv || true; }
"$LEDGER" sample ledger.db --month=2024-01 --size=3 --seed=20240102 >sample3.csv 2>/dev/null
cmp -s sample1.csv sample3.csv && fail "another seed, the same sample"
"$LEDGER" sample ledger.db --month=2024-01 --size=3 --seed=20240101 --mask-bsn 2>/dev/null >masked.csv
awk -F';' 'NR > 1 && $3 !~ /^[0-9][0-9]\*\*\*\*\*[0-9][0-9]$/ { bad = 1 } END { exit bad }' masked.csv ||
    { fail "sample --mask-bsn"; cat masked.csv; }
"$LEDGER" sample ledger.db --month=2024-01 --size=100 --seed=1 --leveringsvorm=MPT -k "$FIX/koppeltabel.csv" >mpt.csv 2>mpt.err
[ "$(wc -l <mpt.csv)" = 2 ] && grep -q ';MPT;' mpt.csv && grep -q 'population of 1 granted debets' mpt.err ||
    { fail "sample --leveringsvorm"; cat mpt.csv mpt.err; }

# ---- gaps: toewijzingen without a granted prestatie, prestaties refused for lack of one
run gaps.csv $VALGRIND "$LEDGER" gaps ledger.db --month=2024-01 -w "$FIX/toewijzingen.csv"
expect gaps.csv gaps.csv
R7=$top_srcdir/fixtures/cases/r7-no-toewijzing
"$LEDGER" add r7.db "$R7/expected.aw320" >/dev/null
run gaps-r7.csv "$LEDGER" gaps r7.db --month=2023-03 --toewijzingen="$R7/toewijzingen.csv" --mask-bsn
expect gaps-r7.csv gaps-r7.csv

# ---- add adopts no file someone else prepared (it writes BSNs into it)
: >empty.db
chmod 666 empty.db
run empty.out "$LEDGER" add empty.db month1.aw320
grep -q 'empty.db: can be read or written by group or others (mode 0666; chmod 600 it): not adopted' empty.out &&
    grep -q '^exit 2$' empty.out || { fail "an empty 0666 file adopted"; cat empty.out; }
cp ledger.db open644.db
chmod 644 open644.db
run open644.out "$LEDGER" add open644.db month3.aw320
grep -q 'mode 0644' open644.out && grep -q '^exit 2$' open644.out || { fail "a 0644 ledger adopted"; cat open644.out; }
ln -s empty.db link.db
run link.out "$LEDGER" add link.db month1.aw320
grep -q 'link.db: is a symbolic link' link.out && grep -q '^exit 2$' link.out || { fail "a symlink adopted"; cat link.out; }
[ -s empty.db ] && fail "empty.db written through"
"$LEDGER" add --force empty.db month1.aw320 >/dev/null 2>&1 || fail "add --force on an empty file"
if [ "$(id -u)" = 0 ]; then # another user's file
    cp ledger.db other.db && chown 65534 other.db
    run other.out "$LEDGER" add other.db month3.aw320
    grep -q 'other.db: is owned by another user (uid 65534)' other.out && grep -q '^exit 2$' other.out ||
        { fail "another user's ledger adopted"; cat other.out; }
fi
"$LEDGER" verify empty.db >/dev/null || fail "verify after add --force"

# ---- a read-only ledger: readable where it cannot be written (as another user when root)
mkdir ro
cp ledger.db ro/ledger.db
chmod 644 ro/ledger.db
as_user=
if [ "$(id -u)" = 0 ]; then
    if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups "$LEDGER" --version >/dev/null 2>&1; then
        as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
        chmod 755 "$work"
    fi
fi
if [ "$(id -u)" != 0 ] || [ -n "$as_user" ]; then
    chmod 555 ro
    run ro.sum $as_user "$LEDGER" summary --format=csv ro/ledger.db
    sed '$d' ro.sum >ro.csv
    cmp -s ro.csv full.csv || { fail "summary of a read-only ledger"; cat ro.sum; }
    run ro.verify $as_user "$LEDGER" verify ro/ledger.db
    grep -q '^ro/ledger.db: ok (schema 3)' ro.verify || { fail "verify of a read-only ledger"; cat ro.verify; }
    run ro.check $as_user "$CHECK" -q --ledger=ro/ledger.db month3.asc
    grep -q "^exit $(cat month3.exit)$" ro.check || { fail "aw319check --ledger on a read-only ledger"; cat ro.check; }
    chmod 755 ro
    chmod 600 ro/ledger.db
    run noperm.out $as_user "$LEDGER" summary ro/ledger.db
    grep -q 'ro/ledger.db: permission denied' noperm.out && grep -q '^exit 2$' noperm.out ||
        { fail "an unreadable ledger: not said to be a permission problem"; cat noperm.out; }
    run noperm.verify $as_user "$LEDGER" verify ro/ledger.db
    grep -q 'permission denied' noperm.verify && grep -q '^exit 2$' noperm.verify && ! grep -q FAILED noperm.verify ||
        { fail "verify of an unreadable ledger"; cat noperm.verify; }
    chmod 700 "$work"
else
    echo "ledger-e2e: read-only ledger tests skipped (root without setpriv)"
fi

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
AW319LEDGER_TEST_PAUSE=$work/paused "$top_builddir/tests/aw319ledger-hooks" add killed.db month2.aw320 >/dev/null 2>&1 &
pk=$!
i=0
while [ ! -e paused ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
[ -e paused ] || fail "the add never reached the test pause"
kill -9 $pk 2>/dev/null || true
wait $pk 2>/dev/null || true
run killed.verify "$LEDGER" verify killed.db
grep -q '^killed.db: ok (schema 3): 1 files, 4 prestaties, 4 granted$' killed.verify ||
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
    "summary ledger.db --format=pdf" "verify ledger.db --year=2024" "--bogus" "list ledger.db --format=xml" \
    "budget ledger.db --year=2024" "sample ledger.db --month=2024-01 --size=3" "sample ledger.db --month=2024-13 --size=1 --seed=1" \
    "add ledger.db month1.aw320 --year=2024" "summary ledger.db --as-of=2024-02-30" "gaps ledger.db --month=2024-01" \
    "gaps ledger.db -w $FIX/toewijzingen.csv"; do
    run bad.out "$LEDGER" $bad
    grep -q '^exit 2$' bad.out || { fail "usage error not exit 2: aw319ledger $bad"; cat bad.out; }
done

if [ $fails -ne 0 ]; then
    echo "ledger-e2e: $fails failure(s)"
    exit 1
fi
echo "ledger-e2e: ok"
