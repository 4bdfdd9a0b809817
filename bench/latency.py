"""Section 4: warm ``ask()`` latency at about 1k, 10k and 100k chunks, with the index build
and the incremental syncs measured on the same corpora."""

from __future__ import annotations

import logging
import random
import shutil
from dataclasses import dataclass, field
from typing import Any

from bench import corpus, questions
from bench.context import Bench, timed_sync
from bench.measure import (
    PhaseTimer,
    current_rss_mib,
    peak_rss_mib,
    percentile,
    release_services,
    stopwatch,
)
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
    "dense searches", "p50 real/synth/oos ms", "abstained real/synth/oos", "peak RSS MiB",
    "RSS MiB",
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
            "`peak RSS` is this process's ru_maxrss after the size (monotonic over the run); "
            "`RSS` is the current VmRSS then.",
        ],
    )  # fmt: skip
    inc = Table(
        "4c. Incremental sync vs corpus size",
        ["target chunks", "result", "no-change s", "one-change s", "one-change stats",
         "encode s", "chroma write s", "chunking s", "bm25 s", "other s"],
        notes=["`no-change s`: median of 3 syncs with nothing edited. `one-change s`: one "
               "synthetic file edited, then one sync; the phase columns split that sync "
               "(as in table 1); `bm25 s` is the full keyword-index rebuild that follows any "
               "change."],
    )  # fmt: skip
    return build, lat, inc


def real_chunk_count(b: Bench) -> int:
    """How many chunks docs/ makes, so synthetic members top the corpus up to the target."""
    try:
        from ingest.loaders import load_file

        svc = b.services("chunk-count", corpus.REAL_DOCS)
        files = sorted(p for p in corpus.REAL_DOCS.rglob("*.md") if p.is_file())
        docs = [d for p in files for d in load_file(p, corpus.REAL_DOCS, max_bytes=10 << 20)]
        return len(svc.chunker.split_all(docs))
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


def hook_ask(svc: Any) -> PhaseTimer:
    """Time the parts of ask() by wrapping this run's objects (never the app's code)."""
    timer = PhaseTimer(exclusive=True)  # e.g. the count() inside query() is dense search
    timer.try_wrap(lambda: svc.model, "encode", "question encode")  # HybridSearch.embed
    # the answerer keeps its own bound encode (inside its sentence-vector cache)
    if not timer.try_wrap(lambda: svc.pipeline.answerer.cache, "encode", "sentence encode"):
        timer.try_wrap(lambda: svc.pipeline.answerer, "encode", "sentence encode")
    timer.try_wrap(lambda: svc.pipeline, "knowledge", "knowledge")
    timer.try_wrap(lambda: svc.knowledge().analyzer, "analyze", "analysis")  # cached object
    timer.try_wrap(lambda: svc.index, "query", "dense search")
    for attr in ("count", "get"):
        timer.try_wrap(lambda: svc.index, attr, "chroma get/count")
    timer.try_wrap(lambda: svc.bm25, "search", "bm25")
    return timer


@dataclass
class AskRun:
    asked: list[tuple[str, str]] = field(default_factory=list)  # (kind, question) answered
    times: list[float] = field(default_factory=list)  # seconds, aligned with ``asked``
    abstained: dict[str, int] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)
    timer: PhaseTimer = field(default_factory=PhaseTimer)


def time_questions(svc: Any, questions_: list[tuple[str, str]]) -> AskRun:
    """Each question once through ``ask()``; a failing question is noted, not fatal."""
    from app.query import ask

    run = AskRun(abstained={"real": 0, "synthetic": 0, "out of scope": 0}, timer=hook_ask(svc))
    try:
        for kind, q in questions_:
            try:
                with stopwatch() as elapsed:
                    answer = ask(q, services=svc)
            except Exception as exc:  # noqa: BLE001 - reported in the row, the rest still run
                log.error("ask(%r) failed: %s", q, exc)
                run.failed.append(f"{type(exc).__name__}: {exc}"[:200])
                continue
            run.asked.append((kind, q))
            run.times.append(elapsed())
            run.abstained[kind] += int(answer.abstained)
    finally:
        run.timer.restore()
    if run.timer.missing:
        log.warning("ask phases not measured (app internals changed?): %s", run.timer.missing)
    if not run.times:
        raise RuntimeError(f"every question failed; first: {run.failed[0] if run.failed else '?'}")
    return run


def by_kind(asked: list[tuple[str, str]], ms: list[float], abstained: dict) -> dict[str, str]:
    kinds = ("real", "synthetic", "out of scope")
    per = {k: [t for (kind, _), t in zip(asked, ms, strict=True) if kind == k] for k in kinds}
    return {
        "p50 real/synth/oos ms": " / ".join(f"{percentile(per[k], 50):.0f}" for k in kinds),
        "abstained real/synth/oos": " / ".join(f"{abstained[k]}/{len(per[k])}" for k in kinds),
    }


PHASES = ("analysis", "question encode", "sentence encode", "dense search", "chroma get/count",
          "bm25", "knowledge")  # fmt: skip


def latency_row(n: int, svc: Any, first_ms: float, run: AskRun) -> dict:
    times, timer, failed = run.times, run.timer, run.failed
    q = len(times)
    ms = [1000 * t for t in times]
    per_q = {p: 1000 * timer.seconds.get(p, 0.0) / q for p in PHASES}
    for p in timer.missing:
        per_q[p] = float("nan")
    rest = sum(ms) / q - sum(v for v in per_q.values() if v == v)
    return {
        "target chunks": n, "chunks": svc.index.count(), "questions": q,
        "result": f"{len(failed)} failed: {failed[0]}" if failed else "ok",
        "first ask ms": first_ms, "p50 ms": percentile(ms, 50), "p95 ms": percentile(ms, 95),
        "max ms": max(ms), "mean ms": sum(ms) / q,
        **{f"{p} ms/q": v for p, v in per_q.items()}, "rest ms/q": max(rest, 0.0),
        "dense searches": timer.calls.get("dense search", 0),
        **by_kind(run.asked, ms, run.abstained),
        "peak RSS MiB": peak_rss_mib(), "RSS MiB": current_rss_mib(),
    }  # fmt: skip


def incremental_row(b: Bench, n: int, svc: Any, root: Any, members: list, per_file: int) -> dict:
    runs = []
    for _ in range(3):
        with stopwatch() as elapsed:
            svc.sync()
        runs.append(elapsed())
    rng = random.Random(b.seed + 3)
    if per_file == 1 and members:
        target = corpus.profile_path(root, rng.choice(members))
    else:
        target = root / corpus.SYNTH_DIR / "directory-00001.md"
    corpus.edit_file(target, rng)
    one = timed_sync(svc, f"size {n}: one change")
    s = one.stats
    return {
        "target chunks": n, "result": "ok" if s.updated == 1 and not s.added else "unexpected",
        "no-change s": sorted(runs)[1], "one-change s": one.wall,
        "one-change stats": f"updated={s.updated} added={s.added} deleted={s.deleted} "
                            f"chunks +{s.chunks_added}/-{s.chunks_deleted}",
        **{f"{k.replace('_', ' ')} s": v for k, v in one.phases.items()},
    }  # fmt: skip


def run_size(b: Bench, n: int, real_chunks: int, tables: tuple[Table, Table, Table]) -> None:
    build, lat, inc = tables
    root, members, per_file = build_corpus(b, n, real_chunks)
    svc = b.services(f"latency-{n}", root)
    try:
        run = timed_sync(svc, f"size {n}: build", progress=True)
        chunks = svc.index.count()
        log.info("size %d: %d chunks indexed in %.1f s", n, chunks, run.wall)
        build.add(**{"target chunks": n, "result": "ok", "chunks": chunks,
                     "files": run.stats.added, "members per file": per_file,
                     "build s": run.wall, "chunks/s": chunks / run.wall},
                  **{f"{k.replace('_', ' ')} s": v for k, v in run.phases.items()})  # fmt: skip
        from app.query import ask

        with stopwatch() as elapsed:
            ask(questions.WARMUP, services=svc)
        first_ms = 1000 * elapsed()
        asked = questions.question_set(members, b.quick, b.seed + n)
        log.info("size %d: timing %d distinct questions", n, len(asked))
        lat.add(**latency_row(n, svc, first_ms, time_questions(svc, asked)))
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
