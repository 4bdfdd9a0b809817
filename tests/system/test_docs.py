"""The README is run, not grepped: its Python snippet and its command lines execute against
a copy of docs/ and must succeed; every variable it names exists; its two commands are real
Makefile targets."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import shutil

import pytest
from helpers import DOCS, REPO

from app.core.settings import reference

README = (REPO / "README.md").read_text()


def blocks(language: str, section: str | None = None) -> list[str]:
    text = README
    if section is not None:
        start = README.index(f"## {section}\n")
        end = README.find("\n## ", start + 1)
        text = README[start : end if end > 0 else None]
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


@pytest.fixture
def env(tmp_path, monkeypatch, seed_index):
    """The README's commands run in a folder with a copy of docs/ and of its index."""
    for key in [k for k in __import__("os").environ if k.startswith("ALLIANCE_")]:
        monkeypatch.delenv(key)
    shutil.copytree(DOCS, tmp_path / "docs")
    shutil.copytree(seed_index, tmp_path / ".alliance")
    monkeypatch.chdir(tmp_path)  # the defaults: ./docs and ./.alliance
    return tmp_path


def test_the_python_snippet_runs_and_answers(env):
    (snippet,) = blocks("python", "Python")
    out = io.StringIO()
    namespace: dict = {}
    with contextlib.redirect_stdout(out):
        exec(compile(snippet, "README.md", "exec"), namespace)  # noqa: S102
    printed = out.getvalue()
    assert "5 December 2023" in printed and "[1]" in printed
    answer = namespace["answer"]  # the last one: the filtered question
    assert not answer.abstained and answer.citations
    assert all(c.doc_type == "member_profile" for c in answer.citations)


def test_every_command_line_runs(env, capsys):
    from app.interfaces.cli import main

    (block,) = blocks("bash", "Command line")
    lines = [ln for ln in block.splitlines() if ln.strip()]
    assert len(lines) >= 6
    for line in lines:
        argv = shlex.split(line)
        assert argv[0] == "alliance-assistant", line
        code = main(argv[1:])
        out = capsys.readouterr()
        assert code == 0, (line, out.err)
        assert out.out.strip(), line
        if "--json" in argv:
            __import__("json").loads(out.out)


def test_every_variable_named_in_the_readme_exists():
    known = {r["variable"] for r in reference()} | {r["nested"] for r in reference()}
    named = set(re.findall(r"ALLIANCE_[A-Z0-9_]+", README))
    assert named, "the README names its settings"
    assert named <= known, named - known


def test_the_two_commands_are_makefile_targets_and_the_guide_is_short():
    makefile = (REPO / "Makefile").read_text()
    for command in re.findall(r"^make ([\w-]+)", "\n".join(blocks("bash")), re.M):
        assert re.search(rf"^{re.escape(command)}:", makefile, re.M), command
    assert {"run", "test"} <= set(re.findall(r"^make ([\w-]+)", README, re.M))
    assert len(README.splitlines()) <= 250


def test_the_files_the_readme_points_to_exist():
    pointed = re.findall(r"`((?:[\w-]+/)*(?:[A-Z_]+|README)\.md)`", README)
    assert {"ARCHITECTURE.md", "CONFIGURATION.md", "bench/README.md"} <= set(pointed)
    for name in pointed:
        assert (REPO / name).is_file(), name
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README):
        assert (REPO / image).is_file(), image
