"""Projects after beslutspunkt 4: the styrgrupp moves them between the phases of the
projektmodell (R36), the projektledare reports their state and closes them with a
slutrapport (R37), all through the real CLI in a real git repository."""

from __future__ import annotations

import difflib
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.helpers import Cli, Result, finding_lines, git, replace_in, snapshot

PETER = "peter.wall@avo.exempel.se"
GOAL = "    - beskrivning: 1500 frigjorda timmar per år i beställningarna.\n"
STRUCTURED = (
    GOAL + "      indikator: Timmar per år för beställningar\n"
    "      enhet: timmar per år\n"
    "      utgångsläge: {värde: 0, datum: 2025-12-01, källa: Tidrapportering}\n"
    "      målvärde: {värde: 1500, datum: 2026-12-31}\n"
)


def day(days_ago: int) -> str:
    return (date.today() - timedelta(days=days_ago)).isoformat()


def data(portfolio: Path, item: str = "PRJ-026") -> dict[str, object]:
    loaded = YAML(typ="safe").load((portfolio / "projekt" / f"{item}.yaml").read_text("utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def move(cli: Cli, portfolio: Path, to: str, when: str, *extra: str) -> Result:
    return cli(
        "advance",
        "PRJ-026",
        "--to",
        to,
        "-p",
        portfolio,
        "--datum",
        when,
        "--motivering",
        "Styrgruppen godkände dokumentationen.",
        *extra,
    )


def started(cli: Cli, portfolio: Path) -> Path:
    """BEH-018 through beslutspunkt 4: PRJ-026 stands in the first phase, start."""
    replace_in(portfolio / "behov" / "BEH-018.yaml", "beroenden: [BEH-017]\n", "")
    result = cli(
        "advance",
        "BEH-018",
        "--to",
        "projekt",
        "-p",
        portfolio,
        "--beslutad-av",
        "oskar-dahl",
        "--datum",
        day(120),
        "--motivering",
        "Projektkontoret startar projektet.",
    )
    assert result.exit_code == 0, result.output
    return portfolio / "projekt" / "PRJ-026.yaml"


def with_directive(cli: Cli, portfolio: Path) -> None:
    result = cli(
        "set",
        "PRJ-026",
        f"projektdirektiv.effektmål+={GOAL.split(': ', 1)[1].strip()}",
        "projektdirektiv.ramar=Inom kostnadsskattningen.",
        "projektdirektiv.förutsättningar=Surfplattor finns på boendena.",
        "-p",
        portfolio,
    )
    assert result.exit_code == 0, result.output
    # The structured goal (indicator, baseline, target) is written as a user writes YAML.
    replace_in(portfolio / "projekt" / "PRJ-026.yaml", GOAL, STRUCTURED)


def with_plan(cli: Cli, portfolio: Path) -> None:
    result = cli(
        "set",
        "PRJ-026",
        "projektplan.vad=Beställning via surfplatta.",
        "projektplan.hur=Pilot på två boenden, sedan alla.",
        "projektplan.vem=Projektgruppen med Matildas förvaltning.",
        "projektplan.när=Första halvåret.",
        "projektgrupp+=david-lind",
        "-p",
        portfolio,
    )
    assert result.exit_code == 0, result.output


def report(cli: Cli, portfolio: Path, when: str, *extra: str) -> Result:
    return cli(
        "lägesrapport",
        "PRJ-026",
        "--tid",
        "grön",
        "--kostnad",
        "gul",
        "--omfattning",
        "grön",
        "--kommentar",
        "Piloten är igång.",
        "--arbetad-tid",
        "120",
        "--datum",
        when,
        "-p",
        portfolio,
        *extra,
    )


def test_r36_r37_a_project_goes_from_start_through_every_phase_to_avslut(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo.parent
    started(cli, repo)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "BP4")
    base = git(root, "rev-parse", "HEAD").strip()
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", PETER)
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Peter Wall")
    model = YAML(typ="safe").load((repo / "projektmodell.yaml").read_text("utf-8"))
    assert [f["id"] for f in model["faser"]] == ["start", "planering", "genomförande", "avslut"]
    _start_to_planering(cli, repo)
    _planering_to_genomforande(cli, repo)
    _reports_against_the_cadence(cli, repo)
    _genomforande_to_avslut(cli, repo)
    git(root, "commit", "-qam", "Mätning")
    verified = cli("verify", "-p", repo, "--sedan", base)
    assert verified.exit_code == 0, verified.output


def _start_to_planering(cli: Cli, repo: Path) -> None:
    """Refused without the directive, then by the wrong decider; then moved."""
    before = snapshot(repo)
    refused = move(cli, repo, "planering", day(110), "--beslutad-av", "peter-wall")
    assert refused.exit_code == 1
    assert "R17 projektdirektiv saknas för att lämna fasen start" in refused.stderr
    assert snapshot(repo) == before
    with_directive(cli, repo)
    git(repo.parent, "commit", "-qam", "Projektdirektiv")
    wrong = move(cli, repo, "planering", day(110), "--beslutad-av", "johan-ek")
    assert wrong.exit_code == 1
    assert (
        "R36 Johan Ek kan inte besluta om förflyttning i faser: det gör styrgruppen, "
        "ledd av projektägaren (Peter Wall)"
    ) in wrong.stderr
    done = move(
        cli, repo, "planering", day(110), "--beslutad-av", "peter-wall", "--deltagare", "johan-ek"
    )
    assert done.exit_code == 0, done.output
    assert "PRJ-026 start → planering" in done.stdout
    project = data(repo)
    assert project["fas"] == "planering" and project["status"] == "planerad"
    assert project["fasbeslut"] == [
        {
            "datum": date.fromisoformat(day(110)),
            "från": "start",
            "till": "planering",
            "beslutad_av": "peter-wall",
            "roll": "projektägare, ordförande i styrgruppen",
            "motivering": "Styrgruppen godkände dokumentationen.",
            "deltagare": ["johan-ek"],
        }
    ]


def _planering_to_genomforande(cli: Cli, repo: Path) -> None:
    """One phase at a time; the projektplan and projektgrupp are needed; --commit."""
    skipped = move(cli, repo, "avslut", day(100), "--beslutad-av", "peter-wall")
    assert "hoppar över faser (nästa fas är genomförande)" in skipped.stderr
    missing = move(cli, repo, "genomförande", day(100), "--beslutad-av", "peter-wall")
    assert "R17 projektplan saknas för att lämna fasen planering" in missing.stderr
    assert "R17 projektgrupp ska vara utsedd för att lämna fasen planering" in missing.stderr
    with_plan(cli, repo)
    git(repo.parent, "commit", "-qam", "Projektplan och planeringens fasbeslut")
    ok = move(cli, repo, "genomforande", day(100), "--beslutad-av", "peter-wall", "--commit")
    assert ok.exit_code == 0, ok.output
    assert data(repo)["status"] == "pågående"
    subject = git(repo.parent, "log", "-1", "--format=%s")
    assert subject.startswith("PRJ-026: planering → genomförande (förflyttning i faser)")


def _reports_against_the_cadence(cli: Cli, repo: Path) -> None:
    """A report older than the cadence (31 days) is check's warning; a fresh one is not."""
    assert report(cli, repo, day(60)).exit_code == 0
    checked = cli("check", "-p", repo)
    assert checked.exit_code == 0, checked.output
    stale = [line for line in finding_lines(checked.stdout) if "PRJ-026" in line and "R37" in line]
    where = f"{Path('repo/portfolio/projekt/PRJ-026.yaml')}:{_line(repo, '^lägesrapporter:')}"
    assert stale == [
        f"{where}: varning R37 lägesrapporter: senaste lägesrapporten är från {day(60)}, "
        "äldre än 31 dagar"
    ]
    assert report(cli, repo, day(2)).exit_code == 0
    lines = finding_lines(cli("check", "-p", repo).stdout)
    assert not [line for line in lines if "PRJ-026" in line and "R37" in line]


def _genomforande_to_avslut(cli: Cli, repo: Path) -> None:
    """Refused without a slutrapport; closed, the effektmål pass to the effektägare."""
    no_report = move(cli, repo, "avslut", day(1), "--beslutad-av", "peter-wall")
    assert no_report.exit_code == 1
    assert "R37 projektet avslutas inte utan slutrapport" in no_report.stderr
    written = cli(
        "set",
        "PRJ-026",
        f"slutrapport.datum={day(1)}",
        "slutrapport.sammanfattning=Beställning via surfplatta på alla boenden.",
        "-p",
        repo,
    )
    assert written.exit_code == 0, written.output
    git(repo.parent, "commit", "-qam", "Slutrapport")
    closed = move(cli, repo, "avslut", day(1), "--beslutad-av", "peter-wall", "--commit")
    assert closed.exit_code == 0, closed.output
    project = data(repo)
    assert project["status"] == "avslutad" and project["fas"] == "avslut"
    assert project["uppföljningsansvar"] == {
        "person": "johan-ek",
        "från": date.fromisoformat(day(1)),
    }
    decisions = project["fasbeslut"]
    assert isinstance(decisions, list)
    assert [b["till"] for b in decisions] == ["planering", "genomförande", "avslut"]
    measured = cli("matning", "PRJ-026", "--effektmal", "1", "--varde", "400", "-p", repo)
    assert measured.exit_code == 0, measured.output
    assert "Ansvarig för uppföljningen: Johan Ek." in measured.stdout
    assert cli("check", "-p", repo).exit_code == 0
    assert "&id" not in (repo / "projekt" / "PRJ-026.yaml").read_text("utf-8")


def _line(portfolio: Path, pattern: str) -> int:
    from tests.helpers import line_of

    return line_of(portfolio / "projekt" / "PRJ-026.yaml", pattern)


def test_r36_verify_catches_an_edited_phase_decision_and_diff_shows_it(
    cli: Cli, repo: Path
) -> None:
    root = repo.parent
    started(cli, repo)
    with_directive(cli, repo)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "BP4 och direktiv")
    base = git(root, "rev-parse", "HEAD").strip()
    moved = move(cli, repo, "planering", day(100), "--beslutad-av", "peter-wall")
    assert moved.exit_code == 0, moved.output
    diff = json.loads(cli("diff", "-p", repo, "--format", "json").stdout)
    [phase] = diff["fasflyttade"]
    assert (phase["id"], phase["från"], phase["till"]) == ("PRJ-026", "–", "planering")
    assert phase["beslut"][0]["beslutad_av"] == "peter-wall"
    assert "Flyttade mellan faser i projektmodellen" in cli("diff", "-p", repo).stdout
    git(root, "commit", "-qam", "Fasbeslut", "--author", f"Peter Wall <{PETER}>")
    assert cli("verify", "-p", repo, "--sedan", base).exit_code == 0
    replace_in(
        repo / "projekt" / "PRJ-026.yaml",
        "    beslutad_av: peter-wall\n    roll: projektägare",
        "    beslutad_av: johan-ek\n    roll: projektägare",
    )
    edited = json.loads(cli("diff", "-p", repo, "--format", "json").stdout)
    [edit] = edited["ändrade_beslut"]
    assert (edit["lista"], edit["ändring"]) == ("fasbeslut", "ändrat")
    git(root, "commit", "-qam", "Ändrar beslutet", "--author", f"Peter Wall <{PETER}>")
    result = cli("verify", "-p", repo, "--sedan", base)
    assert result.exit_code == 1
    assert "fasbeslut 1 (fas " in result.output and "ändrades i efterhand" in result.output


def test_r36_check_refuses_a_phase_set_by_hand(cli: Cli, portfolio: Path) -> None:
    started(cli, portfolio)
    with_directive(cli, portfolio)
    assert move(cli, portfolio, "planering", day(100), "--beslutad-av", "peter-wall").exit_code == 0
    replace_in(portfolio / "projekt" / "PRJ-026.yaml", "fas: planering", "fas: genomförande")
    result = cli("check", "-p", portfolio)
    assert result.exit_code == 1
    assert (
        "fel R36 fas: projektet står i fasen genomförande men det senaste fasbeslutet "
        "flyttade det till planering; fasen ändras bara genom beslut"
    ) in result.stdout


def test_r37_check_replays_a_close_whose_slutrapport_was_removed(cli: Cli, portfolio: Path) -> None:
    file = portfolio / "projekt" / "PRJ-021.yaml"
    replace_in(file, "status: pågående", "status: avslutad")
    replace_in(file, "fas: genomförande", "fas: avslut")
    file.write_text(
        file.read_text("utf-8") + "uppföljningsansvar: {person: karin-holm}\n"
        "fasbeslut:\n"
        "  - {datum: 2026-03-31, från: genomförande, till: avslut, beslutad_av: peter-wall,\n"
        "     roll: 'projektägare, ordförande i styrgruppen', motivering: Klart.}\n",
        "utf-8",
    )
    result = cli("check", "-p", portfolio)
    assert result.exit_code == 1
    assert "fel R37 fasbeslut[0]: projektet avslutas inte utan slutrapport" in result.stdout


def test_r37_a_report_is_appended_with_only_its_own_lines(cli: Cli, portfolio: Path) -> None:
    file = portfolio / "projekt" / "PRJ-025.yaml"
    before = file.read_text("utf-8")
    result = cli(
        "lagesrapport",
        "PRJ-025",
        "--tid",
        "gul",
        "--kostnad",
        "grön",
        "--omfattning",
        "rod",
        "--kommentar",
        "Färre volontärer än väntat.",
        "--datum",
        day(3),
        "-p",
        portfolio,
    )
    assert result.exit_code == 0, result.output
    assert changed_lines(before, file.read_text("utf-8")) == [
        f"+  - datum: {day(3)}",
        "+    tid: gul",
        "+    kostnad: grön",
        "+    omfattning: röd",
        "+    kommentar: Färre volontärer än väntat.",
        "+    av: ida-larsson",
    ]
    assert file.read_text("utf-8").index(f"datum: {day(3)}") < file.read_text("utf-8").index(
        "risker:"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--tid", "blå"), "--tid 'blå' är inte grön, gul eller röd"),
        (("--datum", "2999-01-01"), "rapportdatum 2999-01-01 ligger i framtiden"),
        (("--arbetad-tid", "inf"), "--arbetad-tid inf är inga timmar"),
    ],
)
def test_r37_bad_report_input_is_a_usage_error(
    cli: Cli, portfolio: Path, args: tuple[str, ...], message: str
) -> None:
    before = snapshot(portfolio)
    base = {"--tid": "grön", "--kostnad": "grön", "--omfattning": "grön", "--datum": day(1)}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    flat = [part for pair in base.items() for part in pair]
    result = cli("lägesrapport", "PRJ-025", *flat, "-p", portfolio)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output
    assert snapshot(portfolio) == before


def test_r36_an_unknown_phase_is_a_usage_error(cli: Cli, portfolio: Path) -> None:
    result = cli("advance", "PRJ-025", "--to", "förstudie", "--motivering", "x", "-p", portfolio)
    assert result.exit_code == 2
    assert "okänd fas 'förstudie'" in result.stderr
    assert "start, planering, genomförande eller avslut" in result.stderr


def test_r36_init_writes_the_preliminary_projektmodell(cli: Cli, tmp_path: Path) -> None:
    source = "git+https://github.com/goteborg/avoplan.git@" + "a" * 40
    made = cli(
        "init", tmp_path / "fs", "--förvaltning", "FS", "--kod", "FS", "--avoplan-källa", source
    )
    assert made.exit_code == 0, made.output
    model = YAML(typ="safe").load(
        (tmp_path / "fs" / "portfolio" / "projektmodell.yaml").read_text("utf-8")
    )
    assert model["preliminär"] is True and model["beslutas_av"] == "styrgrupp"
    assert [f["id"] for f in model["faser"]] == ["start", "planering", "genomförande", "avslut"]
    assert all(f["källa"] for f in model["faser"])  # each phase names the plan's words


@pytest.mark.parametrize("assignment", ["fas=avslut", "fasbeslut="])
def test_r36_set_never_moves_a_phase(cli: Cli, portfolio: Path, assignment: str) -> None:
    before = snapshot(portfolio)
    result = cli("set", "PRJ-021", assignment, "-p", portfolio)
    assert result.exit_code == 2
    assert "'avoplan advance PRJ-… --to FAS'" in result.stderr
    assert snapshot(portfolio) == before


def test_r36_a_phase_named_twice_is_an_error_on_its_line(cli: Cli, portfolio: Path) -> None:
    replace_in(portfolio / "projektmodell.yaml", "  - id: planering", "  - id: start")
    result = cli("check", "-p", portfolio)
    assert result.exit_code == 1
    where = Path("portfolio/projektmodell.yaml")
    assert f"{where}:20: fel faser: fasen start förekommer mer än en gång" in result.stdout
