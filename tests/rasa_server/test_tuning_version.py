"""The tuning patches install only on the Rasa they were verified against; `python -m rasa_server` says so and stops."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import rasa.version

from rasa_server import RasaServerError, TuningVersionError
from rasa_server import tuning as rasa_tuning
from rasa_server.__main__ import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def patched(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records which patch would be installed, instead of installing it."""
    called: list[str] = []
    for name in ("action_check", "event_types", "json_encoding"):
        monkeypatch.setattr(getattr(rasa_tuning, name), "install", lambda name=name: called.append(name))
    return called


def test_the_environment_runs_the_verified_rasa() -> None:
    assert rasa.version.__version__ == rasa_tuning.VERIFIED_RASA
    rasa_tuning.check_rasa_version()


def test_install_on_the_verified_rasa_installs_every_patch(patched: list[str]) -> None:
    rasa_tuning.install()
    assert patched == ["action_check", "event_types", "json_encoding"]


@pytest.mark.parametrize("other", ["3.6.20", "3.6.22", "3.7.0", "4.0.0"])
def test_install_refuses_another_rasa_and_patches_nothing(monkeypatch: pytest.MonkeyPatch, patched: list[str], other: str) -> None:
    monkeypatch.setattr(rasa.version, "__version__", other)
    with pytest.raises(TuningVersionError) as refused:
        rasa_tuning.install()
    assert patched == []
    message = str(refused.value)
    assert f"Rasa {other} is installed" in message and "verified against Rasa 3.6.21" in message
    assert isinstance(refused.value, RasaServerError)


def test_main_stops_with_the_message_before_rasa_starts(monkeypatch: pytest.MonkeyPatch, patched: list[str]) -> None:
    monkeypatch.setattr(rasa.version, "__version__", "3.7.0")
    with pytest.raises(SystemExit) as stopped:
        main()
    assert str(stopped.value.code).startswith("rasa_server: hrbot's Rasa tuning") and patched == []


def test_the_refusal_is_one_message_not_a_traceback() -> None:
    """The real entry point in a fresh interpreter, with the version patched before `main` runs."""
    code = "import rasa.version; rasa.version.__version__ = '3.7.0'; from rasa_server.__main__ import main; main()"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().startswith("rasa_server: hrbot's Rasa tuning") and "Rasa 3.7.0 is installed" in done.stderr
