# coalflow: `make run` to try it, `make test` to check it. Both install what is missing first.
SWIFT ?= swift
BIN := .build/debug/coalflow
# Where `make run` keeps its private PostgreSQL cluster.
DATA_DIR ?= ./.coalflow
PORT ?= 8080

.PHONY: all deps build lint format test browser-test run bench fuzz clean

all: build

deps:
	@scripts/install-deps.sh

# One build for everything: `swift build` without the tests compiles every module a second time with
# other flags, so run and test share the same build by always including the tests.
build: deps
	$(SWIFT) build --build-tests

# The code's one format (.swift-format: 130 columns); `make format` rewrites it so. Also parses the
# production files no test starts here (no Docker engine on these machines).
lint: deps
	$(SWIFT) format lint --strict -r Sources Tests Package.swift
	python3 scripts/check-deploy.py

format:
	$(SWIFT) format format -i -r Sources Tests Package.swift

# Checks the format, builds everything (the CLI tests drive the built executable), then runs every test
# against a throwaway PostgreSQL cluster the tests start themselves, and last the web pages in headless
# Chromium (scripts/browser-test.sh).
test: lint build
	$(SWIFT) test --skip-build
	scripts/browser-test.sh

# The web interface in headless Chromium (selenium, pinned in Tests/browser/requirements.txt, in
# .venv-browser/) against a private seeded server; screenshots in .build/browser-screenshots/.
browser-test: build
	scripts/browser-test.sh

# Private database in $(DATA_DIR), migrated and seeded with the 2021 plan and demo logins, then the
# server on 127.0.0.1:$(PORT). Ctrl-C stops the server and the database.
run: build
	$(BIN) migrate --data-dir $(DATA_DIR)
	$(BIN) admin seed taishan-2021 --demo --data-dir $(DATA_DIR)
	$(BIN) serve --data-dir $(DATA_DIR) --port $(PORT)

# Schemathesis (pinned, in .venv-fuzz/) against the server's own /openapi.json, on a private seeded
# database: no 5xx, every response as documented. FUZZ_EXAMPLES=N for more cases; see scripts/fuzz.sh.
fuzz: build
	scripts/fuzz.sh

# Release build, then the benchmark against its own private PostgreSQL: a table on stdout and
# bench/results/latest.json. SCALE=province for 2,000,000 households (long).
SCALE ?= district
bench: deps
	$(SWIFT) build -c release --product coalflow
	$(SWIFT) build -c release --product coalflow-bench
	.build/release/coalflow-bench --scale $(SCALE) --coalflow .build/release/coalflow --output bench/results/latest.json

clean:
	rm -rf .build
