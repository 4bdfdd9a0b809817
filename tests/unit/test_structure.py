"""Answers that follow a document's structure, and the geography of the directory: tested
on small documents and countries written for these tests."""

from __future__ import annotations

from app.answering.geography import Geography
from app.answering.structure import outline
from app.answering.verify import complete_claims
from app.core.types import Hit


def _chunks(source: str, title: str, parts: list[tuple[str, str]]) -> list[Hit]:
    return [
        Hit(
            f"{source}#{i}", text, {"source": source, "title": title, "chunk": i, "section": s}, 1.0
        )
        for i, (s, text) in enumerate(parts)
    ]


def test_an_outline_reads_sections_bullets_and_the_sentence_announcing_them():
    doc = outline(
        _chunks(
            "a.md",
            "The Guild",
            [
                ("The Guild", "# The Guild\n\nThe guild set two goals:\n\n- Speed: fast.\n- Trust"),
                ("The Guild > Members", "## Members\n\nTen labs joined. They meet monthly."),
                ("The Guild > Plans", "## Plans\n\n- A summit\n- A report"),
            ],
        )
    )
    assert doc is not None and doc.lead is not None
    assert doc.lead.intro == "The guild set two goals:"
    assert [b for b, _ in doc.lead.bullets] == ["Speed: fast.", "Trust"]
    assert [s.heading for s in doc.sections] == ["Members", "Plans"]
    assert doc.sections[0].sentences == ["Ten labs joined.", "They meet monthly."]
    assert [b for b, _ in doc.sections[1].bullets] == ["A summit", "A report"]


def test_regions_and_demonyms_come_from_the_country_data():
    geo = Geography(["Iceland", "Finland", "Chile", "Japan", "Kenya"])
    assert geo.country_in("Which Finnish members are there?") == "Finland"
    assert geo.country_in("any chilean members?") == "Chile"
    assert geo.country_in("members from south america") is None
    region, countries = geo.region_in("Which members are in South America?")
    assert countries == {"Chile"}
    _, north = geo.region_in("members from Northern Europe")
    assert north == {"Iceland", "Finland"}
    _, asia = geo.region_in("Which members are based in Asia?")
    assert asia == {"Japan"}
    _, africa = geo.region_in("any African members?") or ("", set())
    assert africa == {"Kenya"}


def test_streamed_text_is_cut_after_finished_sentences_only():
    done, rest = complete_claims("Silo AI is in Finland [1]. It builds mod")
    assert (done, rest) == ("Silo AI is in Finland [1]. ", "It builds mod")
    assert complete_claims("It was founded in 2017.") == ("", "It was founded in 2017.")
    done, rest = complete_claims("It is in Finland. [2] The lab")
    assert done == "It is in Finland. [2] " and rest == "The lab"
