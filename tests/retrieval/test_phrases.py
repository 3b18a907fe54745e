"""Candidate skill phrases: stop words, numbers, lone words, job titles and covered spans stay out."""

from __future__ import annotations

from retrieval.phrases import candidate_phrases


def test_candidate_phrases_skip_stop_words_numbers_and_covered_spans() -> None:
    text = "Moved nightly loads to PySpark jobs in 2021, cutting runtime by 80%."
    covered = [(text.index("PySpark"), text.index("PySpark") + len("PySpark"))]
    phrases = [p.text for p in candidate_phrases(text, covered=covered)]
    assert "Moved nightly loads" in phrases and "nightly loads" in phrases
    assert not any("PySpark" in p for p in phrases)  # already matched by a synonym
    assert not any(p in ("to", "in", "2021", "80") for p in phrases)
    assert "loads" not in phrases and "jobs" not in phrases  # a lone word is too ambiguous to embed
    assert not any(p.text.endswith("Engineer") for p in candidate_phrases("Senior Data Engineer at Acme."))
    for p in candidate_phrases(text):
        assert text[p.start : p.end] == p.text and text[p.sentence[0] : p.sentence[1]].find(p.text) >= 0
