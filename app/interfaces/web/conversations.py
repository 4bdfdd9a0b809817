"""Conversation history as the browser keeps it (``gr.BrowserState``): plain JSON, so a
reload brings every chat back and the server holds nothing per user.

State: ``{"current": chat id or None, "chats": [chat, ...]}`` (most recent first); a chat is
``{"id", "title", "updated", "turns": [turn, ...]}``; a turn is ``{"id", "question",
"scope", "answer": {...}}``, the answer as ``Answer`` fields without its signals. Anything
that comes back from the browser is checked, never trusted."""

from __future__ import annotations

import time
import uuid
from dataclasses import fields
from typing import Any

from app.core.types import Answer, Citation
from app.interfaces.web.render import answer_html, question_html

MAX_CHATS = 20
MAX_TURNS = 40
TITLE_CHARS = 60
_CITATION_FIELDS = {f.name for f in fields(Citation)} - {"chunk_id", "score"}


def empty() -> dict[str, Any]:
    return {"current": None, "chats": []}


def new_id() -> str:
    return uuid.uuid4().hex[:10]


def clean(state: Any) -> dict[str, Any]:
    """The state as the browser sent it, reduced to what it may hold."""
    if not isinstance(state, dict) or not isinstance(state.get("chats"), list):
        return empty()
    chats = [c for c in state["chats"] if _valid_chat(c)][:MAX_CHATS]
    current = state.get("current")
    if not any(c["id"] == current for c in chats):
        current = None
    return {"current": current, "chats": chats}


def _valid_chat(chat: Any) -> bool:
    return (
        isinstance(chat, dict)
        and isinstance(chat.get("id"), str)
        and isinstance(chat.get("turns"), list)
        and all(isinstance(t, dict) and isinstance(t.get("answer"), dict) for t in chat["turns"])
    )


def current_chat(state: dict[str, Any]) -> dict[str, Any] | None:
    return next((c for c in state["chats"] if c["id"] == state["current"]), None)


def turns(state: dict[str, Any]) -> list[dict[str, Any]]:
    chat = current_chat(state)
    return list(chat["turns"]) if chat else []


def to_answer(data: dict[str, Any]) -> Answer:
    cites = []
    for c in data.get("citations") or []:
        if not isinstance(c, dict) or not str(c.get("n", "")).isdigit():
            continue
        kept = {k: str(c.get(k) or "") for k in ("source", "title", "snippet", "doc_type", "date")}
        quotes = [str(q) for q in c.get("quotes") or [] if isinstance(q, str)]
        cites.append(Citation(n=int(c["n"]), score=0.0, chunk_id="", quotes=quotes, **kept))
    return Answer(
        text=str(data.get("text", "")),
        citations=cites,
        abstained=bool(data.get("abstained")),
        question=str(data.get("question", "")),
        notice=str(data.get("notice", "")),
    )


def make_turn(question: str, scope: str, answer: Answer) -> dict[str, Any]:
    cites = [{k: getattr(c, k) for k in sorted(_CITATION_FIELDS)} for c in answer.citations]
    return {
        "id": new_id(),
        "question": question,
        "scope": scope,
        "answer": {
            "text": answer.text,
            "citations": cites,
            "abstained": answer.abstained,
            "question": answer.question,
            "notice": answer.notice,
        },
    }


def add_turn(state: dict[str, Any], turn: dict[str, Any]) -> dict[str, Any]:
    """Append to the current chat (a new one if none), which becomes the most recent."""
    chat = current_chat(state)
    if chat is None:
        title = " ".join(turn["question"].split())
        if len(title) > TITLE_CHARS:
            title = title[: TITLE_CHARS - 1].rstrip() + "…"
        chat = {"id": new_id(), "title": title or "New chat", "updated": 0.0, "turns": []}
    chat = {**chat, "turns": [*chat["turns"], turn][-MAX_TURNS:], "updated": time.time()}
    others = [c for c in state["chats"] if c["id"] != chat["id"]]
    return {"current": chat["id"], "chats": [chat, *others][:MAX_CHATS]}


def drop_last_turn(state: dict[str, Any]) -> dict[str, Any]:
    chat = current_chat(state)
    if chat is None or not chat["turns"]:
        return state
    chat = {**chat, "turns": chat["turns"][:-1]}
    return {**state, "chats": [chat if c["id"] == chat["id"] else c for c in state["chats"]]}


def select(state: dict[str, Any], chat_id: str | None) -> dict[str, Any]:
    known = any(c["id"] == chat_id for c in state["chats"])
    return {**state, "current": chat_id if known else None}


def delete_current(state: dict[str, Any]) -> dict[str, Any]:
    """Remove the current chat; the next most recent one, if any, becomes current."""
    rest = [c for c in state["chats"] if c["id"] != state["current"]]
    return {"current": rest[0]["id"] if rest else None, "chats": rest}


def choices(state: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c.get("title") or "Chat", c["id"]) for c in state["chats"]]


def messages(chat_turns: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The chat as Gradio messages: escaped question, rendered answer with its sources."""
    out = []
    for turn in chat_turns:
        out.append({"role": "user", "content": question_html(str(turn.get("question", "")))})
        answer = to_answer(turn["answer"])
        out.append({"role": "assistant", "content": answer_html(answer, _turn_id(turn))})
    return out


def _turn_id(turn: dict[str, Any]) -> str:
    tid = str(turn.get("id", ""))
    return tid if tid.isalnum() else new_id()  # ids end up in HTML ids and links


def pairs(chat_turns: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(question, answer text) turns for ``ask_stream``'s follow-up handling."""
    return [(str(t.get("question", "")), str(t["answer"].get("text", ""))) for t in chat_turns]
