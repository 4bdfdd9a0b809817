"""The Blocks layout and the wiring of its events to the handlers in ``chat.py`` and
``docs_tab.py``; the look (theme, CSS, JS) is in ``look()``."""

from __future__ import annotations

import secrets
from importlib.resources import files
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr

from app.core.services import Services
from app.interfaces.web.chat import SCOPES, ChatHandlers
from app.interfaces.web.docs_tab import DocumentHandlers
from app.interfaces.web.documents import COLUMNS
from app.interfaces.web.feedback import FeedbackStore

SYSTEM_FONTS = [
    "system-ui",
    "-apple-system",
    "Segoe UI",
    "Roboto",
    "Helvetica Neue",
    "Arial",
    "sans-serif",
]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"]
EMPTY_PANEL = (
    '<div id="side-sources" class="sources"><p class="empty">'
    "The sources of an answer appear here.</p></div>"
)


def look() -> dict[str, Any]:
    """``launch()`` keyword arguments: a theme on system fonts (nothing to fetch offline),
    the chat's CSS and its JS (citations, copy, side panel, aria labels)."""
    static = files("app.interfaces.web") / "static"
    return {
        "theme": gr.themes.Default(font=SYSTEM_FONTS, font_mono=MONO_FONTS),
        "css": (static / "chat.css").read_text(encoding="utf-8"),
        "js": (static / "chat.js").read_text(encoding="utf-8"),
    }


def browser_secret(data_dir: Path) -> str:
    """The key the conversations are encrypted with in the browser, kept in the data dir
    so that history survives a restart of the server too."""
    path = Path(data_dir) / "web-secret"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_urlsafe(24)
        path.write_text(secret, encoding="utf-8")
        path.chmod(0o600)
        return secret


def build_app(services: Services) -> gr.Blocks:
    settings = services.settings
    chat_h = ChatHandlers(services, FeedbackStore.in_data_dir(settings.data_dir))
    docs_h = DocumentHandlers(services)
    brand = services.domain.assistant  # title, tagline, placeholder and examples
    title = str(brand.get("title", "Assistant"))
    with gr.Blocks(title=title, analytics_enabled=False) as demo:
        chats = gr.BrowserState(
            {"current": None, "chats": []},
            storage_key="alliance-assistant-chats",
            secret=browser_secret(settings.data_dir),
        )
        with gr.Sidebar(label="Chats", open=False, elem_id="history"):
            side = _sidebar()
        gr.Markdown(f"## {title}\n{brand.get('tagline', '')}", elem_id="masthead")
        with gr.Tab("Chat", elem_id="chat-tab"):
            chat = _chat_tab(brand)
        with gr.Tab("Documents", elem_id="docs-tab") as docs_tab:
            docs = _documents_tab(docs_h, settings.web.upload_types)
        _wire_chat(chat_h, chats, side, chat)
        demo.load(chat_h.restore, [chats], [chat.bot, chats, side.list], api_name=False)
        _wire_documents(docs_h, docs, docs_tab)
    return demo


def _sidebar() -> SimpleNamespace:
    return SimpleNamespace(
        new=gr.Button("New chat", variant="primary", elem_id="new-chat"),
        list=gr.Radio([], label="Past chats", elem_id="chat-list"),
        delete=gr.Button("Delete this chat", size="sm", elem_id="delete-chat"),
    )


def _chat_tab(brand: dict[str, Any]) -> SimpleNamespace:
    v = SimpleNamespace()
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=320):
            v.bot = gr.Chatbot(
                show_label=False,
                height="calc(100vh - 330px)",
                min_height=320,
                elem_id="chat",
                sanitize_html=True,
                render_markdown=False,  # the answers are our escaped HTML
                buttons=[],  # Gradio's copy would copy that HTML: ours copies plain text
                examples=[{"text": str(q)} for q in brand.get("examples", [])],
                placeholder="Ask a question, or start with one of these:",
                feedback_options=("Like", "Dislike"),
            )
            with gr.Row(elem_id="controls"):
                v.box = gr.Textbox(
                    placeholder=str(brand.get("placeholder", "Ask a question...")),
                    show_label=False,
                    scale=4,
                    min_width=200,
                    elem_id="question",
                    submit_btn=True,
                )
                v.scope = gr.Dropdown(
                    list(SCOPES),
                    value="All materials",
                    show_label=False,
                    scale=1,
                    min_width=190,
                    elem_id="scope",
                )
            with gr.Row(visible=False, elem_id="feedback-row") as v.feedback_row:
                v.comment = gr.Textbox(scale=4, elem_id="comment", max_lines=3)
                v.send = gr.Button("Send", scale=1, elem_id="comment-send")
        with gr.Column(scale=2, min_width=280, elem_id="sources-col"):
            gr.HTML(EMPTY_PANEL)
    v.rated = gr.State("")  # the turn the last thumbs rated, for its comment
    return v


def _documents_tab(docs_h: DocumentHandlers, upload_types: list[str]) -> SimpleNamespace:
    v = SimpleNamespace()
    v.status = gr.Markdown(docs_h.status, elem_id="docs-status")
    v.files = gr.File(
        label="Add documents",
        file_count="multiple",
        file_types=upload_types,
        height=150,
        elem_id="upload",
    )
    with gr.Row():
        v.upload = gr.Button("Upload and index", variant="primary", elem_id="upload-btn")
        v.reindex = gr.Button("Re-index now", elem_id="reindex")
    v.summary = gr.Markdown(elem_id="sync-summary")  # progress shows here, not on the status
    gr.Markdown("### Indexed documents")
    v.query = gr.Textbox(
        placeholder="Filter by title, type or path", show_label=False, elem_id="doc-filter"
    )
    v.table = gr.Dataframe(
        docs_h.table,
        headers=COLUMNS,
        datatype=["str", "str", "str", "number", "str"],
        interactive=False,
        elem_id="doc-table",
        max_height=420,
    )
    with gr.Row(equal_height=False):
        v.doomed = gr.Dropdown(
            [], value=None, label="Uploaded documents", scale=3, elem_id="delete-choice"
        )
        v.delete = gr.Button("Delete…", variant="stop", scale=1, elem_id="delete-btn")
    with gr.Row(visible=False, elem_id="confirm-row") as v.confirm_row:
        v.confirm_text = gr.Markdown(elem_id="confirm-text")
        v.confirm = gr.Button("Delete", variant="stop", elem_id="confirm-delete")
        v.cancel = gr.Button("Cancel", elem_id="cancel-delete")
    return v


def _wire_chat(h: ChatHandlers, chats: Any, side: SimpleNamespace, v: SimpleNamespace) -> None:
    answer_out = [v.bot, v.box, chats, side.list]
    opts: dict[str, Any] = {"concurrency_id": "chat", "show_progress": "minimal"}
    v.box.submit(h.respond, [v.box, chats, v.scope], answer_out, api_name="chat", **opts)
    opts["api_name"] = False  # the two below need the browser's event data
    v.bot.example_select(h.example, [chats, v.scope], answer_out, **opts)
    v.bot.retry(h.regenerate, [chats, v.scope], answer_out, **opts)
    v.bot.like(h.rate, [chats], [v.rated, v.feedback_row, v.comment], api_name=False)
    v.comment.submit(h.comment, [v.comment, v.rated], [v.feedback_row, v.comment])
    v.send.click(h.comment, [v.comment, v.rated], [v.feedback_row, v.comment])
    conv_out = [v.bot, chats, side.list, v.feedback_row]
    side.new.click(h.new_chat, [chats], conv_out, api_name=False)
    v.bot.clear(h.new_chat, [chats], conv_out, api_name=False)
    side.list.input(h.select_chat, [side.list, chats], conv_out, api_name=False)
    side.delete.click(h.delete_chat, [chats], conv_out, api_name=False)


def _wire_documents(h: DocumentHandlers, v: SimpleNamespace, tab: Any) -> None:
    sync: dict[str, Any] = {
        "concurrency_limit": 1,
        "concurrency_id": "sync",
        "show_progress_on": [v.summary],
    }
    # The table's refresh and its filter run one at a time, in the order they were asked for:
    # a refresh asked for before the filter was typed must not land after it and undo it.
    table = {"concurrency_limit": 1, "concurrency_id": "doc-table"}
    refresh = {
        "fn": h.refresh,
        "inputs": [v.query],
        "outputs": [v.status, v.table, v.doomed],
        **table,
    }
    v.upload.click(
        h.upload, [v.files], [v.summary, v.status, v.files], api_name="upload", **sync
    ).then(**refresh, api_name=False)
    v.reindex.click(h.reindex, None, [v.summary, v.status], api_name="reindex", **sync).then(
        **refresh, api_name=False
    )
    v.query.change(h.table, [v.query], [v.table], api_name=False, show_progress="hidden", **table)
    tab.select(**refresh, api_name=False)
    v.delete.click(
        h.ask_delete, [v.doomed], [v.confirm_row, v.confirm_text, v.summary], api_name=False
    )
    v.cancel.click(h.cancel_delete, None, [v.confirm_row], api_name=False)
    v.confirm.click(
        h.delete, [v.doomed], [v.confirm_row, v.summary, v.status], api_name="delete_upload", **sync
    ).then(**refresh, api_name=False)
