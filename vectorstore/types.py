"""The retrieval result type every layer shares. It lives here, not in the Chroma adapter,
because the keyword index, the retriever and the answerers all produce or read it;
``app.core.types`` re-exports it with the other public types."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Hit:
    """One retrieved chunk; ``score`` is cosine similarity (higher is better)."""

    chunk_id: str
    text: str
    metadata: dict[str, Any]
    score: float
    fused: float = 0.0
    bm25: float = 0.0
