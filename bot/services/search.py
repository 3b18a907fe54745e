"""Talent-pool search for recruiters: hybrid retrieval with the named filters, paged five at a time."""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from bot.services.errors import ServiceError
from store.engine import StoreUnavailable, get_engine
from retrieval import (
    BackendError,
    CandidateSummary,
    FilterError,
    ModelUnavailable,
    SearchError,
    SearchHit,
    get_indexes,
    search,
)
from retrieval.config import settings
from retrieval.index import IndexSet

log = logging.getLogger(__name__)

PAGE_SIZE = 5
MAX_QUERY_CHARS = 500
MIN_DEPTH = 50
MAX_DEPTH = 200
_MORE = re.compile(r"\b(more|next|others?|another|further|additional|rest|continue|keep going)\b", re.I)
_WORD = re.compile(r"[^\W_]", re.UNICODE)
# Words that only say "search" and would blur the query without adding meaning.
_NOISE = re.compile(
    r"\b(find|search|seach|show|list|give|get|pull|me|us|any|anyone|anybody|someone|somebody|people|ppl|folks|"
    r"candidates?|canidates?|talent|pool|please|pls|asap|looking|for|who|whos|who's|do|we|have|has|got|with|in|"
    r"our|the|a|an|all|everyone|located|based|based in|need|needs|i|i'm|im|can)\b",
    re.I,
)


class IndexNotReady(ServiceError, RuntimeError):
    """The retrieval indexes have not been built for this store; answering would mean building them now."""


@dataclass
class SearchRequest:
    """What the recruiter asked for; stored in slot search_state (offset = how many were shown already)."""

    query: str
    location: str | None = None
    seniority: str | None = None
    skills: list[str] = field(default_factory=list)
    offset: int = 0
    total: int = 0

    def as_state(self) -> dict[str, Any]:
        """The slot value for search_state."""
        return asdict(self)

    @classmethod
    def from_state(cls, state: Any) -> SearchRequest | None:
        """The previous search from the slot, or None when it is missing or malformed."""
        if not isinstance(state, dict) or not isinstance(state.get("query"), str) or not state["query"].strip():
            return None
        skills = state.get("skills") if isinstance(state.get("skills"), list) else []
        try:
            offset, total = max(0, int(state.get("offset") or 0)), max(0, int(state.get("total") or 0))
        except (TypeError, ValueError):
            offset, total = 0, 0
        return cls(state["query"], state.get("location") or None, state.get("seniority") or None,
                   [str(s) for s in skills], offset, total)

    def filters(self) -> list[str]:
        """The filters in words, for "try without ..." suggestions."""
        named = [f"location {self.location}" if self.location else "", f"seniority {self.seniority}" if self.seniority else ""]
        return [f for f in named if f] + [f"skill {s}" for s in self.skills]


@dataclass(frozen=True)
class CandidateRow(CandidateSummary):
    """One line of a result list: the summary, the wanted skills it evidences and their share."""

    skills: list[str]
    score: float | None = None


@dataclass
class SearchPage:
    """One page of results, or why there is none (problem: no_query, no_match, bad_filter, end, unavailable)."""

    request: SearchRequest
    rows: list[CandidateRow] = field(default_factory=list)
    total: int = 0
    start: int = 0
    at_least: bool = False
    problem: str = ""
    detail: str = ""
    suggestions: list[str] = field(default_factory=list)
    relax: str = ""  # a filter whose removal would give results ("location", "seniority")
    relax_count: int = 0
    relax_tried: list[str] = field(default_factory=list)  # filters dropped in vain

    @property
    def has_more(self) -> bool:
        """Whether "show more" would bring anything."""
        return self.start + len(self.rows) < self.total


def retrieval_indexes() -> IndexSet:
    """The loaded indexes; raises IndexNotReady instead of building them inside a chat turn."""
    folder = settings().index_dir()
    if settings().backend == "faiss" and not (folder / "candidates" / "manifest.json").is_file():
        raise IndexNotReady("no candidate index at the configured location")
    return get_indexes(get_engine())


def warm_up() -> bool:
    """Load the indexes and the encoder before the first question, so it costs what later ones do.

    Returns False (and builds nothing) when there is no index yet: `hrbot setup` builds it.
    """
    try:
        indexes = retrieval_indexes()
        indexes.embeddings.encode_query("warm up")
    except (IndexNotReady, ModelUnavailable, BackendError, StoreUnavailable) as exc:
        log.warning("search not warmed up: %s", type(exc).__name__)
        return False
    return True


def is_more_request(text: str, has_filters: bool) -> bool:
    """"show more" / "next page" / "more results" with no new criteria."""
    return not has_filters and len(text) <= 60 and bool(_MORE.search(text))


def build_query(text: str, skills: list[str]) -> str:
    """The free-text query: named skills first, then the message with the search verbs removed."""
    cleaned = " ".join(_NOISE.sub(" ", (text or "")[:MAX_QUERY_CHARS]).split())
    parts = list(dict.fromkeys([*skills, cleaned]))
    return " ".join(p for p in parts if p).strip()[:MAX_QUERY_CHARS]


def new_request(text: str, skills: list[str], locations: list[str], seniorities: list[str]) -> SearchRequest:
    """A fresh search from the message and its entities (several values of one filter mean "any of")."""
    query = build_query(text, skills)
    if not _WORD.search(query):
        query = ", ".join(locations + seniorities)
    location = ",".join(dict.fromkeys(loc.strip() for loc in locations if loc.strip())) or None
    seniority = ",".join(dict.fromkeys(s.strip().lower() for s in seniorities if s.strip())) or None
    return SearchRequest(query=query, location=location, seniority=seniority, skills=list(dict.fromkeys(skills)))


def _row(hit: SearchHit, wanted: list[str]) -> CandidateRow:
    """A hit as a list row; score = share of the wanted skills it evidences."""
    skills = [s.skill for s in hit.matched_skills]
    score = round(len(skills) / len(wanted), 2) if wanted else None
    return CandidateRow.of(hit, skills=skills, score=score)


def run_search(request: SearchRequest, page_size: int = PAGE_SIZE, relax: bool = True) -> SearchPage:
    """The page at request.offset (skill queries keep only evidenced hits); on no result, what to relax."""
    page = _search_page(request, page_size)
    if relax and page.problem in ("no_match", "bad_filter"):
        suggest_relaxing(page)
    return page


def _search_page(request: SearchRequest, page_size: int) -> SearchPage:
    """One retrieval call turned into a page (advances request.offset past the rows shown)."""
    page = SearchPage(request=request, start=request.offset)
    if not _WORD.search(request.query):
        page.problem = "no_query"
        return page
    depth = min(MAX_DEPTH, max(MIN_DEPTH, request.offset + 4 * page_size))
    try:
        result = search(request.query, location=request.location, seniority=request.seniority, top=depth,
                        indexes=retrieval_indexes())
    except FilterError as exc:
        page.problem, page.detail, page.suggestions = "bad_filter", str(exc), list(exc.suggestions)
        return page
    except SearchError as exc:
        page.problem, page.detail = "no_query", str(exc)
        return page
    except (IndexNotReady, ModelUnavailable, BackendError) as exc:
        log.warning("search unavailable: %s", type(exc).__name__)
        page.problem, page.detail = "unavailable", str(exc)
        return page
    hits = result.hits
    wanted = list(result.skills)
    if not wanted and result.allowed is None and not any(h.lexical_rank for h in hits):
        hits = []  # no known skill, no filter, not one word found in any resume: nothing really matches
    if wanted:
        evidenced = [h for h in hits if h.matched_skills]
        hits = sorted(evidenced, key=lambda h: -len(h.matched_skills))
    page.total = len(hits)
    page.at_least = len(result.hits) >= depth and (result.allowed is None or result.allowed > depth)
    if not wanted and result.allowed is not None:
        page.total, page.at_least = result.allowed, False
    rows = [_row(h, wanted) for h in hits[request.offset: request.offset + page_size]]
    page.rows = rows
    if not hits:
        page.problem = "no_match"
    elif not rows:
        page.problem = "end"
    request.total = page.total
    request.offset = request.offset + len(rows)
    return page


def suggest_relaxing(page: SearchPage) -> SearchPage:
    """After no results: find the one named filter whose removal gives results (location first)."""
    request = page.request
    rest = request.query.casefold()
    for value in (request.location or "").split(",") + (request.seniority or "").split(","):
        rest = rest.replace(value.strip().casefold(), " ") if value.strip() else rest
    if not request.skills and not _WORD.search(rest):
        return page  # the filters were the whole search; without them nothing is left to look for
    for name in ("location", "seniority"):
        if not getattr(request, name):
            continue
        looser = SearchRequest(request.query, request.location, request.seniority, list(request.skills))
        setattr(looser, name, None)
        trial = run_search(looser, PAGE_SIZE, relax=False)
        if trial.rows:
            page.relax, page.relax_count = name, trial.total
            break
        page.relax_tried.append(name)
    return page


def continue_search(state: Any, page_size: int = PAGE_SIZE) -> SearchPage | None:
    """The next page of the search in slot search_state, or None when there was no search."""
    request = SearchRequest.from_state(state)
    return run_search(request, page_size) if request else None
