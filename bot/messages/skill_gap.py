"""Wording of skill-gap answers."""

from __future__ import annotations

from bot.messages.coaching import NO_PROFILE_NOTE, choice_buttons, intent_button, unknown_reply
from bot.messages.reply import Reply, ask_reply
from bot.services.skill_gap import GapItem, SkillGapReport

IMPORTANCE = {"required": "required", "nice_to_have": "nice to have"}


def _item(item: GapItem) -> dict:
    entry = {"skill": item.skill, "importance": item.importance, "status": item.status,
             "proficiency": item.proficiency}
    if item.course_code:
        entry["course"] = {"code": item.course_code, "title": item.course_title}
    return entry


def _gap_line(item: GapItem) -> str:
    level = "not on your profile" if item.status == "missing" else f"you're at {item.proficiency}/5"
    course = f" → {item.course_title} ({item.course_code})" if item.course_code else ""
    return f"• {item.skill} ({IMPORTANCE[item.importance]}; {level}){course}"


def skill_gap_reply(report: SkillGapReport) -> Reply:
    """Have / missing / weak for a role with a course per gap; suggestions when the role is unknown."""
    if report.status == "unknown_role":
        return unknown_reply(f"I couldn't find a role called \"{report.query}\".", report.query, report.suggestions,
                             "skill_gap", "role")
    if report.status == "no_role":
        return ask_reply("role", "Which role would you like to compare your skills with? For example: "
                         "\"what skills am I missing for Data Scientist?\"",
                         choice_buttons(report.suggestions, "skill_gap", "role"), options=report.suggestions)
    if report.status == "no_profile":
        if not report.role_title:
            return ask_reply("role", NO_PROFILE_NOTE + " Meanwhile I can tell you what a role needs, e.g. "
                             "\"skills for Data Scientist\".",
                             choice_buttons(report.suggestions, "skill_gap", "role"), options=report.suggestions)
        required = [s for s, imp in report.requirements if imp == "required"]
        nice = [s for s, imp in report.requirements if imp != "required"]
        text = f"{report.role_title} needs: {', '.join(required)}."
        if nice:
            text += f" Nice to have: {', '.join(nice)}."
        text += f"\n({NO_PROFILE_NOTE})"
        return Reply(
            text,
            {"type": "skill_gap", "role": report.role_title, "personal": False,
             "required": required, "nice_to_have": nice},
            buttons=[intent_button(f"Courses for {s}", "recommend_training", skill=s) for s in required[:3]],
        )
    lines = [f"Your skills against {report.role_title}:"]
    if report.gaps:
        lines.append("To work on, most important first:")
        lines += [_gap_line(i) for i in report.gaps]
    else:
        lines.append("You already have every skill this role asks for at a good level.")
    if report.have:
        lines.append("You already have: " + ", ".join(f"{i.skill} ({i.proficiency}/5)" for i in report.have))
    payload = {
        "type": "skill_gap",
        "role": report.role_title,
        "family": report.family,
        "personal": True,
        "have": [_item(i) for i in report.have],
        "missing": [_item(i) for i in report.missing],
        "weak": [_item(i) for i in report.weak],
    }
    buttons = [intent_button(f"Training for {report.role_title}", "recommend_training", role=report.role_title)]
    buttons += [intent_button(f"Path to {report.family}", "career_path", role=report.role_title)]
    return Reply("\n".join(lines), payload, buttons=buttons)
