"""Reading a whole Chroma collection in pages."""

from __future__ import annotations

from typing import Any

PAGE = 5000  # rows per get(): one unpaged get() of ~100k chunks exceeds SQLite's variables


def get_all(
    collection: Any, include: list[str], where: dict[str, Any] | None = None, page: int = PAGE
) -> dict[str, Any]:
    """``collection.get(...)`` of every matching row, read ``page`` rows at a time."""
    out: dict[str, list[Any]] = {"ids": [], **{key: [] for key in include}}
    offset = 0
    while True:
        got = collection.get(include=include, where=where, limit=page, offset=offset)
        for key in out:
            values = got[key]
            out[key].extend(list(values) if values is not None else [])
        if len(got["ids"]) < page:
            return out
        offset += page


def delete_ids(collection: Any, ids: list[str], batch: int = 500) -> None:
    """``collection.delete(ids=...)`` of every id, ``batch`` at a time (one call with too
    many ids exceeds SQLite's variables)."""
    for start in range(0, len(ids), batch):
        collection.delete(ids=ids[start : start + batch])
