#!/bin/sh
# SPDX-License-Identifier: MIT
# fuzz/build.sh — build the libFuzzer targets with clang (-fsanitize=fuzzer,address,undefined).
# The library sources are compiled directly (no libtool, no configure needed): layout tables
# come from tools/gentables.sh, config.h is written here.  Output: fuzz/build/ (or $FUZZ_BUILD).
# Usage: fuzz/build.sh            (incremental: a file is recompiled when it or a header changed)
# Debian 12: clang (clang-14) and libclang-rt-14-dev provide libFuzzer (.ci/deps.sh).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${FUZZ_BUILD:-$top/fuzz/build}
CC=${FUZZ_CC:-clang}
mkdir -p "$out/obj"

SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
PKGS="libxml-2.0 libxslt libexslt sqlite3 nettle"
version=$(sed -n 's/^AC_INIT(\[[^]]*\], \[\([^]]*\)\].*/\1/p' "$top/configure.ac")
CFLAGS="-std=c11 -g -O1 -Wall -Wextra -Werror $SAN -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DAW_TEST_HOOKS \
 -I$out -I$top/src $(for d in core engine rules refdata output ledger cli; do printf -- " -I%s" "$top/src/$d"; done) -I$top/fuzz -DFUZZ_SRCDIR=\"$top\" $(pkg-config --cflags $PKGS)"
LIBS="$(pkg-config --libs $PKGS)"

# generated sources, rewritten only when they change (keeps the build incremental)
"$top/tools/gentables.sh" "$top/standard" > "$out/layout_tables.c.tmp"
cmp -s "$out/layout_tables.c.tmp" "$out/layout_tables.c" 2>/dev/null \
    || mv "$out/layout_tables.c.tmp" "$out/layout_tables.c"
rm -f "$out/layout_tables.c.tmp"
noxxe=0
printf '#include <libxml/parser.h>\nint x = XML_PARSE_NO_XXE;\n' > "$out/noxxe.c"
$CC $(pkg-config --cflags libxml-2.0) -c "$out/noxxe.c" -o "$out/noxxe.o" 2>/dev/null && noxxe=1
rm -f "$out/noxxe.c" "$out/noxxe.o"
printf '#define PACKAGE_VERSION "%s"\n#define HAVE_DECL_XML_PARSE_NO_XXE %s\n' "$version" "$noxxe" \
    > "$out/config.h.tmp"
cmp -s "$out/config.h.tmp" "$out/config.h" 2>/dev/null || mv "$out/config.h.tmp" "$out/config.h"
rm -f "$out/config.h.tmp"

newest_header=$(ls -t "$top"/src/*.h "$top"/src/*/*.h "$top"/src/engine/rules.def "$top"/src/engine/codehints.def "$top"/fuzz/*.h "$out/config.h" | head -1)
compile() { # SRC OBJ EXTRA-FLAGS...
    src=$1 obj=$2; shift 2
    if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ "$newest_header" -nt "$obj" ] \
        || [ "$0" -nt "$obj" ]; then
        echo "  CC $(basename "$obj")"
        $CC $CFLAGS "$@" -c "$src" -o "$obj"
    fi
}

# the library: every src/*/*.c except the programs (src/cli/)
objs=""
for f in "$top"/src/*/*.c "$out/layout_tables.c"; do
    case $f in */src/cli/*|*/src/engine/layout_tables.c) continue ;; esac
    o="$out/obj/$(basename "$f" .c).o"
    compile "$f" "$o" -fsanitize=fuzzer-no-link
    objs="$objs $o"
done

# the same library with a 1.5 KiB read chunk: records straddle chunks all the time and lines
# over 1.5 KiB take the huge-line path, both reachable with small inputs
compile "$top/src/engine/reader.c" "$out/obj/reader_small.o" -fsanitize=fuzzer-no-link -DRD_BUFSIZE=1536u
objs_small=$(echo "$objs" | sed "s|$out/obj/reader.o|$out/obj/reader_small.o|")
# and with a 64-byte CSV read block: CSV records straddle the blocks at every byte of small
# inputs
compile "$top/src/refdata/csv.c" "$out/obj/csv_small.o" -fsanitize=fuzzer-no-link -DCSV_RBUF=64
objs_csvsmall=$(echo "$objs" | sed "s|$out/obj/csv.o|$out/obj/csv_small.o|")

link() { # TARGET SRC FLAGS...
    t=$1 src=$2; shift 2
    compile "$src" "$out/obj/$t.o" -fsanitize=fuzzer-no-link "$@"
    $CC $CFLAGS -fsanitize=fuzzer "$out/obj/$t.o" $libobjs $LIBS -o "$out/$t"
}
libobjs=$objs_small
link fuzz_aw319_smallbuf "$top/fuzz/fuzz_aw319.c"
libobjs=$objs
link fuzz_aw319 "$top/fuzz/fuzz_aw319.c"
link fuzz_aw319_ref "$top/fuzz/fuzz_aw319.c" -DFUZZ_REFDATA
link fuzz_aw319_ledger "$top/fuzz/fuzz_aw319.c" -DFUZZ_LEDGER
link fuzz_aw320 "$top/fuzz/fuzz_aw320.c"
link fuzz_koppeltabel "$top/fuzz/fuzz_load.c" -DFUZZ_LOADER=aw_ctx_load_koppeltabel -DFUZZ_SUFFIX='".csv"'
link fuzz_tarieven "$top/fuzz/fuzz_load.c" -DFUZZ_LOADER=aw_ctx_load_tarieven -DFUZZ_SUFFIX='".csv"'
link fuzz_toewijzingen_csv "$top/fuzz/fuzz_load.c" -DFUZZ_LOADER=aw_ctx_load_toewijzingen -DFUZZ_SUFFIX='".csv"'
libobjs=$objs_csvsmall
link fuzz_toewijzingen_csv_smallbuf "$top/fuzz/fuzz_load.c" -DFUZZ_LOADER=aw_ctx_load_toewijzingen -DFUZZ_SUFFIX='".csv"'
libobjs=$objs
link fuzz_aw33 "$top/fuzz/fuzz_load.c" -DFUZZ_LOADER=aw_ctx_load_toewijzingen -DFUZZ_SUFFIX='".xml"'
link fuzz_controlset "$top/fuzz/fuzz_load.c" -DFUZZ_LOADER=aw_ctx_load_controlset -DFUZZ_SUFFIX='".xml"'
echo "fuzz targets in $out"
