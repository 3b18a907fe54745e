"""Policy retrieval on the demo handbook: section headings and the question's words shape the relevance score."""

from __future__ import annotations

from bot.services.policies import ANSWER_THRESHOLD
from retrieval.lexical import tokenize
from retrieval.policies import PolicyIndex, defined_abbreviations, policy_index
from tests.handbook import handbook, handbook_dir  # noqa: F401  (fixtures)

EVERYONE = ("everyone",)


def test_every_passage_has_its_heading_vector_and_its_words(handbook) -> None:
    index = policy_index(handbook)
    ids = set(index.collection.ids)
    assert set(index.words) == ids
    assert set(index.headings) == ids  # the demo handbook has no page intros: every section has a heading
    carry_over = next(m for m in index.search("carry over unused vacation", audiences=EVERYONE) if m.section == "Carry-over")
    assert {"carry-over", "carry"} & index.words[str(carry_over.passage_id)]


def test_the_score_adds_the_heading_and_the_covered_words_to_the_cosine(handbook) -> None:
    matches = policy_index(handbook).search("how do i submit my expenses", audiences=EVERYONE)
    best = matches[0]
    assert (best.document, best.section) == ("Expenses and Travel Policy", "Submitting expenses")
    assert best.score > best.cosine  # its heading and the words it covers add to its cosine
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_one_shared_word_is_not_enough_for_an_answer(handbook) -> None:
    question = "how do i book a meeting room"
    best = policy_index(handbook).search(question, audiences=EVERYONE)[0]
    assert set(tokenize(question)) - {"book"}, "the question has words the handbook lacks"
    assert best.score < ANSWER_THRESHOLD


def test_abbreviations_the_handbook_spells_out_are_learned() -> None:
    text = ("An Individual Development Plan (IDPs) is a tool. Ask the Office of Human Resources Management (OHRM); "
            "the Department of Defense (DoD) and the Family and Medical Leave Act (FMLA). Travel (see above) in the (US).")
    assert defined_abbreviations(text) == {
        "idp": "individual development plan", "ohrm": "office of human resources management",
        "dod": "department of defense", "fmla": "family and medical leave act",
    }


def test_a_question_gets_the_handbooks_own_abbreviations_spelled_out() -> None:
    index = PolicyIndex(engine=None, collection=None)  # type: ignore[arg-type]  # normalise needs neither
    index.vocabulary = {"individual", "development", "plan", "leave"}
    index.defined = {"idp": "individual development plan", "fmla": "the handbook's own wording"}
    assert index.normalise("what is an IDP") == "what is an idp individual development plan"
    assert index.normalise("what is fmla") == "what is fmla family and medical leave"  # the built-in list wins
    assert index.normalise("idps") == "idps"  # whole words only



def test_a_section_cut_in_parts_is_one_answer(handbook, tmp_path) -> None:
    from ingest.policy_import import import_policies

    paragraph = "Bicycles may be parked in the basement cage with a badge; {} helmets and locks stay with the owner. "
    body = "\n\n".join(paragraph.format(word) * 4 for word in ("blue", "red", "green"))  # 72 words each
    (tmp_path / "bikes.md").write_text(f"# Bicycle parking\n\n## Parking rules\n\n{body}\n")
    import_policies([tmp_path / "bikes.md"], actor="test", engine=handbook)
    index = policy_index(handbook, max_age_s=0)
    assert sum(1 for _, section in index.sections.values() if section == "Parking rules") == 3
    matches = index.search("where can i park my bicycle", audiences=EVERYONE, top=5)
    assert matches[0].section == "Parking rules"
    assert [m.section for m in matches].count("Parking rules") == 1  # its other parts are no "see also"
