"""Semantic retrieval and explainable matching over the hrbot store.

Public surface (everything else is an implementation detail):

- `search(query, *, location, seniority, stage, role, top, mode)` -> SearchResult (hybrid.py)
- `search_courses(query, *, top)` -> list[CourseHit] (hybrid.py)
- `recommend(role, *, top, pool, candidate_ids)` -> RoleRecommendations (matching.py)
- `audit_role(role, top_k, *, pool)` -> FairnessReport (fairness.py)
- `get_indexes()`, `open_indexes()`, `build_indexes()` (index.py): load, sync, rebuild, each
  collection a `CollectionIndex` (collection.py) with its manifest (manifest.py)
- `SkillExtractor` (extraction.py): skills with evidence from resumes, synonyms then MiniLM
- `Taxonomy` (taxonomy.py), `MiniLMEmbeddings`/`get_embeddings` (embeddings.py),
  `FaissVectorStore` (vectorstore.py), `make_vectorstore` (backends.py)
"""

from retrieval.backends import BackendError, make_vectorstore
from retrieval.collection import SyncReport
from retrieval.extraction import SkillExtractor
from retrieval.embeddings import MiniLMEmbeddings, ModelUnavailable, get_embeddings
from retrieval.fairness import FairnessReport, GroupRate, audit_role, selection_rates
from retrieval.filters import FilterError, Filters, UnknownRole, resolve_role
from retrieval.hybrid import DEFAULT_MODE, MODES, CourseHit, SearchError, SearchHit, SearchResult, search, search_courses
from retrieval.index import (
    IndexSet,
    build_indexes,
    get_indexes,
    index_status,
    invalidate_cache,
    open_indexes,
)
from retrieval.matching import Recommendation, RoleRecommendations, recommend
from retrieval.taxonomy import Taxonomy
from retrieval.vectorstore import FaissVectorStore

__all__ = [
    "DEFAULT_MODE",
    "MODES",
    "BackendError",
    "CourseHit",
    "FaissVectorStore",
    "FairnessReport",
    "FilterError",
    "Filters",
    "GroupRate",
    "IndexSet",
    "MiniLMEmbeddings",
    "ModelUnavailable",
    "Recommendation",
    "RoleRecommendations",
    "SearchError",
    "SearchHit",
    "SearchResult",
    "SkillExtractor",
    "SyncReport",
    "Taxonomy",
    "UnknownRole",
    "audit_role",
    "build_indexes",
    "get_embeddings",
    "get_indexes",
    "index_status",
    "invalidate_cache",
    "make_vectorstore",
    "open_indexes",
    "recommend",
    "resolve_role",
    "search",
    "search_courses",
    "selection_rates",
]
