"""Resume text -> CandidateRecord: contact, dated history, years, education, seniority, bad input."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest
import yaml

from ingest.records import CandidateRecord
from ingest.readers import read_text
from ingest.places import STORE_CITIES, known_city, normalise_location
from ingest.resume import NEEDS_REVIEW, UNNAMED, ResumeError, parse_resume
from ingest.seniority import SENIORITY_WORDS, seniority_for
from retrieval.extraction import SkillExtractor
from retrieval.taxonomy import Taxonomy, catalog_skills

RESUMES = Path(__file__).resolve().parents[1] / "data" / "resumes"
ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples" / "resumes"
SPEC = yaml.safe_load((RESUMES / "labels.yml").read_text(encoding="utf-8"))
CASES = yaml.safe_load((RESUMES / "cases.yml").read_text(encoding="utf-8"))
AS_OF = date(*map(int, str(SPEC["as_of"]).split("-")), 1)
EXTRACTOR = SkillExtractor(Taxonomy(catalog_skills()))  # synonyms only: fast, no model needed here
TODAY = date(2025, 6, 1)

RESUME = """# Ana Souza
Senior Data Engineer | Lisbon, Portugal | ana.souza@example.com | +351 912 345 678

## Experience
**Senior Data Engineer**, Farfetch — Jan 2021 – Present
- Built Spark pipelines and Airflow DAGs.
**Data Engineer** at OutSystems (03/2018 - 12/2020)
- SQL, dbt, Snowflake.

## Education
MSc Computer Science, Universidade de Lisboa, 2017
"""


def parse(text: str) -> CandidateRecord:
    return parse_resume(text, extractor=EXTRACTOR, source="cv.md", today=TODAY)


def test_markdown_resume_fields() -> None:
    rec = parse(RESUME)
    assert (rec.full_name, rec.email, rec.phone) == ("Ana Souza", "ana.souza@example.com", "+351 912 345 678")
    assert rec.location == "Lisbon" and rec.source == "cv.md" and rec.resume_text == RESUME
    assert [(j.title, j.company, j.start, j.end) for j in rec.work_history] == [
        ("Senior Data Engineer", "Farfetch", "2021-01", None),
        ("Data Engineer", "OutSystems", "2018-03", "2020-12"),
    ]
    assert rec.work_history[0].description == "- Built Spark pipelines and Airflow DAGs."
    assert rec.years_experience == pytest.approx(7.3, abs=0.05)  # 54 + 34 months
    assert rec.headline == "Senior Data Engineer" and rec.seniority == "senior"
    assert [(e.degree, e.institution, e.year) for e in rec.education] == [
        ("MSc Computer Science", "Universidade de Lisboa", 2017)]
    assert [s.skill for s in rec.skills] == ["Spark", "Airflow", "SQL", "dbt", "Snowflake"]
    assert all(s.evidence in RESUME for s in rec.skills)


@pytest.mark.parametrize(("line", "start", "end"), CASES["date_formats"])
def test_date_formats(line: str, start: str, end: str | None) -> None:
    rec = parse(f"Jo Example\n\nExperience\n{line}\n- Wrote Python for the data team every single day.\n")
    assert [(j.title, j.company, j.start, j.end) for j in rec.work_history] == [("Engineer", "Acme", start, end)]


def test_overlapping_jobs_count_once_and_present_means_today() -> None:
    text = ("Jo Example\n\nWork history\nAnalyst, A — Jan 2020 – Dec 2022\nConsultant, B — Jan 2021 – Dec 2021\n"
            "Lead Analyst, C — Jan 2024 – present\n- Reporting in SQL and Excel for finance.\n")
    rec = parse(text)
    assert rec.years_experience == pytest.approx((36 + 18) / 12, abs=0.05)  # 2020-2022 once, 2024-01..2025-06
    assert rec.headline == "Lead Analyst" and rec.seniority == "lead"


def test_stated_years_when_nothing_is_dated() -> None:
    rec = parse("Wei Zhang — Data Scientist — Shanghai — 6 years of experience in pricing; Python and R; statistics.")
    assert rec.years_experience == 6 and rec.work_history == []
    assert rec.headline == "Data Scientist" and rec.seniority == "senior"


def test_narrative_resume() -> None:
    text = (RESUMES / "r03_narrative_hr_partner.txt").read_text(encoding="utf-8")
    rec = parse(text)
    assert rec.full_name == "Siobhán O'Connor" and rec.email == "siobhan.oconnor@example.ie"
    assert [(j.title, j.company) for j in rec.work_history][0] == ("Senior HR Business Partner", "Stripe")
    assert rec.headline == "Senior HR Business Partner"
    assert {"Payroll", "HR Policy", "Performance Management"} <= {s.skill for s in rec.skills}


@pytest.mark.parametrize(("headline_line", "years", "expected"), CASES["seniority_guess"])
def test_seniority_guess(headline_line: str, years: str, expected: str) -> None:
    rec = parse(f"Jo Example\n{headline_line}\n{years} of experience building web apps with React and TypeScript.\n")
    assert rec.seniority == expected


def test_contact_lines_are_not_skills() -> None:
    rec = parse("Ray Chen | ray.chen@example.com | github.com/raypython\n\nI tune Ray clusters and write Go services daily.\n")
    ray = [s for s in rec.skills if s.skill == "Ray"]
    assert rec.full_name == "Ray Chen" and len(ray) == 1 and ray[0].evidence.startswith("I tune Ray clusters")
    assert "Python" not in {s.skill for s in rec.skills}  # only in the GitHub handle


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \n\t\n", "empty"),
        ("hello there", "not a resume"),
        ("\x00\x01\x02\x03binary\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00 junk", "not a resume"),
    ],
)
def test_not_a_resume(text: str, reason: str) -> None:
    with pytest.raises(ResumeError) as err:
        parse(text)
    assert reason in err.value.reason
    assert "python" not in err.value.reason  # the message never echoes the resume


def test_a_resume_without_a_readable_name_is_kept_and_flagged() -> None:
    rec = parse_resume("experience with python and sql for seven years in several companies doing analytics",
                       extractor=EXTRACTOR, source="cv-17.txt")
    assert rec.full_name == f"{UNNAMED} (cv-17.txt)" and "no name" in rec.extra[NEEDS_REVIEW]
    assert "Python" in {s.skill for s in rec.skills}  # the rest is read as usual


@pytest.mark.parametrize(
    ("first_line", "name"),
    [("kimaya sonawane", "Kimaya Sonawane"), ("Tapan kumar Nayak", "Tapan Kumar Nayak"),
     ("ravi van dijk", "Ravi van Dijk")],
)
def test_a_name_in_lower_case_alone_on_the_first_line(first_line: str, name: str) -> None:
    rec = parse(f"{first_line}\nThane, Maharashtra - Email me on Indeed: indeed.com/r/x/1f27a18d2e4b1948\n\n"
                "WORK EXPERIENCE\n\nTechnical Support Engineer\n\nTech Mahindra - Pune, Maharashtra\n\n"
                "May 2016 to Present\n\nSupport for SQL and Java applications.\n")
    assert rec.full_name == name and NEEDS_REVIEW not in rec.extra
    assert rec.location == "Thane" and rec.headline == "Technical Support Engineer"


def test_a_lower_case_first_line_that_is_a_skill_or_title_is_no_name() -> None:
    rec = parse("machine learning\ndata engineer with python and sql for seven years in several companies\n")
    assert rec.full_name.startswith(UNNAMED)


def test_nothing_is_logged_about_the_person(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        parse(RESUME)
    for record in caplog.records:
        message = record.getMessage()
        assert "ana.souza" not in message and "912 345" not in message and "Ana Souza" not in message


def test_labelled_resumes_names_emails_and_years() -> None:
    """Every labelled resume parses; names and emails as labelled, years within a year for nearly all."""
    names = emails = years_ok = years_n = 0
    items = SPEC["resumes"]
    for file, spec in items.items():
        text = (RESUMES / file).read_text(encoding="utf-8")
        rec = parse_resume(text, extractor=EXTRACTOR, source=file, today=AS_OF)
        names += rec.full_name == spec["name"]
        emails += rec.email == spec["email"]
        assert all(s.evidence in text for s in rec.skills), file
        if spec.get("years") is not None:
            years_n += 1
            years_ok += rec.years_experience is not None and abs(rec.years_experience - spec["years"]) <= 1.0
    assert len(items) >= 40
    assert names == len(items) and emails == len(items)
    assert years_ok >= 0.9 * years_n


# -- location ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("file", "location", "years", "seniority"),
    [
        # today = 2026-11: Nadia 09/2015 on, Henrik and Sofia 2017 on, Daniel 2015 on (no level word: years)
        ("nadia_okafor.md", "Rotterdam", 11.2, "senior"),   # "Senior Data Scientist" says so
        ("henrik_lund.txt", "Copenhagen", 9.9, "senior"),   # "MLOps Engineer", ~10 years: not lead
        ("sofia_marchetti.docx", "Milan", 9.9, "senior"),   # "Frontend Engineer", ~10 years: not lead
        ("daniel_mwangi.pdf", "Nairobi", 11.9, "senior"),
    ],
)
def test_sample_resumes_location_and_seniority(file: str, location: str, years: float, seniority: str) -> None:
    text = read_text(SAMPLES / file)
    rec = parse_resume(text, extractor=EXTRACTOR, source=file, today=date(2026, 11, 30))
    assert rec.location == location
    assert rec.years_experience == pytest.approx(years, abs=0.05)
    assert rec.seniority == seniority


@pytest.mark.parametrize(
    ("header", "location"),
    [
        ("Data Engineer | Rotterdam | jo@example.com | +31 10 555 0142", "Rotterdam"),
        ("Data Engineer · Berlin, Germany · jo@example.com", "Berlin"),
        ("Data Engineer - Copenhagen", "Copenhagen"),
        ("Data Engineer, Nairobi. jo@example.com, +254 20 555 0163", "Nairobi"),
        ("jo@example.com | München, Deutschland", "Munich"),
        ("Zürich · +41 44 555 01 23", "Zurich"),
        ("Data Engineer in NYC", "New York"),
        ("Greater London | jo@example.com", "London"),
        ("Lisbon, Portugal", "Lisbon"),
        ("Austin, TX | (512) 555-0199", "Austin"),
        ("Leiden, Netherlands | jo@example.com", "Leiden"),  # not listed: "City, Country" is enough
        ("Data Engineer                 Gothenburg, Sweden", "Gothenburg"),
        ("Data Engineer | Remote (EU time zones)", "Remote"),
        ("Data Engineer | Acme Labs, Germany | jo@example.com", ""),  # a company is not a place
        ("Data Engineer | Spark, Kafka | jo@example.com", ""),  # skills are not places
        ("Senior Engineer, Germany", ""),  # a title with a country names no city
    ],
)
def test_location_on_the_header_lines(header: str, location: str) -> None:
    rec = parse(f"Jo Example\n{header}\n\nExperience\nEngineer, Initech — 2019 – 2021\n- Pipelines in Python and SQL.\n")
    assert rec.location == location


@pytest.mark.parametrize(
    ("text", "location"),
    [
        ("Jo Example\nLocation: Warszawa, Poland\nEngineer building Python services for many years.\n", "Warsaw"),
        ("I'm Jo Example, a data engineer in Amsterdam who builds Python pipelines for logistics.\n", "Amsterdam"),
        ("Jo Example\nData engineer based in Zurich, Switzerland, building Python pipelines for banks.\n", "Zurich"),
        # a past city further down is not where the person is
        ("Jo Example\nData Engineer\n\nExperience\nEngineer, Initech, Paris — 2015 – 2019\n- Python and SQL daily.\n", ""),
        ("Hello! I am Jo Example, a teacher who moved into data in 2022.\nAfter years of teaching in Valencia, "
         "I retrained as an analyst and now write Python and SQL reports for a retailer.\n", ""),
    ],
)
def test_location_from_labels_and_sentences(text: str, location: str) -> None:
    assert parse(text).location == location


def test_location_never_takes_the_persons_name_or_university() -> None:
    rec = parse("Sofia Lima\nData Analyst | sofia.lima@example.com\n\nEducation\nMSc Statistics, University of Milan, 2019\n"
                "\nExperience\nAnalyst, Acme — 2019 – 2021\n- SQL reporting for the finance team.\n")
    assert rec.full_name == "Sofia Lima" and rec.location == ""


@pytest.mark.parametrize(
    ("raw", "city"),
    [("Lisbon, Portugal", "Lisbon"), ("new york city", "New York"), ("75001 Paris, France", "Paris"),
     ("Remote", "Remote"), ("Fully remote (CET)", "Remote"), ("Springfield, IL", "Springfield"),
     ("Germany", ""), ("", "")],
)
def test_normalise_location(raw: str, city: str) -> None:
    assert normalise_location(raw) == city


def test_every_store_city_is_known_and_no_skill_is_a_city() -> None:
    """The seeded store's cities (salary bands and roles) are recognised as spelled; no skill reads as a city alone."""
    bands = yaml.safe_load((ROOT / "data" / "catalog" / "salary_bands.yml").read_text(encoding="utf-8"))
    roles = yaml.safe_load((ROOT / "data" / "catalog" / "roles.yml").read_text(encoding="utf-8"))
    role_list = roles["roles"] if isinstance(roles, dict) else roles
    store = (set(bands["locations"]) | {r["location"] for r in role_list}) - {"Remote"}
    assert store == set(STORE_CITIES)
    assert all(known_city(c) == c and known_city(c.upper()) == c for c in store)
    assert [s for s in EXTRACTOR.taxonomy.skills if known_city(s)] == []


# -- seniority ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("level", "years", "headline", "expected"),
    [
        (None, 1.9, "", "junior"), (None, 2.0, "", "mid"), (None, 4.9, "", "mid"), (None, 5.0, "", "senior"),
        (None, 9.9, "Frontend Engineer", "senior"), (None, 25.0, "", "senior"), (None, None, "Engineer", None),
        (None, 15.0, "Junior Web Developer", "junior"), (None, 0.5, "Principal Scientist", "principal"),
        ("Sr.", 1.0, "Engineer", "senior"), ("Staff", 1.0, "Junior Engineer", "lead"),
        ("Mid-level", 12.0, "", "mid"), ("", 3.0, "Head of People", "lead"),
    ],
)
def test_seniority_rule_shared_with_tabular_imports(level: str | None, years: float | None, headline: str,
                                                    expected: str | None) -> None:
    assert seniority_for(level, years, headline) == expected


def test_seniority_words_are_store_levels() -> None:
    assert set(SENIORITY_WORDS.values()) == {"junior", "mid", "senior", "lead", "principal"}


def test_a_resume_with_a_skills_section_keeps_what_it_states() -> None:
    text = ("Kimaya Sonawane\nPune, Maharashtra\nExcellent communication skills, working in Agile teams.\n\n"
            "WORK EXPERIENCE\n\nSoftware Engineer\nInfosys - Pune, Maharashtra\nJune 2016 to Present\n"
            "Wrote SQL reports for a banking client.\nWorked in Kanban teams, with a Tableau licence.\n"
            "Led the team of four.\nEnvironment: Java, Spring MVC, Jenkins\n\n"
            "SKILLS\n\nPYTHON (3 years), DOCKER (Less than 1 year)\n")
    rec = parse_resume(text, extractor=EXTRACTOR, today=TODAY)
    skills = {s.skill: s.evidence for s in rec.skills}
    # the section, the job's own tool list (Jenkins), and what a job sentence says was made with one
    assert set(skills) == {"Python", "Docker", "Java", "CI/CD", "SQL"}
    assert skills["Python"] == "PYTHON (3 years), DOCKER (Less than 1 year)"
    assert skills["SQL"] == "Wrote SQL reports for a banking client."
    assert not {"Agile", "Tableau", "Communication"} & set(skills)  # named, not claimed
    assert EXTRACTOR.taxonomy.evidence(rec.resume_text)["Tableau"] == "Worked in Kanban teams, with a Tableau licence."


def test_a_resume_without_a_skills_section_keeps_every_skill_it_names() -> None:
    text = ("Kimaya Sonawane\nPune, Maharashtra\n\nWORK EXPERIENCE\n\nSoftware Engineer, Infosys, 2016 to Present\n"
            "Wrote SQL reports and Python jobs for a banking client, in Agile teams.\n")
    rec = parse_resume(text, extractor=EXTRACTOR, today=TODAY)
    assert {s.skill for s in rec.skills} == {"SQL", "Python", "Agile"}
