#!/usr/bin/env bash
# Builds the two environments Rasa deploys as: .venv-rasa (Rasa server + NLU) and .venv (actions/app).
# Idempotent: an environment is rebuilt only when its lock file (or pyproject.toml) changed.
# Installs with uv (pinned, bootstrapped into .venv-tools) from the same exact-pinned lock files and
# the same package sources pip is configured with; HRBOT_INSTALLER=pip uses pip instead.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3.11}"
UV_VERSION="0.13.9"
INSTALLER="${HRBOT_INSTALLER:-uv}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
T_START=$SECONDS

pip_in() {  # $1 = venv, rest = pip install args; hides the machine's noisy find-links warnings
  local venv="$1"; shift
  "$venv/bin/python" -m pip install -q "$@" 2>&1 | { grep -v "^WARNING: Location" || true; }
  return "${PIPESTATUS[0]}"
}

uv_sources=()
bootstrap_uv() {  # uv in its own small venv; the package sources pip is configured with, for uv too
  if [[ ! -x .venv-tools/bin/uv || "$(.venv-tools/bin/uv --version 2>/dev/null)" != "uv $UV_VERSION"* ]]; then
    "$PY" -m venv .venv-tools && pip_in .venv-tools "uv==$UV_VERSION"
  fi
  local key value
  for key in find-links extra-index-url index-url constraint; do
    value="$("$PY" -m pip config get "global.$key" 2>/dev/null || true)"
    for item in $value; do
      case "$key" in
        find-links) uv_sources+=(--find-links "$item") ;;
        extra-index-url) uv_sources+=(--extra-index-url "$item") ;;
        index-url) uv_sources+=(--index-url "$item") ;;
        constraint) uv_sources+=(--constraint "$item") ;;
      esac
    done
  done
  # pip weighs every source alike; so does uv with this strategy (the lock pins every version anyway)
  uv_sources+=(--index-strategy unsafe-best-match)
}

install_in() {  # $1 = venv, rest = install args (same meaning for pip and uv)
  local venv="$1"; shift
  if [[ "$INSTALLER" == "uv" ]]; then
    VIRTUAL_ENV="$venv" .venv-tools/bin/uv pip install -q "${uv_sources[@]}" "$@"
  else
    pip_in "$venv" "$@"
  fi
}

new_venv() {  # $1 = venv dir
  [[ -x "$1/bin/python" ]] && return
  if [[ "$INSTALLER" == "uv" ]]; then
    .venv-tools/bin/uv venv -q --seed -p "$PY" "$1"  # --seed: pip stays usable inside the venv
  else
    "$PY" -m venv "$1"
  fi
}

build_env() {  # $1 = venv dir, $2 = lock file, $3 = extra step function, rest = flags for the lock
  local venv="$1" lock="$2" extra="$3"; shift 3
  local stamp="$venv/.hrbot-lock" want
  want="$(cat "$lock" pyproject.toml | sha256sum | cut -c1-16)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    echo "[install] $venv is up to date"; return
  fi
  echo "[install] building $venv from $lock ($INSTALLER)"
  local t0=$SECONDS
  new_venv "$venv"
  install_in "$venv" "$@" -r "$lock"
  "$extra" "$venv"
  install_in "$venv" --no-deps -e .
  echo "$want" > "$stamp"
  echo "[install] $venv ready in $((SECONDS - t0)) s"
}

rasa_extra() {
  # rasa 3.6.21 and rasa-sdk 3.6.2 declare Requires-Python <3.11 and pin releases with no 3.11
  # wheels, so a resolver cannot take them here. Their dependency set, re-pinned for 3.11 and
  # verified, is the lock installed above; the two packages themselves go in without deps
  # (uv does not check Requires-Python with --no-deps; pip needs --ignore-requires-python).
  if [[ "$INSTALLER" == "uv" ]]; then
    install_in "$1" --no-deps rasa==3.6.21 rasa-sdk==3.6.2
  else
    pip_in "$1" --no-deps --ignore-requires-python rasa==3.6.21 rasa-sdk==3.6.2
  fi
}
app_extra() { :; }

if [[ "$INSTALLER" == "uv" ]]; then
  bootstrap_uv || { echo "[install] uv could not be installed; using pip"; INSTALLER=pip; }
fi
# The Rasa lock is a complete verified freeze installed as-is (--no-deps): rasa needs
# packaging<21 (it imports LegacyVersion) while newer TF/transformers metadata asks for more,
# a conflict on paper only (see requirements/README.md).
build_env .venv-rasa requirements/rasa-server.txt rasa_extra --no-deps
build_env .venv requirements/app.txt app_extra
echo "[install] done in $((SECONDS - T_START)) s"
