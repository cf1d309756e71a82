"""What a decision records and who may take it (R2, R4, R6, R11): whom a BP2 decision is
communicated to (delges), the underlag it was judged on, mandates without forums,
ordförande against ledamot, and the boundary days (the registration day, the day the
organisation data became valid)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from avoplan.behovsprocess.beslut import judge, receivers
from avoplan.behovsprocess.forutsattningar import severity_on
from avoplan.behovsprocess.mandat import (
    Context,
    affected_forvaltningar,
    find_authority,
    holds,
    mandate,
    mandate_rule,
    mandate_text,
    reach,
    scope,
    unresolved,
    who_may_decide,
)
from avoplan.behovsprocess.nytt_beslut import Request, propose
from avoplan.behovsprocess.steg import Move
from avoplan.core.findings import Severity
from avoplan.core.rulebook import R4, R6, R8, R10, R11, R12
from avoplan.models.common import Steg
from avoplan.models.delegation import Mandat, Scope
from avoplan.models.projekt import Projekt
from avoplan.store.yaml_edit import edit_text
from avoplan.store.yaml_io import parse, read_text
from avoplan.workspace.folder import Workspace
from tests.helpers import Cli, finding_lines

BP2 = Move(Steg.GROVSALLNING, Steg.BEREDNING, 2)
BP1 = Move(Steg.INSAMLING, Steg.GROVSALLNING, 1)


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    """The embedded portfolio with BEH-005 a need of ÄVO alone (no Treserva, so no TID
    dependency, R33) whose grovsållning names the city's solutions considered (R34): the
    own förvaltning decides, as these tests of the mandate need."""
    from tests.helpers import EMBEDDED, copy_portfolio, make_local

    copied = copy_portfolio(EMBEDDED, tmp_path / "portfolio")
    make_local(copied, "BEH-005")

    def considered(document: Any) -> None:
        document["grovsållning"]["befintliga_lösningar"] = ["Stadens e-tjänsteplattform"]

    edit(copied / "behov" / "BEH-005.yaml", considered)
    return copied


def edit(path: Path, change: Any) -> None:
    path.write_text(edit_text(read_text(path), change), encoding="utf-8")


def rewind_beh005(portfolio: Path, avdelningar: list[str]) -> Path:
    """BEH-005 back in grovsållning (its BP2 undone), reaching `avdelningar`."""
    need = portfolio / "behov" / "BEH-005.yaml"

    def rewind(document: Any) -> None:
        del document["beslut"][1:]
        document["steg"] = "grovsållning"
        document["grovsållning"]["berörda"]["avdelningar"] = avdelningar

    edit(need, rewind)
    return need


def decisions(need: Path) -> list[Any]:
    found = parse(read_text(need))["beslut"]
    assert isinstance(found, list)
    return found


def advance_bp2(cli: Cli, portfolio: Path, datum: str = "2025-05-12") -> None:
    result = cli(
        "advance",
        "BEH-005",
        "--to",
        "beredning",
        "--beslutad-av",
        "fatima-olsson",
        "--datum",
        datum,
        "--motivering",
        "Bereds vidare.",
        "-p",
        portfolio,
    )
    assert result.exit_code == 0, result.output


# --- what advance records ---------------------------------------------------------------


def test_r6_bp2_is_communicated_to_the_operativa_group_and_each_affected_verksamhet(
    cli: Cli, portfolio: Path
) -> None:
    need = rewind_beh005(portfolio, ["myndighet", "hemtjanst"])
    advance_bp2(cli, portfolio)
    recorded = decisions(need)[-1]
    assert recorded["delges"] == ["operativa", "hemtjanst", "myndighet"]
    # Fatima Olsson decides: she chairs the team, and is recorded as its ordförande.
    assert recorded["roll"] == "ordförande i ÄVO:s lokala utvecklingsteam"
    assert recorded["forum"] == "lokalt-utvecklingsteam"
    assert cli("check", "-p", portfolio).exit_code == 0


def test_r6_check_names_whom_a_bp2_decision_was_not_communicated_to(
    cli: Cli, portfolio: Path
) -> None:
    need = rewind_beh005(portfolio, ["myndighet", "hemtjanst"])
    advance_bp2(cli, portfolio)
    edit(need, lambda d: d["beslut"][-1].__setitem__("delges", ["myndighet"]))
    result = cli("check", "-p", portfolio)
    assert result.exit_code == 1, result.output
    [line] = [f for f in finding_lines(result.stdout) if "BEH-005" in f]
    assert (
        "fel R11 beslut[1].delges: beslutet ska delges Operativa styr- och "
        "samordningsgruppen och Hemtjänst" in line.replace("\u00a0", " ")
    )


def test_r2_the_decision_records_the_reach_it_was_judged_on(cli: Cli, portfolio: Path) -> None:
    need = rewind_beh005(portfolio, ["myndighet", "hemtjanst"])
    advance_bp2(cli, portfolio)
    assert decisions(need)[-1]["underlag"] == {
        "avdelningar": ["myndighet", "hemtjanst"],
        "förvaltningar": ["avo"],
    }
    # A wider reach found later does not make the recorded decision wrong ...
    edit(
        need,
        lambda d: d["grovsållning"]["berörda"].__setitem__(
            "förvaltningar", ["avo", "funktionsstod"]
        ),
    )
    assert [
        f for f in finding_lines(cli("check", "-p", portfolio).stdout) if "beslut[1]" in f
    ] == []
    # ... while without the underlag it is judged on today's reach.
    edit(need, lambda d: d["beslut"][-1].pop("underlag"))
    assert any(
        "beslut[1]" in f and "R11" in f for f in finding_lines(cli("check", "-p", portfolio).stdout)
    )


def test_r1_bp1_records_no_underlag(cli: Cli, portfolio: Path) -> None:
    need = portfolio / "behov" / "BEH-010.yaml"
    result = cli(
        "advance",
        "BEH-010",
        "--to",
        "grovsållning",
        "--beslutad-av",
        "karin-holm",
        "--datum",
        "2025-11-24",
        "--motivering",
        "Vidare.",
        "-p",
        portfolio,
    )
    assert result.exit_code == 0, result.output
    assert "underlag" not in decisions(need)[-1]
    assert "delges" not in decisions(need)[-1]  # BP1 names nobody to tell


# --- boundary days ----------------------------------------------------------------------


def test_r2_a_decision_on_the_registration_day_follows_the_registration(
    cli: Cli, portfolio: Path
) -> None:
    need = portfolio / "behov" / "BEH-005.yaml"  # registrerad: 2025-04-01
    edit(need, lambda d: d["beslut"][0].__setitem__("datum", date(2025, 4, 1)))
    assert [f for f in finding_lines(cli("check", "-p", portfolio).stdout) if "BEH-005" in f] == []
    edit(need, lambda d: d["beslut"][0].__setitem__("datum", date(2025, 3, 31)))
    found = [f for f in finding_lines(cli("check", "-p", portfolio).stdout) if "BEH-005" in f]
    assert len(found) == 1
    assert (
        "fel R2 beslut[0].datum: beslutet är daterat före behovets registrering "
        "(2025-03-31 är före 2025-04-01)"
    ) in found[0]


def test_r2_a_decision_on_the_day_of_the_decision_before_it_is_in_order(portfolio: Path) -> None:
    rewind_beh005(portfolio, ["myndighet"])
    workspace = Workspace(portfolio)
    org = workspace.organisation()
    need = workspace.need("BEH-005")  # its BP1: 2025-04-14
    person = workspace.person(org, "fatima-olsson")
    for when, late in ((date(2025, 4, 14), False), (date(2025, 4, 13), True)):
        facts = workspace.facts(need, org, when)
        verdict = judge(propose(Request(Steg.BEREDNING, person, when, "x"), facts), facts)
        assert any("daterat före föregående beslut" in r.message for r in verdict.reasons) is late
    facts = workspace.facts(need, org, date(2025, 4, 14))
    future = Request(Steg.BEREDNING, person, facts.today.replace(year=facts.today.year + 1), "x")
    assert any(
        "daterat i framtiden" in r.message for r in judge(propose(future, facts), facts).reasons
    )


def test_r2_a_decision_on_the_day_the_organisation_became_valid_is_judged_by_it() -> None:
    valid = date(2025, 1, 1)
    assert severity_on(valid, valid) is Severity.FEL
    assert severity_on(date(2024, 12, 31), valid) is Severity.VARNING
    assert severity_on(date(2024, 12, 31), None) is Severity.FEL


def test_r4_a_refusal_on_the_day_the_organisation_became_valid_is_an_error(
    cli: Cli, portfolio: Path
) -> None:
    need = portfolio / "behov" / "BEH-005.yaml"

    def by_someone_else(when: date) -> Any:
        def apply(document: Any) -> None:
            document["registrerad"] = date(2024, 12, 1)
            document["beslut"][0]["datum"] = when
            document["beslut"][0]["beslutad_av"] = "david-lind"

        return apply

    edit(need, by_someone_else(date(2025, 1, 1)))
    found = [
        f
        for f in finding_lines(cli("check", "-p", portfolio).stdout)
        if "BEH-005" in f and "beslutad_av" in f
    ]
    assert len(found) == 1 and " fel R4 " in found[0], found
    edit(need, by_someone_else(date(2024, 12, 31)))  # older than the organisation data
    found = [
        f
        for f in finding_lines(cli("check", "-p", portfolio).stdout)
        if "BEH-005" in f and "beslutad_av" in f
    ]
    assert len(found) == 1 and " varning R4 " in found[0], found


# --- mandates -----------------------------------------------------------------------------


@pytest.fixture
def ctx(portfolio: Path) -> Context:
    workspace = Workspace(portfolio)
    return Context(workspace.need("BEH-005"), workspace.organisation())


def person(ctx: Context, pid: str) -> Any:
    found = ctx.org.person(pid)
    assert found is not None
    return found


def test_r6_ordforande_is_the_chair_alone_and_ledamot_any_member(ctx: Context) -> None:
    chair_only = Mandat(beslutar=["ordförande"], forum=["lokalt-utvecklingsteam"])
    authority = find_authority(person(ctx, "fatima-olsson"), chair_only, ctx)
    assert authority is not None and authority.roll == "ordförande i ÄVO:s lokala utvecklingsteam"
    assert authority.forum is not None and authority.forum.id == "lokalt-utvecklingsteam"
    assert find_authority(person(ctx, "david-lind"), chair_only, ctx) is None
    members = Mandat(beslutar=["ledamot"], forum=["lokalt-utvecklingsteam"])
    member = find_authority(person(ctx, "david-lind"), members, ctx)
    assert member is not None and member.roll == "ledamot i ÄVO:s lokala utvecklingsteam"
    assert find_authority(person(ctx, "karin-holm"), members, ctx) is None
    assert who_may_decide(chair_only, ctx) == [
        "Fatima Olsson (ordförande i ÄVO:s lokala utvecklingsteam)"
    ]


def test_r6_a_mandate_without_forums_keeps_the_forum_the_decision_names(ctx: Context) -> None:
    anywhere = Mandat(beslutar=["ledamot"], forum=[])
    named = find_authority(person(ctx, "david-lind"), anywhere, ctx, "lokalt-utvecklingsteam")
    assert named is not None and named.forum is not None
    assert named.forum.id == "lokalt-utvecklingsteam"
    assert named.roll == "ledamot i ÄVO:s lokala utvecklingsteam"
    assert find_authority(person(ctx, "david-lind"), anywhere, ctx) is None
    chief = Mandat(beslutar=["avdelningschef"], forum=[])
    alone = find_authority(person(ctx, "lars-nyberg"), chief, ctx)
    assert alone is not None and alone.forum is None
    assert alone.roll == "avdelningschef för Myndighet"
    assert mandate_text(chief, ctx.org) == "avdelningschef"


def test_r6_a_forum_the_mandate_does_not_name_gives_no_authority(ctx: Context) -> None:
    local = Mandat(beslutar=["ledamot"], forum=["lokalt-utvecklingsteam", "projektkontor"])
    elsewhere = find_authority(person(ctx, "fatima-olsson"), local, ctx, "id-gemensamma")
    assert elsewhere is None
    named = find_authority(person(ctx, "fatima-olsson"), local, ctx, "projektkontor")
    assert named is not None and named.roll == "ledamot i Projektkontoret"
    assert mandate_text(local, ctx.org) == (
        "ledamot i ÄVO:s lokala utvecklingsteam eller Projektkontoret"
    )


def test_r10_roles_held_by_title_director_and_projektagare(ctx: Context) -> None:
    assert holds(person(ctx, "eva-lindqvist"), "Förvaltningsdirektör", ctx, None) == (
        "förvaltningsdirektör för ÄVO"
    )
    assert holds(person(ctx, "karin-holm"), "förvaltningsdirektör", ctx, None) is None
    assert holds(person(ctx, "karin-holm"), "avdelningschef", ctx, None) is None
    assert holds(person(ctx, "karin-holm"), "projektägare", ctx, None) is None
    assert holds(person(ctx, "karin-holm"), "ledamot", ctx, None) is None


def test_r11_reach_and_the_rule_a_missing_mandate_breaks(ctx: Context) -> None:
    need = ctx.need
    assert scope(need, ctx.org) is Scope.EN_AVDELNING
    wider = need.model_copy(update={"avdelning": "hemtjanst"})
    assert scope(wider, ctx.org) is Scope.FLERA_AVDELNINGAR
    assert reach(BP1, wider, ctx.org) is Scope.EN_AVDELNING
    assert reach(BP2, wider, ctx.org) is Scope.FLERA_AVDELNINGAR
    assert mandate_rule(BP1, Scope.EN_AVDELNING) is R4
    assert mandate_rule(BP2, Scope.EN_AVDELNING) is R6
    assert mandate_rule(Move(Steg.BEREDNING, Steg.KLART_FOR_START, 3), Scope.EN_AVDELNING) is R8
    assert mandate_rule(Move(Steg.KLART_FOR_START, Steg.PROJEKT, 4), Scope.EN_AVDELNING) is R10
    assert mandate_rule(BP2, Scope.FLERA_AVDELNINGAR) is R11
    back = Move(Steg.PROJEKT, Steg.BEREDNING, None)
    assert mandate_rule(back, Scope.FLERA_FORVALTNINGAR) is R12
    assert affected_forvaltningar(need, ctx.org, BP1) == {"avo"}


def test_r6_receivers_are_the_named_forums_then_the_affected_avdelningar(ctx: Context) -> None:
    with_units = Mandat(
        beslutar=["ledamot"], delges=["operativa", "myndighet"], delges_berörda=True
    )
    assert receivers(BP2, with_units, ctx) == ["operativa", "myndighet"]
    assert receivers(BP2, Mandat(beslutar=["ledamot"], delges=["operativa"]), ctx) == ["operativa"]


def test_unresolved_names_each_unknown_id(ctx: Context) -> None:
    mandat = Mandat(beslutar=["ledamot"], forum=["finns-inte"])
    assert unresolved(ctx, mandat, "saknas") == ["okänt forum 'finns-inte'", "okänt forum 'saknas'"]
    workspace_need = ctx.need.model_copy(update={"avdelning": "okand"})
    assert unresolved(Context(workspace_need, ctx.org), Mandat(beslutar=["x"]), None) == [
        "okänd avdelning 'okand'"
    ]


def test_the_delegationsordning_gives_bp2_to_the_local_team(portfolio: Path, ctx: Context) -> None:
    rules = Workspace(portfolio).delegationsordning()
    found = mandate(BP2, ctx.need, ctx.org, rules)
    assert found is not None and found.forum == ["lokalt-utvecklingsteam"]
    assert found.delges == ["operativa"] and found.delges_berörda


def test_r11_a_global_avdelning_is_not_looked_up_locally(ctx: Context) -> None:
    assert ctx.need.grovsållning is not None and ctx.need.grovsållning.berörda is not None
    berorda = ctx.need.grovsållning.berörda.model_copy(
        update={"avdelningar": ["myndighet", "FS:boende", "saknas"]}
    )
    section = ctx.need.grovsållning.model_copy(update={"berörda": berorda})
    need = ctx.need.model_copy(update={"grovsållning": section})
    assert unresolved(Context(need, ctx.org), Mandat(beslutar=["x"]), None) == [
        "okänd avdelning 'saknas'"
    ]


def test_r6_a_role_a_person_bears_and_a_forum_that_does_not_exist(ctx: Context) -> None:
    registrator = person(ctx, "emma-karlsson")
    assert holds(registrator, "Registrator", ctx, None) == "Registrator"
    assert holds(person(ctx, "karin-holm"), "registrator", ctx, None) is None
    ghost = Mandat(beslutar=["ledamot"], forum=["finns-inte", "lokalt-utvecklingsteam"])
    found = find_authority(person(ctx, "david-lind"), ghost, ctx)
    assert found is not None and found.forum is not None
    assert found.forum.id == "lokalt-utvecklingsteam"
    assert mandate_text(ghost, ctx.org) == "ledamot i ÄVO:s lokala utvecklingsteam"


def test_r12_the_projektagare_holds_the_reentry_mandate_for_their_project(portfolio: Path) -> None:
    workspace = Workspace(portfolio)
    org = workspace.organisation()
    project = workspace.load(portfolio / "projekt" / "PRJ-022.yaml", Projekt)
    ctx = Context(workspace.need("BEH-005"), org, (project,))
    owner = org.person(project.projektägare or "")
    assert owner is not None
    assert holds(owner, "Projektägare", ctx, None) == "projektägare för PRJ-022"
    assert holds(person(ctx, "karin-holm"), "projektägare", ctx, None) is None


# --- decide: the decision advance writes, or the refusal ------------------------------------


def test_r6_decide_refuses_with_every_blocking_reason_and_writes_nothing(portfolio: Path) -> None:
    from avoplan.behovsprocess.nytt_beslut import Refusal, decide

    rewind_beh005(portfolio, ["myndighet"])
    workspace = Workspace(portfolio)
    org = workspace.organisation()
    when = date(2025, 5, 12)
    facts = workspace.facts(workspace.need("BEH-005"), org, when)
    with pytest.raises(Refusal) as refused:
        decide(Request(Steg.BEREDNING, workspace.person(org, "karin-holm"), when, "x"), facts)
    assert refused.value.message == "BEH-005 kan inte flyttas från grovsållning till beredning"
    assert refused.value.hint == "ingenting har ändrats"
    assert [r.rule for r in refused.value.reasons] == ["R6"]
    assert refused.value.details[0].startswith("R6 beslutad_av: Karin Holm saknar mandat")
    outcome = decide(
        Request(Steg.BEREDNING, workspace.person(org, "david-lind"), when, "Bereds."), facts
    )
    assert outcome.beslut.roll == "ledamot i ÄVO:s lokala utvecklingsteam"
    assert outcome.beslut.forum == "lokalt-utvecklingsteam"
    assert outcome.warnings == ()
    assert outcome.move == BP2


def test_r4_a_decision_older_than_the_organisation_records_the_deciders_title(
    portfolio: Path,
) -> None:
    from avoplan.behovsprocess.nytt_beslut import _unjudged_role

    workspace = Workspace(portfolio)
    org = workspace.organisation()
    assert _unjudged_role(workspace.person(org, "emma-karlsson")) == "Registrator"
    untitled = workspace.person(org, "emma-karlsson").model_copy(update={"titel": None})
    assert _unjudged_role(untitled) == "roll ej prövad mot organisationen"


def test_reason_text_leaves_out_what_a_finding_lacks() -> None:
    from avoplan.behovsprocess.nytt_beslut import reason_text
    from avoplan.core.findings import error

    assert reason_text(error("bara meddelandet")) == "bara meddelandet"
    assert reason_text(R6.error("med regel", loc=("forum",), hint="tips")) == (
        "R6 forum: med regel (tips)"
    )


def test_r6_receivers_are_named_forum_unit_or_as_written(ctx: Context) -> None:
    from avoplan.behovsprocess.beslut import _receiver_names

    assert _receiver_names(["operativa", "hemtjanst", "okand"], ctx.org) == (
        "Operativa styr- och samordningsgruppen, Hemtjänst och okand"
    )


def test_r4_decide_before_the_organisation_data_warns_and_keeps_the_fields(portfolio: Path) -> None:
    from avoplan.behovsprocess.nytt_beslut import decide
    from avoplan.models.initiativ import Beslut

    workspace = Workspace(portfolio)
    org = workspace.organisation()
    need = workspace.need("BEH-010").model_copy(update={"registrerad": date(2024, 11, 1)})
    when = date(2024, 12, 20)  # before the organisation data (2025-01-01)
    facts = workspace.facts(need, org, when)
    outcome = decide(
        Request(Steg.GROVSALLNING, workspace.person(org, "johan-ek"), when, "Vidare."), facts
    )
    assert [(w.severity, w.rule) for w in outcome.warnings] == [(Severity.VARNING, "R4")]
    assert outcome.beslut.roll == "Avdelningschef"  # his title: the mandate was not judged
    assert set(outcome.beslut.model_dump()) == set(Beslut.model_fields)
    fine = decide(
        Request(
            Steg.GROVSALLNING, workspace.person(org, "karin-holm"), date(2025, 11, 24), "Vidare."
        ),
        workspace.facts(need, org, date(2025, 11, 24)),
    )
    assert fine.beslut.roll == "avdelningschef för Hemtjänst"
    assert set(fine.beslut.model_dump()) == set(Beslut.model_fields)
