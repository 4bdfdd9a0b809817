"""Every supported format becomes documents with the metadata contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import LoadError, load_file

LIMIT = 1_000_000


def _load(root: Path, rel: str, data: bytes | str):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return load_file(path, root, max_bytes=LIMIT)


def test_markdown_front_matter_becomes_metadata(tmp_path: Path):
    docs = _load(
        tmp_path,
        "members/acme.md",
        "---\nname: Acme Labs\nshort_name: Acme\nkind: company\ncountry: Chile\n"
        "joined: 2023-12-05\ntags: [a, b]\n---\n\n# Acme Labs\n\nAcme is a company.\n",
    )
    (doc,) = docs
    meta = doc.metadata
    assert meta["source"] == "members/acme.md"
    assert meta["doc_type"] == "member_profile"  # from the folder
    assert meta["title"] == "Acme Labs"  # from the first heading
    assert meta["joined"] == "2023-12-05" and meta["tags"] == "a, b"
    assert (meta["name"], meta["short_name"], meta["kind"], meta["country"]) == (
        "Acme Labs",
        "Acme",
        "company",
        "Chile",
    )
    assert not doc.text.startswith("---")


def test_front_matter_doc_type_wins_over_folder(tmp_path: Path):
    (doc,) = _load(
        tmp_path, "misc/x.md", "---\ndoc_type: announcement\ntitle: T\n---\nBody text.\n"
    )
    assert doc.metadata["doc_type"] == "announcement" and doc.metadata["title"] == "T"
    (doc,) = _load(tmp_path, "misc/y.md", "---\ndoc_type: nonsense\n---\nBody text.\n")
    assert doc.metadata["doc_type"] == "other"


def test_text_and_html(tmp_path: Path):
    (txt,) = _load(tmp_path, "notes/a.txt", "A plain note\nabout the alliance.\n")
    assert txt.metadata["title"] == "A plain note" and txt.metadata["doc_type"] == "other"
    (html,) = _load(
        tmp_path,
        "announcements/a.html",
        "<html><head><title>News</title><script>evil()</script></head>"
        "<body><h1>Big news</h1><p>The alliance grew.</p><style>p{}</style></body></html>",
    )
    assert html.metadata["title"] == "News"
    assert "# Big news" in html.text and "The alliance grew." in html.text
    assert "evil" not in html.text and "p{}" not in html.text


def test_pdf(tmp_path: Path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "announcements" / "brief.pdf"
    path.parent.mkdir(parents=True)
    c = canvas.Canvas(str(path))
    c.setTitle("Alliance brief")
    c.drawString(72, 720, "The alliance met in a lighthouse.")
    c.save()
    (doc,) = load_file(path, tmp_path, max_bytes=LIMIT)
    assert "lighthouse" in doc.text
    assert doc.metadata["title"] == "Alliance brief"
    assert doc.metadata["doc_type"] == "announcement"


@pytest.mark.parametrize(
    ("rel", "data"),
    [
        (
            "dir/members.csv",
            "name,short_name,kind,country\nAcme Labs,Acme,company,Chile\nBeta U,,university,Peru\n",
        ),
        (
            "dir/members.json",
            '[{"name": "Acme Labs", "short_name": "Acme", "kind": "company", "country": "Chile"}, {"name": "Beta U", "kind": "university", "country": "Peru"}]',
        ),
        (
            "dir/members.yaml",
            "members:\n  - {name: Acme Labs, short_name: Acme, kind: company, country: Chile}\n  - {name: Beta U, kind: university, country: Peru}\n",
        ),
    ],
)
def test_member_directories_one_document_per_record(tmp_path: Path, rel: str, data: str):
    docs = _load(tmp_path, rel, data)
    assert len(docs) == 2
    acme, beta = docs
    assert acme.metadata["doc_type"] == beta.metadata["doc_type"] == "member_profile"
    assert acme.metadata["source"] == rel
    assert acme.metadata["short_name"] == "Acme" and beta.metadata["short_name"] == "Beta U"
    assert "Acme Labs (Acme) is a company based in Chile." in acme.text
    assert beta.metadata["title"] == "Beta U" and beta.metadata["country"] == "Peru"


def test_unsupported_type(tmp_path: Path):
    with pytest.raises(LoadError, match="unsupported"):
        _load(tmp_path, "a.docx", b"PK\x03\x04")


def test_html_block_tags_break_lines_even_when_unclosed(tmp_path: Path):
    nested = "<div>" * 20_000  # hostile but small: the old tree rewrite was quadratic in depth
    (doc,) = _load(
        tmp_path,
        "a.html",
        f"<div>Para<br>line two<p>unclosed p<p>another &amp; more</div>{nested}deep",
    )
    assert doc.text.splitlines() == ["Para", "line two", "unclosed p", "another & more", "deep"]


@pytest.mark.parametrize(
    ("rel", "data", "reason"),
    [
        ("m/deep.json", "[" * 5_000 + "]" * 5_000, "nested too deeply"),
        ("m/bomb.yaml", "a: &a [x, x]\nmembers: [*a, *a]\n", "aliases"),
        ("m/deep.yaml", "[" * 5_000 + "]" * 5_000, "nested too deeply"),
    ],
)
def test_hostile_structures_are_refused_with_a_reason(tmp_path: Path, rel, data, reason):
    with pytest.raises(LoadError, match=reason):
        _load(tmp_path, rel, data)
