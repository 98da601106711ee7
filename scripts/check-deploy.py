#!/usr/bin/env python3
"""Checks the production files that no test starts here (this machine has no Docker engine): the compose
file parses as YAML and says what the README's steps rely on. Exits 1 naming each problem."""
import sys
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
