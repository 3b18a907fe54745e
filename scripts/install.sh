#!/usr/bin/env bash
# Builds the two environments Rasa deploys as: .venv-rasa (Rasa server + NLU) and .venv (actions/app).
# Idempotent: an environment is rebuilt only when its lock file (or pyproject.toml) changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3.11}"
export PIP_DISABLE_PIP_VERSION_CHECK=1

pip_in() {  # $1 = venv, rest = pip install args; hides the machine's noisy find-links warnings
  local venv="$1"; shift
  "$venv/bin/python" -m pip install -q "$@" 2>&1 | { grep -v "^WARNING: Location" || true; }
  return "${PIPESTATUS[0]}"
}

build_env() {  # $1 = venv dir, $2 = lock file, $3 = extra step function, rest = pip flags for the lock
  local venv="$1" lock="$2" extra="$3"; shift 3
  local stamp="$venv/.hrbot-lock" want
  want="$(cat "$lock" pyproject.toml scripts/install.sh | sha256sum | cut -c1-16)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    echo "[install] $venv is up to date"; return
  fi
  echo "[install] building $venv from $lock"
  local t0=$SECONDS
  [[ -x "$venv/bin/python" ]] || "$PY" -m venv "$venv"
  pip_in "$venv" "$@" -r "$lock"
  "$extra" "$venv"
  pip_in "$venv" --no-deps -e .
  echo "$want" > "$stamp"
  echo "[install] $venv ready in $((SECONDS - t0)) s"
}

rasa_extra() {
  # rasa 3.6.21 and rasa-sdk 3.6.2 declare Requires-Python <3.11 and pin releases with no 3.11
  # wheels, so pip cannot resolve them here. Their dependency set, re-pinned for 3.11 and
  # verified, is the lock installed above; the two packages themselves go in --no-deps.
  pip_in "$1" --no-deps --ignore-requires-python rasa==3.6.21 rasa-sdk==3.6.2
}
app_extra() { :; }

# The Rasa lock is a complete verified freeze installed as-is (--no-deps): rasa needs
# packaging<21 (it imports LegacyVersion) while newer TF/transformers metadata asks for more,
# a conflict on paper only (see requirements/README.md).
build_env .venv-rasa requirements/rasa-server.txt rasa_extra --no-deps
build_env .venv requirements/app.txt app_extra
