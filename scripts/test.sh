#!/usr/bin/env bash
# The project's test command (README, `make test`, .ci/run): installs what it needs, then runs
# every test, including training a real Rasa model and talking to it through its HTTP API.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh

# Real servers the tests start themselves: PostgreSQL (store and the scaled stack's tracker store),
# Redis (the scaled stack's lock store), and headless Chromium for the web chat (Playwright drives
# the Debian build; never `playwright install`).
missing=()
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
[[ -x /usr/bin/chromium ]] || missing+=(chromium chromium-driver)
if (( ${#missing[@]} )); then
  echo "[test] installing Debian packages: ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 RASA_TELEMETRY_ENABLED=false
mkdir -p results
status=0
echo "[test] Rasa-server environment: NLU components, regression, held-out evaluation"
.venv-rasa/bin/python -m pytest tests/nlu tests/rasa_server "$@" || status=$?
echo "[test] action/app environment: unit, store, retrieval, channel, action and end-to-end tests"
.venv/bin/python -m pytest tests --ignore=tests/nlu --ignore=tests/rasa_server "$@" || status=$?
exit "$status"
