"""Retrieval benchmark: search quality against hidden ground truth, speed and scale, index upkeep.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/retrieval.py                 # everything (long)
    .venv/bin/python benchmarks/retrieval.py --sections quality               # one part
    .venv/bin/python benchmarks/retrieval.py --data-dir /tmp/bench --candidates 2000 --sizes 10000,100000,1000000

Sections (results merge into benchmarks/results/retrieval.json and .md):

* quality: a seeded store (default 2,000 candidates, seed 7) with its real MiniLM index; the 62
  queries of benchmarks/retrieval_queries.py plus every role, graded from seed_truth.jsonl (the
  generator's archetype, seniority and canonical skills, never the ranker's features). nDCG@10,
  recall@10 / recall@50 (capped: hits / min(k, relevant)), MRR for dense, BM25, hybrid (RRF),
  hybrid + taxonomy expansion, and for roles also the final matcher. Per-query latency of each
  mode (one query at a time, query-embedding cache cleared), and of the whole `search()` call.
* encode: MiniLM encode throughput (resumes/s) and single query embedding latency.
* ann: exact (IndexFlatIP) against HNSW and IVF at 10k, 100k and 1M vectors: build time,
  single-query latency p50/p95, recall@10 against exact, bytes per million vectors, and a
  filtered query (1% allowed) filling its top-k. Vectors beyond the real profiles are synthetic:
  real profile embeddings plus Gaussian noise (cosine ~0.86 to their source), so neighbourhoods
  keep the clustered shape of real data; queries are the real benchmark query embeddings.
* upkeep: incremental update (1, 100, 1,000 new candidates; 1 changed; 1 deleted) against a full
  rebuild on a copy of the quality store with the real model; and the same upkeep on a 100,000-
  candidate generated store with a stand-in embedder, to show the non-embedding costs at scale.

The machine is shared (2 cores); the load average is recorded with every section.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from benchmarks.retrieval_queries import FILTERED, QUERIES, Query, grade  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"


# -- helpers ----------------------------------------------------------------------------------------

def load() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    idx = min(len(s) - 1, max(0, math.ceil(q / 100 * len(s)) - 1))
    return s[idx]


def ms(values: list[float]) -> dict[str, float]:
    return {"p50_ms": round(pct(values, 50) * 1000, 2), "p95_ms": round(pct(values, 95) * 1000, 2)}


def use_dir(folder: Path) -> None:
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("HRBOT_INDEX_DIR", None)
    os.environ["HRBOT_DATA_DIR"] = str(folder)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def seed_store(folder: Path, candidates: int, seed: int = 7, esco: bool = False) -> float:
    from store.engine import get_engine, init_db, session_scope
    from store.seeding import generate, load_catalog, load_esco_skills

    use_dir(folder)
    t0 = time.perf_counter()
    engine = init_db(get_engine())
    with session_scope(engine) as s:
        load_catalog(s)
    if esco:
        with session_scope(engine) as s:
            load_esco_skills(s)
    with session_scope(engine) as s:
        generate(s, candidates=candidates, employees=20, seed=seed, progress=False)
    return time.perf_counter() - t0


def copy_store(src: Path, dst: Path, with_indexes: bool = True) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(src / "hrbot.db") as a, sqlite3.connect(dst / "hrbot.db") as b:
        a.backup(b)
    if with_indexes and (src / "indexes").exists():
        shutil.copytree(src / "indexes", dst / "indexes")
    return dst


def truth_of(folder: Path) -> dict[int, dict[str, Any]]:
    rows = [json.loads(x) for x in (folder / "seed_truth.jsonl").read_text().splitlines() if x.strip()]
    return {r["candidate_id"]: r for r in rows}


def ndcg(ranked: list[int], grades: dict[int, int], k: int = 10) -> float:
    dcg = sum((2 ** grades.get(c, 0) - 1) / math.log2(i + 2) for i, c in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked: list[int], grades: dict[int, int], k: int) -> float:
    rel = {c for c, g in grades.items() if g > 0}
    return len(rel & set(ranked[:k])) / min(k, len(rel)) if rel else 0.0


def mrr(ranked: list[int], grades: dict[int, int]) -> float:
    for i, c in enumerate(ranked, start=1):
        if grades.get(c, 0) > 0:
            return 1.0 / i
    return 0.0


def summarise(rows: list[dict[str, float]]) -> dict[str, float]:
    keys = ("ndcg@10", "recall@10", "recall@50", "mrr")
    return {k: round(statistics.fmean(r[k] for r in rows), 4) for k in keys} | {"queries": len(rows)}


# -- quality -------------------------------------------------------------------------------------------

def quality(folder: Path) -> dict[str, Any]:
    from store.engine import get_engine, session_scope
    from store.models import Role
    from retrieval.documents import role_text
    from retrieval.filters import Filters, allowed_candidates
    from retrieval.hybrid import MODES, rank_candidates, search
    from retrieval.index import open_indexes
    from retrieval.matching import recommend
    from sqlmodel import select

    use_dir(folder)
    engine = get_engine()
    t0 = time.perf_counter()
    indexes = open_indexes(engine, progress=True, notify=log)
    opened = time.perf_counter() - t0
    emb = indexes.embeddings
    truth = truth_of(folder)
    out: dict[str, Any] = {"candidates": len(truth), "load": load(), "open_s": round(opened, 2)}
    build = indexes.candidates.manifest.build_seconds
    out["candidate_index_build_s"] = build or None

    def run(queries: list[Query], label: str) -> dict[str, Any]:
        per_mode: dict[str, list[dict[str, float]]] = {m: [] for m in MODES}
        lat: dict[str, list[float]] = {m: [] for m in MODES}
        cpu: dict[str, list[float]] = {m: [] for m in MODES}
        by_kind: dict[str, dict[str, list[dict[str, float]]]] = {}
        full = True
        skipped = 0
        for q in queries:
            allowed = None
            if q.filters:
                with session_scope(engine) as s:
                    allowed = allowed_candidates(s, Filters(**q.filters))
            grades = {c: g for c, t in truth.items() if (allowed is None or c in allowed) and (g := grade(q, t)) > 0}
            if not grades:
                skipped += 1
                continue
            for mode in MODES:
                emb._cache.clear()
                t, c = time.perf_counter(), time.process_time()
                ranked, _, _ = rank_candidates(indexes, q.text, top=50, mode=mode, allowed=allowed)
                lat[mode].append(time.perf_counter() - t)
                cpu[mode].append(time.process_time() - c)
                ids = [int(i) for i, _ in ranked]
                if allowed is not None and len(ids) < min(50, len(allowed)) and mode != "lexical":
                    full = False
                row = {"ndcg@10": ndcg(ids, grades), "recall@10": recall(ids, grades, 10),
                       "recall@50": recall(ids, grades, 50), "mrr": mrr(ids, grades)}
                per_mode[mode].append(row)
                by_kind.setdefault(q.kind, {}).setdefault(mode, []).append(row)
        res = {m: summarise(rows) | {"latency": ms(lat[m]) | {"cpu_p50_ms": round(pct(cpu[m], 50) * 1000, 2)}}
               for m, rows in per_mode.items()}
        kinds = {k: {m: summarise(v)["ndcg@10"] for m, v in modes.items()} for k, modes in by_kind.items()}
        log(f"{label}: " + ", ".join(f"{m} nDCG@10={r['ndcg@10']:.3f}" for m, r in res.items()))
        return {"modes": res, "ndcg_by_kind": kinds, "skipped_no_relevant": skipped, "filtered_full_top_k": full}

    out["search"] = run(QUERIES, "search")
    out["filtered"] = run(FILTERED, "filtered")

    # roles: every role, graded by the family (and seniority) people were generated for
    with session_scope(engine) as s:
        roles = list(s.exec(select(Role).order_by(Role.id)))
    rows: dict[str, list[dict[str, float]]] = {m: [] for m in (*MODES, "matcher")}
    lat: dict[str, list[float]] = {m: [] for m in rows}
    for role in roles:
        grades = {c: (2 if t["seniority"] == role.seniority else 1) for c, t in truth.items() if t["family"] == role.family}
        if not grades:
            continue
        text = role_text(role)
        for mode in MODES:
            emb._cache.clear()
            t = time.perf_counter()
            ranked, _, _ = rank_candidates(indexes, text, top=50, mode=mode)
            lat[mode].append(time.perf_counter() - t)
            ids = [int(i) for i, _ in ranked]
            rows[mode].append({"ndcg@10": ndcg(ids, grades), "recall@10": recall(ids, grades, 10),
                               "recall@50": recall(ids, grades, 50), "mrr": mrr(ids, grades)})
        t = time.perf_counter()
        rec = recommend(role, top=50, indexes=indexes)
        lat["matcher"].append(time.perf_counter() - t)
        ids = [r.candidate_id for r in rec.results]
        rows["matcher"].append({"ndcg@10": ndcg(ids, grades), "recall@10": recall(ids, grades, 10),
                                "recall@50": recall(ids, grades, 50), "mrr": mrr(ids, grades)})
    out["roles"] = {m: summarise(r) | {"latency": ms(lat[m])} for m, r in rows.items()}
    out["roles_total"] = len(roles)
    log("roles: " + ", ".join(f"{m} nDCG@10={r['ndcg@10']:.3f}" for m, r in out["roles"].items()))

    # the whole search() call as the action server makes it (SQL filter + fusion + evidence)
    end_to_end, cpu_e2e, cached = [], [], []
    for q in QUERIES:
        emb._cache.clear()
        t, c = time.perf_counter(), time.process_time()
        search(q.text, top=10, indexes=indexes)
        end_to_end.append(time.perf_counter() - t)
        cpu_e2e.append(time.process_time() - c)
        t = time.perf_counter()
        search(q.text, top=10, indexes=indexes)  # the query vector is cached now: retrieval alone
        cached.append(time.perf_counter() - t)
    out["search_call_latency"] = ms(end_to_end) | {"cpu_p50_ms": round(pct(cpu_e2e, 50) * 1000, 2)}
    out["search_call_latency_cached_query"] = ms(cached)
    return out


# -- encode -------------------------------------------------------------------------------------------

def encode(folder: Path, n: int = 256) -> dict[str, Any]:
    from retrieval.embeddings import get_embeddings

    with sqlite3.connect(folder / "hrbot.db") as c:
        texts = [f"{h}\n{r}" for h, r in c.execute("select headline, resume_text from candidate order by id limit ?", (n,))]
    emb = get_embeddings()
    emb.encode(texts[:8])
    t = time.perf_counter()
    emb.encode(texts)
    docs_s = len(texts) / (time.perf_counter() - t)
    lat = []
    for q in QUERIES:
        emb._cache.clear()
        t = time.perf_counter()
        emb.encode_query(q.text)
        lat.append(time.perf_counter() - t)
    return {"resumes_per_s": round(docs_s, 1), "docs": len(texts), "query_embed": ms(lat), "load": load(),
            "threads": int(__import__("torch").get_num_threads())}


# -- ann ------------------------------------------------------------------------------------------------

def synthetic(base: np.ndarray, n: int, sigma: float = 0.6, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    step = 100_000
    for s in range(0, n, step):
        m = min(step, n - s)
        x = base[rng.integers(0, len(base), m)] + (sigma / math.sqrt(base.shape[1])) * rng.standard_normal(
            (m, base.shape[1]), dtype=np.float32)
        out[s : s + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def nbytes(index: Any) -> int:
    import faiss

    return int(faiss.serialize_index(index).nbytes)


def ann(folder: Path, sizes: list[int], hnsw_max: int) -> dict[str, Any]:
    """Exact vs ANN on synthetic vectors around real profiles; single queries on one thread."""
    import faiss

    from retrieval.index import open_indexes
    from retrieval.vectorstore import HNSW_M, IVF_NPROBE, FaissVectorStore, new_faiss_index, query_threads

    use_dir(folder)
    indexes = open_indexes(sync=False, collections=("candidates", "roles"))
    base = indexes.candidates.vectors(indexes.candidates.ids)
    emb = indexes.embeddings
    queries = np.stack([emb.encode_query(q.text) for q in QUERIES] + list(indexes.roles.vectors(indexes.roles.ids)))
    out: dict[str, Any] = {"base_profiles": len(base), "queries": len(queries), "sizes": {},
                           "note": "latency: one query at a time, faiss on 1 OpenMP thread (the store's default); "
                                   "cpu_ms: thread CPU time per query, insensitive to other load on the machine"}
    k = 10

    def timed(fn: Any) -> tuple[Any, float, float]:
        w, c = time.perf_counter(), time.thread_time()
        r = fn()
        return r, time.perf_counter() - w, time.thread_time() - c

    def lat_stats(wall: list[float], cpu: list[float]) -> dict[str, float]:
        return ms(wall) | {"cpu_p50_ms": round(pct(cpu, 50) * 1000, 2)}

    for n in sizes:
        log(f"ann: {n} vectors")
        X = synthetic(base, n)
        res: dict[str, Any] = {"load": load()}
        t = time.perf_counter()
        flat = new_faiss_index("flat", X.shape[1])
        flat.add(X)
        res["flat"] = {"build_s": round(time.perf_counter() - t, 2), "bytes_per_million": int(nbytes(flat) / n * 1e6)}
        truth_ids, wall, cpu = [], [], []
        with query_threads(1):
            for q in queries:
                (_, ids), w, c = timed(lambda: flat.search(q[None, :], k))
                wall.append(w)
                cpu.append(c)
                truth_ids.append(set(ids[0]))
        res["flat"] |= lat_stats(wall, cpu)

        def recall_of(index: Any, params: Any) -> dict[str, float]:
            wall, cpu, hits = [], [], 0
            with query_threads(1):
                for q, want in zip(queries, truth_ids):
                    (_, ids), w, c = timed(lambda: index.search(q[None, :], k, params=params))
                    wall.append(w)
                    cpu.append(c)
                    hits += len(want & set(ids[0]))
            return {"recall@10": round(hits / (k * len(queries)), 4)} | lat_stats(wall, cpu)

        if n <= hnsw_max:
            t = time.perf_counter()
            h = new_faiss_index("hnsw", X.shape[1])
            h.add(X)
            res["hnsw"] = {"build_s": round(time.perf_counter() - t, 2), "bytes_per_million": int(nbytes(h) / n * 1e6),
                           "M": HNSW_M, "efConstruction": h.hnsw.efConstruction, "by_ef": {}}
            for ef in (16, 32, 64, 128, 256):
                p = faiss.SearchParametersHNSW()
                p.efSearch = ef
                res["hnsw"]["by_ef"][ef] = recall_of(h, p)
            del h
        else:
            res["hnsw"] = {"skipped": f"not built above {hnsw_max:,} vectors (build time on 2 shared cores)"}
        t = time.perf_counter()
        ivf = new_faiss_index("ivf", X.shape[1], train=X)
        ivf.add(X)
        res["ivf"] = {"build_s": round(time.perf_counter() - t, 2), "nlist": ivf.nlist,
                      "bytes_per_million": int(nbytes(ivf) / n * 1e6), "by_nprobe": {}}
        for nprobe in (4, 8, 16, 32, 64, 128):
            p = faiss.SearchParametersIVF()
            p.nprobe = nprobe
            res["ivf"]["by_nprobe"][nprobe] = recall_of(ivf, p)
        # the embedded store as configured at this size (IVF, nprobe 24): plain and 1%-filtered queries
        ivf.make_direct_map()
        ivf.nprobe = IVF_NPROBE
        store = FaissVectorStore(emb, kind="ivf", store_text=False, index=ivf)
        store._pos_to_id = [str(i) for i in range(n)]
        store._id_to_pos = {str(i): i for i in range(n)}
        allowed = {str(i) for i in np.random.default_rng(1).choice(n, max(k, n // 100), replace=False)}
        for label, allow in (("store_ivf", None), ("store_ivf_filtered_1pct", allowed)):
            wall, cpu, full, hits_total = [], [], True, 0
            for q, want in zip(queries, truth_ids):
                hits, w, c = timed(lambda: store.search_vector(q, k, allowed_ids=allow))
                wall.append(w)
                cpu.append(c)
                full &= len(hits) == k
                hits_total += len(want & {int(h) for h, _ in hits})
            res[label] = lat_stats(wall, cpu) | {"full_top_k": full}
            if allow is None:
                res[label]["recall@10"] = round(hits_total / (k * len(queries)), 4)
        del ivf, store
        # a filtered query on the embedded store (1% allowed): full top-k, and what it costs
        store = FaissVectorStore(emb, kind="flat", store_text=False, index=flat)
        store._pos_to_id = [str(i) for i in range(n)]
        store._id_to_pos = {str(i): i for i in range(n)}
        rng = np.random.default_rng(1)
        allowed = {str(i) for i in rng.choice(n, max(k, n // 100), replace=False)}
        wall, cpu, full = [], [], True
        for q in queries[:40]:
            hits, w, c = timed(lambda: store.search_vector(q, k, allowed_ids=allowed))
            wall.append(w)
            cpu.append(c)
            full &= len(hits) == k
        res["flat_filtered_1pct"] = lat_stats(wall, cpu) | {"full_top_k": full}
        out["sizes"][n] = res
        log(f"ann {n}: {json.dumps(res)}")
        del flat, store, X
    return out


# -- upkeep --------------------------------------------------------------------------------------------

def _clone_candidates(engine: Any, n: int, marker: str) -> list[int]:
    """n new candidates, copies of existing ones with an extra sentence (so a new text)."""
    from sqlalchemy import func
    from sqlmodel import select

    from store.engine import session_scope
    from store.models import Candidate, utcnow

    with session_scope(engine) as s:
        start = int(s.exec(select(func.max(Candidate.id))).one() or 0) + 1
        src = list(s.exec(select(Candidate).order_by(Candidate.id).limit(n)))
        new = []
        for i, c in enumerate(src):
            row = Candidate(id=start + i, full_name=c.full_name, headline=c.headline, location=c.location,
                            years_experience=c.years_experience, seniority=c.seniority,
                            resume_text=c.resume_text + f"\n\nAlso volunteers for {marker} number {i}.",
                            extra={"source": "bench"}, created_at=utcnow(), updated_at=utcnow())
            s.add(row)
            new.append(start + i)
    return new


def upkeep(folder: Path, ns: list[int]) -> dict[str, Any]:
    from sqlmodel import select

    from store.engine import get_engine, session_scope
    from store.models import Candidate, utcnow
    from retrieval.index import open_indexes

    out: dict[str, Any] = {"load": load()}
    with tempfile.TemporaryDirectory() as tmp:
        copy = copy_store(folder, Path(tmp) / "copy")
        use_dir(copy)
        engine = get_engine()
        indexes = open_indexes(engine, collections=("candidates",))
        size = len(indexes.candidates)
        full = indexes.candidates.manifest.build_seconds
        out["store_candidates"] = size
        out["full_rebuild_s"] = full
        runs = []
        for n in ns:
            ids = _clone_candidates(engine, n, f"bench{n}")
            t = time.perf_counter()
            report = indexes.update_candidates()
            dt = time.perf_counter() - t
            assert not report.rebuilt and report.added == n, report
            runs.append({"added": n, "seconds": round(dt, 3), "embedded": report.embedded,
                         "ratio_to_full_rebuild": round(full / dt, 1) if full else None})
            log(f"upkeep: +{n} in {dt:.2f}s")
            hit = indexes.candidates.dense_text(f"volunteers for bench{n} number 0", 5)
            runs[-1]["new_found_top5"] = str(ids[0]) in {i for i, _ in hit}
        with session_scope(engine) as s:
            c = s.exec(select(Candidate).order_by(Candidate.id)).first()
            c.resume_text += " Recently learned Rust."
            c.updated_at = utcnow()
            s.add(c)
            changed = c.id
        t = time.perf_counter()
        report = indexes.update_candidates()
        runs.append({"updated": 1, "seconds": round(time.perf_counter() - t, 3), "embedded": report.embedded})
        with session_scope(engine) as s:
            s.delete(s.get(Candidate, changed))
        t = time.perf_counter()
        report = indexes.update_candidates()
        runs.append({"removed": 1, "seconds": round(time.perf_counter() - t, 3), "embedded": report.embedded})
        out["runs"] = runs
        engine.dispose()
    return out


class StandInEmbeddings:
    """384-d pseudo-random unit vectors from a text hash: to time index upkeep without the model."""

    dim = 384
    name = "stand-in-384"

    def _one(self, text: str) -> np.ndarray:
        rng = np.random.default_rng(abs(hash(text)) % (2**32))
        v = rng.standard_normal(self.dim).astype(np.float32)
        return v / np.linalg.norm(v)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._one(t).tolist() for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._one(text).tolist()


def upkeep_at_scale(n: int, ns: list[int], throughput: float | None) -> dict[str, Any]:
    """Index upkeep on a big generated store, embedding replaced by a stand-in (costs added back from throughput)."""
    from langchain_core.embeddings import Embeddings

    from store.engine import get_engine
    from retrieval.index import open_indexes

    class Stand(StandInEmbeddings, Embeddings):
        pass

    out: dict[str, Any] = {"candidates": n, "load": load()}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        log(f"upkeep@scale: seeding {n} candidates")
        out["seed_s"] = round(seed_store(folder, n), 1)
        engine = get_engine()
        emb = Stand()
        t = time.perf_counter()
        indexes = open_indexes(engine, collections=("candidates",), embeddings=emb)
        out["full_build_without_embedding_s"] = round(time.perf_counter() - t, 2)
        if throughput:
            out["full_build_estimated_s"] = round(out["full_build_without_embedding_s"] + n / throughput, 1)
        runs = []
        for k in ns:
            _clone_candidates(engine, k, f"scale{k}")
            t = time.perf_counter()
            report = indexes.update_candidates()
            dt = time.perf_counter() - t
            row = {"added": k, "seconds_without_embedding": round(dt, 3), "rebuilt": report.rebuilt}
            if throughput:
                row["estimated_s"] = round(dt + k / throughput, 2)
                row["ratio_to_full_rebuild"] = round(out["full_build_estimated_s"] / row["estimated_s"], 1)
            runs.append(row)
            log(f"upkeep@scale: +{k}: {row}")
        t = time.perf_counter()
        indexes2 = open_indexes(engine, collections=("candidates",), embeddings=emb)
        out["reopen_s"] = round(time.perf_counter() - t, 2)
        assert not indexes2.reports[0].rebuilt
        out["runs"] = runs
        engine.dispose()
    return out


# -- report --------------------------------------------------------------------------------------------

def markdown(res: dict[str, Any]) -> str:
    L: list[str] = ["# Retrieval benchmark", "", f"Run {res.get('at', '')} on {res.get('machine', '')}.", ""]
    q = res.get("quality")
    if q:
        L += [f"## Quality ({q['candidates']} generated candidates, judged from seed_truth.jsonl)", ""]
        for label, block in (("Search queries", q["search"]["modes"]), ("Roles (every role)", q["roles"])):
            n = next(iter(block.values()))["queries"]
            L += [f"**{label}** ({n} queries)", "", "| ranker | nDCG@10 | recall@10 | recall@50 | MRR | p50 ms | p95 ms | CPU ms p50 |",
                  "|---|---|---|---|---|---|---|---|"]
            for mode, r in block.items():
                L.append(f"| {mode} | {r['ndcg@10']:.3f} | {r['recall@10']:.3f} | {r['recall@50']:.3f} | {r['mrr']:.3f} "
                         f"| {r['latency']['p50_ms']} | {r['latency']['p95_ms']} | {r['latency'].get('cpu_p50_ms', '')} |")
            L.append("")
        L += ["nDCG@10 by query kind:", "", "| kind | " + " | ".join(q["search"]["modes"]) + " |",
              "|---|" + "---|" * len(q["search"]["modes"])]
        for kind, modes in q["search"]["ndcg_by_kind"].items():
            L.append(f"| {kind} | " + " | ".join(f"{modes[m]:.3f}" for m in q["search"]["modes"]) + " |")
        f = q["filtered"]
        L += ["", f"Filtered queries ({next(iter(f['modes'].values()))['queries']}, SQL filters applied inside the search): "
              + ", ".join(f"{m} nDCG@10 {r['ndcg@10']:.3f}" for m, r in f["modes"].items())
              + f"; full top-k under every filter: {f['filtered_full_top_k']}.",
              "", f"Whole `search()` call (default mode, top 10, SQL hydration and evidence included): p50 "
              f"{q['search_call_latency']['p50_ms']} ms, p95 {q['search_call_latency']['p95_ms']} ms "
              f"(CPU p50 {q['search_call_latency'].get('cpu_p50_ms')} ms); with the query vector cached (retrieval alone) "
              f"p50 {q.get('search_call_latency_cached_query', {}).get('p50_ms')} ms, "
              f"p95 {q.get('search_call_latency_cached_query', {}).get('p95_ms')} ms. "
              f"Load average during the run: {q['load']}. Candidate index build (embedding included): "
              f"{q.get('candidate_index_build_s')} s.", ""]
    e = res.get("encode")
    if e:
        L += ["## Encoding", "", f"MiniLM on CPU ({e['threads']} torch threads, load {e['load']}): "
              f"{e['resumes_per_s']} resumes/s; one query embedding p50 {e['query_embed']['p50_ms']} ms, "
              f"p95 {e['query_embed']['p95_ms']} ms.", ""]
    a = res.get("ann")
    if a:
        L += ["## Exact vs ANN (single query, k=10; recall@10 against exact)", "",
              "| vectors | index | build s | setting | recall@10 | p50 ms | p95 ms | CPU ms p50 | MB per 1M vectors |",
              "|---|---|---|---|---|---|---|---|---|"]
        for n, r in a["sizes"].items():
            L.append(f"| {int(n):,} | flat (exact) | {r['flat']['build_s']} | - | 1.000 | {r['flat']['p50_ms']} | "
                     f"{r['flat']['p95_ms']} | {r['flat']['cpu_p50_ms']} | {r['flat']['bytes_per_million'] / 1e6:.0f} |")
            h = r["hnsw"]
            if "by_ef" in h:
                for ef, x in h["by_ef"].items():
                    L.append(f"| {int(n):,} | HNSW M={h['M']} | {h['build_s']} | efSearch={ef} | {x['recall@10']:.3f} | "
                             f"{x['p50_ms']} | {x['p95_ms']} | {x['cpu_p50_ms']} | {h['bytes_per_million'] / 1e6:.0f} |")
            else:
                L.append(f"| {int(n):,} | HNSW | - | {h['skipped']} | | | | | |")
            v = r["ivf"]
            for npb, x in v["by_nprobe"].items():
                L.append(f"| {int(n):,} | IVF{v['nlist']},Flat | {v['build_s']} | nprobe={npb} | {x['recall@10']:.3f} | "
                         f"{x['p50_ms']} | {x['p95_ms']} | {x['cpu_p50_ms']} | {v['bytes_per_million'] / 1e6:.0f} |")
            for label, name in (("store_ivf", "store (IVF, nprobe 24)"), ("store_ivf_filtered_1pct", "store (IVF) + 1% filter")):
                if label in r:
                    x = r[label]
                    L.append(f"| {int(n):,} | {name} | - | {'exact over allowed' if 'filtered' in label else 'default'} | "
                             f"{x.get('recall@10', 1.0):.3f} | {x['p50_ms']} | {x['p95_ms']} | {x['cpu_p50_ms']} | "
                             f"full top-k: {x['full_top_k']} |")
            ff = r["flat_filtered_1pct"]
            L.append(f"| {int(n):,} | flat + 1% filter | - | IDSelector | 1.000 | {ff['p50_ms']} | {ff['p95_ms']} | "
                     f"{ff['cpu_p50_ms']} | full top-k: {ff['full_top_k']} |")
        L.append("")
    u = res.get("upkeep")
    if u:
        L += [f"## Index upkeep (real model, {u['store_candidates']} candidates; full rebuild {u['full_rebuild_s']} s)", "",
              "| change | seconds | embedded | full rebuild / this |", "|---|---|---|---|"]
        for r in u["runs"]:
            what = next(f"{k} {v}" for k, v in r.items() if k in ("added", "updated", "removed"))
            L.append(f"| {what} | {r['seconds']} | {r['embedded']} | {r.get('ratio_to_full_rebuild', '') or ''} |")
        L.append("")
    s = res.get("upkeep_scale")
    if s:
        L += [f"## Index upkeep at {s['candidates']:,} generated candidates (stand-in embedder; model cost added from throughput)", "",
              f"Full build without embedding {s['full_build_without_embedding_s']} s"
              + (f", with the model estimated {s['full_build_estimated_s']} s" if "full_build_estimated_s" in s else "")
              + f"; reopening a saved index {s['reopen_s']} s.", "",
              "| added | seconds without embedding | estimated with the model | full rebuild / this |", "|---|---|---|---|"]
        for r in s["runs"]:
            L.append(f"| {r['added']} | {r['seconds_without_embedding']} | {r.get('estimated_s', '')} | {r.get('ratio_to_full_rebuild', '')} |")
        L.append("")
    return "\n".join(L)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, default=ROOT / "var" / "bench")
    ap.add_argument("--candidates", type=int, default=2000)
    ap.add_argument("--sections", default="quality,encode,ann,upkeep,upkeep_scale")
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--hnsw-max", type=int, default=100_000, help="largest size for which HNSW is built")
    ap.add_argument("--upkeep", default="1,100,1000")
    ap.add_argument("--scale-candidates", type=int, default=100_000)
    args = ap.parse_args()
    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    folder = args.data_dir.resolve()
    if not (folder / "hrbot.db").exists():
        log(f"seeding {args.candidates} candidates into {folder}")
        folder.mkdir(parents=True, exist_ok=True)
        seed_store(folder, args.candidates)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "retrieval.json"
    res: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    res["at"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    res["machine"] = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    for section in sections:
        log(f"section {section} (load {load()})")
        if section == "quality":
            res["quality"] = quality(folder)
        elif section == "encode":
            res["encode"] = encode(folder)
        elif section == "ann":
            res["ann"] = ann(folder, [int(x) for x in args.sizes.split(",")], args.hnsw_max)
        elif section == "upkeep":
            res["upkeep"] = upkeep(folder, [int(x) for x in args.upkeep.split(",")])
        elif section == "upkeep_scale":
            thr = (res.get("encode") or {}).get("resumes_per_s")
            res["upkeep_scale"] = upkeep_at_scale(args.scale_candidates, [1, 1000], thr)
        path.write_text(json.dumps(res, indent=2, default=str))
        (RESULTS / "retrieval.md").write_text(markdown(res))
    log("done")


if __name__ == "__main__":
    main()
