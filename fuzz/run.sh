#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS_PER_TARGET (default 60), one process at a time,
# seeded from Fixtures/. Prints per target: executions and crashes (crash/timeout/oom artifacts).
# Usage: fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
# Corpora and artifacts live under .build-fuzz/ (never committed).
set -uo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}; shift || true
OUT=.build-fuzz
fuzz/build.sh "$@" >/dev/null || { echo "fuzz build failed"; exit 2; }
if [[ $# -gt 0 ]]; then TARGETS=("$@"); else TARGETS=(Archive Data Tar Copy DDL); fi

seed() { # seed TARGET: fill .build-fuzz/corpus-TARGET from the fixtures (small files only)
    local t=$1 dir=$OUT/corpus-$1 f
    mkdir -p "$dir"
    [[ -n $(ls -A "$dir") ]] && return 0
    case $t in
        Archive|Data)
            for f in Fixtures/cases/*/archive.dump; do
                [[ $(stat -c %s "$f") -le 300000 ]] && cp "$f" "$dir/$(basename "$(dirname "$f")").dump"
            done ;;
        Tar)
            for f in Fixtures/cases/pg15-tar/archive.tar Fixtures/cases/pg17-tar/archive.tar; do
                [[ -f $f ]] && cp "$f" "$dir/$(basename "$(dirname "$f")").tar"
            done ;;
        Copy)
            for f in Fixtures/cases/pg15-dir-z0/archive.dir/*.dat; do
                [[ $(stat -c %s "$f") -le 65536 ]] && cp "$f" "$dir/$(basename "$f")"
            done ;;
        DDL)  # one seed per top-level statement of the fixtures' schema
            awk -v d="$dir" 'BEGIN{RS=";\n"} /CREATE|ALTER/ {n++; f=d "/stmt" n ".sql"; printf "%s;", $0 > f; close(f)}' \
                Fixtures/cases/pg15-custom-default/schema.sql ;;
    esac
}

status=0
printf '%-8s %14s %8s\n' target executions crashes
for t in "${TARGETS[@]}"; do
    seed "$t"
    art=$OUT/artifacts-$t; mkdir -p "$art"
    before=$(ls "$art" | grep -cE '^(crash|timeout|oom|leak)-' || true)
    log=$OUT/fuzz-$t.log
    # Whole-archive targets: cap inputs at 64 KiB (seeds are cut there; header, TOC and the first
    # blocks still get exercised) so each run is fast enough to explore.
    maxlen=(); [[ $t == Data || $t == Tar ]] && maxlen=(-max_len=65536)
    "$OUT/fuzz-$t" "$OUT/corpus-$t" "${maxlen[@]}" -max_total_time="$SECS" -rss_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$art/" >"$log" 2>&1 || status=1
    execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}' | tail -1)
    after=$(ls "$art" | grep -cE '^(crash|timeout|oom|leak)-' || true)
    printf '%-8s %14s %8s\n' "$t" "${execs:-?}" "$((after - before))"
done
[[ $status -ne 0 ]] && echo "a target stopped with a finding: see .build-fuzz/fuzz-<target>.log and artifacts-<target>/"
exit $status
