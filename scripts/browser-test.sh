#!/usr/bin/env bash
# The web interface in a real browser: headless Chromium, driven through chromedriver by the Python
# suite in Tests/browser/ (selenium, pinned with hashes in Tests/browser/requirements.txt, in a venv of
# its own, .venv-browser/, git-ignored).
#
# It starts a private PostgreSQL cluster in a fresh folder under /tmp, migrates and seeds it with the
# 2021 plan and its demo logins, serves on a free port, and prepares the documents the suite acts on
# through the command line (a household named <script>alert(1)</script> among them). The server and
# the cluster stop at exit, also when something fails. Screenshots of every page the suite visits go to
# .build/browser-screenshots/.
#
#   scripts/browser-test.sh                      # what `make test` and `make browser-test` run
#   scripts/browser-test.sh -k test_csrf         # only the tests whose name has test_csrf
#
# Arguments go to `python -m unittest` (e.g. -k PATTERN, -v is on already).
# COALFLOW            the executable (default .build/debug/coalflow; `make browser-test` builds it first)
# BROWSER_KEEP=1      keeps the work folder (server log, fixtures.json, the command line's output)
# BROWSER_SHOTS       where the screenshots go (default .build/browser-screenshots)
# CHROMEDRIVER        default /usr/bin/chromedriver; CHROMIUM default /usr/bin/chromium
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

VENV=.venv-browser
REQUIREMENTS=Tests/browser/requirements.txt
PASSWORD=demo-2021
COALFLOW=${COALFLOW:-.build/debug/coalflow}
PG_BIN=${COALFLOW_PG_BIN:-/usr/lib/postgresql/15/bin}
SHOTS=${BROWSER_SHOTS:-.build/browser-screenshots}
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
started=$(date +%s)
elapsed() { echo "$(($(date +%s) - started)) s"; }

if [[ ! -x $COALFLOW ]]; then
  echo "browser-test: $COALFLOW is missing: run 'make build' first" >&2
  exit 1
fi
COALFLOW=$(cd "$(dirname "$COALFLOW")" && pwd)/$(basename "$COALFLOW")
for tool in "$CHROMEDRIVER" "$CHROMIUM"; do
  [[ -x $tool ]] || { echo "browser-test: $tool is missing: run scripts/install-deps.sh" >&2; exit 1; }
done

# selenium, pinned with hashes, in a venv of its own (git-ignored); made again when the pins change.
if ! cmp -s "$REQUIREMENTS" "$VENV/requirements.txt" 2>/dev/null; then
  echo "== installing the browser suite's Python packages into $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --require-hashes --only-binary :all: \
    -r "$REQUIREMENTS"
  cp "$REQUIREMENTS" "$VENV/requirements.txt"
fi
python=$PWD/$VENV/bin/python

source scripts/seeded-server.sh
make_work browser
suite_pid=
stage=
cli_log=$work/cli.log

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ $status != 0 && $stage == prepare ]]; then
    echo "browser-test: preparing the documents through the command line failed; its output:" >&2
    cat "$cli_log" >&2
  fi
  # The suite runs in a session of its own: this stops chromedriver and Chromium with it.
  if [[ -n $suite_pid ]]; then
    kill -TERM -- "-$suite_pid" 2>/dev/null || true
    wait "$suite_pid" 2>/dev/null || true
  fi
  finish_seeded_server "${BROWSER_KEEP:-0}" "browser-test: kept $work (server.log, fixtures.json, cli.log)" "$status"
}
trap_cleanup

start_seeded_server browser-test
echo "== serving on $base ($(elapsed))"

# The documents the suite acts on, made through the command line, one config folder (and so one token)
# per login. Each registration is publicized for a week that has passed, so it can be submitted now.
as() { # login, coalflow arguments... (prints what the command prints; its errors go to the log)
  local login=$1
  shift
  COALFLOW_SERVER=$base COALFLOW_CONFIG_DIR=$work/cli/$login "$COALFLOW" "$@" 2>>"$cli_log"
}
login() {
  printf '%s\n' "$PASSWORD" | as "$1" login --login "$1" --password-stdin >>"$cli_log"
}
# Resident ID numbers with a right check character, in 泰山区 (370902), born in 1948: no demo
# household has them.
id_number() { # yyyymmdd, sequence
  python3 -c '
import sys
body = "370902" + sys.argv[1] + "%03d" % int(sys.argv[2])
weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
print(body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11])' "$1" "$2"
}
registration() { # village, series (0-99, keeps ID numbers apart), "name|address" lines...; prints its id
  local village=$1 series=$2 csv=$work/registration-$2.csv n=0
  shift 2
  printf '\xef\xbb\xbf户主姓名,住址,身份证号,联系电话,洁净煤(吨),炉具(台)\n' >"$csv"
  for line in "$@"; do
    n=$((n + 1))
    printf '%s,%s,%s,138053%05d,2,1\n' "${line%%|*}" "${line#*|}" "$(id_number 19480315 $((series * 10 + n)))" \
      $((series * 10 + n)) >>"$csv"
  done
  local form
  form=$(as "$village" registration create --year 2021 --file "$csv")
  as "$village" registration publicize "$form" --from 2021-09-01 --to 2021-09-07 >>"$cli_log"
  as "$village" submit "$form" >>"$cli_log"
  printf '%s\n' "$form"
}

echo "== documents for the suite, through the command line"
stage=prepare
for who in caiyuan-demo1 caiyuan-demo2 daimiao-demo1; do login "$who"; done
# In 财源街道's queue: one whose household is named <script>…, one to approve, one to return.
xss=$(registration caiyuan-demo1 1 '<script>alert(1)</script>|财源街道演示一村 <b>9</b> 号' '浏览器测试甲|财源街道演示一村 10 号')
approve=$(registration caiyuan-demo1 2 '浏览器测试乙|财源街道演示一村 11 号')
ret=$(registration caiyuan-demo2 3 '浏览器测试丙|财源街道演示二村 12 号')
# In 岱庙街道's: one that 财源街道 must not open.
other=$(registration daimiao-demo1 4 '浏览器测试丁|岱庙街道演示一村 13 号')
stage=
echo "   $xss (household <script>alert(1)</script>), $approve to approve, $ret to return: 财源街道's queue"
echo "   $other: 岱庙街道's ($(elapsed))"
fixtures=$work/fixtures.json
cat >"$fixtures" <<JSON
{
  "base": "$base",
  "password": "$PASSWORD",
  "xss_document": "$xss",
  "approve_document": "$approve",
  "return_document": "$ret",
  "other_street_document": "$other"
}
JSON

rm -rf "$SHOTS"
mkdir -p "$SHOTS"
echo "== the browser suite (Tests/browser/), headless $("$CHROMIUM" --version 2>/dev/null | head -1)"
status=0
# In the background and waited for, so that a signal to this script stops it at once; in a session of
# its own (setsid), so that cleanup can stop the browser it started too.
BROWSER_FIXTURES=$fixtures BROWSER_SHOTS=$PWD/$SHOTS SE_AVOID_STATS=true SE_OFFLINE=true \
  setsid "$python" -m unittest discover -s Tests/browser -p 'test_*.py' -t Tests/browser -v "$@" </dev/null &
suite_pid=$!
wait "$suite_pid" || status=$?
suite_pid=
shots=$(find "$SHOTS" -name '*.png' | wc -l)
echo "== $shots screenshots in $SHOTS; $(elapsed) in all"
if [[ $status != 0 ]]; then
  echo "browser-test: FAILED; the server's log ends:" >&2
  tail -n 30 "$work/server.log" >&2
  exit 1
fi
