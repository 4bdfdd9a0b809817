"""SourceDocument -> chunks that fit the embedding model: Markdown headers first, then
recursive splitting measured in the model's own word pieces. No chunk is ever truncated."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ingest.loaders import LoadError, SourceDocument

if TYPE_CHECKING:  # langchain is imported by the writers that chunk, not by every command
    from langchain_core.documents import Document

CONTEXT_TOKENS = 32  # budget kept for the "# Title > Section" line
HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3")]


class Chunker:
    """Splits documents into chunks of at most ``max_tokens`` word pieces."""

    def __init__(
        self,
        count_tokens: Callable[[str], int],
        *,
        chunk_tokens: int,
        overlap_tokens: int,
        max_tokens: int,
    ) -> None:
        if chunk_tokens > max_tokens:
            raise ValueError(f"chunk_tokens={chunk_tokens} exceeds the model limit {max_tokens}")
        self.count_tokens = count_tokens
        self.max_tokens = max_tokens
        self.chunk_tokens, self.overlap_tokens = chunk_tokens, overlap_tokens

    @cached_property
    def headers(self) -> Any:
        from langchain_text_splitters import MarkdownHeaderTextSplitter

        return MarkdownHeaderTextSplitter(HEADERS, strip_headers=False)

    @cached_property
    def splitter(self) -> Any:
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        return RecursiveCharacterTextSplitter(
            chunk_size=max(16, self.chunk_tokens - CONTEXT_TOKENS),
            chunk_overlap=min(self.overlap_tokens, self.chunk_tokens // 2),
            length_function=self.count_tokens,
            separators=["\n\n", "\n", ". ", "; ", ", ", " ", ""],
            keep_separator="end",
        )

    def split(self, doc: SourceDocument) -> list[Document]:
        """Chunks of one document. A chunk that does not open with its document's title gets
        a first line naming it (``# Title > Section``): the context a reader (and the
        embedding) needs, counted inside the token budget."""
        from langchain_core.documents import Document

        sections = self.headers.split_text(doc.text) or [Document(page_content=doc.text)]
        title = str(doc.metadata.get("title", "")).strip()
        chunks: list[Document] = []
        for section in sections:
            path = [section.metadata[k] for k, _ in _keys() if k in section.metadata]
            heading = " > ".join(path)
            for piece in self.splitter.split_text(section.page_content):
                text = piece.strip()
                if not text:
                    continue
                if not text.startswith("# "):
                    # a section that shows its own "## header" only needs the title
                    context = _context_line(title, [] if text.startswith("#") else path)
                    text = f"{context}\n{text}" if context else text
                for part in self._fit(text):
                    meta = dict(doc.metadata, section=heading, chunk=len(chunks))
                    chunks.append(Document(page_content=part, metadata=meta))
        return chunks

    def split_all(
        self, docs: Iterable[SourceDocument], max_chunks: int | None = None
    ) -> list[Document]:
        """Chunks of a file's documents; past ``max_chunks`` the file is refused with a
        ``LoadError``, before splitting when even the fewest chunks its words can make are
        too many (every word is at least one word piece, a chunk holds ``max_tokens``)."""
        docs = list(docs)
        if max_chunks is not None:
            words = sum(len(d.text.split()) for d in docs)
            fewest = max(len(docs), -(-words // self.max_tokens))
            if fewest > max_chunks:
                raise LoadError(
                    f"too long: at least {fewest} chunks, over the {max_chunks}-chunk limit "
                    "per document"
                )
        chunks: list[Document] = []
        for doc in docs:
            chunks += self.split(doc)
            if max_chunks is not None and len(chunks) > max_chunks:
                raise LoadError(
                    f"too long: more than {max_chunks} chunks, over the {max_chunks}-chunk "
                    "limit per document"
                )
        return chunks

    def _fit(self, text: str) -> list[str]:
        """Guarantee the limit even for text without separators (one long token run)."""
        if self.count_tokens(text) <= self.max_tokens:
            return [text]
        words, parts, current = text.split(" "), [], ""
        for word in words:
            candidate = f"{current} {word}".strip()
            if current and self.count_tokens(candidate) > self.max_tokens:
                parts.append(current)
                current = word
            else:
                current = candidate
        if current:
            parts.append(current)
        out: list[str] = []
        for part in parts:  # a single "word" longer than the limit: cut by characters
            while self.count_tokens(part) > self.max_tokens:
                cut = max(1, len(part) // 2)
                while self.count_tokens(part[:cut]) > self.max_tokens:
                    cut //= 2
                out.append(part[:cut])
                part = part[cut:]
            out.append(part)
        return [p for p in out if p.strip()]


def _context_line(title: str, path: list[str]) -> str:
    parts = [title] if title else []
    parts += [p for p in path if p != title][-1:]  # the innermost section is enough
    return "# " + " > ".join(parts) if parts else ""


def _keys() -> list[tuple[str, str]]:
    return [(name, marker) for marker, name in HEADERS]
