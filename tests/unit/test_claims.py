"""Reading the sentences and citation markers of a generated answer."""

from __future__ import annotations

from app.answering.verify import split_claims
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


def test_split_claims_reads_markers():
    claims = split_claims("Silo AI is based in Finland [1]. It was announced in 2023 [2][1]. Yes.")
    assert claims[0] == ("Silo AI is based in Finland.", [1])
    assert claims[1] == ("It was announced in 2023.", [2, 1])
    assert claims[2] == ("Yes.", [])
