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
class Rows:
    """Chunks as stored, column by column: row numbers, ids, filter columns, lengths, and
    every chunk's term ids and counts concatenated (``sizes`` terms each)."""

    rows: list[int]
    ids: list[str]
    columns: list[list[str]]  # FILTER_KEYS order
    length: np.ndarray  # int64
    terms: np.ndarray  # int32
    counts: np.ndarray  # int32
    sizes: np.ndarray  # int64

    @classmethod
    def from_records(cls, records: list[tuple]) -> Rows:
        """From ``(row, id, source, doc_type, kind, country, length, terms, counts)``
        tuples, ``terms`` and ``counts`` being int32 bytes."""
        if not records:
            empty = np.zeros(0, dtype=np.int32)
            return cls([], [], [[] for _ in FILTER_KEYS], empty.astype(np.int64), empty,
                       empty, empty.astype(np.int64))  # fmt: skip
        row, cid, *cols, length, terms, counts = zip(*records, strict=True)
        return cls(
            rows=list(row), ids=list(cid), columns=[list(c) for c in cols],
            length=np.asarray(length, dtype=np.int64),
            terms=np.frombuffer(b"".join(terms), dtype=np.int32),
            counts=np.frombuffer(b"".join(counts), dtype=np.int32),
            sizes=np.fromiter((len(b) // 4 for b in terms), dtype=np.int64, count=len(terms)),
        )  # fmt: skip


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
    def build(cls, rows: Rows, terms: dict[str, int]) -> KeywordState:
        n = len(rows.ids)
        values: dict[str, dict[str, int]] = {k: {} for k in FILTER_KEYS}
        codes = {k: _encode(values[k], rows.columns[i]) for i, k in enumerate(FILTER_KEYS)}
        indptr, post_slots, post_tf = _csc(rows, 0, len(terms))
        return cls(
            ids=list(rows.ids), alive=np.ones(n, dtype=bool), length=rows.length,
            codes=codes, values=values, indptr=indptr, post_slots=post_slots, post_tf=post_tf,
            delta={}, slot_of_row=dict(zip(rows.rows, range(n), strict=True)), live=n,
            total_length=int(rows.length.sum()), terms=terms,
        )  # fmt: skip

    def apply(self, removed_rows: list[int], added: Rows, terms: dict[str, int]) -> Any:
        """A new state with ``removed_rows`` dropped and ``added`` appended. ``terms`` only
        ever grows, so states share it."""
        alive = self.alive.copy()
        slot_of_row = dict(self.slot_of_row)
        live, total = self.live, self.total_length
        for row in removed_rows:
            slot = slot_of_row.pop(row, None)
            if slot is not None and alive[slot]:
                alive[slot] = False
                live -= 1
                total -= int(self.length[slot])
        start, n = len(self.ids), len(added.ids)
        values = {k: dict(v) for k, v in self.values.items()}
        codes = {
            k: np.concatenate([self.codes[k], _encode(values[k], added.columns[i])])
            for i, k in enumerate(FILTER_KEYS)
        }
        delta = dict(self.delta)
        if n:
            d_ptr, d_slots, d_tf = _csc(added, start, len(terms))
            for term in np.flatnonzero(np.diff(d_ptr)).tolist():
                part = (d_slots[d_ptr[term] : d_ptr[term + 1]], d_tf[d_ptr[term] : d_ptr[term + 1]])
                old = delta.get(term)
                delta[term] = part if old is None else (
                    np.concatenate([old[0], part[0]]), np.concatenate([old[1], part[1]])
                )  # fmt: skip
        slot_of_row.update(zip(added.rows, range(start, start + n), strict=True))
        return replace(
            self, ids=self.ids + added.ids,
            alive=np.concatenate([alive, np.ones(n, dtype=bool)]),
            length=np.concatenate([self.length, added.length]), codes=codes, values=values,
            delta=delta, slot_of_row=slot_of_row, live=live + n,
            total_length=total + int(added.length.sum()), terms=terms,
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
        if self.live == len(self.ids):
            return slots, tf  # nothing removed since the last full load
        keep = self.alive[slots]
        return slots[keep], tf[keep]

    def doc_freqs(self) -> dict[str, int]:
        """Live document frequency of every term that still occurs. The term map is shared
        with newer states, which a sync in another thread may be adding terms to: it is
        read once, as it is now (terms newer than this state occur in none of its chunks)."""
        terms = list(self.terms.items())  # one step under the GIL: no change mid-read
        size = max(len(terms), len(self.indptr) - 1, max(self.delta, default=0) + 1, 1)
        base_terms = np.repeat(np.arange(len(self.indptr) - 1), np.diff(self.indptr))
        counts = np.bincount(base_terms[self.alive[self.post_slots]], minlength=size)
        for term, (slots, _) in self.delta.items():
            counts[term] += int(self.alive[slots].sum())
        return {t: int(counts[i]) for t, i in terms if i < size and counts[i] > 0}

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


def _encode(values: dict[str, int], column: list[str]) -> np.ndarray:
    """Codes of a filter column's values (new values get the next codes)."""
    for value in dict.fromkeys(column):
        values.setdefault(value, len(values))
    return np.fromiter((values[v] for v in column), dtype=np.int32, count=len(column))


def _csc(rows: Rows, first_slot: int, n_terms: int) -> tuple[np.ndarray, ...]:
    """Postings of ``rows`` (at slots ``first_slot``...) grouped by term id: indptr, slots,
    tf. Within a term the order is arbitrary: each slot holds a term once, so scores never
    depend on it."""
    size = max(n_terms, int(rows.terms.max()) + 1 if len(rows.terms) else 0)
    indptr = np.zeros(size + 1, dtype=np.int64)
    if not len(rows.terms):
        return indptr, np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32)
    owner = np.repeat(np.arange(first_slot, first_slot + len(rows.ids), dtype=np.int32), rows.sizes)
    order = np.argsort(rows.terms)  # quicksort: stability is not needed (see above)
    np.cumsum(np.bincount(rows.terms, minlength=size), out=indptr[1:])
    return indptr, owner[order], rows.counts[order]
