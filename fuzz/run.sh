#!/bin/sh
# SPDX-License-Identifier: MIT
# fuzz/run.sh SECONDS — build the libFuzzer targets (fuzz/build.sh), replay every saved
# finding in fuzz/regressions/<target>/, then fuzz each target for SECONDS over its corpus:
# fuzz/build/corpus/<target>/ (kept between runs, git-ignored) plus seeds picked up by glob from
# fixtures/, controlsets/ and fuzz/seeds/<target>/.  Exits non-zero on any finding (crash,
# leak, timeout > 10 s, RSS > 2 GB, sanitizer report); the input is left in
# fuzz/build/findings/<target>/.
# Environment: FUZZ_TARGETS="fuzz_aw319 fuzz_aw320" to run a subset; FUZZ_ARGS for more
# libFuzzer options (e.g. -jobs=1 -workers=1).
set -eu
secs=${1:?usage: fuzz/run.sh SECONDS}
top=$(cd "$(dirname "$0")/.." && pwd)
out=${FUZZ_BUILD:-$top/fuzz/build}
"$top/fuzz/build.sh"

all="fuzz_aw319 fuzz_aw319_smallbuf fuzz_aw319_ref fuzz_aw319_ledger fuzz_aw320 fuzz_koppeltabel fuzz_tarieven fuzz_toewijzingen_csv fuzz_toewijzingen_csv_smallbuf fuzz_aw33 fuzz_controlset"
targets=${FUZZ_TARGETS:-$all}

seeds() { # TARGET: print the seed files of a target, one per line
    cd "$top"
    case $1 in
    fuzz_aw319|fuzz_aw319_smallbuf|fuzz_aw319_ref|fuzz_aw319_ledger) ls fixtures/cases/*/input.asc fixtures/ledger/*.asc ;;
    fuzz_aw320) ls fixtures/cases/*/expected.aw320 fixtures/ledger/*.aw320 ;;
    fuzz_koppeltabel) find fixtures -type f -iname '*koppel*.csv' ;;
    fuzz_tarieven) find fixtures -type f -iname '*tarie*.csv' ;;
    fuzz_toewijzingen_csv|fuzz_toewijzingen_csv_smallbuf) find fixtures -type f -iname '*toew*.csv' ;;
    fuzz_aw33) grep -rlI --include='*.xml' 'iwlz/2_[0-9]*/aw33' fixtures ;;
    fuzz_controlset) ls controlsets/*.xml; grep -rlI --include='*.xml' 'urn:aw319check:controlset' fixtures ;;
    esac 2>/dev/null || true
    [ -d "fuzz/seeds/$1" ] && find "fuzz/seeds/$1" -type f
    return 0
}

status=0
for t in $targets; do
    corpus=$out/corpus/$t; seeddir=$out/seeds/$t; findings=$out/findings/$t
    mkdir -p "$corpus" "$findings"
    rm -rf "$seeddir" && mkdir -p "$seeddir"
    i=0
    for f in $(seeds "$t"); do i=$((i + 1)); cp "$top/$f" "$seeddir/$i-$(basename "$f")"; done
    reg=$top/fuzz/regressions/$t
    if [ -d "$reg" ] && [ -n "$(ls -A "$reg")" ]; then
        echo "=== $t: replaying $(ls "$reg" | wc -l) saved finding(s)"
        if ! "$out/$t" -timeout=10 -rss_limit_mb=2048 "$reg"/* >"$out/$t.regress.log" 2>&1; then
            echo "FAIL $t: a saved finding in fuzz/regressions/$t fails again"; tail -40 "$out/$t.regress.log"
            status=1; continue
        fi
    fi
    echo "=== $t: fuzzing $secs s over $i seed(s) + corpus ($(ls "$corpus" | wc -l) file(s))"
    # shellcheck disable=SC2086
    if ! "$out/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$findings/" ${FUZZ_ARGS:-} \
        "$corpus" "$seeddir" >"$out/$t.log" 2>&1; then
        echo "FAIL $t: finding in $findings (log $out/$t.log)"; grep -A30 '^==[0-9]*==ERROR\|SUMMARY\|Test unit written' "$out/$t.log" | head -60
        status=1; continue
    fi
    grep -h 'stat::number_of_executed_units\|stat::new_units_added' "$out/$t.log" | tr '\n' ' '; echo
    grep '^#[0-9]*.*DONE\|INITED' "$out/$t.log" | tail -1 || true
done
[ $status = 0 ] && echo "fuzz: no findings" || echo "fuzz: FINDINGS (see above)"
exit $status
