"""The pre-commit hook that lets a portfolio repository run `avoplan check`."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

from avoplan.store.yaml_io import parse, read_text
from tests.helpers import REPO, Cli, replace_in


def hook() -> dict[str, object]:
    hooks = parse(read_text(REPO / ".pre-commit-hooks.yaml"))
    assert isinstance(hooks, list)
    found = [h for h in hooks if h["id"] == "avoplan-check"]
    assert len(found) == 1
    return dict(found[0])


def test_hook_is_a_python_hook_over_yaml_files_without_file_names() -> None:
    entry = hook()
    assert entry["language"] == "python"
    assert entry["pass_filenames"] is False
    files = re.compile(str(entry["files"]))
    assert files.search("behov/BEH-001.yaml") and files.search("portfolio/plan.yml")
    assert not files.search("README.md")


def test_hook_entry_is_an_installed_command_that_checks(
    cli: Cli, portfolio: Path, monkeypatch: object
) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    program, *args = shlex.split(str(hook()["entry"]))
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "scripts"
    ]
    assert program in scripts
    monkeypatch.chdir(portfolio)  # pre-commit runs the hook at the repository root
    assert cli(*args).exit_code == 0
    replace_in(
        portfolio / "behov" / "BEH-005.yaml",
        "kontaktperson: petra-johansson",
        "kontaktperson: petra-johanson",
    )
    assert cli(*args).exit_code == 1
