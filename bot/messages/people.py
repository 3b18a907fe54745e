"""Wording shared by every answer about one person: "which one do you mean?" and list positions."""

from __future__ import annotations

from typing import Any

from bot.messages.reply import Reply, ask_reply
from bot.messages.roles import intent_button
from bot.services.names import NameMatches
from retrieval import CandidateSummary
from retrieval.candidates import summary_fields


def summary_card(person: CandidateSummary, years: bool = False) -> dict[str, Any]:
    """The summary fields a candidate entry starts with; years of experience where the answer shows them."""
    card = summary_fields(person)
    if not years:
        del card["years_experience"]
    return card


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def who_do_you_mean(
    lookup: NameMatches, intent: str = "candidate_profile", extra: dict[str, Any] | None = None,
    keep: list[str] | None = None,
) -> Reply:
    """Several matches: ask which; none: close names; nothing: say so. Buttons repeat the request.

    `extra` are the request's other entities (role, stage); `keep` the people already understood
    (a comparison), so a click sends them all.
    """
    query = _short(lookup.query)

    def choose(title: str, name: str) -> dict[str, str]:
        return intent_button(title, intent, {**(extra or {}), "person": [*keep, name] if keep else name})

    if len(lookup.matches) > 1:
        people = [{"candidate_id": c.id, "name": c.full_name, "headline": c.headline, "location": c.location}
                  for c in lookup.matches]
        options = "\n".join(f"{i}. {p['name']}, {p['headline']}, {p['location']}" for i, p in enumerate(people, 1))
        return Reply(
            f"I found {len(people)} people matching \"{query}\". Which one do you mean?\n{options}",
            {"type": "disambiguation", "people": people},
            [choose(f"{p['name']}, {p['location']}", p["name"]) for p in people],
        )
    if lookup.suggestions:
        names = [c.full_name for c in lookup.suggestions]
        return Reply(f"I couldn't find anyone called \"{query}\". Did you mean: {', '.join(names)}?",
                     {"type": "suggestions", "query": query, "names": names}, [choose(n, n) for n in names])
    return Reply(f"I couldn't find anyone called \"{query}\" among the candidates. Check the spelling, "
                 "or give their full name.", {"type": "not_found", "query": query})


def no_such_position(position: int | None, size: int) -> Reply:
    """An ordinal past the end of the last list (or no list at all)."""
    if size == 0:
        return ask_reply("person", "I haven't shown you a list yet, so I don't know who \"that one\" is. Give me a "
                         "name, or search first (e.g. \"Python developers in Berlin\").")
    where = "last one" if position == -1 else f"number {position}"
    return ask_reply("person", f"The last list had {size} {'person' if size == 1 else 'people'}, so there's no "
                     f"{where}. Pick a number from 1 to {size}, or give a name.")
