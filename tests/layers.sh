#!/bin/sh
# SPDX-License-Identifier: MIT
# layers.sh — runs layers.py (the library's dependencies point one way) on the built objects.
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }
exec python3 "$top_srcdir/tests/layers.py" "$top_srcdir" "$top_builddir"
