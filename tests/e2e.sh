#!/bin/sh
# SPDX-License-Identifier: MIT
# e2e.sh — fixture-driven end-to-end tests of aw319check.  Every directory
# fixtures/cases/NAME/ holds input.asc, optional args (extra options, relative to the case
# directory), and the expectations: expected.diag (stdout), expected.exit, expected.aw320
# (absent: no AW320 may be written), optional expected.stderr (compared when present; UPDATE
# leaves it alone).  UPDATE=1 rewrites the expectations (review the diff!).
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${VALGRIND:=}"
LC_ALL=C SOURCE_DATE_EPOCH=1700000000 AW319_DATADIR=$top_srcdir
export LC_ALL SOURCE_DATE_EPOCH AW319_DATADIR
bin=$top_builddir/aw319check
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0

for dir in "$top_srcdir"/fixtures/cases/*/; do
    dir=${dir%/}
    name=${dir##*/}
    [ -f "$dir/input.asc" ] || continue
    out=$tmp/$name
    mkdir -p "$out"
    args=
    [ -f "$dir/args" ] && args=$(cat "$dir/args")
    # shellcheck disable=SC2086
    (cd "$dir" && eval "exec $VALGRIND \"\$bin\" -o \"\$out/actual.aw320\" $args input.asc" \
        >"$out/diag" 2>"$out/stderr")
    echo $? >"$out/exit"
    if [ "${UPDATE:-}" = 1 ]; then
        cp "$out/diag" "$dir/expected.diag"
        cp "$out/exit" "$dir/expected.exit"
        if [ -f "$out/actual.aw320" ]; then cp "$out/actual.aw320" "$dir/expected.aw320"
        else rm -f "$dir/expected.aw320"; fi
        if [ -f "$dir/expected.stderr" ]; then cp "$out/stderr" "$dir/expected.stderr"; fi
    fi
    why=
    [ -f "$dir/expected.exit" ] || why="$why no expected.exit;"
    cmp -s "$out/exit" "$dir/expected.exit" || why="$why exit $(cat "$out/exit") (expected $(cat "$dir/expected.exit" 2>/dev/null));"
    if [ "$(cat "$out/exit")" = 99 ]; then why="$why valgrind errors;"; fi
    if [ -f "$dir/expected.diag" ]; then
        cmp -s "$out/diag" "$dir/expected.diag" || why="$why diagnostics differ;"
    else why="$why no expected.diag;"; fi
    # optional: the exact standard error (for exit-2 cases: the message naming file and line)
    if [ -f "$dir/expected.stderr" ] && ! cmp -s "$out/stderr" "$dir/expected.stderr"; then
        why="$why stderr differs;"; diff -u "$dir/expected.stderr" "$out/stderr" | head -5
    fi
    if [ -f "$dir/expected.aw320" ]; then
        if [ ! -f "$out/actual.aw320" ]; then why="$why no AW320 written;"
        elif ! cmp -s "$out/actual.aw320" "$dir/expected.aw320"; then why="$why AW320 differs;"
        elif [ "$(stat -c %a "$out/actual.aw320")" != 600 ]; then why="$why AW320 mode not 0600;"; fi
    elif [ -f "$out/actual.aw320" ]; then why="$why an AW320 was written;"
    fi
    if ls "$out" | grep -q 'tmp'; then why="$why temporary file left behind;"; fi
    if [ -z "$why" ]; then
        pass=$((pass + 1)); echo "PASS: $name"
    else
        fail=$((fail + 1)); echo "FAIL: $name:$why"
        [ -f "$dir/expected.diag" ] && diff -u "$dir/expected.diag" "$out/diag" | head -20
        sed 's/^/  stderr: /' "$out/stderr" | head -5
    fi
done
# ---- the command line itself (doc/outputs.md)
ok() { pass=$((pass + 1)); echo "PASS: cli: $1"; }
ko() { fail=$((fail + 1)); echo "FAIL: cli: $1"; }
case_in=$top_srcdir/fixtures/cases/clean-basic/input.asc
bad_in=$top_srcdir/fixtures/cases/i1-elfproef/input.asc
run() { $VALGRIND "$bin" "$@"; }

# standard input, and the same AW320 as from the file
if run -q -o "$tmp/stdin.aw320" - <"$case_in" 2>/dev/null && cmp -s "$tmp/stdin.aw320" \
    "$top_srcdir/fixtures/cases/clean-basic/expected.aw320"; then ok "stdin"; else ko "stdin"; fi
# several files: outputs in a directory, named after the inputs; the worst status wins
mkdir -p "$tmp/many"
cp "$case_in" "$tmp/jan.asc"; cp "$bad_in" "$tmp/feb.asc"
run -q -o "$tmp/many" "$tmp/jan.asc" "$tmp/feb.asc" 2>/dev/null; st=$?
if [ $st = 1 ] && [ -f "$tmp/many/jan.aw320" ] && [ -f "$tmp/many/feb.aw320" ]; then ok "several files"; else ko "several files (exit $st)"; fi
run -q -o "$tmp/not-a-dir.aw320" "$tmp/jan.asc" "$tmp/feb.asc" 2>/dev/null; st=$?
if [ $st = 2 ] && [ ! -e "$tmp/not-a-dir.aw320" ]; then ok "several files need a directory"; else ko "several files need a directory (exit $st)"; fi
# exit 2: nothing left behind, a message naming the problem
mkdir -p "$tmp/out2"
run -o "$tmp/out2" "$tmp/jan.asc" "$tmp/missing.asc" >/dev/null 2>"$tmp/err"; st=$?
if [ $st = 2 ] && [ -z "$(ls "$tmp/out2")" ] && grep -q "missing.asc" "$tmp/err"; then
    ok "unreadable input: exit 2, no output"; else ko "unreadable input (exit $st)"; fi
run -o "$tmp/no/such/dir/x.aw320" "$tmp/jan.asc" >/dev/null 2>"$tmp/err"; st=$?
if [ $st = 2 ] && grep -q "no/such/dir" "$tmp/err"; then ok "unwritable output"; else ko "unwritable output (exit $st)"; fi
for a in "--submission-date=2023-02-30" "--report-format=pdf" "--no-such-option" "--explain=Z9"; do
    run "$a" "$tmp/jan.asc" >/dev/null 2>"$tmp/err"; st=$?
    if [ $st = 2 ] && [ -s "$tmp/err" ]; then ok "bad argument $a"; else ko "bad argument $a (exit $st)"; fi
done
SOURCE_DATE_EPOCH=soon run -q "$tmp/jan.asc" 2>/dev/null; st=$?
if [ $st = 2 ]; then ok "bad SOURCE_DATE_EPOCH"; else ko "bad SOURCE_DATE_EPOCH (exit $st)"; fi
run "$tmp/jan.asc" 2>&1 >/dev/null | grep -q '^.*jan.asc: accepted: 8 records, 3 prestaties (3 accepted, 0 rejected)' && ok "summary" || ko "summary"
[ -z "$(run -q "$bad_in" 2>/dev/null)" ] && ok "-q prints no diagnostics" || ko "-q prints no diagnostics"
run --strict -q -d 2023-07-01 "$tmp/jan.asc" 2>/dev/null; st=$?
[ $st = 1 ] && ok "--strict" || ko "--strict (exit $st)"
run --help | grep -q -- '--koppeltabel=FILE' && ok "--help" || ko "--help"
run --version | grep -q '^aw319check (aw319check) [0-9]' && ok "--version" || ko "--version"
nrules=$(grep -c '^RULE(' "$top_srcdir/src/engine/rules.def")
[ "$(run --list-rules | grep -c -E '^(S|V|I|R|T|H)[0-9]+ ')" = "$nrules" ] && ok "--list-rules" || ko "--list-rules"
run --explain=I6 | grep -q '8032' && run --explain=0611 | grep -q 'R6' && ok "--explain" || ko "--explain"
# every rule explains what to do about it
nohint=0
for id in $(sed -n 's/^RULE(\([A-Z][0-9]*\),.*/\1/p' "$top_srcdir/src/engine/rules.def"); do
    run --explain="$id" | grep -q '^  how to fix: [A-Z].\{20,\}' || { nohint=1; echo "  $id: no fix hint"; }
done
[ $nohint = 0 ] && ok "--explain: a fix for every rule" || ko "--explain: a fix for every rule"
# --explain=CODE: what to do about the code, and who reports it: the rules whose code it is
# (S6 and S9 choose 8027 and 0151 themselves), and the field rules per field whose own code it is
run --explain=0435 >"$tmp/explain" 2>&1
grep -q '^  how to fix: Check the client.s BSN' "$tmp/explain" && grep -q '^  I1: BSN fails the elfproef' "$tmp/explain" \
    && grep -q '^  V1, V2 (field 0403 BURGERSERVICENUMMER (BSN) VERZEKERDE)$' "$tmp/explain" \
    && ok "--explain=0435: fix, rules, field rules" || { ko "--explain=0435"; cat "$tmp/explain"; }
run --explain=8027 | grep -q '^  S6: ' && run --explain=0151 | grep -q '^  S9: ' \
    && run --explain=0320 | grep -q '^  reported by: no rule' && ok "--explain: codes a rule chooses; a code of no rule" \
    || ko "--explain: codes a rule chooses; a code of no rule"
# every (rule, code, field) of the fixtures' findings is named by --explain=CODE (cases with a
# controlset aside: it may change a rule's code)
missed=0
for d in "$top_srcdir"/fixtures/cases/*/; do
    grep -q -E -e '(^| )(-c|--controlset)( |=|$)' "$d/args" 2>/dev/null && continue
    sed -n 's/^[^:]*:[0-9]*:[0-9]*: [a-z]*: \([A-Z][0-9]*\) \[\([0-9]\{4\}\)\] \([0-9]\{4\}\) .*/\1 \2 \3/p' "$d/expected.diag"
done | sort -u >"$tmp/triples"
while read -r rule code field; do
    [ -f "$tmp/explain-$code" ] || run --explain="$code" >"$tmp/explain-$code" 2>&1
    grep -q -E "^  ($rule: |([A-Z][0-9]+, )*$rule(, [A-Z][0-9]+)* \(field $field )" "$tmp/explain-$code" \
        || { missed=$((missed + 1)); echo "  --explain=$code does not name $rule on $field"; }
done <"$tmp/triples"
[ $missed = 0 ] && [ -s "$tmp/triples" ] && ok "--explain=CODE names the rule of each of $(wc -l <"$tmp/triples") fixture findings" \
    || ko "--explain=CODE misses $missed rules of fixture findings"
run --mask-bsn "$bad_in" 2>/dev/null | grep -q '123456789' && ko "--mask-bsn" || ok "--mask-bsn"

# ---- outputs never destroy or expose data (issue #16); everything in a private directory
d=$tmp/safe
mkdir -p "$d"
want320=$top_srcdir/fixtures/cases/clean-basic/expected.aw320
# a character device or a FIFO is written to, never replaced (device nodes need root)
if mknod "$d/null" c 1 3 2>/dev/null && mknod "$d/full" c 1 7 2>/dev/null; then
    run -q -o "$d/null" "$tmp/jan.asc" 2>/dev/null; st=$?
    if [ $st = 0 ] && [ -c "$d/null" ]; then ok "-o onto a character device"; else ko "-o onto a character device (exit $st)"; fi
    run -q -f xml -r "$d/full" "$tmp/jan.asc" 2>"$tmp/err"; st=$?
    if [ $st = 2 ] && [ -c "$d/full" ] && grep -q "$d/full: write failed: No space left on device" "$tmp/err"; then
        ok "-r onto a full device: exit 2, the file named"; else ko "-r onto a full device (exit $st)"; cat "$tmp/err"; fi
    mknod "$d/blk" b 7 250
    run -q -o "$d/blk" "$tmp/jan.asc" 2>"$tmp/err"; st=$?
    if [ $st = 2 ] && [ -b "$d/blk" ] && grep -q "is a block device" "$tmp/err"; then ok "-o onto a block device: refused"
    else ko "-o onto a block device (exit $st)"; fi
else echo "SKIP: cli: device nodes (not root)"; fi
mkfifo "$d/fifo"
cat "$d/fifo" >"$d/fifo.out" & reader=$!
run -q -o "$d/fifo" "$tmp/jan.asc" 2>/dev/null; st=$?
wait $reader
if [ $st = 0 ] && [ -p "$d/fifo" ] && cmp -s "$d/fifo.out" "$want320"; then ok "-o onto a FIFO"; else ko "-o onto a FIFO (exit $st)"; fi
(cd "$d" && run -q -o - "$tmp/jan.asc" >"$d/stdout.aw320" 2>/dev/null); st=$?
if [ $st = 0 ] && [ ! -e "$d/-" ] && cmp -s "$d/stdout.aw320" "$want320"; then ok "-o - is standard output"; else ko "-o - (exit $st)"; fi
ln -s /proc/self/fd/1 "$d/out-link"
run -q -o "$d/out-link" "$tmp/jan.asc" 2>/dev/null | cat >"$d/link.aw320"
if [ -L "$d/out-link" ] && cmp -s "$d/link.aw320" "$want320"; then ok "-o onto a link to standard output"; else ko "-o onto a link to standard output"; fi
# colliding paths: exit 2 naming both, nothing written
cp "$case_in" "$d/s.asc"
run -q -o "$d/s.asc" "$d/s.asc" 2>"$tmp/err"; st=$?
if [ $st = 2 ] && cmp -s "$d/s.asc" "$case_in" && [ "$(grep -o "$d/s.asc" "$tmp/err" | wc -l)" = 2 ]; then
    ok "output = input: refused"; else ko "output = input (exit $st)"; cat "$tmp/err"; fi
ln "$d/s.asc" "$d/hard.aw320"
run -q -o "$d/hard.aw320" "$d/s.asc" 2>/dev/null; st=$?
if [ $st = 2 ] && cmp -s "$d/s.asc" "$case_in"; then ok "output = input by a hard link: refused"; else ko "output = input by a hard link (exit $st)"; fi
run -q -f xml -o "$d/X" -r "$d/X" "$d/s.asc" 2>"$tmp/err"; st=$?
if [ $st = 2 ] && [ ! -e "$d/X" ] && grep -q -- "--aw320 '$d/X' and --report '$d/X'" "$tmp/err"; then ok "-o X -r X: refused"
else ko "-o X -r X (exit $st)"; cat "$tmp/err"; fi
run -q -o - -r - "$d/s.asc" >"$d/both" 2>/dev/null; st=$?
if [ $st = 2 ] && [ ! -s "$d/both" ]; then ok "-o - -r -: refused"; else ko "-o - -r - (exit $st)"; fi
mkdir -p "$d/a" "$d/b" "$d/D"; cp "$case_in" "$d/a/jan.asc"; cp "$bad_in" "$d/b/jan.asc"
run -q -o "$d/D" "$d/a/jan.asc" "$d/b/jan.asc" 2>"$tmp/err"; st=$?
if [ $st = 2 ] && [ -z "$(ls "$d/D")" ] && grep "$d/a/jan.asc" "$tmp/err" | grep -q "$d/b/jan.asc"; then
    ok "two inputs, one output name: refused"; else ko "two inputs, one output name (exit $st)"; cat "$tmp/err"; fi
cp "$top_srcdir/fixtures/cases/example-refdata-csv/tarieven.csv" "$d/t.csv"
cp "$d/t.csv" "$d/t.keep"
run -q -t "$d/t.csv" -r "$d/t.csv" "$d/s.asc" 2>/dev/null; st=$?
if [ $st = 2 ] && cmp -s "$d/t.csv" "$d/t.keep"; then ok "output = reference file: refused"; else ko "output = reference file (exit $st)"; fi
# a full disk while the report is written (a file size limit): exit 2 naming the file
{ head -n 1 "$case_in"; i=0; while [ $i -lt 400 ]; do sed -n 2,7p "$case_in"; i=$((i + 1)); done; tail -n 1 "$case_in"; } >"$d/big.asc"
(ulimit -f 200; trap '' XFSZ; exec "$bin" -q -r "$d/big.xml" "$d/big.asc" 2>"$tmp/err"); st=$?
if [ $st = 2 ] && grep -q "$d/big.xml.tmp.*: report write failed: File too large" "$tmp/err" && [ ! -e "$d/big.xml" ]; then
    ok "report on a full disk: the file named"; else ko "report on a full disk (exit $st)"; cat "$tmp/err"; fi
# signals: the temporary files go, the status is the signal's
sigtest() { # SIGNAL [env prefix]
    sig=$1; shift
    rm -rf "$d/sig"; mkdir "$d/sig"; mkfifo "$d/sig/in"
    exec 3<>"$d/sig/in"
    (ulimit -c 0; exec "$@" "$bin" -q -o "$d/sig/o.aw320" -r "$d/sig/o.html" -f html "$d/sig/in" 2>/dev/null) & pid=$!
    i=0; while [ $i -lt 100 ] && [ "$(ls "$d/sig" | grep -c tmp)" -lt 3 ]; do sleep 0.05; i=$((i + 1)); done
    kill -s "$sig" $pid; { wait $pid; } 2>/dev/null; st=$?
    exec 3>&-
    n=$(ls "$d/sig" | grep -c tmp)
    if [ $i -lt 100 ] && [ $st -gt 128 ] && [ "$n" = 0 ]; then ok "SIG$sig: temporary files removed, exit $st"
    else ko "SIG$sig: exit $st, $n temporary files left: $(ls "$d/sig")"; fi
}
sigtest TERM
sigtest XFSZ
if env --default-signal=INT true 2>/dev/null; then sigtest INT env --default-signal=INT
else echo "SKIP: cli: SIGINT (no env --default-signal)"; fi
# inputs that are no AW319 file: a clear message, an end
run -q "$d" 2>"$tmp/err"; st=$?
if [ $st = 2 ] && grep -q "$d: is a directory" "$tmp/err"; then ok "a directory as input"; else ko "a directory as input (exit $st)"; cat "$tmp/err"; fi
timeout 60 "$bin" -q - </dev/zero 2>"$tmp/err"; st=$?
if [ $st = 2 ] && grep -q "no line end" "$tmp/err"; then ok "/dev/zero as input ends"; else ko "/dev/zero as input (exit $st)"; fi
{ cat "$case_in"; yes | tr y '\000'; } | timeout 60 "$bin" -q - 2>"$tmp/err"; st=$?
if [ $st = 2 ] && grep -q "start with a NUL byte" "$tmp/err"; then ok "endless NUL lines end"; else ko "endless NUL lines (exit $st)"; fi
for e in 253402300800 9223372036854775807 99999999999999999999; do
    SOURCE_DATE_EPOCH=$e run -q -o "$d/sde.aw320" "$tmp/jan.asc" 2>"$tmp/err"; st=$?
    if [ $st = 2 ] && [ ! -e "$d/sde.aw320" ] && grep -q "SOURCE_DATE_EPOCH: '$e' is out of range" "$tmp/err"; then
        ok "SOURCE_DATE_EPOCH=$e refused"; else ko "SOURCE_DATE_EPOCH=$e (exit $st)"; fi
done
SOURCE_DATE_EPOCH=253402300799 run -q -o "$d/sde.aw320" "$tmp/jan.asc" 2>/dev/null; st=$?
if [ $st = 0 ] && [ "$(head -c 342 "$d/sde.aw320" | tail -c 8)" = 99991231 ]; then ok "SOURCE_DATE_EPOCH up to 9999-12-31"
else ko "SOURCE_DATE_EPOCH=253402300799 (exit $st)"; fi

# the shipped example with all its reference data (CSV toewijzingen and the AW33 directory):
# the retourcodes of every record equal the example's own expectation (the .tsv copied beside
# it: line, record type, codes), read from the AW320 with the positions of standard/'s layout
codes() { # AW320 -> "line<TAB>type<TAB>codes" for every record but the 99
    awk -F'\t' 'NR == FNR { if ($0 !~ /^#/ && $NF ~ /^RETOURCODE/) pos[$1] = pos[$1] " " $7; next }
        { sub(/\r$/, ""); t = substr($0, 1, 2); if (t == "99") next
          p = (t in pos) ? pos[t] : pos["98"]; n = split(p, q, " "); c = ""
          for (i = 1; i <= n; i++) { v = substr($0, q[i], 4); if (v !~ /^ *$/) c = c (c ? " " : "") v }
          print FNR "\t" t "\t" c }' "$top_srcdir/standard/aw320-v1.3.tsv" "$1"
}
# example-v14-refdata-csv is the same month as a v1.4 file (tools/mkv14twin.py): the same codes
for c in example-refdata-csv example-refdata-aw33 example-v14-refdata-csv; do
    d=$top_srcdir/fixtures/cases/$c
    codes "$tmp/$c/actual.aw320" >"$tmp/$c.codes"
    tail -n +2 "$d/aw319-2023-03.asc.expected.tsv" | cut -f1-3 >"$tmp/$c.want"
    if cmp -s "$tmp/$c.codes" "$tmp/$c.want"; then ok "$c: codes equal the example's expected.tsv"
    else ko "$c: codes differ from the example's expected.tsv"; diff "$tmp/$c.want" "$tmp/$c.codes" | head -5; fi
done

echo "$pass passed, $fail failed"
[ "$pass" -gt 0 ] && [ "$fail" = 0 ]
