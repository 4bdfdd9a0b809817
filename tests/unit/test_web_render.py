"""The web chat's presentation without a server: every piece of document or user text is
escaped, copy text is plain, answers link to their own sources, the conversation state from
the browser is checked, and streaming splits pieces without changing them."""

from __future__ import annotations

import time
from html.parser import HTMLParser

from app.core.types import Answer, Citation
from app.interfaces.web import conversations as conv
from app.interfaces.web.render import (
    ago,
    answer_html,
    plain_text,
    question_html,
    snippet_text,
    streaming_html,
)
from app.interfaces.web.streaming import reveal, word_groups

HOSTILE = (
    "<script>alert(1)</script><img src=x onerror=alert(2)> "
    '<img src="http://127.0.0.1:9/beacon"> <form><input type=password></form> '
    '<a href="javascript:alert(3)">x</a> &lt;img src=y&gt;'
)
OURS = {"div", "a", "button", "pre", "details", "summary", "span", "strong", "code", "br"}
OURS |= {"blockquote", "mark"}


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(markup: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(markup)
    return parser.tags


def hostile_answer() -> Answer:
    cite = Citation(
        n=1,
        source='uploads/x"><img src=x>.md',
        title=f"Title {HOSTILE}",
        snippet=f"# Title {HOSTILE}\n## Section\nBody {HOSTILE} and the quote.",
        score=1.0,
        chunk_id="c1",
        doc_type="<b>other</b>",
        date="2024<i>",
        quotes=[f"Body {HOSTILE}"],
    )
    return Answer(text=f"It says {HOSTILE} [1] [2]", citations=[cite], notice=HOSTILE)


def test_nothing_from_a_document_or_a_question_becomes_markup():
    for markup in [
        answer_html(hostile_answer(), "t1"),
        streaming_html(HOSTILE),
        question_html(HOSTILE),
    ]:
        found = tags(markup)
        assert {t for t, _ in found} <= OURS, found
        for tag, attrs in found:
            assert not any(name.startswith("on") for name in attrs), (tag, attrs)
            href = attrs.get("href") or ""
            assert href.startswith(("#a-t1-s", "/source/")) or tag != "a", href
        assert "<img" not in markup and "&lt;img" in markup  # shown, as text


def test_each_answer_links_to_its_own_cards_and_copies_as_plain_text():
    answer = hostile_answer()
    markup = answer_html(answer, "abc")
    found = dict((a.get("id"), t) for t, a in tags(markup) if a.get("id"))
    assert found == {"a-abc": "div", "a-abc-s1": "div"}
    links = [a for t, a in tags(markup) if t == "a"]
    assert links[0]["href"] == "#a-abc-s1"  # [1] links; [2] has no source and stays text
    assert links[1]["href"] == "/source/uploads/x%22%3E%3Cimg%20src%3Dx%3E.md"
    assert "[2]" in markup and "#a-abc-s2" not in markup
    plain = plain_text(answer)
    assert plain.startswith(f"It says {HOSTILE} [1] [2]")
    assert plain.endswith(f'Sources:\n[1] Title {HOSTILE} (uploads/x"><img src=x>.md)')


def test_snippets_lose_their_heading_lines_and_times_read_naturally():
    assert snippet_text("# T  \n## S  \nBody.  \nMore.") == "Body.\nMore."
    now = time.mktime((2024, 3, 1, 12, 0, 0, 0, 0, -1))
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(now - 120))
    assert ago(stamp, now) == "2 minutes ago"
    assert ago(stamp, now - 100) == "just now"
    assert ago(stamp, now + 3 * 3600) == "3 hours ago"
    assert ago(stamp, now + 3 * 86400).endswith(time.strftime("%H:%M", time.localtime(now - 120)))
    assert ago("never") == "never"


def test_the_browser_state_is_checked_not_trusted():
    answer = Answer(text="A [1]", citations=hostile_answer().citations)
    state = conv.add_turn(conv.empty(), conv.make_turn("Q1?", "All materials", answer))
    state = conv.add_turn(state, conv.make_turn("Q2?", "All materials", answer))
    assert len(state["chats"]) == 1 and [t["question"] for t in conv.turns(state)] == ["Q1?", "Q2?"]
    assert conv.pairs(conv.turns(state)) == [("Q1?", "A [1]"), ("Q2?", "A [1]")]
    assert len(conv.turns(conv.drop_last_turn(state))) == 1
    state = conv.add_turn(conv.select(state, None), conv.make_turn("Other", "x", answer))
    assert [c["title"] for c in state["chats"]] == ["Other", "Q1?"]
    assert conv.turns(conv.delete_current(state))[0]["question"] == "Q1?"
    for junk in [None, [], "x", {"chats": "no"}, {"chats": [{"id": 1}], "current": "z"}]:
        assert conv.clean(junk) == conv.empty()
    tampered = conv.clean(state)
    turn = tampered["chats"][0]["turns"][0]
    turn["id"] = 'x" onmouseover="alert(1)'
    turn["answer"]["citations"][0]["n"] = '1" onclick="alert(2)'
    markup = "".join(m["content"] for m in conv.messages([turn]))
    assert all(not k.startswith("on") for _, attrs in tags(markup) for k in attrs)
    assert 'class="answer-sources"' not in markup  # the bad citation was dropped


def test_streaming_splits_pieces_into_word_groups_and_passes_the_answer():
    piece = " The AI Alliance was announced on Tuesday, 5 December 2023. [1]"
    groups = word_groups(piece)
    assert "".join(groups) == piece and 2 <= len(groups) <= 6
    final = Answer(text="x")
    slept: list[float] = []
    out = list(reveal(["One two three four five six seven.", final], 0.02, sleep=slept.append))
    assert "".join(p for p in out if isinstance(p, str)) == "One two three four five six seven."
    assert out[-1] is final and len(slept) == len(out) - 2  # no pause before the first group
    assert list(reveal(["Whole piece.", final], 0)) == ["Whole piece.", final]
