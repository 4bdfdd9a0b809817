"""Uploaded files into the corpus: type allow-list, size limit, sanitised names, and no
path that can leave the corpus folder."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class UploadResult:
    saved: list[str] = field(default_factory=list)
    refused: list[dict[str, str]] = field(default_factory=list)


def safe_name(name: str) -> str:
    """The last path component only, reduced to letters, digits, dot, dash, underscore."""
    base = re.split(r"[\\/]", name)[-1]
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip(".-_")
    return base[:120]


def save_uploads(
    files: list[tuple[str, Path]],
    corpus_dir: Path,
    *,
    allowed_types: list[str],
    max_bytes: int,
    folder: str = "uploads",
) -> UploadResult:
    """Copy ``(original name, temp path)`` pairs into ``corpus_dir/folder``."""
    result = UploadResult()
    target_dir = (corpus_dir / folder).resolve()
    root = corpus_dir.resolve()
    for original, temp in files:
        name = safe_name(original)
        suffix = Path(name).suffix.lower()
        if not name or not Path(name).stem:
            result.refused.append({"path": original, "reason": "no usable file name"})
            continue
        if suffix not in allowed_types:
            result.refused.append(
                {"path": original, "reason": f"file type {suffix or '?'} is not allowed"}
            )
            continue
        size = Path(temp).stat().st_size
        if size > max_bytes:
            result.refused.append(
                {"path": original, "reason": f"{size} bytes is over the {max_bytes}-byte limit"}
            )
            continue
        dest = (target_dir / name).resolve()
        if not dest.is_relative_to(root):  # belt and braces: safe_name already prevents it
            result.refused.append({"path": original, "reason": "path leaves the corpus folder"})
            continue
        target_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(temp, dest)
        result.saved.append(dest.relative_to(root).as_posix())
    return result
