"""Wording of pay-band answers."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict

from bot.messages.reply import Reply, ask_reply
from bot.messages.roles import intent_button
from bot.services.salaries import Band, BandAnswer

MAX_FAMILY_BUTTONS = 8


def _money(amount: int, currency: str) -> str:
    return f"{currency} {amount:,}"


def _range(band: Band) -> str:
    return f"{_money(band.low, band.currency)}–{band.high:,} (mid {band.mid:,})"


def _payload(answer: BandAnswer, **extra: object) -> dict:
    q = answer.query
    currencies = sorted({b.currency for b in answer.bands})
    return {
        "type": "salary_band",
        "family": q.family,
        "seniority": q.seniority,
        "location": q.location,
        "currency": currencies[0] if len(currencies) == 1 else None,
        "bands": [asdict(b) for b in answer.bands],  # family, seniority, location, currency, low, mid, high
        **extra,
    }


def salary_reply(answer: BandAnswer) -> Reply:
    """One band, a compact list of bands, or a clear "no band / unknown" with what is known."""
    q = answer.query
    if q.unknown_family is not None:
        return _unknown_family(answer)
    if q.family is None:
        return _ask_family(answer)
    if q.unknown_seniority is not None:
        levels = ", ".join(answer.known_levels)
        return Reply(
            f"I don't know the level \"{q.unknown_seniority}\". Pay bands exist for: {levels}.",
            _payload(answer, missing=True, levels=answer.known_levels),
            buttons=[
                intent_button(lvl, "salary_range", _entities(answer, seniority=lvl)) for lvl in answer.known_levels
            ],
        )
    if q.unknown_location is not None:
        places = ", ".join(answer.known_locations)
        return Reply(
            f"I have no {q.family} pay bands for \"{q.unknown_location}\". Known locations are: {places}.",
            _payload(answer, missing=True, known_locations=answer.known_locations),
        )
    if not answer.bands:
        level = f" ({q.seniority})" if q.seniority else ""
        where = f" in {q.location}" if q.location else ""
        places = ", ".join(answer.known_locations)
        return Reply(
            f"There is no pay band for {q.family}{level}{where}; known locations for {q.family} are: {places}.",
            _payload(answer, missing=True, known_locations=answer.known_locations),
        )
    if len(answer.bands) == 1:
        b = answer.bands[0]
        return Reply(f"{b.family}, {b.seniority}, {b.location}: {_range(b)} a year.", _payload(answer, missing=False))
    if q.seniority or q.location:
        return _list(answer)
    return _overview(answer)


def _entities(answer: BandAnswer, **override: str) -> dict[str, str]:
    q = answer.query
    base = {"role": q.family or "", "seniority": q.seniority or "", "location": q.location or ""}
    base.update(override)
    return {k: v for k, v in base.items() if v}


def _list(answer: BandAnswer) -> Reply:
    """Bands along the dimension that was not given (all locations, or all levels)."""
    q = answer.query
    if q.seniority:
        head = f"{q.family}, {q.seniority} — yearly pay bands by location:"
        lines = [f"• {b.location}: {_range(b)}" for b in answer.bands]
    else:
        head = f"{q.family} in {q.location} — yearly pay bands by level:"
        lines = [f"• {b.seniority}: {_range(b)}" for b in answer.bands]
    return Reply("\n".join([head, *lines]), _payload(answer, missing=False))


def _overview(answer: BandAnswer) -> Reply:
    """Family only: per level, the band mids from the cheapest to the dearest location."""
    q = answer.query
    by_level: dict[str, list[Band]] = defaultdict(list)
    for band in answer.bands:
        by_level[band.seniority].append(band)
    lines = [f"{q.family} — yearly pay (band mid) by level, lowest to highest location:"]
    for level in answer.known_levels:
        bands = by_level.get(level)
        if not bands:
            continue
        lo = min(bands, key=lambda b: b.mid)
        hi = max(bands, key=lambda b: b.mid)
        lines.append(
            f"• {level}: {_money(lo.mid, lo.currency)} ({lo.location}) to {hi.mid:,} ({hi.location})"
        )
    lines.append("Name a level and a location for the exact band, e.g. \"senior in Berlin\".")
    return Reply("\n".join(lines), _payload(answer, missing=False))


def _unknown_family(answer: BandAnswer) -> Reply:
    q = answer.query
    if q.family_suggestions:
        names = ", ".join(q.family_suggestions)
        return Reply(
            f"I have no pay bands for \"{q.unknown_family}\". Did you mean: {names}?",
            {"type": "suggestions", "query": q.unknown_family, "names": q.family_suggestions, "what": "role"},
            buttons=[intent_button(n, "salary_range", _entities(answer, role=n)) for n in q.family_suggestions],
        )
    return _ask_family(answer, prefix=f"I have no pay bands for \"{q.unknown_family}\". ")


def _level(answer: BandAnswer) -> str:
    return f"{answer.query.seniority} " if answer.query.seniority else ""


def _ask_family(answer: BandAnswer, prefix: str = "") -> Reply:
    families = answer.known_families
    shown = families[:MAX_FAMILY_BUTTONS]
    return ask_reply(
        "role",
        f"{prefix}Which role should I give the {_level(answer)}pay band for? Bands exist for {len(families)} role families, "
        f"e.g. {', '.join(shown[:4])}.",
        [intent_button(f, "salary_range", _entities(answer, role=f)) for f in shown],
        families=families,
    )
