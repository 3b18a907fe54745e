"""Wording of talent-pool search answers."""

from __future__ import annotations

from bot.messages.people import summary_card
from bot.messages.reply import Reply, ask_reply, error_reply
from bot.messages.roles import intent_button
from bot.services.search import CandidateRow, SearchPage

INDEX_UNAVAILABLE = error_reply(
    "index_unavailable",
    "Candidate search isn't available right now: the search index hasn't been built (or the language "
    "model is missing). An admin can fix it with `hrbot index build`. Nothing was changed.",
)
ASK_CRITERIA = ask_reply(
    "search_criteria",
    "What kind of candidate are you looking for? Name skills, a location or a level, e.g. "
    "\"senior Python developers in Berlin\".",
)
NOTHING_TO_CONTINUE = ask_reply(
    "search_criteria",
    "There's no earlier search to continue. Tell me what you're looking for, e.g. "
    "\"data engineers with Spark in Amsterdam\".",
)


def _line(i: int, row: CandidateRow) -> str:
    """"3. Name — headline (location) · skills"."""
    skills = f" · {', '.join(row.skills[:4])}" if row.skills else ""
    return f"{i}. {row.name} — {row.headline} ({row.location}, {row.years_experience:g} yrs){skills}"


def _card(row: CandidateRow) -> dict:
    """A candidate_list entry for rich channels."""
    card: dict = {**summary_card(row), "skills": row.skills[:6]}
    if row.score is not None:
        card["score"] = row.score
    return card


def _criteria(page: SearchPage) -> str:
    """The search in words: "Python, Spark · Berlin · senior"."""
    req = page.request
    what = ", ".join(req.skills) or req.query
    what = what if len(what) <= 60 else what[:57] + "…"
    return " · ".join(p for p in (what, req.location or "", req.seniority or "") if p)


def _search_button(page: SearchPage, drop: str) -> dict[str, str]:
    """A button that reruns the search without one filter."""
    req = page.request
    entities: dict[str, str] = {}
    if req.skills:
        entities["skill"] = req.skills[0]
    for name in ("location", "seniority"):
        value = getattr(req, name)
        if value and name != drop:
            entities[name] = value.split(",")[0]
    return intent_button(f"Search without the {drop}", "search_candidates", entities)


def _no_result(page: SearchPage) -> Reply:
    """Nothing matched, or a filter value is unknown: say which filter to relax."""
    req = page.request
    if page.problem == "bad_filter":
        text = f"I can't filter on that: {page.detail}."
        if page.suggestions:
            text += f" Did you mean {', '.join(page.suggestions)}?"
    else:
        text = f"No candidates match {_criteria(page)}."
    buttons = []
    if page.relax:
        value = getattr(req, page.relax)
        text += (f" Without the {page.relax} filter ({value}) I'd find {page.relax_count} "
                 f"{'person' if page.relax_count == 1 else 'people'}; want me to drop it?")
        buttons.append(_search_button(page, page.relax))
    elif page.relax_tried:
        text += f" Dropping the {' or '.join(page.relax_tried)} wouldn't help either: try other or fewer skills."
    elif req.location or req.seniority:
        text += " Try dropping the " + " or ".join(f for f in ("location" if req.location else "",
                                                                  "seniority" if req.seniority else "") if f) + "."
    elif req.skills:
        text += " Try fewer or more general skills."
    else:
        text += " Try other words, or name a skill, a location or a level."
    payload = {"type": "candidate_list", "candidates": [], "query": req.query, "filters": req.filters(),
               "relax": page.relax or None, "suggestions": page.suggestions}
    return Reply(text, payload, buttons)


def search_reply(page: SearchPage) -> Reply:
    """A page of results, the end of the list, or no results with what to relax."""
    if page.problem == "unavailable":
        return INDEX_UNAVAILABLE
    if page.problem == "no_query":
        return ASK_CRITERIA
    if page.problem in ("no_match", "bad_filter"):
        return _no_result(page)
    if page.problem == "end":
        return Reply(f"That's everyone: all {page.total} matches for {_criteria(page)} have been shown.",
                     {"type": "candidate_list", "candidates": [], "query": page.request.query, "total": page.total})
    total = f"at least {page.total}" if page.at_least else str(page.total)
    first, last = page.start + 1, page.start + len(page.rows)
    head = f"{total.capitalize()} candidates match {_criteria(page)}. Showing {first}–{last}:"
    if page.total == 1:
        head = f"1 candidate matches {_criteria(page)}:"
    lines = [head, *(_line(i, r) for i, r in enumerate(page.rows, first))]
    buttons = []
    if page.has_more:
        lines.append("Say \"show more\" for the next ones, or \"tell me about the first one\".")
        buttons.append({"title": "Show more", "payload": "/search_candidates"})
    payload = {"type": "candidate_list", "candidates": [_card(r) for r in page.rows], "query": page.request.query,
               "offset": page.start, "total": page.total, "has_more": page.has_more}
    return Reply("\n".join(lines), payload, buttons)
