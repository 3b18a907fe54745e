"""Career paths over the role-family graph: the quickest route to a target, or the options from here."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Literal, Unpack

from sqlmodel import Session

from bot.services.coaching import Catalog, Profile, RoleQuestion, ask_about_role, goal_targets
from bot.services.identity import Identity
from bot.services.skill_gap import WEAK_BELOW, requirements

Graph = dict[str, list[tuple[str, float]]]
Status = Literal["ok", "already_there", "no_path", "options", "no_profile", "unknown_role"]
MAX_OPTIONS = 6


@dataclass(frozen=True)
class CareerStep:
    """One move along the graph, how long it usually takes, and the skills still to build for it."""

    from_family: str
    to_family: str
    years: float
    role_title: str = ""
    missing: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()


@dataclass(frozen=True)
class CareerOption:
    """A family reachable from here, via which route and in how many years."""

    family: str
    years: float
    via: tuple[str, ...] = ()


@dataclass
class CareerAdvice:
    """A path with steps, or options, or why there is neither."""

    status: Status
    start: str = ""
    target: str = ""
    steps: list[CareerStep] = field(default_factory=list)
    options: list[CareerOption] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    query: str = ""
    entry_points: list[CareerOption] = field(default_factory=list)  # families that lead into the target

    @property
    def total_years(self) -> float:
        return round(sum(s.years for s in self.steps), 1)


def build_graph(catalog: Catalog) -> Graph:
    """Adjacency lists: family -> [(next family, typical years)]."""
    graph: Graph = {}
    for edge in catalog.edges:
        graph.setdefault(edge.from_role, []).append((edge.to_role, float(edge.typical_years)))
        graph.setdefault(edge.to_role, [])
    return graph


def shortest_path(graph: Graph, start: str, goal: str) -> list[tuple[str, str, float]] | None:
    """Dijkstra by typical years (ties: fewer steps, then names): the edges from start to goal, or None."""
    if start == goal:
        return []
    best: dict[str, tuple[float, int]] = {start: (0.0, 0)}
    previous: dict[str, tuple[str, float]] = {}
    heap: list[tuple[float, int, str]] = [(0.0, 0, start)]
    while heap:
        years, hops, node = heapq.heappop(heap)
        if node == goal:
            break
        if (years, hops) > best.get(node, (float("inf"), 0)):
            continue
        for nxt, cost in sorted(graph.get(node, [])):
            cand = (round(years + cost, 6), hops + 1)
            if cand < best.get(nxt, (float("inf"), 0)):
                best[nxt] = cand
                previous[nxt] = (node, cost)
                heapq.heappush(heap, (cand[0], cand[1], nxt))
    if goal not in previous:
        return None
    path: list[tuple[str, str, float]] = []
    node = goal
    while node != start:
        prev, cost = previous[node]
        path.append((prev, node, cost))
        node = prev
    return path[::-1]


def reachable(graph: Graph, start: str, max_steps: int = 2) -> list[CareerOption]:
    """Families reachable within `max_steps` moves, quickest first (BFS keeping the fastest route)."""
    found: dict[str, CareerOption] = {}
    frontier = [CareerOption(start, 0.0, ())]
    for _ in range(max_steps):
        nxt_frontier = []
        for option in frontier:
            for family, years in graph.get(option.family, []):
                if family == start:
                    continue
                via = option.via + ((option.family,) if option.family != start else ())
                cand = CareerOption(family, round(option.years + years, 1), via)
                if family not in found or cand.years < found[family].years:
                    found[family] = cand
                    nxt_frontier.append(cand)
        frontier = nxt_frontier
    return sorted(found.values(), key=lambda o: (len(o.via), o.years, o.family))


def entry_points(graph: Graph, target: str) -> list[CareerOption]:
    """Families with a direct move into the target, quickest first."""
    into = [CareerOption(src, years) for src, outs in graph.items() for dst, years in outs if dst == target]
    return sorted(into, key=lambda o: (o.years, o.family))


def step_gaps(
    catalog: Catalog, path: list[tuple[str, str, float]], profile: Profile
) -> list[CareerStep]:
    """Each step with what is missing or weak for it, assuming earlier steps' skills were built on the way."""
    skills = dict(profile.skills)
    steps = []
    seniority = profile.seniority
    for src, dst, years in path:
        role = catalog.role_for_family(dst, seniority)
        if role is None:
            steps.append(CareerStep(src, dst, years))
            continue
        needs = [s for s, importance in requirements(role, catalog) if importance == "required"]
        missing = tuple(s for s in needs if skills.get(s, 0) == 0)
        weak = tuple(s for s in needs if 0 < skills.get(s, 0) < WEAK_BELOW)
        steps.append(CareerStep(src, dst, years, role.title, missing, weak))
        for s in needs:
            skills[s] = max(skills.get(s, 0), WEAK_BELOW)
    return steps


def career_path(
    session: Session, identity: Identity, role: str | None, **question: Unpack[RoleQuestion]
) -> CareerAdvice:
    """Quickest route from the asker's role family to a target (named, in the text, slot, goal), else options."""
    catalog, profile, lookup = ask_about_role(session, identity, role, **question)
    graph = build_graph(catalog)
    target: str | None = None
    query = ""
    if lookup is not None:
        query = lookup.query[:80]
        if lookup.family is None:
            return CareerAdvice("unknown_role", start=profile.current_role if profile else "",
                                suggestions=list(lookup.suggestions), query=query)
        target = lookup.family
    if profile is None:
        if target is None:
            return CareerAdvice("no_profile", suggestions=sorted(graph)[:MAX_OPTIONS])
        return CareerAdvice("no_profile", target=target, entry_points=entry_points(graph, target), query=query)
    start = profile.current_role
    if target is None:
        _, goal_families = goal_targets(catalog, profile.goals)
        target = next((f for f in goal_families if f != start), None)
    options = reachable(graph, start)[:MAX_OPTIONS]
    if target is None:
        return CareerAdvice("options", start=start, options=options)
    if target == start:
        return CareerAdvice("already_there", start=start, target=target, options=options)
    path = shortest_path(graph, start, target)
    if path is None:
        return CareerAdvice("no_path", start=start, target=target, options=options,
                            entry_points=entry_points(graph, target), query=query)
    return CareerAdvice("ok", start=start, target=target, steps=step_gaps(catalog, path, profile), options=options)
