"""Wording of career-path answers."""

from __future__ import annotations

from bot.messages.coaching import NO_PROFILE_NOTE, choice_buttons, intent_button, unknown_reply
from bot.messages.reply import Reply
from bot.services.careers import CareerAdvice, CareerOption, CareerStep


def _years(value: float) -> str:
    return f"{value:g} year" + ("" if value == 1 else "s")


def _option(o: CareerOption) -> dict:
    return {"family": o.family, "years": o.years, "via": list(o.via)}


def _option_line(o: CareerOption) -> str:
    via = f" via {' → '.join(o.via)}" if o.via else ""
    return f"• {o.family}: about {_years(o.years)}{via}"


def _step(s: CareerStep) -> dict:
    return {"from": s.from_family, "to": s.to_family, "years": s.years, "role": s.role_title,
            "missing": list(s.missing), "weak": list(s.weak)}


def _step_line(i: int, s: CareerStep) -> str:
    gaps = []
    if s.missing:
        gaps.append("learn " + ", ".join(s.missing))
    if s.weak:
        gaps.append("strengthen " + ", ".join(s.weak))
    todo = "; ".join(gaps) if gaps else "you have the core skills"
    return f"{i}. {s.from_family} → {s.to_family} (about {_years(s.years)}): {todo}"


def _option_buttons(options: list[CareerOption]) -> list[dict[str, str]]:
    return choice_buttons([o.family for o in options[:5]], "career_path", "role")


def career_reply(advice: CareerAdvice) -> Reply:
    """Steps with time and skill gaps, or the reachable options, or suggestions."""
    if advice.status == "unknown_role":
        return unknown_reply(f"I couldn't find a role called \"{advice.query}\".", advice.query, advice.suggestions,
                             "career_path", "role")
    if advice.status == "no_profile":
        if not advice.target:
            return Reply(
                NO_PROFILE_NOTE + " Meanwhile, name a role and I'll show the usual ways into it.",
                {"type": "career_path", "personal": False, "families": advice.suggestions},
                buttons=choice_buttons(advice.suggestions, "career_path", "role"),
            )
        if advice.entry_points:
            lines = [f"People usually move into {advice.target} from:"]
            lines += [f"• {o.family} (about {_years(o.years)})" for o in advice.entry_points]
        else:
            lines = [f"{advice.target} is usually an entry role: there is no typical move into it on our career map."]
        lines.append(f"({NO_PROFILE_NOTE})")
        return Reply("\n".join(lines), {"type": "career_path", "personal": False, "target": advice.target,
                                        "entry_points": [_option(o) for o in advice.entry_points]})
    payload: dict = {"type": "career_path", "personal": True, "from": advice.start, "target": advice.target,
                     "options": [_option(o) for o in advice.options]}
    if advice.status == "ok":
        lines = [f"From {advice.start} to {advice.target}: about {_years(advice.total_years)} in "
                 f"{len(advice.steps)} step{'s' if len(advice.steps) != 1 else ''}."]
        lines += [_step_line(i, s) for i, s in enumerate(advice.steps, 1)]
        payload.update(steps=[_step(s) for s in advice.steps], total_years=advice.total_years)
        return Reply("\n".join(lines), payload,
                     buttons=[intent_button(f"Skill gap for {advice.target}", "skill_gap", role=advice.target)])
    if advice.status == "already_there":
        lines = [f"You're already in the {advice.target} family; the next step is a more senior "
                 f"{advice.target} role. From there you could move on to:"]
    elif advice.status == "no_path":
        lines = [f"There's no usual path from {advice.start} to {advice.target} on our career map."]
        if advice.entry_points:
            lines.append("People usually get there from: " + ", ".join(o.family for o in advice.entry_points) + ".")
        lines.append("From where you are, you can reach:" if advice.options else "I see no moves from your role yet.")
        payload["entry_points"] = [_option(o) for o in advice.entry_points]
    else:
        lines = [f"From {advice.start} you could move to:" if advice.options
                 else f"I see no usual moves from {advice.start} on our career map yet."]
    lines += [_option_line(o) for o in advice.options]
    return Reply("\n".join(lines), payload, buttons=_option_buttons(advice.options))
