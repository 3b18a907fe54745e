"""Two code versions of the project scored in one run: a baseline commit (`git archive`) and this tree.

Each version runs the calling benchmark script as a worker in its own process, with only that version's
code importable, so the baseline never borrows a module from this tree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def short_commit(rev: str) -> str:
    """The short hash `rev` names in this repository."""
    return subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, check=True, capture_output=True,
                          text=True).stdout.strip()


@contextmanager
def exported(commit: str, prefix: str) -> Iterator[Path]:
    """The files of `commit` in a temporary folder, for the block's duration."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        archive = subprocess.run(["git", "archive", commit], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        yield Path(tmp)


def run_worker(script: str, label: str, code: Path, *args: str) -> dict[str, Any]:
    """`script --worker OUT ARGS` run in `code` with only `code` importable; its JSON result, labelled."""
    env = dict(os.environ, PYTHONPATH=str(code), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        target = Path(handle.name)
    try:
        subprocess.run([sys.executable, str(Path(script).resolve()), "--worker", str(target), *args], cwd=code,
                       env=env, check=True)
        result = json.loads(target.read_text())
    finally:
        target.unlink(missing_ok=True)
    result["code"] = label
    return result


def become_worker() -> None:
    """In a worker: this version's code first, and no editable-install fallback to the checkout's modules."""
    sys.path.insert(0, os.getcwd())
    sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in getattr(f, "__module__", "")]
