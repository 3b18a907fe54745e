"""The vocabulary file against the enums, each reader's words, and seniority in its VARCHAR column."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from store import vocabulary
from store.models import Candidate
from store.vocabulary import FUNNEL, LADDER, Seniority, Stage, VocabularyError, fold, level_words, stage_words


def test_every_stage_and_level_has_its_own_name_as_a_word() -> None:
    assert set(stage_words("bot").values()) == set(Stage) and set(stage_words("nlu").values()) == set(Stage)
    assert all(stage_words(reader)[s.value] is s for s in Stage for reader in ("nlu", "bot"))
    assert all(level_words(reader)[s.value] is s for s in LADDER for reader in ("nlu", "question", "title", "target"))
    assert Stage.rejected not in FUNNEL and FUNNEL[0] is Stage.applied


def test_readers_keep_their_own_meaning_of_a_word() -> None:
    assert level_words("question")["staff"] is Seniority.principal
    assert level_words("title")["staff"] is Seniority.lead and level_words("title_start")["staff"] is Seniority.lead
    assert level_words("target")["staff"] is Seniority.senior
    assert "mid" not in level_words("title_start") and level_words("abbreviation")["sr."] is Seniority.senior
    assert stage_words("bot")["phone"] is Stage.phone_screen and "phone" not in stage_words("nlu")
    with pytest.raises(VocabularyError):
        level_words("slack")


def test_seniority_reads_as_its_value() -> None:
    assert f"a {Seniority.senior} role" == "a senior role" and str(Seniority.lead) == "lead"
    assert [s.rank for s in LADDER] == [0, 1, 2, 3, 4] and Seniority.mid == "mid"
    assert Seniority.junior.title_word == "Junior" and Seniority.mid.title_word == ""
    assert Stage.onsite.label == "onsite interview" and Stage.phone_screen.label == "phone screen"
    assert Seniority.of("senior") is Seniority.senior and Seniority.of("Senior") is None and Seniority.of(None) is None
    assert fold(" Zoë Łukasz ") == "zoe lukasz"


def test_a_file_that_disagrees_with_the_enums_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "vocabulary.yml"
    bad.write_text("stages:\n  applied: {words: {applied: [bot]}}\nseniorities: {}\n", encoding="utf-8")
    monkeypatch.setattr(vocabulary, "VOCABULARY_FILE", bad)
    vocabulary._document.cache_clear()
    vocabulary._index.cache_clear()
    try:
        with pytest.raises(VocabularyError, match="stages must be applied, screening"):
            stage_words("bot")
    finally:
        vocabulary._document.cache_clear()
        vocabulary._index.cache_clear()


def test_seniority_is_stored_as_text_and_read_back_as_seniority(store) -> None:
    with Session(store) as session:
        session.add(Candidate(full_name="Ana Silva", seniority=Seniority.lead))
        session.add(Candidate(full_name="Ben Okoro", seniority="senior"))
        session.commit()
        stored = session.exec(text("SELECT seniority FROM candidate ORDER BY id")).all()
        session.exec(text("UPDATE candidate SET seniority = 'staff' WHERE full_name = 'Ben Okoro'"))
        session.commit()
        session.expire_all()
        read = list(session.exec(select(Candidate.seniority).order_by(Candidate.id)))
    assert [row[0] for row in stored] == ["lead", "senior"]
    assert read[0] is Seniority.lead and read[1] == "staff"  # a hand-written value stays readable
