"""Hostile and broken files: each gets one clear reason in ``failed``, every other file is
indexed, and nothing already indexed is lost.

Every case is real: the PDF really is corrupt, the symlinks really leave the corpus or loop,
the file really disappears between the scan and the read (deleted from the sync's own
progress callback), and "permission denied" comes from the kernel: that sync runs with the
effective uid of ``nobody`` (root ignores file modes). Each case runs twice: as a new file next
to good ones, and as a file that was indexed fine and then turned hostile.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

LIMIT = 20_000  # max_file_bytes; every good file here is far below it
NOBODY = 65534
SECRET = "zebracorn"  # written only outside the corpus
SILO = ("Which country is Silo AI based in?", "Finland")
PENGUINS = ("How many penguins did the alliance field team count?", "seven")
BRIEF = ("Which lighthouse did the steering group meet in?", "lighthouse")
QUOKKA = ("Which country is Quokka Labs based in?", "Chile")
WOMBAT = ("Which country is Wombat Institute based in?", "Peru")
LATE = "announcements/late-note.md"
REAL_FILES = [
    "members/silo-ai.md",
    "members/sakana-ai.md",
    "members/cern.md",
    "announcements/2023-12-05-ai-alliance-launch.md",
]


def _pdf(*lines: str, password: str | None = None) -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    encrypt = pdfencrypt.StandardEncryption(password, ownerPassword="o") if password else None
    c = canvas.Canvas(buf, encrypt=encrypt)
    c.setTitle("Steering group brief")
    for i, line in enumerate(lines):
        c.drawString(72, 720 - 16 * i, line)
    c.save()
    return buf.getvalue()


BRIEF_LINE = "The alliance steering group met in a lighthouse in Bergen."
GENERATED = {
    "announcements/brief.pdf": lambda: _pdf(BRIEF_LINE),
    "announcements/field-notes.txt": lambda: (
        b"Alliance field notes\n\nThe alliance field team counted seven penguins in Ushuaia.\n"
    ),
    "members/directory.csv": lambda: (
        b"name,short_name,kind,country\nQuokka Labs,Quokka,company,Chile\n"
    ),
    "members/partners.json": lambda: json.dumps(
        [{"name": "Wombat Institute", "kind": "research institute", "country": "Peru"}]
    ).encode(),
    LATE: lambda: b"# Late note\n\nThe alliance added a late note about numbats.\n",
}


def _revised(rel: str, data: bytes) -> bytes:
    """A fixed, slightly different version of a good file (so the retry is an update)."""
    if rel.endswith(".pdf"):
        return _pdf(BRIEF_LINE, "It met again in Oslo.")
    if rel.endswith(".csv"):
        return data + b"Numbat Works,Numbat,company,Peru\n"
    if rel.endswith(".json"):
        return json.dumps([*json.loads(data), {"name": "Numbat Works", "country": "Peru"}]).encode()
    return data + b"\n\nRevised: the alliance reviewed this page in 2025.\n"


# -- how an entry turns hostile ------------------------------------------------------------


def _clear(path: Path) -> None:
    if path.is_symlink() or path.is_file() or path.is_fifo():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def _write(data: bytes | Callable[[], bytes]) -> Callable[[Path, Path], None]:
    def make(path: Path, outside: Path) -> None:
        _clear(path)
        path.write_bytes(data() if callable(data) else data)

    return make


def _link_outside(path: Path, outside: Path) -> None:
    _clear(path)
    path.symlink_to(outside / "secret.md")


def _self_loop(path: Path, outside: Path) -> None:
    _clear(path)
    path.symlink_to(path.name)


def _folder_loop(path: Path, outside: Path) -> None:
    _clear(path)
    path.symlink_to(".", target_is_directory=True)  # the folder that holds the link


def _fifo(path: Path, outside: Path) -> None:
    _clear(path)
    os.mkfifo(path)


def _remove(path: Path, outside: Path) -> None:
    path.unlink()


def _deny(path: Path, outside: Path) -> None:
    path.chmod(0)


ALIAS_BOMB = "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)


@dataclass(frozen=True)
class Case:
    id: str
    rel: str  # the indexed entry that turns hostile
    make: Callable[[Path, Path], None]
    words: tuple[str, ...]  # in the reason, lower case
    ask: tuple[str, str]  # a question about the victim and a word of its answer
    victim: str = ""  # the indexed file asked about (default: rel)
    how: str = "plain"  # plain | removed (during the sync) | unprivileged
    new_rel: str = ""  # where the new-file variant goes (default: next to rel)

    def new_path(self) -> str:
        if self.new_rel:
            return self.new_rel
        parent, _, name = self.rel.rpartition("/")
        return f"{parent}/{self.id}{Path(name).suffix}"


CASES = [
    Case(
        "corrupt_pdf",
        "announcements/brief.pdf",
        _write(lambda: _pdf(BRIEF_LINE)[:700]),
        ("corrupt", "pdf"),
        BRIEF,
    ),
    Case(
        "binary_named_md",
        "members/silo-ai.md",
        _write(b"\x89PNG\r\n\x1a\n\x00\x00IHDR" * 40),
        ("binary",),
        SILO,
    ),
    Case("empty_file", "announcements/field-notes.txt", _write(b""), ("empty",), PENGUINS),
    Case(
        "over_size_limit",
        "members/cern.md",
        _write(b"word " * 5000),
        ("over", "limit"),
        ("What kind of organization is CERN?", "research institute"),
    ),
    Case(
        "invalid_utf8",
        "announcements/field-notes.txt",
        _write("Caf\xe9 notes: seven penguins".encode("latin-1")),
        ("not valid utf-8",),
        PENGUINS,
    ),
    Case(
        "front_matter_invalid_yaml",
        "members/silo-ai.md",
        _write(b"---\nname: [broken\n---\nSilo AI moved.\n"),
        ("malformed front matter", "yaml"),
        SILO,
    ),
    Case(
        "front_matter_unclosed",
        "members/sakana-ai.md",
        _write(b"---\ntitle: x\n\n# Body with no closing line\n"),
        ("malformed front matter", "closing"),
        ("Where is Sakana AI based?", "Japan"),
    ),
    Case(
        "csv_missing_columns",
        "members/directory.csv",
        _write(b"name,short_name,kind,country\nQuokka Labs,Quokka,company\n"),
        ("csv line 2", "fewer fields"),
        QUOKKA,
    ),
    Case(
        "csv_extra_columns",
        "members/directory.csv",
        _write(b"name,short_name,kind,country\nQuokka Labs,Quokka,company,Chile,x\n"),
        ("csv line 2", "more fields"),
        QUOKKA,
    ),
    Case(
        "csv_without_name_column",
        "members/directory.csv",
        _write(b"title,kind\nQuokka Labs,company\n"),
        ("csv", "no 'name' column"),
        QUOKKA,
    ),
    Case(
        "json_not_a_list",
        "members/partners.json",
        _write(b'{"name": "Wombat Institute"}'),
        ("expected a list",),
        WOMBAT,
    ),
    Case("symlink_outside", "members/silo-ai.md", _link_outside, ("symlink", "outside"), SILO),
    Case("symlink_loop_file", "members/silo-ai.md", _self_loop, ("symlink loop",), SILO),
    Case(
        "symlink_loop_folder",
        "announcements",
        _folder_loop,
        ("symlink loop", "folder"),
        ("When was the AI Alliance launched?", "December 2023"),
        victim="announcements/2023-12-05-ai-alliance-launch.md",
        new_rel="members/loop",
    ),
    Case(
        "removed_while_read", "members/silo-ai.md", _remove, ("disappeared",), SILO, how="removed"
    ),
    Case(
        "permission_denied_file",
        "members/silo-ai.md",
        _deny,
        ("permission denied",),
        SILO,
        how="unprivileged",
    ),
    Case(
        "permission_denied_folder",
        "members",
        _deny,
        ("folder", "permission denied"),
        SILO,
        victim="members/silo-ai.md",
        how="unprivileged",
        new_rel="extra",
    ),
    # found while writing these: each one used to hang or abort the whole sync
    Case("named_pipe", "members/silo-ai.md", _fifo, ("not a regular file",), SILO),
    Case(
        "json_nested_too_deeply",
        "members/partners.json",
        _write(b"[" * 5_000 + b"]" * 5_000),
        ("nested too deeply",),
        WOMBAT,
    ),
    Case(
        "yaml_alias_bomb",
        "members/silo-ai.md",
        _write(ALIAS_BOMB.encode() + b"---\n# Silo AI\n\nBody.\n"),
        ("front matter", "alias"),
        SILO,
    ),
    Case(
        "password_protected_pdf",
        "announcements/brief.pdf",
        _write(lambda: _pdf(BRIEF_LINE, password="secret")),
        ("password",),
        BRIEF,
    ),
]
IDS = [c.id for c in CASES]


# -- fixtures and helpers ---------------------------------------------------------------


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """A small corpus: four real documents plus one file of each other format."""
    from helpers import DOCS

    root = tmp_path_factory.mktemp("pristine")
    for rel in REAL_FILES:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(DOCS / rel, root / rel)
    for rel, make in GENERATED.items():
        (root / rel).write_bytes(make())
    return root


@pytest.fixture
def work() -> Iterator[Path]:
    """A work dir that ``nobody`` can traverse (pytest's tmp_path is root-only)."""
    path = Path(tempfile.mkdtemp(prefix="alliance-hostile-"))
    path.chmod(0o755)
    outside = path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(f"# Secret\n\nSilo AI is based in {SECRET} land.\n")
    yield path
    for p in [path, *path.rglob("*")]:
        if p.is_dir() and not p.is_symlink():
            p.chmod(0o755)
    shutil.rmtree(path)


def _setup(work: Path, pristine: Path, make_services, *, late: bool = True):
    corpus = work / "corpus"
    shutil.copytree(pristine, corpus, symlinks=True)
    corpus.chmod(0o755)  # copied from a root-only temp dir
    if not late:
        (corpus / LATE).unlink()
    svc = make_services(corpus, data_dir=work / "data", max_file_bytes=LIMIT)
    first = svc.indexing.sync()
    assert first.failed == [] and first.added == len(_sources(corpus))
    return corpus, svc


def _sources(corpus: Path) -> set[str]:
    return {p.relative_to(corpus).as_posix() for p in corpus.rglob("*") if p.is_file()}


def _sync(svc, **kw):
    """A sync that must finish: a symlink loop or a pipe must not hang it."""
    result: list = []

    def run() -> None:
        try:
            result.append(svc.indexing.sync(**kw))
        except Exception as exc:  # reported below, with what it was
            result.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=600)
    assert not worker.is_alive(), "the sync hung"
    assert not isinstance(result[0], Exception), f"the sync raised {result[0]!r}"
    return result[0]


@contextmanager
def _unprivileged(data_dir: Path, denied: Path) -> Iterator[None]:
    """Run the block with the effective uid of ``nobody`` so the kernel checks file modes.
    (A child process cannot do it here: the Python interpreter lives under /root, 0700.)"""
    dropped = False
    if os.geteuid() == 0:
        for p in [data_dir, *data_dir.rglob("*")]:
            os.chown(p, NOBODY, NOBODY, follow_symlinks=False)
        os.seteuid(NOBODY)
        dropped = True
    try:
        try:
            os.listdir(denied) if denied.is_dir() else denied.open("rb").close()
        except PermissionError:
            pass
        else:
            pytest.skip("cannot make the OS refuse a read here (root without seteuid)")
        yield
    finally:
        if dropped:
            os.seteuid(0)


def _hostile_sync(case: Case, svc, corpus: Path, entry: Path, outside: Path):
    if case.how == "removed":
        from ingest.sync import scan_corpus

        order = list(scan_corpus(corpus)[0])
        rel = entry.relative_to(corpus).as_posix()
        assert order.index(rel) > 0
        before = order[order.index(rel) - 1]

        def progress(done: int, total: int, path: str) -> None:
            if path == before:  # scanned already, read next: remove it now
                case.make(entry, outside)

        stats = _sync(svc, progress=progress)
        assert not entry.exists()
        return stats
    case.make(entry, outside)
    if case.how == "unprivileged":
        with _unprivileged(svc.settings.data_dir, entry):
            return _sync(svc)
    return _sync(svc)


def _assert_one_clear_failure(stats, rel: str, words: tuple[str, ...]) -> None:
    from app.interfaces.web.render import sync_md

    assert [f["path"] for f in stats.failed] == [rel], stats.failed
    reason = stats.failed[0]["reason"]
    assert all(w in reason.lower() for w in words), reason
    assert "\n" not in reason and "Traceback" not in reason and len(reason) < 160, reason
    assert f"- failed `{rel}`: {reason}" in sync_md(stats)  # what the user sees


def _assert_answered(svc, question: str, word: str, source: str) -> None:
    from app.core.query import ask

    answer = ask(question, services=svc)
    assert word in answer.text, answer.text
    assert source in [c.source for c in answer.citations], answer.citations


def _assert_secret_never_indexed(svc) -> None:
    assert not any(SECRET in d for d in svc.index.all_chunks()["documents"])


# -- the tests --------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_new_hostile_entry_is_reported_and_every_other_file_indexed(
    case: Case, work: Path, pristine: Path, make_services
):
    corpus, svc = _setup(work, pristine, make_services, late=False)
    entry = corpus / case.new_path()
    seed = pristine / case.rel  # removal and denial need something there first
    shutil.copytree(seed, entry) if seed.is_dir() else shutil.copy2(seed, entry)
    shutil.copy2(pristine / LATE, corpus / LATE)  # a good file that arrives in the same sync

    stats = _hostile_sync(case, svc, corpus, entry, work / "outside")

    _assert_one_clear_failure(stats, case.new_path(), case.words)
    assert (stats.added, stats.updated, stats.deleted) == (1, 0, 0)
    assert set(svc.indexing.records.sources()) == _sources(pristine)
    _assert_secret_never_indexed(svc)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_indexed_entry_turned_hostile_keeps_its_chunks_and_is_retried(
    case: Case, work: Path, pristine: Path, make_services
):
    corpus, svc = _setup(work, pristine, make_services)
    victim = case.victim or case.rel
    chunks, sources = svc.indexing.status()["chunks"], dict(svc.indexing.records.sources())

    stats = _hostile_sync(case, svc, corpus, corpus / case.rel, work / "outside")

    _assert_one_clear_failure(stats, case.rel, case.words)
    assert (stats.added, stats.updated, stats.deleted) == (0, 0, 0)
    assert svc.indexing.status()["chunks"] == chunks and svc.indexing.records.sources() == sources
    _assert_answered(svc, *case.ask, victim)  # still answerable and cited
    _assert_secret_never_indexed(svc)

    entry = corpus / case.rel  # fixed (with a small edit): the next sync retries it
    if entry.is_dir() and not entry.is_symlink():
        entry.chmod(0o755)
    _clear(entry)
    src = pristine / case.rel
    shutil.copytree(src, entry) if src.is_dir() else shutil.copy2(src, entry)
    (corpus / victim).write_bytes(_revised(victim, (corpus / victim).read_bytes()))
    again = _sync(svc)
    assert again.failed == [] and (again.updated, again.deleted) == (1, 0)
    _assert_answered(svc, *case.ask, victim)


def test_removed_file_that_stays_gone_is_deleted_next_sync(work, pristine, make_services):
    corpus, svc = _setup(work, pristine, make_services)
    case = next(c for c in CASES if c.id == "removed_while_read")
    stats = _hostile_sync(case, svc, corpus, corpus / case.rel, work / "outside")
    assert [f["path"] for f in stats.failed] == [case.rel]
    again = _sync(svc)  # now the scan no longer sees it: a plain deletion
    assert again.failed == [] and again.deleted == 1
    assert case.rel not in svc.indexing.records.sources()


def test_failed_new_file_is_retried_next_run(work, pristine, make_services):
    corpus, svc = _setup(work, pristine, make_services)
    path = corpus / "announcements" / "later.md"
    path.write_bytes(b"")
    assert [f["path"] for f in _sync(svc).failed] == ["announcements/later.md"]
    path.write_text("# Later\n\nThe alliance published a later note about quokkas.\n")
    stats = _sync(svc)
    assert stats.added == 1 and stats.failed == []


def test_every_hostile_file_at_once_on_the_real_corpus(corpus: Path, make_services, tmp_path):
    """All plain cases together in the real knowledge base: one reason each, the rest indexed."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(f"# Secret\n\nSilo AI is based in {SECRET} land.\n")
    plain = [c for c in CASES if c.how == "plain"]
    good = _sources(corpus)
    for case in plain:
        case.make(corpus / case.new_path(), outside)
    svc = make_services(corpus, max_file_bytes=LIMIT)
    stats = _sync(svc)
    failed = {f["path"]: f["reason"].lower() for f in stats.failed}
    assert sorted(failed) == sorted(c.new_path() for c in plain)
    for case in plain:
        assert all(w in failed[case.new_path()] for w in case.words), (case.id, failed)
    assert stats.added == len(good) and set(svc.indexing.records.sources()) == good
    _assert_secret_never_indexed(svc)
    _assert_answered(svc, *SILO, "members/silo-ai.md")
