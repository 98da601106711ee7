#!/usr/bin/env python3
"""Checks the production files that no test starts as they would run (this machine has no Docker engine
and no systemd running): the compose file parses as YAML and says what the README's steps rely on, and
the systemd unit verifies. Exits 1 naming each problem."""
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

root = Path(__file__).resolve().parent.parent
problems = []

try:
    compose = yaml.safe_load((root / "docker/compose.yaml").read_text())
except yaml.YAMLError as error:
    sys.exit(f"docker/compose.yaml is not valid YAML: {error}")

app = compose.get("services", {}).get("coalflow", {})
environment = app.get("environment", {})
if not isinstance(environment, dict):
    problems.append("services.coalflow.environment must be a mapping")
else:
    for key in ("DATABASE_URL", "APP_DATABASE_URL", "COALFLOW_DATA_KEYS_FILE"):
        if key not in environment:
            problems.append(f"services.coalflow.environment lacks {key}")
secrets = app.get("secrets", [])
if not isinstance(secrets, list) or not all(isinstance(s, str) for s in secrets):
    problems.append("services.coalflow.secrets must be a list of secret names")
for name in secrets if isinstance(secrets, list) else []:
    if not isinstance(name, str) or name not in compose.get("secrets", {}):
        problems.append(f"services.coalflow.secrets names {name!r}, which the file does not define")
if app.get("depends_on", {}).get("db", {}).get("condition") != "service_healthy":
    problems.append("coalflow must wait for a healthy database")

if problems:
    sys.exit("docker/compose.yaml: " + "; ".join(problems))
print("docker/compose.yaml: ok")


# The systemd unit: `systemd-analyze verify` where systemd is installed (it also wants ExecStart's
# program to exist, so the check runs on a copy pointing at a stand-in), else the keys the README relies on.
unit = (root / "deploy/coalflow.service").read_text()
exec_start = next((line for line in unit.splitlines() if line.startswith("ExecStart=")), "")
for needed in ("EnvironmentFile=/etc/coalflow/coalflow.env", "User=coalflow", "WantedBy=multi-user.target"):
    if needed not in unit.splitlines():
        problems.append(f"deploy/coalflow.service lacks {needed}")
if not exec_start.startswith("ExecStart=/opt/coalflow/bin/coalflow serve ") or "--tls-cert" not in exec_start:
    problems.append("deploy/coalflow.service must start /opt/coalflow/bin/coalflow serve over TLS")
analyze = shutil.which("systemd-analyze")
if analyze:
    with tempfile.TemporaryDirectory() as folder:
        stand_in = Path(folder) / "coalflow"
        shutil.copy("/bin/true", stand_in)
        copy = Path(folder) / "coalflow.service"
        copy.write_text(unit.replace("/opt/coalflow/bin/coalflow", str(stand_in)))
        result = subprocess.run([analyze, "verify", "--man=no", str(copy)], capture_output=True, text=True)
        if result.returncode != 0 or result.stderr.strip():
            problems.append("systemd-analyze verify: " + (result.stderr.strip() or f"exit {result.returncode}"))
if problems:
    sys.exit("deploy/coalflow.service: " + "; ".join(problems))
print("deploy/coalflow.service: ok" + ("" if analyze else " (parsed; systemd-analyze is not installed)"))
