#!/bin/sh
# e2e.sh — fixture-driven end-to-end tests of aw319check.  Every directory
# fixtures/cases/NAME/ holds input.asc, optional args (extra options, relative to the case
# directory), and the expectations: expected.diag (stdout), expected.exit, expected.aw320
# (absent: no AW320 may be written).  UPDATE=1 rewrites the expectations (review the diff!).
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
    fi
    why=
    [ -f "$dir/expected.exit" ] || why="$why no expected.exit;"
    cmp -s "$out/exit" "$dir/expected.exit" || why="$why exit $(cat "$out/exit") (expected $(cat "$dir/expected.exit" 2>/dev/null));"
    if [ "$(cat "$out/exit")" = 99 ]; then why="$why valgrind errors;"; fi
    if [ -f "$dir/expected.diag" ]; then
        cmp -s "$out/diag" "$dir/expected.diag" || why="$why diagnostics differ;"
    else why="$why no expected.diag;"; fi
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
echo "$pass passed, $fail failed"
[ "$pass" -gt 0 ] && [ "$fail" = 0 ]
