"""Wording of a screening: applicants who meet every must-have, ranked and explained, then who lacks one."""

from __future__ import annotations

from bot.messages.recommendations import INDEX_UNAVAILABLE
from bot.messages.recommendations import match_card as card
from bot.messages.recommendations import why_line as why
from bot.messages.recommendations import unknown_role as unknown_role_text
from bot.messages.reply import Reply, ask_reply
from bot.messages.roles import intent_button
from bot.services.screening import Screened, Screening

MOST_MISSING_SHOWN = 3  # must-haves named in the headline's "most often missing" part


def screen_button(title: str) -> dict[str, str]:
    """A button that screens the new applicants of one role."""
    return intent_button(title, "screen_applicants", {"role": title})


def ask_role(titles: list[str]) -> Reply:
    """Which role's applicants to screen, with open roles (most applicants first) as buttons."""
    if not titles:
        return ask_reply("role", "Which role's applicants should I screen? Give me a job title, "
                         "e.g. \"Data Engineer\".", roles=[], intent="screen_applicants")
    return ask_reply(
        "role",
        "Which role's applicants should I screen? Here are the open roles with the most applicants, or type a title:",
        [screen_button(t) for t in titles], roles=titles, intent="screen_applicants",
    )


def unknown_role(typed: str, suggestions: list[str]) -> Reply:
    """Same words as for recommendations, but the suggested titles screen that role when picked."""
    reply = unknown_role_text(typed, suggestions)
    return Reply(reply.text, reply.payload, [screen_button(t) for t in suggestions])


def _scope(s: Screening) -> str:
    """"new applicants", "active applicants" or "applicants at phone screen, onsite"."""
    if s.new_only:
        return "new applicants"
    if s.stages is None:
        return "applicants (all stages except rejected)"
    return "applicants at " + ", ".join(st.replace("_", " ") for st in s.stages)


def _plural(n: int, word: str) -> str:
    """"1 applicant", "3 applicants"."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _stage_breakdown(by_stage: dict[str, int]) -> str:
    """"3 in screening, 4 in onsite"."""
    return ", ".join(f"{n} in {st.replace('_', ' ')}" for st, n in by_stage.items())


def _headline(s: Screening) -> str:
    """The first line: who was screened and the split (rich channels show only this line above the cards)."""
    closed = " (a closed role)" if not s.is_open else ""
    must = ", ".join(s.required) or "none listed"
    scope = _scope(s).replace("applicants", "applicant", 1) if s.screened == 1 else _scope(s)
    line = (f"Screened {s.screened} {scope} for {s.role_title}{closed} against the must-haves ({must}): "
            f"{s.meets_count} {'meets' if s.meets_count == 1 else 'meet'} every one, "
            f"{s.lacking_count} {'lacks' if s.lacking_count == 1 else 'lack'} at least one")
    if s.missing_counts:
        top = list(s.missing_counts.items())[:MOST_MISSING_SHOWN]
        line += " (most often " + ", ".join(f"{k}: {v}" for k, v in top) + ")"
    return line + "."


def _line(n: int, a: Screened, show_stage: bool) -> str:
    """`1. Name — headline, location · match 72/100` (with the stage when several stages were screened)."""
    m = a.match
    stage = f" · {a.stage.replace('_', ' ')}" if show_stage and a.stage else ""
    return f"{n}. {m.name} — {m.headline}, {m.location} · match {m.score:.0f}/100{stage}"


def _lacking_line(n: int, a: Screened, show_stage: bool) -> str:
    """One line per applicant lacking a must-have: what is missing first, then what they have."""
    m = a.match
    have = f"; has {', '.join(m.matched_required)}" if m.matched_required else ""
    return _line(n, a, show_stage) + f"\n   lacks {', '.join(m.missing_required)}{have}."


def _card(a: Screened, required: int) -> dict:
    """The recommendation card plus the screening verdict and the application's stage."""
    return {**card(a.match, required), "stage": a.stage, "meets_must_haves": a.meets_must_haves}


def _problem(s: Screening) -> Reply | None:
    """The reply when there is nothing to rank, else None."""
    if s.problem == "unknown_role":
        return unknown_role(s.role_title, s.suggestions)
    if s.problem == "unavailable":
        return INDEX_UNAVAILABLE
    base = {"type": "screening", "role": s.role_title, "role_id": s.role_id, "problem": s.problem,
            "by_stage": s.by_stage}
    pool = intent_button("Best from the talent pool", "recommend_candidates", {"role": s.role_title})
    if s.problem == "no_applicants":
        return Reply(f"Nobody has an open application for {s.role_title}, so there is no one to screen. "
                     f"Ask \"best candidates for {s.role_title}\" to look through the whole talent pool.", base, [pool])
    if s.problem == "no_new_applicants":
        total = sum(s.by_stage.values())
        text = (f"There are no {_scope(s)} for {s.role_title}: its {_plural(total, 'active applicant')} "
                f"{'is' if total == 1 else 'are'} at other stages ({_stage_breakdown(s.by_stage)}). "
                f"Say \"screen all applicants for {s.role_title}\" to screen them anyway.")
        again = {"title": f"Screen all {total}", "payload": f"screen all applicants for {s.role_title}"}
        return Reply(text, base, [again])
    return None


def screening_reply(s: Screening) -> Reply:
    """Applicants who meet every must-have (ranked, explained), then those lacking one and what they lack."""
    problem = _problem(s)
    if problem is not None:
        return problem
    show_stage = not s.new_only
    lines = [_headline(s)]
    n = 0
    if s.meets:
        lines.append("Meet every must-have:" if s.meets_count <= len(s.meets)
                     else f"Meet every must-have (best {len(s.meets)} of {s.meets_count}):")
        for a in s.meets:
            n += 1
            lines += [_line(n, a, show_stage), why(a.match)]
    else:
        lines.append("Nobody meets every must-have.")
    if s.lacking:
        lines.append("Lack a must-have:" if s.lacking_count <= len(s.lacking)
                     else f"Lack a must-have (best {len(s.lacking)} of {s.lacking_count}):")
        for a in s.lacking:
            n += 1
            lines.append(_lacking_line(n, a, show_stage))
    lines.append("Ask \"tell me about the first one\", \"compare the first two\" or \"move the first one to phone screen\".")
    shown = [*s.meets, *s.lacking]
    payload = {
        "type": "candidate_list", "role": s.role_title, "role_id": s.role_id,
        "screening": {
            "scope": "new" if s.new_only else ("all" if s.stages is None else list(s.stages)),
            "required": s.required, "screened": s.screened, "meets": s.meets_count, "lacking": s.lacking_count,
            "missing_counts": s.missing_counts,
        },
        "candidates": [_card(a, len(s.required)) for a in shown],
    }
    return Reply("\n".join(lines), payload)


def shown_ids(s: Screening) -> list[str]:
    """Candidate ids in the order the reply numbers them (for "the first one" follow-ups)."""
    return [str(a.match.candidate_id) for a in (*s.meets, *s.lacking)]
