"""How collections read the store: the quick path a server's frequent checks take at 100k."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import select

from store.engine import session_scope
from store.models import Candidate, utcnow
from retrieval.sources import SOURCES


def test_changes_reads_only_rows_stamped_since_the_newest_known_one(store_copy: Engine) -> None:
    source = SOURCES["candidates"]
    with session_scope(store_copy) as session:
        known = {i: [v, "hash"] for i, v in source.versions(session).items()}
        assert source.changes(session, known) == {
            i: v[0] for i, v in known.items() if v[0] == max(x[0] for x in known.values())}  # nothing new
        first = session.exec(select(Candidate).order_by(Candidate.id)).first()
        first.headline, first.updated_at = "Beekeeper", utcnow() + timedelta(seconds=1)
        session.add(first)
        session.add(Candidate(full_name="New Person", headline="Hydrologist", resume_text="Flood models."))
    with session_scope(store_copy) as session:
        changed = source.changes(session, known)
        assert changed is not None and str(first.id) in changed and len(changed) <= 3
        assert sum(1 for i in changed if i not in known) == 1  # the new person, not every row
        assert changed[str(first.id)] != known[str(first.id)][0]


def test_changes_cannot_vouch_for_removals(store_copy: Engine) -> None:
    source = SOURCES["candidates"]
    with session_scope(store_copy) as session:
        known = {i: [v, "hash"] for i, v in source.versions(session).items()}
        session.delete(session.exec(select(Candidate).order_by(Candidate.id)).first())
    with session_scope(store_copy) as session:
        assert source.changes(session, known) is None  # the caller reads every version instead
        assert source.changes(session, {}) is None
        assert SOURCES["roles"].changes(session, known) is None  # small collections always read all
