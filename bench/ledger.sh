#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/ledger.sh — the ledger's scale bar, measured (never by a timed test): a year of twelve
# months of ~480,000 prestaties each.  add must take at most 10 s a month, summary at most 2 s.
#
#   bench/ledger.sh [--bin DIR] [--records N] [--clients N]
#
# 1. builds aw319check and aw319ledger with -O2 in bench/work/build (unless --bin DIR holds them);
# 2. generates one month with bench/gen.c (March 2023, ~940,000 records, ~480,000 prestaties),
#    checks it with aw319check into an AW320, and makes twelve months of it with
#    bench/ledger-months.py (invoice and dates per month);
# 3. times `aw319ledger add --koppeltabel` of each month into a new ledger, then summary (text
#    and html), summary --as-of, list, budget, sample and gaps, and prints the figures.
# Wall-clock seconds are the bar; the CPU seconds (user + system, with GNU time) and the load
# average are printed beside them, for a machine shared with other work.
# Exit status: 0 when both bars pass, 1 when one fails, 2 on trouble.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-$top/bench/work}
bin="" records=940000 clients=450000
while [ $# -gt 0 ]; do
    case $1 in
    --bin) bin=$2; shift 2 ;;
    --records) records=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    *) echo "usage: bench/ledger.sh [--bin DIR] [--records N] [--clients N]" >&2; exit 2 ;;
    esac
done
mkdir -p "$work"
if [ -z "$bin" ]; then
    bin=$work/build
    if [ ! -x "$bin/aw319ledger" ]; then
        mkdir -p "$bin"
        (cd "$top" && [ -x configure ] || autoreconf -fi >/dev/null 2>&1)
        (cd "$bin" && "$top/configure" -q CFLAGS=-O2 >/dev/null && make -j2 aw319check aw319ledger >/dev/null) || exit 2
    fi
fi
data=$work/ledger-$records-$clients
if [ ! -f "$data/year/month12.aw320" ]; then
    mkdir -p "$data"
    cc -O2 -o "$work/gen" "$top/bench/gen.c" || exit 2
    "$work/gen" --records "$records" --clients "$clients" "$data" >"$data/gen.out" || exit 2
    s=0
    "$bin/aw319check" -q -k "$data/koppeltabel.csv" -t "$data/tarieven.csv" -w "$data/toewijzingen.csv" \
        -o "$data/march.aw320" "$data/aw319.asc" >/dev/null 2>&1 || s=$?
    [ "$s" -le 1 ] && [ -f "$data/march.aw320" ] || { echo "aw319check failed ($s)"; exit 2; }
    python3 "$top/bench/ledger-months.py" "$top/standard/aw320-v1.3.tsv" "$data/march.aw320" 2023 "$data/year" || exit 2
fi
db=$work/ledger-bench.db
rm -f "$db" "$db-wal" "$db-shm"
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
fail=0
n04=$(grep -c '^04' "$data/year/month01.aw320")
echo "ledger bench: 12 months of $n04 prestaties ($(du -sh "$data/year" | cut -f1) of AW320s)"
max_add=0
timer=
[ -x /usr/bin/time ] && timer="/usr/bin/time -f %U+%S -o $work/ledger-bench.cpu"
for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
    t0=$(now)
    SOURCE_DATE_EPOCH=$((1690000000 + ${m#0} * 86400)) $timer \
        "$bin/aw319ledger" add "$db" "$data/year/month$m.aw320" -k "$data/koppeltabel.csv" >/dev/null || exit 2
    t=$(secs "$t0" "$(now)")
    cpu=
    [ -n "$timer" ] && cpu=" (cpu $(awk -F+ '{ printf "%.2f", $1 + $2 }' "$work/ledger-bench.cpu") s, load $(cut -d' ' -f1 /proc/loadavg))"
    echo "  add month $m: $t s$cpu"
    le "$t" "$max_add" || max_add=$t
done
le "$max_add" 10 || { echo "FAIL: an add took $max_add s (bar: 10 s)"; fail=1; }
echo "  database: $(du -h "$db" | cut -f1)"
time_cmd() { # NAME CMD...: run, print the time, return it in $t
    name=$1; shift
    t0=$(now)
    "$@" >"$work/ledger-bench.out" 2>&1 || { echo "$name failed:"; cat "$work/ledger-bench.out"; exit 2; }
    t=$(secs "$t0" "$(now)")
    echo "  $name: $t s"
}
time_cmd "summary" "$bin/aw319ledger" summary "$db"
le "$t" 2 || { echo "FAIL: summary took $t s (bar: 2 s)"; fail=1; }
grep '^herschikking 2023 total' "$work/ledger-bench.out" | sed 's/^/    /'
time_cmd "summary --format=html" "$bin/aw319ledger" summary "$db" --format=html
time_cmd "summary --as-of" "$bin/aw319ledger" summary "$db" --as-of=2023-07-25
time_cmd "list" "$bin/aw319ledger" list "$db"
printf 'leveringsvorm;jaar;bedrag\nZZP;2023;1.500.000.000,00\nVPT;2023;400.000.000,00\nMPT;2023;100.000.000,00\n' >"$work/afspraak.csv"
time_cmd "budget" "$bin/aw319ledger" budget "$db" --year=2023 -p "$work/afspraak.csv"
time_cmd "sample 200 of a month" "$bin/aw319ledger" sample "$db" --month=2023-03 --size=200 --seed=1
time_cmd "gaps of a month" "$bin/aw319ledger" gaps "$db" --month=2023-03 -w "$data/toewijzingen.csv"
time_cmd "verify" "$bin/aw319ledger" verify "$db"
exit $fail
