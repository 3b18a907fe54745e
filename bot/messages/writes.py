"""Wording of recruiter writes: the confirmation questions, refusals, results, and yes/no outcomes."""

from __future__ import annotations

from typing import Any

from bot.messages.reply import Reply, ask_reply, error_reply
from bot.messages.roles import MAX_ROLE_BUTTONS, intent_button
from bot.services.applications import STAGE_LABELS
from bot.services.writes import SHORTLIST
from store.models import Application, Role, Stage

NOTHING_TO_CONFIRM = Reply(
    "Okay. There's nothing waiting for a yes or no right now. What would you like to do? Type 'help' for examples.",
    {"type": "nothing_to_confirm"},
)
ASK_WHO_SHORTLIST = ask_reply(
    "person",
    "Who should I shortlist? Give me a name, e.g. \"shortlist Amara Okafor for Data Engineer\", or pick someone "
    "from a list (\"shortlist the second one\").",
)
ASK_WHO_MOVE = ask_reply(
    "person",
    "Whose application should I move? Give me a name and a stage, e.g. \"move Amara Okafor to onsite\".",
)
INVALID_PENDING = error_reply(
    "invalid_pending_write",
    "I lost track of what I was going to change, so I didn't change anything. Please ask again.",
)
GONE = error_reply(
    "gone",
    "That candidate, role or application no longer exists, so I didn't change anything.",
)


def label(stage: str | Stage) -> str:
    """Human wording of a stage value."""
    try:
        return STAGE_LABELS[Stage(stage)]
    except ValueError:
        return str(stage)


def _confirmation(text: str, pending: dict[str, Any], yes: str) -> Reply:
    payload = {
        "type": "confirmation",
        "action": pending["kind"],
        "question": text,
        "candidate_id": pending["candidate_id"],
        "role": pending.get("role_title"),
        "yes": yes,
        "no": "No, cancel",
    }
    if pending["kind"] == "move_stage":
        payload.update(from_stage=pending["from_stage"], to_stage=pending["to_stage"],
                       backwards=bool(pending.get("backwards")))
    return Reply(text, payload)


def confirm_shortlist(pending: dict[str, Any]) -> Reply:
    """"Shortlist Amara Okafor for Data Engineer? (yes/no)"."""
    text = f"Shortlist {pending['candidate_name']} for {pending['role_title']}? (yes/no)"
    return _confirmation(text, pending, "Yes, shortlist")


def confirm_move(pending: dict[str, Any]) -> Reply:
    """The stage move to confirm, calling out backward moves, skipped stages, hires and rejections."""
    name, role = pending["candidate_name"], pending["role_title"]
    src, dst = label(pending["from_stage"]), label(pending["to_stage"])
    if pending["to_stage"] == Stage.rejected.value:
        text = f"Reject {name} for {role} (currently at {src})? (yes/no)"
        yes = "Yes, reject"
    elif pending["to_stage"] == Stage.hired.value:
        text = f"Mark {name} as hired for {role} (currently at {src})? (yes/no)"
        yes = "Yes, mark hired"
    elif pending.get("backwards"):
        text = (f"Move {name} back from {src} to {dst} for {role}? Note: that's a step backwards in the "
                "funnel. (yes/no)")
        yes = "Yes, move back"
    else:
        skipped = [label(s) for s in pending.get("skipped") or []]
        note = f" This skips {', '.join(skipped)}." if skipped else ""
        text = f"Move {name} from {src} to {dst} for {role}?{note} (yes/no)"
        yes = "Yes, move"
    return _confirmation(text, pending, yes)


def already_shortlisted(name: str, role: str) -> Reply:
    return Reply(f"{name} is already on the shortlist for {role}. Nothing to do.",
                 {"type": "info", "reason": "already_shortlisted"})


def role_closed(role: str) -> Reply:
    return Reply(f"The {role} role is closed, so I can't shortlist anyone for it. Ask \"which roles are open?\".",
                 {"type": "info", "reason": "role_closed"})


def same_stage(name: str, role: str, stage: str) -> Reply:
    return Reply(f"{name} is already at {label(stage)} for {role}. Nothing to change.",
                 {"type": "info", "reason": "same_stage"})


def terminal_stage(name: str, role: str, stage: str) -> Reply:
    """Hired and rejected are final here: explain, don't offer to undo."""
    state = "hired" if stage == Stage.hired.value else "rejected"
    return Reply(
        f"{name} is already {state} for {role}, so I can't move them to another stage. Reopening a "
        f"{state} application needs an HR admin to correct it in the hiring system (it keeps the history); "
        "for a new opening, they can apply to that role. Nothing was changed.",
        {"type": "info", "reason": "terminal_stage", "stage": stage},
    )


def no_next_stage(name: str, role: str, stage: str) -> Reply:
    return Reply(f"{name} is at {label(stage)} for {role}; there's no next stage after that.",
                 {"type": "info", "reason": "no_next_stage"})


def no_applications(name: str) -> Reply:
    return Reply(f"{name} hasn't applied to any role, so there's no application to move. You can shortlist "
                 "them for a role instead.", {"type": "info", "reason": "no_applications"})


def not_applied(name: str, role: str, apps: list[tuple[Application, Role]], extra: dict[str, str]) -> Reply:
    """The named role is not one the person applied to: list the ones they did."""
    titles = [r.title for _, r in apps]
    return Reply(
        f"{name} hasn't applied to {role}. Their applications: "
        + ", ".join(f"{r.title} ({label(a.stage)})" for a, r in apps) + ".",
        {"type": "suggestions", "names": titles, "what": "role"},
        buttons=[intent_button(t, "move_stage", {**extra, "role": t}) for t in titles[:MAX_ROLE_BUTTONS]],
    )


def which_application(name: str, apps: list[tuple[Application, Role]], extra: dict[str, str]) -> Reply:
    """Several applications: ask which role the move is for."""
    options = [f"{r.title} ({label(a.stage)})" for a, r in apps]
    return ask_reply(
        "role", f"{name} has several applications: {', '.join(options)}. Which role is this about?",
        [intent_button(r.title, "move_stage", {**extra, "role": r.title}) for _, r in apps[:MAX_ROLE_BUTTONS]],
        roles=[r.title for _, r in apps],
    )


def which_shortlist_role(name: str, roles: list[Role], extra: dict[str, str], open_titles: list[str]) -> Reply:
    """No role named: the person's open applications, or the open roles, as buttons."""
    titles = [r.title for r in roles] or open_titles
    lead = (f"{name} has applied to several open roles." if roles else
            f"{name} has no open application.")
    shown = titles[:MAX_ROLE_BUTTONS]
    more = f" (or type another of the {len(titles)} open roles)" if len(titles) > len(shown) else ""
    return ask_reply(
        "role", f"{lead} For which role should I shortlist them?{more}",
        [intent_button(t, "shortlist_candidate", {**extra, "role": t}) for t in shown], roles=shown,
    )


def ask_stage(name: str, role: str, current: str, extra: dict[str, str]) -> Reply:
    """No target stage given: offer the next stage and rejection."""
    options = []
    nxt_index = [s.value for s in Stage].index(current) + 1 if current in {s.value for s in Stage} else 0
    funnel = [s.value for s in Stage if s is not Stage.rejected]
    if current in funnel and nxt_index < len(funnel):
        options.append(funnel[nxt_index])
    options.append(Stage.rejected.value)
    return ask_reply(
        "stage", f"Which stage should {name} move to for {role}? They're at {label(current)} now.",
        [intent_button(label(s), "move_stage", {**extra, "stage": s}) for s in options], stages=options,
    )


def done_shortlist(pending: dict[str, Any]) -> Reply:
    return Reply(
        f"Done: {pending['candidate_name']} is on the shortlist for {pending['role_title']}.",
        {"type": "write_done", "action": "shortlist", "candidate_id": pending["candidate_id"],
         "role": pending["role_title"]},
    )


def done_move(pending: dict[str, Any]) -> Reply:
    name, role = pending["candidate_name"], pending["role_title"]
    src, dst = label(pending["from_stage"]), label(pending["to_stage"])
    return Reply(
        f"Done: {name} moved from {src} to {dst} for {role}. The stage history and audit log are updated.",
        {"type": "write_done", "action": "move_stage", "candidate_id": pending["candidate_id"], "role": role,
         "from_stage": pending["from_stage"], "to_stage": pending["to_stage"]},
    )


def already_done(pending: dict[str, Any]) -> Reply:
    """The answer to a second yes (a double click, a resent message) to a write already carried out."""
    name, role = pending["candidate_name"], pending["role_title"]
    what = (f"{name} is on the shortlist for {role}" if pending["kind"] == SHORTLIST
            else f"{name} was moved to {label(pending['to_stage'])} for {role}")
    return Reply(f"Already done: {what}. I didn't change anything again.",
                 {"type": "info", "reason": "already_done", "candidate_id": pending["candidate_id"], "role": role})


def changed_meanwhile(pending: dict[str, Any], current: str) -> Reply:
    return Reply(
        f"{pending['candidate_name']}'s application for {pending['role_title']} is now at {label(current)}, not "
        f"{label(pending['from_stage'])}, so I didn't change anything. Ask again if you still want to move them.",
        {"type": "info", "reason": "changed"},
    )


def cancelled(pending: dict[str, Any]) -> Reply:
    """The answer to "no" on a pending write."""
    name, role = pending.get("candidate_name") or "them", pending.get("role_title") or "that role"
    if pending.get("kind") == "shortlist":
        what = f"shortlist {name} for {role}"
    else:
        what = f"move {name} to {label(pending.get('to_stage') or '')} for {role}"
    return Reply(f"Okay, I won't {what}. Nothing was changed.", {"type": "info", "reason": "cancelled"})


def feedback_thanks(rating: int, count: int) -> Reply:
    if rating > 0:
        text = "Thanks! Glad that was useful; I'll take it into account next time."
    else:
        text = "Thanks for telling me. I'll suggest fewer things like that."
    return Reply(text, {"type": "feedback_recorded", "rating": rating, "items": count})


FEEDBACK_FAILED = error_reply(
    "feedback_invalid",
    "I couldn't record that rating, because I don't know what it was about. Nothing was saved.",
)


def still_pending(pending: dict[str, Any]) -> str:
    """A reminder line when a rating arrives while a write still waits for yes/no."""
    question = confirm_shortlist(pending) if pending["kind"] == "shortlist" else confirm_move(pending)
    return f"Still waiting for your answer: {question.text}"
