# Benchmark targets (issue 5). The archive is cached in $(PGDMP_BENCH_DIR)
# (default ~/.cache/pgdmp/bench) and built only when missing.
.PHONY: build-release bench

build-release:
	swift build -c release

bench:
	bench/make-archive.sh
	bench/run.sh
