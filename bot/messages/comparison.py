"""Wording of side-by-side candidate comparisons."""

from __future__ import annotations

from bot.messages.people import summary_card
from bot.messages.recommendations import overtake_line, score_parts
from bot.messages.reply import Reply, ask_reply
from bot.services.comparison import Column, Comparison


def ask_for_people(found: list[str], unresolved: list[str]) -> Reply:
    """Fewer than two people: ask for the names (saying what was understood)."""
    text = "Who should I compare? Give me at least two names, e.g. \"compare Amara Okafor and Jonas Becker\", " \
           "or \"compare the first two\" after a search."
    if found:
        text = f"I've got {', '.join(found)}; who should I compare them with? Give me another name."
    if unresolved:
        text += " I couldn't tell who " + ", ".join(f"\"{u}\"" for u in unresolved) + " is."
    return ask_reply("person", text, found=found, unresolved=unresolved)


def _fit(col: Column) -> str:
    """Role fit of one person in words."""
    if col.fit is None:
        return ""
    score = f"{col.fit.score:.1f}/100; " if col.fit.score is not None else ""
    has = ", ".join(col.fit.matched_required) or "none"
    miss = f"; missing {', '.join(col.fit.missing_required)}" if col.fit.missing_required else ""
    line = f"   fit: {score}has {has}{miss}"
    if col.fit.points:
        line += f"\n   = {score_parts(col.fit.points)}"
    if col.fit.overtake is not None:
        line += "\n" + overtake_line(col.fit.overtake)
    return line


def _focus(col: Column) -> str:
    """The skills asked about: has / lacks."""
    if not col.focus:
        return ""
    return "   " + ", ".join(f"{s}: {'yes' if has else 'no'}" for s, has in col.focus.items())


def comparison_reply(cmp: Comparison, unresolved: list[str] | None = None) -> Reply:
    """People side by side; with a role, each one's fit and who fits best."""
    head = f"Comparing {len(cmp.columns)} candidates" + (f" for {cmp.role_title}" if cmp.role_title else "") + ":"
    lines = [head]
    for i, col in enumerate(cmp.columns, 1):
        lines.append(f"{i}. {col.name} — {col.headline}; {col.seniority}, {col.years_experience:g} yrs, {col.location}")
        own = f"   own skills: {', '.join(col.only_here)}" if col.only_here else "   no skills the others lack"
        lines += [x for x in (own, _focus(col), _fit(col)) if x]
    if cmp.shared:
        lines.append(f"Shared skills: {', '.join(cmp.shared[:8])}")
    best = cmp.best()
    if best is not None and len(cmp.columns) > 1:
        lines.append(f"Best fit for {cmp.role_title}: {best.name}.")
    if cmp.role_note:
        lines.append(cmp.role_note + (f" (did you mean {', '.join(cmp.role_suggestions)}?)" if cmp.role_suggestions else "."))
    if unresolved:
        lines.append("Left out (couldn't tell who they are): " + ", ".join(f"\"{u}\"" for u in unresolved) + ".")
    payload = {
        "type": "comparison", "role": cmp.role_title or None, "shared_skills": cmp.shared,
        "people": [
            {**summary_card(c, years=True), "skills": c.skills,
             "own_skills": c.only_here, "focus": c.focus,
             "fit": None if c.fit is None else {"score": None if c.fit.score is None else round(c.fit.score / 100, 3),
                                                "score_points": c.fit.points,
                                                "matched_required": c.fit.matched_required,
                                                "missing_required": c.fit.missing_required}}
            for c in cmp.columns
        ],
    }
    return Reply("\n".join(lines), payload)
