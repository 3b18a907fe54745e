"""Policy answers on the demo handbook: cited when sure, "I don't know" with a contact otherwise, audiences kept."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.services.identity import Identity
from bot.services.policies import answer_question, content_words, gaps, is_follow_up, redact, with_topic
from store.models import Employee, PolicyQuestion, UserRole
from tests.handbook import handbook, handbook_dir  # noqa: F401  (fixtures)

EMPLOYEE = Identity(handle="emp", role=UserRole.employee)
RECRUITER = Identity(handle="rec", role=UserRole.recruiter)


def test_a_typed_question_gets_the_right_section_quoted_and_cited(handbook) -> None:
    with Session(handbook) as session:
        answer = answer_question(session, "how many pto days do i get", identity=EMPLOYEE)
    assert answer.answered
    best = answer.citations[0]
    assert (best.document, best.section) == ("Annual Leave Policy", "Entitlement")
    assert "28 days" in best.quote and best.source.endswith("annual-leave.md")
    as_json = answer.to_json()
    assert set(as_json["citations"][0]) == {"document", "section", "source", "quote"}


def test_a_follow_up_keeps_the_topic(handbook) -> None:
    with Session(handbook) as session:
        first = answer_question(session, "what's our parental leave policy?", identity=EMPLOYEE)
        follow = answer_question(session, "and for adoption?", identity=EMPLOYEE, topic=first.topic)
    assert first.answered and follow.answered
    assert follow.citations[0].section == "Adoption and surrogacy"
    assert is_follow_up("and for adoption?") and not is_follow_up("how long is probation")
    assert with_topic("how long is probation", "parental leave") == "how long is probation"


def test_unknown_gets_i_dont_know_with_the_contact_and_is_kept_without_personal_data(handbook, monkeypatch) -> None:
    monkeypatch.setenv("HRBOT_HR_CONTACT", "Priya in People Ops")
    with Session(handbook) as session:
        name = session.exec(select(Employee.full_name)).first()
        answer = answer_question(session, f"can I bring my dog to the office? ask {name}, mail me at a@b.com or 0612345678",
                                 identity=EMPLOYEE)
        session.commit()
        kept = session.exec(select(PolicyQuestion.question)).all()
    assert not answer.answered and answer.citations == [] and answer.contact == "Priya in People Ops"
    assert answer.to_json()["answered"] is False
    assert len(kept) == 1 and "dog" in kept[0]
    for word in (*name.split(), "a@b.com", "0612345678"):
        assert word not in kept[0]


def test_employees_never_get_the_recruiters_documents(handbook) -> None:
    question = "who approves an offer above the salary band"
    with Session(handbook) as session:
        as_recruiter = answer_question(session, question, identity=RECRUITER, keep_unanswered=False)
        as_employee = answer_question(session, question, identity=EMPLOYEE, keep_unanswered=False)
    assert as_recruiter.answered and as_recruiter.citations[0].document == "Recruiting Guidelines"
    assert all(c.document != "Recruiting Guidelines" for c in as_employee.citations)


def test_gaps_group_the_unanswered_questions(handbook) -> None:
    with Session(handbook) as session:
        for q in ("can i bring my dog to work", "dogs allowed in the office?", "is there a dog policy",
                  "whats the wifi password"):
            answer_question(session, q, identity=EMPLOYEE)
        session.commit()
        found = gaps(session)
    assert found[0].asked == 3 and found[0].topic.split()[0] == "dog"
    assert content_words("Can I bring my DOGS to the office?") == ["bring", "dog", "office"]


def test_redact_keeps_the_words_of_the_question(handbook) -> None:
    with Session(handbook) as session:
        assert redact(session, "Where is the parking at https://x.example on floor 3?") == "Where is the parking at on floor ?"
