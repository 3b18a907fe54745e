#!/usr/bin/env bash
# The project's test command (README, `make test`, .ci/run): installs what it needs, then runs
# every test, including training a real Rasa model and talking to it through its HTTP API.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh

# A real PostgreSQL server for the PostgreSQL path (tests start their own throwaway cluster).
if ! compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; then
  echo "[test] installing PostgreSQL server binaries"
  if [[ $(id -u) -eq 0 ]]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi

# Headless Chromium for the web chat tests (Playwright drives the Debian build; never `playwright install`).
if [[ ! -x /usr/bin/chromium ]]; then
  echo "[test] installing Debian chromium"
  if [[ $(id -u) -eq 0 ]]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 RASA_TELEMETRY_ENABLED=false
mkdir -p results
status=0
echo "[test] Rasa-server environment: NLU components, regression, held-out evaluation"
.venv-rasa/bin/python -m pytest tests/nlu "$@" || status=$?
echo "[test] action/app environment: unit, store, retrieval, channel, action and end-to-end tests"
.venv/bin/python -m pytest tests --ignore=tests/nlu "$@" || status=$?
exit "$status"
