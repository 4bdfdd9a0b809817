"""Compare the folder, the record store and the vector store; repair what a crash left.

A sync writes in this order: vectors to Chroma, chunk keys to the record manager, then the
file's hash to the sources table. ``kill -9`` between two of those steps can leave

- orphan chunks: vectors Chroma holds but the record manager never heard of;
- missing chunks: keys the record manager holds whose vectors are gone;
- stray keys: chunk keys of a file version that never got its sources row, or of a file
  that has since left the folder.

Files the sources table is behind on (new, changed, removed) are what the next sync does
anyway; ``audit`` lists them so ``check`` can say the index is out of date.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ingest.bounded import BoundedParser, Limits
from ingest.loaders import LoadError, read_file
from ingest.records import Failure, RecordStore
from ingest.scan import file_sha256, file_stamp, removed_sources, scan_corpus
from vectorstore.paging import delete_ids, get_all

log = logging.getLogger(__name__)


class SyncerLike(Protocol):
    """What the audit needs of ``ingest.sync.Syncer`` (kept structural: no import cycle)."""

    records: RecordStore
    max_file_bytes: int
    domain: Any
    stored_ids: Callable[[], set[str]] | None  # the vector store's ids, if it can say fast
    limits: Limits

    def vector_store_factory(self) -> Any: ...

    def remembered_failure(self, rel: str, digest: str, failures: dict[str, Failure]) -> str: ...


@dataclass
class Drift:
    """What differs between the folder and the stores (empty lists: in step)."""

    interrupted: bool = False  # the last sync never finished
    not_indexed: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    orphan_chunks: list[str] = field(default_factory=list)
    missing_chunks: list[str] = field(default_factory=list)
    stray_sources: list[str] = field(default_factory=list)
    keyword_index: str = ""  # filled by the caller that owns the keyword index
    syncing: str = ""  # another process is syncing right now (who): differences may be its work
    failed: list[dict[str, str]] = field(default_factory=list)  # unreadable files, not drift

    @property
    def clean(self) -> bool:
        return not self.problems()

    def problems(self) -> list[str]:
        lines = []
        if self.interrupted:
            lines.append("the last sync was interrupted before it finished")
        for label, items in (
            ("files not indexed yet", self.not_indexed),
            ("files changed since they were indexed", self.stale),
            ("files removed from the folder but still indexed", self.removed),
            ("chunks in the vector store unknown to the record store", self.orphan_chunks),
            ("chunks in the record store missing from the vector store", self.missing_chunks),
            ("sources with leftover chunks from an unfinished write", self.stray_sources),
        ):
            if items:
                lines.append(f"{len(items)} {label}: {_sample(items)}")
        if self.keyword_index:
            lines.append(f"keyword index: {self.keyword_index}")
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "clean": self.clean, "problems": self.problems()}


def _sample(items: list[str], n: int = 3) -> str:
    more = f" and {len(items) - n} more" if len(items) > n else ""
    return ", ".join(items[:n]) + more


def store_ids(store: Any) -> set[str]:
    """Every chunk id in a LangChain Chroma store (ids only, no vectors)."""
    return set(get_all(store, [])["ids"])


def audit(syncer: SyncerLike, root: Path) -> Drift:
    """Read-only comparison of ``root`` with the record store and the vector store."""
    files, bad = scan_corpus(root)
    drift = Drift(interrupted=syncer.records.get_meta("sync_state") == "running", failed=bad)
    known, failures = syncer.records.sources(), syncer.records.failures()
    with BoundedParser(syncer.limits, syncer.domain) as parser:
        for rel, path in files.items():
            record = known.get(rel)
            try:
                if record is not None and record.stamp and record.stamp == file_stamp(path):
                    continue
                digest = file_sha256(path)
                if record is not None and record.sha256 == digest:
                    continue
                if reason := syncer.remembered_failure(rel, digest, failures):
                    raise LoadError(reason)  # unchanged since it failed: not parsed again
                parser.parse(read_file(Path(path), syncer.limits.max_bytes), Path(path), root)
            except (LoadError, OSError) as exc:
                drift.failed.append({"path": rel, "reason": str(exc)})
                continue
            (drift.not_indexed if record is None else drift.stale).append(rel)
    drift.removed = removed_sources(known, files, bad)
    _compare_chunks(syncer, drift, known)
    return drift


def _compare_chunks(syncer: SyncerLike, drift: Drift, known: dict[str, Any]) -> None:
    by_source = syncer.records.keys_by_source()
    recorded = {k for keys in by_source.values() for k in keys}
    stored = syncer.stored_ids() if syncer.stored_ids else store_ids(syncer.vector_store_factory())
    drift.orphan_chunks = sorted(stored - recorded)
    drift.missing_chunks = sorted(recorded - stored)
    for source, keys in sorted(by_source.items()):
        record = known.get(source)
        if record is None or record.chunks != len(keys):
            drift.stray_sources.append(source)
    drift.stray_sources += sorted(s for s, r in known.items() if r.chunks and s not in by_source)


def repair_stores(syncer: SyncerLike) -> int:
    """Make the record store and the vector store agree with each other; returns the number
    of fixes. A file whose chunks do not add up is dropped whole, so the sync re-adds it."""
    known = syncer.records.sources()
    drift = Drift()
    _compare_chunks(syncer, drift, known)
    by_source = syncer.records.keys_by_source()
    missing = set(drift.missing_chunks)
    redo = set(drift.stray_sources) | {s for s, keys in by_source.items() if missing & set(keys)}
    store = syncer.vector_store_factory()
    doomed = drift.orphan_chunks + [k for s in sorted(redo) for k in by_source.get(s, [])]
    delete_ids(store, doomed)
    syncer.records.forget_chunks([k for s in sorted(redo) for k in by_source.get(s, [])])
    syncer.records.remove(sorted(redo))
    log.info(
        "repaired stores orphans=%d missing=%d redo_sources=%d",
        len(drift.orphan_chunks),
        len(missing),
        len(redo),
    )
    return len(drift.orphan_chunks) + len(missing) + len(redo)
