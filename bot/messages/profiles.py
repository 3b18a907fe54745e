"""Wording of a candidate's profile."""

from __future__ import annotations

from bot.messages.applications import application_entry, application_line
from bot.messages.people import summary_card
from bot.messages.reply import Reply, ask_reply
from bot.services.profiles import Profile

ASK_WHO_PROFILE = ask_reply(
    "person",
    "Whose profile would you like? Give me a name, e.g. \"tell me about Amara Okafor\", or pick someone "
    "from a list (\"the second one\").",
)


def _years(value: float) -> str:
    """"6.5 years"."""
    return f"{value:g} year{'s' if value != 1 else ''}"


def profile_reply(p: Profile) -> Reply:
    """Headline, skills with evidence, work history, education and applications (no contact details)."""
    lines = [f"{p.name} — {p.headline}", f"{p.location} · {p.seniority} · {_years(p.years_experience)} experience"]
    if p.skills:
        more = f" (of {p.skill_count})" if p.skill_count > len(p.skills) else ""
        lines.append(f"Top skills{more}:")
        lines += [f"• {s.skill}" + (f": \"{s.evidence}\"" if s.evidence else "") for s in p.skills]
    if p.jobs:
        lines.append("Work history:")
        lines += [f"• {j.title}, {j.company} ({j.start}–{j.end or 'now'})" for j in p.jobs]
    if p.education:
        lines.append("Education:")
        lines += [f"• {d.degree} {d.field}, {d.school}" + (f" ({d.year})" if d.year else "") for d in p.education]
    if p.applications:
        lines.append("Applications:")
        lines += [application_line(a) for a in p.applications]
    else:
        lines.append("No applications yet (talent pool).")
    payload = {
        "type": "profile", **summary_card(p, years=True),
        "skills": [{"skill": s.skill, "evidence": s.evidence} for s in p.skills], "skill_count": p.skill_count,
        "work_history": [{"title": j.title, "company": j.company, "start": j.start, "end": j.end} for j in p.jobs],
        "education": [{"degree": d.degree, "field": d.field, "school": d.school, "year": d.year} for d in p.education],
        "applications": [application_entry(a) for a in p.applications],
    }
    return Reply("\n".join(lines), payload)
