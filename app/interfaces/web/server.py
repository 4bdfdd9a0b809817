"""Starting the web chat safely: loopback by default, login required anywhere else."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from app.core.settings import Settings

log = logging.getLogger(__name__)
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class ServeError(RuntimeError):
    """The web chat refuses to start (e.g. exposed without a login)."""


def credentials(settings: Settings) -> list[tuple[str, str]]:
    lines: list[str] = []
    if settings.web.auth is not None:
        lines.append(settings.web.auth.get_secret_value())
    if settings.web.auth_file is not None:
        path = Path(settings.web.auth_file)
        try:
            lines += path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ServeError(f"cannot read ALLIANCE_AUTH_FILE {path}: {exc.strerror}") from exc
    pairs = []
    for line in (ln.strip() for ln in lines):
        if not line or line.startswith("#"):
            continue
        user, sep, password = line.partition(":")
        if not sep or not user or not password:
            raise ServeError("login entries must look like 'user:password'")
        pairs.append((user, password))
    return pairs


def check_bind(host: str, auth: list[tuple[str, str]]) -> None:
    if host not in LOOPBACK and not auth:
        raise ServeError(
            f"refusing to listen on {host} without a login: set ALLIANCE_AUTH='user:password' "
            "or ALLIANCE_AUTH_FILE, or listen on 127.0.0.1"
        )


def serve(
    settings: Settings,
    *,
    host: str | None = None,
    port: int | None = None,
    block: bool = True,
    watch: bool = False,
):  # noqa: ANN201 - returns the running Blocks when not blocking
    """Take the data dir's writer lock, sync the corpus if the index is empty, then launch
    the chat; with ``watch``, also sync the corpus whenever its files change."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from app.core.services import build_services
    from app.interfaces.web.routes import source_router
    from app.interfaces.web.ui import build_app, look

    host = host or settings.web.host
    port = port or settings.web.port
    auth = credentials(settings)
    check_bind(host, auth)
    services = build_services(settings)
    services.indexing.hold_writer_lock()  # uploads and re-indexing write: one writer per data dir
    services.ensure_indexed()
    demo = build_app(services)
    demo.queue(
        default_concurrency_limit=settings.web.chat_concurrency, max_size=settings.web.queue_size
    )
    demo.watcher = services.indexing.watch() if watch else None  # type: ignore[attr-defined]
    log.info("serving host=%s port=%d auth=%s watch=%s", host, port, bool(auth), watch)
    demo.launch(
        server_name=host,
        server_port=port,
        share=False,
        auth=auth or None,
        prevent_thread_lock=True,  # the routes below are added first; then block
        show_error=False,
        quiet=True,
        allowed_paths=[],
        blocked_paths=[str(settings.data_dir)],
        max_file_size=settings.web.upload_max_bytes,
        enable_monitoring=False,
        footer_links=[],
        **look(),
    )
    demo.app.include_router(source_router(services))  # GET /source/{path}: a corpus file
    if block:
        demo.block_thread()
    return demo
