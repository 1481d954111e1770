# Seawall. `make run` builds and starts it on http://127.0.0.1:3000 with an
# embedded SQLite database in ./data/; `make test` runs every test.

SHELL := /bin/bash
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(PATH)
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)

.PHONY: run demo dev build test tools fmt

run: build
	mkdir -p data
	LEPTOS_SITE_ROOT=target/site "$(TARGET_DIR)/release/seawall"

# Like `run`, and creates the demo organisation (one member of each role).
demo: build
	mkdir -p data
	LEPTOS_SITE_ROOT=target/site "$(TARGET_DIR)/release/seawall" --demo

build: tools
	bash scripts/release-build.sh

# Rebuilds and restarts on every change.
dev: tools
	cargo leptos watch

test:
	bash scripts/test.sh

tools:
	bash scripts/ensure-tools.sh

fmt:
	cargo fmt --all
