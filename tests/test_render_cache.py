"""A warm render (issue 14): a document whose inputs are all unchanged is given again
from the output cache, and any change to what it reads renders it anew."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import Cli, git, replace_in, settle


def render(cli: Cli, portfolio: Path, out: Path, *options: str) -> bytes:
    settle(portfolio)  # past the racy window: files in a checkout are older than this
    result = cli("render", "plan", "-p", portfolio, "--out", out, *options)
    assert result.exit_code == 0, result.output
    assert "Skrev" in result.stdout
    fmt = options[options.index("--format") + 1] if "--format" in options else "md"
    return (out / f"plan.{fmt}").read_bytes()


def test_an_unchanged_work_tree_is_not_loaded_again(
    cli: Cli, repo: Path, tmp_path: Path, loads: list[Path]
) -> None:
    first = render(cli, repo, tmp_path / "a")
    assert loads
    loads.clear()
    assert render(cli, repo, tmp_path / "b") == first
    assert loads == []


def _edit(repo: Path) -> None:
    replace_in(
        repo / "plan.yaml",
        "titel: Digitaliseringsplan 2025–2026",
        "titel: Digitaliseringsplan 2025–2026 (reviderad)",
    )


def _commit(repo: Path) -> None:
    _edit(repo)
    git(repo, "commit", "-qam", "Ny rubrik")


def _new_file(repo: Path) -> None:
    (repo / "behov" / "anteckning.txt").write_text("ej yaml, men ändrad", encoding="utf-8")


def _synced(repo: Path) -> None:
    sync = repo / ".avoplan-cache" / "federation" / "synk.json"
    sync.parent.mkdir(parents=True, exist_ok=True)
    sync.write_text("{}", encoding="utf-8")


def _planted(repo: Path) -> None:
    for entry in (repo / ".avoplan-cache" / "dokument").iterdir():
        entry.write_bytes(b"0" * 32 + b"\nplanterat innehall\n")


CHANGES: list[tuple[str, Callable[[Path], None]]] = [
    ("edited file", _edit),
    ("new commit", _commit),
    ("untracked file", _new_file),
    ("federation sync", _synced),
    ("planted entry", _planted),
]


@pytest.mark.parametrize("change", [c[1] for c in CHANGES], ids=[c[0] for c in CHANGES])
def test_a_change_renders_anew(
    cli: Cli, repo: Path, tmp_path: Path, loads: list[Path], change: Callable[[Path], None]
) -> None:
    render(cli, repo, tmp_path / "a")
    change(repo)
    loads.clear()
    again = render(cli, repo, tmp_path / "b")
    assert loads, "the document was reused after a change"
    for entry in (repo / ".avoplan-cache" / "dokument").iterdir():
        entry.unlink()
    assert again == render(cli, repo, tmp_path / "c")


def test_the_reused_document_equals_a_fresh_render(
    cli: Cli, repo: Path, tmp_path: Path, loads: list[Path]
) -> None:
    _commit(repo)
    render(cli, repo, tmp_path / "a", "--format", "html")
    loads.clear()
    reused = render(cli, repo, tmp_path / "b", "--format", "html")
    assert loads == []
    (repo / ".avoplan-cache" / "dokument" / "plan.html").unlink()
    assert render(cli, repo, tmp_path / "c", "--format", "html") == reused
    assert b"(reviderad)" in reused


def test_other_options_are_other_documents(
    cli: Cli, repo: Path, tmp_path: Path, loads: list[Path]
) -> None:
    render(cli, repo, tmp_path / "a")
    loads.clear()
    render(cli, repo, tmp_path / "b", "--year", "2026")
    render(cli, repo, tmp_path / "c", "--format", "html")
    assert len(loads) == 2


def test_outside_git_a_document_is_always_rendered(
    cli: Cli, portfolio: Path, tmp_path: Path, loads: list[Path]
) -> None:
    render(cli, portfolio, tmp_path / "a")
    loads.clear()
    render(cli, portfolio, tmp_path / "b")
    assert loads == [portfolio]
