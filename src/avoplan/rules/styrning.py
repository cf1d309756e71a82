"""Governance and registers: the digitaliseringsråd (R27), systems (R28),
utvecklingsområden (R29) and the plan's period and adoption (R30)."""

from __future__ import annotations

from collections.abc import Iterator

from avoplan.core.findings import Finding
from avoplan.core.rulebook import R27, R28, R29, R30, enforces
from avoplan.core.text import fold, join_sv
from avoplan.models.organisation import Forum, Forumtyp, Organisation
from avoplan.models.portfolio import (
    FEDERATION,
    ORGANISATION,
    PLAN,
    SYSTEM,
    UTVECKLINGSOMRADEN,
    Portfolio,
)
from avoplan.models.system import Drift, Motesniva

RAD_CHAIR_HINT = "rådet leds av avdelningschefen för utvecklingsavdelningen"
IT_CHIEF_ROLE = "enhetschef digitalisering och it"


@enforces("check", R27)
def check_rad(portfolio: Portfolio) -> Iterator[Finding]:
    """R27: monthly, about two hours, chaired by AC Kvalitet och utveckling, with the
    förvaltningsledning and the enhetschef Digitalisering och IT as members."""
    org = portfolio.organisation
    file = portfolio.path(ORGANISATION)
    index, rad = _forum_index(org, Forumtyp.DIGITALISERINGSRAD)
    if rad is None:
        yield R27.error("digitaliseringsrådet saknas bland forumen", file, ("forum",))
        return
    loc = ("forum", index)
    unit = org.avdelning(org.utvecklingsavdelning)
    if unit is None or rad.ordförande != unit.avdelningschef:
        yield R27.error(
            "ordföranden i digitaliseringsrådet ska vara avdelningschefen för "
            f"{unit.namn if unit else org.utvecklingsavdelning}",
            file,
            (*loc, "ordförande"),
            hint=RAD_CHAIR_HINT,
        )
    if not rad.mötesfrekvens or "månad" not in rad.mötesfrekvens.lower():
        yield R27.warning(
            "digitaliseringsrådet bör mötas varje månad", file, (*loc, "mötesfrekvens")
        )
    members = rad.members()
    it_chiefs = {p.id for p in org.personer if fold(IT_CHIEF_ROLE) in map(fold, p.roller)}
    if not members & it_chiefs:
        yield R27.warning(
            "enhetschefen för Digitalisering och IT bör vara ledamot", file, (*loc, "ledamöter")
        )
    own = org.forvaltning(org.egen_förvaltning)
    if own and own.förvaltningsdirektör and own.förvaltningsdirektör not in members:
        yield R27.warning(
            "förvaltningsledningen (förvaltningsdirektören) bör vara ledamot",
            file,
            (*loc, "ledamöter"),
        )


def _forum_index(org: Organisation, typ: Forumtyp) -> tuple[int, Forum | None]:
    for index, forum in enumerate(org.forum):
        if forum.typ == typ:
            return index, forum
    return -1, None


@enforces("check", R28)
def check_systems(portfolio: Portfolio) -> Iterator[Finding]:
    """R28: TID holds the contract and meets each supplier at every level."""
    tid = portfolio.organisation.tid
    tid_names = {fold(tid.förkortning), fold(tid.namn)}
    for system in portfolio.system.values():
        if not system.tjänsteförvaltning:
            continue
        file = portfolio.path(SYSTEM, system.id)
        if system.avtalsansvar and fold(system.avtalsansvar) not in tid_names:
            yield R28.error(
                f"avtalet för system under tjänsteförvaltning hålls av {tid.förkortning}",
                file,
                ("avtalsansvar",),
            )
        if system.drift == Drift.LEVERANTOR:
            missing = [m.value for m in Motesniva if m not in system.leverantörsmöten]
            if missing:
                yield R28.warning(
                    f"{tid.förkortning} bör möta leverantören på {join_sv(missing, 'och')} nivå",
                    file,
                    ("leverantörsmöten",),
                )


@enforces("check", R29)
def check_areas(portfolio: Portfolio) -> Iterator[Finding]:
    """R29: utvecklingsområden are followed up in the digitaliseringsråd."""
    org = portfolio.organisation
    file = portfolio.path(UTVECKLINGSOMRADEN)
    for index, area in enumerate(portfolio.utvecklingsomraden.utvecklingsområden):
        forum = org.forum_by_id(area.uppföljning) if area.uppföljning else None
        if area.uppföljning is None or (forum and forum.typ != Forumtyp.DIGITALISERINGSRAD):
            yield R29.warning(
                f"utvecklingsområdet '{area.område}' bör följas upp i digitaliseringsrådet",
                file,
                ("utvecklingsområden", index, "uppföljning"),
            )


@enforces("check", R30)
def check_adoption(portfolio: Portfolio) -> Iterator[Finding]:
    """R30: a period of a year (with initial planning for the next), adopted by the
    förvaltningsdirektör in the digitaliseringsråd."""
    plan, org = portfolio.plan, portfolio.organisation
    file = portfolio.path(PLAN)
    period = plan.giltighet
    if period.till < period.från:
        yield R30.error("giltighetstiden slutar före den börjar", file, ("giltighet", "till"))
    if period.inledande_planering is not None and not (
        period.från.year <= period.inledande_planering <= period.till.year + 1
    ):
        yield R30.error(
            f"inledande planering {period.inledande_planering} ligger utanför perioden",
            file,
            ("giltighet", "inledande_planering"),
        )
    if plan.antagen is None:
        yield R30.warning(
            "planen är inte antagen",
            file,
            ("antagen",),
            hint="planen antas av förvaltningsdirektören i digitaliseringsrådet",
        )
        return
    own = org.forvaltning(plan.förvaltning)
    if own is None or plan.antagen.av != own.förvaltningsdirektör:
        yield R30.error("planen antas av förvaltningsdirektören", file, ("antagen", "av"))
    forum = org.forum_by_id(plan.antagen.forum)
    if forum is not None and forum.typ != Forumtyp.DIGITALISERINGSRAD:
        yield R30.error("planen antas i digitaliseringsrådet", file, ("antagen", "forum"))


@enforces("check", R30)
def check_identity(portfolio: Portfolio) -> Iterator[Finding]:
    """R30: the plan is this förvaltning's plan. Organisation (egen_förvaltning), plan
    (förvaltning) and federation (hem) must agree on who "we" are; otherwise mandates are
    judged against another förvaltning's people."""
    org, plan = portfolio.organisation, portfolio.plan
    own = org.egen_förvaltning
    if plan.förvaltning != own:
        yield R30.error(
            f"planen gäller förvaltningen '{plan.förvaltning}' men organisationen "
            f"säger att den egna förvaltningen är '{own}'",
            portfolio.path(PLAN),
            ("förvaltning",),
            hint="organisation.yaml (egen_förvaltning), plan.yaml "
            "(förvaltning) och federation.yaml (hem) ska ange samma förvaltning",
        )
    federation = portfolio.federation
    home = federation.member(federation.hem) if federation.hem else None
    if home is not None and home.förvaltning and home.förvaltning != own:
        yield R30.error(
            f"federationens hem {home.kod} är förvaltningen '{home.förvaltning}' "
            f"men organisationen säger att den egna förvaltningen är '{own}'",
            portfolio.path(FEDERATION),
            ("hem",),
            hint=f"ange den egna förvaltningens kod som hem, eller rätta "
            f"förvaltning för {home.kod} under medlemmar",
        )


@enforces("check", R30)
def check_examples(portfolio: Portfolio) -> Iterator[Finding]:
    """R30: a plan is adopted for real people and forums; the examples 'avoplan init'
    writes are warned about until they are replaced."""
    org = portfolio.organisation
    file = portfolio.path(ORGANISATION)
    marked: tuple[tuple[str, list[bool], str], ...] = (
        ("personer", [p.exempel for p in org.personer], "personer"),
        ("forum", [f.exempel for f in org.forum], "forum"),
    )
    for key, flags, what in marked:
        examples = [index for index, flag in enumerate(flags) if flag]
        if examples:
            yield R30.warning(
                f"{len(examples)} {what} är fortfarande exempel från 'avoplan init'",
                file,
                (key, examples[0], "exempel"),
                hint="byt mot förvaltningens verkliga uppgifter och ta bort 'exempel: true'",
            )
    if portfolio.plan.exempel:
        yield R30.warning(
            "planens text är fortfarande ÄVO:s exempel från 'avoplan init'",
            portfolio.path(PLAN),
            ("exempel",),
            hint="skriv förvaltningens egen text under text: och ta bort 'exempel: true'",
        )


CHECKS = (check_rad, check_systems, check_areas, check_adoption, check_identity, check_examples)
