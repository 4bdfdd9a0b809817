"""The same ingest, sync and ask behaviours against a real Chroma server (`chroma run`, shipped
with the chromadb package), the CLI with ALLIANCE_CHROMA_URL, and a server that is down."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from app.core.settings import Settings

CHROMA = Path(sys.executable).parent / "chroma"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("https://chroma.example.org", "https://chroma.example.org:443"),
        (" http://localhost:9000/ ", "http://localhost:9000"),
        ("", None),
    ],
)
def test_chroma_url_setting(url: str, expected: str | None):
    assert Settings(chroma_url=url).index.chroma_url == expected


@pytest.mark.parametrize(
    "url", ["localhost:8000", "ftp://host:21", "http://:8000", "http://h:99999", "http://h/x"]
)
def test_a_malformed_chroma_url_is_a_settings_error(url: str):
    with pytest.raises(ValidationError, match="chroma_url"):
        Settings(chroma_url=url)
