"""Priority decisions (R8, R10) and dates: a place on the gemensam väntelista is decided by
the Styr- och samordningsgruppen, the order ready projects start in by the projektkontor,
each with its protokoll; registration is never in the future and a project ends after it
starts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from avoplan.behovsprocess.moten import has_paragraph
from avoplan.core.findings import Finding
from avoplan.core.rulebook import R3, R8, R10, R22, enforces
from avoplan.core.text import fold, join_sv
from avoplan.models.delegation import Mandat
from avoplan.models.initiativ import Avser, Initiativ, Prioritetsbeslut
from avoplan.models.organisation import Organisation, Person
from avoplan.models.portfolio import Portfolio

RULE = {Avser.VANTELISTA: R8, Avser.STARTORDNING: R10}
PLACES = {
    Avser.VANTELISTA: "den gemensamma prioriterade väntelistan",
    Avser.STARTORDNING: "startordningen",
}


@enforces("check", R8, R10)
def check_priority_decisions(portfolio: Portfolio) -> Iterator[Finding]:
    mandates = portfolio.delegationsordning.prioritering
    for item_id, item in [*portfolio.behov.items(), *portfolio.projekt.items()]:
        if not item.prioritet:
            continue  # most items: no path made for them
        file = portfolio.item_path(item_id)
        for index, decision in enumerate(item.prioritet):
            org = portfolio.organisation_at(decision.datum)
            mandat = (
                getattr(
                    mandates, "väntelista" if decision.avser == Avser.VANTELISTA else "startordning"
                )
                if mandates
                else None
            )
            for finding in decision_findings(decision, mandat, org):
                yield finding.at(file=file, loc=("prioritet", index))


def decision_findings(
    decision: Prioritetsbeslut, mandat: Mandat | None, org: Organisation
) -> Iterator[Finding]:
    rule = RULE[decision.avser]
    if mandat is None:
        yield rule.error(
            f"delegationsordningen anger inte vem som beslutar om {PLACES[decision.avser]}",
            loc=("avser",),
        )
        return
    person = org.person(decision.beslutad_av)
    if person is None:
        return  # reported as an unknown person
    if decision.forum not in mandat.forum or not _holds(person, mandat, decision.forum, org):
        yield rule.error(
            f"{person.namn} kan inte besluta om platsen på "
            f"{PLACES[decision.avser]}; det gör {_who(mandat, org)}",
            loc=("beslutad_av",),
        )
    if not decision.protokoll:
        yield rule.error(
            "prioritetsbeslutet saknar protokollreferens",
            loc=("protokoll",),
            hint="ange protokollet och paragrafen där platsen beslutades",
        )
    elif mandat.organ and not has_paragraph(decision.protokoll):
        yield rule.error(
            f"prioritetsbeslutet fattas av ett organ; protokollreferensen "
            f"'{decision.protokoll}' saknar paragraf (§)",
            loc=("protokoll",),
            hint=f"ange paragrafen, t.ex. '{decision.protokoll} § 4'",
        )


def _holds(person: Person, mandat: Mandat, forum_id: str | None, org: Organisation) -> bool:
    forum = org.forum_by_id(forum_id or "")
    if forum is None:
        return False
    for role in map(fold, mandat.beslutar):
        if role == "ordforande" and forum.ordförande == person.id:
            return True
        if role == "ledamot" and person.id in forum.members():
            return True
        if role in {fold(r) for r in person.roller}:
            return True
    return False


def _who(mandat: Mandat, org: Organisation) -> str:
    forums = [f.namn for f in map(org.forum_by_id, mandat.forum) if f]
    return join_sv(forums, "eller") + (" som organ" if mandat.organ else "")


@enforces("check", R3, R22)
def check_dates(portfolio: Portfolio) -> Iterator[Finding]:
    today = portfolio.today
    # The needs, then the projects; an item's path only made for its findings.
    for item_id, need in portfolio.behov.items():
        if need.registrerad and need.registrerad > today:
            yield from _placed(portfolio, item_id, _date_findings(need, today))
    for item_id, project in portfolio.projekt.items():
        registered, start, slut = project.registrerad, project.start, project.slut
        if (registered and registered > today) or (start and slut and slut < start):
            yield from _placed(portfolio, item_id, _date_findings(project, today))


def _placed(portfolio: Portfolio, item_id: str, found: Iterator[Finding]) -> Iterator[Finding]:
    file = portfolio.item_path(item_id)
    return (f.at(file=file) for f in found)


def _date_findings(item: Initiativ, today: date) -> Iterator[Finding]:
    if item.registrerad and item.registrerad > today:
        yield R3.error(f"registrerad {item.registrerad} ligger i framtiden", loc=("registrerad",))
    start, slut = getattr(item, "start", None), getattr(item, "slut", None)
    if start and slut and slut < start:
        yield R22.error(f"projektet slutar ({slut}) före det startar ({start})", loc=("slut",))


CHECKS = (check_priority_decisions, check_dates)
