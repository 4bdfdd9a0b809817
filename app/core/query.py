"""``ask()`` and ``ask_stream()``: the one entry point every interface calls."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

from app.core.questions import QuestionError, clean_question
from app.core.services import Services, default_services
from app.core.types import Answer
from ingest.sync import SyncStats

log = logging.getLogger(__name__)

History = list[tuple[str, str]] | list[dict[str, str]] | None


def ask_stream(
    question: str,
    *,
    history: History = None,
    filters: dict[str, Any] | None = None,
    k: int | None = None,
    services: Services | None = None,
) -> Iterator[str | Answer]:
    """Yield pieces of answer text as they are ready, then the final ``Answer``. A question
    that is not a ``str`` is a ``TypeError``; an empty or too long one is answered with a
    notice that says so (``answer.max_question_chars``)."""
    started = time.perf_counter()
    svc = services or default_services()
    try:
        question = clean_question(question, svc.settings.answer.max_question_chars)
    except QuestionError as exc:
        yield Answer(text=str(exc), abstained=True, notice=str(exc))
        return
    svc.ensure_indexed()
    final: Answer | None = None
    for piece in svc.pipeline.stream(question, history=history, filters=filters, k=k):
        if isinstance(piece, Answer):
            final = piece
        else:
            yield piece
    assert final is not None
    log.info(
        "ask done abstained=%s citations=%d ms=%.1f",
        final.abstained,
        len(final.citations),
        1000 * (time.perf_counter() - started),
    )
    yield final


def ask(
    question: str,
    *,
    history: History = None,
    filters: dict[str, Any] | None = None,
    k: int | None = None,
    services: Services | None = None,
) -> Answer:
    """Answer ``question`` from the alliance materials, every claim cited."""
    final: Answer | None = None
    for piece in ask_stream(question, history=history, filters=filters, k=k, services=services):
        if isinstance(piece, Answer):
            final = piece
    assert final is not None
    return final


def sync(corpus_dir: str | None = None, **kwargs: Any) -> SyncStats:
    """``app.sync(corpus_dir) -> SyncStats``: re-index with the default settings' services
    (what ``alliance-assistant ingest`` does)."""
    return default_services().indexing.sync(corpus_dir, **kwargs)
