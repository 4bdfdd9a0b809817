"""The Blocks layout and the wiring of its events to the handlers in ``chat.py`` and
``docs_tab.py``; the look (theme, CSS, JS) is in ``look()``."""

from __future__ import annotations

import secrets
from importlib.resources import files
from pathlib import Path
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
    examples = [{"text": str(q)} for q in brand.get("examples", [])]
    with gr.Blocks(title=title, analytics_enabled=False) as demo:
        chats = gr.BrowserState(
            {"current": None, "chats": []},
            storage_key="alliance-assistant-chats",
            secret=browser_secret(settings.data_dir),
        )
        rated = gr.State("")  # the turn the last thumbs rated, for its comment
        with gr.Sidebar(label="Chats", open=False, elem_id="history"):
            new_btn = gr.Button("New chat", variant="primary", elem_id="new-chat")
            chat_list = gr.Radio([], label="Past chats", elem_id="chat-list")
            delete_chat = gr.Button("Delete this chat", size="sm", elem_id="delete-chat")
        gr.Markdown(f"## {title}\n{brand.get('tagline', '')}", elem_id="masthead")
        with gr.Tab("Chat", elem_id="chat-tab"):
            with gr.Row(equal_height=False):
                with gr.Column(scale=3, min_width=320):
                    chatbot = gr.Chatbot(
                        show_label=False,
                        height="calc(100vh - 330px)",
                        min_height=320,
                        elem_id="chat",
                        sanitize_html=True,
                        render_markdown=False,
                        buttons=[],
                        examples=examples,
                        placeholder="Ask a question, or start with one of these:",
                        feedback_options=("Like", "Dislike"),
                    )
                    with gr.Row(elem_id="controls"):
                        box = gr.Textbox(
                            placeholder=str(brand.get("placeholder", "Ask a question...")),
                            show_label=False,
                            scale=4,
                            min_width=200,
                            elem_id="question",
                            submit_btn=True,
                        )
                        scope = gr.Dropdown(
                            list(SCOPES),
                            value="All materials",
                            show_label=False,
                            scale=1,
                            min_width=190,
                            elem_id="scope",
                        )
                    with gr.Row(visible=False, elem_id="feedback-row") as feedback_row:
                        comment = gr.Textbox(scale=4, elem_id="comment", max_lines=3)
                        comment_btn = gr.Button("Send", scale=1, elem_id="comment-send")
                with gr.Column(scale=2, min_width=280, elem_id="sources-col"):
                    gr.HTML(EMPTY_PANEL)
        with gr.Tab("Documents", elem_id="docs-tab") as docs_tab:
            status = gr.Markdown(docs_h.status, elem_id="docs-status")
            files_in = gr.File(
                label="Add documents",
                file_count="multiple",
                file_types=settings.web.upload_types,
                height=150,
                elem_id="upload",
            )
            with gr.Row():
                upload_btn = gr.Button("Upload and index", variant="primary", elem_id="upload-btn")
                reindex_btn = gr.Button("Re-index now", elem_id="reindex")
            summary = gr.Markdown(elem_id="sync-summary")
            gr.Markdown("### Indexed documents")
            query = gr.Textbox(
                placeholder="Filter by title, type or path", show_label=False, elem_id="doc-filter"
            )
            table = gr.Dataframe(
                docs_h.table,
                headers=COLUMNS,
                datatype=["str", "str", "str", "number", "str"],
                interactive=False,
                elem_id="doc-table",
                max_height=420,
            )
            with gr.Row(equal_height=False):
                doomed = gr.Dropdown(
                    [],
                    value=None,
                    label="Uploaded documents",
                    scale=3,
                    elem_id="delete-choice",
                )
                delete_btn = gr.Button("Delete…", variant="stop", scale=1, elem_id="delete-btn")
            with gr.Row(visible=False, elem_id="confirm-row") as confirm_row:
                confirm_text = gr.Markdown(elem_id="confirm-text")
                confirm_btn = gr.Button("Delete", variant="stop", elem_id="confirm-delete")
                cancel_btn = gr.Button("Cancel", elem_id="cancel-delete")

        # chat events
        answer_out = [chatbot, box, chats, chat_list]
        chat_opts: dict[str, Any] = {"concurrency_id": "chat", "show_progress": "minimal"}
        box.submit(chat_h.respond, [box, chats, scope], answer_out, api_name="chat", **chat_opts)
        chat_opts["api_name"] = False  # the two below need the browser's event data
        chatbot.example_select(chat_h.example, [chats, scope], answer_out, **chat_opts)
        chatbot.retry(chat_h.regenerate, [chats, scope], answer_out, **chat_opts)
        chatbot.like(chat_h.rate, [chats], [rated, feedback_row, comment], api_name=False)
        comment.submit(chat_h.comment, [comment, rated], [feedback_row, comment])
        comment_btn.click(chat_h.comment, [comment, rated], [feedback_row, comment])
        conv_out = [chatbot, chats, chat_list, feedback_row]
        new_btn.click(chat_h.new_chat, [chats], conv_out, api_name=False)
        chatbot.clear(chat_h.new_chat, [chats], conv_out, api_name=False)
        chat_list.input(chat_h.select_chat, [chat_list, chats], conv_out, api_name=False)
        delete_chat.click(chat_h.delete_chat, [chats], conv_out, api_name=False)
        demo.load(chat_h.restore, [chats], [chatbot, chats, chat_list], api_name=False)

        # documents events
        sync_opts: dict[str, Any] = {
            "concurrency_limit": 1,
            "concurrency_id": "sync",
            "show_progress_on": [summary],
        }
        refresh = {"fn": docs_h.refresh, "inputs": [query], "outputs": [status, table, doomed]}
        upload_btn.click(
            docs_h.upload, [files_in], [summary, status, files_in], api_name="upload", **sync_opts
        ).then(**refresh, api_name=False)
        reindex_btn.click(
            docs_h.reindex, None, [summary, status], api_name="reindex", **sync_opts
        ).then(**refresh, api_name=False)
        query.change(docs_h.table, [query], [table], api_name=False, show_progress="hidden")
        docs_tab.select(docs_h.refresh, [query], [status, table, doomed], api_name=False)
        delete_btn.click(
            docs_h.ask_delete, [doomed], [confirm_row, confirm_text, summary], api_name=False
        )
        cancel_btn.click(docs_h.cancel_delete, None, [confirm_row], api_name=False)
        confirm_btn.click(
            docs_h.delete,
            [doomed],
            [confirm_row, summary, status],
            api_name="delete_upload",
            **sync_opts,
        ).then(**refresh, api_name=False)
    return demo
