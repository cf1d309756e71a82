"""Everyday use without opening YAML (issue 12): `org`, names wherever an id is asked
for, `list` with search, sort, stale and formats, `show` with names, cost and place,
and JSON from history and rules with the same Swedish keys as `check`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from avoplan.store.yaml_io import parse
from tests.helpers import Cli, replace_in

# --- org and names ----------------------------------------------------------------------


def test_org_lists_people_forums_and_avdelningar_with_ids(cli: Cli, portfolio: Path) -> None:
    result = cli("org", "-p", portfolio)
    assert result.exit_code == 0, result.output
    for text in (
        "hemtjanst",
        "Hemtjänst",
        "digitaliseringsradet",
        "Digitaliseringsrådet",
        "sofia-nilsson",
        "sofia.nilsson@avo.exempel.se",
        "registrator",
    ):
        assert text in result.stdout


def test_org_json_has_every_person_and_their_roles(cli: Cli, portfolio: Path) -> None:
    data = json.loads(cli("org", "-p", portfolio, "-f", "json").stdout)
    assert {"avdelningar", "forum", "personer", "roller"} <= data.keys()
    assert any(
        p["id"] == "anna-svensson" and p["namn"] == "Anna Svensson" for p in data["personer"]
    )
    assert data["roller"]["registrator"]


@pytest.mark.parametrize(
    "word", ["Sofia Nilsson", "sofia", "sofia-n", "SOFIA.NILSSON@avo.exempel.se"]
)
def test_a_person_is_found_by_name_prefix_or_email(cli: Cli, portfolio: Path, word: str) -> None:
    result = cli(
        "new",
        "behov",
        "--titel",
        "X",
        "--avdelning",
        "Hemtjänst",
        "--kontaktperson",
        word,
        "-p",
        portfolio,
    )
    assert result.exit_code == 0, result.output
    data = parse((portfolio / "behov" / "BEH-020.yaml").read_text(encoding="utf-8"))
    assert (data["avdelning"], data["kontaktperson"]) == ("hemtjanst", "sofia-nilsson")


def test_an_ambiguous_name_lists_the_candidates(cli: Cli, portfolio: Path) -> None:
    result = cli("new", "behov", "--titel", "X", "--avdelning", "h", "-p", portfolio)
    assert result.exit_code == 1
    message = result.stderr.replace("\n", " ")
    assert "'h' kan vara flera" in message
    assert "hemtjanst (Hemtjänst)" in message and "hr (HR)" in message
    assert not (portfolio / "behov" / "BEH-020.yaml").exists()


def test_list_accepts_the_avdelning_by_name(cli: Cli, portfolio: Path) -> None:
    result = cli("list", "behov", "--avdelning", "Hemtjänst", "-f", "json", "-p", portfolio)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["poster"]
    assert rows and {r["avdelning"] for r in rows} == {"hemtjanst"}


def test_advance_accepts_the_forum_by_name(cli: Cli, portfolio: Path) -> None:
    result = cli(
        "advance",
        "BEH-010",
        "--to",
        "grovsållning",
        "--beslutad-av",
        "Karin Holm",
        "--forum",
        "ÄVO:s lokala",
        "--motivering",
        "Bra.",
        "-p",
        portfolio,
    )
    assert result.exit_code == 0, result.output
    data = parse((portfolio / "behov" / "BEH-010.yaml").read_text(encoding="utf-8"))
    assert data["beslut"][-1]["forum"] == "lokalt-utvecklingsteam"
    assert data["beslut"][-1]["beslutad_av"] == "karin-holm"


# --- list ----------------------------------------------------------------------------------


def listed(cli: Cli, portfolio: Path, *args: str) -> list[dict[str, object]]:
    result = cli("list", *args, "-f", "json", "-p", portfolio)
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.stdout)["poster"]
    return rows


def test_list_covers_behov_and_projekt(cli: Cli, portfolio: Path) -> None:
    rows = listed(cli, portfolio)
    assert {r["typ"] for r in rows} == {"behov", "projekt"}
    assert {r["typ"] for r in listed(cli, portfolio, "projekt")} == {"projekt"}


def test_list_search_ignores_case_and_a_umlauts(cli: Cli, portfolio: Path) -> None:
    ids = {r["id"] for r in listed(cli, portfolio, "--search", "FALLRISK PA BOENDEN")}
    assert ids == {"BEH-011"}
    # descriptions are searched too, not only titles
    replace_in(
        portfolio / "behov" / "BEH-010.yaml",
        "beskrivning: >-",
        "beskrivning: >-\n  Ordet älgstjärna står bara här.",
    )
    assert {r["id"] for r in listed(cli, portfolio, "-s", "algstjarna")} == {"BEH-010"}


def test_list_sorts_by_title_and_by_days_in_step(cli: Cli, portfolio: Path) -> None:
    titles = [str(r["titel"]) for r in listed(cli, portfolio, "behov", "--sort", "titel")]
    assert titles == sorted(
        titles, key=lambda t: t.casefold().translate(str.maketrans("åäö", "aao"))
    )
    days = [r["dagar_i_steg"] for r in listed(cli, portfolio, "behov", "--sort", "dagar")]
    assert days == sorted(days, reverse=True)  # type: ignore[type-var]


def test_list_stale_keeps_only_items_long_in_their_step(cli: Cli, portfolio: Path) -> None:
    every = listed(cli, portfolio, "behov")
    limit = sorted(int(str(r["dagar_i_steg"])) for r in every)[len(every) // 2]
    stale = listed(cli, portfolio, "behov", "--stale", str(limit))
    assert stale and len(stale) < len(every)
    assert all(int(str(r["dagar_i_steg"])) >= limit for r in stale)


def test_list_csv_has_a_header_and_one_row_per_item(cli: Cli, portfolio: Path) -> None:
    result = cli("list", "behov", "-f", "csv", "-p", portfolio)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(list((portfolio / "behov").glob("*.yaml")))
    assert rows[0]["id"] == "BEH-001" and rows[0]["avdelning_namn"] == "Hemtjänst"


def test_list_text_sizes_columns_to_content(cli: Cli, portfolio: Path) -> None:
    result = cli("list", "behov", "-p", portfolio)
    line = next(x for x in result.stdout.splitlines() if x.startswith("BEH-004"))
    assert "Digital läkemedelssignering på boenden" in line  # the title on one line


# --- show, history, rules --------------------------------------------------------------


def test_show_uses_names_grouped_hours_cost_and_priority_place(cli: Cli, portfolio: Path) -> None:
    result = cli("show", "BEH-004", "-p", portfolio)
    assert result.exit_code == 0, result.output
    for text in (
        "Anna Svensson",
        "1\u00a0800\u00a0h per år",
        "2. ",
        "Pascal",
        "\u00a0kr (schablon",
        "plats 1 av",
    ):
        assert text in result.stdout, text
    assert "pascal" not in result.stdout


def test_show_json(cli: Cli, portfolio: Path) -> None:
    data = json.loads(cli("show", "BEH-004", "-f", "json", "-p", portfolio).stdout)
    assert (data["id"], data["typ"], data["prioritet"]["plats"]) == ("BEH-004", "behov", 1)
    assert data["kostnad_kr"] > 0 and data["fält"]["avdelning"] == "halso-och-sjukvard"


def test_history_names_forum_and_protokoll(cli: Cli, portfolio: Path) -> None:
    result = cli("history", "BEH-004", "-p", portfolio)
    assert "LOK-2025-03" in result.stdout
    data = json.loads(cli("history", "BEH-004", "-f", "json", "-p", portfolio).stdout)
    first = data["beslut"][0]
    assert (first["forum_namn"], first["protokoll"], first["commit"]) == (
        "ÄVO:s lokala utvecklingsteam",
        "LOK-2025-03",
        None,
    )


def test_rules_json_uses_the_keys_of_check(cli: Cli) -> None:
    from avoplan.core.rulebook import RULES

    rows = json.loads(cli("rules", "-f", "json").stdout)["regler"]
    assert len(rows) == len(RULES) and {"regel", "nivå"} <= rows[0].keys()


def test_show_still_shows_the_item_when_another_file_is_broken(cli: Cli, portfolio: Path) -> None:
    (portfolio / "plan.yaml").write_text("titel: [\n", encoding="utf-8")
    result = cli("show", "BEH-004", "-p", portfolio)
    assert result.exit_code == 0, result.output
    assert "Anna Svensson" in result.stdout
    assert "kostnad, mål och plats visas inte" in result.stderr


def test_list_keeps_the_cache_of_the_files_it_does_not_read(cli: Cli, portfolio: Path) -> None:
    assert cli("check", "-p", portfolio).exit_code == 0
    cache = portfolio / ".avoplan-cache" / "check.tsv"
    before = cache.read_text(encoding="utf-8")
    assert "organisation.yaml\t" in before
    assert cli("list", "-p", portfolio).exit_code == 0
    assert cache.read_text(encoding="utf-8") == before  # nothing changed: not rewritten


ENGLISH_KEYS = {
    "file",
    "line",
    "field",
    "rule",
    "severity",
    "level",
    "message",
    "hint",
    "title",
    "name",
    "count",
    "items",
    "type",
    "date",
    "people",
    "roles",
    "decisions",
    "cost",
    "place",
    "description",
    "department",
    "errors",
    "warnings",
    "findings",
    "files",
}


def keys_of(data: object) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for v in data.values() for k in keys_of(v)}
    if isinstance(data, list):
        return {k for v in data for k in keys_of(v)}
    return set()


@pytest.mark.parametrize(
    "args", [["check"], ["list"], ["show", "BEH-004"], ["org"], ["history", "BEH-004"], ["rules"]]
)
def test_json_keys_are_swedish_everywhere(cli: Cli, portfolio: Path, args: list[str]) -> None:
    extra = [] if args == ["rules"] else ["-p", str(portfolio)]
    result = cli(*args, "-f", "json", *extra)
    assert result.exit_code == 0, result.output
    keys = keys_of(json.loads(result.stdout))
    assert keys and not keys & ENGLISH_KEYS, keys & ENGLISH_KEYS
