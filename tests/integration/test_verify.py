"""Citation verification: each repair, on the real embedding model."""

from __future__ import annotations

import pytest

from app.answering.verify import CitationVerifier
from app.core.types import Hit

SOURCES = [
    Hit(
        "c1",
        "# Silo AI\nSilo AI is a company based in Finland. It builds AI models.",
        {"source": "members/silo-ai.md", "title": "Silo AI"},
        0.8,
    ),
    Hit(
        "c2",
        "# Launch\nThe AI Alliance was announced on 5 December 2023 by IBM and Meta.",
        {"source": "announcements/launch.md", "title": "Launch"},
        0.7,
    ),
]


@pytest.fixture(scope="module")
def verifier(model):
    return CitationVerifier(model.encode, threshold=0.55)


def test_correct_marker_is_kept(verifier):
    v = verifier.verify("Silo AI is a company based in Finland [1].", SOURCES)
    assert v.report == {"supported": 1, "unsupported": 0, "repaired": 0}
    assert v.text == "Silo AI is a company based in Finland. [1]"
    assert v.citations[0].source == "members/silo-ai.md"


def test_wrong_marker_is_repaired_and_renumbered(verifier):
    v = verifier.verify("The AI Alliance was announced on 5 December 2023 [1].", SOURCES)
    assert v.report["repaired"] == 1 and v.report["supported"] == 1
    assert v.text.endswith("[1]") and v.citations[0].source == "announcements/launch.md"


def test_marker_pointing_nowhere_is_dropped(verifier):
    v = verifier.verify("Silo AI is based in Finland [7].", SOURCES)
    assert v.report["repaired"] == 1
    assert "[7]" not in v.text and v.citations[0].chunk_id == "c1"


def test_uncited_supported_sentence_gets_its_marker(verifier):
    v = verifier.verify("IBM and Meta announced the AI Alliance on 5 December 2023.", SOURCES)
    assert v.text.endswith("[1]") and v.report["repaired"] == 1
    assert v.citations[0].chunk_id == "c2"


def test_unsupported_sentence_is_dropped(verifier):
    v = verifier.verify(
        "Silo AI is based in Finland [1]. The alliance has a budget of two trillion euros [2].",
        SOURCES,
    )
    assert v.report == {"supported": 1, "unsupported": 1, "repaired": 0}
    assert "trillion" not in v.text


def test_nothing_supported_is_empty(verifier):
    v = verifier.verify("Bananas are yellow [1]. Penguins live in Antarctica.", SOURCES)
    assert v.empty and v.citations == [] and v.report["unsupported"] == 2


def test_numbering_follows_first_use(verifier):
    v = verifier.verify(
        "IBM and Meta announced the alliance on 5 December 2023 [2]. "
        "Silo AI is a company based in Finland [1].",
        SOURCES,
    )
    assert v.text.index("[1]") < v.text.index("[2]")
    assert [c.chunk_id for c in v.citations] == ["c2", "c1"]
