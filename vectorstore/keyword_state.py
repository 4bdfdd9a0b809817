"""The keyword index in memory: per-term postings (chunk slot, term frequency) scored with
BM25 at query time from live statistics, so adding or removing one chunk touches only that
chunk's postings. The formula is bm25s' default (Lucene): for each question term,
``idf * tf / (tf + k1 * (1 - b + b * len / avg_len))`` with
``idf = ln(1 + (N - df + 0.5) / (df + 0.5))``, k1 = 1.5, b = 0.75, over live chunks only.

A ``KeywordState`` is never changed once a search may see it: ``apply`` returns a new one
(sharing the large arrays it does not change), so searches in other threads stay consistent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

K1, B = 1.5, 0.75
FILTER_KEYS = ("source", "doc_type", "kind", "country")


@dataclass(frozen=True)
class Row:
    """One chunk as stored: its row number, id, filter columns and term counts."""

    row: int
    chunk_id: str
    columns: tuple[str, str, str, str]  # FILTER_KEYS order
    length: int
    terms: np.ndarray  # term ids (int32)
    counts: np.ndarray  # occurrences of each (int32)


@dataclass(frozen=True)
class KeywordState:
    ids: list[str]  # by slot (dead slots keep their old id)
    alive: np.ndarray  # bool by slot
    length: np.ndarray  # int64 tokens by slot
    codes: dict[str, np.ndarray]  # filter column -> int32 code by slot
    values: dict[str, dict[str, int]]  # filter column -> value -> code
    indptr: np.ndarray  # base postings, CSC by term id
    post_slots: np.ndarray
    post_tf: np.ndarray
    delta: dict[int, tuple[np.ndarray, np.ndarray]]  # term id -> postings added since base
    slot_of_row: dict[int, int]
    live: int
    total_length: int
    terms: dict[str, int] = field(default_factory=dict)  # term -> id

    # ---- building ----------------------------------------------------------------------
    @classmethod
    def build(cls, rows: list[Row], terms: dict[str, int]) -> KeywordState:
        n = len(rows)
        values: dict[str, dict[str, int]] = {k: {} for k in FILTER_KEYS}
        codes = {k: np.zeros(n, dtype=np.int32) for k in FILTER_KEYS}
        for slot, r in enumerate(rows):
            for key, value in zip(FILTER_KEYS, r.columns, strict=True):
                codes[key][slot] = values[key].setdefault(value, len(values[key]))
        length = np.asarray([r.length for r in rows], dtype=np.int64)
        indptr, post_slots, post_tf = _csc(rows, range(n), len(terms))
        return cls(
            ids=[r.chunk_id for r in rows], alive=np.ones(n, dtype=bool), length=length,
            codes=codes, values=values, indptr=indptr, post_slots=post_slots, post_tf=post_tf,
            delta={}, slot_of_row={r.row: i for i, r in enumerate(rows)}, live=n,
            total_length=int(length.sum()), terms=dict(terms),
        )  # fmt: skip

    def apply(self, removed_rows: list[int], added: list[Row], terms: dict[str, int]) -> Any:
        """A new state with ``removed_rows`` dropped and ``added`` appended."""
        alive = self.alive.copy()
        slot_of_row = dict(self.slot_of_row)
        live, total = self.live, self.total_length
        for row in removed_rows:
            slot = slot_of_row.pop(row, None)
            if slot is not None and alive[slot]:
                alive[slot] = False
                live -= 1
                total -= int(self.length[slot])
        start = len(self.ids)
        ids = self.ids + [r.chunk_id for r in added]
        alive = np.concatenate([alive, np.ones(len(added), dtype=bool)])
        length = np.concatenate([self.length, [r.length for r in added]]).astype(np.int64)
        values = {k: dict(v) for k, v in self.values.items()}
        codes = {}
        for i, key in enumerate(FILTER_KEYS):
            new = [values[key].setdefault(r.columns[i], len(values[key])) for r in added]
            codes[key] = np.concatenate([self.codes[key], np.asarray(new, dtype=np.int32)])
        delta = dict(self.delta)
        if added:
            d_ptr, d_slots, d_tf = _csc(added, range(start, start + len(added)), len(terms))
            for term in np.flatnonzero(np.diff(d_ptr)):
                part = (d_slots[d_ptr[term] : d_ptr[term + 1]], d_tf[d_ptr[term] : d_ptr[term + 1]])
                old = delta.get(int(term))
                delta[int(term)] = (
                    part
                    if old is None
                    else tuple(  # type: ignore[assignment]
                        np.concatenate([a, b]) for a, b in zip(old, part, strict=True)
                    )
                )
        for r, slot in zip(added, range(start, start + len(added)), strict=True):
            slot_of_row[r.row] = slot
            live += 1
            total += r.length
        return replace(
            self, ids=ids, alive=alive, length=length, codes=codes, values=values, delta=delta,
            slot_of_row=slot_of_row, live=live, total_length=total, terms=dict(terms),
        )  # fmt: skip

    @property
    def dead(self) -> int:
        return len(self.ids) - self.live

    @property
    def delta_postings(self) -> int:
        return sum(len(s) for s, _ in self.delta.values())

    # ---- reading -----------------------------------------------------------------------
    def postings(self, term: int) -> tuple[np.ndarray, np.ndarray]:
        """Live (slots, term frequencies) of one term id."""
        if term + 1 < len(self.indptr):
            slots = self.post_slots[self.indptr[term] : self.indptr[term + 1]]
            tf = self.post_tf[self.indptr[term] : self.indptr[term + 1]]
        else:
            slots = tf = np.zeros(0, dtype=np.int32)
        extra = self.delta.get(term)
        if extra is not None:
            slots, tf = np.concatenate([slots, extra[0]]), np.concatenate([tf, extra[1]])
        keep = self.alive[slots]
        return slots[keep], tf[keep]

    def doc_freqs(self) -> dict[str, int]:
        """Live document frequency of every term that still occurs."""
        counts = np.zeros(max(len(self.terms), len(self.indptr) - 1, 1), dtype=np.int64)
        base_terms = np.repeat(np.arange(len(self.indptr) - 1), np.diff(self.indptr))
        np.add.at(counts, base_terms[self.alive[self.post_slots]], 1)
        for term, (slots, _) in self.delta.items():
            counts[term] += int(self.alive[slots].sum())
        return {t: int(counts[i]) for t, i in self.terms.items() if counts[i] > 0}

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every slot for the question tokens (dead slots score 0)."""
        acc = np.zeros(len(self.ids), dtype=np.float64)
        if not self.live:
            return acc
        norm = K1 * ((1 - B) + B * self.length / (self.total_length / self.live))
        for token in tokens:
            term = self.terms.get(token)
            if term is None:
                continue
            slots, tf = self.postings(term)
            if not len(slots):
                continue
            idf = math.log(1 + (self.live - len(slots) + 0.5) / (len(slots) + 0.5))
            tf = tf.astype(np.float64)
            acc += np.bincount(slots, weights=idf * tf / (norm[slots] + tf), minlength=len(acc))
        return acc

    def mask(self, filters: dict[str, Any] | None) -> np.ndarray | None:
        if not filters:
            return None
        mask = self.alive.copy()
        for key, value in filters.items():
            if value in (None, "", []):
                continue
            if key not in self.codes:
                return np.zeros(len(self.ids), dtype=bool)
            wanted = value if isinstance(value, list | tuple | set) else [value]
            known = [self.values[key][str(v)] for v in wanted if str(v) in self.values[key]]
            mask &= np.isin(self.codes[key], np.asarray(known, dtype=np.int32))
        return mask

    def top(self, scores: np.ndarray, k: int) -> list[tuple[str, float]]:
        """The ``k`` best positive scores, best first; ties in chunk id order."""
        positive = np.flatnonzero(scores > 0)
        if not len(positive) or k <= 0:
            return []
        if len(positive) > k:
            kth = np.partition(scores[positive], len(positive) - k)[len(positive) - k]
            positive = positive[scores[positive] >= kth]
        best = sorted(positive.tolist(), key=lambda s: (-scores[s], self.ids[s]))[:k]
        return [(self.ids[s], float(scores[s])) for s in best]


def _csc(rows: list[Row], slots: range, n_terms: int) -> tuple[np.ndarray, ...]:
    """Postings of ``rows`` (placed at ``slots``) grouped by term id: indptr, slots, tf."""
    if not rows:
        return np.zeros(n_terms + 1, dtype=np.int64), np.zeros(0, np.int32), np.zeros(0, np.int32)
    term_ids = np.concatenate([r.terms for r in rows]).astype(np.int64)
    tf = np.concatenate([r.counts for r in rows]).astype(np.int32)
    owner = np.repeat(np.asarray(slots, dtype=np.int32), [len(r.terms) for r in rows])
    order = np.argsort(term_ids, kind="stable")
    size = max(n_terms, int(term_ids.max()) + 1 if len(term_ids) else 0)
    indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(term_ids, minlength=size), out=indptr[1:])
    return indptr, owner[order], tf[order]
