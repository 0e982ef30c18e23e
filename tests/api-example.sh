#!/bin/sh
# SPDX-License-Identifier: MIT
# api-example.sh — runs the README's library example on a clean fixture (see api-example.c).
set -eu
: "${top_srcdir:?}" "${top_builddir:?}"
out=$(${VALGRIND:-} "$top_builddir/tests/api-example" "$top_srcdir/fixtures/cases/clean-basic/input.asc")
[ "$out" = accepted ] || { echo "FAIL: api example printed '$out'"; exit 1; }
echo "1 passed, 0 failed"
