"""The per-file cache after one changed file: the changed entry is appended to check.tsv
(issue 26: not 26 MB rewritten at 10 000 files), a later line supersedes an earlier one
everywhere the cache is read, and a torn, moved or stale line is never used."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Cli, parsed_texts, replace_in, settle
from tests.helpers import check_report as report

CACHE = Path(".avoplan-cache") / "check.tsv"
NEED = "behov/BEH-005.yaml"
OLD_TITLE = "Automatiserad uppföljning av biståndsbeslut"
NEW_TITLE = "Automatiserad uppföljning av alla biståndsbeslut"


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return parsed_texts(monkeypatch)


def lines_of(portfolio: Path, key: str) -> list[str]:
    text = (portfolio / CACHE).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.startswith(key + "\t")]


def test_one_changed_file_is_appended_and_supersedes_its_old_entry(
    cli: Cli, portfolio: Path, parsed: list[str]
) -> None:
    report(cli, portfolio)
    before = (portfolio / CACHE).read_bytes()
    replace_in(portfolio / NEED, f"titel: {OLD_TITLE}", f"titel: {NEW_TITLE}")
    parsed.clear()
    second = report(cli, portfolio)
    assert len(parsed) == 1 and "BEH-005" in parsed[0]
    after = (portfolio / CACHE).read_bytes()
    assert after.startswith(before)  # appended, not rewritten
    added = after[len(before) :].decode("utf-8").splitlines()
    assert [line.split("\t")[0] for line in added] == [NEED]
    assert len(lines_of(portfolio, NEED)) == 2
    assert second == report(cli, portfolio, "--no-cache")
    parsed.clear()
    assert report(cli, portfolio) == second
    assert parsed == []
    # Read one entry at a time while the manifest holds (list): the last line counts.
    settle(portfolio)  # past the racy window, as files in a checkout are
    report(cli, portfolio)
    listed = cli("list", "behov", "-p", portfolio, "--format", "json")
    assert listed.exit_code == 0, listed.output
    assert NEW_TITLE in listed.stdout and OLD_TITLE not in listed.stdout
    shown = cli("list", "behov", "-p", portfolio, "--format", "json", "--search", "alla")
    assert "BEH-005" in shown.stdout


def test_a_torn_appended_line_never_brings_back_the_earlier_entry(
    cli: Cli, portfolio: Path, parsed: list[str]
) -> None:
    report(cli, portfolio)
    replace_in(portfolio / NEED, f"titel: {OLD_TITLE}", f"titel: {NEW_TITLE}")
    expected = report(cli, portfolio)
    cache = portfolio / CACHE
    text = cache.read_bytes()
    cache.write_bytes(text[: len(text) - 100])  # the appended line cut in its body
    parsed.clear()
    assert report(cli, portfolio) == expected
    assert any("BEH-005" in t for t in parsed)  # read from its file, not the old line
    assert len(lines_of(portfolio, NEED)) == 1  # a torn end: written whole again
    listed = cli("list", "behov", "-p", portfolio, "--format", "json")
    assert NEW_TITLE in listed.stdout and OLD_TITLE not in listed.stdout


def test_an_entry_moved_to_another_path_is_not_trusted(
    cli: Cli, portfolio: Path, parsed: list[str]
) -> None:
    expected = report(cli, portfolio)
    cache = portfolio / CACHE
    other = "behov/BEH-006.yaml"
    moved = lines_of(portfolio, NEED)[0].replace(NEED, other, 1)
    with cache.open("a", encoding="utf-8") as file:
        file.write(moved + "\n")
    (portfolio / other).write_bytes((portfolio / NEED).read_bytes())  # same bytes, same hash
    parsed.clear()
    result = report(cli, portfolio)
    assert result == report(cli, portfolio, "--no-cache")
    assert result != expected  # two needs with one id now
    assert any("BEH-005" in t for t in parsed)  # the moved line's checksum names its path


def test_a_removed_file_leaves_no_entry_behind(cli: Cli, portfolio: Path) -> None:
    report(cli, portfolio)
    replace_in(portfolio / NEED, f"titel: {OLD_TITLE}", f"titel: {NEW_TITLE}")
    report(cli, portfolio)
    gone = "behov/BEH-010.yaml"
    assert lines_of(portfolio, gone)
    (portfolio / gone).unlink()
    result = report(cli, portfolio)
    assert result == report(cli, portfolio, "--no-cache")
    assert lines_of(portfolio, gone) == []  # rewritten whole
    assert len(lines_of(portfolio, NEED)) == 1


def test_bytes_that_are_no_utf8_spoil_only_their_own_entry(
    cli: Cli, portfolio: Path, parsed: list[str]
) -> None:
    # check.tsv is decoded one entry at a time, as each is used (issue 26).
    expected = report(cli, portfolio)
    cache = portfolio / CACHE
    text = cache.read_bytes()
    start = text.index(NEED.encode() + b"\t")
    at = text.index(OLD_TITLE.encode(), start)
    cache.write_bytes(text[:at] + b"\xff" + text[at + 1 :])
    parsed.clear()
    assert report(cli, portfolio) == expected
    assert len(parsed) == 1 and "BEH-005" in parsed[0]  # the spoilt entry alone is a miss
    parsed.clear()
    assert report(cli, portfolio) == expected
    assert parsed == []  # its entry written again
