"""Answers, sources and index state as HTML/Markdown for the web chat (no logic beyond
presentation: everything shown comes from ``Answer`` and ``Services``)."""

from __future__ import annotations

import html
import re
from typing import Any

from app.core.types import Answer, Citation

TYPE_LABELS = {
    "announcement": "Announcement",
    "member_profile": "Member profile",
    "other": "Document",
}
ABSTAIN_NOTICE = (
    "**No answer in the materials.** The assistant found no passage that answers this "
    "question, so it does not guess. Try rephrasing, or add documents in the Documents tab."
)


def answer_html(answer: Answer) -> str:
    """The answer text with each ``[n]`` turned into a link to its source card."""
    text = html.escape(answer.text)
    known = {c.n for c in answer.citations}

    def link(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if n not in known:
            return match.group(0)
        return f'<a class="cite" href="#src-{n}" title="Show source {n}">[{n}]</a>'

    body = re.sub(r"\[(\d+)\]", link, text)
    if answer.notice:
        body += f'<br><em class="notice">{html.escape(answer.notice)}</em>'
    return body


def _highlight(snippet: str, quotes: list[str]) -> str:
    out = html.escape(snippet)
    for quote in sorted(quotes, key=len, reverse=True):
        q = html.escape(quote)
        if q and q in out:
            out = out.replace(q, f"<mark>{q}</mark>", 1)
    return out


def source_card(c: Citation) -> str:
    meta = [TYPE_LABELS.get(c.doc_type, c.doc_type or "Document")]
    if c.date:
        meta.append(html.escape(c.date))
    return (
        f'<div class="source" id="src-{c.n}" data-n="{c.n}">'
        f'<div class="src-head"><span class="src-n">[{c.n}]</span> '
        f"<strong>{html.escape(c.title)}</strong></div>"
        f'<div class="src-meta">{" · ".join(meta)} · <code>{html.escape(c.source)}</code></div>'
        f'<blockquote class="src-snippet">{_highlight(c.snippet, c.quotes)}</blockquote>'
        "</div>"
    )


def sources_html(answer: Answer | None) -> str:
    if answer is None or not answer.citations:
        return '<div class="sources empty">Sources of the latest answer appear here.</div>'
    cards = "".join(source_card(c) for c in answer.citations)
    return f'<div class="sources"><h3>Sources</h3>{cards}</div>'


def status_md(status: dict[str, Any]) -> str:
    return (
        f"**Index:** {status['documents']} documents · {status['chunks']} chunks · "
        f"model `{status['model']}` · last sync {status['last_sync']}"
    )


def sync_md(stats: Any) -> str:
    lines = [
        f"**Sync finished in {stats.seconds:.1f} s:** {stats.added} added · {stats.updated} updated"
        f" · {stats.deleted} deleted · {stats.unchanged} unchanged · {len(stats.failed)} failed"
    ]
    lines += [f"- failed `{f['path']}`: {f['reason']}" for f in stats.failed]
    return "\n".join(lines)


CSS = """
#sources { max-height: 720px; overflow-y: auto; }
.sources .source { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 8px 10px; margin: 6px 0; }
.sources .source:target, .sources .source.active { outline: 3px solid #f59e0b; }
.src-meta { font-size: 0.85em; opacity: 0.8; }
.src-snippet { white-space: pre-wrap; font-size: 0.9em; margin: 6px 0 0 0; }
.src-snippet mark { background: #fde68a; }
a.cite { text-decoration: none; font-weight: 600; }
#notice { border-left: 4px solid #f59e0b; padding-left: 8px; }
"""

# Clicking a marker scrolls its source card into view and highlights it.
JS = """
() => {
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a.cite');
    if (!link) return;
    event.preventDefault();
    const card = document.querySelector(link.getAttribute('href'));
    if (!card) return;
    const active = document.querySelectorAll('.sources .source.active');
    active.forEach((c) => c.classList.remove('active'));
    card.classList.add('active');
    card.scrollIntoView({behavior: 'smooth', block: 'nearest'});
  });
}
"""
