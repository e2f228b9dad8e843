# SecSpec — make targets. Each installs what it needs on a fresh Debian machine (as root) and is
# safe to run again. Rust crates come through Cargo.lock, front-end packages through `npm ci` from
# ui/package-lock.json, system packages through apt-get; nothing else is downloaded.

SHELL := /bin/bash
CARGO ?= cargo
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)
TOOLS := $(TARGET_DIR)/tools
SECSPEC := $(TARGET_DIR)/release/secspec
DESKTOP_DEBUG := $(TARGET_DIR)/debug/secspec-desktop
DESKTOP_RELEASE := $(TARGET_DIR)/release/secspec-desktop
BUILD := $(CURDIR)/build

# Debian packages: toolchain for bundled SQLite and the Tauri/WebKitGTK shell; Node for the UI.
BUILD_PKGS := build-essential pkg-config libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev \
	librsvg2-dev libssl-dev libxdo-dev patchelf file
# Test tools: poppler (pdftotext/pdffonts/pdfinfo), xmllint, qpdf, LibreOffice headless for the DOCX
# round trip, Xvfb + WebKitWebDriver for the real app, Debian's chromium for the UI tests, strace
# for the no-network proof, the IPAex fonts so LibreOffice renders our DOCX with the fonts it names, and
# python-docx as a second, independent DOCX reader (styles, numbering levels, text).
TEST_PKGS := poppler-utils libxml2-utils qpdf libreoffice-writer-nogui fonts-ipaexfont-mincho sqlite3 \
	fonts-ipaexfont-gothic xvfb xauth webkit2gtk-driver chromium strace python3-docx
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: help deps test-deps ui-deps ui build desktop run demo test test-rust test-ui test-desktop \
	tauri-driver bench lint package clean crash fuzz

help:
	@echo "make run      - build and start the SecSpec desktop app"
	@echo "make test     - install what the tests need and run every test"
	@echo "make demo     - write the sample document set to build/demo (headless)"
	@echo "make bench    - benchmarks: document set vs LibreOffice, desktop start-up, memory, generation"
	@echo "make fuzz     - coverage-guided fuzzing of every parser of outside data, FUZZ_SECONDS (30) per target"
	@echo "make crash    - SIGKILL the CLI mid-write 1,000 times (KILLS=n), the app mid-autosave 50 (DESKTOP_KILLS=n); check nothing is lost"
	@echo "make package  - build a .deb of the desktop app with fonts and templates"
	@echo "make lint     - cargo fmt --check, clippy with warnings denied, svelte-check"

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
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm; }
	@command -v $(CARGO) >/dev/null || { echo "cargo not found: install Rust (rustup) first"; exit 1; }

test-deps: deps
	$(call apt_install,$(TEST_PKGS))

# npm ci only when the lock file changed since the last install.
ui-deps: deps
	@if [ ! -f ui/node_modules/.secspec-stamp ] || [ ui/package-lock.json -nt ui/node_modules/.secspec-stamp ]; then \
	  cd ui && npm ci --no-audit --no-fund && touch node_modules/.secspec-stamp; \
	fi

ui: ui-deps
	cd ui && npm run build

build: deps
	$(CARGO) build --release --locked -p secspec-cli

desktop: ui
	$(CARGO) build --release --locked -p secspec-desktop

demo: build
	$(SECSPEC) demo --out $(BUILD)/demo
	@echo "sample documents written to $(BUILD)/demo"

run: desktop
	$(DESKTOP_RELEASE)

tauri-driver: deps
	@[ -x $(TOOLS)/bin/tauri-driver ] || $(CARGO) install tauri-driver --version 2.1.0 --locked --root $(TOOLS)

test: test-deps ui tauri-driver
	$(MAKE) test-rust test-ui test-desktop

test-rust:
	$(CARGO) test --workspace --locked --no-fail-fast

# The UI's Vitest session tests and Playwright walks run against the real Rust service: npm test and
# npm run e2e build crates/api/examples/ui_test_server.rs (into CARGO_TARGET_DIR when set) and start
# it per test on a fresh database.
test-ui:
	cd ui && npm run check && npm test && npm run e2e

test-desktop:
	$(CARGO) build --locked -p secspec-desktop
	bash tests/desktop/no_network.sh $(DESKTOP_DEBUG)
	TAURI_DRIVER=$(TOOLS)/bin/tauri-driver SECSPEC_APP=$(DESKTOP_DEBUG) \
	  xvfb-run -a -s "-screen 0 1400x900x24" node --test tests/desktop/

# Fuzzing (docs/fuzzing.md): cargo fuzz (libFuzzer) on the stable toolchain; RUSTC_BOOTSTRAP
# lets stable rustc take the sanitizer flags cargo fuzz passes. Each target starts from its
# committed seeds (fuzz/corpus/<target>, read only) and grows a working corpus under build/fuzz;
# any crash, leak, timeout or out-of-memory fails the run and leaves its input in
# build/fuzz/artifacts/<target>/.
FUZZ_SECONDS ?= 30
FUZZ_SANITIZER ?= address
FUZZ_TARGETS ?= answers package checklist_xlsx read_docx read_odt read_pdf read_text
CARGO_FUZZ := $(TOOLS)/bin/cargo-fuzz
fuzz: deps
	@[ -x $(CARGO_FUZZ) ] || $(CARGO) install cargo-fuzz --version 0.13.2 --locked --root $(TOOLS)
	$(CARGO) fetch --locked --manifest-path fuzz/Cargo.toml
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(BUILD)/fuzz/corpus/$$t $(BUILD)/fuzz/artifacts/$$t; \
	  echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	  RUSTC_BOOTSTRAP=1 $(CARGO_FUZZ) run -s $(FUZZ_SANITIZER) --target-dir $(TARGET_DIR)/fuzz $$t \
	    $(BUILD)/fuzz/corpus/$$t fuzz/corpus/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=20 \
	    -artifact_prefix=$(BUILD)/fuzz/artifacts/$$t/ -print_final_stats=1; \
	done

# Crash safety (docs/crash-safety.md): SIGKILLs the release CLI at random moments of update, generate,
# checklist import and package import, checking the database and the output folder after every kill.
# Then SIGKILLs the desktop app DESKTOP_KILLS times while an officer types (tests/crash/desktop.mjs).
KILLS ?= 1000
ROUNDS ?= 150
DESKTOP_KILLS ?= 50
crash: test-deps ui tauri-driver
	$(CARGO) build --release --locked -p secspec-cli
	KILLS=$(KILLS) bash tests/crash/run.sh $(SECSPEC)
	ROUNDS=$(ROUNDS) bash tests/crash/races.sh $(SECSPEC)
	$(CARGO) build --locked -p secspec-desktop
	TAURI_DRIVER=$(TOOLS)/bin/tauri-driver SECSPEC_APP=$(DESKTOP_DEBUG) KILLS=$(DESKTOP_KILLS) \
	  xvfb-run -a -s "-screen 0 1400x900x24" node tests/crash/desktop.mjs

bench: test-deps ui tauri-driver
	$(CARGO) bench --locked -p secspec-render --bench document_set
	$(CARGO) bench --locked -p secspec-api --bench exchange
	bash tests/bench/compare_libreoffice.sh
	mkdir -p $(BUILD)/bench
	SECSPEC_BENCH_OUT=$(BUILD)/bench $(CARGO) bench --locked -p secspec-readers --bench check
	bash tests/bench/check_vs_libreoffice.sh $(BUILD)/bench/spec-100-pages.docx
	$(CARGO) build --release --locked -p secspec-desktop
	TAURI_DRIVER=$(TOOLS)/bin/tauri-driver bash tests/bench/desktop.sh $(DESKTOP_RELEASE)

# The Tauri bundler comes from the npm package @tauri-apps/cli (a registry package with its
# native binary), so no `cargo install tauri-cli` is needed.
package: ui
	cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb
	@ls -l $(TARGET_DIR)/release/bundle/deb/*.deb

lint: ui
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

clean:
	rm -rf $(BUILD) ui/dist
