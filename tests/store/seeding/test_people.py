"""The people generator: deterministic, internally consistent, realistic enough to test search on."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from store.engine import get_engine, init_db
from store.models import (
    FUNNEL,
    Application,
    AuditLog,
    Candidate,
    CandidateSkill,
    CourseCompletion,
    Employee,
    EmployeeSkill,
    ProtectedAttributes,
    Role,
    Shortlist,
    Skill,
    Stage,
    StageEvent,
    User,
    UserRole,
)
from store.seeding import StoreNotEmpty, generate, load_catalog
from store.seeding.archetypes import YEARS

CANDIDATES, EMPLOYEES = 400, 40
AGE_BAND_MAX = {"18-24": 24, "25-34": 34, "35-44": 44, "45-54": 54, "55+": 200}


@dataclass
class Seeded:
    """A generated store and what generate() reported."""

    engine: Engine
    counts: dict[str, int]
    truth: Path


def _seed(folder: Path, seed: int = 7, candidates: int = CANDIDATES, employees: int = EMPLOYEES) -> Seeded:
    """Generate into a fresh SQLite file under `folder` (catalog loaded by generate itself)."""
    folder.mkdir(parents=True, exist_ok=True)
    engine = init_db(get_engine(f"sqlite:///{folder}/t.db"))
    with Session(engine) as session:
        counts = generate(session, candidates=candidates, employees=employees, seed=seed, progress=False,
                          truth_path=folder / "seed_truth.jsonl")
        session.commit()
    return Seeded(engine, counts, folder / "seed_truth.jsonl")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    """One generated store shared by the read-only tests of this module."""
    result = _seed(tmp_path_factory.mktemp("people"))
    yield result
    result.engine.dispose()


def _snapshot(engine: Engine) -> tuple[list, list]:
    """Names, resumes and skills in id order, to compare two runs."""
    with Session(engine) as session:
        people = session.exec(select(Candidate.full_name, Candidate.email, Candidate.resume_text)
                              .order_by(Candidate.id)).all()
        skills = session.exec(select(CandidateSkill.candidate_id, CandidateSkill.skill)
                              .order_by(CandidateSkill.id)).all()
    return [tuple(p) for p in people], [tuple(s) for s in skills]


def test_counts_match_the_store(seeded: Seeded) -> None:
    with Session(seeded.engine) as session:
        for key, model in (("candidates", Candidate), ("candidate_skills", CandidateSkill),
                           ("protected_attributes", ProtectedAttributes), ("applications", Application),
                           ("stage_events", StageEvent), ("shortlists", Shortlist), ("employees", Employee),
                           ("employee_skills", EmployeeSkill), ("course_completions", CourseCompletion),
                           ("users", User)):
            assert session.exec(select(func.count()).select_from(model)).one() == seeded.counts[key], key
        assert session.exec(select(func.count()).select_from(Role)).one() >= 38  # catalog loaded on demand
    assert seeded.counts["candidates"] == CANDIDATES and seeded.counts["employees"] == EMPLOYEES


def test_same_seed_same_people_other_seed_other_people(seeded: Seeded, tmp_path: Path) -> None:
    again = _seed(tmp_path / "again")
    other = _seed(tmp_path / "other", seed=8)
    try:
        assert _snapshot(again.engine) == _snapshot(seeded.engine)
        assert _snapshot(other.engine)[0] != _snapshot(seeded.engine)[0]
        assert again.truth.read_text(encoding="utf-8") == seeded.truth.read_text(encoding="utf-8")
    finally:
        again.engine.dispose()
        other.engine.dispose()


def test_evidence_is_a_sentence_of_the_resume(seeded: Seeded) -> None:
    with Session(seeded.engine) as session:
        resumes = dict(session.exec(select(Candidate.id, Candidate.resume_text)).all())
        rows = session.exec(select(CandidateSkill)).all()
    assert rows
    for row in rows:
        assert row.evidence and row.evidence in resumes[row.candidate_id], (row.skill, row.evidence)
    per_candidate = Counter(r.candidate_id for r in rows)
    assert min(per_candidate.values()) >= 4 and set(per_candidate) == set(resumes)


def test_skills_are_often_written_as_synonyms(seeded: Seeded) -> None:
    with Session(seeded.engine) as session:
        synonyms = {s.name: s.synonyms for s in session.exec(select(Skill).where(Skill.source == "curated"))}
        rows = session.exec(select(CandidateSkill)).all()
    hidden = [r for r in rows if r.skill.casefold() not in r.evidence.casefold()]
    assert len(hidden) > len(rows) // 5  # exact keyword search misses many skills
    for row in hidden:
        assert any(s.casefold() in row.evidence.casefold() for s in synonyms[row.skill]), (row.skill, row.evidence)
    assert any(r.skill == "PyTorch" and "PyTorch" not in r.evidence for r in rows)


def test_resume_styles_vary(seeded: Seeded) -> None:
    with Session(seeded.engine) as session:
        texts = session.exec(select(Candidate.resume_text)).all()
    assert any(t.lstrip().startswith("I ") or "\n\nI " in t or ". I " in t for t in texts)  # first person
    assert any("\n- " in t for t in texts)  # bullet lists
    assert any("\n" not in t for t in texts)  # terse one-liners
    assert len(set(texts)) == len(texts)


def test_profiles_are_plausible(seeded: Seeded) -> None:
    with Session(seeded.engine) as session:
        people = session.exec(select(Candidate)).all()
        protected = {p.candidate_id: p for p in session.exec(select(ProtectedAttributes))}
    assert set(protected) == {c.id for c in people}
    for person in people:
        low, high = YEARS[person.seniority]
        assert low <= person.years_experience <= high, person.full_name
        assert " at " in person.headline and person.location
        assert 2 <= len(person.work_history) <= 4 and person.work_history[0]["end"] is None
        assert person.education and {"degree", "field", "school"} <= set(person.education[0])
        attrs = protected[person.id]
        assert attrs.gender in ("female", "male", "non-binary") and attrs.ethnicity
        assert AGE_BAND_MAX[attrs.age_band] >= 19 + person.years_experience  # nobody started work before 19
    genders = Counter(p.gender for p in protected.values())
    assert genders["female"] > len(people) // 4 and genders["male"] > len(people) // 4 and genders["non-binary"]
    assert len({p.ethnicity for p in protected.values()}) >= 4
    assert len({p.age_band for p in protected.values()}) >= 3


def test_names_are_diverse_mostly_unique_with_a_few_namesakes(seeded: Seeded) -> None:
    with Session(seeded.engine) as session:
        names = session.exec(select(Candidate.full_name)).all()
        emails = session.exec(select(Candidate.email)).all()
    repeated = {n: k for n, k in Counter(names).items() if k > 1}
    assert 1 <= len(repeated) <= max(5, len(names) // 50)
    assert len(set(emails)) == len(emails) and all("@" in e for e in emails)
    assert any(not n.isascii() for n in names)  # Unicode names survive the round trip


def test_application_stage_is_the_last_event(seeded: Seeded) -> None:
    with Session(seeded.engine) as session:
        apps = session.exec(select(Application)).all()
        events = session.exec(select(StageEvent).order_by(StageEvent.at, StageEvent.id)).all()
        open_roles = set(session.exec(select(Role.id).where(Role.is_open == True)).all())  # noqa: E712
        applicants = set(session.exec(select(Application.candidate_id)).all())
    history: dict[int, list[StageEvent]] = {}
    for event in events:
        history.setdefault(event.application_id, []).append(event)
    assert 0.2 * CANDIDATES <= len(applicants) <= 0.4 * CANDIDATES
    for app in apps:
        steps = history[app.id]
        assert steps[0].from_stage is None and steps[0].to_stage is Stage.applied
        assert app.stage is steps[-1].to_stage
        assert app.role_id in open_roles
        for before, after in zip(steps, steps[1:]):
            assert after.from_stage is before.to_stage and after.at > before.at
        for step in steps:
            assert step.at.year == 2026 and step.at.month < 11
    stages = Counter(a.stage for a in apps)
    assert stages[Stage.applied] == max(stages.values())
    assert stages[Stage.rejected] > 0 and stages[Stage.hired] < len(apps) // 10
    rejected_from = {h[-1].from_stage for h in history.values() if h[-1].to_stage is Stage.rejected}
    assert len(rejected_from) >= 3 and rejected_from <= set(FUNNEL)


def test_shortlists_users_and_employees(seeded: Seeded) -> None:
    with Session(seeded.engine) as session:
        shortlists = session.exec(select(Shortlist)).all()
        users = {u.handle: u for u in session.exec(select(User))}
        employees = session.exec(select(Employee)).all()
        skills = session.exec(select(EmployeeSkill)).all()
        completions = session.exec(select(CourseCompletion)).all()
    assert 1 <= len(shortlists) <= 60
    assert len({(s.candidate_id, s.role_id) for s in shortlists}) == len(shortlists)
    assert users["recruiter"].role is UserRole.recruiter and users["recruiter"].display_name == "Riley Recruiter"
    for handle in ("U0RECRUIT1", "U0RECRUIT2", "U0RECRUIT3"):
        assert users[handle].role is UserRole.recruiter
    for employee in employees:
        user = users[employee.email.split("@")[0]]
        assert user.employee_id == employee.id and user.role is UserRole.employee
        assert 1 <= len(employee.goals) <= 2 and employee.current_role and employee.team
    assert any(g.startswith("become ") for e in employees for g in e.goals)
    assert all(1 <= s.proficiency <= 5 for s in skills) and len(skills) >= 4 * len(employees)
    assert completions


def test_ground_truth_file_matches_candidates(seeded: Seeded) -> None:
    lines = [json.loads(line) for line in seeded.truth.read_text(encoding="utf-8").splitlines()]
    with Session(seeded.engine) as session:
        skills: dict[int, set[str]] = {}
        for row in session.exec(select(CandidateSkill)):
            skills.setdefault(row.candidate_id, set()).add(row.skill)
    assert len(lines) == CANDIDATES
    assert len({t["archetype"] for t in lines}) >= 12
    for truth in lines:
        assert set(truth["skills"]) == skills[truth["candidate_id"]]


def test_refuses_a_populated_store_and_reset_keeps_the_audit_log(tmp_path: Path) -> None:
    first = _seed(tmp_path / "store", candidates=60, employees=5)
    try:
        with Session(first.engine) as session:
            audit_before = session.exec(select(AuditLog).order_by(AuditLog.id)).all()
            assert [a.action for a in audit_before] == ["seed"]
            assert audit_before[0].details["candidates"] == 60
            with pytest.raises(StoreNotEmpty):
                generate(session, candidates=10, employees=2, progress=False, truth_path=tmp_path / "x.jsonl")
            session.rollback()
            counts = generate(session, candidates=30, employees=3, progress=False, reset=True,
                              truth_path=tmp_path / "x.jsonl")
            session.commit()
            assert counts["candidates"] == 30
            assert session.exec(select(func.count()).select_from(Candidate)).one() == 30
            assert session.exec(select(func.count()).select_from(Employee)).one() == 3
            audit_after = session.exec(select(AuditLog).order_by(AuditLog.id)).all()
        assert [a.id for a in audit_after[: len(audit_before)]] == [a.id for a in audit_before]
        assert len(audit_after) == len(audit_before) + 1
    finally:
        first.engine.dispose()


def test_catalog_loaded_first_is_reused(tmp_path: Path) -> None:
    engine = init_db(get_engine(f"sqlite:///{tmp_path}/t.db"))
    try:
        with Session(engine) as session:
            load_catalog(session)
            roles = session.exec(select(func.count()).select_from(Role)).one()
            generate(session, candidates=20, employees=2, progress=False, truth_path=tmp_path / "t.jsonl")
            session.commit()
            assert session.exec(select(func.count()).select_from(Role)).one() == roles
    finally:
        engine.dispose()
