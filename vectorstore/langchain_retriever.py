"""The LangChain ``BaseRetriever`` view of ``HybridSearch`` (for the LLM chain)."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict


class AllianceRetriever(BaseRetriever):
    """LangChain view of the project's search: documents carry ``chunk_id`` and ``score``."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    search: Any
    k: int = 5
    filters: dict[str, Any] | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        hits = self.search.search(query, self.k, self.filters)
        return [
            Document(
                page_content=h.text,
                metadata={**h.metadata, "chunk_id": h.chunk_id, "score": h.score},
                id=h.chunk_id,
            )
            for h in hits
        ]
