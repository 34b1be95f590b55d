# The two commands of the README: `make demo` (install, build, run the gate) and `make test`.
SWIFT ?= swift
BIN := .build/release/cavra-gate

.PHONY: deps build demo test lint bench dist dist-check

deps:
	@scripts/install-deps

build: deps
	@SWIFT=$(SWIFT) scripts/build-release >/dev/null

demo: build
	@scripts/demo $(BIN)

test: deps
	@mkdir -p .build/sarif-samples
	CAVRA_SARIF_SAMPLES_DIR=$(CURDIR)/.build/sarif-samples $(SWIFT) test
	@scripts/validate-artifacts

lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift

bench: build
	@benchmarks/changeset-bench.sh $(BIN)

# The release tarball, SHA256SUMS and signed provenance under .build/dist (docs/install.md).
dist: deps
	@SWIFT=$(SWIFT) scripts/dist

# Unpacks the release into an empty folder and runs it where neither the build nor libgit2 can be reached.
dist-check: dist
	@SWIFT=$(SWIFT) scripts/dist-check
