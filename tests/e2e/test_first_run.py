"""The README's first command on a fresh data folder, then a recruiter's first question in Chromium.

`scripts/start.sh` (what `make start` runs) does the set-up itself: nothing here seeds, indexes
or starts a server for it. Only the model is reused (HRBOT_MODELS_DIR), as training is what the
session's `trained_model` already proved.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from connectors.servers import free_port, project_root
from tests.connectors.web.browser import chromium

pytestmark = pytest.mark.slow

SETUP_TIMEOUT_S = 900


class FirstRun:
    """`bash scripts/start.sh` running in its own process group, its output in a log."""

    def __init__(self, proc: subprocess.Popen[bytes], log: Path, url: str) -> None:
        self.proc, self.log, self.url = proc, log, url

    def output(self) -> str:
        """Everything the command printed so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_answering(self) -> None:
        """Until the web chat answers, failing with the output if the command stopped first."""
        deadline = time.monotonic() + SETUP_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"start.sh stopped (exit {self.proc.returncode}):\n{self.output()[-4000:]}"
            try:
                if httpx.get(self.url, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(1)
        pytest.fail(f"no web chat within {SETUP_TIMEOUT_S} s:\n{self.output()[-4000:]}")


@pytest.fixture
def first_run(trained_model: Path, tmp_path: Path) -> Iterator[FirstRun]:
    """The first command on an empty data folder; SIGTERM at the end stops it and its servers."""
    models = tmp_path / "models"
    models.mkdir()
    (models / trained_model.name).symlink_to(trained_model)
    env = {**os.environ, "HRBOT_DATA_DIR": str(tmp_path / "var"), "HRBOT_MODELS_DIR": str(models),
           "DATABASE_URL": "", "HRBOT_INDEX_DIR": "", "HRBOT_VECTOR_BACKEND": ""}
    port, nobody = free_port(), free_port()
    log = tmp_path / "start.log"
    with open(log, "wb") as handle:
        proc = subprocess.Popen(["bash", "scripts/start.sh", "--port", str(port), "--url", f"http://127.0.0.1:{nobody}"],
                                cwd=project_root(), env=env, stdout=handle, stderr=subprocess.STDOUT,
                                start_new_session=True)
    run = FirstRun(proc, log, f"http://127.0.0.1:{port}/")
    try:
        yield run
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    assert "Traceback" not in run.output()


def test_first_command_then_a_recommendation_with_its_explanation(first_run: FirstRun) -> None:
    first_run.wait_answering()
    printed = first_run.output()
    assert "seeded 2000 candidates" in printed and "set-up done in" in printed
    for part in ("seed", "index"):
        assert f"{part} " in printed.split("set-up done in", 1)[1].splitlines()[0]
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        page.goto(first_run.url)
        page.wait_for_selector("#who option[value=recruiter]", state="attached")
        page.select_option("#who", "recruiter")
        page.fill("#message", "best candidates for the Senior NLP Engineer role")
        page.press("#message", "Enter")
        answer = page.locator(".msg.bot:not(.typing)").first
        answer.wait_for(timeout=120_000)
        shown = answer.inner_text()
        assert "index hasn't been built" not in shown and "hrbot index build" not in shown, shown
        assert answer.get_attribute("data-type") == "candidate_list", shown
        cards = answer.locator(".card[data-candidate]")
        assert cards.count() >= 3
        first = cards.first.inner_text()
        assert "match " in first and "required " in first, first
        assert cards.first.locator(".evidence").count() == 1
        (project_root() / "results").mkdir(exist_ok=True)
        page.screenshot(path=str(project_root() / "results" / "first-run.png"), full_page=True)
