"""A warm `prioritet` (issue 27) ranks from compact rows read one cached file at a time,
never holding the models, and the first `list` after a check makes its overview the
same way; each answer is byte for byte the answer of the full read, and any change since
the last check sends it back to the full read."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import EMBEDDED, Cli, copy_portfolio, made_ahead, replace_in, settle
from tests.test_prioritet import add_need

FORMS: list[tuple[str, ...]] = [
    (),
    ("--explain",),
    ("--explain", "--format", "json"),
    ("--budget", "300000"),
    ("--budget", "300000", "--format", "json"),
]


def every_kind_of_reason(portfolio: Path) -> None:
    """The embedded portfolio with each sentence the list can explain: dependencies
    direct, indirect and through an item off the list, moved places, a decision, equal
    kvot, infrastructure, an unassessed need, a project listed apart (R19) and one not
    traced to a need past BP4 (R13)."""
    add_need(portfolio, "BEH-901", pl_hours=10, deps=("BEH-910",))
    add_need(portfolio, "BEH-910", steg="beredning", deps=("BEH-902",))
    add_need(portfolio, "BEH-902", pl_hours=5000, effects=("infrastruktur",))
    add_need(portfolio, "BEH-903", goals=(1,))
    add_need(portfolio, "BEH-904", goals=(1, 3))
    add_need(portfolio, "BEH-905", hours=None)
    add_need(portfolio, "BEH-906", steg="insamling", deps=("BEH-902", "BEH-017"))
    replace_in(portfolio / "projekt" / "PRJ-023.yaml", "behov: BEH-003", "behov: BEH-004")
    project = (portfolio / "projekt" / "PRJ-023.yaml").read_text(encoding="utf-8")
    apart = project.replace("id: PRJ-023", "id: PRJ-901").replace(
        "klass: prioriterad\n", "ledning: intraservice\n"
    )
    (portfolio / "projekt" / "PRJ-901.yaml").write_text(apart, encoding="utf-8")


def _reasoned(target: Path) -> None:
    every_kind_of_reason(copy_portfolio(EMBEDDED, target))


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    """Every test here starts from the portfolio of every kind of reason, made ahead: its
    files are usually past the racy window by the time a test checks them (`checked`)."""
    return made_ahead(tmp_path / "portfolio", _reasoned)


def checked(cli: Cli, portfolio: Path) -> None:
    """A full check of files older than the racy window: the manifest then holds."""
    settle(portfolio)
    assert cli("check", "-p", portfolio).exit_code in (0, 1)
    assert (portfolio / ".avoplan-cache" / "manifest.tsv").is_file()


def full_read(cli: Cli, portfolio: Path, *form: str) -> str:
    """`prioritet` as it answers with no manifest to trust: every file read in full."""
    (portfolio / ".avoplan-cache" / "manifest.tsv").unlink()
    result = cli("prioritet", "-p", portfolio, *form)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("form", FORMS, ids=[" ".join(f) or "table" for f in FORMS])
def test_r21_a_warm_list_read_file_by_file_is_the_full_lists_every_byte(
    cli: Cli, portfolio: Path, loads: list[Path], form: tuple[str, ...]
) -> None:
    checked(cli, portfolio)
    loads.clear()
    warm = cli("prioritet", "-p", portfolio, *form)
    assert warm.exit_code == 0, warm.output
    assert loads == []  # no model of the whole portfolio was built
    assert warm.stdout == full_read(cli, portfolio, *form)
    assert loads == [portfolio]
    for sentence in (
        "Beror indirekt på BEH-902",
        "(behov i steget beredning), som inte står på listan.",
        "Flyttad före",
        "Manuellt placerad",
        "Samma kvot som",
        "Infrastruktur: BEH-906 beror på den och på 1 till",
        "Obs (R13)",
    ):
        assert "--explain" not in form or sentence in warm.stdout, sentence
    if form == ():
        assert "Utanför prioriteringen (R19)" in warm.stdout
        assert "Kan inte bedömas ännu" in warm.stdout


@pytest.mark.slow
def test_r21_the_compact_rows_of_a_demo_portfolio_are_its_models_rows(
    cli: Cli, tmp_path: Path, loads: list[Path]
) -> None:
    from avoplan.prioritet.poster import underlag_of
    from avoplan.workspace.folder import Workspace
    from avoplan.workspace.underlag import streamed

    demo = tmp_path / "demo"
    assert cli("demo-portfolio", "-n", "600", "-o", demo, "--seed", "7").exit_code == 0
    checked(cli, demo)
    compact = streamed(demo)
    assert compact is not None
    assert compact == underlag_of(Workspace(demo).portfolio(complete=True))
    assert sum(post.väntar for post in compact.behov.values()) > 10
    loads.clear()
    warm = cli("prioritet", "--explain", "-p", demo)
    assert loads == []
    assert warm.stdout == full_read(cli, demo, "--explain")


def test_r22_an_items_row_from_its_cached_data_is_the_row_of_its_model(
    cli: Cli, tmp_path: Path, portfolio: Path
) -> None:
    from pydantic_core import from_json

    from avoplan.models.behov import Behov
    from avoplan.models.projekt import Projekt
    from avoplan.prioritet.poster import post_of, unlisted_post
    from avoplan.workspace.folder import Workspace

    demo = tmp_path / "demo"
    assert cli("demo-portfolio", "-n", "300", "-o", demo, "--seed", "3").exit_code == 0
    unlisted = 0
    for root in (portfolio, demo):
        loaded = Workspace(root).portfolio()
        items: list[Behov | Projekt] = [*loaded.behov.values(), *loaded.projekt.values()]
        for item in items:
            data = from_json(item.model_dump_json())  # as the cache holds it
            row = unlisted_post(data, projekt=isinstance(item, Projekt))
            assert row is None or row == post_of(item), item.id
            unlisted += row is not None
    assert unlisted > 200


def _broken(portfolio: Path) -> None:
    replace_in(portfolio / "behov" / "BEH-905.yaml", "steg:", "steg: [")


def _renamed(portfolio: Path) -> None:
    replace_in(portfolio / "behov" / "BEH-905.yaml", "id: BEH-905", "id: BEH-907")


BROKEN: list[tuple[str, Callable[[Path], None], str]] = [
    ("a file that cannot be read", _broken, "BEH-905.yaml:"),
    ("a file named for another id", _renamed, "stämmer inte med filnamnet BEH-905.yaml"),
]


@pytest.mark.parametrize(("change", "message"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
@pytest.mark.parametrize("when", ["before the check", "after the check"])
def test_a_broken_file_refuses_the_list_as_the_full_read_does(
    cli: Cli,
    portfolio: Path,
    loads: list[Path],
    change: Callable[[Path], None],
    message: str,
    when: str,
) -> None:
    if when == "before the check":
        change(portfolio)
    checked(cli, portfolio)
    if when == "after the check":
        change(portfolio)
    loads.clear()
    result = cli("prioritet", "--explain", "-p", portfolio)
    assert loads == [portfolio]  # only the full read says what is wrong
    assert result.exit_code == 1
    assert "portföljen kan inte läsas" in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_an_estimate_changed_after_the_check_is_ranked_as_it_now_stands(
    cli: Cli, portfolio: Path, loads: list[Path]
) -> None:
    checked(cli, portfolio)
    before = place(cli, portfolio, "BEH-904")
    path = portfolio / "behov" / "BEH-904.yaml"
    replace_in(path, "projektledare_timmar: 100", "projektledare_timmar: 1")
    loads.clear()
    after = place(cli, portfolio, "BEH-904")
    assert loads == [portfolio]
    assert after["kostnad_kr"] * 100 == before["kostnad_kr"]
    assert after["plats"] < before["plats"]


def place(cli: Cli, portfolio: Path, item_id: str) -> Any:
    result = cli("prioritet", "--format", "json", "-p", portfolio)
    return next(p for p in json.loads(result.stdout)["placeringar"] if p["id"] == item_id)


@pytest.mark.parametrize("form", [("--format", "json"), ("--format", "csv"), ()])
def test_the_first_list_after_a_check_reads_no_whole_cache_and_lists_the_same(
    cli: Cli, portfolio: Path, monkeypatch: pytest.MonkeyPatch, form: tuple[str, ...]
) -> None:
    import avoplan.store.cache.entries

    _broken(portfolio)  # listed apart as a file that cannot be read
    checked(cli, portfolio)
    overview = portfolio / ".avoplan-cache" / "oversikt.json"
    opened: list[Path] = []
    real = avoplan.store.cache.entries.Cache.open.__func__  # type: ignore[attr-defined]

    def counting(cls: Any, root: Path, borrow: Path | None = None) -> Any:
        opened.append(root)
        return real(cls, root, borrow)

    monkeypatch.setattr(avoplan.store.cache.entries.Cache, "open", classmethod(counting))
    first = cli("list", "-p", portfolio, *form)
    assert opened == [] and overview.is_file()
    assert cli("list", "-p", portfolio, *form).stdout == first.stdout  # the kept overview
    overview.unlink()
    (portfolio / ".avoplan-cache" / "manifest.tsv").unlink()
    whole = cli("list", "-p", portfolio, *form)
    assert opened == [portfolio]
    assert (whole.exit_code, whole.stdout, whole.stderr) == (0, first.stdout, first.stderr)
    assert "BEH-905.yaml" in first.stderr  # never a silently shorter list
