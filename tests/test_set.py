"""`avoplan set ID fält=värde…`: edit without YAML, validated before writing, only the
changed lines change; steg and beslut go through advance (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from avoplan.store.yaml_io import parse
from tests.helpers import Cli, snapshot

BEH = Path("behov") / "BEH-010.yaml"


def test_set_changes_only_the_lines_of_the_fields(cli: Cli, portfolio: Path) -> None:
    path = portfolio / BEH
    before = path.read_text(encoding="utf-8").splitlines()
    result = cli("set", "BEH-010", "titel=Talsyntes: 2026", "-p", portfolio)
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [
        ("titel: Talsyntes för dokumentation i hemtjänsten", "titel: 'Talsyntes: 2026'")
    ]
    assert "+titel: 'Talsyntes: 2026'" in result.stdout


def test_set_reads_names_numbers_lists_and_nested_fields(cli: Cli, portfolio: Path) -> None:
    result = cli(
        "set",
        "BEH-004",
        "kontaktperson=Anna Svensson",
        "frigjord_tid_timmar_per_ar=1200",
        "effekttyp=tidsbesparande, miljö",
        "kostnad.år=2026",
        "-p",
        portfolio,
    )
    assert result.exit_code == 0, result.output
    data = parse((portfolio / "behov" / "BEH-004.yaml").read_text(encoding="utf-8"))
    assert data["kontaktperson"] == "anna-svensson"
    assert data["frigjord_tid_timmar_per_år"] == 1200
    assert data["effekttyp"] == ["tidsbesparande", "miljö"]
    assert data["kostnad"]["år"] == 2026
    assert list(data)[-1] == "beslut"
    assert cli("check", "-p", portfolio).exit_code == 0


def test_set_with_empty_value_removes_the_field(cli: Cli, portfolio: Path) -> None:
    assert cli("set", "BEH-010", "nytta=", "-p", portfolio).exit_code == 0
    assert "nytta" not in parse((portfolio / BEH).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("assignment", "code", "message"),
    [
        ("frigjord_tid_timmar_per_år=-5", 1, "frigjord_tid_timmar_per_år: ska vara minst 0"),
        ("kontaktperson=Okänd Person", 1, "okänd person"),
        ("titlel=x", 2, "okänt fält 'titlel'"),
        ("steg=beredning", 2, "steg kan inte ändras med 'avoplan set'"),
        ("beslut=[]", 2, "beslut kan inte ändras"),
        ("titel", 2, "är inte fält=värde"),
    ],
)
def test_set_refuses_before_writing(
    cli: Cli, portfolio: Path, assignment: str, code: int, message: str
) -> None:
    before = snapshot(portfolio)
    result = cli("set", "BEH-010", assignment, "-p", portfolio)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert snapshot(portfolio) == before
