"""Versioned prompt files; ``load(name)`` reads one. Nothing is read at import time."""

from __future__ import annotations

from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parent


def load(name: str) -> str:
    return (PROMPTS_DIR / name).read_text(encoding="utf-8")
