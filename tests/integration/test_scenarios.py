"""Ingest, sync and ask end to end on the embedded Chroma store (the same scenarios run
against a Chroma server in system/test_chroma_server.py)."""

from __future__ import annotations

import pytest
import scenarios


@pytest.mark.parametrize("scenario", scenarios.ALL, ids=lambda f: f.__name__)
def test_scenario(scenario, services, corpus, make_services):
    scenario(services, corpus, make_services)
