"""The Documents tab's data: the indexed documents as table rows, and deleting an upload
(its file, then its index entries through ``services.indexing.sync``)."""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.core.services import Services
    from ingest.sync import SyncStats


log = logging.getLogger(__name__)
UPLOADS = "uploads"  # the folder under the corpus the web chat uploads into
COLUMNS = ["Title", "Type", "Date", "Chunks", "Source"]
TYPE_LABELS = {"announcement": "Announcement", "member_profile": "Member profile"}


class DeleteError(ValueError):
    """A document the web chat may not delete (not an upload, or gone)."""


@dataclass(frozen=True)
class DocumentRow:
    title: str
    doc_type: str
    date: str
    chunks: int
    source: str

    def cells(self) -> list[Any]:
        kind = TYPE_LABELS.get(self.doc_type, self.doc_type.replace("_", " ").capitalize())
        return [self.title, kind or "Document", self.date, self.chunks, self.source]

    @property
    def deletable(self) -> bool:
        return self.source.startswith(f"{UPLOADS}/")


class DocumentList:
    """Rows of the indexed documents, read again only when the index changed."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._cache: tuple[Any, list[DocumentRow]] | None = None
        self._lock = threading.Lock()

    def rows(self) -> list[DocumentRow]:
        indexing = self.services.indexing
        version = (indexing.bm25.version(), indexing.records.get_meta("last_sync"))
        with self._lock:
            if self._cache is None or self._cache[0] != version:
                self._cache = (version, self._read())
            return self._cache[1]

    def _read(self) -> list[DocumentRow]:
        indexing = self.services.indexing
        records = indexing.records.sources()
        dates: dict[str, str] = {}
        titles: dict[str, str] = {}
        for meta in indexing.index.all_chunks()["metadatas"]:
            source = str((meta or {}).get("source", ""))
            if source in records and source not in dates:
                dates[source] = str(meta.get("date", "") or "")[:10]
                titles[source] = str(meta.get("title", "") or "")
        rows = [
            DocumentRow(
                title=r.title or titles.get(src, "") or Path(src).name,
                doc_type=r.doc_type,
                date=dates.get(src, ""),
                chunks=r.chunks,
                source=src,
            )
            for src, r in records.items()
        ]
        return sorted(rows, key=lambda row: (row.doc_type, row.title.lower(), row.source))

    def table(self, query: str = "") -> list[list[Any]]:
        """Rows whose title, type or source contain every word of ``query``."""
        words = (query or "").lower().split()
        out = []
        for row in self.rows():
            cells = row.cells()
            hay = " ".join(str(c) for c in cells).lower()
            if all(w in hay for w in words):
                out.append(cells)
        return out

    def uploads(self) -> list[str]:
        return [row.source for row in self.rows() if row.deletable]


def delete_upload(services: Services, source: str) -> SyncStats:
    """Remove an uploaded document's file, then sync, which drops its index entries.
    Only files under the corpus's uploads folder, never a path leaving it."""
    root = services.settings.corpus_dir.resolve()
    uploads = (root / UPLOADS).resolve()
    path = Path(os.path.normpath(root / source))  # the entry itself, not where a link points
    inside = path.is_relative_to(uploads) and path.resolve().is_relative_to(uploads)
    if not source or not inside or path == uploads:
        raise DeleteError(f"{source or 'this document'} is not an upload, so it stays")
    if not path.is_file():
        raise DeleteError(f"{source} is no longer in the corpus")
    path.unlink()
    log.info("deleted upload source=%s", source)
    return services.indexing.sync()
