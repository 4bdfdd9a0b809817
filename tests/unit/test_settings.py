"""Settings: nested per component, every historical flat ALLIANCE_* variable still works,
paths default to the current directory, and CONFIGURATION.md is the generated reference."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from app.core.settings import FLAT, GROUPS, Settings, reference_markdown, variable

ROOT = Path(__file__).resolve().parents[2]
# every variable the flat settings object of earlier releases read
HISTORICAL = """DATA_DIR CORPUS_DIR EMBEDDING_MODEL COLLECTION CHROMA_URL TOP_K RETRIEVAL_MODE RRF_K
BM25_WEIGHT FUSION_CANDIDATES CHUNK_TOKENS CHUNK_OVERLAP_TOKENS ABSTAIN_THRESHOLD
ABSTAIN_MIN_SENTENCE_SCORE ABSTAIN_MAX_UNKNOWN_SHARE ABSTAIN_MIN_COVERAGE MAX_SENTENCES
MAX_FILE_BYTES HNSW_EF_SEARCH HNSW_EF_CONSTRUCTION HNSW_MAX_NEIGHBORS EMBED_BATCH_SIZE
COMPACT_AFTER_DELETED_RATIO LOCK_TIMEOUT WATCH_QUIET_SECONDS WATCH_MAX_WAIT_SECONDS HOST PORT
AUTH AUTH_FILE UPLOAD_TYPES UPLOAD_MAX_BYTES CHAT_CONCURRENCY QUEUE_SIZE LLM LLM_MODEL
LLM_BASE_URL LLM_API_KEY LLM_TIMEOUT LLM_MAX_TOKENS LLM_TEMPERATURE LLM_CHAT_FORMAT
LLM_CONTEXT VERIFY_THRESHOLD""".split()


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    import os

    for key in list(os.environ):
        if key.startswith("ALLIANCE_"):
            monkeypatch.delenv(key)


def test_every_historical_variable_is_still_read():
    names = {f.upper() for f in FLAT} | {n.upper() for n in Settings.model_fields}
    assert set(HISTORICAL) <= names, set(HISTORICAL) - names


@pytest.mark.parametrize(
    ("variable", "raw", "path", "expected"),
    [
        ("ALLIANCE_TOP_K", "9", ("retrieval", "top_k"), 9),
        ("ALLIANCE_RETRIEVAL_MODE", "bm25", ("retrieval", "retrieval_mode"), "bm25"),
        ("ALLIANCE_LLM", "openai", ("llm", "backend"), "openai"),
        ("ALLIANCE_LLM_MODEL", "m.gguf", ("llm", "model"), "m.gguf"),
        ("ALLIANCE_UPLOAD_TYPES", '[".md"]', ("web", "upload_types"), [".md"]),
        ("ALLIANCE_PORT", "8000", ("web", "port"), 8000),
        ("ALLIANCE_LOCK_TIMEOUT", "3", ("ingest", "lock_timeout"), 3.0),
        ("ALLIANCE_COLLECTION", "c2", ("index", "collection"), "c2"),
        ("ALLIANCE_ABSTAIN_THRESHOLD", "0.3", ("answer", "abstain_threshold"), 0.3),
    ],
)
def test_flat_variables_land_in_their_group(monkeypatch, variable, raw, path, expected):
    monkeypatch.setenv(variable, raw)
    group, field = path
    assert getattr(getattr(Settings(), group), field) == expected


def test_nested_variables_work_and_win_over_flat(monkeypatch):
    monkeypatch.setenv("ALLIANCE_TOP_K", "9")
    monkeypatch.setenv("ALLIANCE_RETRIEVAL__TOP_K", "4")
    monkeypatch.setenv("ALLIANCE_WEB__PORT", "9999")
    s = Settings()
    assert s.retrieval.top_k == 4 and s.web.port == 9999


def test_keyword_arguments_take_flat_names_and_win_over_the_environment(monkeypatch):
    monkeypatch.setenv("ALLIANCE_TOP_K", "9")
    s = Settings(top_k=3, llm="ollama", llm_model="m", collection="c", data_dir="/tmp/x")
    assert (s.retrieval.top_k, s.llm.backend, s.llm.model) == (3, "ollama", "m")
    assert s.index.collection == "c"
    assert s.data_dir == Path("/tmp/x")


def test_a_bad_value_names_its_variable(monkeypatch):
    monkeypatch.setenv("ALLIANCE_TOP_K", "many")
    with pytest.raises(ValidationError) as err:
        Settings()
    assert [variable(e["loc"]) for e in err.value.errors()] == ["ALLIANCE_TOP_K"]
    assert variable(("llm", "base_url")) == "ALLIANCE_LLM_BASE_URL"


def test_paths_default_to_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = Settings()
    assert s.data_dir == tmp_path / ".alliance" and s.corpus_dir == tmp_path / "docs"


def test_every_field_has_a_description():
    for group, model in GROUPS.items():
        for name, info in model.model_fields.items():
            assert info.description, f"{group}.{name}"
    for name, info in Settings.model_fields.items():
        assert info.description or name in GROUPS, name


def test_configuration_md_is_the_generated_reference():
    assert (ROOT / "CONFIGURATION.md").read_text() == reference_markdown(), (
        "run `alliance-assistant config > CONFIGURATION.md`"
    )
