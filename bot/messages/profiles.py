"""Wording of a candidate's profile and of the "who do you mean" follow-ups shared by recruiter reads."""

from __future__ import annotations

import json

from bot.messages.reply import Reply
from bot.services.names import NameMatches
from bot.services.profiles import Profile

ASK_WHO_PROFILE = Reply(
    "Whose profile would you like? Give me a name, e.g. \"tell me about Amara Okafor\", or pick someone "
    "from a list (\"the second one\").",
    {"type": "ask", "slot": "person"},
)


def _button(intent: str, name: str, keep: list[str], title: str = "") -> dict[str, str]:
    """A button that repeats the request for one named person (plus the people already understood)."""
    person: str | list[str] = [*keep, name] if keep else name
    return {"title": title or name, "payload": f"/{intent}" + json.dumps({"person": person}, ensure_ascii=False)}


def who_do_you_mean(lookup: NameMatches, intent: str = "candidate_profile", keep: list[str] | None = None) -> Reply:
    """Several matches: ask which; none: offer close names; nothing at all: say so."""
    query = lookup.query if len(lookup.query) <= 60 else lookup.query[:57] + "…"
    keep = list(keep or [])
    if len(lookup.matches) > 1:
        people = [{"candidate_id": c.id, "name": c.full_name, "headline": c.headline, "location": c.location}
                  for c in lookup.matches]
        options = "\n".join(f"{i}. {p['name']}, {p['headline']}, {p['location']}" for i, p in enumerate(people, 1))
        return Reply(
            f"I found {len(people)} people matching \"{query}\". Which one do you mean?\n{options}",
            {"type": "disambiguation", "people": people},
            [_button(intent, p["name"], keep, f"{p['name']}, {p['location']}") for p in people],
        )
    if lookup.suggestions:
        names = [c.full_name for c in lookup.suggestions]
        return Reply(f"I couldn't find anyone called \"{query}\". Did you mean: {', '.join(names)}?",
                     {"type": "suggestions", "query": query, "names": names}, [_button(intent, n, keep) for n in names])
    return Reply(f"I couldn't find anyone called \"{query}\" among the candidates. Check the spelling, "
                 "or give their full name.", {"type": "not_found", "query": query})


def no_such_position(position: int, size: int) -> Reply:
    """An ordinal past the end of the last list (or no list at all)."""
    if size == 0:
        return Reply("I haven't shown you a list yet, so I don't know who \"that one\" is. Give me a name, or "
                     "search first (e.g. \"Python developers in Berlin\").", {"type": "ask", "slot": "person"})
    where = "last one" if position == -1 else f"number {position}"
    return Reply(f"The last list had {size} {'person' if size == 1 else 'people'}, so there's no {where}. "
                 f"Pick a number from 1 to {size}, or give a name.", {"type": "ask", "slot": "person"})


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
        lines += [f"• {a.role_title}: {a.stage_label} (since {a.since.strftime('%d %b %Y')})" for a in p.applications]
    else:
        lines.append("No applications yet (talent pool).")
    payload = {
        "type": "profile", "candidate_id": p.candidate_id, "name": p.name, "headline": p.headline,
        "location": p.location, "seniority": p.seniority, "years_experience": p.years_experience,
        "skills": [{"skill": s.skill, "evidence": s.evidence} for s in p.skills], "skill_count": p.skill_count,
        "work_history": [{"title": j.title, "company": j.company, "start": j.start, "end": j.end} for j in p.jobs],
        "education": [{"degree": d.degree, "field": d.field, "school": d.school, "year": d.year} for d in p.education],
        "applications": [{"role": a.role_title, "stage": a.stage.value, "stage_label": a.stage_label,
                          "since": a.since.isoformat()} for a in p.applications],
    }
    return Reply("\n".join(lines), payload)
