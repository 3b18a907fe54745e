"""Fixtures for the NLU tests. These run in the Rasa-server environment only:

    .venv-rasa/bin/python -m pytest tests/nlu

(the app environment has no Rasa; its pytest run passes --ignore=tests/nlu).

`nlu_model` trains the project's NLU (config.yml pipeline, data/nlu) once per session with the
`rasa train nlu` code path; set HRBOT_NLU_MODEL=/path/to/model.tar.gz to reuse a trained model
instead.
"""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path
from typing import Iterator

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "results" / "nlu"

TINY_NLU = """
version: "3.1"
nlu:
  - intent: greet
    examples: |
      - hi
      - hello there
      - good morning
      - hey bot
      - hello hello
      - hiya
  - intent: search_candidates
    examples: |
      - find [Python](skill) developers in [Berlin](location)
      - anyone with [PyTorch](skill) in [Amsterdam](location)?
      - show me [senior](seniority) people who know [SQL](skill)
      - who knows [Kubernetes](skill) in [Lisbon](location)
      - candidates with [Spark](skill) in [Paris](location)
      - search [junior](seniority) [React](skill) devs
  - intent: move_stage
    examples: |
      - move [Amara Okafor](person) to [onsite](stage)
      - [reject](stage) [Jonas Becker](person)
      - [hire](stage) [Priya Natarajan](person)
      - advance [Chen Wei](person) to [offer](stage)
      - push [Sofia Hernández](person) to [screening](stage)
      - [reject](stage) [Tom Smith](person) please
"""


@pytest.fixture(autouse=True, scope="session")
def _quiet_logs() -> None:
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    for name in ("rasa", "tensorflow", "absl"):
        logging.getLogger(name).setLevel(logging.WARNING)


@pytest.fixture()
def model_storage(tmp_path: Path):
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    (tmp_path / "storage").mkdir()
    return LocalModelStorage(tmp_path / "storage")


@pytest.fixture()
def execution_context():
    from rasa.engine.graph import ExecutionContext, GraphSchema

    return ExecutionContext(GraphSchema({}), node_name="minilm_test")


@pytest.fixture()
def tiny_nlu_yaml() -> str:
    return TINY_NLU


@pytest.fixture()
def tiny_training_data():
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    return RasaYAMLReader().reads(TINY_NLU)


@pytest.fixture(scope="session")
def nlu_model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The project's NLU model: trained once per test session (or HRBOT_NLU_MODEL)."""
    given = os.environ.get("HRBOT_NLU_MODEL")
    if given:
        path = Path(given)
        assert path.is_file(), f"HRBOT_NLU_MODEL={given} does not exist"
        yield path
        return
    from rasa.model_training import train_nlu

    out = tmp_path_factory.mktemp("nlu-model")
    model = train_nlu(str(ROOT / "config.yml"), str(ROOT / "data" / "nlu"), str(out), fixed_model_name="nlu", domain=str(ROOT / "domain.yml"))
    assert model, "rasa train nlu produced no model"
    yield Path(model)
