"""The NLU training data keeps the intent/entity contract, its annotations normalise to canonical
catalog values, the lookups are current, and the evaluation splits never leak into training."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Dict, List

import pytest
import yaml
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.loading import load_data

from nlu import lookups

ROOT = Path(__file__).resolve().parents[2]
RECRUITER = ["search_candidates", "recommend_candidates", "candidate_profile", "application_status",
             "pipeline_summary", "role_info", "salary_range", "shortlist_candidate", "move_stage",
             "compare_candidates", "screen_applicants"]
COACHING = ["recommend_training", "skill_gap", "career_path"]
EMPLOYEE_HR = ["ask_policy", "leave_balance", "request_leave", "cancel_leave"]
ANALYTICS = ["attrition_risk", "attrition_reason", "forecast_leavers", "forecast_hires"]
CONVERSATION = ["greet", "goodbye", "thank", "help", "affirm", "deny", "bot_challenge", "out_of_scope"]
CONTRACT_INTENTS = set(RECRUITER + COACHING + EMPLOYEE_HR + ANALYTICS + CONVERSATION)
CONTRACT_ENTITIES = {"skill", "location", "seniority", "role", "person", "stage", "team"}
BUTTON_ENTITIES = {"item_type", "item_id"}  # only in thumbs-button payloads, never extracted from text
STAGES = {"applied", "screening", "phone_screen", "technical_interview", "onsite", "offer", "hired", "rejected"}


@pytest.fixture(scope="module")
def training():
    return load_data(str(ROOT / "data" / "nlu"))


@pytest.fixture(scope="module")
def synonyms(training) -> Dict[str, str]:
    syn = {k.lower(): v for k, v in training.entity_synonyms.items()}
    for v in list(syn.values()):
        syn.setdefault(v.lower(), v)
    return syn


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def test_lookups_are_generated_from_the_current_catalog() -> None:
    assert lookups.main(["--check"]) == 0, "run `.venv-rasa/bin/python -m nlu.lookups` and commit data/nlu/lookups/"


def test_domain_and_training_data_keep_the_contract(training) -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    assert set(domain["intents"]) == CONTRACT_INTENTS
    assert set(domain["entities"]) == CONTRACT_ENTITIES | BUTTON_ENTITIES
    counts = Counter(m.get("intent") for m in training.training_examples if m.get("intent"))
    assert set(counts) == CONTRACT_INTENTS
    thin = {i: n for i, n in counts.items() if n < (50 if i in RECRUITER + COACHING else 20)}
    assert not thin, f"too few training examples: {thin}"
    annotated = {e["entity"] for m in training.training_examples for e in m.get("entities") or []}
    assert annotated == CONTRACT_ENTITIES


def test_no_example_is_labelled_with_two_intents(training) -> None:
    seen: Dict[str, str] = {}
    clashes = []
    for m in training.training_examples:
        if not m.get("text"):
            continue
        key = _norm(m.get("text"))
        if key in seen and seen[key] != m.get("intent"):
            clashes.append((m.get("text"), seen[key], m.get("intent")))
        seen[key] = m.get("intent")
    assert not clashes


def _check_annotations(examples, synonyms) -> List[str]:
    tok = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    canonical = {entity: set(values) for entity, values in lookups.collect().items()}
    canonical["stage"] = STAGES
    problems = []
    for m in examples:
        if not m.get("text"):
            continue
        tokens = tok.tokenize(m, "text")
        starts, ends = {t.start for t in tokens}, {t.end for t in tokens}
        for e in m.get("entities") or []:
            if e["start"] not in starts or e["end"] not in ends:
                problems.append(f"misaligned {e['entity']} {m.get('text')[e['start']:e['end']]!r} in {m.get('text')!r}")
            value = str(e["value"])
            value = synonyms.get(value.lower(), value)
            if e["entity"] in canonical and value not in canonical[e["entity"]]:
                problems.append(f"{e['entity']} {value!r} is not a canonical value (in {m.get('text')!r})")
    return problems


def test_training_annotations_align_and_normalise(training, synonyms) -> None:
    assert _check_annotations(training.training_examples, synonyms) == []


@pytest.mark.parametrize("split", ["heldout.yml", "regression.yml"])
def test_evaluation_splits(training, synonyms, split) -> None:
    data = load_data(str(ROOT / "tests" / "nlu" / split))
    counts = Counter(m.get("intent") for m in data.training_examples)
    assert set(counts) == CONTRACT_INTENTS
    minimum = 10 if split == "heldout.yml" else 4
    assert min(counts.values()) >= minimum
    train_texts = {_norm(m.get("text")) for m in training.training_examples if m.get("text")}
    leaked = [m.get("text") for m in data.training_examples if _norm(m.get("text")) in train_texts]
    assert not leaked, f"{split} lines also in data/nlu: {leaked}"
    assert _check_annotations(data.training_examples, synonyms) == []


def test_regression_and_heldout_are_disjoint() -> None:
    held = {_norm(m.get("text")) for m in load_data(str(ROOT / "tests" / "nlu" / "heldout.yml")).training_examples}
    reg = {_norm(m.get("text")) for m in load_data(str(ROOT / "tests" / "nlu" / "regression.yml")).training_examples}
    assert not held & reg


def test_every_intent_has_a_flow() -> None:
    """Each contract intent starts a rule that answers it; no "not available yet" answers remain."""
    first_steps = {}
    for path in sorted((ROOT / "data" / "rules").glob("*.yml")):
        for rule in yaml.safe_load(path.read_text())["rules"]:
            steps = rule["steps"]
            if "intent" in steps[0] and "condition" not in rule:
                first_steps[steps[0]["intent"]] = steps[1]["action"]
    assert set(first_steps) >= CONTRACT_INTENTS
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    assert "utter_not_available_yet" not in domain["responses"]
    custom = {a if isinstance(a, str) else next(iter(a)) for a in domain["actions"]}
    for intent in RECRUITER + COACHING + EMPLOYEE_HR:
        assert first_steps[intent] in custom | set(domain.get("forms", {})), intent