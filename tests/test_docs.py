"""The README stays true to the code."""

from __future__ import annotations

from pathlib import Path

from app.settings import Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_every_setting_is_documented():
    for name in Settings.model_fields:
        assert f"ALLIANCE_{name.upper()}`" in README, name


def test_two_commands():
    assert "make run" in README and "make test" in README
