"""kill -9 at several points of a sync, then a new sync: the index must equal a fresh build
of the same folder. And `check [--repair]` finds and fixes drift made by hand."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import DOCS, NEW_PROFILE, cli_env

CHILD = Path(__file__).resolve().parent / "crash_child.py"


def mutate(corpus: Path) -> None:
    """Edits, a deletion and additions: the change a crashed sync was applying."""
    for name in ("ibm", "sony", "meta"):
        path = corpus / "members" / f"{name}.md"
        path.write_text(path.read_text() + f"\n{name} also runs a crash-test lab.\n")
    (corpus / "members" / "yale.md").unlink()
    for slug, country, what in (("zeta-labs", "Norway", "fjord robots"),
                                ("quill-ai", "Chile", "telescopes")):  # fmt: skip
        name = slug.replace("-", " ").title()
        text = NEW_PROFILE.format(name=name, country=country, what=what)
        (corpus / "members" / f"{slug}.md").write_text(text)


def mutate_again(corpus: Path) -> None:
    """After the crash and before the next sync the folder moves on again."""
    ibm = corpus / "members" / "ibm.md"
    ibm.write_text(ibm.read_text() + "\nIBM edited again after the crash.\n")
    (corpus / "members" / "quill-ai.md").unlink()


def snapshot(svc) -> dict:
    got = svc.index.collection.get(include=["documents", "metadatas"])
    chunks = dict(
        zip(got["ids"], zip(got["documents"], got["metadatas"], strict=True), strict=True)
    )
    keys = {k for ks in svc.indexing.records.keys_by_source().values() for k in ks}
    return {
        "chunks": chunks,
        "record_keys": keys,
        "sources": {s: r.sha256 for s, r in svc.indexing.records.sources().items()},
        "bm25": set(svc.bm25.ids()),
    }


@pytest.fixture(scope="module")
def base_index(tmp_path_factory, model) -> Path:
    """A clean index of the real corpus, copied by each test."""
    from app.core.services import build_services
    from app.core.settings import Settings

    data = tmp_path_factory.mktemp("base") / "data"
    build_services(Settings(data_dir=data, corpus_dir=DOCS), model=model).indexing.sync()
    return data


@pytest.fixture(scope="module")
def reference(tmp_path_factory, model) -> dict:
    """A fresh build of the folder as it ends up in every scenario."""
    from app.core.services import build_services
    from app.core.settings import Settings

    root = tmp_path_factory.mktemp("reference")
    corpus = root / "corpus"
    shutil.copytree(DOCS, corpus)
    mutate(corpus)
    mutate_again(corpus)
    svc = build_services(Settings(data_dir=root / "data", corpus_dir=corpus), model=model)
    svc.indexing.sync()
    return snapshot(svc)


@pytest.mark.parametrize(
    ("point", "nth", "from_scratch"),
    [
        ("after_vectors", 1, False),  # vectors written, chunk keys not recorded
        ("after_vectors", 3, False),
        ("after_chunk_keys", 2, False),  # keys recorded, the file's hash not yet
        ("after_vector_delete", 1, False),  # old chunks gone from Chroma, keys still recorded
        ("before_keyword_index", 1, False),  # Chroma done, BM25 still the old one
        ("after_keyword_index", 1, False),  # everything but the 'finished' mark
        ("after_vectors", 6, True),  # in the middle of the very first build
    ],
)
def test_kill_9_then_sync_equals_a_fresh_build(
    point, nth, from_scratch, tmp_path, base_index, reference, make_services
):
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    shutil.copytree(DOCS, corpus)
    if not from_scratch:
        shutil.copytree(base_index, data)
    mutate(corpus)
    child = subprocess.run(
        [sys.executable, str(CHILD), str(data), str(corpus), point, str(nth)],
        env=cli_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert child.returncode == -9, f"the kill point was not reached: {child.stderr[-2000:]}"
    mutate_again(corpus)

    svc = make_services(corpus, data_dir=data)
    stats = svc.indexing.sync()
    assert stats.recovered
    got = snapshot(svc)
    assert got["chunks"].keys() == reference["chunks"].keys()  # no orphan, none missing
    assert got == reference
    assert svc.indexing.check().clean
    assert not svc.indexing.sync().changed  # and it stays put


def test_kill_9_between_two_pieces_of_one_write_then_sync_equals_a_fresh_build(
    tmp_path, make_services
):
    """A write batch's new chunks go to Chroma a piece at a time while the encoder computes
    the next (``ingest.sync.WRITE_PIECE``): killed after the first piece, the next sync
    repairs and ends where a fresh build does."""
    from ingest.sync import WRITE_PIECE

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(WRITE_PIECE + 40):  # short texts: it is the count that matters here
        words = " ".join(f"topic{(n * k) % 89}" for k in range(1 + n % 10))
        (corpus / f"m{n:03}.md").write_text(f"# Member {n}\n\nMember {n} works on {words}.\n")
    data = tmp_path / "data"
    child = subprocess.run(
        [sys.executable, str(CHILD), str(data), str(corpus), "after_vectors", "1", "1024"],
        env=cli_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert child.returncode == -9, f"the kill point was not reached: {child.stderr[-2000:]}"
    svc = make_services(corpus, data_dir=data)
    assert 0 < svc.index.collection.count() < WRITE_PIECE + 40  # the first piece only
    assert svc.indexing.sync().recovered
    fresh = make_services(corpus, data_dir=tmp_path / "fresh")
    fresh.indexing.sync()
    assert snapshot(svc) == snapshot(fresh)
    assert svc.indexing.check().clean


def _run_cli(args, env):
    return subprocess.run(
        [sys.executable, "-m", "app.interfaces.cli", *args], env=env, capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip


def test_check_reports_drift_and_repair_fixes_it(tmp_path, make_services):
    corpus = tmp_path / "corpus"
    shutil.copytree(DOCS, corpus)
    svc = make_services(corpus, data_dir=tmp_path / "cli-data")
    svc.indexing.sync()
    assert svc.indexing.check().clean
    col = svc.index.collection
    victims = col.get(where={"source": "members/sony.md"}, include=[])["ids"]
    col.delete(ids=victims)  # vectors lost behind the record store's back
    col.add(ids=["orphan-1"], embeddings=[[0.1] * 384], documents=["stray"],
            metadatas=[{"source": "members/gone.md"}])  # fmt: skip
    shutil.rmtree(svc.settings.data_dir / "bm25")
    (corpus / "members" / "keio.md").unlink()

    env = cli_env(tmp_path, ALLIANCE_CORPUS_DIR=str(corpus))
    found = _run_cli(["check"], env)
    assert found.returncode == 1, found.stderr
    for words in ("unknown to the record store", "missing from the vector store",
                  "keyword index: missing", "removed from the folder", "--repair"):  # fmt: skip
        assert words in found.stdout, found.stdout
    repaired = _run_cli(["check", "--repair"], env)
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert "in step" in repaired.stdout

    after = make_services(corpus, data_dir=tmp_path / "cli-data")
    assert after.indexing.check().clean
    got = snapshot(after)
    assert "orphan-1" not in got["chunks"] and got["record_keys"] == set(got["chunks"])
    assert got["bm25"] == set(got["chunks"])
    assert any(m["source"] == "members/sony.md" for _, m in got["chunks"].values())
    assert not any(m["source"] == "members/keio.md" for _, m in got["chunks"].values())
