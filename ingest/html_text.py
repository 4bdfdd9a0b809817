"""HTML -> (title, text with Markdown headings), in one linear pass.

A streaming parser rather than a tree: hostile pages (100,000 nested unclosed ``<div>``s fit
well under the size limit) made the tree rewrite quadratic, which stalled a whole sync."""

from __future__ import annotations

import re
from html.parser import HTMLParser

SKIP = {"script", "style", "noscript", "template"}
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

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
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

    def handle_data(self, data: str) -> None:
        if self.skip:
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
