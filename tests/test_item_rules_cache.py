"""The one-item checks' findings kept per item (issue 26): after each kind of edit to a
copy of the embedded ÄVO portfolio, `check` with the cache (`rules/per_item.py`,
`store/cache/item_rules.py`) answers byte for byte as `check --no-cache`; after one
changed need those checks judge that need alone; and the edits that change what every
item is judged against fail when that input is left out of the key."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Cli, replace_in

NEED = Path("behov") / "BEH-003.yaml"  # names PRJ-021 and lina-ahmed
PROJECT = Path("projekt") / "PRJ-021.yaml"  # pågående, led by the förvaltning


def _need_field(root: Path, patch: pytest.MonkeyPatch) -> None:
    replace_in(root / NEED, "avdelning: vard-och-omsorgsboende\n", "avdelning: okand\n")


def _decision_added(root: Path, patch: pytest.MonkeyPatch) -> None:
    with (root / NEED).open("a", encoding="utf-8") as out:
        out.write(
            "prioritet:\n  - avser: väntelista\n    plats: 2\n    datum: 2025-06-10\n"
            "    beslutad_av: mikael-persson\n    forum: projektkontor\n"
        )


def _organisation(root: Path, patch: pytest.MonkeyPatch) -> None:
    # Every item that names Lina Ahmed now names an unknown person; their files are as
    # they were.
    replace_in(root / "organisation.yaml", "{id: lina-ahmed,", "{id: lina-ahmed-berg,")


def _schablon(root: Path, patch: pytest.MonkeyPatch) -> None:
    (root / "schablon" / "2026.yaml").unlink()


def _system(root: Path, patch: pytest.MonkeyPatch) -> None:
    (root / "system" / "treserva.yaml").unlink()


def _project(root: Path, patch: pytest.MonkeyPatch) -> None:
    replace_in(root / PROJECT, "projektägare: peter-wall ", "projektägare: karin-holm ")


def _file_removed(root: Path, patch: pytest.MonkeyPatch) -> None:
    (root / PROJECT).unlink()  # BEH-003 depends on it: its file is unchanged


def _file_added(root: Path, patch: pytest.MonkeyPatch) -> None:
    text = (root / NEED).read_text(encoding="utf-8").replace("id: BEH-003", "id: BEH-099")
    (root / "behov" / "BEH-099.yaml").write_text(
        text.replace("registrerad: 2025-01-27", "registrerad: 2099-01-27"), encoding="utf-8"
    )


def _today(day: date) -> Callable[[Path, pytest.MonkeyPatch], None]:
    def move(root: Path, patch: pytest.MonkeyPatch) -> None:
        class Moved(date):
            @classmethod
            def today(cls) -> Moved:
                return cls(day.year, day.month, day.day)

        patch.setattr("avoplan.store.cache.manifest.date", Moved)
        patch.setattr("avoplan.store.loader.date", Moved)

    return move


Edit = Callable[[Path, pytest.MonkeyPatch], None]

CASES: dict[str, Edit] = {
    "behovets fält": _need_field,
    "beslut": _decision_added,
    "organisation": _organisation,
    "schablon": _schablon,
    "system": _system,
    "projekt": _project,
    "fil borttagen": _file_removed,
    "fil tillagd": _file_added,
    # registrerad 2025-01-27 lies in the future (R3), then measurements fall due (R15).
    "idag före registreringen": _today(date(2025, 1, 20)),
    "idag efter mätplanerna": _today(date(2031, 1, 1)),
}


def _checked(cli: Cli, root: Path, *options: str) -> str:
    result = cli("check", "-p", root, "-f", "json", *options)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.fixture(scope="module")
def cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache-home")


@pytest.fixture
def copy(portfolio: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli) -> Path:
    """The embedded portfolio, checked once, so its cache knows every item's findings."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    _checked(cli, portfolio)
    return portfolio


def test_check_after_each_kind_of_edit_answers_as_without_the_cache(
    cli: Cli, copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _checked(cli, copy, "--no-cache")
    assert _checked(cli, copy) == before
    for name, edit in CASES.items():
        edit(copy, monkeypatch)
        expected = _checked(cli, copy, "--no-cache")
        assert expected != before, f"{name}: the edit changes nothing check reports"
        assert _checked(cli, copy) == expected, name
        before = expected


def test_after_one_changed_need_the_one_item_checks_judge_it_alone(
    cli: Cli, copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from avoplan.rules import references

    judged: list[list[str]] = []
    real = references.check_items

    def counting(portfolio: Any) -> Any:
        judged.append(sorted([*portfolio.behov, *portfolio.projekt]))
        return real(portfolio)

    monkeypatch.setattr(references, "check_items", counting)
    _need_field(copy, monkeypatch)
    expected = _checked(cli, copy, "--no-cache")
    judged.clear()
    assert _checked(cli, copy) == expected
    assert judged == [["BEH-003"]]


def _leave_out(patch: pytest.MonkeyPatch, part: str) -> None:
    """The key without `part`: what a key that forgot that input would be."""
    from avoplan.store.cache import item_rules, replay

    if part == "ids":
        patch.setattr(item_rules, "_ids", lambda portfolio: [])
        return
    common = replay.common_parts

    def common_without(*args: Any) -> list[str] | None:
        parts = common(*args)
        return None if parts is None else [p for p in parts if not p.startswith(part)]

    patch.setattr(replay, "common_parts", common_without)


@pytest.mark.parametrize(
    ("case", "part"),
    [
        ("organisation", "organisation.yaml"),
        ("system", "system"),
        ("fil borttagen", "ids"),
        ("idag före registreringen", "today"),
    ],
)
def test_each_shared_input_fails_when_left_out_of_the_key(
    cli: Cli, copy: Path, monkeypatch: pytest.MonkeyPatch, case: str, part: str
) -> None:
    _leave_out(monkeypatch, part)
    (copy / ".avoplan-cache" / "rules.json").unlink()  # so the rules run, under that key
    _checked(cli, copy)
    CASES[case](copy, monkeypatch)
    assert _checked(cli, copy) != _checked(cli, copy, "--no-cache")


def test_a_copied_cache_places_its_findings_in_the_copy(
    cli: Cli, copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = Path(shutil.copytree(copy, tmp_path / "kopia", symlinks=True))
    _need_field(other, monkeypatch)
    assert _checked(cli, other) == _checked(cli, other, "--no-cache")


class _Memo:
    """An item memo in memory, keyed as the cache keys it: the item's file's name and
    bytes (and what every item shares, which these edits leave alone)."""

    def __init__(self) -> None:
        self.kept: dict[tuple[str, bytes], list[list[Any]]] = {}
        self.hits = 0

    def known(self, file: Path, checks: int) -> list[list[Any]] | None:
        found = self.kept.get((file.name, file.read_bytes()))
        self.hits += found is not None
        return None if found is None else [list(part) for part in found]

    def keep(self, file: Path, found: list[list[Any]]) -> None:
        self.kept[(file.name, file.read_bytes())] = found


def _loaded(root: Path) -> Any:
    from avoplan.store.loader import load_portfolio

    portfolio = load_portfolio(root).portfolio
    assert portfolio is not None
    return portfolio


@pytest.mark.parametrize("case", ["behovets fält", "beslut", "projekt"])
def test_the_rules_with_the_memo_find_the_same_in_the_same_order(
    copy: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    from avoplan.rules.alla import run_rules

    memo = _Memo()

    def replay(files: Any, derived: str, compute: Callable[[], Any]) -> Any:
        return compute()

    whole = run_rules(_loaded(copy))
    assert run_rules(_loaded(copy), replay, None, memo) == whole  # every item kept
    assert memo.hits == 0
    assert run_rules(_loaded(copy), replay, None, memo) == whole  # every item known
    assert memo.hits == len(list((copy / "behov").glob("*.yaml"))) + len(
        list((copy / "projekt").glob("*.yaml"))
    )
    CASES[case](copy, monkeypatch)
    after = run_rules(_loaded(copy))
    assert after != whole
    assert run_rules(_loaded(copy), replay, None, memo) == after
