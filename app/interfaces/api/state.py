"""What every route needs, kept on ``app.state.api``: the services, the key checker, the
rate limiter, the readiness flag and the slots that bound simultaneous answers."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from starlette.concurrency import iterate_in_threadpool

from app.core.query import ask_stream
from app.core.questions import QuestionError, clean_question
from app.core.services import Services
from app.core.types import Answer
from app.interfaces.api.common import index_id
from app.interfaces.api.errors import ApiError
from app.interfaces.api.guard import client_address
from app.interfaces.api.keys import KeyChecker, RateLimiter
from app.interfaces.web.documents import DocumentList


@dataclass
class ApiState:
    services: Services
    keys: KeyChecker
    limiter: RateLimiter
    slots: asyncio.Semaphore
    ready: threading.Event = field(default_factory=threading.Event)
    started: int = field(default_factory=lambda: int(time.time()))

    @property
    def settings(self) -> Any:
        return self.services.settings

    @cached_property
    def documents(self) -> DocumentList:
        """The indexed documents, read again only when the index changed."""
        return DocumentList(self.services)

    @property
    def index_id(self) -> str:
        return index_id(self.services.settings)

    def require_ready(self) -> None:
        if not self.ready.is_set():
            raise ApiError(
                503, "the index is not ready yet; try again shortly", headers={"Retry-After": "5"}
            )

    def check_question(self, question: str) -> str:
        """The question as ``ask()`` takes it: 413 past ``answer.max_question_chars``, 422
        when nothing is left once invalid Unicode (a lone "\\ud800" escape) is removed."""
        limit = self.settings.answer.max_question_chars
        question = (question or "").strip()
        if len(question) > limit:
            raise ApiError(
                413,
                f"the question is {len(question)} characters long; the limit is {limit}",
                param="question",
            )
        try:
            return clean_question(question, limit)
        except QuestionError:  # within the limit: nothing but whitespace and invalid Unicode
            raise ApiError(422, "question must not be empty", param="question") from None

    async def answer(self, question: str, **kwargs: Any) -> Answer:
        """The final Answer, computed in a worker thread once a slot is free."""
        final: Answer | None = None
        async for piece in self.stream(question, **kwargs):
            if isinstance(piece, Answer):
                final = piece
        assert final is not None
        return final

    async def stream(self, question: str, **kwargs: Any) -> AsyncIterator[str | Answer]:
        """``ask_stream()``'s pieces, produced in a worker thread once a slot is free."""
        pieces: Iterator[str | Answer] = ask_stream(question, services=self.services, **kwargs)
        async with self.slots:
            async for piece in iterate_in_threadpool(pieces):
                yield piece


def api_state(request: Request) -> ApiState:
    return request.app.state.api


def caller(request: Request, authorization: Annotated[str | None, Header()] = None) -> ApiState:
    """The dependency of every API route: a valid key when keys are set (401), then the
    rate limit of that key, or of the client address without keys (429)."""
    state = api_state(request)
    who = state.keys.require(authorization) or f"address:{client_address(request.scope)}"
    state.limiter.hit(who)
    return state


Caller = Annotated[ApiState, Depends(caller)]
