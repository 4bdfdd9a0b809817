"""``/api/v1``: ask (JSON or server-sent events), status, documents (list, upload, delete)
and sync."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Header, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from app.core.types import Answer
from app.interfaces.api.common import INDEX_HEADER
from app.interfaces.api.errors import ApiError, body
from app.interfaces.api.models import (
    AnswerOut,
    AskRequest,
    DeleteOut,
    DocumentList,
    DocumentOut,
    ErrorOut,
    StatusOut,
    SyncOut,
    UploadOut,
)
from app.interfaces.api.state import ApiState, Caller
from app.interfaces.web.documents import UPLOADS, DeleteError, delete_upload
from app.interfaces.web.uploads import safe_name, save_uploads

log = logging.getLogger(__name__)
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (401, 413, 422, 429, 503)
}
router = APIRouter(prefix="/api/v1", tags=["assistant"], responses=ERRORS)


def sse(event: str, data: dict[str, Any]) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()


async def _events(state: ApiState, question: str, kwargs: dict[str, Any]) -> AsyncIterator[bytes]:
    try:
        async for piece in state.stream(question, **kwargs):
            if isinstance(piece, Answer):
                yield sse("answer", AnswerOut.model_validate(piece.to_dict()).model_dump())
            else:
                yield sse("token", {"text": piece})
    except Exception:  # the status line is sent already: report in the stream, no trace
        log.exception("ask stream failed")
        yield sse("error", body(500, "internal error; the server log has the details"))


@router.post(
    "/ask",
    response_model=AnswerOut,
    responses={200: {"content": {"text/event-stream": {}}}},
    summary="Answer a question, every claim cited",
)
async def ask(
    req: AskRequest,
    request: Request,
    state: Caller,
    index: Annotated[str | None, Header(alias=INDEX_HEADER, include_in_schema=False)] = None,
) -> Any:
    """The Answer as JSON; with ``"stream": true`` or ``Accept: text/event-stream``,
    server-sent events: ``token`` events (``{"text": ...}``) as the answer is produced, then
    one ``answer`` event with the verified Answer (which replaces the tokens)."""
    if index is not None and index != state.index_id:  # the CLI asking about another index
        raise ApiError(409, "this server answers from another index", param=INDEX_HEADER)
    state.require_ready()
    question = state.check_question(req.question)
    kwargs = {
        "history": [(t.question, t.answer) for t in req.history or []],
        "filters": req.filters or None,
        "k": req.k,
    }
    if req.stream or "text/event-stream" in request.headers.get("accept", ""):
        headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        return StreamingResponse(
            _events(state, question, kwargs), media_type="text/event-stream", headers=headers
        )
    answer = await state.answer(question, **kwargs)
    return answer.to_dict()


@router.get("/status", response_model=StatusOut, summary="Documents, chunks, model, last sync")
def status(state: Caller) -> Any:
    s = state.services.indexing.status()
    return {"ready": state.ready.is_set(), **{k: s[k] for k in StatusOut.model_fields if k in s}}


@router.get("/documents", response_model=DocumentList, summary="Every indexed document")
def documents(state: Caller) -> Any:
    state.require_ready()
    return {
        "documents": [
            DocumentOut(
                source=row.source,
                title=row.title,
                doc_type=row.doc_type,
                date=row.date,
                chunks=row.chunks,
                uploaded=row.deletable,
            )
            for row in state.documents.rows()
        ]
    }


def _sync(state: ApiState) -> dict[str, Any]:
    return state.services.indexing.sync().to_dict()


@router.post("/sync", response_model=SyncOut, summary="Re-index the corpus folder now")
async def sync(state: Caller) -> Any:
    return await run_in_threadpool(_sync, state)


def _check_upload(state: ApiState, name: str, size: int) -> None:
    web = state.settings.web
    suffix = Path(safe_name(name)).suffix.lower()
    if suffix not in web.upload_types:
        allowed = ", ".join(web.upload_types)
        raise ApiError(
            415, f"file type {suffix or '(none)'} is not allowed; allowed: {allowed}", param="file"
        )
    if size > web.upload_max_bytes:
        raise ApiError(
            413, f"{name} is {size} bytes, over the {web.upload_max_bytes}-byte limit", param="file"
        )


def _save(state: ApiState, files: list[tuple[str, bytes]]) -> list[str]:
    s = state.settings
    saved: list[str] = []
    with tempfile.TemporaryDirectory(prefix="alliance-upload-") as tmp:
        for i, (name, data) in enumerate(files):
            temp = Path(tmp) / str(i)
            temp.write_bytes(data)
            result = save_uploads(
                [(name, temp)],
                s.corpus_dir,
                allowed_types=s.web.upload_types,
                max_bytes=s.web.upload_max_bytes,
                folder=UPLOADS,
            )
            if result.refused:
                for done in saved:  # all or nothing
                    (s.corpus_dir / done).unlink(missing_ok=True)
                reason = result.refused[0]["reason"]
                status = 409 if reason.startswith("already uploaded") else 422
                raise ApiError(status, f"{name}: {reason}", param="file")
            saved += result.saved
    return saved


@router.post(
    "/documents", response_model=UploadOut, status_code=201, summary="Upload and index files"
)
async def upload(
    file: Annotated[list[UploadFile], File(description="One or more files (repeat the field).")],
    state: Caller,
) -> Any:
    """Saved under ``uploads/`` in the corpus folder (same types and size limit as the web
    chat), then indexed; a refused file refuses the whole request."""
    files = []
    for f in file:
        data = await f.read(state.settings.web.upload_max_bytes + 1)
        _check_upload(state, f.filename or "", len(data))
        files.append((f.filename or "", data))
    saved = await run_in_threadpool(_save, state, files)
    return {"saved": saved, "sync": await run_in_threadpool(_sync, state)}


@router.delete(
    "/documents/{source:path}", response_model=DeleteOut, summary="Remove an uploaded document"
)
async def delete(source: str, state: Caller) -> Any:
    """Only documents under ``uploads/`` can be removed: from the folder and the index."""
    try:
        stats = await run_in_threadpool(delete_upload, state.services, source)
    except DeleteError as exc:
        root = state.settings.corpus_dir.resolve()
        inside = Path(os.path.normpath(root / source)).is_relative_to(root / UPLOADS)
        raise ApiError(404 if inside else 403, str(exc), param="source") from exc
    return {"deleted": source, "sync": stats.to_dict()}
