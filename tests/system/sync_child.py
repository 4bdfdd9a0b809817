"""A writer in its own process (test_readers_follow.py, test_chroma_server.py): syncs the
configured corpus each time a line arrives on stdin and answers with the sync's stats as one
JSON line. Settings come from the ALLIANCE_* variables.

Usage: python tests/system/sync_child.py
"""

from __future__ import annotations

import json
import sys

from app.core.services import build_services


def main() -> None:
    svc = build_services()
    print(json.dumps(svc.indexing.sync().to_dict()), flush=True)  # the first sync
    for _ in sys.stdin:
        print(json.dumps(svc.indexing.sync().to_dict()), flush=True)


if __name__ == "__main__":
    main()
