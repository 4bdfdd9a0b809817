"""The data dir and the writer lock's timeout as ``Settings`` reads them, without pydantic:
a one-shot writer (``ingest``, ``compact``, ``check --repair``) tries the lock before the
settings' imports (about a third of a second), so a second writer is refused as soon as its
interpreter has started. Any spelling this does not read exactly as ``Settings`` does (a
whole ``ALLIANCE_INGEST`` group as JSON, a timeout that is not a plain decimal, an empty
value) returns None: the caller then builds ``Settings``."""

from __future__ import annotations

import os
import re
from pathlib import Path

DEFAULT_LOCK_TIMEOUT = 1.5  # ingest.settings.IngestSettings.lock_timeout
_DECIMAL = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)")


def writer_target(data_dir: Path | str | None = None) -> tuple[Path, float] | None:
    """(data dir, lock timeout in seconds), or None when only ``Settings`` can say.
    ``data_dir`` is the command line's, which wins over the environment."""
    # Settings' environment source matches ALLIANCE_* names in any case; the flat source
    # of group fields (ALLIANCE_LOCK_TIMEOUT) only in upper case; the nested name wins.
    env = {k.lower(): v for k, v in os.environ.items() if k[:9].lower() == "alliance_"}
    if "alliance_ingest" in env:
        return None
    if data_dir is None:
        raw = env.get("alliance_data_dir")
        if raw == "":
            return None
        data_dir = Path.cwd() / ".alliance" if raw is None else raw
    timeout = env.get("alliance_ingest__lock_timeout", os.environ.get("ALLIANCE_LOCK_TIMEOUT"))
    if timeout is None:
        return Path(data_dir), DEFAULT_LOCK_TIMEOUT
    if not _DECIMAL.fullmatch(timeout):
        return None
    return Path(data_dir), float(timeout)
