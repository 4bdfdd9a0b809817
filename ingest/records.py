"""What has been indexed: the chunk keys of each source (the table LangChain's
``SQLRecordManager`` keeps, read and written here with plain SQLite, each batch in one
transaction) plus a table of indexed files with their content hash, so an unchanged file
costs one hash."""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

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
# Chunk keys per source: the table and indexes ``langchain_classic``'s SQLRecordManager
# creates (record DBs written by it before are read and written as they are).
CHUNK_SCHEMA = """
CREATE TABLE IF NOT EXISTS upsertion_record (
    uuid VARCHAR NOT NULL,
    "key" VARCHAR,
    namespace VARCHAR NOT NULL,
    group_id VARCHAR,
    updated_at FLOAT,
    PRIMARY KEY (uuid),
    CONSTRAINT uix_key_namespace UNIQUE ("key", namespace)
);
CREATE INDEX IF NOT EXISTS ix_upsertion_record_namespace ON upsertion_record (namespace);
CREATE INDEX IF NOT EXISTS ix_upsertion_record_key ON upsertion_record ("key");
CREATE INDEX IF NOT EXISTS ix_upsertion_record_group_id ON upsertion_record (group_id);
CREATE INDEX IF NOT EXISTS ix_upsertion_record_updated_at ON upsertion_record (updated_at);
CREATE INDEX IF NOT EXISTS ix_key_namespace ON upsertion_record ("key", namespace);
CREATE INDEX IF NOT EXISTS ix_upsertion_record_uuid ON upsertion_record (uuid);
"""
NOW = "(julianday('now') - 2440587.5) * 86400.0"  # the record manager's clock (seconds)
IN_BATCH = 500  # values per IN (...) list


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
        self._schema_inode: int | None = None  # the file whose tables this store has made

    def _connect(self) -> sqlite3.Connection:
        """A connection to the record DB, its tables made once per file (a sync opens a
        dozen connections; the schema statements cost more than the connection)."""
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.db_path, timeout=30)
        inode = os.stat(self.db_path).st_ino
        if inode != self._schema_inode:
            conn.executescript(f"BEGIN; {SCHEMA} {CHUNK_SCHEMA} COMMIT;")  # one transaction
            columns = {row[1] for row in conn.execute("PRAGMA table_info(sources)")}
            if "stamp" not in columns:  # a record DB from before file stamps
                conn.execute("ALTER TABLE sources ADD COLUMN stamp TEXT NOT NULL DEFAULT ''")
            self._schema_inode = inode
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
        return self.keys_of([source]).get(source, [])

    def keys_of(self, sources: Sequence[str]) -> dict[str, list[str]]:
        """The chunk keys recorded for each of ``sources`` (sources without any left out)."""
        found: dict[str, list[str]] = {}
        for group, key in self._records_where("group_id", sources):
            found.setdefault(group, []).append(key)
        return found

    def known_keys(self, keys: Sequence[str]) -> set[str]:
        """Those of ``keys`` already recorded (their chunks are in the vector store)."""
        return {key for _, key in self._records_where("key", keys)}

    def _records_where(self, column: str, values: Sequence[str]) -> Iterator[tuple[str, str]]:
        """(source, key) of the chunk records whose ``column`` is one of ``values``, asked
        in batches that SQLite's variable limit allows."""
        with closing(self._connect()) as conn:
            for batch in _batches(list(values)):
                yield from conn.execute(
                    "SELECT group_id, key FROM upsertion_record WHERE namespace = ? "
                    f"AND {column} IN ({_marks(batch)})",
                    (self.namespace, *batch),
                )

    def record_chunks(self, keys: Sequence[str], sources: Sequence[str]) -> None:
        """Record (or refresh) chunk keys with their sources, in one transaction, as the
        record manager's ``update`` did: new keys get a row, known ones a new time."""
        if len(keys) != len(sources):
            raise ValueError("one source per chunk key")
        with closing(self._connect()) as conn, conn:
            (now,) = conn.execute(f"SELECT {NOW}").fetchone()
            conn.executemany(
                "INSERT INTO upsertion_record (uuid, key, namespace, group_id, updated_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (key, namespace) DO UPDATE SET "
                "updated_at = excluded.updated_at, group_id = excluded.group_id",
                [
                    (str(uuid.uuid4()), key, self.namespace, source, now)
                    for key, source in zip(keys, sources, strict=True)
                ],
            )

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

    def forget_chunks(self, keys: Sequence[str]) -> None:
        with closing(self._connect()) as conn, conn:
            for batch in _batches(list(keys)):
                conn.execute(
                    "DELETE FROM upsertion_record WHERE namespace = ? "
                    f"AND key IN ({_marks(batch)})",
                    (self.namespace, *batch),
                )

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
        with closing(self._connect()) as conn, conn:
            conn.execute("DELETE FROM upsertion_record WHERE namespace = ?", (self.namespace,))
            conn.execute("DELETE FROM sources")
            conn.execute("DELETE FROM failures")
            conn.execute("DELETE FROM meta WHERE key != ?", (GENERATION,))  # readers compare it


def _batches(items: list[str], size: int = IN_BATCH) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _marks(batch: list[str]) -> str:
    return ",".join("?" * len(batch))
