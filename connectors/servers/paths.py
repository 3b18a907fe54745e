"""Where the project and its two environments live, so any command finds Rasa and the actions."""

from __future__ import annotations

import sys
from pathlib import Path

from store.settings import get_settings


def project_root() -> Path:
    """The checkout holding config.yml and domain.yml (HRBOT_PROJECT_ROOT overrides)."""
    env = get_settings().project_root
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve().parents[2]
    if (here / "config.yml").exists():
        return here
    return Path.cwd().resolve()


def rasa_python() -> Path:
    """The Rasa-server environment's interpreter (HRBOT_RASA_VENV overrides the venv)."""
    configured = get_settings().rasa_venv
    venv = project_root() / ".venv-rasa" if configured is None else Path(configured)
    return venv / "bin" / "python"


def app_python() -> Path:
    """The action/app environment's interpreter: the one running this code."""
    return Path(sys.executable)


def models_dir() -> Path:
    """Trained Rasa models: HRBOT_MODELS_DIR, else <project root>/models where `rasa train` puts them."""
    configured = get_settings().models_dir
    return Path(configured).resolve() if configured else project_root() / "models"


def latest_model() -> Path | None:
    """The newest model archive, or None if nothing was trained yet."""
    folder = models_dir()
    archives = sorted(folder.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime) if folder.exists() else []
    return archives[-1] if archives else None
