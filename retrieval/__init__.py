"""Semantic retrieval and explainable matching over the hrbot store.

Public surface (everything else is an implementation detail):

- `CandidateSummary` (candidates.py): the six facts every candidate answer shows, from one row
- `search(query, *, location, seniority, stage, role, top, mode)` -> SearchResult (hybrid.py)
- `search_courses(query, *, top)` -> list[CourseHit] (hybrid.py)
- `recommend(role, *, top, pool, candidate_ids)` -> RoleRecommendations (matching.py)
- `audit_role(role, top_k, *, pool)` -> FairnessReport (fairness.py)
- `resolve_role`, `find_role`, `match_role`, `target_role`, `role_in_text` -> the role typed text names (roles.py)
- `get_indexes()`, `open_indexes()`, `build_indexes()` (index.py): load, sync, rebuild, each
  collection a `CollectionIndex` (collection.py) with its manifest (manifest.py)
- `SkillExtractor` (extraction.py): skills with evidence from resumes, synonyms then MiniLM
- `search_policies`, `policy_index`, `sync_policy_index`, `PolicyMatch` (policies.py): handbook passages
  for a question with a relevance score
- `Taxonomy` (taxonomy.py), `MiniLMEmbeddings`/`get_embeddings` (embeddings.py),
  `FaissVectorStore` (vectorstore.py), `make_vectorstore` (backends.py)
"""

from retrieval.backends import BackendError, make_vectorstore
from retrieval.candidates import CandidateSummary
from retrieval.collection import SyncReport
from retrieval.extraction import SkillExtractor
from retrieval.embeddings import MiniLMEmbeddings, ModelUnavailable, get_embeddings
from retrieval.fairness import FairnessReport, GroupRate, audit_role, selection_rates
from retrieval.errors import FilterError, RetrievalError, UnknownRole
from retrieval.filters import Filters
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
from retrieval.policies import PolicyMatch, policy_index, search_policies, sync_policy_index
from retrieval.roles import RoleLookup, find_role, match_role, resolve_role, role_in_text, target_role
from retrieval.taxonomy import Taxonomy
from retrieval.vectorstore import FaissVectorStore

__all__ = [
    "RetrievalError",
    "DEFAULT_MODE",
    "MODES",
    "BackendError",
    "CandidateSummary",
    "CourseHit",
    "FaissVectorStore",
    "FairnessReport",
    "FilterError",
    "Filters",
    "GroupRate",
    "IndexSet",
    "MiniLMEmbeddings",
    "ModelUnavailable",
    "PolicyMatch",
    "Recommendation",
    "RoleLookup",
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
    "find_role",
    "get_embeddings",
    "get_indexes",
    "index_status",
    "invalidate_cache",
    "make_vectorstore",
    "match_role",
    "open_indexes",
    "policy_index",
    "recommend",
    "resolve_role",
    "role_in_text",
    "search",
    "search_courses",
    "search_policies",
    "selection_rates",
    "sync_policy_index",
    "target_role",
]
