"""Skill extraction: synonym layer, the embedding layer's threshold and cache."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
import yaml

from retrieval.extraction import EMBED_THRESHOLD, SkillExtractor
from retrieval.taxonomy import Taxonomy, catalog_skills

TAX = Taxonomy(catalog_skills())
RESUMES = Path(__file__).resolve().parents[1] / "data" / "resumes"


class FakeEmbed:
    """Deterministic 'embeddings': known phrases point at a skill's axis, everything else elsewhere."""

    def __init__(self, axes: dict[str, int], phrases: dict[str, tuple[int, float]], dim: int = 8) -> None:
        self.axes, self.phrases, self.dim = axes, phrases, dim
        self.calls: list[list[str]] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            axis, cos = self.phrases.get(text, (self.dim - 1, 1.0))
            out[row, axis] = cos
            out[row, self.dim - 2] = np.sqrt(max(0.0, 1 - cos * cos))  # the rest of the unit vector
        return out


def fake_extractor(threshold: float = 0.8) -> tuple[SkillExtractor, FakeEmbed]:
    axes = {"Kubernetes": 0, "Data Quality": 1, "Python": 2}
    forms = np.eye(8, dtype=np.float32)[[0, 1, 2]]
    embed = FakeEmbed(axes, {"cluster orchestration platform": (0, 0.9), "null rates": (1, 0.85),
                             "row counts": (1, 0.7)})
    return SkillExtractor(TAX, embed, form_vectors=forms, form_skills=list(axes), threshold=threshold), embed


def test_synonym_layer_gives_canonical_skills_with_their_sentence() -> None:
    text = "Senior engineer.\n- Kept k8s clusters healthy. Wrote pythonic code and some Spark SQL.\nThanks."
    found = SkillExtractor(TAX).extract(text)
    assert [s.skill for s in found] == ["Kubernetes", "Python", "Spark"]
    assert found[0].evidence == "Kept k8s clusters healthy."
    assert all(s.method == "synonym" and s.evidence in text for s in found)



def test_embedding_layer_keeps_phrases_above_the_threshold_with_evidence() -> None:
    extractor, _ = fake_extractor(threshold=0.8)
    text = "Platform work.\nKept containers running on the cluster orchestration platform. Alerts on null rates and row counts."
    found = {s.skill: s for s in extractor.extract(text)}
    assert found["Kubernetes"].method == "embedding" and found["Kubernetes"].score == pytest.approx(0.9)
    assert found["Kubernetes"].evidence == "Kept containers running on the cluster orchestration platform."
    assert found["Data Quality"].score == pytest.approx(0.85)  # the best phrase decides, the 0.7 one does not count
    assert found["Docker"].method == "synonym"  # "containers"
    assert "Python" not in found
    strict = {s.skill for s in extractor.extract(text, threshold=0.88)}
    assert "Kubernetes" in strict and "Data Quality" not in strict
    assert "Kubernetes" not in {s.skill for s in extractor.extract(text, embeddings=False)}


def test_phrase_vectors_are_batched_and_cached() -> None:
    extractor, embed = fake_extractor()
    texts = ["Alerts on null rates.", "Cluster orchestration platform work.", "Alerts on null rates again."]
    results = extractor.extract_many(texts)
    assert len(embed.calls) == 1  # one batch for all three texts
    assert [s.skill for s in results[0]] == ["Data Quality"] and [s.skill for s in results[2]] == ["Data Quality"]
    assert len(embed.calls[0]) == len(set(embed.calls[0]))  # each distinct phrase embedded once
    extractor.extract("Alerts on null rates.")
    assert len(embed.calls) == 1  # everything was cached


def test_skip_spans_are_not_read() -> None:
    extractor, _ = fake_extractor()
    text = "Ray Chen\nAlerts on null rates. Tuned Ray clusters."
    assert "Ray" not in {s.skill for s in extractor.extract(text, skip=[(0, 8)]) if s.evidence == "Ray Chen"}
    names = [s.skill for s in extractor.extract(text, skip=[(0, 8)])]
    assert names.count("Ray") == 1  # from "Tuned Ray clusters.", not from the name
    assert next(s for s in extractor.extract(text, skip=[(0, 8)]) if s.skill == "Ray").evidence == "Tuned Ray clusters."


def test_synonyms_beat_keyword_matching_on_the_labelled_resumes() -> None:
    """On every labelled resume, the synonym layer finds more of the labels than canonical names alone."""
    labels = yaml.safe_load((RESUMES / "labels.yml").read_text(encoding="utf-8"))["resumes"]
    names = TAX.skills
    extractor = SkillExtractor(TAX)
    hits_kw = hits_syn = total = 0
    for file, spec in labels.items():
        text = (RESUMES / file).read_text(encoding="utf-8")
        gold = set(spec["skills"])
        lowered = text.casefold()
        keyword = {n for n in names if f" {n.casefold()} " in f" {lowered} ".replace(",", " ").replace(".", " ")}
        synonyms = {s.skill for s in extractor.extract(text)}
        hits_kw += len(keyword & gold)
        hits_syn += len(synonyms & gold)
        total += len(gold)
    assert hits_syn > hits_kw
    assert hits_syn / total > 0.5


@pytest.fixture(scope="module")
def minilm_extractor() -> SkillExtractor:
    """The shipped extractor over the real offline MiniLM (embeds ~1,400 skill forms once)."""
    return SkillExtractor.from_catalog()


def test_minilm_matches_paraphrases_the_synonyms_miss(minilm_extractor: SkillExtractor) -> None:
    text = "Built churn models for our employees.\nWe predicted which engineers were likely to resign next quarter."
    assert not SkillExtractor(TAX).extract(text)  # no synonym for either sentence
    found = {s.skill: s for s in minilm_extractor.extract(text, threshold=0.6)}
    assert "Attrition Modeling" in found and found["Attrition Modeling"].method == "embedding"
    assert found["Attrition Modeling"].evidence in text


def test_minilm_threshold_keeps_boilerplate_out(minilm_extractor: SkillExtractor) -> None:
    text = "References available on request. I enjoy hiking and cooking with my family on weekends."
    assert minilm_extractor.extract(text) == []
    assert 0.5 < EMBED_THRESHOLD < 1.0


class _StubCollection:
    def __init__(self, ids: list[str], vectors: np.ndarray) -> None:
        self.ids, self._vectors = ids, vectors

    def vectors(self, ids: Sequence[str]) -> np.ndarray:
        assert list(ids) == self.ids
        return self._vectors


class _StubIndexes:
    """The parts of an IndexSet that `from_indexes` reads: taxonomy, embeddings, the skills collection."""

    def __init__(self, embeddings: object) -> None:
        self.taxonomy = TAX
        self.embeddings = embeddings
        self.collections = {"skills": _StubCollection(["Kubernetes#0", "Data Quality#3"], np.eye(8, dtype=np.float32)[[0, 1]])}

    def __getitem__(self, name: str) -> _StubCollection:
        return self.collections[name]


def test_from_indexes_reuses_the_skills_index_vectors() -> None:
    class Embeddings:  # a LangChain-style embeddings object
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return [list(FakeEmbed({}, {"cluster orchestration platform": (0, 0.95)})([t])[0]) for t in texts]

        def embed_query(self, text: str) -> list[float]:
            return self.embed_documents([text])[0]

    extractor = SkillExtractor.from_indexes(_StubIndexes(Embeddings()))  # type: ignore[arg-type]
    found = extractor.extract("Ran the cluster orchestration platform.")
    assert [(s.skill, s.method) for s in found] == [("Kubernetes", "embedding")]
    assert extractor.taxonomy is TAX and extractor.threshold == EMBED_THRESHOLD
