"""The one settings object, nested per component. Read from ``ALLIANCE_*`` environment
variables when built, never at import time.

Each field can be set two ways:
- nested: ``ALLIANCE_RETRIEVAL__TOP_K=8`` (group, two underscores, field);
- flat, as every earlier release did: ``ALLIANCE_TOP_K=8``; ``ALLIANCE_LLM`` is
  ``llm.backend`` and ``ALLIANCE_LLM_<X>`` is ``llm.<x>``.
When both are set the nested one wins. ``Settings(top_k=8)`` takes flat names too.

Paths default to the current directory: ``./docs`` is the corpus and ``./.alliance`` the
data dir, wherever the program itself is installed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from ingest.settings import DEFAULT_EMBEDDING_MODEL, IndexSettings, IngestSettings

__all__ = ["DEFAULT_EMBEDDING_MODEL", "Settings"]
PREFIX = "ALLIANCE_"


class RetrievalSettings(BaseModel):
    """Dense and keyword search and their fusion."""

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


class AnswerSettings(BaseModel):
    """When to answer, and how much."""

    abstain_threshold: float = Field(
        default=0.2,
        description=(
            "Minimum relevance of the best evidence (0..1); below it ask() abstains. "
            "Chosen on the dev split of the eval set."
        ),
    )
    abstain_min_sentence_score: float = Field(
        default=0.56,
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
    verify_threshold: float = Field(
        default=0.55,
        description="Support (0..1) a cited chunk must give a generated sentence to keep it.",
    )
    max_question_chars: int = Field(
        default=2000, ge=1, description="Longest question accepted, in characters."
    )


class LLMSettings(BaseModel):
    """The optional language model (flat variables: ``ALLIANCE_LLM``, ``ALLIANCE_LLM_*``)."""

    backend: str = Field(
        default="extractive",
        pattern="^(extractive|llamacpp|ollama|openai)$",
        description="Answer backend: extractive (default, no LLM), llamacpp, ollama or openai.",
    )
    model: str | None = Field(
        default=None,
        description="GGUF path (llamacpp) or model name (ollama, openai).",
    )
    base_url: str | None = Field(
        default=None, description="Server URL for ollama or an OpenAI-compatible server."
    )
    api_key: SecretStr | None = Field(
        default=None, description="API key for the openai backend (local servers need none)."
    )
    timeout: float = Field(
        default=60.0, gt=0, description="Seconds before an LLM call counts as failed."
    )
    max_tokens: int = Field(default=256, ge=16, description="Longest generated answer.")
    temperature: float = Field(default=0.0, ge=0, description="Sampling temperature.")
    chat_format: str | None = Field(
        default=None,
        description="llamacpp chat format (default: 'gemma' for Gemma files, else the GGUF's).",
    )
    context: int = Field(default=4096, ge=512, description="llamacpp context window.")


class WebSettings(BaseModel):
    """The web chat."""

    host: str = Field(default="127.0.0.1", description="Address the web chat listens on.")
    port: int = Field(default=7860, ge=1, le=65535, description="Port of the web chat.")
    auth: SecretStr | None = Field(
        default=None,
        description="Web chat login as 'user:password' or 'user:<password hash>'; required "
        "to listen beyond 127.0.0.1.",
    )
    auth_file: Path | None = Field(
        default=None,
        description="A file of 'user:<password hash>' lines (add users with "
        "`alliance-assistant add-user`), instead of or beside ALLIANCE_AUTH.",
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
    stream_pause_ms: int = Field(
        default=25,
        ge=0,
        le=500,
        description="Pause between the word groups the web chat reveals a streamed answer in "
        "(0: each piece at once).",
    )


class ApiSettings(BaseModel):
    """The HTTP API (``/api/v1``, ``/v1``) served beside the web chat, the CLI's use of a
    running server, and the protection of the web login."""

    api_keys: SecretStr | None = Field(
        default=None,
        description="API keys, comma-separated; when any key is set (here or in "
        "ALLIANCE_API_KEYS_FILE) every API call needs 'Authorization: Bearer <key>'.",
    )
    api_keys_file: Path | None = Field(
        default=None, description="A file of API keys, one per line ('#' starts a comment)."
    )
    api_rate_limit: int = Field(
        default=60,
        ge=0,
        description="API requests a minute per key (per address without "
        "keys); beyond it the API answers 429. 0: no limit.",
    )
    api_concurrency: int = Field(
        default=4, ge=1, description="Questions the API answers at the same time (more wait)."
    )
    server_url: str | None = Field(
        default=None,
        description="The running server `alliance-assistant ask` tries first (default: "
        "http://<host>:<port> from ALLIANCE_HOST and ALLIANCE_PORT).",
    )
    server_connect_timeout: float = Field(
        default=0.5,
        gt=0,
        description="Seconds the CLI waits to reach the server before it answers in process.",
    )
    login_max_failures: int = Field(
        default=5,
        ge=1,
        description="Wrong web logins from one address before it is locked out.",
    )
    login_lockout_seconds: float = Field(
        default=60.0,
        gt=0,
        description="First lockout after too many wrong logins; it doubles "
        "with every further failure (at most an hour).",
    )
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="Proxies whose X-Forwarded-For/-Proto headers are trusted (comma-separated "
        "addresses, or '*'): the client address for the login lockout, https for Secure cookies.",
    )
    ssl_certfile: Path | None = Field(
        default=None, description="Serve HTTPS with this certificate (PEM) instead of plain HTTP."
    )
    ssl_keyfile: Path | None = Field(
        default=None, description="The private key (PEM) of ALLIANCE_SSL_CERTFILE."
    )


GROUPS: dict[str, type[BaseModel]] = {
    "index": IndexSettings,
    "ingest": IngestSettings,
    "retrieval": RetrievalSettings,
    "answer": AnswerSettings,
    "llm": LLMSettings,
    "web": WebSettings,
    "api": ApiSettings,
}


def _flat_name(group: str, field: str) -> str:
    if group == "llm":
        return "llm" if field == "backend" else f"llm_{field}"
    return field


FLAT: dict[str, tuple[str, str]] = {
    _flat_name(group, field): (group, field)
    for group, model in GROUPS.items()
    for field in model.model_fields
}


def _complex(info: FieldInfo) -> bool:
    """A list or dict field: its variable holds JSON."""
    kinds = {get_origin(info.annotation), *(get_origin(a) for a in get_args(info.annotation))}
    return bool(kinds & {list, dict})


class _FlatEnvSource(PydanticBaseSettingsSource):
    """``ALLIANCE_<FLAT_NAME>`` variables, placed in their group."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # not used: __call__ builds the whole dict

    def __call__(self) -> dict[str, Any]:
        out: dict[str, dict[str, Any]] = {}
        for flat, (group, field) in FLAT.items():
            raw = os.environ.get(PREFIX + flat.upper())
            if raw is None:
                continue
            info = GROUPS[group].model_fields[field]
            value: Any = json.loads(raw) if _complex(info) else raw
            out.setdefault(group, {})[field] = value
        return out


class _NestedEnvSource(EnvSettingsSource):
    """The standard source, except that ``ALLIANCE_LLM=openai`` names the backend (a flat
    variable), not the whole ``llm`` group as JSON."""

    def prepare_field_value(self, field_name: str, field: FieldInfo, value: Any, complex_: bool):  # noqa: ANN201
        if field_name in GROUPS and isinstance(value, str) and not value.lstrip().startswith("{"):
            return None
        return super().prepare_field_value(field_name, field, value, complex_)


class Settings(BaseSettings):
    """Every knob of Alliance Assistant. ``alliance-assistant config`` lists them all."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, env_nested_delimiter="__", extra="ignore")

    data_dir: Path = Field(
        default_factory=lambda: Path.cwd() / ".alliance",
        json_schema_extra={"shown_default": "./.alliance"},
        description="Where the Chroma store, the record DB and the keyword index live "
        "(default: .alliance in the current directory).",
    )
    corpus_dir: Path = Field(
        default_factory=lambda: Path.cwd() / "docs",
        json_schema_extra={"shown_default": "./docs"},
        description="The knowledge base folder; citation sources are relative to it "
        "(default: docs in the current directory).",
    )
    domain_file: Path | None = Field(
        default=None,
        description="The domain vocabulary (YAML): organisation name, member kinds and their "
        "words. Default: the AI Alliance's, shipped with the package.",
    )
    index: IndexSettings = Field(default_factory=IndexSettings)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    api: ApiSettings = Field(default_factory=ApiSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # sources earlier in the tuple win; nested dicts are merged field by field
        return (init_settings, _NestedEnvSource(settings_cls), _FlatEnvSource(settings_cls))

    @model_validator(mode="before")
    @classmethod
    def _nest_flat_names(cls, data: Any) -> Any:
        """``Settings(top_k=8, llm="openai")``: flat keyword names go to their group."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if isinstance(data.get("llm"), str):  # Settings(llm="openai"): the backend
            data["llm"] = {"backend": data["llm"]}
        for key in [k for k in data if k in FLAT and k not in cls.model_fields]:
            group, field = FLAT[key]
            nested = data.get(group)
            nested = dict(nested) if isinstance(nested, dict) else {}
            nested[field] = data.pop(key)
            data[group] = nested
        return data

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def record_db(self) -> Path:
        return self.data_dir / "records.sqlite"


def variable(loc: tuple[Any, ...]) -> str:
    """The flat environment variable of a validation error's location."""
    if len(loc) >= 2 and loc[0] in GROUPS:
        return PREFIX + _flat_name(str(loc[0]), str(loc[1])).upper()
    return PREFIX + "_".join(map(str, loc)).upper()


def reference() -> list[dict[str, str]]:
    """Every setting: its nested and flat variables, default and description."""
    rows = []
    for name, info in Settings.model_fields.items():
        if name in GROUPS:
            continue
        rows.append(
            {
                "variable": PREFIX + name.upper(),
                "nested": "",
                "default": _default(info),
                "description": info.description or "",
            }  # fmt: skip
        )
    for group, model in GROUPS.items():
        for field, info in model.model_fields.items():
            rows.append(
                {
                    "variable": PREFIX + _flat_name(group, field).upper(),
                    "nested": f"{PREFIX}{group.upper()}__{field.upper()}",
                    "default": _default(info),
                    "description": info.description or "",
                }
            )
    return rows


def _default(info: FieldInfo) -> str:
    extra = info.json_schema_extra
    if isinstance(extra, dict) and "shown_default" in extra:
        return str(extra["shown_default"])
    value = info.default
    if value is None:
        return "unset"
    return json.dumps(value) if isinstance(value, list) else str(value)


def reference_markdown() -> str:
    """The settings reference as Markdown (``alliance-assistant config``, CONFIGURATION.md)."""
    lines = [
        "# Configuration",
        "",
        "Every setting is an environment variable (generated by `alliance-assistant config`;",
        "a test keeps this file equal to its output). The flat name works everywhere; the",
        "nested name (`ALLIANCE_<GROUP>__<FIELD>`) wins when both are set. Lists are JSON.",
        "",
        "| variable | nested name | default | meaning |",
        "| --- | --- | --- | --- |",
    ]
    for row in reference():
        nested = f"`{row['nested']}`" if row["nested"] else ""
        cells = [f"`{row['variable']}`", nested, f"`{row['default']}`", row["description"]]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"
