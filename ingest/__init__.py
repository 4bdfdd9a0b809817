"""Ingestion: loaders, chunking, incremental sync, the writer lock, the watched folder, the
audit and the index maintenance service (``ingest.service.IndexService``).

May import: ``vectorstore``. Never ``app`` (not even inside functions).
"""

from ingest.scan import CorpusError
from ingest.sync import SyncStats

__all__ = ["CorpusError", "SyncStats"]
