"""Candidate archetypes: who is in the synthetic talent pool, derived from the catalog's role families."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from store.vocabulary import LADDER, Seniority

SENIORITY_RANK: dict[str, int] = {level.value: level.rank for level in LADDER}
YEARS = {Seniority.junior: (0.0, 2.0), Seniority.mid: (2.0, 5.0), Seniority.senior: (5.0, 9.0),
         Seniority.lead: (8.0, 14.0), Seniority.principal: (12.0, 20.0)}


@dataclass(frozen=True)
class Archetype:
    """A kind of professional: the role families they fit and what their resumes talk about."""

    key: str
    families: tuple[str, ...]
    weight: float
    extra_skills: tuple[str, ...]
    fields: tuple[str, ...]
    contexts: tuple[str, ...]
    outcomes: tuple[str, ...]
    top_seniority: Seniority = Seniority.principal
    phd_rate: float = 0.1


ARCHETYPES: tuple[Archetype, ...] = (
    Archetype(
        "deep learning engineer", ("Deep Learning Engineer",), 6,
        ("Convolutional Neural Networks", "TensorFlow", "Transfer Learning", "Experiment Tracking", "ONNX", "CUDA"),
        ("Computer Science", "Machine Learning", "Electrical Engineering", "Physics"),
        ("a document understanding product", "a ranking model for job ads", "an ad-tech bidding engine",
         "a speech analytics startup", "a fraud detection team"),
        ("cut training time by {p}%", "improve top-1 accuracy by {n} points", "halve GPU costs",
         "ship a model serving {k} requests per second"),
        phd_rate=0.25,
    ),
    Archetype(
        "nlp engineer", ("NLP Engineer",), 7,
        ("spaCy", "Text Classification", "Sentiment Analysis", "Tokenization", "Retrieval-Augmented Generation",
         "Prompt Engineering", "Question Answering"),
        ("Computational Linguistics", "Computer Science", "Artificial Intelligence", "Linguistics"),
        ("resume parsing", "multilingual customer support", "contract analysis", "search over job ads",
         "a legal-tech startup", "an e-commerce search team"),
        ("raise extraction F1 by {n} points", "support {n} new languages", "cut annotation costs by {p}%",
         "reduce support ticket handling time by {p}%"),
        phd_rate=0.2,
    ),
    Archetype(
        "computer vision engineer", ("Computer Vision Engineer",), 6,
        ("OpenCV", "Optical Character Recognition", "Image Classification", "Data Augmentation", "C++",
         "Video Analytics", "Data Labeling"),
        ("Computer Science", "Electrical Engineering", "Robotics", "Mathematics"),
        ("identity document verification", "retail shelf monitoring", "quality inspection on a factory line",
         "medical scans", "autonomous forklifts"),
        ("reduce false rejects by {p}%", "run detection at {k} FPS on edge devices", "cut labelling effort by {p}%"),
        phd_rate=0.2,
    ),
    Archetype(
        "machine learning engineer", ("Machine Learning Engineer",), 10,
        ("Feature Engineering", "Gradient Boosting", "FastAPI", "Recommender Systems", "AWS", "Airflow", "Git"),
        ("Computer Science", "Software Engineering", "Mathematics", "Statistics"),
        ("a marketplace search team", "personalised recommendations", "a credit risk platform",
         "demand forecasting for logistics", "candidate-job matching"),
        ("lift conversion by {p}%", "serve {k} predictions per second", "cut p95 latency to {n}0 ms"),
    ),
    Archetype(
        "mlops engineer", ("MLOps Engineer", "ML Platform Lead"), 6,
        ("MLflow", "Infrastructure as Code", "AWS", "Google Cloud Platform", "Observability", "Linux", "Ray",
         "Airflow"),
        ("Computer Science", "Software Engineering", "Information Systems"),
        ("a self-service ML platform", "GPU cluster scheduling", "model release automation", "a feature store rollout"),
        ("cut model release time from weeks to {n} days", "reduce GPU spend by {p}%", "onboard {n} modelling teams"),
    ),
    Archetype(
        "data scientist", ("Data Scientist",), 14,
        ("pandas", "scikit-learn", "Regression Analysis", "Hypothesis Testing", "Gradient Boosting", "R",
         "Time Series Forecasting", "Data Storytelling"),
        ("Statistics", "Mathematics", "Economics", "Physics", "Data Science"),
        ("pricing", "customer churn", "marketing attribution", "marketplace matching", "supply planning"),
        ("grow revenue by {p}%", "reduce churn by {p}%", "save {n}00k EUR a year", "speed up decisions by weeks"),
    ),
    Archetype(
        "data engineer", ("Data Engineer", "Analytics Engineer"), 10,
        ("Kafka", "dbt", "Snowflake", "BigQuery", "Docker", "Data Quality", "PostgreSQL", "AWS", "Stream Processing"),
        ("Computer Science", "Information Systems", "Software Engineering", "Mathematics"),
        ("a lakehouse migration", "real-time event pipelines", "the HR data warehouse", "finance reporting"),
        ("cut pipeline runtime by {p}%", "process {n} TB a day", "bring data freshness down to {n} minutes"),
        top_seniority=Seniority.lead,
    ),
    Archetype(
        "data analyst", ("Data Analyst",), 8,
        ("Tableau", "Power BI", "Looker", "Product Analytics", "Python", "Metrics Design", "Business Intelligence"),
        ("Economics", "Business Administration", "Statistics", "Mathematics", "Psychology"),
        ("sales reporting", "product funnels", "operations dashboards", "customer support metrics"),
        ("replace {n} manual reports", "find {n}00k EUR in savings", "cut reporting time by {p}%"),
        top_seniority=Seniority.senior,
    ),
    Archetype(
        "research scientist", ("Research Scientist", "Research Engineer"), 4,
        ("Self-Supervised Learning", "Probability Theory", "Linear Algebra", "JAX", "Benchmarking",
         "Graph Machine Learning", "Optimization Theory", "Python"),
        ("Machine Learning", "Computer Science", "Mathematics", "Physics", "Computational Neuroscience"),
        ("representation learning", "efficient transformers", "graph learning for careers", "robustness benchmarks"),
        ("publish {n} papers at top venues", "set a new state of the art on {n} benchmarks",
         "release an open-source library with {n}k stars"),
        phd_rate=0.85,
    ),
    Archetype(
        "hr analyst", ("People Analytics Analyst", "HR Data Scientist"), 5,
        ("Survey Analysis", "Power BI", "Excel", "Python", "GDPR", "Employee Engagement", "Survival Analysis",
         "Data Storytelling"),
        ("Psychology", "Statistics", "Human Resource Management", "Economics", "Sociology"),
        ("engagement surveys", "attrition risk", "pay equity reviews", "workforce planning", "internal mobility"),
        ("cut regretted attrition by {p}%", "close a {n}% pay gap", "give {n} HRBPs self-service dashboards"),
        top_seniority=Seniority.lead,
    ),
    Archetype(
        "talent matching engineer", ("Talent Matching Engineer",), 3,
        ("Elasticsearch", "Embeddings", "Vector Databases", "Entity Resolution", "Natural Language Processing",
         "Learning to Rank", "A/B Testing"),
        ("Computer Science", "Information Retrieval", "Computational Linguistics"),
        ("job recommendations", "candidate search", "a skills graph", "CV-to-job matching"),
        ("raise nDCG@10 by {n} points", "cut zero-result searches by {p}%", "match {n}M profiles nightly"),
        top_seniority=Seniority.lead,
    ),
    Archetype(
        "recruiter", ("Recruiter", "Talent Acquisition Lead"), 6,
        ("Candidate Screening", "Employer Branding", "Candidate Experience", "Diversity, Equity and Inclusion",
         "Recruitment Analytics", "Negotiation", "German Language"),
        ("Psychology", "Business Administration", "Human Resource Management", "Communication Studies"),
        ("engineering hiring", "data and ML hiring", "graduate programmes", "leadership searches"),
        ("hire {n} engineers in a year", "cut time-to-hire by {p}%", "raise offer acceptance to {p}%"),
        top_seniority=Seniority.lead,
    ),
    Archetype(
        "hr business partner", ("HR Business Partner", "Learning and Development Partner"), 3,
        ("Coaching", "Conflict Resolution", "Onboarding", "Succession Planning", "Compensation and Benefits",
         "People Analytics", "Job Architecture"),
        ("Human Resource Management", "Psychology", "Law", "Business Administration"),
        ("a reorganisation", "an engineering organisation of {n}00 people", "performance cycles",
         "leadership programmes"),
        ("lift engagement scores by {p} points", "roll out a career framework to {n}00 people",
         "cut time to productivity for new hires by {p}%"),
        top_seniority=Seniority.lead,
    ),
    Archetype(
        "product manager", ("Product Manager",), 5,
        ("Agile", "Requirements Engineering", "A/B Testing", "UX Design", "Market Research", "SQL",
         "Responsible AI"),
        ("Business Administration", "Computer Science", "Economics", "Industrial Engineering"),
        ("an HR tech product", "a B2B SaaS platform", "a recruiting marketplace", "AI features"),
        ("grow weekly active users by {p}%", "launch in {n} markets", "raise NPS by {n} points"),
        top_seniority=Seniority.lead,
    ),
    Archetype(
        "frontend engineer", ("Frontend Engineer",), 7,
        ("JavaScript", "Next.js", "Design Systems", "GraphQL", "Web Accessibility", "Vue.js", "Git"),
        ("Computer Science", "Media Informatics", "Interaction Design"),
        ("a recruiter dashboard", "a design system", "an e-commerce checkout", "a candidate portal"),
        ("cut page load time by {p}%", "reach WCAG AA on {n} core flows", "raise conversion by {p}%"),
        top_seniority=Seniority.lead,
    ),
    Archetype(
        "backend engineer", ("Backend Engineer",), 6,
        ("FastAPI", "Redis", "Kubernetes", "Go", "Kafka", "Git", "Linux", "gRPC"),
        ("Computer Science", "Software Engineering", "Mathematics"),
        ("a payments API", "an HR platform backend", "a booking system", "internal developer tooling"),
        ("handle {k} requests per second", "cut incident count by {p}%", "migrate {n} services to Kubernetes"),
        top_seniority=Seniority.lead,
    ),
)


@dataclass
class SkillPools:
    """What someone of a family and seniority typically knows: must-haves and extras."""

    core: list[str]
    optional: list[str]


def skill_pools(
    archetype: Archetype, family: str, seniority: str, roles: Sequence[dict[str, Any]], known: set[str]
) -> SkillPools:
    """Core = skills the family's roles at or below this seniority require; the archetype's rest is optional."""
    rank = SENIORITY_RANK[seniority]
    own = sorted((r for r in roles if r["family"] == family), key=lambda r: SENIORITY_RANK[r["seniority"]])
    fitting = [r for r in own if SENIORITY_RANK[r["seniority"]] <= rank] or own[:1]
    core: list[str] = []
    for role in fitting:
        core.extend(s for s in role["required_skills"] if s not in core)
    optional: list[str] = []
    related = [r for r in roles if r["family"] in archetype.families]
    for role in related:
        for skill in [*role["nice_to_have_skills"], *role["required_skills"]]:
            if skill not in core and skill not in optional:
                optional.append(skill)
    optional.extend(s for s in archetype.extra_skills if s not in core and s not in optional)
    return SkillPools(core=[s for s in core if s in known], optional=[s for s in optional if s in known])


def fitting_families(archetype: Archetype, seniority: str, roles: Sequence[dict[str, Any]]) -> list[str]:
    """The archetype's families whose openings sit closest to this seniority (ties all fit)."""
    distance: dict[str, int] = {}
    for family in archetype.families:
        levels = [SENIORITY_RANK[r["seniority"]] for r in roles if r["family"] == family]
        if levels:
            distance[family] = min(abs(level - SENIORITY_RANK[seniority]) for level in levels)
    if not distance:
        return [archetype.families[0]]
    best = min(distance.values())
    return [f for f in archetype.families if distance.get(f) == best]


def job_title(family: str, seniority: str) -> str:
    """'Senior Data Scientist'; a family that already says 'Lead' is its own title."""
    if "Lead" in family.split():
        return family
    word = Seniority(seniority).title_word
    return f"{word} {family}" if word else family
