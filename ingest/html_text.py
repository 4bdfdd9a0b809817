"""HTML -> (title, text with Markdown headings), in one linear pass.

A streaming parser rather than a tree: hostile pages (100,000 nested unclosed ``<div>``s fit
well under the size limit) made the tree rewrite quadratic, which stalled a whole sync."""

from __future__ import annotations

import re
from html.parser import HTMLParser

SKIP = {"script", "style", "noscript", "template"}
WHITESPACE = re.compile(r"\s+")
HEADINGS = {"h1": 1, "h2": 2, "h3": 3}
BLOCKS = {"p", "li", "div", "tr", "br", "table", "ul", "ol", "section", "article"}


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.skip = 0  # depth inside script/style/...
        self.in_title = False
        self.in_head = False
        # a table row becomes a list item that names each cell by its column:
        # "- Place: 2nd; Team: Mvua Collective; Prize: 10,000 US dollars"
        self.columns: list[str] = []
        self.row: list[tuple[str, bool]] | None = None  # (cell text, is a header cell)
        self.cell: list[str] | None = None
        self.cell_is_header = False
        self.pre = 0  # depth inside <pre>, whose line breaks are kept

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.columns = []
        if tag == "tr":
            self.row = []
            return
        if tag in ("td", "th") and self.row is not None:
            self.cell, self.cell_is_header = [], tag == "th"
            return
        if tag == "pre":
            self.pre += 1
        if tag in SKIP:
            self.skip += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif tag in HEADINGS:
            self.parts.append("\n\n" + "#" * HEADINGS[tag] + " ")
        elif tag == "li":  # a Markdown bullet: the answerers read lists as lists
            self._newline()
            self.parts.append("- ")
        elif tag == "p":  # a paragraph stands apart from the next
            self._newline()
            self.parts.append("\n")
        elif tag in BLOCKS:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append((" ".join("".join(self.cell).split()), self.cell_is_header))
            self.cell = None
            return
        if tag == "tr" and self.row is not None:
            self._end_row(self.row)
            self.row = None
            return
        if tag in SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "title":
            self.in_title = False
        elif tag == "head":
            self.in_head = False
        elif tag in HEADINGS:
            self.parts.append("\n\n")
        elif tag in BLOCKS:
            self._newline()

    def _end_row(self, row: list[tuple[str, bool]]) -> None:
        cells = [text for text, _ in row]
        if row and all(header for _, header in row) and not self.columns:
            self.columns = cells  # the header row names the columns
            return
        if not any(cells):
            return
        named = [
            f"{self.columns[i]}: {text}" if i < len(self.columns) and self.columns[i] else text
            for i, text in enumerate(cells)
            if text
        ]
        self._newline()
        self.parts.append("- " + "; ".join(named) + "\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if not self.pre:  # HTML text wraps anywhere: a line break in a paragraph is a space
            data = WHITESPACE.sub(" ", data)
        if self.cell is not None:
            self.cell.append(data)
            return
        if self.in_title:
            self.title.append(data)
        elif not self.in_head:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str]:
    """Return (title from ``<title>``, body text); scripts and styles are dropped."""
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    lines = [re.sub(r"[ \t\xa0]+", " ", ln).strip() for ln in "".join(parser.parts).splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return " ".join("".join(parser.title).split()), text
