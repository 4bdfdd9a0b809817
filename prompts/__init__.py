"""Versioned prompt files. A prompt is ``<name>.v<N>.md``; ``load(name)`` reads the newest
version unless one is asked for. Nothing is read at import time."""

from __future__ import annotations

import re
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parent


def versions(name: str) -> list[int]:
    found = (re.fullmatch(rf"{re.escape(name)}\.v(\d+)\.md", p.name) for p in PROMPTS_DIR.iterdir())
    return sorted(int(m.group(1)) for m in found if m)


def load(name: str, version: int | None = None) -> str:
    """The text of prompt ``name`` (e.g. ``load("answer")`` -> ``answer.vN.md``)."""
    available = versions(name)
    if not available:
        raise FileNotFoundError(f"no prompt named {name!r} in {PROMPTS_DIR}")
    chosen = version if version is not None else available[-1]
    return (PROMPTS_DIR / f"{name}.v{chosen}.md").read_text(encoding="utf-8")
