# The two commands of the README: `make demo` (install, build, run the gate) and `make test`.
SWIFT ?= swift
BIN := .build/release/cavra-gate

.PHONY: deps build demo test lint bench

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build -c release --static-swift-stdlib

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
