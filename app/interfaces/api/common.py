"""What both the server and the CLI (as the server's client) need, without importing any
web framework: the API keys, the server's URL and the identity of the index it serves."""

from __future__ import annotations

import hashlib
from pathlib import Path

from app.core.settings import Settings

INDEX_HEADER = "X-Alliance-Index"
MIN_KEY_CHARS = 16


class KeyFileError(ValueError):
    """The API keys cannot be used (a user error: one sentence)."""


def load_keys(settings: Settings) -> list[str]:
    """The API keys from the comma-separated setting and the keys file (one per line)."""
    api = settings.api
    keys = []
    if api.api_keys is not None:
        keys += api.api_keys.get_secret_value().split(",")
    if api.api_keys_file is not None:
        path = Path(api.api_keys_file)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            message = f"cannot read ALLIANCE_API_KEYS_FILE {path}: {exc.strerror}"
            raise KeyFileError(message) from exc
        keys += [ln for ln in lines if not ln.strip().startswith("#")]
    keys = [k.strip() for k in keys if k.strip()]
    if any(len(k) < MIN_KEY_CHARS for k in keys):
        raise KeyFileError(f"every API key must be at least {MIN_KEY_CHARS} characters long")
    return list(dict.fromkeys(keys))


def server_url(settings: Settings) -> tuple[str, bool]:
    """The server the CLI asks first, and whether it was configured explicitly
    (ALLIANCE_SERVER_URL) rather than derived from the host and port."""
    if settings.api.server_url:
        return settings.api.server_url.rstrip("/"), True
    host = settings.web.host
    host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    host = f"[{host}]" if ":" in host else host
    scheme = "https" if settings.api.ssl_certfile else "http"
    return f"{scheme}://{host}:{settings.web.port}", False


def index_id(settings: Settings) -> str:
    """Which index a process answers from (its data dir and collection): the CLI sends it,
    so that a server on the default port answering from another index is not used."""
    where = f"{Path(settings.data_dir).resolve()}|{settings.index.collection}"
    return hashlib.sha256(where.encode()).hexdigest()[:16]
