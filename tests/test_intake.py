"""Needs through a web form (issue 26): the issue form `init` and `intake-formulär` write,
and `new behov --från-ärende EVENT.json` reading GitHub's `issues` event. Everything in an
issue is untrusted: a table of real-shaped events, hostile ones included, each with the
need file, the findings or the refusal it must give."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import Cli

HOSTILE = (
    '"}: x\n--- !!python/object/apply:os.system ["rm -rf /"]\n'
    "<script>alert(1)</script> ${{ secrets.GITHUB_TOKEN }} $(id) `id` "
    "```\n@everyone [länk](javascript:alert(1)) &amp; \u2028\u202e\x00 &anchor *alias"
)


def body(**fields: str | None) -> str:
    """An issue body as GitHub writes it for the form: '### Label', a blank line, the
    answer ('_No response_' for an empty optional field)."""
    answers = {
        "Titel": "Digital inloggning för anhöriga",
        "Avdelning": "Hemtjänst (hemtjanst)",
        "Kontaktperson (e-post)": "sofia.nilsson@avo.exempel.se",
        "Beskrivning": "Anhöriga ringer i dag för att få veta när besöken görs.\n\nEn "
        "inloggning skulle visa planerade besök.",
        "Nytta": "Färre samtal till enheten och tryggare anhöriga.",
        "Berörda system": "Treserva (treserva)",
    }
    for key, value in fields.items():
        label = {"kontaktperson": "Kontaktperson (e-post)", "system": "Berörda system"}.get(
            key, key.capitalize()
        )
        if value is None:
            answers.pop(label)
        else:
            answers[label] = value
    return "\n\n".join(f"### {label}\n\n{value}" for label, value in answers.items())


def event(tmp_path: Path, text: Any, number: Any = 42, name: str = "event.json") -> Path:
    path = tmp_path / name
    payload = {
        "action": "labeled",
        "label": {"name": "behov"},
        "issue": {"number": number, "title": "Behov: " + HOSTILE, "body": text},
        "sender": {"login": "någon"},
    }
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path


def needs(portfolio: Path) -> set[str]:
    return {p.name for p in (portfolio / "behov").glob("BEH-*.yaml")}


def from_issue(cli: Cli, portfolio: Path, path: Path, tmp_path: Path) -> tuple[Any, str]:
    answer = tmp_path / "svar.md"
    result = cli("new", "behov", "--från-ärende", path, "--kommentar", answer, "-p", portfolio)
    return result, answer.read_text(encoding="utf-8") if answer.exists() else ""


def test_a_complete_form_becomes_a_need_file_that_check_accepts(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    before = needs(portfolio)
    result, answer = from_issue(cli, portfolio, event(tmp_path, body()), tmp_path)
    assert result.exit_code == 0, result.output
    (added,) = needs(portfolio) - before
    data = yaml.safe_load((portfolio / "behov" / added).read_text(encoding="utf-8"))
    assert data["titel"] == "Digital inloggning för anhöriga"
    assert data["avdelning"] == "hemtjanst"
    assert data["kontaktperson"] == "sofia-nilsson"
    assert data["steg"] == "insamling"
    assert data["system"] == ["treserva"]
    assert data["beskrivning"].startswith("Anhöriga ringer i dag")
    assert "\n\nEn inloggning" in data["beskrivning"]
    assert data["kommentar"] == "Registrerat från GitHub-ärende #42."
    assert f"avoplan registrerade behovet {Path(added).stem}" in answer
    assert cli("check", "-p", portfolio).exit_code == 0


@pytest.mark.parametrize(
    ("fields", "finding"),
    [
        ({"beskrivning": None}, "fält 'Beskrivning' saknas eller är tomt"),
        ({"nytta": "_No response_"}, "fält 'Nytta' saknas eller är tomt"),
        ({"titel": "   "}, "fält 'Titel' saknas eller är tomt"),
        ({"avdelning": "Ekonomiavdelningen på månen (manen)"}, "fält 'Avdelning': okänd avdelning"),
        ({"kontaktperson": "ingen.alls@example.org"}, "fält 'Kontaktperson (e-post)'"),
        (
            {"system": "Skrivmaskin (skrivmaskin)"},
            "systemet 'Skrivmaskin (skrivmaskin)' finns inte",
        ),
        ({"titel": "x" * 201}, "fält 'Titel' är 201 tecken, högst 200"),
        ({"avdelning": HOSTILE}, "fält 'Avdelning'"),
        ({"kontaktperson": HOSTILE}, "fält 'Kontaktperson (e-post)'"),
        ({"system": HOSTILE}, "fält 'Berörda system'"),
    ],
)
def test_a_wrong_field_is_refused_with_swedish_findings_for_the_issue(
    cli: Cli, portfolio: Path, tmp_path: Path, fields: dict[str, str | None], finding: str
) -> None:
    before = needs(portfolio)
    result, answer = from_issue(cli, portfolio, event(tmp_path, body(**fields)), tmp_path)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert needs(portfolio) == before
    assert "ärendet #42 kan inte bli ett behov" in result.output
    assert finding in result.output
    assert answer.startswith("avoplan kunde inte registrera behovet:\n\n")
    assert finding in answer
    _fenced(answer)


def _fenced(answer: str) -> None:
    """Everything after the heading sits inside one code block no line can close."""
    lines = answer.rstrip("\n").split("\n")
    fence = lines[2].removesuffix("text")
    assert set(fence) == {"`"} and len(fence) >= 3
    assert lines[-1] == fence
    assert all(not line.startswith(fence) for line in lines[3:-1])


def test_hostile_markup_and_yaml_in_every_text_field_is_stored_as_plain_text(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    before = needs(portfolio)
    text = body(titel=HOSTILE, beskrivning=HOSTILE, nytta=HOSTILE)
    result, _ = from_issue(cli, portfolio, event(tmp_path, text), tmp_path)
    assert result.exit_code == 0, result.output
    (added,) = needs(portfolio) - before
    written = (portfolio / "behov" / added).read_text(encoding="utf-8")
    data = yaml.safe_load(written)
    # One line for the title, the control and direction characters gone, the rest kept
    # as the literal text it is; the file's own keys are untouched.
    assert data["titel"].startswith('"}: x --- !!python/object/apply:os.system')
    assert "\n" not in data["titel"] and "\u202e" not in data["titel"]
    assert "\x00" not in data["beskrivning"]
    assert "<script>alert(1)</script>" in data["beskrivning"]
    assert set(data) == {
        "id",
        "titel",
        "avdelning",
        "kontaktperson",
        "steg",
        "registrerad",
        "beskrivning",
        "nytta",
        "effekttyp",
        "system",
        "kommentar",
        "beslut",
    }
    assert data["steg"] == "insamling" and data["beslut"] == []
    assert cli("check", "-p", portfolio).exit_code == 0


def test_a_one_megabyte_body_is_refused_without_reading_it(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    before = needs(portfolio)
    text = body(beskrivning="å" * (1024 * 1024))
    result, answer = from_issue(cli, portfolio, event(tmp_path, text), tmp_path)
    assert result.exit_code == 1
    assert "ärendets text är" in result.output and "korta beskrivningen" in result.output
    assert needs(portfolio) == before
    _fenced(answer)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("inte json", "inte en JSON-händelse från GitHub"),
        (json.dumps({"issue": {"number": 7}}), "issue.body saknas"),
        (json.dumps({"issue": {"number": "7; rm -rf /", "body": "x"}}), "issue.number"),
        (json.dumps([1, 2]), "issue.number"),
        (json.dumps({"issue": {"number": True, "body": "x"}}), "issue.number"),
    ],
)
def test_an_event_that_is_not_an_issue_form_is_refused(
    cli: Cli, portfolio: Path, tmp_path: Path, payload: str, message: str
) -> None:
    path = tmp_path / "event.json"
    path.write_text(payload, encoding="utf-8")
    before = needs(portfolio)
    result, _ = from_issue(cli, portfolio, path, tmp_path)
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output
    assert needs(portfolio) == before


def test_an_oversized_event_file_is_refused(cli: Cli, portfolio: Path, tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_bytes(b" " * (5 * 1024 * 1024))
    result, _ = from_issue(cli, portfolio, path, tmp_path)
    assert result.exit_code == 1 and "mer än de" in result.output


def test_from_issue_takes_no_other_fields(cli: Cli, portfolio: Path, tmp_path: Path) -> None:
    result = cli(
        "new", "behov", "--titel", "x", "--från-ärende", event(tmp_path, body()), "-p", portfolio
    )
    assert result.exit_code == 2


def test_the_form_lists_the_organisations_avdelningar_and_the_systems(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    out = tmp_path / "behov.yml"
    result = cli("intake-formulär", "-p", portfolio, "--out", out)
    assert result.exit_code == 0, result.output
    form = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert form["labels"] == ["behov"]
    fields = {f.get("id"): f for f in form["body"] if f["type"] != "markdown"}
    assert "Hemtjänst (hemtjanst)" in fields["avdelning"]["attributes"]["options"]
    assert "Treserva (treserva)" in fields["system"]["attributes"]["options"]
    assert fields["system"]["attributes"]["multiple"] is True
    labels = [f["attributes"]["label"] for f in fields.values()]
    assert labels == [
        "Titel",
        "Avdelning",
        "Kontaktperson (e-post)",
        "Beskrivning",
        "Nytta",
        "Berörda system",
    ]
    assert "redan aktuellt" in cli("intake-formulär", "-p", portfolio, "--out", out).output


def test_the_repositorys_own_form_is_current() -> None:
    """The form shipped in .github/ISSUE_TEMPLATE matches the embedded portfolio."""
    from avoplan.behovsprocess.arende import issue_form
    from avoplan.workspace.folder import Workspace
    from tests.helpers import EMBEDDED, REPO

    workspace = Workspace(EMBEDDED)
    shipped = (REPO / ".github" / "ISSUE_TEMPLATE" / "behov.yml").read_text(encoding="utf-8")
    assert shipped == issue_form(workspace.organisation(), workspace.systems())


def test_check_warns_when_the_form_is_stale_against_organisation_yaml(
    cli: Cli, portfolio: Path
) -> None:
    from tests.helpers import replace_in

    assert cli("intake-formulär", "-p", portfolio).exit_code == 0
    form = portfolio.parent / ".github" / "ISSUE_TEMPLATE" / "behov.yml"
    assert form.is_file()
    result = cli("check", "-p", portfolio)
    assert result.exit_code == 0 and "formuläret för nya behov" not in result.output
    replace_in(portfolio / "organisation.yaml", "namn: Hemtjänst", "namn: Hemtjänsten")
    result = cli("check", "-p", portfolio)
    assert result.exit_code == 0, result.output
    assert "formuläret för nya behov stämmer inte med organisation.yaml" in result.output
    assert "avoplan intake-formulär" in result.output
    assert "formuläret för nya behov" in cli("check", "-p", portfolio).output  # warm, too
    assert cli("intake-formulär", "-p", portfolio).exit_code == 0
    assert "formuläret för nya behov" not in cli("check", "-p", portfolio).output
