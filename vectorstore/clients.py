"""Chroma clients: a server's, or the embedded store's with a Chroma system of its own, so
that reopening it really reloads what other processes wrote (and closing frees its memory)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["close_client", "make_client"]


def make_client(chroma_dir: Path, url: str | None = None) -> Any:
    """A client of the Chroma server at ``url``, else the embedded store in ``chroma_dir``;
    telemetry off either way."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    if url:
        from vectorstore.remote import connect

        return connect(url)
    chroma_dir.mkdir(parents=True, exist_ok=True)
    return _own_client(
        lambda: chromadb.PersistentClient(
            path=str(chroma_dir),
            settings=ChromaSettings(anonymized_telemetry=False, allow_reset=True),
        ),
        str(chroma_dir),
    )


_own_lock = threading.Lock()


def _own_client(create: Callable[[], Any], ident: str) -> Any:
    """An embedded client with a Chroma system of its own. Chroma shares one system per
    path in a process and keeps it for the process's life, so reopening would give back
    the same stale vectors; an own system is fresh when created and is stopped (its
    memory freed) by ``close_client``."""
    from chromadb.api.shared_system_client import SharedSystemClient as Shared

    with _own_lock:
        other = Shared._identifier_to_system.pop(ident, None)
        other_refs = Shared._identifier_to_refcount.pop(ident, None)
        try:
            client = create()
            client._own_system = Shared._identifier_to_system.pop(client._identifier, None)
            Shared._identifier_to_refcount.pop(client._identifier, None)
        finally:
            if other is not None:  # someone else's client of this path keeps its system
                Shared._identifier_to_system[ident] = other
                if other_refs is not None:
                    Shared._identifier_to_refcount[ident] = other_refs
    return client


def close_client(client: Any) -> None:
    """Stop an embedded client's own Chroma system (a server client holds nothing)."""
    system = getattr(client, "_own_system", None)
    if system is not None:
        client._own_system = None
        system.stop()
