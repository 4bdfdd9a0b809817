"""File -> documents with metadata. Every failure a user can cause is a ``LoadError``
with one clear reason; nothing here touches the index."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ingest.dates import dates_in, document_date, iso, long_date
from ingest.domain import Domain, load_domain

# What a file reads as: bumped whenever a reader's output changes for some file (2: Markdown
# pipe tables read as rows; 3: e-mail threads; 4: a PDF sentence across a page break). A
# sync after a bump reads every file again.
READER_VERSION = "4"
TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm"}
RECORD_SUFFIXES = {".csv", ".json", ".yaml", ".yml"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | RECORD_SUFFIXES | {".pdf"}
MEMBER_FIELDS = ("name", "short_name", "kind", "detail", "country")
TRUE = {"true", "yes", "1", "y"}
FOLDER_TYPES = {"announcements": "announcement", "members": "member_profile"}
DOC_TYPES = {"announcement", "member_profile", "other"}

log = logging.getLogger(__name__)


class LoadError(ValueError):
    """A file that cannot be indexed; the message is the reason shown to the user."""


@dataclass
class SourceDocument:
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


def load_file(
    path: Path,
    root: Path,
    *,
    max_bytes: int,
    domain: Domain | None = None,
    max_pages: int | None = None,
) -> list[SourceDocument]:
    """Read one corpus file into one or more ``SourceDocument``s (records: one per member)."""
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise LoadError(f"unsupported file type {path.suffix.lower() or '(none)'}")
    data = read_file(path, max_bytes)
    return parse_file(data, path, root, max_bytes=max_bytes, domain=domain, max_pages=max_pages)


def parse_file(
    data: bytes,
    path: Path,
    root: Path,
    *,
    max_bytes: int,
    domain: Domain | None = None,
    max_pages: int | None = None,
) -> list[SourceDocument]:
    """The documents in a file's bytes (what may run in a worker with a time budget: no
    file access). A PDF of more than ``max_pages`` pages, or with a page that unpacks to
    more than ``max_bytes``, is refused before its text is extracted."""
    rel = path.relative_to(root).as_posix()
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(f"unsupported file type {suffix or '(none)'}")
    if not data.strip():
        raise LoadError("empty file")
    base = {"source": rel, "doc_type": _folder_type(rel)}
    try:
        if suffix == ".pdf":
            docs = _load_pdf(data, base, path, PdfLimits(max_pages, max_bytes))
        else:
            docs = _parse(data, suffix, base, path, domain or load_domain())
    except LoadError:
        raise
    except RecursionError as exc:
        raise LoadError("nested too deeply to read") from exc
    except Exception as exc:  # a parser's bug on hostile input must not stop the sync
        log.warning("cannot parse path=%s", rel, exc_info=True)
        raise LoadError(f"cannot parse this {suffix} file ({type(exc).__name__})") from exc
    if not any(d.text.strip() for d in docs):
        raise LoadError("no text to index")
    return docs


def read_file(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing more than ``max_bytes`` even if it grows while read."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a pipe would block the open forever
            raise LoadError("not a regular file (device, pipe or socket)")
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise LoadError(f"file is {size} bytes, over the {max_bytes}-byte limit")
            data = fh.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise LoadError("file disappeared while it was being read") from exc
    except PermissionError as exc:
        raise LoadError("permission denied") from exc
    except IsADirectoryError as exc:
        raise LoadError("is a directory") from exc
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise LoadError(f"file grew over the {max_bytes}-byte limit while it was being read")
    return data


def _parse(
    data: bytes, suffix: str, base: dict[str, Any], path: Path, domain: Domain
) -> list[SourceDocument]:
    text = _decode(data)
    if suffix in RECORD_SUFFIXES:
        return _load_records(text, suffix, base, domain)
    if suffix in {".html", ".htm"}:
        return [_load_html(text, base, path)]
    if suffix in {".md", ".markdown"}:
        return [_load_markdown(text, base, path)]
    text, meta = email_headers(text, dict(base))
    text = quoted_replies(earlier_messages(text))
    text = pipe_tables(unwrap(plain_text_structure(text)))
    return [_finish(SourceDocument(text, meta), path)]


QUOTE_MARKS = re.compile(r"^(?:[ \t]*>)+[ \t]?")  # "> > " before a quoted e-mail's lines
ATTRIBUTION = re.compile(  # "On Mon, 14 Oct 2024 at 08:05, Tomasz Wielgosz <t@x.org> wrote:"
    r"^On (?P<when>.+?),? (?P<who>[^,<>]+?)\s*(?:<[^<>]*>)?\s+wrote:\s*$"
)


def quoted_replies(text: str) -> str:
    """An e-mail thread saved as text: each earlier message quoted under "On <date>, <name>
    wrote:" is a section headed with who wrote it and when, its lines read without their
    "> " marks (they are statements like any others, hard-wrapped as the rest)."""
    if not re.search(r"^[ \t]*>", text, re.M):
        return text
    out = []
    for raw in text.splitlines():
        line = QUOTE_MARKS.sub("", raw)
        said = ATTRIBUTION.match(line.strip())
        if said:
            out.extend(["", f"## {said.group('who').strip()} wrote on {said.group('when')}", ""])
        else:
            out.append(line)
    return "\n".join(out)


# an e-mail's header lines ("Subject: ...", "From: ...") before its first blank line
# (any header: "Content-Type:", "MIME-Version:", "X-Mailer:" come with a saved e-mail)
HEADER_LINE = re.compile(r"^([a-z][\w-]*):[ \t]*(.*)$", re.I)


REPLY_MARKS = re.compile(r"^(?:(?:re|fwd?|aw|sv|wg)\s*:\s*)+", re.I)  # "Re: Re: Fwd: "


def email_headers(text: str, meta: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A text saved from an e-mail (a newsletter) starts with its headers: the subject is
    its title and its ``#`` heading, the date dates it, and the addresses are left out (they
    say nothing, and would be read with every chunk as part of the title)."""
    lines = text.lstrip("\ufeff").splitlines()
    head = []
    used = 0
    for line in lines:
        if not line.strip():
            break
        used += 1
        if line[:1] in " \t" and head:  # a header folded onto the next line
            head[-1] = (head[-1][0], f"{head[-1][1]} {line.strip()}")
            continue
        match = HEADER_LINE.match(line.strip())
        if not match:
            return text, meta
        head.append((match.group(1).lower(), match.group(2).strip()))
    fields = dict(head)
    if "subject" not in fields or len(head) < 2:
        return text, meta
    fields["subject"] = REPLY_MARKS.sub("", fields["subject"]) or fields["subject"]
    meta["title"] = fields["subject"]
    if sent := iso(fields.get("date", "")):
        meta["date"] = sent
    body = "\n".join(lines[used:]).strip()
    sender = _sender(fields.get("from", ""))
    if sender and ORIGINAL.search(body):  # a thread: each message headed with its writer
        when = f" on {long_date(meta['date'])}" if sent else ""
        body = f"## {sender} wrote{when}\n\n{body}"
    return f"# {fields['subject']}\n\n{body}", meta


# "-----Original message-----": an earlier message quoted below the reply, its headers first
ORIGINAL = re.compile(r"^\s*-{2,}\s*(?:original|forwarded)\s+message\s*-{2,}\s*$", re.I | re.M)


def earlier_messages(text: str) -> str:
    """An e-mail thread whose earlier messages follow "-----Original message-----" and their
    header lines: each is a section headed with who wrote it and when ("## Amani Wekesa
    wrote on 3 June 2025"), without the header lines (addresses say nothing)."""
    if not ORIGINAL.search(text):
        return text
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        fields: dict[str, str] = {}
        j = i + 1
        while ORIGINAL.match(lines[i]) and j < len(lines) and lines[j].strip():
            header = HEADER_LINE.match(lines[j].strip())
            if not header:
                break
            fields[header.group(1).lower()] = header.group(2).strip()
            j += 1
        if "from" not in fields:
            out.append(lines[i])
            i += 1
            continue
        who = _sender(fields["from"]) or fields["from"]
        sent = fields.get("date") or fields.get("sent") or ""
        when = long_date(iso(sent)) if iso(sent) else sent
        out.extend(["", f"## {who} wrote on {when}" if when else f"## {who} wrote", ""])
        i = j
    return "\n".join(out)


def _sender(field: str) -> str:
    """A "From:" header's name, without its address: "Ana Rocha <ana@x.org>" -> "Ana Rocha"."""
    return re.sub(r"\s*<[^<>]*>", "", field).strip().strip('"')


def _folder_type(rel: str) -> str:
    for part in rel.split("/")[:-1]:
        if part in FOLDER_TYPES:
            return FOLDER_TYPES[part]
    return "other"


def _decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise LoadError("binary content (NUL bytes), not a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(f"not valid UTF-8 (bad byte at offset {exc.start})") from exc
    if not text.strip():
        raise LoadError("empty file")
    return text


def _scalar(value: Any) -> str | int | float | bool:
    """Chroma metadata holds scalars only."""
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _merge_meta(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    meta = dict(base)
    for key, value in extra.items():
        if key == "source":
            continue  # the path is the source of truth
        meta[str(key)] = _scalar(value)
    if "founding_member" in meta:  # "true", "yes", 1 in a CSV or YAML record
        meta["founding_member"] = str(meta["founding_member"]).strip().lower() in TRUE
    if "joined" in meta:
        meta["joined"] = iso(meta["joined"]) or str(meta["joined"])
    if meta.get("doc_type") not in DOC_TYPES:
        meta["doc_type"] = base["doc_type"]
    return meta


def _finish(doc: SourceDocument, path: Path) -> SourceDocument:
    """Fill the metadata every document carries: title and date."""
    meta = doc.metadata
    if not meta.get("title"):
        heading = re.search(r"^#\s+(.+)$", doc.text, flags=re.M)
        first = next((ln.strip() for ln in doc.text.splitlines() if ln.strip()), "")
        meta["title"] = (heading.group(1) if heading else first[:120]) or path.stem
    meta["title"] = str(meta["title"]).strip()
    meta["date"], meta["date_source"] = document_date(meta, doc.text, path)
    return doc


class _AliasError(yaml.YAMLError):
    pass


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML without ``*alias`` references: nine nested aliases expand a 300-byte
    file into gigabytes of metadata."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise _AliasError("YAML aliases (*name) are not allowed")
        return super().compose_node(parent, index)


def _yaml(text: str, what: str, first_line: int) -> Any:
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None and "*" not in text:  # no alias possible: libyaml, 10x faster
        try:
            return yaml.load(text, Loader=fast)  # noqa: S506 - a safe loader
        except yaml.YAMLError:
            pass  # the careful loader below says what is wrong, as it always did
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader subclass
    except _AliasError as exc:
        raise LoadError(f"{what}: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + first_line})" if mark else ""
        raise LoadError(f"{what}: invalid YAML{where}") from exc


FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def _load_markdown(text: str, base: dict[str, Any], path: Path) -> SourceDocument:
    body, meta = text, dict(base)
    if text.startswith("---"):
        match = FRONT_MATTER.match(text)
        if not match:
            raise LoadError("malformed front matter: no closing '---' line")
        front = _yaml(match.group(1), "malformed front matter", first_line=2)
        if front is not None and not isinstance(front, dict):
            raise LoadError("malformed front matter: expected 'key: value' lines")
        meta = _merge_meta(base, front or {})
        body = text[match.end() :]
    return _finish(SourceDocument(pipe_tables(unwrap(body)).strip(), meta), path)


def _load_html(text: str, base: dict[str, Any], path: Path) -> SourceDocument:
    from ingest.html_text import html_to_text

    title, body = html_to_text(text)
    meta = dict(base)
    if title:
        meta["title"] = title
    return _finish(SourceDocument(body, meta), path)


@dataclass(frozen=True)
class PdfLimits:
    max_pages: int | None = None
    max_page_bytes: int | None = None  # what one page's drawing instructions may unpack to


def _pdf_pages(reader: Any, limits: PdfLimits) -> list[Any]:
    """The pages, refused before any text is extracted when there are too many or one of
    them unpacks to more than a whole file may hold (a page bomb: many pages sharing one
    huge compressed stream)."""
    pages = list(reader.pages)
    if limits.max_pages is not None and len(pages) > limits.max_pages:
        raise LoadError(f"PDF has {len(pages)} pages, over the {limits.max_pages}-page limit")
    if limits.max_page_bytes is not None:
        for n, page in enumerate(pages, start=1):
            contents = page.get_contents()  # decoded once per stream, shared pages included
            size = len(contents.get_data()) if contents is not None else 0
            if size > limits.max_page_bytes:
                raise LoadError(
                    f"PDF page {n} unpacks to {size} bytes of content, over the "
                    f"{limits.max_page_bytes}-byte limit"
                )
    return pages


def _load_pdf(
    data: bytes, base: dict[str, Any], path: Path, limits: PdfLimits = PdfLimits()
) -> list[SourceDocument]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError("PDF is password-protected")
        pages = []
        header = None  # a table the page before ended with
        for page in _pdf_pages(reader, limits):
            text, rows, header = layout_text(
                page.extract_text(extraction_mode="layout") or "", header
            )
            pages.append((text, rows))
        info = reader.metadata
    except LoadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        detail = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
        raise LoadError(f"corrupt or unreadable PDF: {detail}") from exc
    except Exception as exc:  # pypdf raises many shapes on hostile input
        raise LoadError(f"corrupt or unreadable PDF: {type(exc).__name__}") from exc
    meta = dict(base)
    if info and getattr(info, "title", None):
        meta["title"] = str(info.title)
    title = str(meta.get("title", ""))
    text = _join_pages([(reflow(p, title, rows), rows) for p, rows in pages if p.strip()])
    if not text.strip():
        raise LoadError("PDF has no extractable text")
    return [_finish(SourceDocument(text, meta), path)]


CELL = re.compile(r"\S+(?: {1,2}\S+)*")  # a cell of a row laid out in columns: 3+ spaces apart
BULLET = re.compile(r"^[-*\x7f•▪◦·‣∙]\s+")  # a bullet (a PDF's font may map its glyph to DEL)
JUSTIFIED = re.compile(r"(?<=\S) {2}(?=\S)")  # justified text's wider gaps between words
PAGE_NUMBER = re.compile(r"^(?:Page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?$", re.I)  # a footer


def layout_text(
    page: str, carried: list[tuple[int, str]] | None = None
) -> tuple[str, set[str], list[tuple[int, str]] | None]:
    """A PDF page extracted with its layout, as lines a reader would write. A block of two
    or more consecutive lines of two or more cells is a table: its first row is the header,
    and each later row becomes a list item naming every cell by the column it stands under,
    as an HTML table's rows do ("- Measure: Member organisations; 31 Dec 2024: 104"). A
    cell wrapped onto the next line stays in its cell; a table that goes on at the top of
    the next page keeps the header it had (``carried``). A bullet becomes "- ", and the
    indented lines under it go on with its item. Also returns the table's rows (complete
    lines, that nothing goes on) and the header of a table the page ends with."""
    out: list[str] = []
    rows: set[str] = set()
    block: list[list[tuple[int, str]]] = []
    last: list[list[tuple[int, str]] | None] = [None]

    def flush() -> None:
        going_on = carried is not None and not out and bool(block) and _aligned(carried, block[0])
        if len(block) >= 2 or going_on:
            header_cells = carried if going_on and carried is not None else block[0]
            header = [cell for _, cell in header_cells]
            starts = [at for at, _ in header_cells]
            table = []
            for row in block if going_on else block[1:]:
                named: dict[int, str] = {}
                for at, cell in row:  # the column whose start is nearest
                    col = _column(starts, at)
                    named[col] = f"{named[col]} {cell}" if col in named else cell
                table.append(named)
            for item in _table_items(header, table):
                out.append(item)
                rows.add(item)
            last[0] = header_cells
        else:
            out.extend("   ".join(cell for _, cell in row) for row in block)
        block.clear()

    gap = False
    seen: list[list[tuple[int, str]]] = []  # the cells of each line of the table so far
    for raw in page.splitlines():
        line = raw.strip()
        if not line or PAGE_NUMBER.match(line):
            gap = True
            continue  # a blank line between a table's rows does not end it
        cells = [] if BULLET.match(line) else [(m.start(), m.group()) for m in CELL.finditer(raw)]
        if block and cells and not gap and _wraps(block, cells, seen):
            _go_on(block, cells)  # a cell's text wrapped onto the next line
            seen.append(cells)
            continue
        gap = False
        if len(cells) >= 2:
            seen = [*seen, list(cells)] if block else [list(cells)]  # rows grow as they wrap
            block.append(cells)
            continue
        flush()
        last[0] = None  # the page goes on after the table
        if raw.startswith("  ") and line and out and out[-1].startswith("- "):
            out[-1] += f" {line}"  # an indented line goes on with the bullet above it
        else:
            out.append(BULLET.sub("- ", line))
    flush()
    out = [JUSTIFIED.sub(" ", line) for line in out]
    rows = {JUSTIFIED.sub(" ", row) for row in rows}
    return "\n".join(out), rows, last[0]


def _aligned(header: list[tuple[int, str]], row: list[tuple[int, str]]) -> bool:
    """The row's cells stand where the header's columns start (a table going on)."""
    if len(header) != len(row):
        return False
    return all(abs(h - r) <= 4 for (h, _), (r, _) in zip(header, row, strict=True))


def _column(starts: list[int], at: int) -> int:
    return min(range(len(starts)), key=lambda i: abs(starts[i] - at))


def _wraps(
    block: list[list[tuple[int, str]]],
    cells: list[tuple[int, str]],
    seen: list[list[tuple[int, str]]],
) -> bool:
    """The line goes on the row above it: each of its cells stands under a column and ends
    before the next one begins (running text crosses the columns), and it leaves the first
    or the last column empty ("Group" under "Open Models and Data Working", with no number
    under "Participating organisations"). A first cell goes on only a first cell in the line
    just above (the last of ``seen``, the table's lines so far), and only when its first word
    would not have fitted there, in the widest first cell the table has so far: "Foundation
    Models and" under a line with nothing in the first column is a new row."""
    starts = [at for at, _ in block[0]]
    if len(starts) < 2:
        return False
    cols = set()
    for at, cell in cells:
        col = _column(starts, at)
        end = starts[col + 1] if col + 1 < len(starts) else None
        if abs(starts[col] - at) > 4 or (end is not None and at + len(cell) > end):
            return False
        cols.add(col)
    if 0 in cols:  # the first cell goes on only one just above it, that its word overfills
        ends = [a + len(c) for line in seen for a, c in line if _column(starts, a) == 0]
        first = next((a + len(c) for a, c in seen[-1] if _column(starts, a) == 0), None)
        if first is None or first + 1 + len(cells[0][1].split()[0]) <= max(ends):
            return False
    return 0 not in cols or len(starts) - 1 not in cols


def _go_on(block: list[list[tuple[int, str]]], cells: list[tuple[int, str]]) -> None:
    """Each cell's text appended to the cell of the same column in the row above."""
    starts = [at for at, _ in block[0]]
    row = block[-1]
    for at, cell in cells:
        col = _column(starts, at)
        same = next((i for i, (a, _) in enumerate(row) if _column(starts, a) == col), None)
        if same is None:
            row.append((starts[col], cell))
        else:
            row[same] = (row[same][0], f"{row[same][1]} {cell}")
    row.sort()


def _table_items(header: list[str], table: list[dict[int, str]]) -> list[str]:
    """A table's rows as items naming each cell by its column. When the columns after the
    first are dates (a measure per year end), each date is an item instead, naming each
    row's cell under it: "- Date: 31 Dec 2024; Member organisations: 104; Countries: 27"."""
    dated = len(header) >= 2 and all(dates_in(h) for h in header[1:])
    if not dated:
        return [
            "- " + "; ".join(f"{header[c]}: {row[c]}" if header[c] else row[c] for c in sorted(row))
            for row in table
        ]
    return [
        f"- Date: {header[c]}; "
        + "; ".join(f"{row[0]}: {row[c]}" for row in table if 0 in row and c in row)
        for c in range(1, len(header))
    ]


PIPE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def pipe_tables(text: str) -> str:
    """A Markdown pipe table read as an HTML or PDF table is: each row an item naming its
    cells by their columns ("- Working group: Advocacy; First chair: Ana Reyes"). Lines of
    a table without its rule line under the header stay as they are."""
    lines, out, i = text.split("\n"), [], 0
    while i < len(lines):
        header = PIPE_ROW.match(lines[i])
        if not (header and i + 1 < len(lines) and PIPE_RULE.match(lines[i + 1])):
            out.append(lines[i])
            i += 1
            continue
        columns = [_cell(c) for c in header.group(1).split("|")]
        i += 2
        table: list[dict[int, str]] = []
        while i < len(lines) and (row := PIPE_ROW.match(lines[i])):
            cells = [_cell(c) for c in row.group(1).split("|")]
            table.append({c: v for c, v in enumerate(cells[: len(columns)]) if v})
            i += 1
        out.extend(_table_items(columns, [row for row in table if row]))
    return "\n".join(out)


def _cell(text: str) -> str:
    """A cell's text without its emphasis marks or a dash that stands for nothing."""
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text.strip())
    return "" if text in {"-", "–", "—"} else text


SENTENCE_END = re.compile(r"[.!?:;\"”)]$")
ABBREVIATION_END = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Prof|St|e\.g|i\.e|vs)\.$")


def reflow(page: str, title: str = "", rows: set[str] | None = None) -> str:
    """A PDF page's text as paragraphs: lines wrapped mid-sentence are joined, a lone "-"
    or "•" starts a bullet, and a short line standing alone becomes a ``##`` heading (the
    one equal to the title a ``#`` heading). Nothing goes on one of ``rows`` (a table's)."""
    out: list[str] = []
    for line in (ln.strip() for ln in page.splitlines()):
        if not line:
            continue
        prev = out[-1] if out else ""
        if prev in ("-", "•", "*"):
            out[-1] = f"- {line}"
        elif prev and prev not in (rows or ()) and _continues(prev, line):
            out[-1] = f"{prev} {line}"
        else:
            out.append(line)
    blocks = []
    for line in out:
        if line == title:
            blocks.append(f"# {line}")
        elif _heading_like(line):
            blocks.append(f"## {line}")
        else:
            blocks.append(line)
    return "\n\n".join(dict.fromkeys(blocks))


def _join_pages(pages: list[tuple[str, set[str]]]) -> str:
    """The pages' paragraphs in order; a sentence a page ends in the middle of goes on with
    the next page's first line ("... hosted by X. It" / "brought together 340 people")."""
    text = ""
    for page, rows in pages:
        last = text.rsplit("\n\n", 1)[-1]
        first = page.split("\n\n", 1)[0]
        plain = not last.startswith(("#", "- ")) and not first.startswith(("#", "- "))
        if last and first and plain and first not in rows and _continues(last, first):
            text = f"{text} {page}"
        else:
            text = f"{text}\n\n{page}" if text else page
    return text


def _continues(prev: str, line: str) -> bool:
    """``line`` goes on the sentence ``prev`` started (a wrapped line)."""
    if line[0] in "-•*" or _heading_like(line):
        return False
    if ABBREVIATION_END.search(prev):
        return True
    return not SENTENCE_END.search(prev) and not _heading_like(prev)


# ... and a numbered clause of minutes or a contract ("4.2 Registration closes ...")
BLOCK_START = re.compile(r"^\s*(?:#|[-*+•]\s|\d+[.)]\s|\d+(?:\.\d+)+\.?\s+(?=[A-Z])|>|\||```|~~~)")


def unwrap(text: str) -> str:
    """Paragraphs written over several lines (a hard-wrapped Markdown or text file) as one
    line each, so that a sentence is never cut at a line end. Headings, list items, quotes,
    tables and code keep their lines; an indented line goes on the list item above it."""
    out: list[str] = []
    fenced = hard_break = False
    for raw in text.splitlines():
        line = raw.rstrip()
        broke, hard_break = hard_break, raw.endswith("  ") or raw.endswith("\\")
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            out.append(raw)
            continue
        prev = out[-1] if out else ""
        joins = (
            not fenced
            and line.strip()
            and prev.strip()
            and not BLOCK_START.match(line)
            and not re.match(r"^\s*(?:#|\||```|~~~)", prev)
            and not broke  # the line above ends in a Markdown hard break
        )
        if joins:
            out[-1] = f"{prev.rstrip()} {line.strip()}"
        else:
            out.append(raw)  # unchanged: a document nobody wrapped keeps its chunk hashes
    return "\n".join(out)


SECTION_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+(?=[A-Z])")  # "2. Governance", "3.1 Budget"


def _heading_like(line: str) -> bool:
    titled = SECTION_NUMBER.sub("", line)
    return len(line.split()) <= 8 and not SENTENCE_END.search(line) and titled[:1].isupper()


RULE = re.compile(r"^\s*([=\-_*~])\1{4,}\s*$")


def plain_text_structure(text: str) -> str:
    """A plain-text file's own structure in Markdown: its first line, when short, is the
    ``#`` title; a short line in capitals standing alone is a ``##`` heading."""
    # a rule drawn with characters ("=====", "-----") is a line on the page, not text
    lines = ["" if RULE.match(ln) else ln for ln in text.strip().splitlines()]
    if lines and _heading_like(lines[0].strip()) and not lines[0].startswith("#"):
        lines[0] = f"# {lines[0].strip()}"
    for i in range(1, len(lines)):
        line = lines[i].strip()
        alone = not lines[i - 1].strip() and (i + 1 == len(lines) or not lines[i + 1].strip())
        if alone and line.isupper() and len(line.split()) <= 12 and not SENTENCE_END.search(line):
            lines[i] = f"## {line}"
    return "\n".join(lines)


def _records(text: str, suffix: str) -> list[Any]:
    if suffix == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "name" not in [f.strip() for f in reader.fieldnames]:
            raise LoadError("CSV has no 'name' column")
        rows = []
        for lineno, row in enumerate(reader, start=2):
            if None in row:
                raise LoadError(f"CSV line {lineno} has more fields than the header")
            if any(v is None for v in row.values()):
                raise LoadError(f"CSV line {lineno} has fewer fields than the header")
            rows.append({k.strip(): v.strip() for k, v in row.items()})
        return rows
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise LoadError(f"invalid JSON: {exc}") from exc
    else:
        data = _yaml(text, "member directory", first_line=1)
    if isinstance(data, dict) and isinstance(data.get("members"), list):
        data = data["members"]
    if not isinstance(data, list):
        raise LoadError("expected a list of member records (or {members: [...]})")
    return data


def member_sentence(meta: dict[str, Any], domain: Domain) -> str:
    """The prose a member record is indexed as."""
    name, short = meta.get("name", ""), meta.get("short_name", "")
    label = f"{name} ({short})" if short and short != name else name
    kind = meta.get("kind") or "organisation"
    detail = f" ({meta['detail']})" if meta.get("detail") else ""
    where = f" based in {meta['country']}" if meta.get("country") else ""
    return f"{label} is a {kind}{detail}{where}. {domain.member_prose(label)}"


def _load_records(
    text: str, suffix: str, base: dict[str, Any], domain: Domain
) -> list[SourceDocument]:
    docs = []
    for i, record in enumerate(_records(text, suffix), start=1):
        if not isinstance(record, dict):
            raise LoadError(f"record {i} is not an object with fields")
        if not str(record.get("name") or "").strip():
            raise LoadError(f"record {i} has no 'name'")
        meta = _merge_meta({**base, "doc_type": "member_profile"}, record)
        for key in MEMBER_FIELDS:
            meta[key] = str(meta.get(key) or "")
        meta["short_name"] = meta["short_name"] or meta["name"]
        meta.setdefault("title", meta["name"])
        meta["date"] = iso(meta.get("date")) or iso(meta.get("joined"))
        meta["record"] = i
        docs.append(SourceDocument(member_sentence(meta, domain), meta))
    if not docs:
        raise LoadError("no member records")
    return docs
