#!/usr/bin/env bash
# Set up on embedded defaults (SQLite in var/, a trained model in models/) and open the web chat.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
bash scripts/install.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 RASA_TELEMETRY_ENABLED=false
# set-up (seed, train) first; the indexes build while Rasa loads its model (`hrbot web --setup`)
echo "[start] install took $((SECONDS - started)) s; set-up, then Rasa, the action server and the web chat"
echo "[start] the web chat prints its address when it answers (a terminal chat instead: .venv/bin/hrbot chat)"
exec .venv/bin/hrbot web --setup "$@"
