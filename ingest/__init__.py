"""Ingestion: loaders, chunking and incremental sync. Imports nothing from ``app``."""

from ingest.sync import CorpusError, SyncStats

__all__ = ["CorpusError", "SyncStats", "sync"]


def sync(corpus_dir=None, **kwargs):  # type: ignore[no-untyped-def]
    """``ingest.sync(corpus_dir) -> SyncStats`` with the default settings' services.

    Thin convenience over ``app.services.build_services(settings).sync(...)``; importing the
    app layer lazily keeps ``ingest`` free of app imports at module level.
    """
    from importlib import import_module

    services = import_module("app.services").default_services()
    return services.sync(corpus_dir, **kwargs)
