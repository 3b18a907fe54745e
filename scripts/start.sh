#!/usr/bin/env bash
# Set up on embedded defaults (SQLite in var/, a trained model in models/) and open the web chat.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 RASA_TELEMETRY_ENABLED=false
.venv/bin/hrbot setup
echo "Web chat: http://127.0.0.1:8080  (terminal instead: .venv/bin/hrbot chat)"
exec .venv/bin/hrbot web "$@"
