"""An id as typed is parsed once (models.ids.ItemId): trimmed, the local part in the files'
spelling, a global id's member apart; every command that takes an id reads it so."""

from __future__ import annotations

from pathlib import Path

import pytest

from avoplan.models.ids import ItemId
from avoplan.models.portfolio import BEHOV, PROJEKT, numbered_kind
from tests.helpers import Cli


@pytest.mark.parametrize(
    ("typed", "local", "member", "canonical"),
    [
        ("BEH-004", "BEH-004", None, "BEH-004"),
        ("  beh-004\t", "BEH-004", None, "BEH-004"),
        ("prj-7", "PRJ-7", None, "PRJ-7"),
        ("ÄVO:BEH-042", "BEH-042", "ÄVO", "ÄVO:BEH-042"),
        (" FS:PRJ-001 ", "PRJ-001", "FS", "FS:PRJ-001"),
        ("ävo:beh-042", "ÄVO:BEH-042", None, "ÄVO:BEH-042"),  # no member code: not global
    ],
)
def test_an_id_is_parsed_once_into_its_parts(
    typed: str, local: str, member: str | None, canonical: str
) -> None:
    parsed = ItemId.parse(typed)
    assert (parsed.typed, parsed.local, parsed.member) == (typed.strip(), local, member)
    assert str(parsed) == canonical
    assert ItemId.parse(parsed) is parsed


def test_the_kind_of_an_id_is_read_from_the_parsed_id() -> None:
    assert numbered_kind(" beh-004 ") is BEHOV
    assert numbered_kind("prj-7") is PROJEKT
    assert numbered_kind("ÄVO:BEH-042") is None  # a global id names another portfolio's item
    assert numbered_kind("SYS-1") is None


def test_show_and_kostnad_read_an_id_typed_with_spaces_and_lower_case(
    cli: Cli, portfolio: Path
) -> None:
    shown = cli("show", " beh-004 ", "-p", portfolio)
    assert shown.exit_code == 0, shown.output
    assert "BEH-004" in shown.output
    cost = cli("kostnad", " beh-004 ", "-p", portfolio, "--format", "json")
    assert cost.exit_code == 0, cost.output
    assert '"BEH-004"' in cost.output
