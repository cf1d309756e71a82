"""The warm-check cache: unchanged files skip parsing, and a cache never changes results."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from avoplan.store import loader
from tests.helpers import Cli, parsed_texts, replace_in
from tests.helpers import check_report as report

CACHE = Path(".avoplan-cache") / "check.tsv"


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return parsed_texts(monkeypatch)


def test_second_check_of_unchanged_files_parses_nothing(
    cli: Cli, portfolio: Path, parsed: list[str]
) -> None:
    first = report(cli, portfolio)
    assert len(parsed) == first["filer"]
    assert (portfolio / CACHE).is_file()
    parsed.clear()
    assert report(cli, portfolio) == first
    assert parsed == []


def test_editing_a_file_invalidates_only_its_entry(
    cli: Cli, portfolio: Path, parsed: list[str]
) -> None:
    report(cli, portfolio)
    need = portfolio / "behov" / "BEH-005.yaml"
    replace_in(need, "kontaktperson: petra-johansson", "kontaktperson: petra-johanson")
    parsed.clear()
    second = report(cli, portfolio)
    assert len(parsed) == 1 and "BEH-005" in parsed[0]
    assert second["fel"] >= 1
    assert any(
        row["fält"] == "kontaktperson" and row["fil"].endswith("BEH-005.yaml")
        for row in second["fynd"]
    )
    assert second == report(cli, portfolio, "--no-cache")


def test_findings_of_a_broken_file_come_back_from_the_cache(
    cli: Cli, portfolio: Path, parsed: list[str]
) -> None:
    replace_in(portfolio / "projekt" / "PRJ-021.yaml", "  ramar:", "  ram:")
    replace_in(portfolio / "behov" / "BEH-010.yaml", "steg: insamling", "steg: [insamling")
    first = report(cli, portfolio)
    assert first["fel"] >= 2
    parsed.clear()
    assert report(cli, portfolio) == first
    assert parsed == []


def test_a_garbage_cache_file_is_ignored(cli: Cli, portfolio: Path, parsed: list[str]) -> None:
    expected = report(cli, portfolio, "--no-cache")
    cache = portfolio / CACHE
    cache.parent.mkdir()
    cache.write_bytes(b"\x00\xffnot a cache\n\t\t\t\t\t\n" * 50)
    assert report(cli, portfolio) == expected
    parsed.clear()
    assert report(cli, portfolio) == expected  # rewritten: warm again
    assert parsed == []


def test_a_damaged_entry_is_not_trusted(cli: Cli, portfolio: Path, parsed: list[str]) -> None:
    expected = report(cli, portfolio)
    cache = portfolio / CACHE
    text = cache.read_text(encoding="utf-8")
    assert '"kontaktperson":"petra-johansson"' in text
    cache.write_text(
        text.replace('"kontaktperson":"petra-johansson"', '"kontaktperson":"okand-person"'),
        encoding="utf-8",
    )
    parsed.clear()
    assert report(cli, portfolio) == expected
    assert len(parsed) >= 1  # the damaged entries were read again from their files


def test_an_entry_from_other_code_is_not_used(cli: Cli, portfolio: Path, parsed: list[str]) -> None:
    report(cli, portfolio)
    cache = portfolio / CACHE
    head, rest = cache.read_text(encoding="utf-8").split("\n", 1)
    cache.write_text(head[:-4] + "0000\n" + rest, encoding="utf-8")
    parsed.clear()
    report(cli, portfolio)
    assert parsed, "a cache written by other code (another fingerprint) must be ignored"


def test_no_cache_neither_reads_nor_writes_it(cli: Cli, portfolio: Path, parsed: list[str]) -> None:
    first = report(cli, portfolio, "--no-cache")
    assert not (portfolio / ".avoplan-cache").exists()
    report(cli, portfolio)
    parsed.clear()
    assert report(cli, portfolio, "--no-cache") == first
    assert len(parsed) == first["filer"]


def test_cache_folder_keeps_itself_out_of_git(cli: Cli, portfolio: Path) -> None:
    report(cli, portfolio)
    ignore = portfolio / ".avoplan-cache" / ".gitignore"
    assert ignore.read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert report(cli, portfolio)["varningar"] == report(cli, portfolio, "--no-cache")["varningar"]


def test_read_only_portfolio_caches_under_xdg_cache_home(
    cli: Cli, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[str]
) -> None:
    import avoplan.store.cache.places

    monkeypatch.setattr(avoplan.store.cache.places, "_writable", lambda folder: False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    report(cli, portfolio)
    assert not (portfolio / ".avoplan-cache").exists()
    assert list((tmp_path / "xdg" / "avoplan").glob("*/check.tsv"))
    parsed.clear()
    report(cli, portfolio)
    assert parsed == []


def test_cached_models_equal_freshly_validated_ones(portfolio: Path) -> None:
    from avoplan.store.cache.entries import Cache

    fresh = loader.load_portfolio(portfolio).portfolio
    Cache.open(portfolio).save()
    cache = Cache.open(portfolio)
    loader.load_portfolio(portfolio, cache.read)
    cache.save()
    warm = Cache.open(portfolio)
    cached = loader.load_portfolio(portfolio, warm.read).portfolio
    assert fresh is not None and cached is not None
    assert warm.new.keys() == warm.old.keys() and not warm.changed  # every file was a hit
    for kind in ("behov", "projekt", "system", "schablon", "forvaltningsobjekt"):
        assert getattr(cached, kind) == getattr(fresh, kind), kind
    assert cached.organisation == fresh.organisation
    assert cached.delegationsordning == fresh.delegationsordning
    assert cached.plan == fresh.plan
    assert cached.utvecklingsomraden == fresh.utvecklingsomraden


def test_embedded_portfolio_in_the_installed_package_caches_under_xdg(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import avoplan
    import avoplan.store.cache.places

    monkeypatch.setattr(avoplan.store.cache.places, "_writable", lambda folder: True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    embedded = Path(avoplan.__file__).parent / "_embedded" / "portfolio"
    assert avoplan.store.cache.places.cache_dir(embedded).is_relative_to(
        tmp_path / "xdg" / "avoplan"
    )
    assert avoplan.store.cache.places.cache_dir(tmp_path) == tmp_path / ".avoplan-cache"


@pytest.fixture
def rule_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts how often the rules run over a whole portfolio."""
    import avoplan.rules.alla

    runs: list[int] = []
    original = avoplan.rules.alla.run_rules

    def counting(portfolio: Any, *replay: Any) -> Any:
        runs.append(1)
        return original(portfolio, *replay)

    monkeypatch.setattr(avoplan.rules.alla, "run_rules", counting)
    return runs


def test_rule_findings_are_reused_while_no_file_changes(
    cli: Cli, portfolio: Path, rule_runs: list[int]
) -> None:
    replace_in(
        portfolio / "projekt" / "PRJ-021.yaml", "projektledare: jonas-berg", "projektledare: okand"
    )
    first = cli("check", "-p", portfolio)
    second = cli("check", "-p", portfolio)
    assert (first.exit_code, second.exit_code) == (1, 1)
    assert second.stdout == first.stdout
    assert len(rule_runs) == 1
    replace_in(
        portfolio / "projekt" / "PRJ-021.yaml", "projektledare: okand", "projektledare: jonas-berg"
    )
    third = cli("check", "-p", portfolio)
    assert third.exit_code == 0, third.output
    assert len(rule_runs) == 2


def test_damaged_rule_findings_are_recomputed(
    cli: Cli, portfolio: Path, rule_runs: list[int]
) -> None:
    assert cli("check", "-p", portfolio).exit_code == 0
    (portfolio / ".avoplan-cache" / "rules.json").write_text("{inte json", encoding="utf-8")
    assert cli("check", "-p", portfolio).exit_code == 0
    assert len(rule_runs) == 2


def _modules_the_rules_import() -> list[str]:
    """Every avoplan module loaded once the checks of `check` are imported, asked of a
    fresh interpreter (this one has imported far more)."""
    script = (
        "import sys, avoplan.rules.alla as alla; alla.checks(); "
        "print('\\n'.join(sorted(m for m in sys.modules if m.startswith('avoplan.'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    return [name for name in out.split() if name]


@pytest.mark.slow
def test_editing_any_module_a_rule_imports_makes_the_warm_check_run_the_rules(
    cli: Cli,
    portfolio: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rule_runs: list[int],
    request: pytest.FixtureRequest,
) -> None:
    """The rules' cached findings are keyed on the code: an upgrade that changes any
    module the rules import (pps.py was once missed by a hand-kept list) runs them again."""
    import avoplan
    from avoplan.store.cache import code

    package = Path(avoplan.__file__).parent
    copy = tmp_path / "avoplan"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "_embedded"))
    monkeypatch.setattr(avoplan, "__file__", str(copy / "__init__.py"))
    request.addfinalizer(code.code_digest.cache_clear)  # the copy's digest must not linger

    def check() -> None:
        code.code_digest.cache_clear()  # one process per upgrade, as in real life
        cli("check", "-p", portfolio)

    modules = _modules_the_rules_import()
    assert {"avoplan.behovsprocess.pps", "avoplan.rules.projekt"} <= set(modules)
    # Three files of each kind: the question is only whether the rules run (rule_runs),
    # which the code decides, not the portfolio; 110 checks of the whole embedded
    # portfolio cost three times as much.
    for kind in ("behov", "projekt", "möten", "system"):
        for extra in sorted((portfolio / kind).glob("*.yaml"))[3:]:
            extra.unlink()
    check()
    for name in modules:
        relative = Path(*name.split(".")[1:])
        source = (
            copy / relative / "__init__.py"
            if (copy / relative).is_dir()
            else copy / relative.with_suffix(".py")
        )
        before = len(rule_runs)
        check()
        assert len(rule_runs) == before, f"the rules ran with {name} unchanged"
        source.write_text(source.read_text(encoding="utf-8") + "\n# upgraded\n", encoding="utf-8")
        code.code_digest.cache_clear()
        cli("check", "-p", portfolio)
        assert len(rule_runs) == before + 1, f"an edit of {name} left the findings cached"
    code.code_digest.cache_clear()
