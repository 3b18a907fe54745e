"""Normalising free text to canonical skills: synonyms, evidence sentences, embeddings for unknowns."""

from __future__ import annotations

from retrieval.taxonomy import Taxonomy, catalog_skills, sentences

TAX = Taxonomy(catalog_skills())


def test_synonyms_normalise_to_canonical_skills() -> None:
    assert TAX.canonical("torch") == "PyTorch"
    assert TAX.canonical("PYTORCH") == "PyTorch"
    assert TAX.canonical("NLP") == "Natural Language Processing"
    assert TAX.canonical("natural language processing") == "Natural Language Processing"
    assert TAX.canonical("k8s") is None or TAX.canonical("k8s") == "Kubernetes"
    assert TAX.normalise("built models with torch").skill == "PyTorch"
    assert TAX.normalise("quantum basket weaving") is None  # no embeddings attached: unknown stays unknown


def test_query_expansion_brings_the_other_names() -> None:
    exp = TAX.expand("torch and nlp people")
    assert exp.skills == ["PyTorch", "Natural Language Processing"]
    assert "PyTorch" in exp.terms and "text mining" in exp.terms
    assert "PyTorch" in exp.dense_text() and "torch" in exp.lexical_text()


def test_extraction_with_evidence_sentences() -> None:
    text = ("Senior engineer in Berlin.\n\n- Worked with k8s clusters and Terraform on the platform\n"
            "I write Go services. Julia uses pytorch lightning daily. Node.js, C++17 too.")
    ev = TAX.evidence(text)
    assert ev["Kubernetes"] == "Worked with k8s clusters and Terraform on the platform"
    assert ev["Go"] == "I write Go services."
    assert "PyTorch" in ev and "C++" in ev and "Node.js" in ev
    assert "Julia" not in ev  # a first name, not the language (case-sensitive ambiguous form)
    for skill, sentence in ev.items():
        assert sentence in text, skill
    assert not TAX.extract("let's go to the node")  # lower-case 'go'/'node' are words, not skills


def test_remembered_evidence_is_the_same_and_cannot_be_spoiled() -> None:
    tax = Taxonomy(catalog_skills())
    text = "Built Airflow pipelines. Wrote PyTorch models for NLP."
    first = tax.evidence(text)
    first["Airflow"] = "changed by a caller"
    first["Rust"] = "added by a caller"
    again = tax.evidence(text)
    assert again == tax._find_evidence(text)
    assert again["Airflow"] == "Built Airflow pipelines." and "Rust" not in again
    assert tax.evidence(text + " Also Kubernetes.")["Kubernetes"] == "Also Kubernetes."  # a changed resume is read anew


def test_sentence_spans_are_substrings() -> None:
    text = "First one. Second: Node.js rocks!\n- bullet line\nlast"
    parts = [text[s:e] for s, e in sentences(text)]
    assert parts == ["First one.", "Second: Node.js rocks!", "bullet line", "last"]


def test_unknown_terms_fall_back_to_embedding_similarity(indexes) -> None:
    tax = indexes.taxonomy
    hit = tax.normalise("training deep neural networks")
    assert hit is not None and hit.skill == "Deep Learning" and hit.method in ("synonym", "embedding")
    hit = tax.normalise("dashboards for executives")  # no synonym says this
    assert hit is not None and hit.skill == "Dashboarding" and hit.method == "embedding" and 0.72 <= hit.score < 1
    assert tax.expand("dashboards for executives").skills == ["Dashboarding"]
    assert tax.normalise("zzzz qqqq") is None


def test_loose_forms_are_not_read_as_skill_claims() -> None:
    def found(text: str) -> set[str]:
        return {m.skill for m in TAX.extract(text)}

    assert "Problem Solving" not in found("Installation, deployment and troubleshooting of SCOM")
    assert "Technical Writing" not in found("Creation of handing-over documentation")
    assert "Adaptability" not in found("The tool gives flexibility to end users")
    assert "Diversity, Equity and Inclusion" not in found("Monitored EDI error notifications")
    assert "Payroll" not in found("Worked on the payroll of Infosys for two years")
    assert found("Payroll processing for 400 staff; problem solving skills") == {"Payroll", "Problem Solving"}
    assert TAX.canonical("troubleshooting") == "Problem Solving"  # still a lookup: "skills: troubleshooting"


def test_multi_word_forms_do_not_span_punctuation_or_abbreviations() -> None:
    assert "Application Security" not in {m.skill for m in TAX.extract("Web application, security reviews")}
    assert "Application Security" in {m.skill for m in TAX.extract("Application security and secure coding")}
    assert "R" not in {m.skill for m in TAX.extract("Led R&D for Food & Beverages R&A")}
    assert "R" in {m.skill for m in TAX.extract("Languages: R, Python")}
    joined = {m.skill for m in TAX.extract("Diversity, Equity and Inclusion; L&D; Weights & Biases; 1:1 coaching")}
    assert {"Diversity, Equity and Inclusion", "Learning and Development", "Experiment Tracking"} <= joined
