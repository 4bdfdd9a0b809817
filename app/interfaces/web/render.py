"""Answers, sources and index state as HTML/Markdown for the web chat. Presentation only:
everything shown comes from ``Answer`` and ``Services``, and every piece of text from a
document or a user is escaped, so none of it can become markup."""

from __future__ import annotations

import html
import re
import time
from datetime import datetime
from typing import Any
from urllib.parse import quote

from app.core.types import Answer, Citation

TYPE_LABELS = {
    "announcement": "Announcement",
    "member_profile": "Member profile",
    "other": "Document",
}
ABSTAIN_NOTICE = (
    "<strong>No answer in the materials.</strong> The assistant found no passage that answers "
    "this question, so it does not guess. Try rephrasing, or add documents in the Documents tab."
)
SOURCE_ROUTE = "/source/"  # the read-only route that serves a corpus file (routes.py)
_MARKER = re.compile(r"\[(\d+)\]")


def esc(text: Any) -> str:
    return html.escape(str(text or ""), quote=True)


def _lines(escaped: str) -> str:
    return escaped.replace("\n", "<br>")


def plain_text(answer: Answer) -> str:
    """What "Copy" puts on the clipboard: the answer with its ``[n]``, any notice, and a
    "Sources:" list of titles and paths."""
    lines = [answer.text]
    if answer.notice:
        lines.append(f"({answer.notice})")
    if answer.citations:
        lines += ["", "Sources:"]
        lines += [f"[{c.n}] {c.title} ({c.source})" for c in answer.citations]
    return "\n".join(lines)


def card_id(turn: str, n: int) -> str:
    return f"a-{turn}-s{n}"


def answer_text_html(answer: Answer, turn: str) -> str:
    """The answer text, escaped, each known ``[n]`` a link to this answer's source n."""
    known = {c.n for c in answer.citations}

    def link(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if n not in known:
            return match.group(0)
        return f'<a class="cite" href="#{card_id(turn, n)}" title="Show source {n}">[{n}]</a>'

    return _lines(_MARKER.sub(link, esc(answer.text)))


def snippet_text(snippet: str) -> str:
    """The chunk without its leading ``# Title`` / ``## Section`` lines and hard breaks."""
    lines = [ln.rstrip() for ln in (snippet or "").splitlines()]
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines).strip()


def _highlight(snippet: str, quotes: list[str]) -> str:
    out = esc(snippet)
    for quote_text in sorted(quotes, key=len, reverse=True):
        q = esc(quote_text.strip())
        if q and q in out:
            out = out.replace(q, f'<mark class="hl">{q}</mark>', 1)
    return out


def source_card(c: Citation, turn: str) -> str:
    meta = [esc(TYPE_LABELS.get(c.doc_type, c.doc_type or "Document"))]
    if c.date:
        meta.append(esc(c.date))
    meta.append(f"<code>{esc(c.source)}</code>")
    href = esc(SOURCE_ROUTE + quote(c.source))
    return (
        f'<div class="source" id="{card_id(turn, c.n)}">'
        f'<div class="src-head"><span class="src-n">[{c.n}]</span> '
        f'<strong class="src-title">{esc(c.title)}</strong></div>'
        f'<div class="src-meta">{" · ".join(meta)} · <a class="open-doc" href="{href}" '
        f'target="_blank" rel="noopener">Open document</a></div>'
        f'<blockquote class="src-snippet">{_highlight(snippet_text(c.snippet), c.quotes)}'
        "</blockquote></div>"
    )


def answer_html(answer: Answer, turn: str) -> str:
    """One answer as the chat shows it: text with links, notice, a Copy button with its
    plain text, and this answer's own collapsible sources."""
    parts = [f'<div class="answer" id="a-{turn}">']
    parts.append(f'<div class="answer-text">{answer_text_html(answer, turn)}</div>')
    if answer.abstained:
        parts.append(f'<div class="notice">{ABSTAIN_NOTICE}</div>')
    if answer.notice:
        parts.append(f'<div class="notice">{_lines(esc(answer.notice))}</div>')
    parts.append(
        '<div class="answer-tools"><button type="button" class="copy-answer" '
        'title="Copy the answer and its sources as plain text">Copy</button></div>'
    )
    parts.append(f'<pre class="plain">{esc(plain_text(answer))}</pre>')
    if answer.citations:
        cards = "".join(source_card(c, turn) for c in answer.citations)
        parts.append(
            f'<details class="answer-sources"><summary>Sources ({len(answer.citations)})'
            f"</summary>{cards}</details>"
        )
    parts.append("</div>")
    return "".join(parts)


def streaming_html(text: str) -> str:
    """The part of an answer streamed so far: plain escaped text, no links yet."""
    return f'<div class="answer streaming"><div class="answer-text">{_lines(esc(text))}</div></div>'


def question_html(question: str) -> str:
    return f'<div class="question">{_lines(esc(question))}</div>'


def ago(stamp: str, now: float | None = None) -> str:
    """``2024-03-01T14:05:00+0100`` as "just now", "5 minutes ago", "3 hours ago" or a
    local date and time; anything unreadable as it is."""
    try:
        when = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S%z").timestamp()
    except (TypeError, ValueError):
        return stamp or "never"
    seconds = (time.time() if now is None else now) - when
    if seconds < 45:
        return "just now"
    for unit, size in (("minute", 60), ("hour", 3600)):
        count = round(seconds / size)
        if count < (60 if unit == "minute" else 24):
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return time.strftime("%d %b %Y, %H:%M", time.localtime(when))


def status_md(status: dict[str, Any]) -> str:
    return (
        f"**Index:** {status['documents']} documents · {status['chunks']} chunks · "
        f"model `{status['model']}` · last sync {ago(str(status['last_sync']))}"
    )


def sync_md(stats: Any) -> str:
    lines = [
        f"**Sync finished in {stats.seconds:.1f} s:** {stats.added} added · {stats.updated} updated"
        f" · {stats.deleted} deleted · {stats.unchanged} unchanged · {len(stats.failed)} failed"
    ]
    lines += [f"- failed `{f['path']}`: {f['reason']}" for f in stats.failed]
    return "\n".join(lines)
