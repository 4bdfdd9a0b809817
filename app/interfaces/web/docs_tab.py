"""The Documents tab's event handlers: upload, re-index, the table of indexed documents
and deleting an upload (after a confirmation)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import gradio as gr

from app.core.services import Services
from app.interfaces.web.documents import DeleteError, DocumentList, delete_upload
from app.interfaces.web.render import esc, status_md, sync_md
from app.interfaces.web.uploads import save_uploads
from ingest.lock import IndexLockedError, describe_holder

log = logging.getLogger(__name__)


def _user_error(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


class DocumentHandlers:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.documents = DocumentList(services)

    def status(self) -> str:
        return status_md(self.services.indexing.status())

    def table(self, query: str = "") -> list[list[Any]]:
        return self.documents.table(query)

    def refresh(self, query: str) -> tuple:
        """Outputs: status, table, deletable uploads (when the tab is opened)."""
        return self.status(), self.table(query), self.uploads()

    def uploads(self) -> Any:
        return gr.update(choices=self.documents.uploads(), value=None)

    def _sync(self, progress: gr.Progress) -> str:
        def report(done: int, total: int, path: str) -> None:
            progress((done, total), desc=f"indexing {path}")

        try:
            return sync_md(self.services.indexing.sync(progress=report))
        except IndexLockedError as exc:  # another process is syncing: say what to do
            who = esc(describe_holder(exc.holder))
            return (
                f"**Not indexed yet:** another sync is running ({who}). Files you added are "
                "saved; press **Re-index now** when it has finished."
            )
        except Exception as exc:  # a user-caused sync failure is shown, never a traceback
            log.warning("sync from the web chat failed: %s", exc)
            return f"**Sync failed:** {esc(_user_error(exc))}"

    def upload(self, files: list[Any] | None, progress=gr.Progress()):  # noqa: ANN201, B008
        """Outputs: summary, status, upload box."""
        s = self.services.settings
        pairs = [
            (Path(getattr(f, "name", f)).name, Path(getattr(f, "name", f))) for f in files or []
        ]
        result = save_uploads(
            pairs, s.corpus_dir, allowed_types=s.web.upload_types, max_bytes=s.web.upload_max_bytes
        )
        lines = []
        if result.saved:
            lines.append("**Saved:** " + ", ".join(esc(p) for p in result.saved))
        lines += [
            f"- renamed {esc(Path(o).name)} to {esc(p)}: that name was taken"
            for o, p in result.renamed.items()
        ]
        lines += [f"- refused {esc(r['path'])}: {esc(r['reason'])}" for r in result.refused]
        lines.append(self._sync(progress))
        return "\n\n".join(lines), self.status(), None

    def reindex(self, progress=gr.Progress()):  # noqa: ANN201, B008
        """Outputs: summary, status."""
        return self._sync(progress), self.status()

    def ask_delete(self, source: str | None) -> tuple:
        """Outputs: confirmation row, its text, summary."""
        if not source:
            return gr.update(visible=False), gr.skip(), "Choose an uploaded document first."
        question = (
            f"Delete **{esc(source)}**? Its file and its index entries are removed; "
            "answers will no longer cite it."
        )
        return gr.update(visible=True), question, gr.skip()

    def delete(self, source: str | None) -> tuple:
        """Outputs: confirmation row, summary, status."""
        try:
            stats = delete_upload(self.services, source or "")
            summary = f"**Deleted** {esc(source)}.\n\n{sync_md(stats)}"
        except DeleteError as exc:
            summary = f"**Not deleted:** {esc(exc)}"
        except Exception as exc:  # e.g. another process holds the writer lock
            log.warning("delete from the web chat failed: %s", exc)
            summary = f"**Not deleted:** {esc(_user_error(exc))}"
        return gr.update(visible=False), summary, self.status()

    def cancel_delete(self) -> Any:
        return gr.update(visible=False)
