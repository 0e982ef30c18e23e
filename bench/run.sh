#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/run.sh — the project's speed and memory bars (doc/speed.md), measured (never by a timed test).
#
#   bench/run.sh [--bin PATH] [--records N] [--clients N] [--runs N] [--profile] [--aw33] [--one-core]
#
# 1. builds aw319check with -O2 in bench/work/build (unless --bin is given);
# 2. generates the input with bench/gen.c into bench/work/data-HASH/ (cached: HASH covers
#    gen.c and the parameters): an AW319 of ~940,000 records / 450,000 clients (≈ 293 MB),
#    koppeltabel.csv, tarieven.csv, toewijzingen.csv (450,000 toewijzingen);
# 3. warms the page cache, times `cp` of the AW319 (best of --runs, default 3; `sync` before
#    every timed run so no earlier output is being written back meanwhile), and for reference
#    a user-space copy (`dd bs=256k`: read+write of every byte);
# 4. times `aw319check -k -t -w -o -r` (every rule, the AW320 and the XML report) under
#    /usr/bin/time -v (best of --runs) and prints MB/s, the ratio to cp, peak RSS and the bars:
#    >= 300 MB/s, <= 4 x cp, RSS <= 32 MB + 96 B x toewijzingen + 64 B x 04 records.
# --aw33: the AW33 bar instead: the toewijzingen as AW33 files (gen --aw33), loading them
#    (`aw319check -w DIR` on a one-record AW319) against `xmllint --stream --noout` over the
#    same files; the bar is at least half xmllint's speed.
# An option the binary does not support yet ("not yet supported") is left out with a note, so
# the core is still measured.  --profile also records `perf record` (or callgrind on a
# smaller file when perf does not work) into bench/work/ and prints the top functions.
# --one-core: run aw319check pinned to one CPU (taskset -c 0): the speed bar is "on one core"; the
#    library then starts no helper threads (it hashes and writes in the check's thread).
# Exit status: 0 when every bar passes, 1 when one fails, 2 on trouble.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-$top/bench/work}
bin="" records=940000 clients=450000 runs=3 profile=0 aw33=0 pin=""
while [ $# -gt 0 ]; do
    case $1 in
    --bin) bin=$2; shift ;;
    --records) records=$2; shift ;;
    --clients) clients=$2; shift ;;
    --runs) runs=$2; shift ;;
    --profile) profile=1 ;;
    --aw33) aw33=1 ;;
    --one-core) pin="taskset -c 0" ;;
    *) echo "usage: bench/run.sh [--bin PATH] [--records N] [--clients N] [--runs N] [--profile] [--aw33] [--one-core]" >&2; exit 2 ;;
    esac
    shift
done
mkdir -p "$work"
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }

now() { date +%s%N; }
# ---- 1. the binary
if [ -z "$bin" ]; then
    src=$top
    if [ -f "$top/config.status" ]; then
        # the tree is configured in place, which forbids an out-of-tree build from it: build
        # from a copy of the source files (tracked and new, mtimes kept so make stays incremental)
        if ! git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
            echo "bench: $top is configured in place and not a git checkout: run make distclean there, or pass --bin" >&2
            exit 2
        fi
        src=$work/src
        mkdir -p "$src"
        (cd "$top" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) | (cd "$src" && tar -xpf -)
    fi
    if [ ! -x "$src/configure" ] || [ "$src/configure.ac" -nt "$src/configure" ] || [ "$src/Makefile.am" -nt "$src/configure" ]; then
        echo "bench: autoreconf"; (cd "$src" && autoreconf -fi >/dev/null 2>&1)
    fi
    mkdir -p "$work/build"
    if [ ! -f "$work/build/Makefile" ] || [ "$src/configure" -nt "$work/build/Makefile" ]; then
        echo "bench: configure (-O2)"; (cd "$work/build" && "$src/configure" -q CFLAGS="-O2 -g")
    fi
    echo "bench: make aw319check"; make -s -C "$work/build" -j2 aw319check >/dev/null
    bin=$work/build/aw319check
fi

# ---- 2. the input, cached by parameter hash
genflag=""; [ "$aw33" = 1 ] && genflag=--aw33
hash=$( (cat "$top/bench/gen.c"; echo "$records $clients $genflag") | sha256sum | cut -c1-12)
data=$work/data-$hash
if [ ! -f "$data/gen.out" ]; then
    echo "bench: generating $records records for $clients clients $genflag in $data"
    rm -rf "$work"/data-* # one cached input at a time: they are ~300 MB each
    mkdir -p "$data"
    cc -O2 -std=c11 -o "$work/gen" "$top/bench/gen.c"
    "$work/gen" --records "$records" --clients "$clients" $genflag "$data" > "$data/gen.out.tmp"
    mv "$data/gen.out.tmp" "$data/gen.out"
fi
best() { sort -n | head -1; }

if [ "$aw33" = 1 ]; then # ---- the AW33 bar
    cat "$data"/aw33/*.xml > /dev/null
    xbytes=$(cat "$data"/aw33/*.xml | wc -c)
    head -c 312 "$data/aw319.asc" > "$work/one.asc"
    x_ns=$(for i in $(seq "$runs"); do
        t0=$(now); xmllint --stream --noout "$data"/aw33/*.xml; t1=$(now); echo $((t1 - t0))
    done | best)
    if "$bin" -q -w "$data/aw33" "$work/one.asc" 2>&1 | grep -q 'not yet supported'; then
        echo "bench: NOTE: -w with AW33 is not yet supported by $bin; xmllint alone:"
        awk -v b="$xbytes" -v x="$x_ns" 'BEGIN { printf "xmllint --stream  %.1f MB in %.3f s = %.0f MB/s\n", b / 1e6, x / 1e9, b / 1e6 / (x / 1e9) }'
        exit 0
    fi
    a_ns=$(for i in $(seq "$runs"); do
        t0=$(now); "$bin" -q -w "$data/aw33" "$work/one.asc" >/dev/null 2>&1 || true; t1=$(now); echo $((t1 - t0))
    done | best)
    awk -v b="$xbytes" -v x="$x_ns" -v a="$a_ns" 'BEGIN {
        xm = b / 1e6 / (x / 1e9); am = b / 1e6 / (a / 1e9)
        printf "AW33 input        %.1f MB\n", b / 1e6
        printf "xmllint --stream  %.3f s = %.0f MB/s\n", x / 1e9, xm
        printf "aw319check -w     %.3f s = %.0f MB/s   (bar >= %.0f MB/s, half of xmllint)   %s\n", a / 1e9, am, xm / 2, (am >= xm / 2) ? "PASS" : "FAIL"
        exit (am >= xm / 2) ? 0 : 1 }'
    exit $?
fi
cat "$data/gen.out"
toew=$(sed -n 's/.*toewijzingen=\([0-9]*\).*/\1/p' "$data/gen.out")
n04=$(sed -n 's/.*prestaties=\([0-9]*\).*/\1/p' "$data/gen.out")
asc=$data/aw319.asc
bytes=$(wc -c < "$asc")

# ---- options the binary supports
out=$work/out && mkdir -p "$out"
opts="-o $out/bench.aw320"
notes=""
probe() { # OPTION FILE: keep it when loading it does not say "not yet supported"
    if "$bin" -q "$1" "$2" /dev/null 2>&1 | grep -q 'not yet supported'; then
        notes="$notes $1"
    else
        opts="$opts $1 $2"
    fi
}
probe -k "$data/koppeltabel.csv"
probe -t "$data/tarieven.csv"
probe -w "$data/toewijzingen.csv"
probe -r "$out/bench.report.xml"
[ -n "$notes" ] && echo "bench: NOTE: not yet supported by $bin, left out:$notes (measuring without them)"

# ---- 3. page cache and cp
cat "$asc" > /dev/null
cp_ns=$(for i in $(seq "$runs"); do
    rm -f "$out/cp.copy"; sync; t0=$(now); cp "$asc" "$out/cp.copy"; t1=$(now); echo $((t1 - t0))
done | best)
# for reference, not a bar: a copy through user space (read(2) + write(2) of every byte, what
# the bar calls the floor; cp itself copies inside the kernel with copy_file_range)
dd_ns=$(for i in $(seq "$runs"); do
    rm -f "$out/cp.copy"; sync; t0=$(now); dd if="$asc" of="$out/cp.copy" bs=256k status=none; t1=$(now); echo $((t1 - t0))
done | best)
rm -f "$out/cp.copy"

# ---- 4. aw319check
best_ns="" rss="" cpu=""
for i in $(seq "$runs"); do
    rm -f "$out"/bench.*
    sync # the previous run's output is not being written back while this one runs
    st=0
    t0=$(now)
    # shellcheck disable=SC2086
    /usr/bin/time -v -o "$out/time.txt" $pin "$bin" -q $opts "$asc" >/dev/null 2>"$out/stderr.txt" || st=$?
    t1=$(now)
    if [ "$st" -ge 2 ]; then echo "bench: aw319check failed (exit $st):"; cat "$out/stderr.txt"; exit 2; fi
    ns=$((t1 - t0))
    r=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/time.txt")
    u=$(sed -n 's/.*User time (seconds): //p' "$out/time.txt")
    k=$(sed -n 's/.*System time (seconds): //p' "$out/time.txt")
    if [ -z "$best_ns" ] || [ "$ns" -lt "$best_ns" ]; then best_ns=$ns; cpu="$u user + $k sys"; fi
    if [ -z "$rss" ] || [ "$r" -gt "$rss" ]; then rss=$r; fi
done
[ -f "$out/bench.aw320" ] || { echo "bench: no AW320 written"; exit 2; }
sed -n 1p "$out/stderr.txt"

awk -v b="$bytes" -v t="$best_ns" -v c="$cp_ns" -v dd="$dd_ns" -v rss="$rss" -v toew="$toew" -v n04="$n04" \
    -v notes="$notes" -v runs="$runs" -v cpu="$cpu" -v pin="$pin" 'BEGIN {
    mbs = b / 1e6 / (t / 1e9); ratio = t / c
    bar = 32 * 1024 * 1024 + 96 * toew + 64 * n04; rssb = rss * 1024
    printf "input      %.1f MB, %d prestaties, %d toewijzingen\n", b / 1e6, n04, toew
    printf "cp         %.3f s (best of %d)\n", c / 1e9, runs
    printf "dd         %.3f s (best of %d; read+write copy, bs=256k: for reference, %.1f x)\n", dd / 1e9, runs, t / dd
    printf "aw319check %.3f s (best of %d; CPU %s s%s)\n", t / 1e9, runs, cpu, pin != "" ? ", pinned: " pin : ""
    ok = 1
    s = mbs >= 300 ? "PASS" : "FAIL"; if (s == "FAIL") ok = 0
    printf "speed      %.0f MB/s            (bar >= 300 MB/s)   %s\n", mbs, s
    s = ratio <= 4 ? "PASS" : "FAIL"; if (s == "FAIL") ok = 0
    printf "ratio      %.2f x cp            (bar <= 4 x cp)     %s\n", ratio, s
    s = rssb <= bar ? "PASS" : "FAIL"; if (s == "FAIL") ok = 0
    printf "peak RSS   %.1f MB              (bar <= %.1f MB = 32 MB + 96 B x %d + 64 B x %d)   %s\n", rssb / 1048576, bar / 1048576, toew, n04, s
    if (notes != "") printf "NOTE: measured without%s (not yet supported)\n", notes
    exit ok ? 0 : 1 }' || status=$?
status=${status:-0}

# ---- profile
if [ "$profile" = 1 ]; then
    rm -f "$out"/bench.*
    # shellcheck disable=SC2086
    rm -f "$work/perf.data"
    perf record -q -o "$work/perf.data" "$bin" -q $opts "$asc" >/dev/null 2>&1 || true # exit 1 = rejects
    if [ -s "$work/perf.data" ] && perf report -i "$work/perf.data" --stdio >/dev/null 2>&1; then
        echo "bench: perf profile in $work/perf.data (self time of all threads, top 25):"
        perf report -i "$work/perf.data" --no-children --stdio --sort symbol 2>/dev/null \
            | grep -E '^ +[0-9]' | head -25
        echo "bench: per thread (the first is the check; the others hash and write the AW320):"
        perf report -i "$work/perf.data" --no-children --stdio --sort pid 2>/dev/null | grep -E '^ +[0-9]' |
        while read -r pct tid; do
            echo "  thread $tid: $pct of the samples"
            perf report -i "$work/perf.data" --no-children --stdio --tid "${tid%%:*}" --sort symbol 2>/dev/null \
                | grep -E '^ +[0-9]' | head -6
        done
    else
        echo "bench: perf does not work here; callgrind on the first 100,000 records"
        head -c $((312 * 100000)) "$asc" > "$work/small.asc"
        # shellcheck disable=SC2086
        valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" "$bin" -q $opts "$work/small.asc" >/dev/null 2>&1 || true
        callgrind_annotate "$work/callgrind.out" 2>/dev/null | head -40
    fi
fi
exit "$status"
