"""Uploaded files into the corpus: type allow-list, size limit, sanitised names that keep
their type, no path that can leave the corpus folder, and never a silent overwrite."""

from __future__ import annotations

import filecmp
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

MAX_NAME = 120  # characters of a stored file name, its type included


@dataclass
class UploadResult:
    saved: list[str] = field(default_factory=list)
    refused: list[dict[str, str]] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)  # original name -> stored path


def safe_name(name: str, limit: int = MAX_NAME) -> str:
    """The last path component only, reduced to letters, digits, dot, dash, underscore;
    a long name loses the end of its stem, never its type."""
    base = re.split(r"[\\/]", name)[-1]
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip(".-_")
    stem, dot, suffix = base.rpartition(".")
    if not dot or len(suffix) > 10:  # no type, or a "type" that is really part of the name
        return base[:limit]
    keep = max(limit - len(suffix) - 1, 1)
    return f"{stem[:keep].rstrip('.-_')}.{suffix}"


def free_name(target_dir: Path, name: str) -> str:
    """``name`` if nothing has it, else ``stem-2.ext``, ``stem-3.ext``, ... (still short)."""
    if not (target_dir / name).exists():
        return name
    stem, suffix = Path(name).stem, Path(name).suffix
    n = 2
    while True:
        tail = f"-{n}{suffix}"
        candidate = stem[: MAX_NAME - len(tail)] + tail
        if not (target_dir / candidate).exists():
            return candidate
        n += 1


def _same_file(target_dir: Path, name: str, temp: Path) -> Path | None:
    """An already stored upload with exactly these bytes under this name or a renamed one."""
    stem, suffix = Path(name).stem, Path(name).suffix
    for existing in sorted(target_dir.glob(f"{glob_escape(stem)}*{glob_escape(suffix)}")):
        if existing.is_file() and filecmp.cmp(existing, temp, shallow=False):
            return existing
    return None


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def save_uploads(
    files: list[tuple[str, Path]],
    corpus_dir: Path,
    *,
    allowed_types: list[str],
    max_bytes: int,
    folder: str = "uploads",
) -> UploadResult:
    """Copy ``(original name, temp path)`` pairs into ``corpus_dir/folder``. A name that is
    taken gets a numbered name; a file identical to one already uploaded is refused."""
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
        if target_dir.is_dir() and (twin := _same_file(target_dir, name, Path(temp))):
            where = twin.relative_to(root).as_posix()
            result.refused.append({"path": original, "reason": f"already uploaded as {where}"})
            continue
        target_dir.mkdir(parents=True, exist_ok=True)
        stored = free_name(target_dir, name)
        dest = (target_dir / stored).resolve()
        if not dest.is_relative_to(root):  # belt and braces: safe_name already prevents it
            result.refused.append({"path": original, "reason": "path leaves the corpus folder"})
            continue
        with open(temp, "rb") as src, open(dest, "xb") as out:  # x: never replace a file
            shutil.copyfileobj(src, out)
        rel = dest.relative_to(root).as_posix()
        result.saved.append(rel)
        if stored != name:
            result.renamed[original] = rel
    return result
