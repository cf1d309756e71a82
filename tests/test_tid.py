"""R33 and R34 at the grovsållning: the TID dependency read from the systems a need
names, and the existing city solutions considered, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.helpers import Cli, replace_in


def _beh005_in_grovsallning(portfolio: Path, tid: str) -> Path:
    path = portfolio / "behov" / "BEH-005.yaml"
    text = path.read_text(encoding="utf-8")
    text = text[: text.index("  - beslutspunkt: 2")].replace(
        "steg: beredning", "steg: grovsållning"
    )
    path.write_text(text.replace("tid_beroende: true", f"tid_beroende: {tid}"), encoding="utf-8")
    return path


def _advance(cli: Cli, portfolio: Path) -> tuple[int, str]:
    result = cli(
        "advance",
        "BEH-005",
        "--to",
        "beredning",
        "--motivering",
        "Vidare.",
        "--beslutad-av",
        "fatima-olsson",
        "--datum",
        "2025-11-20",
        "-p",
        portfolio,
    )
    return result.exit_code, result.output


def test_r33_a_need_naming_treserva_depends_on_tid_unless_the_grovsallning_says_why(
    cli: Cli, portfolio: Path
) -> None:
    path = _beh005_in_grovsallning(portfolio, "false")
    code, output = _advance(cli, portfolio)
    assert code == 1 and "R33" in output and "Treserva" in output
    found = json.loads(cli("check", "-f", "json", "--no-cache", "-p", portfolio).stdout)["fynd"]
    assert not any(f["regel"] == "R33" for f in found)  # nothing recorded yet
    replace_in(
        path,
        "  tid_beroende: false\n",
        "  tid_beroende: false\n  tid_undantag: "
        "Bara rapportuttag ur Treserva; inget ändras i systemet.\n",
    )
    code, output = _advance(cli, portfolio)
    assert code == 0, output
    shown = cli("show", "BEH-005", "-p", portfolio).stdout
    assert "nej: Bara rapportuttag" in " ".join(shown.split())
    backlog = cli("render", "backlog", "-p", portfolio).stdout
    assert "Nej: Bara rapportuttag ur Treserva" in backlog


def test_r33_the_embedded_needs_that_change_treserva_depend_on_tid(cli: Cli) -> None:
    for need in ("BEH-002", "BEH-005"):
        shown = cli("show", need).stdout
        assert "TID-beroende" in shown and "ja (beslutas i ID:s organ)" in shown
    board = cli("board", "--forum", "styr-och-samordningsgruppen").stdout
    assert "BP3 BEH-002" in board and "BP3 BEH-005" in board


def test_r34_the_grovsallning_records_the_existing_solutions_considered(
    cli: Cli, portfolio: Path
) -> None:
    path = _beh005_in_grovsallning(portfolio, "true")
    replace_in(path, "system: [treserva]", "system: []")
    replace_in(path, "tid_beroende: true", "tid_beroende: false")
    code, output = _advance(cli, portfolio)
    assert code == 0, output
    assert "R34" in output and "befintliga lösningar" in output
    found = json.loads(cli("check", "-f", "json", "--no-cache", "-p", portfolio).stdout)["fynd"]
    assert any(
        f["regel"] == "R34" and f["nivå"] == "varning" and f["fil"].endswith("BEH-005.yaml")
        for f in found
    )
    replace_in(
        path,
        "  tid_beroende: false\n",
        "  tid_beroende: false\n  befintliga_lösningar: [SAMSA, stadens e-tjänsteplattform]\n",
    )
    found = json.loads(cli("check", "-f", "json", "--no-cache", "-p", portfolio).stdout)["fynd"]
    assert not any(f["regel"] == "R34" and f["fil"].endswith("BEH-005.yaml") for f in found)


def _beh017_as_tid_change(portfolio: Path) -> None:
    """BEH-017 back in beredning, its grovsållning naming it a change within TID's
    förvaltande uppdrag (Treserva's login)."""
    path = portfolio / "behov" / "BEH-017.yaml"
    text = path.read_text(encoding="utf-8")
    text = text[: text.index("  - beslutspunkt: 3")].replace(
        "steg: klart för start", "steg: beredning"
    )
    path.write_text(
        text.replace("  tid_beroende: true\n", "  tid_beroende: true\n  tid_förändring: true\n"),
        encoding="utf-8",
    )


def test_r33_a_change_within_tids_uppdrag_is_decided_in_the_operativa_styrgruppen(
    cli: Cli, portfolio: Path
) -> None:
    """ "Inom detta uppdrag tas underlag fram till operativa styrgruppen som fattar beslut
    om förändringar": the delegationsordning routes BP3 of such a need there, and the
    board, the drafted dagordning, advance and check all follow it."""
    _beh017_as_tid_change(portfolio)
    p = ["-p", str(portfolio)]
    assert "BP3 BEH-017" in cli("board", "--forum", "operativa", *p).stdout
    assert "BEH-017" not in cli("board", "--forum", "styr-och-samordningsgruppen", *p).stdout
    shown = " ".join(cli("show", "BEH-017", *p).stdout.split())
    assert "en förändring inom TID:s förvaltande uppdrag" in shown
    refused = cli(
        "advance", "BEH-017", "--to", "klart för start", "--motivering", "Prioriteras.",
        "--beslutad-av", "eva-lindqvist", "--datum", "2025-11-20",
        "--forum", "styr-och-samordningsgruppen", "--protokoll", "STY-2025-11 § 4",
        "--deltagare", "camilla-ros,eva-lindqvist,gustav-ahl", *p,
    )  # fmt: skip
    assert refused.exit_code == 1
    assert "R33" in refused.stderr and "Operativa styr- och samordningsgruppen" in refused.stderr
    drafted = cli("möte", "ny", "operativa", "--datum", "2025-11-20", *p)
    assert drafted.exit_code == 0, drafted.output
    möte = (portfolio / "möten" / "operativa-2025-11-20.yaml").read_text(encoding="utf-8")
    assert "avser: BEH-017" in möte and "typ: beslut" in möte
    number = möte.split("avser: BEH-017")[0].rsplit("nummer: ", 1)[1].split("\n")[0]
    present = "erik-sjoberg,oskar-dahl,ulla-strand"
    assert (
        cli("möte", "närvaro", "operativa-2025-11-20", "--närvarande", present, *p).exit_code == 0
    )
    decided = cli(
        "advance", "BEH-017", "--to", "klart för start", "--motivering", "Prioriteras.",
        "--beslutad-av", "erik-sjoberg", "--möte", "operativa-2025-11-20",
        "--paragraf", number, *p,
    )  # fmt: skip
    assert decided.exit_code == 0, decided.output
    assert "ordförande i Operativa styr- och samordningsgruppen" in decided.stdout
    found = json.loads(cli("check", "-f", "json", "--no-cache", *p).stdout)["fynd"]
    assert not [f for f in found if f["nivå"] == "fel"], found
    recorded = yaml.safe_load((portfolio / "behov" / "BEH-017.yaml").read_text(encoding="utf-8"))
    assert recorded["beslut"][-1]["underlag"]["tid_förändring"] is True


def test_r33_an_earlier_bp3_stands_on_its_underlag_when_the_need_is_named_a_tid_change(
    cli: Cli, portfolio: Path
) -> None:
    """BEH-017's BP3 in the Styr- och samordningsgruppen was judged on its underlag then;
    naming the need a change within TID's uppdrag afterwards does not make it wrong."""
    replace_in(
        portfolio / "behov" / "BEH-017.yaml",
        "  tid_beroende: true\n",
        "  tid_beroende: true\n  tid_förändring: true\n",
    )
    found = json.loads(cli("check", "-f", "json", "--no-cache", "-p", portfolio).stdout)["fynd"]
    assert not [f for f in found if f["nivå"] == "fel"], found


def test_r33_a_change_within_tids_uppdrag_names_a_system_under_tjansteforvaltning(
    cli: Cli, portfolio: Path
) -> None:
    _beh005_in_grovsallning(portfolio, "true")
    path = portfolio / "behov" / "BEH-005.yaml"
    replace_in(path, "system: [treserva]", "system: []")
    replace_in(path, "  tid_beroende: true\n", "  tid_beroende: true\n  tid_förändring: true\n")
    code, output = _advance(cli, portfolio)
    assert code == 1
    assert "R33" in output and "nämner inget system under tjänsteförvaltning" in output
