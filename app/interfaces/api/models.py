"""Pydantic models of every request and response body (the OpenAPI schema at /api/docs).
``AnswerOut`` and ``CitationOut`` mirror ``app.core.types`` field for field and in order, so
an answer read from the API is the same JSON as ``Answer.to_dict()``."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

FilterValue = str | int | float | bool


class Turn(BaseModel):
    """One earlier exchange of the conversation."""

    question: str = Field(max_length=20_000)
    answer: str = Field(default="", max_length=100_000)


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(description="The question (its length limit is a 413, not a 422).")
    history: list[Turn] | None = Field(
        default=None, max_length=100, description="Earlier turns, oldest first."
    )
    filters: dict[str, FilterValue] | None = Field(
        default=None,
        max_length=8,
        description='Metadata the sources must match, e.g. {"doc_type": "member_profile"}.',
    )
    k: int | None = Field(default=None, ge=1, le=50, description="Chunks to retrieve.")
    stream: bool = Field(
        default=False,
        description="Server-sent events: 'token' events, then one 'answer' event "
        "(also with 'Accept: text/event-stream').",
    )


class CitationOut(BaseModel):
    n: int
    source: str
    title: str
    snippet: str
    score: float
    chunk_id: str
    doc_type: str = ""
    date: str = ""
    quotes: list[str] = []


class AnswerOut(BaseModel):
    """``Answer.to_dict()``: ``text`` carries ``[n]`` markers that point into ``citations``."""

    text: str
    citations: list[CitationOut] = []
    abstained: bool = False
    question: str = ""
    notice: str = ""
    verification: dict[str, int] = {}
    signals: dict[str, float] = {}


class StatusOut(BaseModel):
    ready: bool = Field(description="False while the index is first being built.")
    documents: int
    chunks: int
    model: str
    dimension: int
    last_sync: str


class DocumentOut(BaseModel):
    source: str = Field(description="Path relative to the corpus folder (the citation source).")
    title: str
    doc_type: str
    date: str
    chunks: int
    uploaded: bool = Field(description="Under uploads/: DELETE /api/v1/documents/{source} works.")


class DocumentList(BaseModel):
    documents: list[DocumentOut]


class SyncOut(BaseModel):
    """``SyncStats.to_dict()``."""

    added: int
    updated: int
    deleted: int
    unchanged: int
    chunks_added: int
    chunks_deleted: int
    failed: list[dict[str, str]]
    seconds: float
    recovered: bool
    compacted: bool


class UploadOut(BaseModel):
    saved: list[str] = Field(description="Sources of the saved files, e.g. uploads/notes.md.")
    sync: SyncOut


class DeleteOut(BaseModel):
    deleted: str
    sync: SyncOut


class ErrorDetail(BaseModel):
    message: str = Field(description="One sentence for a person.")
    type: str = Field(description="invalid_request_error, authentication_error, ...")
    param: str | None = Field(default=None, description="The field at fault, when one is.")
    code: int = Field(description="The HTTP status.")


class ErrorOut(BaseModel):
    """Every error, in the shape OpenAI clients read."""

    error: ErrorDetail


# --- OpenAI-compatible ----------------------------------------------------------------


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: str = Field(max_length=32)
    content: str | list[dict[str, Any]] | None = None


class ChatRequest(BaseModel):
    """What the openai SDK and Open WebUI send; sampling options are accepted and ignored
    (answers are extractive or verified). ``filters`` and ``k`` may come in ``extra_body``."""

    model_config = ConfigDict(extra="allow")

    model: str = Field(default="alliance-assistant", max_length=200)
    messages: list[ChatMessage] = Field(min_length=1, max_length=200)
    stream: bool = False
    filters: dict[str, FilterValue] | None = Field(default=None, max_length=8)
    k: int | None = Field(default=None, ge=1, le=50)


class ModelOut(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelOut]


class ChoiceMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: ChoiceMessage
    finish_reason: Literal["stop"] = "stop"


class ChatCompletion(BaseModel):
    """An OpenAI chat completion; ``citations`` and ``alliance`` are the extra fields with the
    structured sources and the rest of the Answer."""

    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    citations: list[CitationOut]
    alliance: dict[str, Any] = Field(description="abstained, notice and verification.")
