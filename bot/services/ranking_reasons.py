"""Why one candidate ranks above another: the score parts that put someone missing a required skill first.

A match score is the sum of the parts an answer shows (`retrieval.matching.score_points`). When a
candidate who lacks a required skill ranks above one who has them all, the answer names the parts
that made the difference, so the order never has to be taken on trust.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Ranked:
    """What ordering needs of one ranked candidate: who, the score's parts, the required skills lacking."""

    name: str
    points: dict[str, float]
    missing_required: list[str]


@dataclass(frozen=True)
class Overtake:
    """A candidate missing a required skill ranked above `other`, who has them all: where each gains and loses."""

    other: str
    gains: list[tuple[str, float]]  # (part, points ahead), biggest first
    losses: list[tuple[str, float]] = field(default_factory=list)  # (part, points behind), biggest first


def overtake(upper: Ranked, lower: Ranked) -> Overtake:
    """How `upper` beats `lower`, part by part."""
    diffs = {k: round(upper.points.get(k, 0.0) - lower.points.get(k, 0.0), 1) for k in {*upper.points, *lower.points}}
    gains = sorted(((k, d) for k, d in diffs.items() if d > 0), key=lambda kv: (-kv[1], kv[0]))
    losses = sorted(((k, -d) for k, d in diffs.items() if d < 0), key=lambda kv: (-kv[1], kv[0]))
    return Overtake(lower.name, gains, losses)


def overtakes(ranked: Sequence[Ranked]) -> list[Overtake | None]:
    """Per rank: when that candidate lacks a required skill and someone below has them all, how it still leads."""
    out: list[Overtake | None] = []
    for i, upper in enumerate(ranked):
        below = next((r for r in ranked[i + 1 :] if not r.missing_required), None) if upper.missing_required else None
        out.append(overtake(upper, below) if below is not None else None)
    return out


__all__ = ["Overtake", "Ranked", "overtake", "overtakes"]
