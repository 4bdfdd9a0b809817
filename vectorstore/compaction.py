"""Compaction: Chroma's HNSW index only marks deleted vectors, so every rewrite of a document
leaves its old vectors in the segment files (and in memory once loaded). ``compact_collection``
copies the live entries (ids, embeddings, documents, metadatas; nothing is re-embedded) into a
fresh collection with the same metadata and HNSW configuration, then swaps the names.

The swap is two renames: ``name`` -> ``name.replaced``, then ``name.compacting`` -> ``name``.
Whenever it stops, one complete collection survives: before the first rename the original is
untouched (a stale ``.compacting`` is dropped by the next compaction); between the renames
``recover_swap`` (run whenever the collection is opened) renames ``.replaced`` back; after the
second rename the leftover ``.replaced`` is dropped.

Embedded stores also lose the segment folders of dropped collections (Chroma 1.x leaves them
on disk, chroma-core/chroma#5259) and get their SQLite files vacuumed.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from vectorstore.paging import get_all

log = logging.getLogger(__name__)

BUILDING = ".compacting"
REPLACED = ".replaced"
_SEGMENT_DIR = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_HNSW_KEYS = ("space", "ef_construction", "ef_search", "max_neighbors", "resize_factor")


class CompactionError(RuntimeError):
    """Compaction could not finish; the index is left as it was."""


def _names(client: Any) -> set[str]:
    return {c.name if hasattr(c, "name") else c for c in client.list_collections()}


def _drop(client: Any, name: str) -> None:
    try:
        client.delete_collection(name)
    except Exception as exc:  # already gone (another process cleaned up): fine
        log.debug("drop collection name=%s error=%r", name, exc)


def recover_swap(client: Any, name: str) -> None:
    """Finish or undo a swap that stopped half way (safe for readers to run)."""
    names = _names(client)
    old = name + REPLACED
    if old not in names:
        return
    if name in names:
        log.info("dropping collection left by a finished compaction name=%s", old)
        _drop(client, old)
        return
    log.warning("compaction stopped mid-swap; restoring the original collection name=%s", name)
    try:
        client.get_collection(old).modify(name=name)
    except Exception as exc:  # another process restored it first
        if name not in _names(client):
            raise CompactionError(f"cannot restore collection {name!r}: {exc}") from exc


def hnsw_config(collection: Any) -> dict[str, Any]:
    """The collection's HNSW settings, to create its copy with the same ones."""
    conf = getattr(collection, "configuration_json", None) or collection.configuration or {}
    hnsw = conf.get("hnsw") or {}
    return {k: hnsw[k] for k in _HNSW_KEYS if hnsw.get(k) is not None}


def _copy(source: Any, target: Any, batch_size: int) -> None:
    total, offset = source.count(), 0
    while offset < total:
        got = source.get(
            limit=batch_size, offset=offset, include=["embeddings", "documents", "metadatas"]
        )
        if not got["ids"]:
            break
        target.add(
            ids=got["ids"],
            embeddings=got["embeddings"],
            documents=got["documents"],
            metadatas=[m or None for m in got["metadatas"]],
        )
        offset += len(got["ids"])
        log.debug("compaction copied=%d of=%d", offset, total)


def _ids(collection: Any) -> set[str]:
    return set(get_all(collection, [])["ids"])


def compact_collection(client: Any, name: str, *, batch_size: int = 1000) -> int:
    """Rewrite ``name`` into a fresh collection holding only its live entries; returns their
    count. Raises ``CompactionError`` (the original kept) when it cannot finish."""
    recover_swap(client, name)
    tmp, old_name = name + BUILDING, name + REPLACED
    if tmp in _names(client):
        log.info("dropping an unfinished compaction name=%s", tmp)
        _drop(client, tmp)
    old = client.get_collection(name)
    fresh = client.create_collection(
        tmp, metadata=old.metadata, configuration={"hnsw": hnsw_config(old)}
    )
    try:
        _copy(old, fresh, batch_size)
        if _ids(fresh) != _ids(old):
            raise CompactionError(f"collection {name!r} changed during compaction; try again")
    except BaseException:
        _drop(client, tmp)
        raise
    old.modify(name=old_name)
    try:
        fresh.modify(name=name)
    except Exception as exc:
        if name not in _names(client):
            old.modify(name=name)
        _drop(client, tmp)
        raise CompactionError(f"another process reopened {name!r} during compaction") from exc
    _drop(client, old_name)
    count = int(fresh.count())
    log.info("compacted collection name=%s chunks=%d", name, count)
    return count


def remove_orphan_segments(chroma_dir: Path) -> int:
    """Delete segment folders no collection uses any more; returns the bytes freed."""
    db = chroma_dir / "chroma.sqlite3"
    if not db.exists():
        return 0
    with closing(sqlite3.connect(db, timeout=30)) as conn:
        live = {row[0] for row in conn.execute("SELECT id FROM segments")}
    freed = 0
    for entry in chroma_dir.iterdir():
        if entry.is_dir() and _SEGMENT_DIR.match(entry.name) and entry.name not in live:
            size = disk_bytes(entry)
            shutil.rmtree(entry, ignore_errors=True)
            freed += size
            log.info("removed orphan segment dir=%s bytes=%d", entry.name, size)
    return freed


def vacuum_sqlite(path: Path) -> None:
    """``VACUUM`` a SQLite file in place (best effort: a busy database is left as it is)."""
    if not path.exists():
        return
    try:
        with closing(sqlite3.connect(path, timeout=30)) as conn:
            conn.execute("VACUUM")
    except sqlite3.Error as exc:
        log.warning("vacuum skipped path=%s error=%s", path, exc)


def disk_bytes(path: Path) -> int:
    """Bytes allocated on disk (like ``du``) for a file or a folder tree."""
    if not path.exists():
        return 0
    if path.is_file():
        return path.stat().st_blocks * 512
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.stat(os.path.join(root, name)).st_blocks * 512
            except FileNotFoundError:
                continue
    return total
