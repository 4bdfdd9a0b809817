"""Read-only facts of an embedded Chroma store straight from its SQLite file, for commands
that must stay fast (``check`` without ``--repair``): importing chromadb alone takes 1-3 s
on this project's machine.

Only used when the file answers unambiguously: every write logged for the collection has
been applied to its metadata segment, and the tables look as Chroma 1.x makes them.
Otherwise (``None``) the caller asks chromadb itself, which is always right.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_COLLECTION = """
SELECT c.id, s.id FROM collections c JOIN segments s ON s.collection = c.id
WHERE c.name = ? AND s.scope = 'METADATA'
"""
_PENDING = """
SELECT count(*) FROM embeddings_queue
WHERE topic LIKE '%/' || ?
  AND seq_id > coalesce((SELECT seq_id FROM max_seq_id WHERE segment_id = ?), 0)
"""


def _connect(chroma_dir: Path) -> sqlite3.Connection | None:
    db = chroma_dir / "chroma.sqlite3"
    if not db.is_file():
        return None
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)


def collection_ids(chroma_dir: Path, name: str) -> set[str] | None:
    """The ids in collection ``name``; None when only chromadb can tell (or it is absent)."""
    try:
        conn = _connect(chroma_dir)
        if conn is None:
            return None
        with closing(conn):
            found = conn.execute(_COLLECTION, (name,)).fetchone()
            if found is None:
                return None
            collection, segment = found
            (pending,) = conn.execute(_PENDING, (collection, segment)).fetchone()
            if pending:  # writes not yet applied (a writer stopped mid-way): ask chromadb
                return None
            rows = conn.execute(
                "SELECT embedding_id FROM embeddings WHERE segment_id = ?", (segment,)
            )
            return {row[0] for row in rows}
    except sqlite3.Error as exc:  # another Chroma version's tables: ask chromadb
        log.debug("reading chroma's sqlite directly failed: %s", exc)
        return None


def collection_metadata(chroma_dir: Path, name: str) -> dict[str, Any] | None:
    """The metadata of collection ``name`` (None: absent, or only chromadb can tell)."""
    try:
        conn = _connect(chroma_dir)
        if conn is None:
            return None
        with closing(conn):
            query = (
                "SELECT m.key, m.str_value, m.int_value, m.float_value, m.bool_value "
                "FROM collection_metadata m JOIN collections c ON m.collection_id = c.id "
                "WHERE c.name = ?"
            )
            rows = conn.execute(query, (name,)).fetchall()
    except sqlite3.Error as exc:
        log.debug("reading chroma's sqlite directly failed: %s", exc)
        return None
    if not rows:
        return None
    return {key: next((v for v in values if v is not None), None) for key, *values in rows}
