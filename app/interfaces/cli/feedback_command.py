"""``alliance-assistant feedback [--json]``: the thumbs up/down the web chat collected."""

from __future__ import annotations

import argparse
import json
from typing import Any

WIDTH = 60  # characters of a question or comment in the table


def _short(text: str, width: int = WIDTH) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "no feedback yet"
    up = sum(r["rating"] == "up" for r in rows)
    lines = [f"{len(rows)} ratings: {up} up, {len(rows) - up} down"]
    for r in rows:
        lines.append(f"{r['time']}  {r['rating']:<4}  {_short(r['question'])}")
        if r["comment"]:
            lines.append(f"{'':26}comment: {_short(r['comment'])}")
    return "\n".join(lines)


def cmd_feedback(args: argparse.Namespace) -> int:
    from app.core.settings import Settings
    from app.interfaces.web.feedback import FeedbackStore

    settings = Settings(**({"data_dir": args.data_dir} if args.data_dir else {}))
    rows = FeedbackStore.in_data_dir(settings.data_dir).rows()
    print(json.dumps(rows) if args.json else render(rows))
    return 0


def add_command(sub: Any) -> None:
    p = sub.add_parser("feedback", help="export the web chat's thumbs up/down and comments")
    p.add_argument("--json", action="store_true", help="every rating as one JSON list")
    p.set_defaults(func=cmd_feedback)
