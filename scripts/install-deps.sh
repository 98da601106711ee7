#!/usr/bin/env bash
# Installs the Debian packages coalflow needs, if they are missing: PostgreSQL 15 (server and client)
# and the tools the tests use, Chromium among them. Safe to run again; does nothing when all is there.
set -euo pipefail

missing=()
[[ -x /usr/lib/postgresql/15/bin/pg_ctl ]] || missing+=(postgresql-15)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client-15)
command -v curl >/dev/null 2>&1 || missing+=(curl)
# Excel exports are written with libxlsxwriter; the tests read them back with unzip.
pkg-config --exists xlsxwriter 2>/dev/null || missing+=(libxlsxwriter-dev pkg-config)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
# The production files (docker/compose.yaml) are parsed by scripts/check-deploy.py.
python3 -c 'import yaml' >/dev/null 2>&1 || missing+=(python3-yaml)
# The browser suite (scripts/browser-test.sh) drives headless Chromium through chromedriver, with
# selenium in a venv of its own.
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
# A Chinese font, or the suite's screenshots show boxes where the pages have Chinese.
[[ -n $(fc-list :lang=zh family 2>/dev/null) ]] || missing+=(fonts-wqy-microhei)

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "Installing: ${missing[*]}" >&2
if [[ $(id -u) -eq 0 ]]; then
  apt=(apt-get)
elif command -v sudo >/dev/null 2>&1; then
  apt=(sudo apt-get)
else
  echo "Missing packages (${missing[*]}) and no root: install them with apt-get as root." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${apt[@]}" update -qq
"${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}"
