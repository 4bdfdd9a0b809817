"""HTTP routes of the web chat beside Gradio's own: ``GET /source/{path}`` serves one file of
the corpus, read-only, so a source card can open its whole document.

Only regular files inside the corpus folder: no traversal, no symlink that leads out of it,
nothing in the data dir, no hidden entry. Text goes out as ``text/plain`` (an HTML document
is shown as its source, never rendered) with a sandboxing CSP, PDFs as themselves."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse

from ingest.loaders import SUPPORTED_SUFFIXES

if TYPE_CHECKING:
    from app.core.services import Services

SOURCE_PREFIX = "/source"
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


class SourceRefused(ValueError):
    """A path the source route does not serve."""


def corpus_file(
    corpus_dir: Path, data_dir: Path, rel: str, allowed: Any = SUPPORTED_SUFFIXES
) -> Path:
    """The real path of ``rel`` if it is a servable corpus file, else ``SourceRefused``."""
    root = Path(corpus_dir).resolve()
    data = Path(data_dir).resolve()
    parts = Path(rel).parts
    if not rel or Path(rel).is_absolute() or any(p in ("..", "") for p in parts):
        raise SourceRefused("not a path inside the corpus")
    if any(p.startswith(".") for p in parts):
        raise SourceRefused("hidden entries are not served")
    path = (root / rel).resolve()  # follows every symlink on the way
    if not path.is_relative_to(root):
        raise SourceRefused("the path leads out of the corpus")
    if path == data or path.is_relative_to(data):
        raise SourceRefused("the data dir is not served")
    if path.suffix.lower() not in allowed:
        raise SourceRefused("not a document type")
    if not path.is_file():
        raise SourceRefused("no such document")
    return path


def media_type(path: Path) -> str:
    if path.suffix.lower() == ".pdf":
        return "application/pdf"
    return "text/plain; charset=utf-8"


async def logged_in(request: Request) -> None:
    """Gradio's login, when one is configured, guards these routes too (the same check as
    Gradio's own ``login_check``)."""
    app: Any = request.app
    if getattr(app, "auth", None) is None and getattr(app, "auth_dependency", None) is None:
        return
    if getattr(app, "auth_dependency", None) is not None:
        user = app.auth_dependency(request)
        if inspect.isawaitable(user):
            user = await user
        if user is not None:
            return
    else:
        cookie = app.cookie_id
        token = request.cookies.get(f"access-token-{cookie}") or request.cookies.get(
            f"access-token-unsecure-{cookie}"
        )
        if app.tokens.get(token) is not None:
            return
    raise HTTPException(status_code=401, detail="Not authenticated")


def source_router(services: Services, *, guard: Callable[..., None] = logged_in) -> APIRouter:
    """``GET /source/{path}``: a corpus file as it is on disk (404 for anything refused)."""
    router = APIRouter(dependencies=[Depends(guard)])
    settings = services.settings

    @router.get(SOURCE_PREFIX + "/{rel:path}", include_in_schema=False)
    def source(rel: str) -> FileResponse:
        try:
            path = corpus_file(settings.corpus_dir, settings.data_dir, rel)
        except SourceRefused as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from None
        return FileResponse(
            path,
            media_type=media_type(path),
            headers={**HEADERS, "Content-Disposition": "inline"},
        )

    return router
