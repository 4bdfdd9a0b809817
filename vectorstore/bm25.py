"""The keyword side of the index: BM25 over the same chunks as Chroma, kept in a SQLite file
in the data dir and updated in place: a sync replaces the chunks of the documents it changed
(``replace``) and nothing else, so its cost follows the change, not the corpus.

Each chunk is stored once with its term counts; a log of removed rows lets every reader
(this process or another) bring its in-memory postings (``keyword_state``) up to date by
reading only what changed since it last looked. Scores are computed at query time from the
live statistics, so after any sequence of edits the results equal those of a full rebuild.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from vectorstore.keyword_state import FILTER_KEYS, KeywordState, Rows
from vectorstore.tokenize import VERSION as TOKENIZER
from vectorstore.tokenize import tokenize

log = logging.getLogger(__name__)

DB_NAME = "index.sqlite"
SCHEMA = """
CREATE TABLE IF NOT EXISTS chunks (
    row INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, source TEXT NOT NULL,
    doc_type TEXT NOT NULL, kind TEXT NOT NULL, country TEXT NOT NULL,
    length INTEGER NOT NULL, terms BLOB NOT NULL, counts BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_by_source ON chunks(source);
CREATE TABLE IF NOT EXISTS terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS removed (seq INTEGER PRIMARY KEY AUTOINCREMENT, row INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""
# A reader reloads everything (instead of applying the log) after a rebuild, and once the
# removed-row log or the dead slots outgrow the live chunks.
MIN_LOG = 1000


class BM25Index:
    """BM25 over the chunks in ``directory`` (a folder holding one SQLite file)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._inode: int | None = None
        self._state: KeywordState | None = None
        self._terms: dict[str, int] = {}  # the file's term ids, cached (see _term_ids)
        self._terms_epoch: int | None = None
        self._seen: tuple[int, int, int, int] = (0, 0, 0, 0)  # epoch, generation, row, removed

    @property
    def path(self) -> Path:
        return self.directory / DB_NAME

    # ---- storage -----------------------------------------------------------------------
    def _connect(self, create: bool) -> sqlite3.Connection | None:
        """The open connection, reopened when the file was replaced or removed."""
        try:
            inode = self.path.stat().st_ino
        except FileNotFoundError:
            if not create:
                self._close()
                return None
            inode = None
        if self._conn is not None and inode == self._inode:
            return self._conn
        self._close()
        self.directory.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(f"BEGIN; {SCHEMA} COMMIT;")  # one transaction, one sync to disk
        now = time.time_ns()  # generations never repeat, even for a re-created file
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('generation', ?)", (now,))
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('epoch', ?)", (now,))
        conn.commit()
        self._conn, self._inode = conn, self.path.stat().st_ino
        return conn

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn, self._inode, self._state, self._terms_epoch = None, None, None, None

    def _term_ids(self, conn: sqlite3.Connection) -> dict[str, int]:
        """The file's term -> id map, cached: ids are dense and only ever appended until the
        next epoch, so only the new ones are read. States share the dict (it only grows)."""
        (epoch,) = conn.execute("SELECT value FROM meta WHERE key = 'epoch'").fetchone()
        if epoch != self._terms_epoch:
            self._terms, self._terms_epoch = {}, epoch
        query = "SELECT term, id FROM terms WHERE id >= ?"
        self._terms.update(conn.execute(query, (len(self._terms),)))
        return self._terms

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._connect(create=True)
            assert conn is not None
            try:
                with conn:  # one transaction: readers see all of it or none of it
                    yield conn
                    conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
                    conn.execute("INSERT OR REPLACE INTO meta VALUES ('built', 1)")
            except BaseException:
                self._terms_epoch = None  # the cached term ids may hold rolled-back ones
                raise

    # ---- writing -----------------------------------------------------------------------
    def rebuild(self, ids: list[str], texts: list[str], metadatas: list[dict[str, Any]]) -> None:
        """Replace everything with these chunks (a new epoch: readers reload)."""
        with self._write() as conn:
            conn.execute("DELETE FROM chunks")
            conn.execute("DELETE FROM removed")
            conn.execute("DELETE FROM terms")
            conn.execute("UPDATE meta SET value = ? WHERE key = 'epoch'", (time.time_ns(),))
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('tokenizer', ?)", (TOKENIZER,))
            self._insert(conn, ids, texts, metadatas)
        log.info("bm25 rebuilt chunks=%d", len(ids))

    def replace(
        self,
        sources: Iterable[str],
        ids: list[str],
        texts: list[str],
        metadatas: list[dict[str, Any]],
    ) -> None:
        """Drop every chunk of ``sources``, then add these chunks (theirs, as now indexed)."""
        sources = sorted(set(sources))
        with self._write() as conn:
            gone = self._rows(conn, "source", sources) + self._rows(conn, "id", ids)
            gone = sorted(set(gone))
            conn.executemany("DELETE FROM chunks WHERE row = ?", [(r,) for r in gone])
            conn.executemany("INSERT INTO removed (row) VALUES (?)", [(r,) for r in gone])
            self._insert(conn, ids, texts, metadatas)
            (logged,) = conn.execute("SELECT count(*) FROM removed").fetchone()
            (live,) = conn.execute("SELECT count(*) FROM chunks").fetchone()
            if logged > max(MIN_LOG, live):  # readers reload instead of replaying the log
                conn.execute("DELETE FROM removed")
                conn.execute("UPDATE meta SET value = ? WHERE key = 'epoch'", (time.time_ns(),))
        log.info("bm25 updated sources=%d removed=%d added=%d", len(sources), len(gone), len(ids))

    @staticmethod
    def _rows(conn: sqlite3.Connection, column: str, values: list[str]) -> list[int]:
        found = []
        for batch in _batches(values):
            query = f"SELECT row FROM chunks WHERE {column} IN ({_marks(batch)})"
            found += [row for (row,) in conn.execute(query, batch)]
        return found

    def _insert(
        self, conn: sqlite3.Connection, ids: list[str], texts: list[str], metas: list[dict]
    ) -> None:
        terms = self._term_ids(conn)
        new_terms: list[tuple[int, str]] = []
        rows = []
        for cid, text, meta in zip(ids, texts, metas, strict=True):
            counts = Counter(tokenize(text) or [""])  # as bm25s: an empty chunk has length 1
            for term in counts:
                if term not in terms:
                    terms[term] = len(terms)
                    new_terms.append((terms[term], term))
            term_ids = np.asarray([terms[t] for t in counts], dtype=np.int32)
            freq = np.asarray(list(counts.values()), dtype=np.int32)
            columns = [str((meta or {}).get(key, "")) for key in FILTER_KEYS]
            rows.append((cid, *columns, sum(counts.values()), term_ids.tobytes(), freq.tobytes()))
        conn.executemany("INSERT INTO terms (id, term) VALUES (?, ?)", new_terms)
        conn.executemany(
            "INSERT INTO chunks (id, source, doc_type, kind, country, length, terms, counts) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    # ---- reading -----------------------------------------------------------------------
    def _current(self) -> KeywordState | None:
        """This process's postings, brought up to date with what the file holds now."""
        with self._lock:
            conn = self._connect(create=False)
            if conn is None:
                return None
            meta = dict(conn.execute("SELECT key, value FROM meta"))
            if "built" not in meta:
                return None
            if self._state is not None and self._seen[:2] == (meta["epoch"], meta["generation"]):
                return self._state
            conn.execute("BEGIN")  # one snapshot: the log and the rows agree
            try:
                meta = dict(conn.execute("SELECT key, value FROM meta"))
                state = self._state
                if state is None or self._seen[0] != meta["epoch"]:
                    state = self._load_all(conn)
                else:
                    state = self._catch_up(conn, state)
                (max_row,) = conn.execute("SELECT coalesce(max(row), 0) FROM chunks").fetchone()
                (max_seq,) = conn.execute("SELECT coalesce(max(seq), 0) FROM removed").fetchone()
            finally:
                conn.execute("COMMIT")
            self._state = state
            self._seen = (meta["epoch"], meta["generation"], max_row, max_seq)
            return state

    def _load_all(self, conn: sqlite3.Connection) -> KeywordState:
        terms = self._term_ids(conn)
        rows = conn.execute(f"SELECT {_COLUMNS} FROM chunks ORDER BY row").fetchall()
        return KeywordState.build(Rows.from_records(rows), terms)

    def _catch_up(self, conn: sqlite3.Connection, state: KeywordState) -> KeywordState:
        _, _, max_row, max_seq = self._seen
        removed = [r for (r,) in conn.execute("SELECT row FROM removed WHERE seq > ?", (max_seq,))]
        query = f"SELECT {_COLUMNS} FROM chunks WHERE row > ? ORDER BY row"
        added = Rows.from_records(conn.execute(query, (max_row,)).fetchall())
        state = state.apply(removed, added, self._term_ids(conn))
        if state.dead > max(MIN_LOG, state.live) or state.delta_postings > len(state.post_slots):
            state = self._load_all(conn)  # compact the postings
        return state

    def ids(self) -> list[str]:
        state = self._current()
        return [] if state is None else [state.ids[s] for s in np.flatnonzero(state.alive)]

    def version(self) -> int:
        """Changes whenever the index changes (also across processes)."""
        with self._lock:
            conn = self._connect(create=False)
            if conn is None:
                return 0
            row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
            return int(row[0]) if row else 0

    def vocabulary(self) -> set[str]:
        state = self._current()
        return set() if state is None else {t for t in state.doc_freqs() if t}

    def idf(self) -> dict[str, float]:
        """Inverse document frequency per token, from the index itself (chunks as docs)."""
        state = self._current()
        if state is None or not state.live:
            return {}
        n = state.live
        return {
            t: float(np.log(1 + (n - df + 0.5) / (df + 0.5)))
            for t, df in state.doc_freqs().items()
            if t
        }

    def field_values(self, key: str) -> list[str]:
        """The values a filter column (``doc_type``, ``kind``, ``country``) has taken."""
        state = self._current()
        return [] if state is None else sorted(v for v in state.values.get(key, {}) if v)

    def count(self) -> int:
        state = self._current()
        return 0 if state is None else state.live

    def exists(self) -> bool:
        """Built at least once, with this version of the tokenizer (cheap: the postings are
        not loaded). An index of words split another way is as good as missing: the next
        sync rebuilds it from the vector store's chunks."""
        with self._lock:
            conn = self._connect(create=False)
            if conn is None:
                return False
            query = "SELECT key, value FROM meta WHERE key IN ('built', 'tokenizer')"
            meta = dict(conn.execute(query).fetchall())
            return "built" in meta and meta.get("tokenizer") == TOKENIZER

    def search(
        self, question: str, k: int, filters: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) pairs, best first (ties by chunk id); chunks with score 0
        are left out."""
        state = self._current()
        if state is None or not state.live:
            return []
        tokens = [t for t in tokenize(question) if t in state.terms]
        if not tokens:
            return []
        scores = state.scores(tokens)
        mask = state.mask(filters)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        return state.top(scores, min(k, state.live))


_COLUMNS = "row, id, source, doc_type, kind, country, length, terms, counts"


def _batches(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _marks(batch: list[str]) -> str:
    return ",".join("?" * len(batch))


def remove_index(directory: Path) -> None:
    """Delete the keyword index files (``--rebuild`` recreates them)."""
    for name in (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm"):
        try:
            os.remove(directory / name)
        except FileNotFoundError:
            pass
