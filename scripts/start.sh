#!/usr/bin/env bash
# Set up on embedded defaults (SQLite in var/, a trained model in models/) and start chatting.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 RASA_TELEMETRY_ENABLED=false
.venv/bin/hrbot setup
exec .venv/bin/hrbot chat "$@"
