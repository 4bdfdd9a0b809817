"""Ingestion: loaders, chunking, incremental sync, the writer lock, the watched folder, the
audit and the index maintenance service (``ingest.service.IndexService``).

May import: ``vectorstore``. Never ``app`` (not even inside functions).

``CorpusError`` and ``SyncStats`` are imported on first use, so that reading the settings
(``ingest.settings``) does not load the chunker's LangChain imports.
"""

__all__ = ["CorpusError", "SyncStats"]


def __getattr__(name: str):  # noqa: ANN202 - lazy re-exports keep `import ingest` cheap
    if name == "CorpusError":
        from ingest.scan import CorpusError

        return CorpusError
    if name == "SyncStats":
        from ingest.sync import SyncStats

        return SyncStats
    raise AttributeError(name)
