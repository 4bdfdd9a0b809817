"""Sections 1-3: fresh-sync throughput against raw encoding, the no-change sync, and the sync
after one document of a 1,000-document corpus changed."""

from __future__ import annotations

import logging
import random
from pathlib import Path
from typing import Any

from bench import corpus
from bench.context import Bench, TimedSync, timed_sync
from bench.measure import (
    current_rss_mib,
    loadavg,
    median,
    peak_rss_mib,
    release_services,
    stopwatch,
)
from bench.report import Table

log = logging.getLogger("bench")

SYNTH_DOCS = 1000
NO_CHANGE_RUNS = 5
ONE_CHANGE_RUNS = 3

INGEST_COLUMNS = [
    "corpus", "result", "files", "chunks", "sync s", "sync chunks/s", "encode s",
    "encode chunks/s", "overhead (sync/encode)", "in-sync encode s", "chroma write s",
    "chunking s", "bm25 s", "other s", "first encode s", "peak RSS MiB", "load avg",
]  # fmt: skip
PHASE_COLUMNS = {
    "in-sync encode s": "encode",
    "chroma write s": "chroma_write",
    "chunking s": "chunking",
    "bm25 s": "bm25",
    "other s": "other",
}


def phase_cells(phases: dict[str, float]) -> dict[str, float]:
    return {col: phases.get(key, 0.0) for col, key in PHASE_COLUMNS.items()}


def warm_encoder(b: Bench, svc: Any, root: Path) -> float:
    """Encode the chunks a sync of ``root`` will make, once, before timing either side: the
    encoder compiles its kernels for each new input shape on first use, which cost whichever
    of the two ran first (the sync) and not the other. The chunks come from an in-process
    parse and a chunker of this function's own, so nothing the sync itself loads or starts
    is made ready for it. Returns the seconds this first encode took."""
    from ingest.chunking import Chunker
    from ingest.loaders import LoadError, parse_file, read_file
    from ingest.scan import scan_corpus

    s, model = svc.settings.ingest, b.model
    chunker = Chunker(
        model.count_tokens,
        chunk_tokens=s.chunk_tokens,
        overlap_tokens=s.chunk_overlap_tokens,
        max_tokens=model.max_tokens,
    )
    texts = []
    files, _ = scan_corpus(root)
    for path in files.values():
        try:
            docs = parse_file(read_file(Path(path), s.max_file_bytes), Path(path), root,
                              max_bytes=s.max_file_bytes, domain=svc.indexing.domain)  # fmt: skip
        except LoadError:
            continue
        texts += [c.page_content for c in chunker.split_all(docs)]
    with stopwatch() as elapsed:
        model.encode(texts, batch_size=svc.settings.index.embed_batch_size, bulk=True)
    return elapsed()


def throughput_row(
    b: Bench, svc: Any, label: str, run: TimedSync, first_encode: float = float("nan")
) -> dict[str, Any]:
    """One table row: the fresh sync next to raw ``model.encode`` on the same chunk texts
    (both after ``warm_encoder``)."""
    texts = svc.index.all_chunks()["documents"]
    batch = svc.settings.index.embed_batch_size
    with stopwatch() as elapsed:  # as a sync encodes (bulk: the same encoder settings)
        b.model.encode(texts, batch_size=batch, bulk=True)
    encode_s = elapsed()
    n = len(texts)
    return {
        "corpus": label,
        "result": "ok" if not run.stats.failed else f"{len(run.stats.failed)} files failed",
        "files": run.stats.added,
        "chunks": n,
        "sync s": run.wall,
        "sync chunks/s": n / run.wall if run.wall else float("nan"),
        "encode s": encode_s,
        "encode chunks/s": n / encode_s if encode_s else float("nan"),
        "overhead (sync/encode)": run.wall / encode_s if encode_s else float("nan"),
        **phase_cells(run.phases),
        "first encode s": first_encode,
        "peak RSS MiB": peak_rss_mib(),
        "load avg": loadavg(),
    }


def synthetic_corpus(b: Bench, name: str) -> tuple[Path, list[corpus.Member]]:
    root = b.workdir(name) / "corpus"
    members = corpus.generate_members(SYNTH_DOCS, b.seed)
    corpus.write_synthetic(root, members, b.seed)
    return root, members


def real_corpus_row(b: Bench, table: Table) -> None:
    root = b.workdir("ingest-real") / "corpus"
    corpus.copy_real_docs(root)
    svc = b.services("ingest-real", root)
    try:
        first = warm_encoder(b, svc, root)
        run = timed_sync(svc, "real corpus")
        table.add(**throughput_row(b, svc, "real docs/", run, first))
    finally:
        release_services(svc)


def no_change_table(svc: Any) -> Table:
    table = Table(
        f"2. No-change sync ({SYNTH_DOCS:,}-document synthetic corpus)",
        ["runs", "result", "median s", "min s", "max s", "unchanged", "changed docs", "RSS MiB"],
        notes=[
            f"Median of {NO_CHANGE_RUNS} consecutive `svc.indexing.sync()` calls right after "
            "the fresh sync, nothing edited in between (each file's stamp is compared; a file is "
            "hashed only when its stamp moved).",
        ],
    )
    times, stats = [], None
    for _ in range(NO_CHANGE_RUNS):
        with stopwatch() as elapsed:
            stats = svc.indexing.sync()
        times.append(elapsed())
    assert stats is not None
    table.add(
        runs=NO_CHANGE_RUNS,
        result="ok" if not stats.changed else "unexpected change",
        **{"median s": median(times), "min s": min(times), "max s": max(times)},
        unchanged=stats.unchanged,
        **{"changed docs": stats.added + stats.updated + stats.deleted},
        **{"RSS MiB": current_rss_mib()},
    )
    return table


def one_change_table(b: Bench, svc: Any, root: Path, members: list[corpus.Member]) -> Table:
    table = Table(
        f"3. One changed document in a {SYNTH_DOCS:,}-document corpus",
        ["run", "result", "sync s", "added", "updated", "deleted", "unchanged",
         "chunks added", "chunks deleted", "failed", "in-sync encode s", "chroma write s",
         "bm25 s", "other s"],
        notes=[
            "Each run appends one sentence to a different synthetic profile, then times "
            "`svc.indexing.sync()`; `result` is ok when SyncStats is exactly updated=1, added=0, "
            "deleted=0. `bm25 s` is the keyword-index update for the changed document.",
        ],
    )  # fmt: skip
    rng = random.Random(b.seed + 7)
    for run_no, member in enumerate(rng.sample(members, ONE_CHANGE_RUNS), start=1):
        try:
            corpus.edit_file(corpus.profile_path(root, member), rng)
            run = timed_sync(svc, "one change")
            s = run.stats
            ok = s.updated == 1 and not s.added and not s.deleted and not s.failed
            table.add(
                run=run_no, result="ok" if ok else "unexpected stats",
                **{"sync s": run.wall, "chunks added": s.chunks_added,
                   "chunks deleted": s.chunks_deleted, "bm25 s": run.phases["bm25"],
                   "chroma write s": run.phases["chroma_write"],
                   "in-sync encode s": run.phases["encode"], "other s": run.phases["other"]},
                added=s.added, updated=s.updated, deleted=s.deleted,
                unchanged=s.unchanged, failed=len(s.failed),
            )  # fmt: skip
        except Exception as exc:  # noqa: BLE001
            table.error("run", str(run_no), exc)
    return table


def ingest_tables(b: Bench) -> list[Table]:
    t1 = Table(
        "1. Ingest throughput (fresh sync vs raw encoding)",
        INGEST_COLUMNS,
        notes=[
            "`sync s`: one fresh `svc.indexing.sync()` into an empty temp data dir (model already "
            "loaded). `encode s`: `model.encode` of exactly the indexed chunk texts (read back "
            "from Chroma), one call, batch size from settings, right after the sync, with the "
            "bulk encoder the sync uses (`bulk=True`).",
            "`first encode s` (not in the ratio): before either is timed, the same chunks "
            "(parsed and chunked in process, by a chunker of the bench's own) are encoded once, "
            "so that both sides find the encoder's kernels compiled for their input shapes "
            "(OpenVINO compiles them on first use; without this the sync, which runs first, "
            "paid for both).",
            "Phase columns come from wrapping `model.encode` and `model.encode_pieces` (the "
            "time the sync waits for its pieces: the encoder computes on while the sync "
            "writes), `Chunker.split_all`, the syncer's "
            "vector writes and deletes, and the keyword index updates (or its rebuild after a "
            "reset); `other` = the rest (scanning, reading and hashing files, parsing in the "
            "worker, chunk keys, the record DB, opening the stores, the generation).",
        ],
    )
    try:
        real_corpus_row(b, t1)
    except Exception as exc:  # noqa: BLE001
        t1.error("corpus", "real docs/", exc)
    tables = [t1]
    svc = None
    try:
        root, members = synthetic_corpus(b, "synthetic-1k")
        svc = b.services("synthetic-1k", root)
        first = warm_encoder(b, svc, root)
        run = timed_sync(svc, "synthetic 1k", progress=True)
        t1.add(**throughput_row(b, svc, f"synthetic {SYNTH_DOCS:,} profiles", run, first))
        tables.append(_guard_table("2. No-change sync", lambda: no_change_table(svc)))
        tables.append(
            _guard_table("3. One changed document", lambda: one_change_table(b, svc, root, members))
        )
    except Exception as exc:  # noqa: BLE001
        t1.error("corpus", f"synthetic {SYNTH_DOCS:,} profiles", exc)
        for title in ("2. No-change sync", "3. One changed document"):
            skipped = Table(title, ["section", "result"])
            skipped.add(section=title, result="skipped: the synthetic corpus did not sync")
            tables.append(skipped)
    finally:
        if svc is not None:
            release_services(svc)
    return tables


def _guard_table(title: str, fn: Any) -> Table:
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001
        table = Table(title, ["section", "result"])
        table.error("section", title, exc)
        return table
