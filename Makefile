# pgdmp: the two commands a newcomer needs are `make demo` and `make test`.
SWIFT ?= swift
SHELL := /bin/bash
DEB_PACKAGES := zlib1g-dev liblz4-dev libzstd-dev libisal-dev pkg-config
DEMO_ARCHIVE := Fixtures/cases/pg15-custom-default/archive.dump
FAULTS_ARCHIVE := Fixtures/faults/mixed/archive.dump

.PHONY: deps build build-release test demo fixtures bench bench-unseen bench-scale verify-cuts fuzz clean

## Install the Debian -dev packages the C module targets link against (only those missing).
deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

build: deps
	$(SWIFT) build

build-release: deps
	$(SWIFT) build -c release

## The whole test suite (needs no database server except the restore-list integration test, which starts its own).
test: deps
	$(SWIFT) build --build-tests
	@mkdir -p .build; $(SWIFT) test 2>&1 | tee .build/test-output.log; status=$${PIPESTATUS[0]}; \
	  python3 .ci/test-summary.py .build/test-output.log; exit $$status

## pgdmp at work on a committed fixture (a real pg_dump 15 archive).
demo: build
	@echo "== pgdmp info $(DEMO_ARCHIVE)"; .build/debug/pgdmp info $(DEMO_ARCHIVE)
	@echo; echo "== pgdmp rows $(DEMO_ARCHIVE)"; .build/debug/pgdmp rows $(DEMO_ARCHIVE)
	@echo; echo "== pgdmp list $(DEMO_ARCHIVE) --type INDEX   (pg_restore -l format)"; .build/debug/pgdmp list $(DEMO_ARCHIVE) --type INDEX
	@echo; echo "== pgdmp cat $(DEMO_ARCHIVE) public.users --format csv"; .build/debug/pgdmp cat $(DEMO_ARCHIVE) public.users --format csv
	@echo; echo "== pgdmp check $(FAULTS_ARCHIVE)   (planted faults: what pg_restore will fail on, exit 1)"; \
	  .build/debug/pgdmp check $(FAULTS_ARCHIVE) || [ $$? -eq 1 ]

## pgdmp and its peers side by side (issue 5): builds a cached Mastodon-shaped benchmark archive
## ($${PGDMP_BENCH_DIR:-~/.cache/pgdmp/bench}) on first use, then writes docs/performance.md.
bench: build-release
	bench/make-archive.sh
	bench/run.sh

## The same measurements on a second archive from a separate generator (bench/unseen.sql) that
## pgdmp was never tuned on; writes docs/performance-unseen.md.
UNSEEN_ARCHIVE = $${PGDMP_BENCH_DIR:-$$HOME/.cache/pgdmp/bench}/unseen.dump
bench-unseen: build-release
	BENCH_SQL=bench/unseen.sql BENCH_SCALE=1.6 BENCH_ARCHIVE=$(UNSEEN_ARCHIVE) bench/make-archive.sh
	BENCH_ARCHIVE=$(UNSEEN_ARCHIVE) BENCH_PEERS=0 BENCH_OUT=docs/performance-unseen.md \
	  BENCH_TITLE="Performance on an unseen archive (bench/unseen.sql)" BENCH_MAKE_TARGET=bench-unseen bench/run.sh

## Issue 19's shapes (30,000 tables; 100 MB values; narrow and wide rows), cached archives from
## bench/scale.sql (bench/make-scale.sh), measured against pg_restore: docs/performance-scale.md.
bench-scale: build-release
	bench/run-scale.sh

## Cut the benchmark archive at every 1 % and check that verify names the right table each time.
verify-cuts: build-release
	bench/make-archive.sh
	PGDMP=.build/release/pgdmp bench/verify-cuts.py

## libFuzzer targets (header/TOC, data blocks, tar, COPY text, DDL), FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 60
fuzz: deps
	fuzz/build.sh
	fuzz/run.sh $(FUZZ_SECONDS)

## Regenerate the fixtures with real pg_dump/pg_restore 15-18 (needs PostgreSQL 15 server binaries and PyPI).
fixtures:
	Fixtures/generate.sh

clean:
	rm -rf .build
