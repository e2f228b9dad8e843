# SecSpec — make targets. Each installs what it needs on a fresh Debian machine (as root) and is
# safe to run again. Rust crates come through Cargo.lock; system packages through apt-get.

SHELL := /bin/bash
CARGO ?= cargo
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)
SECSPEC := $(TARGET_DIR)/release/secspec
BUILD := $(CURDIR)/build

# Debian packages: compiler toolchain for bundled SQLite, and the document tools the tests
# use to check our output (pdftotext/pdffonts/pdfinfo, xmllint, qpdf, LibreOffice headless).
BUILD_PKGS := build-essential pkg-config
TEST_PKGS := poppler-utils libxml2-utils qpdf libreoffice-writer-nogui
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: help deps test-deps build run demo test bench lint fmt clean

help:
	@echo "make run    - build and start SecSpec (the desktop app arrives with its own issue; today: the CLI demo)"
	@echo "make test   - install what the tests need and run every test"
	@echo "make demo   - write the sample document set to build/demo"
	@echo "make bench  - benchmarks: document set vs LibreOffice conversion"
	@echo "make lint   - cargo fmt --check and clippy with warnings denied"

# Install only what is missing, so repeated runs do not touch the network.
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call apt_install,$(BUILD_PKGS))
	@command -v $(CARGO) >/dev/null || { echo "cargo not found: install Rust (rustup) first"; exit 1; }

test-deps: deps
	$(call apt_install,$(TEST_PKGS))

build: deps
	$(CARGO) build --release --locked -p secspec-cli

demo: build
	$(SECSPEC) demo --out $(BUILD)/demo
	@echo "sample documents written to $(BUILD)/demo"

run: demo
	@echo "SecSpec desktop app: not yet part of this build; the CLI is ready:"
	$(SECSPEC) --help

test: test-deps
	$(CARGO) test --workspace --locked --no-fail-fast

bench: test-deps
	$(CARGO) bench --locked -p secspec-render --bench document_set
	bash tests/bench/compare_libreoffice.sh

lint: deps
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

clean:
	rm -rf $(BUILD)
