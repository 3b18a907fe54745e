"""Wording of hiring-pipeline summaries."""

from __future__ import annotations

from bot.messages.reply import Reply
from bot.messages.roles import intent_button
from bot.services.applications import STAGE_LABELS
from bot.services.pipeline import LocationLookup, PipelineSummary


def _days(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _pct(rate: float | None) -> str:
    return "–" if rate is None else f"{rate * 100:.0f}%"


def _scope(summary: PipelineSummary) -> str:
    if summary.role_title:
        return f"the {summary.role_title} role"
    where = f" in {summary.location}" if summary.location else ""
    return f"all {summary.roles} open roles{where}"


def pipeline_reply(summary: PipelineSummary) -> Reply:
    """Counts per stage, conversion between stages and time in stage, as text and a pipeline payload."""
    scope = _scope(summary)
    payload = {
        "type": "pipeline",
        "role": summary.role_title,
        "location": summary.location,
        "scope": scope,
        "roles": summary.roles,
        "total": summary.total,
        "active": summary.active,
        "stages": [
            {"stage": s.value, "label": STAGE_LABELS[s], "count": n} for s, n in summary.counts.items()
        ],
        "conversion": [
            {
                "from": c.from_stage.value,
                "to": c.to_stage.value,
                "reached_from": c.reached_from,
                "reached_to": c.reached_to,
                "rate": None if c.rate is None else round(c.rate, 3),
            }
            for c in summary.conversions
        ],
        "time_in_stage": [
            {
                "stage": t.stage.value,
                "label": STAGE_LABELS[t.stage],
                "median_days": None if t.median_days is None else round(t.median_days, 1),
                "mean_days": None if t.mean_days is None else round(t.mean_days, 1),
                "samples": t.samples,
            }
            for t in summary.times
        ],
    }
    if summary.total == 0:
        return Reply(f"There are no applications yet for {scope}.", payload)
    lines = [f"Pipeline for {scope}: {summary.total} applications, {summary.active} in progress."]
    lines += [f"• {STAGE_LABELS[s]}: {n}" for s, n in summary.counts.items()]
    lines.append("Conversion (share that reached the next stage):")
    lines += [
        f"• {STAGE_LABELS[c.from_stage]} → {STAGE_LABELS[c.to_stage]}: {_pct(c.rate)} "
        f"({c.reached_to} of {c.reached_from})"
        for c in summary.conversions
    ]
    timed = [t for t in summary.times if t.samples]
    if timed:
        lines.append("Days in stage (median / mean, finished stays):")
        lines += [f"• {STAGE_LABELS[t.stage]}: {_days(t.median_days)} / {_days(t.mean_days)}" for t in timed]
    return Reply("\n".join(lines), payload)


def unknown_location_reply(lookup: LocationLookup) -> Reply:
    """A location no open role is in, with the ones that have roles."""
    known = ", ".join(lookup.known) or "none"
    return Reply(
        f"There are no open roles in \"{lookup.query}\". Open roles are in: {known}.",
        {"type": "suggestions", "query": lookup.query, "names": lookup.known, "what": "location"},
        buttons=[intent_button(loc, "pipeline_summary", {"location": loc}) for loc in lookup.known[:10]],
    )
