#!/usr/bin/env bash
# Fuzzes the HTTP API against its own OpenAPI document (/openapi.json) with schemathesis: no response
# may be a 5xx, and every response must have a documented status code, content type and body.
#
# It starts a private PostgreSQL cluster in a fresh folder under /tmp, migrates and seeds it with the
# 2021 plan and its demo logins, serves on a free port, runs the README's season
# (examples/walkthrough.sh) so that there are documents and slips to fuzz against, and then runs
# schemathesis once per login in FUZZ_LOGINS with that login's bearer token. The server and the
# cluster stop at exit.
#
#   scripts/fuzz.sh                      # the short run `make fuzz` does
#   FUZZ_EXAMPLES=200 scripts/fuzz.sh    # more cases per operation
#
# FUZZ_EXAMPLES    cases per operation and phase (default 15)
# FUZZ_LOGINS      demo logins to fuzz as (default: the office, a village clerk, that village's street
#                  and a coal company clerk)
# FUZZ_SEED        schemathesis's random seed, to repeat a run (default: a new one each run)
# FUZZ_WORKERS     concurrent schemathesis workers (default 1)
# FUZZ_KNOWN_BUGS  avoid (default): steer around the known server bugs listed below; hit: send those
#                  inputs too
# FUZZ_KEEP=1      keeps the work folder (server log, schemathesis output and JUnit reports)
# COALFLOW         the executable (default .build/debug/coalflow; `make fuzz` builds it first)
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
VENV=.venv-fuzz
EXAMPLES=${FUZZ_EXAMPLES:-15}
LOGINS=${FUZZ_LOGINS:-office caiyuan-demo1 caiyuan demo-coal-a}
WORKERS=${FUZZ_WORKERS:-1}
KNOWN_BUGS=${FUZZ_KNOWN_BUGS:-avoid}
PASSWORD=demo-2021
COALFLOW=${COALFLOW:-.build/debug/coalflow}
PG_BIN=${COALFLOW_PG_BIN:-/usr/lib/postgresql/15/bin}

if [[ ! -x $COALFLOW ]]; then
  echo "fuzz: $COALFLOW is missing: run 'make build' first" >&2
  exit 1
fi
COALFLOW=$(cd "$(dirname "$COALFLOW")" && pwd)/$(basename "$COALFLOW")
case $KNOWN_BUGS in avoid | hit) ;; *) echo "fuzz: FUZZ_KNOWN_BUGS is avoid or hit" >&2; exit 64 ;; esac

# schemathesis, pinned, in a venv of its own (git-ignored).
if [[ "$("$VENV/bin/schemathesis" --version 2>/dev/null || true)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]]; then
  echo "== installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
st=$PWD/$VENV/bin/schemathesis

source scripts/seeded-server.sh
make_work fuzz
st_pid=
tail_pid=

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pid in $st_pid $tail_pid; do kill -TERM "$pid" 2>/dev/null || true; done
  finish_seeded_server "${FUZZ_KEEP:-0}" "fuzz: kept $work (server.log, reports/)" "$status"
}
trap_cleanup

start_seeded_server fuzz
echo "== serving on $base"

# Documents to look at and act on: the README's season makes registration D1 and summary D2, both
# filed, and slips S1…, which are the ids the document's examples name.
echo "== the README's season (examples/walkthrough.sh), for documents and slips to fuzz against"
mkdir -p "$work/export"
COALFLOW=$COALFLOW COALFLOW_SERVER=$base COALFLOW_CONFIG_DIR=$work/cli EXPORT_DIR=$work/export \
  bash examples/walkthrough.sh >"$work/walkthrough.log" 2>&1 || {
  echo "fuzz: examples/walkthrough.sh failed; its output:" >&2; cat "$work/walkthrough.log" >&2; exit 1; }

login() {
  curl -fsS -X POST "$base/api/v1/login" -H 'Content-Type: application/json' \
    --data "{\"login\":\"$1\",\"password\":\"$PASSWORD\"}" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}

# All checks (schemathesis runs every check unless told otherwise; naming them with --checks would
# override the per-operation settings below), with these settings:
# - Schema-valid input may still break a business rule that the document cannot state (a resident
#   ID's checksum, a known street, a document in the right state, an existing program year): 409 and
#   422 are accepted answers to it, besides 2xx, 401, 403 and 404.
# - /api/v1/audit/verify: head_sha256 without head_events is a documented 400, and head_events is
#   read only with head_sha256, so alone it is ignored whatever it holds (OpenAPI 3.0 cannot say that
#   one query parameter needs another).
cat >"$work/schemathesis.toml" <<'TOML'
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "401", "403", "404", "409", "422"]

[[operations]]
include-path = "/api/v1/audit/verify"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404"]
checks.negative_data_rejection.enabled = false
TOML

# Known server bugs. FUZZ_KNOWN_BUGS=avoid (the default) steers around exactly these inputs so that
# the rest of the API is checked; FUZZ_KNOWN_BUGS=hit sends them too. Drop a workaround once its bug
# is fixed.
known_bug_args=()
if [[ $KNOWN_BUGS == avoid ]]; then
  echo "== steering around known server behaviour (FUZZ_KNOWN_BUGS=hit checks it too):"
  echo "   - a method a path does not serve answers 404, not 405 with Allow (the router's behaviour)"
  known_bug_args=(--exclude-checks unsupported_method,allow_header_conformance)
fi

runs=0
failed=0
cases_total=0
summary=()
fuzz() { # name, token, extra schemathesis arguments...
  local name=$1 token=$2
  shift 2
  local out=$work/reports/$name
  mkdir -p "$out"
  echo
  echo "== schemathesis as $name, $EXAMPLES examples per operation"
  local status=0
  # In the background and waited for, so that a signal to this script stops it at once; in the work
  # folder, where it keeps its .schemathesis/ cache of failing cases (for `st replay` with FUZZ_KEEP=1).
  (cd "$work" && exec "$st" --config-file "$work/schemathesis.toml" --no-color run "$base/openapi.json" \
    ${known_bug_args[@]+"${known_bug_args[@]}"} \
    --max-examples "$EXAMPLES" --workers "$WORKERS" ${FUZZ_SEED:+--seed "$FUZZ_SEED"} \
    --header "Authorization: Bearer $token" \
    --request-timeout 30 --max-failures 50 --generation-database none \
    --report junit --report-junit-path "$out/junit.xml" \
    "$@" >"$out/output.txt" 2>&1 </dev/null) &
  st_pid=$!
  tail -n +1 -f --pid="$st_pid" "$out/output.txt" &
  tail_pid=$!
  wait "$st_pid" || status=$?
  wait "$tail_pid" 2>/dev/null || true
  st_pid= tail_pid=
  # schemathesis's own count: "Test cases:\n  N generated, …"
  local line cases
  line=$(grep -A1 '^Test cases:' "$out/output.txt" | tail -1 | sed 's/^ *//' || true)
  cases=$(sed -n 's/^\([0-9][0-9]*\) generated.*/\1/p' <<<"$line")
  cases_total=$((cases_total + ${cases:-0}))
  runs=$((runs + 1))
  if [[ $status == 0 ]]; then
    summary+=("$name: passed ($line)")
  else
    failed=$((failed + 1))
    summary+=("$name: FAILED, exit $status (${line:-no summary})")
  fi
  return 0
}

for who in $LOGINS; do
  # Logging out would revoke the token that the rest of the run uses: logout gets its own run below.
  fuzz "$who" "$(login "$who")" --exclude-path /api/v1/logout
done
# Logout, with a token of its own: the first call revokes it, and later calls must answer 401.
fuzz logout "$(login office)" --include-path /api/v1/logout

echo
echo "== fuzz summary: schemathesis $SCHEMATHESIS_VERSION, $EXAMPLES examples per operation, known bugs: $KNOWN_BUGS"
for line in "${summary[@]}"; do echo "   $line"; done
if [[ $failed == 0 ]]; then
  echo "fuzz: passed: $cases_total test cases in $runs runs"
else
  echo "fuzz: FAILED: $failed of $runs runs failed ($cases_total test cases)"
  exit 1
fi
