"""OpenAI-compatible ``GET /v1/models`` and ``POST /v1/chat/completions`` (streaming and
not), for the openai SDKs, Open WebUI, LibreChat and the like. The messages become the
history and the question; the reply is the answer with its ``[n]`` markers and a Markdown
list of sources, and the structured citations travel in the extra field ``citations``."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from app.core.types import Answer
from app.interfaces.api.errors import ApiError, body
from app.interfaces.api.models import ChatCompletion, ChatMessage, ChatRequest, ErrorOut, ModelList
from app.interfaces.api.state import ApiState, Caller

log = logging.getLogger(__name__)
MODEL_ID = "alliance-assistant"
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (401, 413, 422, 429, 503)
}
router = APIRouter(prefix="/v1", tags=["openai-compatible"], responses=ERRORS)


def text_of(content: Any) -> str:
    """A message's content: a string, or a list of parts ({"type": "text", "text": ...})."""
    if isinstance(content, list):
        return "\n".join(
            str(p.get("text", "")) for p in content if isinstance(p, dict) and "text" in p
        )
    return str(content or "")


def conversation(messages: list[ChatMessage]) -> tuple[str, list[tuple[str, str]]]:
    """The last user message is the question; earlier user/assistant pairs are the history
    (system, developer and tool messages do not change what the materials say)."""
    turns = [(m.role, text_of(m.content)) for m in messages if m.role in ("user", "assistant")]
    if not turns or turns[-1][0] != "user":
        raise ApiError(422, "the last message must come from the user", param="messages")
    history: list[tuple[str, str]] = []
    question = None
    for role, text in turns[:-1]:
        if role == "user":
            question = text
        elif question is not None:
            history.append((question, text))
            question = None
    return turns[-1][1], history


def sources_markdown(answer: Answer) -> str:
    """The Markdown list of sources that follows the answer text."""
    if not answer.citations:
        return ""
    lines = ["", "", "**Sources**", ""]
    for c in answer.citations:
        when = f", {c.date}" if c.date else ""
        lines.append(f"- [{c.n}] {c.title} (`{c.source}`{when})")
    return "\n".join(lines)


def notice_markdown(answer: Answer) -> str:
    return f"\n\n_{answer.notice}_" if answer.notice else ""


def extras(answer: Answer) -> dict[str, Any]:
    d = answer.to_dict()
    return {
        "citations": d["citations"],
        "alliance": {k: d[k] for k in ("abstained", "notice", "verification")},
    }


@router.get("/models", response_model=ModelList, summary="The one model: the assistant")
def models(state: Caller) -> Any:
    return {"data": [{"id": MODEL_ID, "created": state.started, "owned_by": MODEL_ID}]}


def _chunk(cid: str, created: int, delta: dict[str, Any], finish: str | None = None, **extra: Any):
    data = {
        "id": cid,
        "object": "chat.completion.chunk",
        "created": created,
        "model": MODEL_ID,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        **extra,
    }
    return f"data: {json.dumps(data)}\n\n".encode()


async def _stream(
    state: ApiState, question: str, kwargs: dict[str, Any], cid: str, created: int
) -> AsyncIterator[bytes]:
    """Pieces go out as they come when the answer is extractive (its pieces are its text);
    with an LLM, only the verified answer is sent, since a sent delta cannot be taken back."""
    live = state.settings.llm.backend == "extractive"
    yield _chunk(cid, created, {"role": "assistant", "content": ""})
    sent = ""
    try:
        async for piece in state.stream(question, **kwargs):
            if not isinstance(piece, Answer):
                if live:
                    sent += piece
                    yield _chunk(cid, created, {"content": piece})
                continue
            rest = piece.text[len(sent) :] if piece.text.startswith(sent) else "\n\n" + piece.text
            tail = rest + notice_markdown(piece) + sources_markdown(piece)
            if tail:
                yield _chunk(cid, created, {"content": tail})
            yield _chunk(cid, created, {}, "stop", **extras(piece))
    except Exception:  # the status line is sent already: report in the stream, no trace
        log.exception("chat completion stream failed")
        error = body(500, "internal error; the server log has the details")
        yield f"data: {json.dumps(error)}\n\n".encode()
    yield b"data: [DONE]\n\n"


@router.post(
    "/chat/completions",
    response_model=ChatCompletion,
    responses={200: {"content": {"text/event-stream": {}}}},
    summary="OpenAI chat completion over the assistant",
)
async def chat_completions(req: ChatRequest, state: Caller) -> Any:
    state.require_ready()
    question, history = conversation(req.messages)
    question = state.check_question(question)
    kwargs = {"history": history, "filters": req.filters or None, "k": req.k}
    cid, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    if req.stream:
        return StreamingResponse(
            _stream(state, question, kwargs, cid, created),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    answer = await state.answer(question, **kwargs)
    content = answer.text + notice_markdown(answer) + sources_markdown(answer)
    return {
        "id": cid,
        "created": created,
        "model": MODEL_ID,
        "choices": [{"message": {"content": content}}],
        **extras(answer),
    }
