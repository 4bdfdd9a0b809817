"""What has been indexed: LangChain's SQL record manager (chunk keys per source) plus a
table of indexed files with their content hash, so an unchanged file costs one hash."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GENERATION = "generation"  # meta key: bumped by every sync that changed the index

SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    source TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    chunks INTEGER NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    doc_type TEXT NOT NULL DEFAULT '',
    indexed_at REAL NOT NULL,
    stamp TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS failures (
    source TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    limits TEXT NOT NULL,
    reason TEXT NOT NULL,
    failed_at REAL NOT NULL
);
"""


@dataclass(frozen=True)
class Failure:
    """A file that could not be indexed, by content hash and the limits it was read under:
    it is not parsed again until one of them changes."""

    source: str
    sha256: str
    limits: str
    reason: str


@dataclass(frozen=True)
class SourceRecord:
    source: str
    sha256: str
    chunks: int
    title: str = ""
    doc_type: str = ""
    stamp: str = ""  # ingest.scan.file_stamp when indexed ("": hash it next time)


class RecordStore:
    """The record DB in the data dir (SQLite)."""

    def __init__(self, db_path: Path, namespace: str) -> None:
        self.db_path, self.namespace = db_path, namespace
        self._manager: Any = None

    @property
    def manager(self) -> Any:
        """LangChain's ``SQLRecordManager`` used by ``langchain_core.indexing.index``."""
        if self._manager is None:
            from langchain_classic.indexes import SQLRecordManager

            self.db_path.parent.mkdir(parents=True, exist_ok=True)
            self._manager = SQLRecordManager(self.namespace, db_url=f"sqlite:///{self.db_path}")
            self._manager.create_schema()
        return self._manager

    def _connect(self) -> sqlite3.Connection:
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.db_path, timeout=30)
        conn.executescript(SCHEMA)
        columns = {row[1] for row in conn.execute("PRAGMA table_info(sources)")}
        if "stamp" not in columns:  # a record DB from before file stamps
            conn.execute("ALTER TABLE sources ADD COLUMN stamp TEXT NOT NULL DEFAULT ''")
        return conn

    def sources(self) -> dict[str, SourceRecord]:
        with closing(self._connect()) as conn:
            rows = conn.execute(
                "SELECT source, sha256, chunks, title, doc_type, stamp FROM sources"
            ).fetchall()
        return {r[0]: SourceRecord(*r) for r in rows}

    def put(self, records: list[SourceRecord]) -> None:
        now = time.time()
        with closing(self._connect()) as conn, conn:
            conn.executemany(
                "INSERT OR REPLACE INTO sources "
                "(source, sha256, chunks, title, doc_type, indexed_at, stamp) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (r.source, r.sha256, r.chunks, r.title, r.doc_type, now, r.stamp)
                    for r in records
                ],
            )

    def remove(self, sources: list[str]) -> None:
        with closing(self._connect()) as conn, conn:
            conn.executemany("DELETE FROM sources WHERE source = ?", [(s,) for s in sources])

    def chunk_keys(self, source: str) -> list[str]:
        return list(self.manager.list_keys(group_ids=[source]))

    def keys_by_source(self) -> dict[str, list[str]]:
        """Every chunk key the record manager knows, grouped by source (one query; read
        without importing the record manager, so a read-only ``check`` stays cheap)."""
        if not self.db_path.exists():
            return {}
        with closing(sqlite3.connect(self.db_path, timeout=30)) as conn:
            try:
                rows = conn.execute(
                    "SELECT group_id, key FROM upsertion_record WHERE namespace = ?",
                    (self.namespace,),
                ).fetchall()
            except sqlite3.OperationalError:  # the record manager never wrote here
                return {}
        grouped: dict[str, list[str]] = {}
        for group, key in rows:
            grouped.setdefault(group or "", []).append(key)
        return grouped

    def chunk_count(self) -> int:
        """Chunk keys the record manager holds (without importing it: ``status`` is cheap)."""
        if not self.db_path.exists():
            return 0
        with closing(sqlite3.connect(self.db_path, timeout=30)) as conn:
            try:
                row = conn.execute(
                    "SELECT count(*) FROM upsertion_record WHERE namespace = ?", (self.namespace,)
                ).fetchone()
            except sqlite3.OperationalError:  # no table yet: nothing indexed
                return 0
        return int(row[0])

    def forget_chunks(self, keys: list[str]) -> None:
        for start in range(0, len(keys), 500):
            self.manager.delete_keys(keys[start : start + 500])

    def failures(self) -> dict[str, Failure]:
        with closing(self._connect()) as conn:
            rows = conn.execute("SELECT source, sha256, limits, reason FROM failures").fetchall()
        return {r[0]: Failure(*r) for r in rows}

    def put_failure(self, failure: Failure) -> None:
        with closing(self._connect()) as conn, conn:
            conn.execute(
                "INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?, ?)",
                (failure.source, failure.sha256, failure.limits, failure.reason, time.time()),
            )

    def forget_failures(self, sources: list[str]) -> None:
        with closing(self._connect()) as conn, conn:
            conn.executemany("DELETE FROM failures WHERE source = ?", [(s,) for s in sources])

    def peek_meta(self, key: str, default: str = "") -> str:
        """``get_meta`` for the hot path: one read-only connection, no schema statements
        (about 30 microseconds); ``default`` when the record DB does not exist yet."""
        try:
            conn = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=30)
        except sqlite3.OperationalError:
            return default
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError:  # no meta table yet
            return default
        finally:
            conn.close()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with closing(self._connect()) as conn, conn:
            conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def get_meta(self, key: str, default: str = "") -> str:
        with closing(self._connect()) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def clear(self) -> None:
        """Forget everything (``--rebuild``)."""
        self.forget_chunks(list(self.manager.list_keys()))
        with closing(self._connect()) as conn, conn:
            conn.execute("DELETE FROM sources")
            conn.execute("DELETE FROM failures")
            conn.execute("DELETE FROM meta WHERE key != ?", (GENERATION,))  # readers compare it
