"""Shared fixtures: the real embedding model (loaded once), real Chroma in temp dirs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"


@pytest.fixture(scope="session")
def model():
    from vectorstore.embeddings import EmbeddingModel

    m = EmbeddingModel("all-MiniLM-L6-v2")
    _ = m.client  # load once for the whole session
    return m


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A private copy of the real knowledge base, free to edit."""
    dest = tmp_path / "corpus"
    shutil.copytree(DOCS, dest)
    return dest


@pytest.fixture
def make_services(tmp_path: Path, model):
    from app.services import build_services
    from app.settings import Settings

    def make(corpus_dir: Path, **overrides):
        settings = Settings(
            data_dir=overrides.pop("data_dir", tmp_path / "data"),
            corpus_dir=corpus_dir,
            **overrides,
        )
        shared = model if settings.embedding_model == model.spec else None
        return build_services(settings, model=shared)

    return make


@pytest.fixture
def services(corpus: Path, make_services):
    svc = make_services(corpus)
    svc.sync()
    return svc


@pytest.fixture(scope="session")
def kb_services(tmp_path_factory, model):
    """One index of the real corpus shared by read-only tests."""
    from app.services import build_services
    from app.settings import Settings

    data = tmp_path_factory.mktemp("kb-data")
    svc = build_services(Settings(data_dir=data, corpus_dir=DOCS), model=model)
    svc.sync()
    return svc


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALLIANCE_")}
    env.update({"ALLIANCE_DATA_DIR": str(tmp_path / "cli-data"), "HF_HUB_OFFLINE": "1"})
    env.update(extra)
    return env
