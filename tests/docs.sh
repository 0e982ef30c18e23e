#!/bin/sh
# SPDX-License-Identifier: MIT
# docs.sh — the generated documentation is what its generator writes from the tables today
# (doc/rules.md from src/engine/rules.def and standard/), and no document of the project points at
# anything outside it.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
pass=0 fail=0
tmp=$(mktemp) || exit 99
trap 'rm -f "$tmp"' EXIT
sh "$top_srcdir/tools/genrules.sh" "$top_srcdir" >"$tmp"
if cmp -s "$tmp" "$top_srcdir/doc/rules.md"; then pass=$((pass + 1)); echo "PASS: doc/rules.md is current"
else fail=$((fail + 1)); echo "FAIL: doc/rules.md is stale: run tools/genrules.sh . > doc/rules.md"; diff "$top_srcdir/doc/rules.md" "$tmp" | head -5; fi
# every rule of the table and every v1.4 check line is in the document
for id in $(sed -n 's/^RULE(\([A-Z][0-9]*\),.*/\1/p' "$top_srcdir/src/engine/rules.def"); do
    grep -q "^| $id |" "$top_srcdir/doc/rules.md" || { fail=$((fail + 1)); echo "FAIL: rule $id not in doc/rules.md"; }
done
n=$(grep -c -E '^[0-9]{4}	none	' "$top_srcdir/standard/aw319-v1.4-checks.tsv")
m=$(sed -n '/^### Published constraints the checker does not apply/,$p' "$top_srcdir/doc/rules.md" | grep -c -E '^\| [0-9]{4} \|')
[ "$n" = "$m" ] && [ "$n" -gt 0 ] && { pass=$((pass + 1)); echo "PASS: $n published constraints not applied are listed with the reason"; } \
    || { fail=$((fail + 1)); echo "FAIL: $m of $n constraints not applied are listed"; }
# the project stands alone: no file of it (documents, headers, sources, scripts, data) points at
# a specification outside it
refs=$(cd "$top_srcdir" && find . \( -name .git -o -name 'build*' -o -name autom4te.cache -o -path ./fuzz/build \
    -o -path ./bench/work -o -name 'aw319check-*' \) -prune -o -type f \
    \( -name '*.[ch]' -o -name '*.def' -o -name '*.sh' -o -name '*.py' -o -name '*.md' -o -name '*.1' \
    -o -name '*.tsv' -o -name '*.xsd' -o -name '*.xml' -o -name '*.po' -o -name README -o -name run \
    -o -name '*.ac' -o -name '*.am' \) ! -name docs.sh -print 2>/dev/null \
    | xargs grep -l -e 'SPEC\.md' -e 'SPEC [0-9]' -e 'SPEC section' -e '\.\./shared' 2>/dev/null)
[ -z "$refs" ] && { pass=$((pass + 1)); echo "PASS: no file of the project refers to a specification outside it"; } \
    || { fail=$((fail + 1)); echo "FAIL: these refer to a specification outside the project: $refs"; }
# every source, script, stylesheet, schema and controlset says its licence (LICENSE)
nolic=$(cd "$top_srcdir" && find src tests tools fuzz bench schemas controlsets .ci \
    \( -path fuzz/build -o -path fuzz/seeds -o -path fuzz/regressions -o -path bench/work \) -prune -o -type f \
    \( -name '*.[ch]' -o -name '*.def' -o -name '*.sh' -o -name '*.py' -o -name '*.xsd' -o -name '*.xml' -o -name run \) \
    ! -name layout_tables.c -print 2>/dev/null | while read -r f; do grep -q 'SPDX-License-Identifier: MIT' "$f" || echo "$f"; done)
[ -z "$nolic" ] && { pass=$((pass + 1)); echo "PASS: every source file carries its SPDX licence line"; } \
    || { fail=$((fail + 1)); echo "FAIL: no SPDX-License-Identifier line in: $nolic"; }
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
