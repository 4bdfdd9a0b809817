"""Section 4: warm ``ask()`` latency at about 1k, 10k and 100k chunks, with the index build
and the incremental syncs measured on the same corpora."""

from __future__ import annotations

import logging
import random
import shutil
from typing import Any

from bench import corpus, questions
from bench.asking import latency_row, time_questions
from bench.context import Bench, SyncFailed, timed_sync
from bench.measure import (
    loadavg,
    release_services,
    stopwatch,
)
from bench.probe import one_text_ms
from bench.report import Table

log = logging.getLogger("bench")

REAL_CHUNKS_FALLBACK = 85
# Up to this many chunks every synthetic member is its own file (front matter and all, so it
# joins the app's member directory like a real profile); above it, files hold several members
# as ## sections.
FILES_CAP = 200_000


LATENCY_COLUMNS = [
    "target chunks", "result", "chunks", "questions", "first ask ms", "p50 ms", "p95 ms",
    "max ms", "mean ms", "analysis ms/q", "question encode ms/q", "sentence encode ms/q",
    "dense search ms/q", "chroma get/count ms/q", "bm25 ms/q", "knowledge ms/q", "rest ms/q",
    "dense searches", "p50 real/synth/oos ms", "abstained real/synth/oos", "probe 1-text ms",
    "load avg", "peak RSS MiB", "RSS MiB",
]  # fmt: skip


def make_tables(b: Bench) -> tuple[Table, Table, Table]:
    build = Table(
        "4a. Index build for the latency corpora (fresh sync)",
        ["target chunks", "result", "chunks", "files", "members per file", "build s",
         "chunks/s", "encode s", "chroma write s", "chunking s", "bm25 s", "other s"],
        notes=["Each corpus is the real docs/ plus synthetic member profiles, one short "
               "profile file per member (front matter like docs/members, so each synthetic "
               "member also joins the app's member directory); `chunks` is "
               "`svc.index.count()` after the sync. Phases as in table 1."],
    )  # fmt: skip
    lat = Table(
        "4b. Warm ask() latency",
        LATENCY_COLUMNS,
        notes=[
            "One warm-up ask first (`first ask ms`: loads BM25 from disk and builds the "
            "app's `knowledge`), then every timed question is a different question (none "
            "repeated), so a repeated question cannot flatter the numbers. Percentiles are "
            "linear-interpolated over the timed questions.",
            "The app's own caches stay on, as in production: the answerer's sentence-vector "
            "LRU and the per-index `knowledge` (member directory, analyzer, IDF), both "
            "filled by the warm-up; distinct questions can still share retrieved sentences.",
            "Means per question: `question encode` = embedding the question; `sentence "
            "encode` = the answerer embedding candidate sentences not in its cache; `dense "
            "search` = Chroma HNSW query; `chroma get/count` = the other collection calls; "
            "`bm25` = keyword search; `knowledge` = the cached directory/analyzer lookup; "
            "`analysis` = the question analyzer (member names looked up in the directory, "
            "spelling); `rest` = the remainder (fusion, sentence scoring, directory "
            "answers, citations). `dense searches`: Chroma queries over all "
            "timed questions (questions answered from the member directory need none).",
            "`probe 1-text ms`: table 0's probe (default threads) taken right before the "
            "timed questions, with the load average: how contended the CPU was then.",
            "`peak RSS` is this process's ru_maxrss after the size (monotonic over the run); "
            "`RSS` is the current VmRSS then.",
        ],
    )  # fmt: skip
    inc = Table(
        "4c. Incremental sync vs corpus size",
        ["target chunks", "result", "no-change s", "one-change s (1st)",
         "one-change s (2nd / 3rd)", "1st one-change stats", "encode s", "chroma write s",
         "chunking s", "bm25 s", "other s", "load avg"],
        notes=["`no-change s`: median of 3 syncs with nothing edited. Then three times: one "
               "synthetic file edited, one sync. The phase columns split the 1st of those "
               "syncs (as in table 1): the first Chroma write after the bulk build can be "
               "much slower than later ones. `bm25 s` is the keyword-index update that "
               "follows any change (now: the changed document's chunks only)."],
    )  # fmt: skip
    return build, lat, inc


def real_chunk_count(b: Bench) -> int:
    """How many chunks docs/ makes, so synthetic members top the corpus up to the target."""
    try:
        from ingest.loaders import load_file

        svc = b.services("chunk-count", corpus.REAL_DOCS)
        files = sorted(p for p in corpus.REAL_DOCS.rglob("*.md") if p.is_file())
        docs = [d for p in files for d in load_file(p, corpus.REAL_DOCS, max_bytes=10 << 20)]
        return len(svc.indexing.chunker.split_all(docs))
    except Exception as exc:  # noqa: BLE001
        log.warning("cannot count the real chunks (%s); assuming %d", exc, REAL_CHUNKS_FALLBACK)
        return REAL_CHUNKS_FALLBACK


def build_corpus(b: Bench, n: int, real_chunks: int) -> tuple[Any, list[corpus.Member], int]:
    root = b.workdir(f"latency-{n}") / "corpus"
    corpus.copy_real_docs(root)
    members = corpus.generate_members(max(n - real_chunks, 0), b.seed + n)
    per_file = 1 if n <= FILES_CAP else -(-n // FILES_CAP)
    log.info("size %d: writing %d synthetic members, %d per file", n, len(members), per_file)
    corpus.write_synthetic(root, members, b.seed + n, per_file=per_file)
    return root, members, per_file


def incremental_row(b: Bench, n: int, svc: Any, root: Any, members: list, per_file: int) -> dict:
    runs = []
    for _ in range(3):
        with stopwatch() as elapsed:
            svc.indexing.sync()
        runs.append(elapsed())
    rng = random.Random(b.seed + 3)
    changes = []
    for i in range(3):
        if per_file == 1 and members:
            target = corpus.profile_path(root, rng.choice(members))
        else:
            target = root / corpus.SYNTH_DIR / f"directory-{i + 1:05d}.md"
        corpus.edit_file(target, rng)
        changes.append(timed_sync(svc, f"size {n}: one change"))
    first, s = changes[0], changes[0].stats
    ok = all(c.stats.updated == 1 and not c.stats.added and not c.stats.deleted for c in changes)
    return {
        "target chunks": n, "result": "ok" if ok else "unexpected stats",
        "no-change s": sorted(runs)[1], "one-change s (1st)": first.wall,
        "one-change s (2nd / 3rd)": " / ".join(f"{c.wall:.2f}" for c in changes[1:]),
        "1st one-change stats": f"updated={s.updated} added={s.added} deleted={s.deleted} "
                                f"chunks +{s.chunks_added}/-{s.chunks_deleted}",
        **{f"{k.replace('_', ' ')} s": v for k, v in first.phases.items()},
        "load avg": loadavg(),
    }  # fmt: skip


def build_row(n: int, svc: Any, per_file: int) -> dict[str, Any]:
    """The fresh sync of the size-``n`` corpus; a failing sync still reports its timings."""
    try:
        run = timed_sync(svc, f"size {n}: build", progress=True)
    except SyncFailed as exc:
        log.error("size %d: %s", n, exc)
        wall, phases, files, result = exc.wall, exc.phases, None, f"error: {exc}"[:300]
    else:
        wall, phases, files, result = run.wall, run.phases, run.stats.added, "ok"
    try:
        chunks: int | None = svc.index.count()
    except Exception:  # noqa: BLE001
        chunks = None
    log.info("size %d: %s chunks in the index after %.1f s", n, chunks, wall)
    return {
        "target chunks": n, "result": result, "chunks": chunks, "files": files,
        "members per file": per_file, "build s": wall,
        "chunks/s": chunks / wall if chunks and wall else None,
        **{f"{k.replace('_', ' ')} s": v for k, v in phases.items()},
    }  # fmt: skip


def run_size(b: Bench, n: int, real_chunks: int, tables: tuple[Table, Table, Table]) -> None:
    build, lat, inc = tables
    root, members, per_file = build_corpus(b, n, real_chunks)
    svc = b.services(f"latency-{n}", root)
    try:
        build.add(**build_row(n, svc, per_file))
        from app.core.query import ask

        with stopwatch() as elapsed:
            ask(questions.WARMUP, services=svc)
        first_ms = 1000 * elapsed()
        asked = questions.question_set(members, b.quick, b.seed + n)
        probe = {"probe 1-text ms": one_text_ms(svc.model), "load avg": loadavg()}
        log.info("size %d: timing %d distinct questions", n, len(asked))
        lat.add(**latency_row(n, svc, first_ms, time_questions(svc, asked)), **probe)
        inc.add(**incremental_row(b, n, svc, root, members, per_file))
    finally:
        release_services(svc)
        shutil.rmtree(b.workdir(f"latency-{n}"), ignore_errors=True)


def latency_tables(b: Bench) -> list[Table]:
    tables = make_tables(b)
    real_chunks = real_chunk_count(b)
    for n in b.sizes:
        try:
            run_size(b, n, real_chunks, tables)
        except Exception as exc:  # noqa: BLE001 - one size failing must not hide the others
            for table in tables:
                if not any(r.get("target chunks") == n for r in table.rows):
                    table.error("target chunks", str(n), exc)
    return list(tables)
