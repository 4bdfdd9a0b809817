"""The Chroma collection: opened with the model that made its vectors, or refused."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vectorstore.chroma_files import collection_ids, collection_metadata
from vectorstore.clients import close_client, make_client
from vectorstore.compaction import (
    compact_collection,
    disk_bytes,
    recover_swap,
    remove_orphan_segments,
    vacuum_sqlite,
)
from vectorstore.embeddings import EmbeddingModel
from vectorstore.paging import get_all
from vectorstore.types import Hit

log = logging.getLogger(__name__)


class ModelMismatchError(RuntimeError):
    """The collection was built with another embedding model."""


class IndexDriftError(RuntimeError):
    """This process's view of the collection lacks chunks another index names (a sync by
    another process since it was opened): reopen it and retry."""


GENERATION = "generation"  # collection metadata key, bumped by every sync that changed it


@dataclass(frozen=True)
class HnswParams:
    ef_search: int = 256
    ef_construction: int = 256
    max_neighbors: int = 32


def open_collection(client: Any, name: str, model: EmbeddingModel, hnsw: HnswParams) -> Any:
    """Get or create ``name``; the collection records the model's name, dimension and
    backend, and is refused when they differ from the configured model's."""
    recover_swap(client, name)  # a compaction that stopped half way
    existing = {c.name if hasattr(c, "name") else c for c in client.list_collections()}
    if name in existing:
        collection = client.get_collection(name)
        check_model(collection.metadata or {}, model)
    else:
        log.info(
            "creating collection name=%s model=%s dim=%d backend=%s",
            name, model.name, model.dimension, model.backend,
        )  # fmt: skip
        collection = client.create_collection(
            name,
            metadata=model_metadata(model),
            configuration={
                "hnsw": {
                    "space": "cosine",
                    "ef_search": hnsw.ef_search,
                    "ef_construction": hnsw.ef_construction,
                    "max_neighbors": hnsw.max_neighbors,
                }
            },
        )
    # Read once before writing: Chroma 1.x loads a collection's segments on the first read in
    # a process; when that first read came after this process had written a whole new
    # collection, the next write re-applied every one of those vectors to the HNSW index as
    # an update (32 s for one chunk after a 3,000-chunk build, 44 s at 10,000).
    collection.count()
    return collection


def model_metadata(model: EmbeddingModel) -> dict[str, Any]:
    return {
        "embedding_model": model.name,
        "embedding_dim": model.dimension,
        "embedding_backend": model.backend,
    }


def check_model(meta: dict[str, Any], model: EmbeddingModel) -> None:
    """``ModelMismatchError`` unless ``meta`` (a collection's) records ``model``. Indexes made
    before backends were recorded were made by torch."""
    recorded = (meta.get("embedding_model"), int(meta.get("embedding_dim", -1)),
                meta.get("embedding_backend", "torch"))  # fmt: skip
    if recorded != (model.name, model.dimension, model.backend):
        raise ModelMismatchError(
            f"the index was built with embedding model {recorded[0]!r} (dim {recorded[1]}, "
            f"backend {recorded[2]}) but {model.name!r} (dim {model.dimension}, backend "
            f"{model.backend}) is configured; re-index with `alliance-assistant ingest "
            "--rebuild`"
        )


def drop_collection(client: Any, name: str) -> None:
    existing = {c.name if hasattr(c, "name") else c for c in client.list_collections()}
    if name in existing:
        client.delete_collection(name)


def langchain_store(client: Any, name: str, model: EmbeddingModel) -> Any:
    """The LangChain ``VectorStore`` over the (already validated) collection."""
    from langchain_chroma import Chroma

    return Chroma(
        client=client,
        collection_name=name,
        embedding_function=model.langchain,
        create_collection_if_not_exists=False,
    )


def where_clause(filters: dict[str, Any] | None) -> dict[str, Any] | None:
    """``{"doc_type": "announcement", "country": ["Japan", "Israel"]}`` -> a Chroma ``where``."""
    if not filters:
        return None
    parts = []
    for key, value in filters.items():
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, list | tuple | set):
            parts.append({key: {"$in": list(value)}})
        else:
            parts.append({key: value})
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": parts}


class _Opened:
    """One open client with its collection and LangChain store, and how many reads use it
    (a reopen closes the old client once its last read is done)."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.collection: Any = None
        self.store: Any = None
        self.users = 0
        self.retired = False


class VectorIndex:
    """The dense side of the index: a validated Chroma collection and its LangChain view.

    An embedded Chroma client keeps the HNSW index it loaded: writes by another process
    reach its SQLite tables but not its vectors, so a reader must ``reopen()`` after a sync
    elsewhere. A server client always sees the server's state."""

    def __init__(
        self,
        chroma_dir: Path,
        name: str,
        model: EmbeddingModel,
        hnsw: HnswParams,
        url: str | None = None,
    ) -> None:
        self.chroma_dir, self.name, self.model, self.hnsw = chroma_dir, name, model, hnsw
        self.url = url  # a Chroma server; None: the embedded store in chroma_dir
        self._opened: _Opened | None = None
        self._guard = threading.RLock()

    def _current(self) -> _Opened:
        with self._guard:
            if self._opened is None:
                self._opened = _Opened(make_client(self.chroma_dir, self.url))
            return self._opened

    def _collection_of(self, opened: _Opened) -> Any:
        with self._guard:
            if opened.collection is None:
                opened.collection = open_collection(opened.client, self.name, self.model,
                                                    self.hnsw)  # fmt: skip
            return opened.collection

    def _forget_collection(self) -> None:
        """The collection was replaced or dropped: look it up by name again."""
        with self._guard:
            if self._opened is not None:
                self._opened.collection = self._opened.store = None

    @property
    def is_open(self) -> bool:
        return self._opened is not None

    @property
    def client(self) -> Any:
        return self._current().client

    @property
    def collection(self) -> Any:
        return self._collection_of(self._current())

    @property
    def store(self) -> Any:
        with self._guard:
            opened = self._current()
            if opened.store is None:
                self._collection_of(opened)  # validate the model first
                opened.store = langchain_store(opened.client, self.name, self.model)
            return opened.store

    def reopen(self) -> None:
        """Let go of this process's view of the store: the next read opens it afresh. An
        embedded client is closed once the reads still using it are done."""
        with self._guard:
            old, self._opened = self._opened, None
            if old is None:
                return
            old.retired = True
            if old.users == 0:
                close_client(old.client)
        log.info("reopened the vector store name=%s", self.name)

    def _read(self, fn: Callable[[Any], Any]) -> Any:
        """``fn(collection)``, reopened once if a compaction elsewhere replaced it."""
        from chromadb.errors import NotFoundError

        with self._guard:
            opened = self._current()
            opened.users += 1
        try:
            try:
                return fn(self._collection_of(opened))
            except NotFoundError:
                log.info("collection replaced; reopening name=%s", self.name)
                with self._guard:
                    opened.collection = opened.store = None
                return fn(self._collection_of(opened))
        finally:
            with self._guard:
                opened.users -= 1
                if opened.retired and opened.users == 0:
                    close_client(opened.client)

    def stored_generation(self) -> int:
        """The generation recorded in the collection's metadata (0: none, or no collection)."""
        from chromadb.errors import NotFoundError

        try:
            meta = self.client.get_collection(self.name).metadata or {}
        except (NotFoundError, ValueError):
            return 0
        return int(meta.get(GENERATION, 0) or 0)

    def record_generation(self, generation: int) -> None:
        """Write ``generation`` into the collection's metadata (where server readers see it)."""
        collection = self.collection
        meta = dict(self.client.get_collection(self.name).metadata or {})
        meta[GENERATION] = generation
        collection.modify(metadata=meta)

    def count(self) -> int:
        return int(self._read(lambda c: c.count()))

    def reset(self) -> None:
        """Drop every vector (``--rebuild``); the collection is recreated on next use."""
        drop_collection(self.client, self.name)
        self._forget_collection()
        if not self.url:  # Chroma leaves the dropped collection's files behind
            remove_orphan_segments(self.chroma_dir)

    def disk_bytes(self) -> int | None:
        """Bytes of the embedded store on disk (None for a server: its disk is not ours)."""
        return None if self.url else disk_bytes(self.chroma_dir)

    def compact(self, batch_size: int = 1000) -> int:
        """Rewrite the collection without its deleted entries (no re-embedding); on an
        embedded store also remove dropped segments and vacuum SQLite. Returns the count."""
        _ = self.collection  # validate the model first
        count = compact_collection(self.client, self.name, batch_size=batch_size)
        self._forget_collection()
        if not self.url:
            remove_orphan_segments(self.chroma_dir)
            vacuum_sqlite(self.chroma_dir / "chroma.sqlite3")
        return count

    def query(
        self,
        vector: list[float],
        k: int,
        filters: dict[str, Any] | None = None,
        *,
        strict: bool = True,
    ) -> list[Hit]:
        """The ``k`` nearest chunks. A hit whose text is gone (a view older than a delete
        made elsewhere) is an ``IndexDriftError``, or with ``strict=False`` left out."""
        # no count() first: Chroma returns fewer hits (none on an empty collection) by itself,
        # and at 100,000 chunks a count costs ~12 ms of every question
        res = self._read(
            lambda c: c.query(
                query_embeddings=[vector],
                n_results=k,
                where=where_clause(filters),
                include=["documents", "metadatas", "distances"],
            )
        )
        rows = zip(
            res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0],
            strict=True,
        )  # fmt: skip
        hits = [Hit(cid, doc, dict(meta or {}), 1.0 - float(dist)) for cid, doc, meta, dist in rows]
        if strict and any(h.text is None for h in hits):
            raise IndexDriftError("the vector store returned chunks that were deleted")
        return [h for h in hits if h.text is not None]

    def get(
        self, ids: list[str], vector: list[float] | None = None, *, strict: bool = True
    ) -> list[Hit]:
        """Chunks by id, scored against ``vector`` (cosine) when given, in the order asked.
        Ids this view of the store cannot serve are an ``IndexDriftError``, or with
        ``strict=False`` left out (asked one by one)."""
        from chromadb.errors import ChromaError

        if not ids:
            return []
        include = ["documents", "metadatas"] + (["embeddings"] if vector is not None else [])
        try:
            res = self._read(lambda c: c.get(ids=list(ids), include=include))
        except ChromaError as exc:
            if strict:
                raise IndexDriftError(f"the vector store cannot serve some chunks: {exc}") from exc
            return [hit for cid in ids for hit in self._get_one(cid, vector)]
        found: dict[str, Hit] = {}
        for i, cid in enumerate(res["ids"]):
            score = 0.0
            if vector is not None:
                emb = res["embeddings"][i]
                score = float(sum(a * b for a, b in zip(emb, vector, strict=True)))
            found[cid] = Hit(cid, res["documents"][i] or "", dict(res["metadatas"][i] or {}), score)
        return [found[c] for c in ids if c in found]

    def ids(self) -> set[str]:
        """Every chunk id. An embedded store answers from its SQLite file when it can, so a
        read-only ``check`` needs no chromadb import (``vectorstore.chroma_files``)."""
        if not self.url:
            found = collection_ids(self.chroma_dir, self.name)
            meta = collection_metadata(self.chroma_dir, self.name) if found is not None else None
            if found is not None and meta is not None:
                check_model(meta, self.model)
                return found
        return set(self._read(lambda c: get_all(c, [])["ids"]))

    def chunks_of(self, sources: list[str]) -> dict[str, Any]:
        """Every chunk of these sources (ids, documents, metadatas)."""
        out: dict[str, list[Any]] = {"ids": [], "documents": [], "metadatas": []}
        for start in range(0, len(sources), 500):
            where = {"source": {"$in": list(sources[start : start + 500])}}
            got = self._read(lambda c, w=where: get_all(c, ["documents", "metadatas"], w))
            for key in out:
                out[key].extend(got[key])
        return out

    def _get_one(self, cid: str, vector: list[float] | None) -> list[Hit]:
        from chromadb.errors import ChromaError

        try:
            return self.get([cid], vector)
        except (ChromaError, IndexDriftError):
            log.info("chunk missing from the vector store id=%s", cid)
            return []

    def all_chunks(
        self, include_embeddings: bool = False, where: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        include = ["documents", "metadatas"] + (["embeddings"] if include_embeddings else [])
        return self._read(lambda c: get_all(c, include, where))
