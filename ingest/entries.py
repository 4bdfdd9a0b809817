"""What the corpus scan must not open: symlinks that leave the corpus or loop, and entries
that are not regular files (a named pipe would block the sync forever)."""

from __future__ import annotations

import stat
from pathlib import Path


def link_problem(path: Path, real_root: Path) -> str | None:
    """Why the corpus scan must not follow ``path`` (a symlink), or None when it may."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "broken symlink or symlink loop (not followed)"
    if not target.is_relative_to(real_root):
        return "symlink points outside the corpus (not followed)"
    if target.is_dir() and path.parent.resolve().is_relative_to(target):
        return "symlink loop: the folder links back to a folder that contains it (not followed)"
    return None


def entry_problem(path: Path, real_root: Path) -> str | None:
    """Why a file found by the corpus scan cannot be read at all, or None."""
    reason = link_problem(path, real_root)
    if reason is None:
        try:
            if not stat.S_ISREG(path.stat().st_mode):
                reason = "not a regular file (device, pipe or socket)"
        except OSError:
            return None  # vanished or unreadable: reading it reports the reason
    return reason
