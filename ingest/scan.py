"""The corpus folder as the sync sees it: its supported files, the entries that cannot be
used (with their reason), what left it, and content hashes."""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import Any

from ingest.entries import entry_problem, link_problem
from ingest.loaders import SUPPORTED_SUFFIXES

log = logging.getLogger(__name__)


class CorpusError(RuntimeError):
    """The corpus folder cannot be synced at all (missing, not a folder, no documents)."""


def scan_corpus(root: Path) -> tuple[dict[str, Path], list[dict[str, str]]]:
    """Supported files under ``root`` (hidden entries skipped, symlinks kept inside the
    corpus), plus the entries that cannot be used, with their reason."""
    if not root.exists():
        raise CorpusError(f"corpus folder {root} does not exist")
    if not root.is_dir():
        raise CorpusError(f"corpus path {root} is not a folder")
    real_root = root.resolve()
    files: dict[str, Path] = {}
    bad: list[dict[str, str]] = []
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in [*dirnames, *sorted(f for f in filenames if not f.startswith("."))]:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if name in dirnames:  # symlinked folders are never followed; loops are reported
                if reason := link_problem(path, real_root):
                    bad.append({"path": rel, "reason": reason})
            elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
                log.debug("skipping unsupported file path=%s", rel)
            elif reason := entry_problem(path, real_root):
                bad.append({"path": rel, "reason": reason})
            else:
                files[rel] = path
    for err in errors:  # an unreadable folder: report it, keep what was indexed from it
        if Path(err.filename) == root:
            raise CorpusError(f"cannot read corpus folder {root}: {err.strerror}")
        rel = Path(err.filename).relative_to(root).as_posix()
        bad.append({"path": rel, "reason": f"folder cannot be read: {err.strerror}".lower()})
    return files, bad


def removed_sources(known: Any, files: Any, bad: list[dict[str, str]]) -> list[str]:
    """Indexed sources no longer in the corpus; never those under an entry that failed."""
    held = tuple(b["path"] for b in bad)
    gone = set(known) - set(files)
    return sorted(r for r in gone if not any(r == h or r.startswith(h + "/") for h in held))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
