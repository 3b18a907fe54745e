"""Wording of application-status answers."""

from __future__ import annotations

from bot.messages.reply import Reply, ask_reply
from bot.services.applications import ApplicationView, PersonStatus, StatusLookup


def application_line(app: ApplicationView) -> str:
    """"• Data Engineer: Onsite interview (since 03 Mar 2025)"."""
    return f"• {app.role_title}: {app.stage_label} (since {app.since.strftime('%d %b %Y')})"


def application_entry(app: ApplicationView) -> dict:
    """One application for rich channels: the role, the stage as value and label, and since when."""
    return {"role": app.role_title, "stage": app.stage.value, "stage_label": app.stage_label,
            "since": app.since.isoformat()}


def _person_lines(person: PersonStatus) -> list[str]:
    """One line per application, or a note that there is none."""
    if not person.applications:
        return [f"{person.name} is in the talent pool but hasn't applied to any role yet."]
    lines = [f"{person.name} ({person.headline}, {person.location}):"]
    return lines + [application_line(app) for app in person.applications]


def _person_card(person: PersonStatus) -> dict:
    """Structured form of one person's applications for rich channels."""
    return {
        "candidate_id": person.candidate_id,
        "name": person.name,
        "headline": person.headline,
        "location": person.location,
        "applications": [application_entry(a) for a in person.applications],
    }


def status_reply(lookup: StatusLookup) -> Reply:
    """One person: their status; several: ask which; none: suggest close names or say so."""
    if len(lookup.people) == 1:
        person = lookup.people[0]
        return Reply("\n".join(_person_lines(person)), {"type": "application_status", "people": [_person_card(person)]})
    if lookup.people:
        options = [f"{p.name}, {p.headline}, {p.location}" for p in lookup.people]
        text = f"I found {len(options)} people matching \"{lookup.query}\". Which one do you mean?\n" + "\n".join(
            f"{i}. {o}" for i, o in enumerate(options, 1)
        )
        return Reply(
            text,
            {"type": "disambiguation", "people": [_person_card(p) for p in lookup.people]},
            buttons=[
                {"title": o, "payload": f'/application_status{{"person": "{p.name}"}}'}
                for o, p in zip(options, lookup.people)
            ],
        )
    if lookup.suggestions:
        names = ", ".join(lookup.suggestions)
        return Reply(
            f"I couldn't find anyone called \"{lookup.query}\". Did you mean: {names}?",
            {"type": "suggestions", "query": lookup.query, "names": lookup.suggestions},
            buttons=[{"title": n, "payload": f'/application_status{{"person": "{n}"}}'} for n in lookup.suggestions],
        )
    return Reply(
        f"I couldn't find anyone called \"{lookup.query}\" among the candidates. Check the spelling, "
        "or give their full name.",
        {"type": "not_found", "query": lookup.query},
    )


ASK_WHO = ask_reply(
    "person",
    "Whose application status would you like? Give me their name, e.g. \"status of Amara Okafor\".",
)
