#!/usr/bin/env bash
# `make bench-scale`: build the scale archives if missing (bench/make-scale.sh), then measure
# (bench/scale.py) and write docs/performance-scale.md. Environment as in both scripts.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT/bench/make-scale.sh"
if [[ ! -x /usr/bin/time ]]; then
    apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
fi
(cd "$ROOT" && swift build -c release >&2)
export PGDMP=$(cd "$ROOT" && swift build -c release --show-bin-path)/pgdmp
export PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
export BENCH_OUT=${BENCH_OUT-$ROOT/docs/performance-scale.md}
python3 "$ROOT/bench/scale.py"
