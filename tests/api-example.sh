#!/bin/sh
# SPDX-License-Identifier: MIT
# api-example.sh — the README's library example, taken from the README as it is written,
# compiled against the public header and the shared library of this build (so only what
# libaw319.so exports), and run on a clean fixture: it must print "accepted".
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
awk '/^    #include <aw319.h>$/ { on = 1 } on { print substr($0, 5) } on && /^    }$/ { exit }' \
    "$top_srcdir/README" >"$tmp/prog.c"
[ -s "$tmp/prog.c" ] || { echo "FAIL: no library example in README"; echo "0 passed, 1 failed"; exit 1; }
# shellcheck disable=SC2086
if ! ${CC:-cc} -std=c11 -Wall -Werror ${SAN_CFLAGS:-} -I"$top_srcdir/src" "$tmp/prog.c" \
        -L"$top_builddir/.libs" -law319 -o "$tmp/prog" 2>"$tmp/cc.err"; then
    echo "FAIL: the README's example does not compile:"; cat "$tmp/cc.err"; echo "0 passed, 1 failed"; exit 1
fi
out=$(LD_LIBRARY_PATH="$top_builddir/.libs" ${VALGRIND:-} "$tmp/prog" "$top_srcdir/fixtures/cases/clean-basic/input.asc")
st=$?
if [ "$st" = 0 ] && [ "$out" = accepted ]; then echo "PASS: the README's library example"; echo "1 passed, 0 failed"
else echo "FAIL: the README's example printed '$out' (exit $st)"; echo "0 passed, 1 failed"; exit 1; fi
