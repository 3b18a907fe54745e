"""Judged search queries for benchmarks/retrieval.py, graded from the generator's hidden truth.

Relevance never looks at what the ranker sees (resume text, taxonomy matches): it uses
seed_truth.jsonl, the archetype, seniority and canonical skills each person was generated
from before their resume was written in paraphrases.

Grades:
- skill queries: 2 = has every skill asked for, 1 = has at least half of them (multi-skill);
- archetype queries: 2 = that kind of professional (and the seniority, when asked), 1 = the
  kind at another seniority;
- combined queries: 3 = right kind, every skill and the seniority asked, 2 = right kind and every
  skill, 1 = right kind or every skill.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Query:
    text: str
    skills: tuple[str, ...] = ()
    archetypes: tuple[str, ...] = ()
    seniority: tuple[str, ...] = ()
    filters: dict[str, str] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        if self.skills and self.archetypes:
            return "combined"
        return "skill" if self.skills else "archetype"


def grade(q: Query, t: dict[str, Any]) -> int:
    have = set(t["skills"])
    sen_ok = not q.seniority or t["seniority"] in q.seniority
    if q.kind == "skill":
        frac = sum(s in have for s in q.skills) / len(q.skills)
        return 2 if frac == 1 else (1 if len(q.skills) > 1 and frac >= 0.5 else 0)
    arch_ok = t["archetype"] in q.archetypes
    if q.kind == "archetype":
        return (2 if sen_ok else 1) if arch_ok else 0
    skills_ok = all(s in have for s in q.skills)
    if arch_ok and skills_ok:
        return 3 if sen_ok else 2
    return 1 if (arch_ok or skills_ok) else 0


S = Query
QUERIES: list[Query] = [
    # --- skills, mostly written the way people type them (synonyms, abbreviations) ---------------
    S("torch", skills=("PyTorch",)),
    S("k8s", skills=("Kubernetes",)),
    S("natural language processing", skills=("Natural Language Processing",)),
    S("NLP", skills=("Natural Language Processing",)),
    S("gradient boosted trees", skills=("Gradient Boosting",)),
    S("A/B tests and experimentation", skills=("A/B Testing",)),
    S("dbt models", skills=("dbt",)),
    S("airflow DAGs", skills=("Airflow",)),
    S("React hooks", skills=("React",)),
    S("typed JavaScript", skills=("TypeScript",)),
    S("object detection", skills=("Object Detection",)),
    S("infrastructure as code with terraform", skills=("Infrastructure as Code",)),
    S("kafka event streaming", skills=("Kafka",)),
    S("causal inference", skills=("Causal Inference",)),
    S("people analytics", skills=("People Analytics",)),
    S("technical recruiting", skills=("Technical Recruiting",)),
    S("power bi dashboards", skills=("Power BI",)),
    S("spark big data processing", skills=("Spark",)),
    S("mlflow experiment tracking", skills=("MLflow",)),
    S("named entity recognition", skills=("Named Entity Recognition",)),
    S("semantic search and embeddings", skills=("Semantic Search",)),
    S("postgres", skills=("PostgreSQL",)),
    S("fine-tuning large language models", skills=("LLM Fine-Tuning",)),
    S("CUDA kernels", skills=("CUDA",)),
    S("data warehousing", skills=("Data Warehousing",)),
    S("deploying models to production", skills=("Model Deployment",)),
    S("applicant tracking systems", skills=("Applicant Tracking Systems",)),
    S("learning to rank", skills=("Learning to Rank",)),
    S("pytorch and transformers", skills=("PyTorch", "Transformers")),
    S("docker and kubernetes", skills=("Docker", "Kubernetes")),
    S("sql and looker", skills=("SQL", "Looker")),
    S("statistics and hypothesis testing", skills=("Statistics", "Hypothesis Testing")),
    S("sourcing and interviewing", skills=("Sourcing", "Interviewing")),
    S("html css typescript", skills=("HTML", "CSS", "TypeScript")),
    # --- kinds of professionals, described rather than titled ------------------------------------
    S("someone who builds data pipelines", archetypes=("data engineer",)),
    S("frontend developer", archetypes=("frontend engineer",)),
    S("NLP engineer", archetypes=("nlp engineer",)),
    S("people who train deep neural networks", archetypes=("deep learning engineer",)),
    S("recruiter", archetypes=("recruiter",)),
    S("HR business partner", archetypes=("hr business partner",)),
    S("product manager", archetypes=("product manager",)),
    S("ML platform engineer who runs models in production", archetypes=("mlops engineer",)),
    S("computer vision specialist", archetypes=("computer vision engineer",)),
    S("analyst who builds dashboards and reports", archetypes=("data analyst",)),
    S("backend engineer building APIs", archetypes=("backend engineer",)),
    S("research scientist publishing papers", archetypes=("research scientist",)),
    S("search relevance and matching engineer", archetypes=("talent matching engineer",)),
    S("HR data analyst", archetypes=("hr analyst",)),
    S("data scientist", archetypes=("data scientist",)),
    S("machine learning engineer", archetypes=("machine learning engineer",)),
    S("senior data engineer", archetypes=("data engineer",), seniority=("senior",)),
    S("junior frontend developer", archetypes=("frontend engineer",), seniority=("junior",)),
    # --- combined: kind + skills (+ level) ----------------------------------------------------------
    S("senior data engineer with spark and airflow", skills=("Spark", "Airflow"), archetypes=("data engineer",),
      seniority=("senior",)),
    S("nlp engineer with pytorch and transformers", skills=("PyTorch", "Transformers"), archetypes=("nlp engineer",)),
    S("frontend engineer react typescript", skills=("React", "TypeScript"), archetypes=("frontend engineer",)),
    S("mlops engineer kubernetes", skills=("Kubernetes",), archetypes=("mlops engineer",)),
    S("data scientist with causal inference and A/B testing", skills=("Causal Inference", "A/B Testing"),
      archetypes=("data scientist",)),
    S("recruiter for technical roles", skills=("Technical Recruiting",), archetypes=("recruiter",)),
    S("computer vision engineer doing object detection", skills=("Object Detection",),
      archetypes=("computer vision engineer",)),
    S("lead ML engineer who deploys models", skills=("Model Deployment",), archetypes=("machine learning engineer",),
      seniority=("lead",)),
    S("analyst with sql and power bi", skills=("SQL", "Power BI"), archetypes=("data analyst", "hr analyst")),
    S("backend engineer with postgres and docker", skills=("PostgreSQL", "Docker"), archetypes=("backend engineer",)),
]

# A few with structured filters: the filter is applied in SQL and must still give a full top-k.
FILTERED: list[Query] = [
    S("python data engineer", archetypes=("data engineer",), filters={"location": "Berlin"}),
    S("NLP engineer", archetypes=("nlp engineer",), filters={"seniority": "senior+"}),
    S("frontend developer react", skills=("React",), archetypes=("frontend engineer",),
      filters={"location": "London", "seniority": "mid"}),
    S("recruiter", archetypes=("recruiter",), filters={"location": "Amsterdam,Berlin"}),
]
