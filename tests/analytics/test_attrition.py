"""The attrition model against the generator's truth: out of time it ranks better than tenure alone,
recovers the direction of every true effect, is calibrated, and never reads a protected attribute."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from sqlalchemy import event, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from analytics import FEATURE_NAMES, fit, load_history, out_of_time, score_current
from analytics.attrition import split_frames
from analytics.evaluation import c_index
from analytics.fairness import FOUR_FIFTHS, audit_out_of_time
from store.models import EmploymentProtected
from store.seeding.history import TRUE_EFFECTS

PROTECTED = ("gender", "age_band", "ethnicity", "age", "employment_protected")


def test_out_of_time_model_beats_tenure_and_finds_the_true_effects(history_store: Engine) -> None:
    with Session(history_store) as session:
        history = load_history(session)
    result = out_of_time(history)
    model, baseline = result["model"], result["baseline"]
    assert result["test"]["leavers"] > 50 and result["train"]["leavers"] > 50
    assert model["c_index"] >= baseline["c_index"] + 0.05
    assert model["auc_12m"] > baseline["auc_12m"]
    assert model["brier_12m"] <= baseline["brier_12m"] + 0.002  # calibration no worse (within noise)
    _, _, test = split_frames(history)
    truth = sum(effect * test[name] for name, effect in TRUE_EFFECTS.items())
    oracle = c_index(test["duration"].to_numpy(), test["event"].to_numpy(), truth.to_numpy())
    assert model["c_index"] >= oracle - 0.05  # close to what the true hazards themselves rank
    assert abs(model["predicted_leave_rate"] - model["observed_leave_rate"]) < 0.07
    for name, truth in TRUE_EFFECTS.items():  # every true effect found with its sign
        assert result["coefficients"][name] * truth > 0, name


def test_the_truth_file_is_written_beside_the_store(history_dir: Path) -> None:
    truth = json.loads((history_dir / "history_truth.json").read_text())
    assert truth["effects"] == TRUE_EFFECTS and truth["voluntary_leavers"] > 100


def test_no_protected_attribute_is_read_by_the_model(history_store: Engine) -> None:
    assert not {part for name in FEATURE_NAMES for part in (name, *name.split("_"))} & set(PROTECTED)
    statements: list[str] = []

    def spy(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        statements.append(statement.lower())

    event.listen(history_store, "before_cursor_execute", spy)
    try:
        with Session(history_store) as session:
            history = load_history(session)
    finally:
        event.remove(history_store, "before_cursor_execute", spy)
    assert statements and not any("protected" in s or "gender" in s for s in statements)
    before = [(r.person_id, round(r.probability, 9)) for r in score_current(history, fit(history))]

    with Session(history_store) as session:  # scramble every protected attribute: no score may move
        rows = session.exec(select(EmploymentProtected)).all()
        genders, bands = [r.gender for r in rows], [r.age_band for r in rows]
        random.Random(3).shuffle(genders)
        original = [{"employment_id": r.employment_id, "gender": r.gender, "age_band": r.age_band} for r in rows]
        scrambled = [{"employment_id": r["employment_id"], "gender": g, "age_band": b}
                     for r, g, b in zip(original, genders, reversed(bands), strict=True)]
        session.execute(update(EmploymentProtected), scrambled)  # bulk update by primary key
        session.commit()
        assert session.exec(select(EmploymentProtected.gender)).all() == genders
        after = [(r.person_id, round(r.probability, 9)) for r in score_current(load_history(session),
                                                                                 fit(load_history(session)))]
        session.execute(update(EmploymentProtected), original)
        session.commit()
    assert after == before


def test_every_score_explains_itself_with_direction(history_store: Engine) -> None:
    with Session(history_store) as session:
        history = load_history(session)
    risks = score_current(history, fit(history))
    assert len(risks) == 300 and risks[0].probability >= risks[-1].probability
    top = risks[0]
    assert top.factors and all(f.name in FEATURE_NAMES for f in top.factors)
    assert any(f.raises for f in top.factors)  # the riskiest person's risk is raised by something named


def test_fairness_audit_reports_groups_and_the_four_fifths_rule(history_store: Engine) -> None:
    with Session(history_store) as session:
        report = audit_out_of_time(session, load_history(session))
    for attribute in ("gender", "age_band"):
        block = report["attributes"][attribute]
        groups = {g["group"]: g for g in block["groups"]}
        assert sum(g["n"] for g in groups.values()) == report["rows"]
        judged = [g for g in groups.values() if g["judged"]]
        assert block["four_fifths_rule"] == all(g["impact_ratio"] >= FOUR_FIFTHS for g in judged)
        assert max(g["impact_ratio"] for g in judged) == pytest.approx(1.0)
        assert all(0 <= g["flag_rate"] <= 1 and 0 <= g["predicted"] <= 1 for g in groups.values())
    assert {"female", "male"} <= {g["group"] for g in report["attributes"]["gender"]["groups"]}
