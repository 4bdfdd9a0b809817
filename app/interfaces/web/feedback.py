"""Thumbs up/down on answers, with an optional comment, kept in SQLite in the data dir
(``feedback.sqlite``): the question, the answer, its citations, the filters and the time."""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    turn_id TEXT UNIQUE,              -- the chat turn rated: a second click re-rates it
    created_at REAL NOT NULL,
    rating INTEGER NOT NULL,          -- 1: thumbs up, -1: thumbs down
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,          -- JSON list of {n, source, title}
    filters TEXT NOT NULL,            -- JSON object or null
    comment TEXT NOT NULL DEFAULT ''
);
"""
FILE_NAME = "feedback.sqlite"


class FeedbackStore:
    """One SQLite file; every call opens its own connection (handlers run in threads)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> FeedbackStore:
        return cls(Path(data_dir) / FILE_NAME)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30)
        conn.executescript(SCHEMA)
        return conn

    def rate(
        self,
        *,
        turn_id: str,
        rating: int,
        question: str,
        answer: str,
        citations: list[dict[str, Any]],
        filters: dict[str, Any] | None,
        comment: str = "",
    ) -> int:
        """Store the rating of one turn (replacing an earlier rating of it); returns its id."""
        cited = [{k: c.get(k) for k in ("n", "source", "title")} for c in citations]
        with closing(self._connect()) as conn, conn:
            cur = conn.execute(
                "INSERT INTO feedback (turn_id, created_at, rating, question, answer, citations,"
                " filters, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(turn_id) DO "
                "UPDATE SET rating = excluded.rating, created_at = excluded.created_at "
                "RETURNING id",
                (
                    turn_id,
                    time.time(),
                    1 if rating > 0 else -1,
                    question,
                    answer,
                    json.dumps(cited),
                    json.dumps(filters),
                    comment,
                ),
            )
            return int(cur.fetchone()[0])

    def comment(self, turn_id: str, text: str) -> bool:
        """Add (or replace) the comment on a rated turn; False if it was never rated."""
        with closing(self._connect()) as conn, conn:
            cur = conn.execute(
                "UPDATE feedback SET comment = ? WHERE turn_id = ?", (text.strip(), turn_id)
            )
            return cur.rowcount == 1

    def rows(self) -> list[dict[str, Any]]:
        """Every rating, oldest first, as plain JSON-ready dicts."""
        if not self.path.exists():
            return []
        with closing(self._connect()) as conn:
            got = conn.execute(
                "SELECT id, created_at, rating, question, answer, citations, filters, comment "
                "FROM feedback ORDER BY id"
            ).fetchall()
        return [
            {
                "id": r[0],
                "time": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(r[1])),
                "rating": "up" if r[2] > 0 else "down",
                "question": r[3],
                "answer": r[4],
                "citations": json.loads(r[5]),
                "filters": json.loads(r[6]),
                "comment": r[7],
            }
            for r in got
        ]
