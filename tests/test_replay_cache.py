"""The decisions' replay kept per item (issue 27): after each kind of edit, `check` with
the memo (`store/cache/replay.py`) answers byte for byte as `check --no-cache`, on a demo
portfolio of 300 items; and each case fails when the input it changes is left out of the
memo's key, so each one proves a part of the key."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Cli, replace_in

NEED = Path("behov") / "BEH-003.yaml"  # BP1–BP4 recorded; linked to PRJ-002
MEETING = "lokalt-2025-05-05"


@pytest.fixture(scope="module")
def cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One user cache (and so one machine secret) for the module: the warm cache of the
    template below stays valid in every test's copy."""
    return tmp_path_factory.mktemp("cache-home")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, cache_home: Path) -> Path:
    """A demo portfolio of 300 items, BEH-003 made to name its BP1 meeting (not yet in
    möten/) and to depend on PRJ-045 (started before BEH-003's BP4), checked once so its
    cache holds every item's replay."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(cache_home))
        # A module fixture runs before the per-test environment is cleaned: under CI
        # (CI=true) check would write no cache, and there would be no memo to test.
        patch.delenv("CI", raising=False)
        root = tmp_path_factory.mktemp("replay") / "portfolio"
        cli = Cli()
        assert cli("demo-portfolio", "-n", "300", "-o", root).exit_code == 0
        need = root / NEED
        replace_in(
            need,
            '    protokoll: "LOK-2025-05 § 4"\n',
            f'    protokoll: "LOK-2025-05 § 4"\n    möte: {MEETING}\n    paragraf: 4\n',
        )
        replace_in(need, "grovsållning:\n", "beroenden: [PRJ-045]\ngrovsållning:\n")
        assert cli("check", "-p", root, "-f", "json").exit_code in (0, 1)
    return root


def _add_decision(root: Path, patch: pytest.MonkeyPatch) -> None:
    with (root / NEED).open("a", encoding="utf-8") as out:
        out.write(
            "  - beslutspunkt: 1\n    datum: 2025-08-01\n    från: insamling\n"
            "    till: grovsållning\n    beslutad_av: lars-nyberg\n"
            "    roll: avdelningschef för Myndighet\n    forum: lokalt-utvecklingsteam\n"
            "    motivering: Prövas på nytt.\n"
        )


def _move_date(root: Path, patch: pytest.MonkeyPatch) -> None:
    replace_in(root / NEED, "datum: 2025-05-27", "datum: 2025-05-01")  # before BP1


def _change_organisation(root: Path, patch: pytest.MonkeyPatch) -> None:
    replace_in(
        root / "organisation.yaml", "ledamöter: [david-lind, hanna-berg]", "ledamöter: [david-lind]"
    )


def _change_project(root: Path, patch: pytest.MonkeyPatch) -> None:
    # BEH-179's return to beredning was decided by PRJ-053's projektägare.
    replace_in(
        root / "projekt" / "PRJ-053.yaml", "projektägare: peter-wall", "projektägare: lars-nyberg"
    )


def _add_meeting(root: Path, patch: pytest.MonkeyPatch) -> None:
    (root / "möten").mkdir(exist_ok=True)
    (root / "möten" / f"{MEETING}.yaml").write_text(
        f"id: {MEETING}\nforum: lokalt-utvecklingsteam\ndatum: 2025-05-05\n"
        "ordförande: fatima-olsson\nkallade: [fatima-olsson, david-lind, hanna-berg]\n"
        "närvarande: [fatima-olsson, david-lind]\ndagordning:\n"
        "  - {nummer: 1, rubrik: Mötets öppnande}\n",
        encoding="utf-8",
    )


def _start_dependency(root: Path, patch: pytest.MonkeyPatch) -> None:
    # PRJ-045 now starts after BEH-003's BP4 (2025-07-16): R35. BEH-003's own files are
    # unchanged; only what it derives from PRJ-045 is.
    replace_in(root / "projekt" / "PRJ-045.yaml", "start: 2025-04-29", "start: 2025-09-01")


def _move_today(root: Path, patch: pytest.MonkeyPatch) -> None:
    class Earlier(date):
        @classmethod
        def today(cls) -> Earlier:
            return cls(2025, 6, 1)  # BEH-003's later decisions lie in the future

    patch.setattr("avoplan.store.cache.manifest.date", Earlier)
    patch.setattr("avoplan.store.loader.date", Earlier)


Edit = Callable[[Path, pytest.MonkeyPatch], None]

# Each edit, and the input of the key (own part or common part) that it changes.
CASES: dict[str, tuple[Edit, str]] = {
    "beslut": (_add_decision, "need"),
    "datum": (_move_date, "need"),
    "organisation": (_change_organisation, "organisation.yaml"),
    "projekt": (_change_project, "projects"),
    "möte": (_add_meeting, "möten"),
    "beroende": (_start_dependency, "starts"),
    "idag": (_move_today, "today"),
}


def _leave_out(patch: pytest.MonkeyPatch, part: str) -> None:
    """The memo's key without `part`: what a key that forgot that input would be."""
    from avoplan.store.cache import replay

    own = replay.ReplayMemo.own_parts
    common = replay.common_parts

    def own_without(self: replay.ReplayMemo, files: Any, derived: str) -> list[str] | None:
        parts = own(self, files, derived)
        if parts is None or part not in ("need", "projects", "starts"):
            return parts
        files_part, starts = parts[:-1], parts[-1]
        if part == "need":
            files_part = files_part[1:]
        elif part == "projects":
            files_part = files_part[:1]
        else:
            starts = ""
        return [*files_part, starts]

    def common_without(*args: Any) -> list[str] | None:
        parts = common(*args)
        return None if parts is None else [p for p in parts if not p.startswith(part)]

    patch.setattr(replay.ReplayMemo, "own_parts", own_without)
    patch.setattr(replay, "common_parts", common_without)


def _checked(cli: Cli, root: Path, *options: str) -> str:
    result = cli("check", "-p", root, "-f", "json", *options)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.fixture
def copy(template: Path, tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    return Path(shutil.copytree(template, tmp_path / "portfolio", symlinks=True))


def test_check_after_a_series_of_edits_answers_as_without_the_cache(
    cli: Cli, copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _checked(cli, copy, "--no-cache")
    assert _checked(cli, copy) == before  # the template's cache holds
    for name, (edit, _) in CASES.items():
        edit(copy, monkeypatch)
        expected = _checked(cli, copy, "--no-cache")
        assert expected != before, f"{name}: the edit changes nothing check reports"
        assert _checked(cli, copy) == expected, name
        before = expected


@pytest.mark.parametrize("case", list(CASES))
def test_each_case_fails_when_its_input_is_left_out_of_the_key(
    cli: Cli, copy: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    edit, part = CASES[case]
    _leave_out(monkeypatch, part)
    # The memo written under the faulty key (the rules' whole-portfolio findings set
    # aside, so the rules run).
    (copy / ".avoplan-cache" / "rules.json").unlink()
    _checked(cli, copy)
    edit(copy, monkeypatch)
    assert _checked(cli, copy) != _checked(cli, copy, "--no-cache")
