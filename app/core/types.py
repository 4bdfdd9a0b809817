"""The public types: ``Answer`` and ``Citation`` (what ``ask()`` returns) and ``Hit`` (one
retrieved chunk, defined beside the retriever that makes it and re-exported here)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from vectorstore.types import Hit

__all__ = ["ABSTAIN_TEXT", "Answer", "Citation", "Hit"]

ABSTAIN_TEXT = "I could not find this in the alliance materials."


@dataclass
class Citation:
    """One cited chunk. ``n`` is its marker number in ``Answer.text``."""

    n: int
    source: str
    title: str
    snippet: str
    score: float
    chunk_id: str
    doc_type: str = ""
    date: str = ""
    quotes: list[str] = field(default_factory=list)


@dataclass
class Answer:
    """``text`` carries ``[n]`` markers that point into ``citations``."""

    text: str
    citations: list[Citation] = field(default_factory=list)
    abstained: bool = False
    question: str = ""
    notice: str = ""
    verification: dict[str, int] = field(default_factory=dict)
    signals: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def abstain(
        cls, question: str, notice: str = "", signals: dict[str, float] | None = None
    ) -> Answer:
        return cls(
            text=ABSTAIN_TEXT,
            abstained=True,
            question=question,
            notice=notice,
            signals=signals or {},
        )
