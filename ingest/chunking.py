"""SourceDocument -> chunks that fit the embedding model: Markdown headers first, then
recursive splitting measured in the model's own word pieces. No chunk is ever truncated.
A chunk keeps the word pieces it was measured in, so the encoder does not tokenize it
again."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ingest.loaders import LoadError, SourceDocument

CONTEXT_TOKENS = 32  # budget kept for the "# Title > Section" line
HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3")]


@dataclass
class Chunk:
    """One chunk: its text and metadata (as a LangChain ``Document`` names them) and, when
    the chunker measured it whole, its word pieces (without [CLS]/[SEP])."""

    page_content: str
    metadata: dict[str, Any]
    tokens: list[int] | None = None


class Chunker:
    """Splits documents into chunks of at most ``max_tokens`` word pieces."""

    def __init__(
        self,
        count_tokens: Callable[[str], int],
        *,
        chunk_tokens: int,
        overlap_tokens: int,
        max_tokens: int,
        token_ids: Callable[[str], list[int]] | None = None,
    ) -> None:
        """``token_ids(text)``: the word pieces ``count_tokens`` counts; given, a chunk
        keeps those it was measured in (``Chunk.tokens``)."""
        if chunk_tokens > max_tokens:
            raise ValueError(f"chunk_tokens={chunk_tokens} exceeds the model limit {max_tokens}")
        self.count_tokens = count_tokens
        self.token_ids = token_ids
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

    def split(self, doc: SourceDocument) -> list[Chunk]:
        """Chunks of one document. A chunk that does not open with its document's title gets
        a first line naming it (``# Title > Section``): the context a reader (and the
        embedding) needs, counted inside the token budget."""
        sections = self.headers.split_text(doc.text) or [_Section(doc.text)]
        title = str(doc.metadata.get("title", "")).strip()
        chunks: list[Chunk] = []
        for section in sections:
            path = [section.metadata[k] for k, _ in _keys() if k in section.metadata]
            heading = " > ".join(path)
            for piece, pieces in self._pieces(section.page_content):
                text = piece.strip()
                if not text:
                    continue
                if not text.startswith("# "):
                    # a section that shows its own "## header" only needs the title
                    context = _context_line(title, [] if text.startswith("#") else path)
                    if context:
                        text = f"{context}\n{text}"
                        pieces = None if pieces is None else self._line_pieces(context) + pieces
                fitted = [(text, pieces)] if _fits(pieces, self.max_tokens) else self._fit(text)
                for part, tokens in fitted:
                    meta = dict(doc.metadata, section=heading, chunk=len(chunks))
                    chunks.append(Chunk(part, meta, tokens if self.token_ids else None))
        return chunks

    def _measure(self, text: str) -> list[int] | int:
        """The text's word pieces when ``token_ids`` was given, else their count."""
        return self.token_ids(text) if self.token_ids else self.count_tokens(text)

    def _pieces(self, text: str) -> list[tuple[str, Any]]:
        """``splitter.split_text(text)``, each piece with its word pieces (or their count)
        when known. A text that fits whole is not split: the splitter would count every
        piece twice to find out. A text with a space or a line break is cut by the splitter
        after whitespace, where word pieces never span, so its pieces' counts add up to the
        whole text's count: under the chunk size, the splitter merges them all back into
        the whole text, stripped (tests/unit/test_chunking.py compares both)."""
        if " " in text or "\n" in text:
            measured = self._measure(text)
            if _size(measured) < self.splitter._chunk_size:
                whole = text.strip()
                return [(whole, measured)] if whole else []
        return [(piece, None) for piece in self.splitter.split_text(text)]

    def _line_pieces(self, line: str) -> Any:
        """A context line's word pieces (or count), measured once per line. Joined to a text
        by a line break, they come right before the text's own (word pieces end at
        whitespace)."""
        cache = self.__dict__.setdefault("_line_cache", {})
        if line not in cache:
            if len(cache) > 4096:
                cache.clear()
            cache[line] = self._measure(line)
        return cache[line]

    def split_all(
        self, docs: Iterable[SourceDocument], max_chunks: int | None = None
    ) -> list[Chunk]:
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
        chunks: list[Chunk] = []
        for doc in docs:
            chunks += self.split(doc)
            if max_chunks is not None and len(chunks) > max_chunks:
                raise LoadError(
                    f"too long: more than {max_chunks} chunks, over the {max_chunks}-chunk "
                    "limit per document"
                )
        return chunks

    def _fit(self, text: str) -> list[tuple[str, list[int] | None]]:
        """Guarantee the limit even for text without separators (one long token run); a
        text that fits keeps the word pieces it was measured in."""
        measured = self._measure(text)
        if _size(measured) <= self.max_tokens:
            return [(text, measured if isinstance(measured, list) else None)]
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
        return [(p, None) for p in out if p.strip()]


class _Section:
    """A document without Markdown headers, as the header splitter's sections look."""

    def __init__(self, text: str) -> None:
        self.page_content, self.metadata = text, {}


def _size(measured: list[int] | int) -> int:
    return len(measured) if isinstance(measured, list) else measured


def _fits(measured: Any, limit: int) -> bool:
    return measured is not None and _size(measured) <= limit


def _context_line(title: str, path: list[str]) -> str:
    parts = [title] if title else []
    parts += [p for p in path if p != title][-1:]  # the innermost section is enough
    return "# " + " > ".join(parts) if parts else ""


def _keys() -> list[tuple[str, str]]:
    return [(name, marker) for marker, name in HEADERS]
