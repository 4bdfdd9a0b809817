"""ASGI middlewares in front of the web chat and the API: a lockout for addresses that guess
web passwords, no endpoint list on the login page, ``Secure`` cookies over HTTPS (directly or
behind a proxy that says so), and a body size limit for API requests."""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from starlette.exceptions import HTTPException

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOCKOUT_CAP = 3600.0
PAGES = {"/", "/gradio_api/runs", "/gradio_api/runs/"}
API_INFO = re.compile(rb"<script>window\.gradio_api_info = .*?;</script>", re.S)


def client_address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


@dataclass
class _Address:
    failures: int = 0
    locked_until: float = 0.0
    in_flight: int = 0


class LoginThrottle:
    """Per client address: ``max_failures`` wrong logins are free; every further one locks
    the address out for ``lockout`` seconds, doubled each time (at most an hour). Attempts
    still being checked count, so a burst cannot slip past the limit; a success clears it."""

    def __init__(
        self, max_failures: int, lockout: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.max_failures, self.lockout, self.clock = max_failures, lockout, clock
        self._state: dict[str, _Address] = {}
        self._lock = threading.Lock()

    def begin(self, who: str) -> float:
        """0 when ``who`` may try now (the attempt is counted in flight), else the seconds
        to wait."""
        now = self.clock()
        with self._lock:
            if len(self._state) > 10_000:
                self._state = {k: v for k, v in self._state.items() if v.in_flight or v.failures}
            st = self._state.setdefault(who, _Address())
            if now < st.locked_until:
                return st.locked_until - now
            if st.failures + st.in_flight >= max(self.max_failures, st.failures + 1):
                return 1.0  # the attempts already being checked use up what is allowed
            st.in_flight += 1
            return 0.0

    def end(self, who: str, ok: bool) -> None:
        with self._lock:
            st = self._state.setdefault(who, _Address())
            st.in_flight = max(0, st.in_flight - 1)
            if ok:
                st.failures, st.locked_until = 0, 0.0
                return
            st.failures += 1
            if st.failures >= self.max_failures:
                extra = st.failures - self.max_failures
                st.locked_until = self.clock() + min(
                    LOCKOUT_CAP, self.lockout * 2 ** min(extra, 30)
                )


async def _send_json(send: Send, status: int, payload: dict[str, Any], headers=()) -> None:
    data = json.dumps(payload).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": raw + list(headers)})
    await send({"type": "http.response.body", "body": data})


class LoginGuard:
    """``POST /login`` (Gradio's form) goes through ``LoginThrottle``: a locked-out address
    gets 429 with Retry-After and its password is not even checked."""

    def __init__(self, app: ASGIApp, throttle: LoginThrottle) -> None:
        self.app, self.throttle = app, throttle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"].rstrip("/") == "/login"
        ):
            await self.app(scope, receive, send)
            return
        who = client_address(scope)
        wait = self.throttle.begin(who)
        if wait > 0:
            seconds = math.ceil(wait)
            message = f"too many failed logins from this address; try again in {seconds} s"
            await _send_json(
                send, 429, {"detail": message}, [(b"retry-after", str(seconds).encode())]
            )
            return
        status = 0

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            self.throttle.end(who, ok=status == 200)


class HideApiInfo:
    """Gradio's page embeds every endpoint's name and parameters (``window.gradio_api_info``)
    even on its login page: blank it until the visitor has logged in."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        if scope["path"] not in PAGES:
            await self.app(scope, receive, send)
            return
        # ask for the page uncompressed, so that it can be read and rewritten here
        scope = dict(scope)
        scope["headers"] = [(k, v) for k, v in scope["headers"] if k != b"accept-encoding"]
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffer(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            data = b"".join(chunks)
            if b'"auth_required":true' in data:  # Gradio's login page, not the app
                data = API_INFO.sub(b"<script>window.gradio_api_info = null;</script>", data)
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(data)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": data})

        await self.app(scope, receive, buffer)


def _has_secure(cookie: bytes) -> bool:
    """The attributes after ``name=value`` include ``Secure`` (the name may contain it)."""
    return any(a.strip().lower() == b"secure" for a in cookie.split(b";")[1:])


class SecureCookies:
    """Over HTTPS (uvicorn's own TLS, or a trusted proxy's ``X-Forwarded-Proto: https``)
    every cookie gets ``Secure``; Gradio sets one of its two login cookies without it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("scheme") != "https":
            await self.app(scope, receive, send)
            return

        async def secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = []
                for key, value in message.get("headers", []):
                    if key.lower() == b"set-cookie" and not _has_secure(value):
                        value = value + b"; Secure"
                    headers.append((key, value))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, secure)


class BodyLimit:
    """API requests larger than their limit get 413 before their body is read (by its
    Content-Length) or while it is (without one)."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str, str], int | None]) -> None:
        self.app, self.limit_for = app, limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = self.limit_for(scope["method"], scope["path"]) if scope["type"] == "http" else None
        if limit is None:
            await self.app(scope, receive, send)
            return
        message = f"the request body is over the {limit}-byte limit"
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            error = {"message": message, "type": "request_too_large", "param": None, "code": 413}
            await _send_json(send, 413, {"error": error})
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            got = await receive()
            seen += len(got.get("body", b""))
            if seen > limit:
                raise HTTPException(413, message)
            return got

        await self.app(scope, counted, send)
