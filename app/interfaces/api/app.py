"""``build_http_app(services)``: the FastAPI app that ``serve`` runs. It carries the API
routers, its error handlers and the middlewares that guard the web login; the Gradio chat
is mounted on it afterwards, so both share one app and one port."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, FastAPI

from app.core.services import Services
from app.interfaces.api import errors, openai_compat, rest
from app.interfaces.api.common import load_keys
from app.interfaces.api.errors import ApiError
from app.interfaces.api.guard import (
    BodyLimit,
    HideApiInfo,
    LoginGuard,
    LoginThrottle,
    SecureCookies,
)
from app.interfaces.api.keys import KeyChecker, RateLimiter
from app.interfaces.api.state import ApiState

JSON_LIMIT = 1024 * 1024  # bytes: far beyond any question and history the API accepts
UPLOAD_OVERHEAD = 64 * 1024  # multipart boundaries and headers around the file itself
DESCRIPTION = """Ask the AI Alliance assistant questions and manage its documents.

Every API call needs `Authorization: Bearer <key>` when the server has API keys
(`ALLIANCE_API_KEYS`). Errors are JSON: `{"error": {"message", "type", "param", "code"}}`.
`/v1` speaks the OpenAI chat completions protocol (point an OpenAI client's base URL at it).
"""


def _body_limit(upload_max_bytes: int):  # noqa: ANN202
    def limit_for(method: str, path: str) -> int | None:
        if not path.startswith(("/api/", "/v1/")) or method in ("GET", "HEAD", "OPTIONS"):
            return None
        if method == "POST" and path.rstrip("/") == "/api/v1/documents":
            return upload_max_bytes + UPLOAD_OVERHEAD
        return JSON_LIMIT

    return limit_for


def _not_found_router() -> APIRouter:
    """Unknown paths under /api and /v1 answer in the API's JSON, not the chat's 404."""
    router = APIRouter(include_in_schema=False)

    @router.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    @router.api_route("/v1/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    def not_found(rest: str) -> Any:
        raise ApiError(404, "no such API endpoint; the list is at /api/docs")

    return router


def build_http_app(
    services: Services, *, web_login: bool = False, routers: Sequence[APIRouter] = ()
) -> FastAPI:
    """The API over ``services``, plus ``routers`` (included as they are: neither under
    the API keys nor the JSON 404); ``app.state.api.ready`` is set by the caller once the
    index is ready (until then questions get 503). With ``web_login``, POST /login is
    throttled per address and the login page lists no endpoints."""
    settings = services.settings
    state = ApiState(
        services=services,
        keys=KeyChecker(load_keys(settings)),
        limiter=RateLimiter(settings.api.api_rate_limit),
        slots=asyncio.Semaphore(settings.api.api_concurrency),
    )
    app = FastAPI(
        title="Alliance Assistant API",
        description=DESCRIPTION,
        version="1",
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
    )
    app.state.api = state
    errors.install(app)
    app.include_router(rest.router)
    app.include_router(openai_compat.router)
    for router in routers:  # before the catch-all below and the chat mounted at "/"
        app.include_router(router)
    app.include_router(_not_found_router())
    app.add_middleware(BodyLimit, limit_for=_body_limit(settings.web.upload_max_bytes))
    if web_login:
        app.add_middleware(HideApiInfo)
        a = settings.api
        app.add_middleware(
            LoginGuard, throttle=LoginThrottle(a.login_max_failures, a.login_lockout_seconds)
        )
    app.add_middleware(SecureCookies)
    return app
