"""The Blocks layout and its event handlers. Every handler calls the Python API
(``ask_stream``, ``Services.sync``, ``Services.status``) and renders what comes back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from app.core.query import ask_stream
from app.core.services import Services
from app.core.types import Answer
from app.interfaces.web.render import ABSTAIN_NOTICE, answer_html, sources_html, status_md, sync_md
from app.interfaces.web.uploads import save_uploads

SCOPES = {
    "All materials": None,
    "Announcements only": {"doc_type": "announcement"},
    "Member profiles only": {"doc_type": "member_profile"},
}


def _text(content: Any) -> str:
    """Message content is a string or a list of parts ({"type": "text", "text": ...})."""
    if isinstance(content, list):
        return " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return str(content or "")


def _pairs(history: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Chat messages -> (question, answer) turns for ``ask_stream``."""
    turns, question = [], None
    for msg in history:
        if msg.get("role") == "user":
            question = _text(msg.get("content"))
        elif question is not None:
            turns.append((question, _text(msg.get("content"))))
            question = None
    return turns


class ChatHandlers:
    def __init__(self, services: Services) -> None:
        self.services = services

    def respond(self, message: str, history: list[dict[str, Any]], scope: str):  # noqa: ANN201
        """Stream the answer into the chat; end with the sources and any notice."""
        message = (message or "").strip()
        if not message:
            yield history, gr.skip(), gr.skip(), ""
            return
        prior = _pairs(history)
        history = [
            *history,
            {"role": "user", "content": message},
            {"role": "assistant", "content": ""},
        ]
        yield history, gr.skip(), gr.update(value="", visible=False), ""
        text = ""
        for piece in ask_stream(
            message, history=prior, filters=SCOPES.get(scope), services=self.services
        ):
            if isinstance(piece, Answer):
                history[-1] = {"role": "assistant", "content": answer_html(piece)}
                notice = gr.update(value=ABSTAIN_NOTICE, visible=piece.abstained)
                if piece.notice and not piece.abstained:
                    notice = gr.update(value=f"**Note:** {piece.notice}", visible=True)
                yield history, sources_html(piece), notice, ""
            else:
                text += piece
                history[-1] = {"role": "assistant", "content": text}
                yield history, gr.skip(), gr.skip(), ""

    def new_chat(self):  # noqa: ANN201
        return [], sources_html(None), gr.update(value="", visible=False), ""

    def upload(self, files: list[Any] | None, progress=gr.Progress()):  # noqa: ANN201, B008
        s = self.services.settings
        pairs = [
            (Path(getattr(f, "name", f)).name, Path(getattr(f, "name", f))) for f in files or []
        ]
        result = save_uploads(
            pairs, s.corpus_dir, allowed_types=s.web.upload_types, max_bytes=s.web.upload_max_bytes
        )
        lines = [f"- refused `{r['path']}`: {r['reason']}" for r in result.refused]
        if result.saved:
            lines.insert(0, "Saved: " + ", ".join(f"`{p}`" for p in result.saved))
        summary, status = self.reindex(progress)
        return "\n".join([*lines, summary]), status, None

    def reindex(self, progress=gr.Progress()):  # noqa: ANN201, B008
        def report(done: int, total: int, path: str) -> None:
            progress((done, total), desc=f"indexing {path}")

        try:
            stats = self.services.indexing.sync(progress=report)
        except Exception as exc:  # a user-caused sync failure is shown, never a traceback
            return f"**Sync failed:** {exc}", self.status()
        return sync_md(stats), self.status()

    def status(self) -> str:
        return status_md(self.services.indexing.status())


def build_app(services: Services) -> gr.Blocks:
    h = ChatHandlers(services)
    look = services.domain.assistant  # title, tagline, placeholder and examples
    title = str(look.get("title", "Assistant"))
    with gr.Blocks(title=title, analytics_enabled=False) as demo:
        gr.Markdown(f"## {title}\n{look.get('tagline', '')}")
        with gr.Tab("Chat"):
            with gr.Row():
                with gr.Column(scale=3):
                    chat = gr.Chatbot(
                        label="Conversation",
                        height=460,
                        elem_id="chat",
                        sanitize_html=True,
                        render_markdown=False,
                    )
                    notice = gr.Markdown(visible=False, elem_id="notice")
                    with gr.Row():
                        box = gr.Textbox(
                            placeholder=str(look.get("placeholder", "Ask a question...")),
                            show_label=False,
                            scale=5,
                            elem_id="question",
                            submit_btn=True,
                        )
                    with gr.Row():
                        scope = gr.Radio(
                            list(SCOPES), value="All materials", label="Search in", elem_id="scope"
                        )
                        clear = gr.Button("New chat", variant="secondary", elem_id="new-chat")
                    gr.Examples(list(look.get("examples", [])), inputs=box, label="Try")
                with gr.Column(scale=2):
                    sources = gr.HTML(sources_html(None), elem_id="sources")
            box.submit(
                h.respond,
                [box, chat, scope],
                [chat, sources, notice, box],
                concurrency_id="chat",
                api_name="chat",
            )
            clear.click(h.new_chat, None, [chat, sources, notice, box], api_name="new_chat")
        with gr.Tab("Documents"):
            status = gr.Markdown(h.status, elem_id="status")
            files = gr.File(
                label="Add documents",
                file_count="multiple",
                file_types=services.settings.web.upload_types,
                elem_id="upload",
            )
            with gr.Row():
                upload_btn = gr.Button("Upload and index", variant="primary", elem_id="upload-btn")
                reindex_btn = gr.Button("Re-index now", elem_id="reindex")
            summary = gr.Markdown(elem_id="sync-summary")
            upload_btn.click(
                h.upload,
                files,
                [summary, status, files],
                concurrency_limit=1,
                concurrency_id="sync",
                api_name="upload",
            )
            reindex_btn.click(
                h.reindex,
                None,
                [summary, status],
                concurrency_limit=1,
                concurrency_id="sync",
                api_name="reindex",
            )
    return demo
