"""How tests/store/data/hrbot-167c6a1.db.gz was made: a tiny store seeded by the code at 167c6a1.

That code created its schema with create-all plus a schema_version row (no Alembic). To remake it:

    mkdir /tmp/old && git archive 167c6a1 | tar -x -C /tmp/old
    cd /tmp/old && HF_HUB_OFFLINE=1 PYTHONPATH=/tmp/old <repo>/.venv/bin/python \
        <repo>/tests/store/data/make_167c6a1_store.py /tmp/seed/hrbot-167c6a1.db
    gzip -9 -n -c /tmp/seed/hrbot-167c6a1.db > <repo>/tests/store/data/hrbot-167c6a1.db.gz

It imports `connectors.store`, where the store lived at that commit, so it runs only against that tree.
"""

import os
import sqlite3
import sys
from pathlib import Path

out = Path(sys.argv[1]).resolve()
out.parent.mkdir(parents=True, exist_ok=True)
os.environ.pop("DATABASE_URL", None)
os.environ["HRBOT_DATA_DIR"] = str(out.parent)
from connectors.store import audit  # noqa: E402  (the old tree's store, after the environment is set)
from connectors.store.engine import get_engine, init_db, session_scope  # noqa: E402
from connectors.store.models import Feedback, Shortlist  # noqa: E402
from connectors.store.seeding import generate, load_catalog  # noqa: E402

engine = init_db(get_engine(f"sqlite:///{out}"))
with session_scope(engine) as s:
    load_catalog(s)
with session_scope(engine) as s:
    generate(s, candidates=25, employees=6, seed=7, progress=False)
with session_scope(engine) as s:
    s.add(Feedback(user_handle="recruiter", item_type="course", item_id="ML-101", rating=1))
    s.add(Shortlist(candidate_id=1, role_id=1, added_by="riley"))
    audit.record(s, actor="riley", action="shortlist", entity_type="candidate", entity_id=3, channel="slack")
engine.dispose()
con = sqlite3.connect(out)
con.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no WAL beside it
con.execute("VACUUM")
con.close()
