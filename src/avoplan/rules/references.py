"""Cross-references: every id a file names exists, and ids are unique where they are listed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from avoplan.core.findings import Finding, Loc, error
from avoplan.core.text import did_you_mean, fold
from avoplan.models.behov import Behov
from avoplan.models.delegation import Mandat
from avoplan.models.initiativ import Initiativ
from avoplan.models.portfolio import (
    BEHOV,
    DELEGATIONSORDNING,
    OBJEKT,
    ORGANISATION,
    PLAN,
    PROJEKT,
    SYSTEM,
    UTVECKLINGSOMRADEN,
    FileKind,
    Portfolio,
)
from avoplan.models.projekt import Projekt

# Role words the delegationsordning understands without a person carrying them.
BUILTIN_ROLES = {"avdelningschef", "forvaltningsdirektor", "ledamot", "ordforande", "projektagare"}


@dataclass(frozen=True)
class RefKind:
    noun: str  # "okänd person" / "okänt system"
    ids: frozenset[str]
    # Item kinds stored one file per id. Their ids are numbers, where a spelling guess
    # (BEH-098 -> BEH-019) would mislead; the hint names the missing file instead.
    folders: tuple[FileKind, ...] = ()


class Known:
    """The ids of one portfolio, by kind. Files that exist but could not be loaded count
    as known, so a broken file is reported once, not once per reference to it."""

    def __init__(self, portfolio: Portfolio) -> None:
        org = portfolio.organisation
        files = _file_ids(portfolio)
        self.person = RefKind("okänd person", frozenset(p.id for p in org.personer))
        self.avdelning = RefKind("okänd avdelning", frozenset(a.id for a in org.avdelningar))
        self.forvaltning = RefKind("okänd förvaltning", frozenset(f.id for f in org.förvaltningar))
        self.forum = RefKind("okänt forum", frozenset(f.id for f in org.forum))
        self.system = RefKind("okänt system", files["system"])
        self.behov = RefKind("okänt behov", files["behov"], (BEHOV,))
        self.projekt = RefKind("okänt projekt", files["projekt"], (PROJEKT,))
        self.item = RefKind(
            "okänt behov eller projekt", self.behov.ids | self.projekt.ids, (BEHOV, PROJEKT)
        )
        self.objekt = RefKind("okänt förvaltningsobjekt", files["forvaltningsobjekt"])
        self.receiver = RefKind("okänt forum eller avdelning", self.forum.ids | self.avdelning.ids)


# The last portfolio's Known: four checks ask for it, and at 10 000 items each set of ids
# costs milliseconds (a write's judge runs the rules twice). `alla.run_rules` forgets it.
_REMEMBERED: list[tuple[Portfolio, Known]] = []


def known_ids(portfolio: Portfolio) -> Known:
    """The ids of `portfolio`, made once for the checks run over it in a row."""
    if not _REMEMBERED or _REMEMBERED[0][0] is not portfolio:
        _REMEMBERED[:] = [(portfolio, Known(portfolio))]
    return _REMEMBERED[0][1]


def forget() -> None:
    _REMEMBERED.clear()


def _file_ids(portfolio: Portfolio) -> dict[str, frozenset[str]]:
    return {
        str(kind.folder): frozenset(getattr(portfolio, kind.name))
        | portfolio.unreadable.get(str(kind.folder), frozenset())
        for kind in (BEHOV, PROJEKT, SYSTEM, OBJEKT)
    }


Ref = tuple[Loc, str | None, RefKind]


def resolve(refs: Iterable[Ref], file: Path | None = None) -> Iterator[Finding]:
    for loc, value, kind in refs:
        if value is None or value in kind.ids or ":" in value:  # global ids: rules/federation
            continue
        yield error(f"{kind.noun} '{value}'", file, loc, hint=_hint(value, kind))


def _hint(value: str, kind: RefKind) -> str:
    if kind.folders:
        folder = next((f for f in kind.folders if value.startswith(f"{f.prefix}-")), None)
        if folder is None:
            return "ange ett behov (BEH-…) eller projekt (PRJ-…)"
        return f"filen {folder.folder}/{value}.yaml finns inte"
    suggestion = did_you_mean(value, kind.ids)
    return f"menade du '{suggestion}'?" if suggestion else "kontrollera stavningen"


def each(loc: Loc, values: list[str], kind: RefKind) -> list[Ref]:
    """The references among `values` that `resolve` must look at: a known id is passed
    over here already (a check of 10 000 items meets 200 000 of them), and a list of
    only known ids at once."""
    ids = kind.ids
    if ids.issuperset(values):
        return []
    return [((*loc, index), value, kind) for index, value in enumerate(values) if value not in ids]


def one(loc: Loc, value: str | None, kind: RefKind) -> list[Ref]:
    """The reference `value` when `resolve` must look at it (not when known or unset)."""
    return [] if value is None or value in kind.ids else [(loc, value, kind)]


def duplicates(loc: Loc, values: list[str], what: str, file: Path) -> Iterator[Finding]:
    counts = Counter(values)
    for index, value in enumerate(values):
        if counts[value] > 1 and values.index(value) != index:
            yield error(f"{what} '{value}' förekommer flera gånger", file, (*loc, index))


def check_organisation(portfolio: Portfolio) -> Iterator[Finding]:
    org, known = portfolio.organisation, known_ids(portfolio)
    file = portfolio.path(ORGANISATION)
    for key, items in (
        ("förvaltningar", org.förvaltningar),
        ("avdelningar", org.avdelningar),
        ("forum", org.forum),
        ("personer", org.personer),
    ):
        ids = [item.id for item in items]
        yield from (_at_id(f) for f in duplicates((key,), ids, "id", file))
    yield from duplicates(("forum",), [f.typ.value for f in org.forum], "forumtypen", file)
    yield from duplicates(
        ("personer",), [p.epost.lower() for p in org.personer], "e-postadressen", file
    )
    yield from resolve(_organisation_refs(portfolio, known), file)


def _at_id(finding: Finding) -> Finding:
    return Finding(finding.severity, finding.message, finding.file, (*finding.loc, "id"))


def _organisation_refs(portfolio: Portfolio, known: Known) -> Iterator[Ref]:
    org = portfolio.organisation
    yield ("egen_förvaltning",), org.egen_förvaltning, known.forvaltning
    yield ("utvecklingsavdelning",), org.utvecklingsavdelning, known.avdelning
    yield ("tid", "organiserad_hos"), org.tid.organiserad_hos, known.forvaltning
    for i, forvaltning in enumerate(org.förvaltningar):
        yield (
            ("förvaltningar", i, "förvaltningsdirektör"),
            forvaltning.förvaltningsdirektör,
            known.person,
        )
    for i, avdelning in enumerate(org.avdelningar):
        yield ("avdelningar", i, "avdelningschef"), avdelning.avdelningschef, known.person
    for i, forum in enumerate(org.forum):
        yield ("forum", i, "ordförande"), forum.ordförande, known.person
        yield from each(("forum", i, "ledamöter"), forum.ledamöter, known.person)
    for i, person in enumerate(org.personer):
        yield ("personer", i, "förvaltning"), person.förvaltning, known.forvaltning
        yield ("personer", i, "avdelning"), person.avdelning, known.avdelning


def check_delegation(portfolio: Portfolio) -> Iterator[Finding]:
    rules, known = portfolio.delegationsordning, known_ids(portfolio)
    file = portfolio.path(DELEGATIONSORDNING)
    numbers = [b.beslutspunkt for b in rules.beslutspunkter]
    for missing in sorted({1, 2, 3, 4} - set(numbers)):
        yield error(f"beslutspunkt {missing} saknas", file, ("beslutspunkter",))
    yield from duplicates(("beslutspunkter",), [str(n) for n in numbers], "beslutspunkt", file)
    carried = {fold(r) for p in portfolio.organisation.personer for r in p.roller}
    for loc, mandat in _mandates(portfolio):
        yield from resolve(each((*loc, "forum"), mandat.forum, known.forum), file)
        yield from resolve(each((*loc, "delges"), mandat.delges, known.receiver), file)
        for i, role in enumerate(mandat.beslutar):
            if fold(role) not in BUILTIN_ROLES | carried:
                yield error(
                    f"okänd roll '{role}'; ingen person har den",
                    file,
                    (*loc, "beslutar", i),
                    hint="ge rollen till någon under 'roller' i organisation.yaml",
                )


def _mandates(portfolio: Portfolio) -> Iterator[tuple[Loc, Mandat]]:
    rules = portfolio.delegationsordning
    for i, point in enumerate(rules.beslutspunkter):
        for key in ("en_avdelning", "flera_avdelningar", "flera_förvaltningar"):
            yield ("beslutspunkter", i, key), getattr(point, key)
    yield ("återinträde",), rules.återinträde


def check_plan(portfolio: Portfolio) -> Iterator[Finding]:
    plan, known = portfolio.plan, known_ids(portfolio)
    file = portfolio.path(PLAN)
    refs: list[Ref] = [(("förvaltning",), plan.förvaltning, known.forvaltning)]
    if plan.antagen:
        refs += [
            (("antagen", "av"), plan.antagen.av, known.person),
            (("antagen", "forum"), plan.antagen.forum, known.forum),
        ]
    yield from resolve(refs, file)
    numbers = [str(m.nummer) for m in plan.prioriterade_mål]
    yield from duplicates(("prioriterade_mål",), numbers, "målnummer", file)
    areas = portfolio.utvecklingsomraden.utvecklingsområden
    areas_file = portfolio.path(UTVECKLINGSOMRADEN)
    yield from duplicates(("utvecklingsområden",), [a.id for a in areas], "id", areas_file)
    yield from resolve(
        (
            (("utvecklingsområden", i, "uppföljning"), a.uppföljning, known.forum)
            for i, a in enumerate(areas)
        ),
        areas_file,
    )


def check_items(portfolio: Portfolio) -> Iterator[Finding]:
    known = known_ids(portfolio)
    # The file is named only for findings: building 10,000 paths costs more than the check.
    for need in portfolio.behov.values():
        refs = _need_refs(need, known)
        if refs:
            for finding in resolve(refs):
                yield replace(finding, file=portfolio.path(BEHOV, need.id))
    for project in portfolio.projekt.values():
        refs = _project_refs(project, known)
        if refs:
            for finding in resolve(refs):
                yield replace(finding, file=portfolio.path(PROJEKT, project.id))


# The references of an item, in the order they are reported, each only when `resolve`
# must look at it: lists, not generators, since most items have none (a cold check of
# 10 000 items asks for 200 000 references and finds a handful).


def _initiative_refs(item: Initiativ, known: Known) -> list[Ref]:
    person, forum, receiver, forvaltning = (
        known.person,
        known.forum,
        known.receiver,
        known.forvaltning,
    )
    # Every item and decision of 10 000 items: the sets asked here, each call only for a
    # miss.
    found: list[Ref] = []
    if not known.system.ids.issuperset(item.system):
        found += each(("system",), item.system, known.system)
    if not known.item.ids.issuperset(item.beroenden):
        found += each(("beroenden",), item.beroenden, known.item)
    people, forums, receivers, forvaltningar = person.ids, forum.ids, receiver.ids, forvaltning.ids
    for i, decision in enumerate(item.beslut):
        if decision.beslutad_av not in people:
            found += one(("beslut", i, "beslutad_av"), decision.beslutad_av, person)
        if decision.forum is not None and decision.forum not in forums:
            found += one(("beslut", i, "forum"), decision.forum, forum)
        if not receivers.issuperset(decision.delges):
            found += each(("beslut", i, "delges"), decision.delges, receiver)
        if not people.issuperset(decision.deltagare):
            found += each(("beslut", i, "deltagare"), decision.deltagare, person)
        if not forvaltningar.issuperset(decision.bakom):
            found += each(("beslut", i, "bakom"), decision.bakom, forvaltning)
    for i, override in enumerate(item.prioritet):
        found += one(("prioritet", i, "beslutad_av"), override.beslutad_av, person)
        found += one(("prioritet", i, "forum"), override.forum, forum)
    return found


def _need_refs(need: Behov, known: Known) -> list[Ref]:
    # As `_initiative_refs`: every need of 10 000, so each call only for a miss.
    people, avdelningar = known.person.ids, known.avdelning.ids
    found: list[Ref] = []
    if need.avdelning not in avdelningar:
        found += one(("avdelning",), need.avdelning, known.avdelning)
    if need.kontaktperson not in people:
        found += one(("kontaktperson",), need.kontaktperson, known.person)
    if not people.issuperset(need.förslagsställare):
        found += each(("förslagsställare",), need.förslagsställare, known.person)
    if not known.projekt.ids.issuperset(need.projekt):
        found += each(("projekt",), need.projekt, known.projekt)
    found += _initiative_refs(need, known)
    section = need.grovsållning
    berorda = section.berörda if section else None
    if berorda and not avdelningar.issuperset(berorda.avdelningar):
        found += each(
            ("grovsållning", "berörda", "avdelningar"), berorda.avdelningar, known.avdelning
        )
    if berorda and not known.forvaltning.ids.issuperset(berorda.förvaltningar):
        found += each(
            ("grovsållning", "berörda", "förvaltningar"), berorda.förvaltningar, known.forvaltning
        )
    if section and not known.behov.ids.issuperset(section.liknande_behov):
        found += each(("grovsållning", "liknande_behov"), section.liknande_behov, known.behov)
    if section and not people.issuperset(section.tid_medverkande):
        found += each(("grovsållning", "tid_medverkande"), section.tid_medverkande, known.person)
    if need.beredning and not people.issuperset(need.beredning.medverkande):
        found += each(("beredning", "medverkande"), need.beredning.medverkande, known.person)
    team = need.klart_för_start.projektorganisation if need.klart_för_start else None
    if team:
        loc: Loc = ("klart_för_start", "projektorganisation")
        for key in ("projektägare", "effektägare", "projektledare"):
            found += one((*loc, key), getattr(team, key), known.person)
        found += each((*loc, "styrgrupp"), team.styrgrupp, known.person)
    return found


def _project_refs(project: Projekt, known: Known) -> list[Ref]:
    found = one(("avdelning",), project.avdelning, known.avdelning)
    found += one(("behov",), project.behov, known.behov)
    found += one(("förvaltningsobjekt",), project.förvaltningsobjekt, known.objekt)
    found += _initiative_refs(project, known)
    people = known.person.ids
    for key in ("projektägare", "effektägare", "förvaltningsansvarig", "projektledare"):
        if getattr(project, key) not in people:  # each call only for a miss, or unset
            found += one((key,), getattr(project, key), known.person)
    if not people.issuperset(project.styrgrupp):
        found += each(("styrgrupp",), project.styrgrupp, known.person)
    if not people.issuperset(project.projektgrupp):
        found += each(("projektgrupp",), project.projektgrupp, known.person)
    if project.budgetansvar:
        for key in ("licenser", "hårdvara"):
            post = getattr(project.budgetansvar, key)
            if post:
                found += one(("budgetansvar", key, "ansvarig"), post.ansvarig, known.person)
    return found


CHECKS = (check_organisation, check_delegation, check_plan, check_items)
