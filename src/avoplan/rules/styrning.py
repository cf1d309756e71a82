"""Governance and registers: the digitaliseringsråd (R27), systems (R28),
utvecklingsområden (R29) and the plan's period and adoption (R30)."""

from __future__ import annotations

from collections.abc import Iterator

from avoplan.findings import Finding, error, warning
from avoplan.loader import SYSTEM, Portfolio
from avoplan.models.organisation import Forum, Forumtyp, Organisation
from avoplan.models.system import Drift, Motesniva
from avoplan.text import fold, join_sv

RAD_CHAIR_HINT = "rådet leds av avdelningschefen för utvecklingsavdelningen"
IT_CHIEF_ROLE = "enhetschef digitalisering och it"


def check_rad(portfolio: Portfolio) -> Iterator[Finding]:
    """R27: monthly, about two hours, chaired by AC Kvalitet och utveckling, with the
    förvaltningsledning and the enhetschef Digitalisering och IT as members."""
    org = portfolio.organisation
    file = portfolio.singleton_path("organisation.yaml")
    index, rad = _forum_index(org, Forumtyp.DIGITALISERINGSRAD)
    if rad is None:
        yield error("digitaliseringsrådet saknas bland forumen", file, ("forum",), rule="R27")
        return
    loc = ("forum", index)
    unit = org.avdelning(org.utvecklingsavdelning)
    if unit is None or rad.ordförande != unit.avdelningschef:
        yield error("ordföranden i digitaliseringsrådet ska vara avdelningschefen för "
                    f"{unit.namn if unit else org.utvecklingsavdelning}", file,
                    (*loc, "ordförande"), rule="R27", hint=RAD_CHAIR_HINT)
    if not rad.mötesfrekvens or "månad" not in rad.mötesfrekvens.lower():
        yield warning("digitaliseringsrådet bör mötas varje månad", file,
                      (*loc, "mötesfrekvens"), rule="R27")
    members = rad.members()
    it_chiefs = {p.id for p in org.personer if fold(IT_CHIEF_ROLE) in map(fold, p.roller)}
    if not members & it_chiefs:
        yield warning("enhetschefen för Digitalisering och IT bör vara ledamot", file,
                      (*loc, "ledamöter"), rule="R27")
    own = org.forvaltning(org.egen_förvaltning)
    if own and own.förvaltningsdirektör and own.förvaltningsdirektör not in members:
        yield warning("förvaltningsledningen (förvaltningsdirektören) bör vara ledamot", file,
                      (*loc, "ledamöter"), rule="R27")


def _forum_index(org: Organisation, typ: Forumtyp) -> tuple[int, Forum | None]:
    for index, forum in enumerate(org.forum):
        if forum.typ == typ:
            return index, forum
    return -1, None


def check_systems(portfolio: Portfolio) -> Iterator[Finding]:
    """R28: TID holds the contract and meets each supplier at every level."""
    tid = portfolio.organisation.tid
    tid_names = {fold(tid.förkortning), fold(tid.namn)}
    for system in portfolio.system.values():
        if not system.tjänsteförvaltning:
            continue
        file = portfolio.path(SYSTEM, system.id)
        if system.avtalsansvar and fold(system.avtalsansvar) not in tid_names:
            yield error(f"avtalet för system under tjänsteförvaltning hålls av {tid.förkortning}",
                        file, ("avtalsansvar",), rule="R28")
        if system.drift == Drift.LEVERANTOR:
            missing = [m.value for m in Motesniva if m not in system.leverantörsmöten]
            if missing:
                yield warning(f"{tid.förkortning} bör möta leverantören på "
                              f"{join_sv(missing, 'och')} nivå", file, ("leverantörsmöten",),
                              rule="R28")


def check_areas(portfolio: Portfolio) -> Iterator[Finding]:
    """R29: utvecklingsområden are followed up in the digitaliseringsråd."""
    org = portfolio.organisation
    file = portfolio.singleton_path("utvecklingsomraden.yaml")
    for index, area in enumerate(portfolio.utvecklingsomraden.utvecklingsområden):
        forum = org.forum_by_id(area.uppföljning) if area.uppföljning else None
        if area.uppföljning is None or (forum and forum.typ != Forumtyp.DIGITALISERINGSRAD):
            yield warning(f"utvecklingsområdet '{area.område}' bör följas upp i "
                          "digitaliseringsrådet", file, ("utvecklingsområden", index,
                                                         "uppföljning"), rule="R29")


def check_adoption(portfolio: Portfolio) -> Iterator[Finding]:
    """R30: a period of a year (with initial planning for the next), adopted by the
    förvaltningsdirektör in the digitaliseringsråd."""
    plan, org = portfolio.plan, portfolio.organisation
    file = portfolio.singleton_path("plan.yaml")
    period = plan.giltighet
    if period.till < period.från:
        yield error("giltighetstiden slutar före den börjar", file, ("giltighet", "till"),
                    rule="R30")
    if period.inledande_planering is not None and not (
            period.från.year <= period.inledande_planering <= period.till.year + 1):
        yield error(f"inledande planering {period.inledande_planering} ligger utanför perioden",
                    file, ("giltighet", "inledande_planering"), rule="R30")
    if plan.antagen is None:
        yield warning("planen är inte antagen", file, ("antagen",), rule="R30",
                      hint="planen antas av förvaltningsdirektören i digitaliseringsrådet")
        return
    own = org.forvaltning(plan.förvaltning)
    if own is None or plan.antagen.av != own.förvaltningsdirektör:
        yield error("planen antas av förvaltningsdirektören", file, ("antagen", "av"), rule="R30")
    forum = org.forum_by_id(plan.antagen.forum)
    if forum is not None and forum.typ != Forumtyp.DIGITALISERINGSRAD:
        yield error("planen antas i digitaliseringsrådet", file, ("antagen", "forum"), rule="R30")


CHECKS = (check_rad, check_systems, check_areas, check_adoption)
