"""Everyday use, round 2 (issue 23): suggestions that understand ids and steps, the list
of what is waiting, tables that fit 80 columns, messages without repetition."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest

from tests import forkserver
from tests.helpers import Cli


@pytest.mark.parametrize("command", ["show", "liknande", "history"])
@pytest.mark.parametrize("typed", ["BEH-04", "BEH-4", "beh-0004"])
def test_a_zero_padded_id_is_suggested_by_its_number(
    cli: Cli, portfolio: Path, command: str, typed: str
) -> None:
    result = cli(command, typed, "-p", portfolio)
    assert result.exit_code == 1
    assert "menade du BEH-004?" in result.stderr


def test_a_misspelt_step_gets_a_suggestion(cli: Cli, portfolio: Path) -> None:
    result = cli("advance", "BEH-010", "--to", "grovsalning", "--motivering", "x", "-p", portfolio)
    assert result.exit_code == 2
    assert "okänt steg 'grovsalning'; menade du grovsållning?" in result.stderr


def test_an_ambiguous_forum_lists_each_name_once(cli: Cli, portfolio: Path) -> None:
    result = cli(
        "advance",
        "BEH-010",
        "--to",
        "grovsållning",
        "--motivering",
        "x",
        "--forum",
        "utv",
        "--beslutad-av",
        "karin-holm",
        "-p",
        portfolio,
    )
    assert result.exit_code == 1
    assert (
        "'utv' kan vara flera: lokalt-utvecklingsteam (ÄVO:s lokala utvecklingsteam), "
        "id-gemensamma (ID-gemensamma utvecklingsteamet)"
    ) in result.stderr


def test_list_stale_counts_only_items_still_waiting_in_a_step(cli: Cli, portfolio: Path) -> None:
    result = cli("list", "--stale", "400", "-f", "csv", "-p", portfolio)
    assert result.exit_code == 0, result.output
    import csv

    steps = {row["steg"] for row in csv.DictReader(result.stdout.splitlines())}
    assert steps and steps <= {
        "insamling",
        "grovsållning",
        "beredning",
        "klart för start",
        "planerad",
        "pausad",
    }
    everything = cli("list", "-f", "csv", "-p", portfolio).stdout
    assert "bortsorterad" in everything and "avslutad" in everything


DATE = re.compile(r"\d{4}-\d\d-\d\d")


@pytest.mark.parametrize(
    "args",
    [
        ["history", "BEH-004"],
        ["org"],
        ["list"],
        ["list", "--stale", "400"],
        ["prioritet"],
        ["board"],
        ["liknande", "BEH-007"],
        ["kostnad", "PRJ-021"],
    ],
)
def test_tables_fit_80_columns_without_breaking_dates_or_names(
    cli: Cli, portfolio: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = cli(*args, "-p", portfolio)
    assert result.exit_code == 0, result.output
    lines = [
        line
        for line in result.stdout.splitlines()
        if "│" in line or "┃" in line or re.match(r"(BEH|PRJ)-", line)
    ]
    assert lines and max(len(line) for line in lines) <= 80
    cells = [cell.strip() for line in lines for cell in line.split("│")]
    assert not [c for c in cells if re.fullmatch(r"\d{4}-\d\d(-)?", c)], "a date was split"
    for word in ("Lindqvist", "läkemedelssignering", "grovsållning"):
        assert not [
            c
            for c in cells
            if c
            and c != word
            and word.startswith(c)
            and not c.endswith("…")
            and len(c) > 3
            and c.isalpha()
        ], word


def test_prioritet_at_80_columns_leaves_out_columns_and_says_so(
    cli: Cli, portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = cli("prioritet", "-p", portfolio).stdout
    assert "2 851 200 kr" in text.replace("\u00a0", " ")  # amounts whole
    assert "läkemedelssignering" in text
    assert "Utelämnat vid den här bredden: Nytta per år, Vikt, Tillägg" in " ".join(text.split())


def test_history_at_80_columns_shows_every_date_and_protokoll_whole(
    cli: Cli, portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = cli("history", "BEH-004", "-p", portfolio).stdout
    assert DATE.findall(text) == ["2025-03-03", "2025-04-01", "2025-05-19"]
    assert "LOK-2025-03" in text


def test_org_at_80_columns_keeps_names_and_e_post_whole(
    cli: Cli, portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = cli("org", "-p", portfolio).stdout
    assert "Eva Lindqvist" in text and "eva.lindqvist@avo.exempel.se" in text


def test_render_help_names_pdf_and_a_folder(cli: Cli) -> None:
    text = " ".join(cli("render", "--help").stdout.split())
    assert "(Markdown, HTML eller PDF)" in text
    assert re.search(r"--out\s+-o\s+MAPP", text)


def test_board_gives_json(cli: Cli, portfolio: Path) -> None:
    import json

    board = json.loads(cli("board", "-f", "json", "-p", portfolio).stdout)
    steps = {column["steg"]: column["behov"] for column in board["steg"]}
    assert "BEH-010" in {card["id"] for card in steps["Insamling"]}
    assert {"id", "titel", "avdelning", "dagar_i_steg", "står_still"} <= steps["Insamling"][
        0
    ].keys()
    assert board["att_besluta"] and "forum" in board["att_besluta"][0]
    only = json.loads(cli("board", "-f", "json", "--forum", "digitali", "-p", portfolio).stdout)
    assert only["steg"] == [] and len(only["att_besluta"]) == 1


def complete(portfolio: Path, words: str, home: Path | None = None) -> str:
    """What bash's Tab offers after `words` (the real console script, as the shell runs it)."""
    import os

    env = {
        **os.environ,
        "_AVOPLAN_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
        "AVOPLAN_PORTFOLIO": str(portfolio),
    }
    done = forkserver.run([], env=env, text=True)  # forked: tests/forkserver.py
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(
    ("words", "offered", "not_offered"),
    [
        ("avoplan show BEH-00", "BEH-004", "PRJ-001"),
        ("avoplan matning PRJ-02", "PRJ-021", "BEH-004"),
        ("avoplan advance BEH-010 --to grov", "grovsållning", "beredning"),
        ("avoplan advance BEH-010 --beslutad-av kar", "karin-holm", "johan-ek"),
        ("avoplan advance BEH-010 --forum digi", "digitaliseringsradet", "operativa"),
        ("avoplan list --avdelning hem", "hemtjanst", "myndighet"),
        ("avoplan new behov --kontaktperson ann", "anna-svensson", "karin-holm"),
        ("avoplan history beh-01", "beh-010", "beh-004"),
    ],
)
def test_tab_completes_ids_steps_avdelningar_forums_and_people(
    portfolio: Path, words: str, offered: str, not_offered: str
) -> None:
    found = complete(portfolio, words).split()
    assert offered in found and not_offered not in found


def test_a_new_need_is_completed_at_once(cli: Cli, portfolio: Path) -> None:
    assert "BEH-020" not in complete(portfolio, "avoplan show BEH-02")
    assert (
        cli(
            "new", "behov", "--titel", "Nytt", "--avdelning", "hemtjanst", "-p", portfolio
        ).exit_code
        == 0
    )
    assert "BEH-020" in complete(portfolio, "avoplan show BEH-02")


def test_completion_install_says_so_in_swedish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "hem"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    # typer finds the shell among the process's parents (shellingham), so bash runs avoplan
    # as its direct child; the `exit` after it keeps bash from exec-ing avoplan in its place.
    command = f"{shlex.join(forkserver.AVOPLAN)} --install-completion; exit $?"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Tab-komplettering för bash installerad i" in done.stdout
    assert "startat om terminalen" in done.stdout
    assert "completion installed" not in done.stdout
