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
    lines = [line for line in doc.text.splitlines() if line]  # a paragraph also ends in a gap
    assert lines == ["Para", "line two", "unclosed p", "another & more", "deep"]


def test_an_html_table_row_is_a_list_item_naming_its_columns(tmp_path: Path):
    (doc,) = _load(
        tmp_path,
        "t.html",
        "<table><tr><th>Place</th><th>Team</th><th>Prize</th></tr>"
        "<tr><td>1st</td><td>Ibis</td><td>5,000 euros</td></tr>"
        "<tr><td>2nd</td><td>Marlowe</td><td></td></tr></table><p>After.</p>",
    )
    lines = [line for line in doc.text.splitlines() if line]
    assert lines == [
        "- Place: 1st; Team: Ibis; Prize: 5,000 euros",  # not "1stIbis5,000 euros"
        "- Place: 2nd; Team: Marlowe",
        "After.",
    ]


def test_a_markdown_pipe_table_row_is_a_list_item_naming_its_columns(tmp_path: Path):
    (doc,) = _load(
        tmp_path,
        "t.md",
        "# Panels\n\n| Panel | **Chair** | Seats |\n|:---|---|--:|\n"
        "| Ethics | Oona Vey | 7 |\n| Data | – | 5 |\n\nAfter.\n\n"
        "| not | a table without its rule line |\n",
    )
    assert doc.text.splitlines() == [
        "# Panels",
        "",
        "- Panel: Ethics; Chair: Oona Vey; Seats: 7",  # as an HTML or PDF table's row
        "- Panel: Data; Seats: 5",  # a dash stands for nothing
        "",
        "After.",
        "",
        "| not | a table without its rule line |",
    ]
    (dated,) = _load(tmp_path, "d.txt", "| Measure | 31 Dec 2024 |\n|---|---|\n| Members | 84 |\n")
    assert dated.text.strip() == "- Date: 31 Dec 2024; Members: 84"


@pytest.mark.parametrize(
    ("text", "written", "full"),
    [
        ("The groups opened on 27 February.", "2024-03-28", "27 February 2024"),
        ("The workshop runs 25-26 February in Daegu.", "2024-11-20", "25–26 February 2025"),
        ("The vote is on March 3rd.", "2024-12-20", "3 March 2025"),
        ("The vote will be on 3 December.", "2024-12-20", "3 December 2025"),  # a plan: ahead
        (
            "BRUSSELS, 22 November 2024 — Sixty people met yesterday.",
            "2024-11-30",
            "21 November 2024",
        ),
        ("The board met today.", "2024-05-02", "2 May 2024"),
        ("The board met on 3 May 2024.", "2024-11-22", None),  # a full date needs nothing
        ("The board met today.", "", None),  # no date to count from
    ],
)
def test_a_day_without_its_year_is_counted_from_the_documents_date(text, written, full):
    from ingest.dates import day_in_full

    assert day_in_full(text, written, ahead="will" in text) == full


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


def test_every_document_has_a_date_and_says_where_it_came_from(tmp_path: Path):
    import os

    (front,) = _load(tmp_path, "a/front.md", "---\ndate: 2025-02-03\n---\nThe guild met.\n")
    (stated,) = _load(tmp_path, "a/stated.txt", "Lisbon, 14 February 2024\n\nA fund opened.\n")
    (bare,) = _load(tmp_path, "a/bare.txt", "No date is stated in this note at all.\n")
    os.utime(tmp_path / "a/bare.txt", (1_700_000_000, 1_700_000_000))  # 14 November 2023
    (bare,) = load_file(tmp_path / "a/bare.txt", tmp_path, max_bytes=LIMIT)
    assert (front.metadata["date"], front.metadata["date_source"]) == ("2025-02-03", "front matter")
    assert (stated.metadata["date"], stated.metadata["date_source"]) == ("2024-02-14", "text")
    assert (bare.metadata["date"], bare.metadata["date_source"]) == ("2023-11-14", "file")


@pytest.mark.parametrize(("written", "read"), [("false", False), ("no", False), ("yes", True)])
def test_founding_member_is_a_boolean_and_joined_a_date(tmp_path: Path, written, read):
    (doc,) = _load(
        tmp_path,
        "members/x.md",
        f"---\nname: X\nfounding_member: {written}\njoined: 2024-06-18\n---\nX is a lab.\n",
    )
    assert doc.metadata["founding_member"] is read and doc.metadata["joined"] == "2024-06-18"


def test_hard_wrapped_paragraphs_are_one_line_and_structure_keeps_its_lines(tmp_path: Path):
    (doc,) = _load(
        tmp_path,
        "a/wrapped.md",
        "# Title\n\nBrannholt joined\nthe alliance in May.\n\nIt set two goals:\n\n"
        "- **Speed**: faster\n  evaluation.\n- Trust\n\n| a | b |\n| c | d |\n",
    )
    lines = doc.text.splitlines()
    assert "Brannholt joined the alliance in May." in lines
    assert "- **Speed**: faster evaluation." in lines and "- Trust" in lines
    assert "| a | b |" in lines and "| c | d |" in lines
    (txt,) = _load(tmp_path, "a/wrapped.txt", "A note\n\nThe fund opened\nin Oslo.\n")
    assert "The fund opened in Oslo." in txt.text.splitlines()


def test_numbered_clauses_of_wrapped_minutes_are_one_line_each(tmp_path: Path):
    minutes = (
        "GUILD COUNCIL - MINUTES\n\n"
        "3. BUDGET\n"
        "   3.1 The treasurer reported that the Brannholt fund\n"
        "       stood at 41,000 euros.\n"
        "   3.2 The prize fund is EUR 9,000, given by two\n"
        "       members.\n"
        "   3.3 Spending rose by\n"
        "       2.5 per cent.\n"
    )
    (txt,) = _load(tmp_path, "reports/minutes.txt", minutes)
    lines = [ln.strip() for ln in txt.text.splitlines()]
    assert "3.1 The treasurer reported that the Brannholt fund stood at 41,000 euros." in lines
    assert "3.2 The prize fund is EUR 9,000, given by two members." in lines
    assert "3.3 Spending rose by 2.5 per cent." in lines  # a number that starts no clause


def test_html_list_items_are_bullets(tmp_path: Path):
    (doc,) = _load(
        tmp_path,
        "news/a.html",
        "<html><body><h1>Plan</h1><p>Three goals:</p><ul><li>Open data</li>"
        "<li>Shared <b>benchmarks</b></li><li>Training</li></ul></body></html>",
    )
    assert "- Open data" in doc.text and "- Shared benchmarks" in doc.text


def test_a_sentence_dated_before_its_document_reports_a_deed():
    from ingest.dates import reported_before

    written = "2025-01-15"
    assert reported_before("In January 2025 the guild was formed.", written)
    assert reported_before("It met on 3 December 2024.", written)
    assert reported_before("Founded in 2019, the lab grew.", written)
    assert not reported_before("The report is due in March 2025.", written)
    assert not reported_before("A summit is planned for 2025.", written)  # later this year
    assert not reported_before("It has no date at all.", written)
    assert not reported_before("In January 2025 the guild was formed.", "")


def test_pdf_tables_bullets_and_numbered_headings(tmp_path: Path):
    """A PDF has no markup: a table laid out in columns becomes one item per row naming
    each cell by its column, a bullet's wrapped lines stay one item, and "2. Governance"
    standing alone is a heading, not the start of the paragraph under it."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "reports" / "review.pdf"
    path.parent.mkdir(parents=True)
    c = canvas.Canvas(str(path))
    c.setTitle("Year in review")
    y = 760
    for left, middle, right in [
        ("Date", "Member organisations", "Countries"),
        ("30 June 2025", "77", "21"),
        ("31 December 2025", "86", "24"),
    ]:
        c.drawString(72, y, left)
        c.drawString(250, y, middle)
        c.drawString(420, y, right)
        y -= 16
    c.drawString(72, y - 10, "\u2022  The Tallowmere Atlas was published in July and lists")
    c.drawString(84, y - 26, "412 open evaluation datasets.")
    c.drawString(72, y - 60, "2. Governance")
    c.drawString(72, y - 90, "The board met twice.")
    c.save()
    (doc,) = load_file(path, tmp_path, max_bytes=LIMIT)
    assert "- Date: 31 December 2025; Member organisations: 86; Countries: 24" in doc.text
    assert "- The Tallowmere Atlas was published in July and lists 412 open" in doc.text
    assert "## 2. Governance\n\nThe board met twice." in doc.text, doc.text


def test_a_sentence_a_pdf_page_ends_in_goes_on_with_the_next_page(tmp_path: Path):
    """A page that ends mid-sentence ("... hosted by Quarrel Labs. It") goes on with the next
    page's first line; a page that ends a sentence, or a next page opening with a heading,
    starts a new paragraph."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "reports" / "year.pdf"
    path.parent.mkdir(parents=True)
    c = canvas.Canvas(str(path))
    c.setTitle("Year of the Gannet network")
    c.drawString(
        72, 720, "The first Gannet meetup took place in Tromso, hosted by Quarrel Labs. It"
    )
    c.showPage()
    c.drawString(72, 720, "drew 212 people from nine countries.")
    c.showPage()
    c.drawString(72, 720, "7. Finances")
    c.drawString(72, 690, "The network spent 40,000 USD.")
    c.save()
    (doc,) = load_file(path, tmp_path, max_bytes=LIMIT)
    assert "hosted by Quarrel Labs. It drew 212 people from nine countries." in doc.text
    assert "nine countries.\n\n## 7. Finances" in doc.text, doc.text


def test_a_table_with_a_date_per_column_is_read_one_date_at_a_time():
    from ingest.loaders import _table_items

    header = ["Measure", "31 Dec 2024", "31 Dec 2025"]
    table = [{0: "Member organisations", 1: "104", 2: "131"}, {0: "Countries", 1: "27", 2: "34"}]
    assert _table_items(header, table) == [
        "- Date: 31 Dec 2024; Member organisations: 104; Countries: 27",
        "- Date: 31 Dec 2025; Member organisations: 131; Countries: 34",
    ]
    plain = _table_items(["Group", "Chair"], [{0: "Advocacy", 1: "Amara Bell"}])
    assert plain == ["- Group: Advocacy; Chair: Amara Bell"]


def test_a_publication_line_dates_the_document_before_the_dates_in_it(tmp_path: Path):
    from ingest.dates import document_date

    missing = tmp_path / "none.pdf"
    report = "Annual report\nPublished February 2026. Trellis 1.0 came out on 28 January 2025."
    assert document_date({}, report, missing) == ("2026-02-01", "text")
    news = "News\nPublished 12 January 2026. On 3 March 2025 the alliance met."
    assert document_date({}, news, missing) == ("2026-01-12", "text")
    assert document_date({}, "Bulletin, 3 March 2025: ...", missing) == ("2025-03-03", "text")


def test_a_blank_line_between_a_tables_rows_does_not_end_the_table():
    from ingest.loaders import layout_text

    page = (
        " Date                 Projects\n\n 30 September 2024    19\n\n 31 December 2025    52\n\n"
        "The catalogue grew."
    )
    text, rows, _ = layout_text(page)
    assert text.splitlines() == [
        "- Date: 30 September 2024; Projects: 19",
        "- Date: 31 December 2025; Projects: 52",
        "The catalogue grew.",
    ]
    assert rows == set(text.splitlines()[:2])


def test_an_email_threads_original_messages_are_sections_under_who_wrote_them(tmp_path):
    from ingest.loaders import parse_file

    path = tmp_path / "mail" / "thread.txt"
    path.parent.mkdir()
    path.write_text(
        "From: Ana Rocha <ana@example.org>\nTo: Board <b@example.org>\n"
        "Date: Tue, 10 Feb 2026 09:12 +0000\nSubject: Re: RE: Fwd: the venue\n\n"
        "Agreed: the fair moves to 12 May.\n\n-----Original message-----\n"
        "From: Bo Lind <bo@example.org>\nDate: Mon, 9 Feb 2026 17:40 +0000\n"
        "Subject: Re: the venue\n\nThe hall has flooded.\n\n"
        "----- Forwarded message -----\nFrom: Cy Obi <cy@example.org>\nSent: 2 February 2026\n\n"
        "Is the hall free?\n"
    )
    (doc,) = parse_file(path.read_bytes(), path, tmp_path, max_bytes=10_000)
    assert doc.metadata["title"] == "the venue"  # without "Re:", "RE:", "Fwd:"
    lines = [line for line in doc.text.splitlines() if line.strip()]
    assert lines == [
        "# the venue",
        "## Ana Rocha wrote on 10 February 2026",
        "Agreed: the fair moves to 12 May.",
        "## Bo Lind wrote on 9 February 2026",
        "The hall has flooded.",
        "## Cy Obi wrote on 2 February 2026",
        "Is the hall free?",
    ]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("joined in the first half of 2024", ("2024-01-01", "2024-06-30")),
        ("joined in H2 2025", ("2025-07-01", "2025-12-31")),
        ("in the last quarter of 2024", ("2024-10-01", "2024-12-31")),
        ("joined in Q1 2024", ("2024-01-01", "2024-03-31")),
        ("joined in february 2024", ("2024-02-01", "2024-02-29")),
        ("joined in 2023", ("2023-01-01", "2023-12-31")),
        ("joined in early 2026", ("2026-01-01", "2026-04-30")),
        ("joined in late 2025", ("2025-09-01", "2025-12-31")),
    ],
)
def test_a_period_is_the_span_of_days_it_names(text, span):
    from ingest.dates import period_in

    assert period_in(text)[:2] == span


def test_a_company_suffix_ends_no_sentence():
    from app.answering.text import split_sentences

    text = "Merbau Semiconductor Sdn. Bhd. (Merbau) designs chips. It is based in Penang."
    assert split_sentences(text) == [
        "Merbau Semiconductor Sdn. Bhd. (Merbau) designs chips.",
        "It is based in Penang.",
    ]


def test_a_wrapped_cell_stays_in_its_cell_and_a_table_goes_on_over_a_page():
    from ingest.loaders import layout_text

    first = (
        "Group                      Chair                         Participating\n"
        "                                                         organisations\n"
        "Open Models and Data       Dr. Adaeze Okonkwo            35\n"
        "Working Group\n"
        "Evaluation and Trust       Prof. Rafael Quintanilla      38\n"
        "Working Group              (Tidewater Poly)\n"
    )
    text, _, header = layout_text(first)
    assert text.splitlines() == [
        "- Group: Open Models and Data Working Group; Chair: Dr. Adaeze Okonkwo; "
        "Participating organisations: 35",
        "- Group: Evaluation and Trust Working Group; Chair: Prof. Rafael Quintanilla "
        "(Tidewater Poly); Participating organisations: 38",
    ]
    second = (
        "Hardware Enablement        Teodora Kalinova              19\n"
        "Working Group\n"
        "\n"
        "3. Projects and releases\n"
        "The number of projects rose.\n"
    )
    text, _, header = layout_text(second, header)
    assert text.splitlines() == [
        "- Group: Hardware Enablement Working Group; Chair: Teodora Kalinova; "
        "Participating organisations: 19",
        "3. Projects and releases",
        "The number of projects rose.",
    ]
    assert header is None  # the page went on after its table


def test_a_newsletter_saved_from_an_email_is_titled_and_dated_by_its_headers(tmp_path):
    from ingest.loaders import parse_file

    path = tmp_path / "news" / "dispatch.txt"
    path.parent.mkdir()
    path.write_text(
        "Subject: The Dispatch - Issue 4\nFrom: Communications <news@example.org>\n"
        "Date: 10 March 2026\n\n=====================\nMEMBERSHIP\n"
        "=====================\n\nThe alliance had 131 members on 28 February 2026.\n"
    )
    (doc,) = parse_file(path.read_bytes(), path, tmp_path, max_bytes=10_000)
    assert doc.metadata["title"] == "The Dispatch - Issue 4"
    assert doc.metadata["date"] == "2026-03-10"
    assert "news@example.org" not in doc.text and "=====" not in doc.text
    assert "## MEMBERSHIP" in doc.text  # a heading between its rules


def test_every_header_of_a_saved_email_is_read_as_one(tmp_path):
    # a saved e-mail has more headers than the subject, the sender and the date, and a long
    # one goes on in an indented line
    from ingest.loaders import parse_file

    path = tmp_path / "news" / "update.txt"
    path.parent.mkdir()
    path.write_text(
        "Subject: [Guild] Member update - March 2025: new chair,\n"
        "  Brannholt timing\nFrom: Guild Team <team@example.org>\n"
        "Date: Tue, 4 Mar 2025 08:02:47 +0000\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\n\nThe guild has 113 members.\n"
    )
    (doc,) = parse_file(path.read_bytes(), path, tmp_path, max_bytes=10_000)
    assert (
        doc.metadata["title"] == "[Guild] Member update - March 2025: new chair, Brannholt timing"
    )
    assert doc.metadata["date"] == "2025-03-04"
    assert "Content-Type" not in doc.text and "team@example.org" not in doc.text


def test_a_new_row_after_a_wrapped_last_cell_is_its_own_row_and_page_numbers_go():
    from ingest.loaders import layout_text

    page = (
        "Team                 Lead                         Note\n"
        "Data Audit           Mira Solvang (Orlen)         Took over on 1\n"
        "                                                  May 2025\n"
        "Speech Models and    Teo Brandt (Kiruna)\n"
        "Corpora\n"
        "                                Page 3\n"
        "Justified  prose  with  wider  gaps  between  its  words.\n"
    )
    text, _, _ = layout_text(page)
    assert text.splitlines() == [
        "- Team: Data Audit; Lead: Mira Solvang (Orlen); Note: Took over on 1 May 2025",
        "- Team: Speech Models and Corpora; Lead: Teo Brandt (Kiruna)",
        "Justified prose with wider gaps between its words.",
    ]


def test_an_email_threads_quoted_messages_are_statements_under_who_wrote_them(tmp_path):
    from ingest.loaders import parse_file

    path = tmp_path / "mail" / "thread.txt"
    path.parent.mkdir()
    path.write_text(
        "From: A <a@example.org>\nDate: 3 March 2026\nSubject: Re: the venue\n\nAgreed.\n\n"
        "On Mon, 2 Mar 2026 at 10:00, Bo Lindqvist <bo@example.org> wrote:\n"
        "> The hall seats 80\n> people.\n>\n"
        "> On Sun, 1 Mar 2026, Cy Adeyemi wrote:\n> > Can we book the hall?\n"
    )
    (doc,) = parse_file(path.read_bytes(), path, tmp_path, max_bytes=10_000)
    assert "## Bo Lindqvist wrote on Mon, 2 Mar 2026 at 10:00" in doc.text
    assert "The hall seats 80 people." in doc.text
    assert "## Cy Adeyemi wrote on Sun, 1 Mar 2026" in doc.text
    assert ">" not in doc.text and "bo@example.org" not in doc.text


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("joined between the launch and the end of March 2024", ("0001-01-01", "2024-03-31")),
        ("joined between June 2024 and 2025", ("2024-06-01", "2025-12-31")),
        ("joined since June 2024", ("2024-06-01", "9999-12-31")),
        ("joined after June 2024", ("2024-07-01", "9999-12-31")),
        ("joined before 2025", ("0001-01-01", "2024-12-31")),
        ("joined by the end of 2024", ("0001-01-01", "2024-12-31")),
        ("joined in Q1 2024", ("2024-01-01", "2024-03-31")),
    ],
)
def test_a_span_is_bounded_by_the_periods_it_names(text, span):
    from ingest.dates import span_in

    assert span_in(text)[:2] == span
