"""``alliance-assistant ask`` through a running server: one HTTP request to
``/api/v1/ask`` with a short connect timeout. Only the standard library and the settings are
imported here, so a CLI call that a server answers loads no model, store or web framework.
``None`` means "no usable server": the caller answers in process."""

from __future__ import annotations

import http.client
import json
import logging
from typing import Any
from urllib.parse import urlsplit

from app.core.settings import Settings
from app.core.types import Answer, Citation
from app.interfaces.api.common import INDEX_HEADER, index_id, load_keys, server_url

log = logging.getLogger(__name__)
ANSWER_FIELDS = {"text", "citations", "abstained"}


class ServerRefused(RuntimeError):
    """The server answered, but refused the question (a user error: one sentence)."""


def answer_from_dict(data: dict[str, Any]) -> Answer:
    """The ``Answer`` whose ``to_dict()`` gave ``data`` (what the API returns)."""
    fields = dict(data)
    fields["citations"] = [Citation(**c) for c in data.get("citations", [])]
    return Answer(**fields)


def _connection(url: str, timeout: float) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ServerRefused(f"ALLIANCE_SERVER_URL must look like http://host:port, not {url!r}")
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    return kind(parts.hostname, parts.port, timeout=timeout)


def ask_remote(
    settings: Settings,
    question: str,
    *,
    filters: dict[str, Any] | None = None,
    k: int | None = None,
) -> Answer | None:
    """The server's Answer, or None when no server of this index answers in time."""
    url, explicit = server_url(settings)
    conn = _connection(url, settings.api.server_connect_timeout)
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if not explicit:  # the default port may serve another data dir: only use ours
        headers[INDEX_HEADER] = index_id(settings)
    keys = load_keys(settings)
    if keys:
        headers["Authorization"] = f"Bearer {keys[0]}"
    payload = json.dumps({"question": question, "filters": filters, "k": k})
    prefix = urlsplit(url).path.rstrip("/")
    try:
        conn.connect()
    except OSError as exc:
        log.info("no server url=%s error=%s; answering in process", url, exc)
        return None
    try:
        conn.sock.settimeout(settings.llm.timeout + 60)  # connected: now wait for the answer
        conn.request("POST", f"{prefix}/api/v1/ask", body=payload, headers=headers)
        response = conn.getresponse()
        status, raw = response.status, response.read()
    except (TimeoutError, OSError, http.client.HTTPException) as exc:
        log.warning("server url=%s failed error=%s; answering in process", url, exc)
        return None
    finally:
        conn.close()
    try:
        data = json.loads(raw)
    except ValueError:
        data = None
    if status == 200 and isinstance(data, dict) and ANSWER_FIELDS <= set(data):
        return answer_from_dict(data)
    error = data.get("error") if isinstance(data, dict) else None
    if not isinstance(error, dict) or status in (404, 405, 409, 503) or status >= 500:
        log.info("server url=%s status=%d not usable; answering in process", url, status)
        return None
    raise ServerRefused(f"the server at {url} refused the question: {error.get('message')}")
