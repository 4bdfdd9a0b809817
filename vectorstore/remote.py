"""A Chroma server instead of the embedded store: its URL, the client, and one clear sentence
when it cannot be reached. Importing this module imports nothing heavy (settings use it)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger(__name__)


class ChromaServerError(RuntimeError):
    """The configured Chroma server cannot be reached."""


@dataclass(frozen=True)
class ServerAddress:
    host: str
    port: int
    ssl: bool

    @property
    def url(self) -> str:
        return f"{'https' if self.ssl else 'http'}://{self.host}:{self.port}"


def parse_chroma_url(url: str) -> ServerAddress:
    """``http://host:port`` or ``https://host[:port]`` -> host, port, ssl; ``ValueError`` with
    the reason for anything else (no path, query or credentials: Chroma takes none)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise ValueError("must start with http:// or https://, e.g. http://127.0.0.1:8000")
    if not parts.hostname:
        raise ValueError("has no host, e.g. http://127.0.0.1:8000")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("has an invalid port, e.g. http://127.0.0.1:8000") from None
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError("must be only scheme, host and port, e.g. http://127.0.0.1:8000")
    ssl = parts.scheme == "https"
    return ServerAddress(parts.hostname, port or (443 if ssl else 80), ssl)


def connect(url: str) -> Any:
    """An ``HttpClient`` with telemetry off, checked with a heartbeat."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    address = parse_chroma_url(url)
    try:
        client = chromadb.HttpClient(
            host=address.host,
            port=address.port,
            ssl=address.ssl,
            settings=ChromaSettings(anonymized_telemetry=False),
        )
        client.heartbeat()
    except Exception as exc:  # connection refused, TLS, not a Chroma server: all one answer
        log.debug("chroma server unreachable url=%s error=%r", address.url, exc)
        raise ChromaServerError(
            f"cannot reach the Chroma server at {address.url} (ALLIANCE_CHROMA_URL); "
            "start it with `chroma run --path ... --host ... --port ...` or fix the URL"
        ) from None
    log.info("connected to chroma server url=%s", address.url)
    return client
