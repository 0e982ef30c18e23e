#!/bin/sh
# SPDX-License-Identifier: MIT
# abi.sh — libaw319.so exports exactly the functions src/aw319.h declares: none missing, no
# internal one (the allocator's test hook, the engine's lay_/fs_ helpers) visible, and no internal
# name carries the public prefix aw_.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
so=$top_builddir/.libs/libaw319.so
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS: $1"; }
ko() { fail=$((fail + 1)); echo "FAIL: $1"; }
if [ ! -f "$so" ] || ! command -v nm >/dev/null 2>&1; then echo "SKIP: no $so or nm"; exit 77; fi
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
sed -n 's/^[a-z][^(]*[ *]\(aw_[a-z0-9_]*\)(.*/\1/p' "$top_srcdir/src/aw319.h" | sort -u >"$tmp/declared"
nm -D --defined-only "$so" | awk '$2 == "T" { print $3 }' | sort -u >"$tmp/exported"
[ "$(wc -l <"$tmp/declared")" -gt 30 ] && ok "the header declares $(wc -l <"$tmp/declared") functions" || ko "header parse"
missing=$(comm -23 "$tmp/declared" "$tmp/exported")
extra=$(comm -13 "$tmp/declared" "$tmp/exported")
[ -z "$missing" ] && ok "every declared function is exported" || ko "declared, not exported: $missing"
[ -z "$extra" ] && ok "nothing else is exported" || ko "exported, not declared: $(echo $extra | head -c 300)"
# the public prefix is the public API's alone: no internal function or variable is called aw_*
# (the compiler's clones of a function, aw_x.cold, aw_x.part.0, aw_x.isra.0, count as aw_x)
nm "$so" 2>/dev/null | awk '$3 ~ /^aw_/ { sub(/\..*/, "", $3); print $3 }' | sort -u >"$tmp/prefixed"
inner=$(comm -23 "$tmp/prefixed" "$tmp/declared")
[ -s "$tmp/prefixed" ] && [ -z "$inner" ] && ok "only public functions carry the aw_ prefix" \
    || ko "internal names with the public prefix aw_: $(echo $inner | head -c 300)"
# test hooks exist only in test builds: the installed library and programs have none
for b in "$so" "$top_builddir/aw319check" "$top_builddir/aw319ledger"; do
    if nm -a "$b" 2>/dev/null | grep -q 'mem_fail_after' || grep -q 'AW319LEDGER_TEST_PAUSE' "$b"; then
        ko "$(basename "$b") carries a test hook"
    else ok "$(basename "$b") carries no test hook"; fi
done
# no build path is baked into what is installed (data is found in pkgdatadir or beside the program)
# (the directory itself as a string; debug information and sanitizer metadata name source
# files under it by nature: debug information is stripped, file names do not count)
objcopy --strip-debug "$so" "$tmp/so" && objcopy --strip-debug "$top_builddir/aw319check" "$tmp/prog"
if strings "$tmp/so" "$tmp/prog" | grep -q -x -F -e "$top_srcdir" -e "$top_srcdir/"; then
    ko "libaw319.so or aw319check holds the source path $top_srcdir"
else ok "no source path in libaw319.so and aw319check"; fi
# an in-tree build finds its controlsets beside the program, without AW319_DATADIR
if [ "$(cd "$top_builddir" && pwd)" = "$(cd "$top_srcdir" && pwd)" ]; then
    if env -u AW319_DATADIR "$top_builddir/aw319check" -c vgz --list-rules >/dev/null 2>&1; then
        ok "an in-tree build finds controlsets/ beside the program"
    else ko "an in-tree build does not find controlsets/vgz.xml without AW319_DATADIR"; fi
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
