"""Errors as JSON in the shape OpenAI clients read (``{"error": {message, type, param,
code}}``): 401, 413, 422 (naming the field), 429, 503, and a 500 that says nothing of the
code: no stack trace ever reaches a client."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

TYPES = {
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    409: "conflict_error",
    413: "request_too_large",
    415: "invalid_request_error",
    422: "invalid_request_error",
    429: "rate_limit_error",
    503: "service_unavailable",
}


class ApiError(Exception):
    """An error a client caused or must wait out: its status and one sentence."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        param: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.param = status, message, param
        self.headers = headers or {}


def body(status: int, message: str, param: str | None = None) -> dict[str, Any]:
    kind = TYPES.get(status, "server_error" if status >= 500 else "invalid_request_error")
    return {"error": {"message": message, "type": kind, "param": param, "code": status}}


def error_response(exc: ApiError) -> JSONResponse:
    return JSONResponse(body(exc.status, exc.message, exc.param), exc.status, exc.headers)


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    """``("body", "history", 0, "question")`` -> ``history[0].question``."""
    out = ""
    for part in list(loc)[1:] if loc and loc[0] in ("body", "query", "path") else loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc)


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors()) or [{"loc": ("body",), "msg": "invalid request"}]
    if any(e.get("type") == "json_invalid" for e in errors):
        return JSONResponse(body(422, "the request body is not valid JSON", "body"), 422)
    messages = []
    for e in errors[:3]:
        field = _field(e.get("loc", ()))
        missing = e.get("type") == "missing"
        messages.append(f"{field} is required" if missing else f"{field}: {e.get('msg')}")
    return JSONResponse(body(422, "; ".join(messages), _field(errors[0].get("loc", ()))), 422)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else "request refused"
    return JSONResponse(body(exc.status_code, detail), exc.status_code, exc.headers)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("api error path=%s", request.url.path)
    return JSONResponse(body(500, "internal error; the server log has the details"), 500)


def install(app: FastAPI) -> None:
    """Every error the API can return goes through one of these handlers."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
