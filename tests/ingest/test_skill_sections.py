"""Where a resume states its skills: skills sections and labelled lists, not prose mentions."""

from __future__ import annotations

from ingest.layout import section_kinds, split_lines
from ingest.skill_sections import is_labelled_list, is_list, outside, stated_spans, work_evidence

INDEED = """Kimaya Sonawane
Pune, Maharashtra
Excellent communication skills and a team player, working in Agile teams.

WORK EXPERIENCE

Software Engineer
Infosys - Pune, Maharashtra
June 2016 to Present
Wrote SQL reports for a banking client.
Environment: Java, Spring MVC, MySQL, Jenkins
Description: Power BI deployed on the community site for 7,000 users to collaborate

EDUCATION

B.E. in Computer Science

SKILLS

JAVA (3 years), PYTHON (Less than 1 year)

ADDITIONAL INFORMATION

Hobbies: cricket and travelling to new places with friends and family
"""


def _stated_text(text: str) -> list[str]:
    lines = split_lines(text)
    stated = stated_spans(lines, section_kinds(lines))
    return [text[s:e] for s, e in stated.spans]


def test_skills_section_and_labelled_lists_are_stated_prose_is_not() -> None:
    stated = _stated_text(INDEED)
    assert stated == ["Environment: Java, Spring MVC, MySQL, Jenkins", "JAVA (3 years), PYTHON (Less than 1 year)"]


def test_additional_information_closes_the_skills_section() -> None:
    lines = split_lines(INDEED)
    stated = stated_spans(lines, section_kinds(lines))
    assert len(stated.sections) == 1 and len(stated.lists) == 1
    assert not any("Hobbies" in INDEED[s:e] for s, e in stated.spans)


def test_a_list_is_short_items_not_a_sentence() -> None:
    assert is_list("Java 1.8, Spring MVC, Hibernate, REST API calls, Angular JS, CSS")
    assert is_list("SAP HR Module")
    assert not is_list("Power BI deployed on the community site so that 7,000 users can collaborate")
    assert is_labelled_list("Languages used: PHP, MySQL, Html, CSS, Bootstrap, JavaScript and jQuery.")
    assert is_labelled_list("**Stack:** Python, Ray, Kubernetes, Terraform")
    assert not is_labelled_list("delivering projects with competence. December 2008 - January 2015")
    assert not is_labelled_list("Worked with many tools to improve the team's delivery speed: a sentence")


def test_outside_is_the_complement() -> None:
    assert outside([(5, 10), (2, 4)], 12) == [(0, 2), (4, 5), (10, 12)]
    assert outside([], 3) == [(0, 3)]
    assert outside([(0, 3)], 3) == []


def test_work_evidence_is_what_a_job_sentence_says_was_made() -> None:
    lines = split_lines(INDEED)
    found = [INDEED[s:e] for s, e in work_evidence(INDEED, lines, section_kinds(lines))]
    assert found == ["Wrote SQL reports for a banking client."]  # not the summary's claims, not "Environment:"
