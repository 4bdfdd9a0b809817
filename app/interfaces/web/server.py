"""Starting the web chat and the HTTP API safely: one FastAPI app and port for both;
loopback by default; anywhere else only with a web login and API keys."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from app.core.settings import Settings
from app.interfaces.api.common import KeyFileError, load_keys
from app.interfaces.api.passwords import LoginError, Logins, parse_entries, read_auth_file

log = logging.getLogger(__name__)
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class ServeError(RuntimeError):
    """The web chat refuses to start (e.g. exposed without a login)."""


def credentials(settings: Settings) -> list[tuple[str, str]]:
    """``(user, secret)`` from ALLIANCE_AUTH (a password or a hash) and ALLIANCE_AUTH_FILE
    (hashes only: a plain-text password there is refused)."""
    try:
        entries: dict[str, str] = {}
        if settings.web.auth is not None:
            entries |= parse_entries(
                [settings.web.auth.get_secret_value()], "ALLIANCE_AUTH", hashed_only=False
            )
        if settings.web.auth_file is not None:
            path = Path(settings.web.auth_file)
            if not path.is_file():
                raise ServeError(f"cannot read ALLIANCE_AUTH_FILE {path}: no such file")
            entries |= read_auth_file(path)
    except LoginError as exc:
        raise ServeError(str(exc)) from exc
    return list(entries.items())


def check_bind(host: str, auth: list[tuple[str, str]], keys: list[str] | None = None) -> None:
    """Beyond loopback, the web chat needs a login and (when ``keys`` is checked) the API
    needs keys."""
    if host in LOOPBACK:
        return
    if not auth:
        raise ServeError(
            f"refusing to listen on {host} without a login: set ALLIANCE_AUTH='user:password' "
            "or ALLIANCE_AUTH_FILE, or listen on 127.0.0.1"
        )
    if keys is not None and not keys:
        raise ServeError(
            f"refusing to listen on {host} without API keys: set ALLIANCE_API_KEYS or "
            "ALLIANCE_API_KEYS_FILE, or listen on 127.0.0.1"
        )


class Running:
    """A started server: ``close()`` stops it (and the watcher, if any); ``ready`` is set
    once the index is ready (``failed`` holds why it could not be); ``blocks`` is the Gradio
    chat, ``app`` the FastAPI app."""

    def __init__(self, server: Any, app: Any, blocks: Any, services: Any, url: str) -> None:
        self.server, self.app, self.blocks, self.services, self.url = (
            server, app, blocks, services, url,
        )  # fmt: skip
        self.watcher: Any = None
        self.ready: threading.Event = app.state.api.ready
        self.failed: BaseException | None = None
        self.thread: threading.Thread | None = None

    def make_ready(self) -> None:
        """Sync an empty or interrupted index; a server that cannot answer stops itself."""
        try:
            self.services.ensure_indexed()
        except Exception as exc:
            self.failed = exc
            self.server.should_exit = True
            log.error("cannot prepare the index: %s", exc)
            return
        self.ready.set()
        log.info("index ready")
        warm = threading.Thread(target=_warm_up, args=(self.services,), name="warm-up")
        warm.daemon = True  # the model and the knowledge load while questions can come
        warm.start()

    def close(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None
        self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout=30)
        self.blocks.close(verbose=False)


def web_routers(services: Any) -> list[Any]:
    """The web chat's own HTTP routes beside Gradio's, on the Gradio app itself (so that
    Gradio's login guards them), not under the API keys."""
    from app.interfaces.web.routes import source_router

    return [source_router(services)]  # GET /source/{path}: a corpus file


def _check_port(host: str, port: int) -> None:
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc


def _login_checker(logins: Logins) -> Any:
    """Gradio's ``auth`` callable: the (slow, argon2) check runs in a worker thread, at most
    two at a time (each takes 64 MiB), so guesses cannot stall the server."""
    limiter: list[Any] = []

    async def check(user: str, password: str) -> bool:
        from anyio import CapacityLimiter, to_thread

        if not limiter:
            limiter.append(CapacityLimiter(2))
        return await to_thread.run_sync(logins.check, user, password, limiter=limiter[0])

    return check


def _uvicorn(app: Any, host: str, port: int, settings: Settings) -> Any:
    import uvicorn

    api = settings.api
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=True,
        forwarded_allow_ips=api.forwarded_allow_ips,
        ssl_certfile=str(api.ssl_certfile) if api.ssl_certfile else None,
        ssl_keyfile=str(api.ssl_keyfile) if api.ssl_keyfile else None,
        timeout_graceful_shutdown=5,
    )
    return uvicorn.Server(config)


def _warm_up(services: object) -> None:
    """Load the embedding model and the index's knowledge while the page is already served,
    so the first question does not wait for them (started after the server is set up)."""
    try:
        services.model.encode(["warm-up"])  # type: ignore[attr-defined]
        services.knowledge()  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 - the first question reports any real problem
        log.warning("warm-up failed: %s", exc)
        return
    log.info("warm-up done")


def serve(
    settings: Settings,
    *,
    host: str | None = None,
    port: int | None = None,
    block: bool = True,
    watch: bool = False,
    services: Any = None,
    wait: bool = True,
) -> Running:
    """Start the chat and the API on one port, and sync the corpus if the index is empty
    (API questions get 503 until it is ready); with ``watch``, also sync the corpus whenever
    its files change. The writer lock is taken per sync (an upload, "Re-index now", a
    watched change), so `alliance-assistant ingest` works meanwhile; every question first
    catches up with syncs made elsewhere. Not blocking, it returns once the server listens
    (and, with ``wait``, once the index is ready)."""
    from app.core.services import build_services

    host = host or settings.web.host
    port = port or settings.web.port
    auth = credentials(settings)
    try:
        keys = load_keys(settings)
    except KeyFileError as exc:
        raise ServeError(str(exc)) from exc
    check_bind(host, auth, keys)
    services = services or build_services(settings)
    _check_port(host, port)
    app, demo = build_server_app(services, host=host, port=port, auth=auth)
    scheme = "https" if settings.api.ssl_certfile else "http"
    running = Running(_uvicorn(app, host, port, settings), app, demo, services,
                      f"{scheme}://{host}:{port}/")  # fmt: skip
    running.watcher = services.indexing.watch() if watch else None
    log.info("serving host=%s port=%d auth=%s keys=%d watch=%s", host, port, bool(auth),
             len(keys), watch)  # fmt: skip
    if block:
        threading.Thread(target=running.make_ready, daemon=True).start()
        try:
            running.server.run()
        finally:
            running.close()
    else:
        _start_in_thread(running, wait=wait)
    if running.failed is not None:
        running.close()
        raise running.failed
    return running


def build_server_app(
    services: Any, *, host: str, port: int, auth: list[tuple[str, str]]
) -> tuple[Any, Any]:
    """The FastAPI app: the API, and the Gradio chat (with its own routes) mounted at "/";
    and the chat's Blocks."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    from app.interfaces.api.app import build_http_app
    from app.interfaces.web.ui import build_app, look

    s = services.settings
    demo = build_app(services)
    demo.queue(default_concurrency_limit=s.web.chat_concurrency, max_size=s.web.queue_size)
    app = build_http_app(services, web_login=bool(auth))
    app = gr.mount_gradio_app(
        app,
        demo,
        path="",
        server_name=host,
        server_port=port,
        auth=_login_checker(Logins(dict(auth))) if auth else None,
        show_error=False,
        allowed_paths=[],
        blocked_paths=[str(s.data_dir)],
        max_file_size=s.web.upload_max_bytes,
        enable_monitoring=False,
        footer_links=[],
        run_history=False,
        app_kwargs={"openapi_url": None},  # the API's schema is at /api/openapi.json
        **look(),
    )
    chat_app = app.routes[-1].app  # the Gradio app just mounted at "/"
    for router in web_routers(services):
        chat_app.include_router(router)
    return app, demo


def _start_in_thread(running: Running, *, wait: bool) -> None:
    running.thread = threading.Thread(
        target=running.server.run, name="alliance-server", daemon=True
    )
    running.thread.start()
    try:
        _wait_started(running)
    except ServeError:
        running.close()
        raise
    if wait:
        running.make_ready()
    else:
        threading.Thread(target=running.make_ready, daemon=True).start()


def _wait_started(running: Running, timeout: float = 30.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not running.server.started:
        if not running.thread.is_alive():
            raise ServeError(f"cannot listen on {running.url}: the port is taken or not ours")
        if time.monotonic() > deadline:
            raise ServeError(f"the server did not start listening on {running.url}")
        time.sleep(0.01)
