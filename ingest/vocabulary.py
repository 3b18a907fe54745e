"""Shared word lists that tell what a phrase is: a job title, a degree, an institution, not a name.

Names, places, work history and education all need to rule the other kinds of phrase out, so the lists
sit in one place rather than in any one of them.
"""

from __future__ import annotations

import re

TITLE_WORDS = frozenset(
    """
    engineer engineering developer scientist analyst manager lead recruiter intern consultant designer director
    head specialist partner researcher architect officer coordinator administrator associate advisor owner
    programmer statistician founder co-founder cto ceo vp president generalist sourcer assistant technician
    teacher lecturer professor postdoc fellow student trainee apprentice writer editor strategist representative
    contractor freelancer freelance executive principal staff senior junior mlops devops sre tester qa
    support operator trainer instructor clerk accountant auditor sme
    """.split()
)
DEGREE = re.compile(
    r"\b(?:B\.?\s?Sc|M\.?\s?Sc|B\.\s?A\.?|M\.\s?A\.?|BA|MA|B\.\s?S\.?|M\.\s?S\.?|BS|MS|Ph\.?\s?D|MBA|M\.?\s?Eng|"
    r"B\.?\s?Eng|B\.?\s?Tech|M\.?\s?Tech|BASc|BCom|LL\.?\s?[BM]|(?i:Bachelor(?:'s)?|Master(?:'s)?|Doctorate|Doctor of|"
    r"Diploma|Diplom|Diplôme|Licenciatura|Licence|Laurea|Abitur|A-levels|Associate degree|Graduate certificate|"
    r"Certificate in|Ingeniería|Ingénieur|Inżynier|Bacharelado))(?![\w-])"
)
INSTITUTION = re.compile(
    r"\b(?:University|Universit[äyà]t?|Université|Universidad|Universidade|Università|College|Institute|"
    r"Institut|School|Polytechnic|Politecnico|Academy|Hochschule|ETH|EPFL|MIT|TU [A-Z]\w+|KTH|UCL|LSE|IIT)\b"
)
NOT_NAMES = frozenset({"resume", "résumé", "curriculum", "vitae", "cv", "profile", "contact", "summary",
                       "experience", "education", "skills", "page", "confidential", "phone", "email", "linkedin",
                       "github", "address", "mobile", "location", "objective", "portfolio", "i", "i'm", "i’m",
                       "hi", "hello", "dear", "my", "about", "me", "name"})


def is_title(phrase: str) -> bool:
    """Whether a phrase names a job (it holds a title word), to tell titles from companies and places."""
    return bool(set(re.findall(r"[a-z\-]+", phrase.casefold())) & TITLE_WORDS)
