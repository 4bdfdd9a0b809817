"""Shared fixtures: the real embedding model (loaded once), real Chroma in temp dirs.

The index of docs/ is embedded once per session (``seed_index``); a test that edits gets a
copy of the corpus and of that index (a file copy, no embedding), read-only tests share
``kb_services``. Plain helpers are in helpers.py."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import DOCS, MODEL_CACHE, BackgroundEval

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# the fast backend's export is made once and shared by every test's data dir and child
os.environ.setdefault("ALLIANCE_EMBEDDING_CACHE_DIR", str(MODEL_CACHE))


@pytest.fixture(scope="session")
def model():
    """The configured model and backend (what a user gets), loaded once per session."""
    from app.core.settings import Settings
    from vectorstore.embeddings import EmbeddingModel

    s = Settings().index
    m = EmbeddingModel(
        s.embedding_model, backend=s.embedding_backend, cache_dir=s.embedding_cache_dir
    )
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
    """``make(corpus_dir, **settings)`` -> Services over a new (empty) data dir."""
    from app.core.services import build_services
    from app.core.settings import Settings

    def make(corpus_dir: Path, **overrides):
        settings = Settings(
            data_dir=overrides.pop("data_dir", tmp_path / "data"),
            corpus_dir=corpus_dir,
            **overrides,
        )
        configured = (settings.index.embedding_model, settings.index.embedding_backend)
        shared = model if configured == (model.spec, model.backend) else None
        return build_services(settings, model=shared)

    return make


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory, model) -> Path:
    """The data dir of one sync of docs/, embedded once per session; never written after."""
    from app.core.services import build_services
    from app.core.settings import Settings

    data = tmp_path_factory.mktemp("seed-index") / "data"
    build_services(Settings(data_dir=data, corpus_dir=DOCS), model=model).indexing.sync()
    return data


@pytest.fixture
def services(corpus: Path, make_services, seed_index: Path, tmp_path: Path):
    """Services over a private corpus copy and a private copy of its index (the same state
    a fresh sync gives, without embedding again); free to edit and re-sync."""
    data = tmp_path / "data"
    shutil.copytree(seed_index, data)
    return make_services(corpus, data_dir=data)


@pytest.fixture(scope="session")
def kb_services(tmp_path_factory, seed_index: Path, model):
    """One index of the real corpus shared by read-only tests."""
    from app.core.services import build_services
    from app.core.settings import Settings

    data = tmp_path_factory.mktemp("kb") / "data"
    shutil.copytree(seed_index, data)
    return build_services(Settings(data_dir=data, corpus_dir=DOCS), model=model)


EVAL = pytest.StashKey[BackgroundEval]()
EVAL_FOLDER = pytest.StashKey[Path]()
EVAL_KEY = "alliance_eval_folder"  # in a pytest-xdist worker's workerinput


def pytest_collection_modifyitems(config, items):
    """The evaluation's tests run last: they wait for its report, and every other test can
    run meanwhile (under pytest-xdist, the worker that takes them would otherwise wait
    idle from the start)."""
    items.sort(key=lambda item: item.path.name == "test_eval.py")


def pytest_collection_finish(session):
    """When tests/system/test_eval.py is collected, the evaluation starts now, in a child
    process, and runs while the other tests do; its tests wait for the report. (Under
    pytest-xdist the controller starts it once, below, and the workers read its report.)"""
    if hasattr(session.config, "workerinput"):
        return
    if any(i.path.name == "test_eval.py" and "report" in i.fixturenames for i in session.items):
        session.config.stash[EVAL] = BackgroundEval()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """pytest-xdist, in the controller: every worker is told the one evaluation's folder."""
    config = node.config
    if EVAL_FOLDER not in config.stash:
        config.stash[EVAL_FOLDER] = BackgroundEval.new_folder()
    node.workerinput[EVAL_KEY] = str(config.stash[EVAL_FOLDER])


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node, ids):
    """pytest-xdist, in the controller: the first worker's collection starts the evaluation
    (once, not once per worker) when it holds tests/system/test_eval.py."""
    config = node.config
    if EVAL not in config.stash and any("test_eval.py::" in i for i in ids):
        config.stash[EVAL] = BackgroundEval(config.stash[EVAL_FOLDER], announce=True)


def pytest_sessionfinish(session):
    run = session.config.stash.get(EVAL, None)
    if run is not None:
        run.stop()
    folder = session.config.stash.get(EVAL_FOLDER, None)
    if folder is not None:  # made for the workers, used or not
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def eval_report(request) -> dict:
    """The report of ``alliance-assistant eval --json`` on docs/ (started at collection)."""
    workerinput = getattr(request.config, "workerinput", None)
    if workerinput is not None:
        return BackgroundEval.report_in(Path(workerinput[EVAL_KEY]))
    return request.config.stash[EVAL].report()
