"""Numbering: each cited chunk once, numbered in order of first use."""

from __future__ import annotations

from app.core.types import Citation, Hit


class CitationBook:
    def __init__(self) -> None:
        self.by_chunk: dict[str, Citation] = {}

    def cite(self, hit: Hit, quote: str | None = None) -> int:
        cit = self.by_chunk.get(hit.chunk_id)
        if cit is None:
            meta = hit.metadata
            cit = Citation(
                n=len(self.by_chunk) + 1,
                source=str(meta.get("source", "")),
                title=str(meta.get("title", "")),
                snippet=hit.text,
                score=round(float(hit.score), 4),
                chunk_id=hit.chunk_id,
                doc_type=str(meta.get("doc_type", "")),
                date=str(meta.get("date", "")),
            )
            self.by_chunk[hit.chunk_id] = cit
        if quote and quote not in cit.quotes:
            cit.quotes.append(quote)
        return cit.n

    @property
    def citations(self) -> list[Citation]:
        return sorted(self.by_chunk.values(), key=lambda c: c.n)
