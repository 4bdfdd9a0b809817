"""The keyword side of the index: BM25 (bm25s) over the same chunks as Chroma, persisted in
the data dir and rebuilt from Chroma by the sync whenever the chunks change."""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

import numpy as np

from vectorstore.tokenize import tokenize

log = logging.getLogger(__name__)

FILTER_KEYS = ("source", "doc_type", "kind", "country")


class BM25Index:
    """A bm25s model plus the chunk ids and filter columns, saved atomically as one folder."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = threading.Lock()
        self._loaded: tuple[float, Any, list[str], dict[str, np.ndarray]] | None = None

    # ---- writing -------------------------------------------------------------------------
    def rebuild(self, ids: list[str], texts: list[str], metadatas: list[dict[str, Any]]) -> None:
        import bm25s

        self.directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".bm25-", dir=self.directory.parent))
        if ids:
            model = bm25s.BM25()
            model.index([tokenize(t) or [""] for t in texts], show_progress=False)
            model.save(tmp / "model", show_progress=False)
        columns = {key: [str((m or {}).get(key, "")) for m in metadatas] for key in FILTER_KEYS}
        (tmp / "chunks.json").write_text(json.dumps({"ids": ids, "columns": columns}))
        old = self.directory.with_name(self.directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.directory.exists():
            os.replace(self.directory, old)
        os.replace(tmp, self.directory)
        shutil.rmtree(old, ignore_errors=True)
        log.info("bm25 rebuilt chunks=%d", len(ids))

    # ---- reading -------------------------------------------------------------------------
    def _state(self) -> tuple[Any, list[str], dict[str, np.ndarray]] | None:
        meta_path = self.directory / "chunks.json"
        try:
            stamp = meta_path.stat().st_mtime_ns
        except FileNotFoundError:
            return None
        with self._lock:
            if self._loaded is None or self._loaded[0] != stamp:
                self._loaded = (stamp, *self._load(meta_path))
            return self._loaded[1:]

    def _load(self, meta_path: Path) -> tuple[Any, list[str], dict[str, np.ndarray]]:
        import bm25s

        data = json.loads(meta_path.read_text())
        ids = data["ids"]
        model = None
        if ids:
            model = bm25s.BM25.load(self.directory / "model", show_progress=False)
        columns = {k: np.asarray(v, dtype=object) for k, v in data["columns"].items()}
        return model, ids, columns

    def ids(self) -> list[str]:
        state = self._state()
        return list(state[1]) if state else []

    def version(self) -> int:
        """Changes whenever the index is rebuilt (the metadata file's mtime in ns)."""
        try:
            return (self.directory / "chunks.json").stat().st_mtime_ns
        except FileNotFoundError:
            return 0

    def vocabulary(self) -> set[str]:
        state = self._state()
        if not state or state[0] is None:
            return set()
        return set(state[0].vocab_dict)

    def idf(self) -> dict[str, float]:
        """Inverse document frequency per token, from the index itself (chunks as docs)."""
        state = self._state()
        if not state or state[0] is None:
            return {}
        model, ids = state[0], state[1]
        df = np.diff(model.scores["indptr"])
        n = max(len(ids), 1)
        return {
            t: float(np.log(1 + (n - df[i] + 0.5) / (df[i] + 0.5)))
            for t, i in model.vocab_dict.items()
            if t and i < len(df)
        }

    def count(self) -> int:
        state = self._state()
        return len(state[1]) if state else 0

    def exists(self) -> bool:
        return (self.directory / "chunks.json").exists()

    def search(
        self, question: str, k: int, filters: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) pairs, best first; chunks with score 0 are left out."""
        state = self._state()
        if not state or state[0] is None:
            return []
        model, ids, columns = state
        tokens = [t for t in tokenize(question) if t in model.vocab_dict]
        if not tokens:
            return []
        scores = model.get_scores(tokens)
        mask = _mask(columns, filters, len(ids))
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        k = min(k, len(ids))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(ids[i], float(scores[i])) for i in top if scores[i] > 0]


def _mask(
    columns: dict[str, np.ndarray], filters: dict[str, Any] | None, n: int
) -> np.ndarray | None:
    if not filters:
        return None
    mask = np.ones(n, dtype=bool)
    for key, value in filters.items():
        if value in (None, "", []):
            continue
        column = columns.get(key)
        if column is None:
            return np.zeros(n, dtype=bool)
        wanted = [str(v) for v in value] if isinstance(value, list | tuple | set) else [str(value)]
        mask &= np.isin(column, wanted)
    return mask
