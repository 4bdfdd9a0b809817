"""What every section shares: the loaded model, the temp root, the options, and helpers to
build ``Services`` on private data dirs and to time a sync phase by phase."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.measure import PhaseTimer

log = logging.getLogger("bench")

SEED = 20231205


@dataclass
class Bench:
    model: Any  # vectorstore.embeddings.EmbeddingModel, loaded once and shared
    tmp: Path
    sizes: list[int]
    quick: bool = False
    seed: int = SEED
    notes: list[str] = field(default_factory=list)

    def workdir(self, name: str) -> Path:
        path = self.tmp / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def services(self, name: str, corpus_dir: Path) -> Any:
        """Fresh ``Services`` with a private data dir under the temp root."""
        from app.core.services import build_services
        from app.core.settings import Settings

        settings = Settings(data_dir=self.workdir(name) / "data", corpus_dir=corpus_dir)
        return build_services(settings, model=self.model)


def progress_logger(label: str, every_s: float = 15.0) -> Any:
    """A ``svc.indexing.sync(progress=...)`` callback that logs to stderr now and then."""
    state = {"last": time.perf_counter(), "started": time.perf_counter(), "pct": -1}

    def progress(done: int, total: int, path: str) -> None:
        now = time.perf_counter()
        pct = int(100 * done / max(total, 1))
        if done == total or (now - state["last"] >= every_s and pct != state["pct"]):
            state["last"], state["pct"] = now, pct
            elapsed = now - state["started"]
            log.info("%s: %d/%d files (%d%%) after %.0f s", label, done, total, pct, elapsed)

    return progress


@dataclass
class TimedSync:
    stats: Any
    wall: float
    phases: dict[str, float]


class SyncFailed(RuntimeError):
    """``svc.indexing.sync()`` raised; carries how long it ran and where that time went."""

    def __init__(self, cause: BaseException, wall: float, phases: dict[str, float]) -> None:
        super().__init__(f"sync failed after {wall:,.0f} s: {type(cause).__name__}: {cause}")
        self.cause, self.wall, self.phases = cause, wall, phases


def timed_sync(svc: Any, label: str, *, progress: bool = False) -> TimedSync:
    """``svc.indexing.sync()`` with the seconds spent embedding, chunking, writing to Chroma and
    updating the keyword index measured by wrapping those methods on this run's objects.
    Nothing is opened before the clock starts (the collection is opened by the sync itself,
    as in a CLI ``ingest``)."""
    timer = PhaseTimer()
    syncer = lambda: svc.indexing.syncer  # noqa: E731
    # the keyword index: updated after each write (on_written), rebuilt whole after a reset
    timer.try_wrap(syncer, "after_change", "bm25")
    timer.try_wrap(syncer, "on_written", "bm25")
    timer.try_wrap(lambda: svc.model, "encode", "encode")
    # a sync writes each piece of vectors while the next are computed: its encode phase is
    # the time it waits for them
    timer.try_wrap(lambda: svc.model, "encode_pieces", "encode", iterator=True)
    timer.try_wrap(lambda: svc.indexing.chunker, "split_all", "chunking")
    timer.try_wrap(syncer, "_write_vectors", "store_add")
    timer.try_wrap(syncer, "_delete_vectors", "store_delete")
    cb = progress_logger(label) if progress else None
    started = time.perf_counter()
    try:
        stats = svc.indexing.sync(progress=cb)
    except Exception as exc:
        wall = time.perf_counter() - started
        raise SyncFailed(exc, wall, phase_split(wall, timer.seconds, timer.missing)) from exc
    finally:
        timer.restore()
    wall = time.perf_counter() - started
    if timer.missing:
        log.warning("%s: phases not measured (app internals changed?): %s", label, timer.missing)
    return TimedSync(stats, wall, phase_split(wall, timer.seconds, timer.missing))


def phase_split(
    wall: float, seconds: dict[str, float], missing: list[str] | None = None
) -> dict[str, float]:
    """Disjoint phases: encode, chroma write (the vector store's writes and deletes), chunking,
    bm25, other. A phase that could not be hooked is NaN (and so is ``other``)."""
    encode = seconds.get("encode", 0.0)
    store = seconds.get("store_add", 0.0) + seconds.get("store_delete", 0.0)
    chunking = seconds.get("chunking", 0.0)
    bm25 = seconds.get("bm25", 0.0)
    phases = {
        "encode": encode,
        "chroma_write": store,
        "chunking": chunking,
        "bm25": bm25,
        "other": max(wall - encode - store - chunking - bm25, 0.0),
    }
    nan = float("nan")
    for hook, phase in (("encode", "encode"), ("store_add", "chroma_write"),
                        ("chunking", "chunking"), ("bm25", "bm25")):  # fmt: skip
        if hook in (missing or []):
            phases[phase] = phases["other"] = nan
    return phases
