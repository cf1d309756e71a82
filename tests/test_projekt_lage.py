"""A running project's risks (judged under R37) and samverkan (R38), and the embedded
portfolio's running projects, whose state the plan does not give: marked as examples."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.helpers import Cli, finding_lines, replace_in

PRJ25 = Path("projekt/PRJ-025.yaml")
RISK = (
    "  - beskrivning: För få volontärer under våren (exempel).\n"
    "    sannolikhet: hög\n"
    "    konsekvens: medel\n"
    "    ägare: sara-lund\n"
    "    åtgärd: Samarbete med civilsamhällets organisationer (exempel).\n"
)


@pytest.mark.parametrize(
    ("risk", "expected"),
    [
        (
            RISK.replace("    ägare: sara-lund\n", ""),
            "hög risk (hög sannolikhet, medel konsekvens) utan ägare",
        ),
        (
            RISK.replace("    ägare: sara-lund\n", "").replace(
                "    åtgärd: Samarbete med civilsamhällets organisationer (exempel).\n", ""
            ),
            "hög risk (hög sannolikhet, medel konsekvens) utan ägare och åtgärd",
        ),
        (
            RISK.replace("sannolikhet: hög", "sannolikhet: låg").replace(
                "    ägare: sara-lund\n", ""
            ),
            None,
        ),
        (RISK.replace("    ägare: sara-lund\n", "") + "    status: stängd\n", None),
    ],
)
def test_r37_a_high_open_risk_needs_an_owner_and_an_action(
    cli: Cli, portfolio: Path, risk: str, expected: str | None
) -> None:
    replace_in(portfolio / PRJ25, RISK, risk)
    result = cli("check", "-p", portfolio)
    assert result.exit_code == 0, result.output
    risks = [line for line in finding_lines(result.stdout) if "risker[0]" in line]
    if expected is None:
        assert risks == []
    else:
        assert len(risks) == 1 and "varning R37 risker[0]." in risks[0]
        assert risks[0].endswith(expected)


def test_r37_a_risk_owner_is_a_known_person(cli: Cli, portfolio: Path) -> None:
    replace_in(portfolio / PRJ25, "    ägare: sara-lund\n", "    ägare: sara-lundh\n")
    result = cli("check", "-p", portfolio)
    assert result.exit_code == 1
    assert "fel R37 risker[0].ägare: okänd person 'sara-lundh'" in result.stdout


def test_r38_a_running_project_records_its_samverkan(cli: Cli, portfolio: Path) -> None:
    file = portfolio / PRJ25
    text = file.read_text("utf-8")
    file.write_text(text[: text.index("samverkan:\n")], "utf-8")
    result = cli("check", "-p", portfolio)
    assert result.exit_code == 0
    assert any(
        "varning R38 samverkan: projektet anger ingen samverkan; effektägaren ansvarar för "
        "samverkansprocesserna"
        in line
        and "PRJ-025" in line
        for line in finding_lines(result.stdout)
    )


def test_r38_samverkan_is_the_effektagare_s_duty(cli: Cli, portfolio: Path) -> None:
    replace_in(portfolio / PRJ25, "    ansvarig: sara-lund\n", "    ansvarig: ida-larsson\n")
    result = cli("check", "-p", portfolio)
    assert (
        "varning R38 samverkan[0].ansvarig: samverkansprocesserna är effektägarens ansvar "
        "(sara-lund), inte ida-larsson"
    ) in result.stdout


def test_r38_a_project_led_elsewhere_is_not_asked_for_samverkan(cli: Cli, portfolio: Path) -> None:
    result = cli("check", "-p", portfolio)
    assert not [line for line in finding_lines(result.stdout) if "PRJ-024" in line]


def test_the_embedded_running_projects_are_marked_as_examples(portfolio: Path) -> None:
    """The plan gives no running project's state: every report, risk and samverkan of the
    embedded portfolio says it is an example."""
    yaml = YAML(typ="safe")
    running = 0
    for path in sorted((portfolio / "projekt").glob("*.yaml")):
        project = yaml.load(path.read_text("utf-8"))
        if (
            project["status"] != "pågående"
            or project.get("ledning", "förvaltningen") != "förvaltningen"
        ):
            continue
        running += 1
        assert project["fas"] == "genomförande"
        assert project["lägesrapporter"], path.name
        texts = [r["kommentar"] for r in project["lägesrapporter"]]
        texts += [r["beskrivning"] for r in project.get("risker", [])]
        texts += [s["beskrivning"] for s in project.get("samverkan", [])]
        assert all(t.endswith("(exempel).") for t in texts), path.name
    assert running == 2
