"""The Rasa-server package's tests run in `.venv-rasa`, like tests/nlu (the app run ignores both)."""

from __future__ import annotations

import os

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
