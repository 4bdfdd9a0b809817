"""Timing ``ask()`` one distinct question at a time, split into phases by wrapping the
objects of this run's ``Services`` (never the application's code)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from bench.measure import PhaseTimer, current_rss_mib, peak_rss_mib, percentile, stopwatch

log = logging.getLogger("bench")


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
    from app.core.query import ask

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
