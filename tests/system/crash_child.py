"""One sync in a child process that SIGKILLs itself at a named point (test_crash.py).

Usage: python tests/system/crash_child.py DATA_DIR CORPUS_DIR POINT NTH [WRITE_BATCH_SIZE]
Exits 3 if the sync finished without reaching the point.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
from pathlib import Path

# point -> (module, class, method, kill before or after the NTH call)
POINTS = {
    "after_vectors": ("ingest.sync", "Syncer", "_write_vectors", "after"),
    "after_chunk_keys": ("ingest.records", "RecordStore", "record_chunks", "after"),
    "after_vector_delete": ("ingest.sync", "Syncer", "_delete_vectors", "after"),
    # the keyword index follows each write of changed documents (replace)
    "before_keyword_index": ("vectorstore.bm25", "BM25Index", "replace", "before"),
    "after_keyword_index": ("vectorstore.bm25", "BM25Index", "replace", "after"),
}


def arm(point: str, nth: int) -> None:
    module, cls, method, when = POINTS[point]
    klass = getattr(importlib.import_module(module), cls)
    original = getattr(klass, method)
    calls = [0]

    def wrapper(self, *args, **kwargs):  # noqa: ANN001, ANN202
        calls[0] += 1
        if calls[0] == nth and when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        result = original(self, *args, **kwargs)
        if calls[0] == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(klass, method, wrapper)


def main() -> int:
    data_dir, corpus, point, nth = sys.argv[1:5]
    batch = int(sys.argv[5]) if len(sys.argv) > 5 else 2
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from app.core.services import build_services
    from app.core.settings import Settings

    arm(point, int(nth))
    settings = Settings(data_dir=Path(data_dir), corpus_dir=Path(corpus), write_batch_size=batch)
    build_services(settings).indexing.sync()
    return 3


if __name__ == "__main__":
    sys.exit(main())
