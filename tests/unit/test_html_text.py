"""HTML to text: text wraps anywhere inside a paragraph, so its line breaks are spaces (a
hard-wrapped "<p>... Sethuraman of\\nKestrelmark Analytics.</p>" is one sentence); block
tags, list items and table rows still start lines; <pre> keeps its lines."""

from ingest.html_text import html_to_text


def test_a_line_break_inside_a_paragraph_is_a_space():
    _, text = html_to_text(
        "<html><body><h1>Groups</h1><p>The group elected a vice-chair, Ada Mbeki of\n"
        "Kestrel Analytics. Its first task\n  is a catalogue.</p>"
        "<ul><li>one\nitem</li><li>two</li></ul><pre>kept\nlines</pre></body></html>"
    )
    lines = text.splitlines()
    assert (
        "The group elected a vice-chair, Ada Mbeki of Kestrel Analytics. Its first task is a catalogue."
        in lines
    )
    assert "- one item" in lines and "- two" in lines
    assert "kept" in lines and "lines" in lines
