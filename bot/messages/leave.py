"""Wording of an employee's own time off: balances, the booking or cancellation to confirm, and its outcome."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.messages.reply import Reply, error_reply
from bot.services.leave import LABELS, Balance, LeaveCheck, LeaveOutcome

NO_PROFILE = error_reply(
    "no_profile",
    "I can only show and book your own time off, and I can't find an employee profile linked to you. "
    "Please sign in with your work account, or ask the People team.",
)


def _day(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d:%a} {d.day} {d:%b %Y}"


def _span(start: str, end: str) -> str:
    return _day(start) if start == end else f"{_day(start)} to {_day(end)}"


def _n(days: float) -> str:
    return f"{days:g} day" + ("" if days == 1 else "s")


def balance_reply(rows: list[Balance], upcoming: list[dict[str, Any]]) -> Reply:
    """The asker's balances this year, then their upcoming requests."""
    if not rows:
        return Reply("I have no leave balance for you this year yet. The People team can set it up.",
                     {"type": "leave_balance", "balances": [], "upcoming": upcoming})
    annual = next((b for b in rows if b.leave_type == "annual"), rows[0])
    lines = [f"You have {_n(annual.remaining)} of {LABELS.get(annual.leave_type, annual.leave_type)} left in {annual.year}."]
    for b in rows:
        parts = [f"{b.entitlement:g} a year"] + ([f"{b.carried_over:g} carried over"] if b.carried_over else [])
        parts += [f"{b.taken:g} taken", f"{b.booked:g} booked", f"{b.pending:g} pending", f"{b.remaining:g} left"]
        lines.append(f"• {LABELS.get(b.leave_type, b.leave_type).capitalize()}: " + ", ".join(parts))
    if upcoming:
        lines.append("Coming up: " + "; ".join(f"{_span(u['start'], u['end'])} ({u['status']})" for u in upcoming))
    payload = {"type": "leave_balance", "balances": [
        {"leave_type": b.leave_type, "year": b.year, "entitlement": b.entitlement, "carried_over": b.carried_over,
         "accrued": b.accrued, "taken": b.taken, "booked": b.booked, "pending": b.pending, "remaining": b.remaining}
        for b in rows], "upcoming": upcoming}
    return Reply("\n".join(lines), payload)


def _confirm(text: str, pending: dict[str, Any], yes: str) -> Reply:
    return Reply(text, {"type": "confirmation", "action": pending["kind"], "question": text, "start": pending["start"],
                        "end": pending["end"], "leave_type": pending["leave_type"], "yes": yes, "no": "No, cancel"})


def request_check_reply(check: LeaveCheck) -> Reply:
    """The booking to confirm, or why it can't be booked."""
    d = check.details
    if check.pending is not None:
        p = check.pending
        free = f" ({', '.join(p['public_holidays'])}: public holiday, not counted)" if p.get("public_holidays") else ""
        text = (f"Book {LABELS[p['leave_type']]} for {_span(p['start'], p['end'])}: {_n(p['days'])}{free}. "
                f"That leaves you {_n(p['remaining_after'])}. Shall I send the request? (yes/no)")
        if p["leave_type"] == "sick":
            text = f"Record sick leave for {_span(p['start'], p['end'])} ({_n(p['days'])})? (yes/no)"
        return _confirm(text, p, "Yes, book it")
    problem = check.problem
    if problem == "no_profile":
        return NO_PROFILE
    if problem == "no_dates":
        return Reply("Which day or days would you like off? For example: \"next Friday\", \"the 12th\" or "
                     "\"2 to 6 June\".", {"type": "ask", "slot": "leave_dates"})
    span = _span(d["start"], d["end"]) if d.get("start") else ""
    if problem == "past":
        return error_reply("past_dates", f"{span} is in the past, so I can't book it. Which future day did you mean?")
    if problem == "too_long":
        return error_reply("too_long", f"{span} is longer or further ahead than I can book in one go. "
                                       "Please book it in parts, or ask the People team.")
    if problem == "no_working_days":
        why = f" ({', '.join(d['public_holidays'])})" if d.get("public_holidays") else ""
        return error_reply("no_working_days", f"{span} has no working days for you (weekend or public holiday{why}), "
                                              "so there's nothing to book.")
    if problem == "overlap":
        spans = "; ".join(_span(a, b) for a, b in d.get("overlaps", []))
        return error_reply("overlap", f"You already have leave booked for {spans}, which overlaps {span}. "
                                      "Cancel that first if you want to change it.")
    if problem == "no_balance":
        return error_reply("no_balance", f"You have no {LABELS.get(d.get('leave_type', ''), 'leave')} allowance this "
                                         "year, so I can't book it. The People team can help.")
    if problem == "not_enough":
        return error_reply("not_enough", f"{span} needs {_n(d['days'])}, but you have {_n(d['remaining_before'])} "
                                         f"of {LABELS.get(d['leave_type'], 'leave')} left.")
    return error_reply("invalid", "I couldn't work out that booking; nothing was changed. Please ask again.")


def cancel_check_reply(check: LeaveCheck) -> Reply:
    """The request to cancel, or why none can be picked."""
    if check.pending is not None:
        p = check.pending
        text = f"Cancel your {LABELS.get(p['leave_type'], 'leave')} on {_span(p['start'], p['end'])}? (yes/no)"
        return _confirm(text, p, "Yes, cancel it")
    if check.problem == "several":
        options = "; ".join(f"{_span(a, b)} ({LABELS.get(t, t)})" for a, b, t in check.details["options"])
        return Reply(f"You have several upcoming bookings: {options}. Which date should I cancel?",
                     {"type": "ask", "slot": "leave_dates", "options": check.details["options"]})
    when = f" on {_day(check.details['date'])}" if check.details.get("date") else ""
    return error_reply("nothing_to_cancel", f"I can't find any upcoming leave of yours{when} to cancel.")


def outcome_reply(outcome: LeaveOutcome) -> Reply:
    """What the yes did."""
    p = outcome.pending
    if outcome.done:
        span = _span(p["start"], p["end"])
        if p["kind"] == "cancel_leave":
            return Reply(f"Done: your leave on {span} is cancelled.", {"type": "write_done", "action": p["kind"]})
        status = outcome.details.get("status")
        tail = "Your manager will approve it." if status == "pending" else "It's recorded."
        return Reply(f"Done: {LABELS[p['leave_type']]} for {span} requested ({_n(p['days'])}). {tail}",
                     {"type": "write_done", "action": p["kind"], "status": status})
    if outcome.problem == "already_done":
        return Reply("That's already done; nothing more to change.", {"type": "write_done", "action": p.get("kind")})
    if outcome.problem == "not_yours":
        return error_reply("forbidden", "That booking isn't yours to change, so I didn't change anything.")
    if outcome.problem == "gone":
        return error_reply("gone", "That leave is no longer there to change (cancelled or removed meanwhile).")
    if outcome.problem in ("not_enough", "overlap", "no_working_days", "past", "no_balance", "too_long"):
        return request_check_reply(LeaveCheck(problem=outcome.problem, details=outcome.details))
    return error_reply("invalid_pending_write",
                       "I lost track of what I was going to change, so I didn't change anything. Please ask again.")


def cancelled(pending: dict[str, Any]) -> Reply:
    """A no to the leave question."""
    return Reply("Okay, I didn't change your leave.", {"type": "write_cancelled", "action": pending.get("kind")})
