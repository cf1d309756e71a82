"""Who holds the mandate to decide (R4, R6, R8, R10, R11, R12): the wider a need reaches,
the higher the decision rises, as the delegationsordning (data) says."""

from __future__ import annotations

from dataclasses import dataclass

from avoplan.behovsprocess.steg import Move
from avoplan.core.rulebook import R4, R6, R8, R10, R11, R12, R33, Rule, enforces
from avoplan.core.text import fold, join_sv
from avoplan.models.behov import Behov
from avoplan.models.common import Steg
from avoplan.models.delegation import Delegationsordning, Mandat, Scope
from avoplan.models.federation import is_global
from avoplan.models.organisation import Forum, Organisation, Person
from avoplan.models.projekt import Projekt

MANDATE_RULE: dict[int, Rule] = {1: R4, 2: R6, 3: R8, 4: R10}

SCOPE_TEXT = {
    Scope.EN_AVDELNING: "berör en avdelning",
    Scope.FLERA_AVDELNINGAR: "berör flera avdelningar",
    Scope.FLERA_FORVALTNINGAR: "berör flera förvaltningar eller är beroende av TID",
}


@dataclass(frozen=True)
class Context:
    """What deciding on one need may consult."""

    need: Behov
    org: Organisation
    projects: tuple[Projekt, ...] = ()


@dataclass(frozen=True)
class Authority:
    """The role a decider held and the forum the decision was taken in (R2)."""

    roll: str
    forum: Forum | None


def reach(move: Move, need: Behov, org: Organisation) -> Scope:
    """The need's reach as it stood when the decision was taken. Who else is affected is
    established in grovsållning, so BP1 (leaving insamling) is judged on the owning
    avdelning alone: a later grovsållning never invalidates a correct BP1."""
    if move.från == Steg.INSAMLING:
        return Scope.EN_AVDELNING
    return scope(need, org)


def affected_forvaltningar(need: Behov, org: Organisation, move: Move) -> set[str]:
    """The own förvaltning and, once grovsållning has named them, the other affected ones."""
    section = need.grovsållning
    named = set(section.berörda.förvaltningar) if section and section.berörda else set()
    return (
        ({org.egen_förvaltning} | named) if move.från != Steg.INSAMLING else {org.egen_förvaltning}
    )


def affects(need: Behov, org: Organisation, move: Move, forvaltning: str) -> bool:
    """Whether `forvaltning` is among `affected_forvaltningar(need, org, move)`, without
    building the set (asked for every decision one person took)."""
    if forvaltning == org.egen_förvaltning:
        return True
    section = need.grovsållning
    return (
        move.från != Steg.INSAMLING
        and section is not None
        and section.berörda is not None
        and forvaltning in section.berörda.förvaltningar
    )


def scope(need: Behov, org: Organisation) -> Scope:
    """R11: the wider a need reaches, the higher the decision rises."""
    section = need.grovsållning
    berorda = section.berörda if section else None
    # Without building sets: asked for every decision a check replays.
    own = org.egen_förvaltning
    if (berorda is not None and any(f != own for f in berorda.förvaltningar)) or (
        section is not None and section.tid_beroende
    ):
        return Scope.FLERA_FORVALTNINGAR
    # Another avdelning of this organisation (`affected_avdelningar` beyond the own one).
    if berorda is not None and any(
        a != need.avdelning and not is_global(a) for a in berorda.avdelningar
    ):
        return Scope.FLERA_AVDELNINGAR
    return Scope.EN_AVDELNING


def mandate(
    move: Move,
    need: Behov,
    org: Organisation,
    rules: Delegationsordning,
    where: Scope | None = None,
) -> Mandat | None:
    """The mandate a move needs; `where` is `reach(move, need, org)` when the caller
    already has it."""
    if move.reentry:
        return rules.återinträde
    point = rules.point(move.beslutspunkt or 0)
    if point is None:
        return None
    if point.tid_förändring is not None and tid_change(need):
        return point.tid_förändring
    return point.mandate(reach(move, need, org) if where is None else where)


@enforces("advance", R33)
@enforces("check", R33)
def tid_change(need: Behov) -> bool:
    """R33: "Inom detta uppdrag [TID:s förvaltande uppdrag] tas underlag fram till operativa
    styrgruppen som fattar beslut om förändringar": a need that depends on TID and is a
    change within that uppdrag is decided where the delegationsordning routes TID's
    changes. Whether it depends on TID is held to the system register by
    `forutsattningar.tid_and_reuse`, so the judge, the board and the dagordning agree."""
    section = need.grovsållning
    return section is not None and bool(section.tid_beroende) and bool(section.tid_förändring)


def mandate_rule(move: Move, reach: Scope, need: Behov | None = None) -> Rule:
    """The rule a missing mandate breaks: R12 re-entry, R33 a change TID makes, R11 wider
    reach, else R4–R10."""
    if move.reentry:
        return R12
    if need is not None and tid_change(need):
        return R33
    if reach != Scope.EN_AVDELNING:
        return R11
    return MANDATE_RULE[move.beslutspunkt or 1]


def unresolved(ctx: Context, mandat: Mandat, forum_id: str | None) -> list[str]:
    """The ids the mandate depends on that do not exist, as 'okänd avdelning 'x''; judging
    the mandate anyway would only repeat them as a misleading mandate finding."""
    org, need = ctx.org, ctx.need
    section = need.grovsållning
    berorda = section.berörda if section else None
    # Loops over the indexes, not list comprehensions: asked for every decision replayed.
    avdelningar, forvaltningar, forums = org.avdelning_index, org.forvaltning_index, org.forum_index
    found = [] if need.avdelning in avdelningar else [f"okänd avdelning '{need.avdelning}'"]
    if berorda is not None:
        for a in berorda.avdelningar:
            if a not in avdelningar and not is_global(a):
                found.append(f"okänd avdelning '{a}'")
        for f in berorda.förvaltningar:
            if f not in forvaltningar:
                found.append(f"okänd förvaltning '{f}'")
    for f in mandat.forum:
        if f not in forums:
            found.append(f"okänt forum '{f}'")
    if forum_id and forum_id not in forums:
        found.append(f"okänt forum '{forum_id}'")
    return found


def find_authority(
    person: Person, mandat: Mandat, ctx: Context, forum_id: str | None = None
) -> Authority | None:
    """The first role of the mandate that `person` holds, in an allowed forum."""
    for forum in _allowed_forums(mandat, ctx.org, forum_id):
        for role in mandat.beslutar:
            held = holds(person, role, ctx, forum)
            if held:
                return Authority(held, forum)
    return None


def _allowed_forums(mandat: Mandat, org: Organisation, forum_id: str | None) -> list[Forum | None]:
    if not mandat.forum:
        return [org.forum_by_id(forum_id) if forum_id else None]
    forums = org.forum_index
    if forum_id is not None:  # most decisions: the one forum they name, if allowed
        found = forums.get(forum_id) if forum_id in mandat.forum else None
        return [found] * mandat.forum.count(forum_id) if found else []
    return [forums[f] for f in mandat.forum if f in forums]


def holds(person: Person, role: str, ctx: Context, forum: Forum | None) -> str | None:
    """How `person` holds `role` for this need, in words, or None."""
    org = ctx.org
    key = fold(role)
    if key == "avdelningschef":
        avdelning = org.avdelning(ctx.need.avdelning)
        if avdelning and avdelning.avdelningschef == person.id:
            return f"avdelningschef för {avdelning.namn}"
        return None
    if key == "forvaltningsdirektor":
        own = org.forvaltning(org.egen_förvaltning)
        if own and own.förvaltningsdirektör == person.id:
            return f"förvaltningsdirektör för {own.kortnamn or own.namn}"
        return None
    if key in {"ledamot", "ordforande"}:
        return _forum_role(person, key, forum)
    if key == "projektagare":
        owned = [p.id for p in ctx.projects if p.projektägare == person.id]
        return f"projektägare för {owned[0]}" if owned else None
    return role if key in {fold(r) for r in person.roller} else None


def _forum_role(person: Person, key: str, forum: Forum | None) -> str | None:
    if forum is None:
        return None
    # The chair is a member too, but is recorded as what they are: ordförande.
    if forum.ordförande == person.id:
        return f"ordförande i {forum.namn}"
    if key == "ordforande":
        return None
    # A member (`forum.members()`, the chair already answered), without building the set.
    return f"ledamot i {forum.namn}" if person.id in forum.ledamöter else None


def who_may_decide(mandat: Mandat, ctx: Context) -> list[str]:
    """Everyone who holds the mandate, as 'Namn (roll)', for refusal messages."""
    found: list[str] = []
    for person in ctx.org.personer:
        authority = find_authority(person, mandat, ctx)
        if authority:
            found.append(f"{person.namn} ({authority.roll})")
    return found


def forum_names(mandat: Mandat, org: Organisation) -> str:
    return join_sv([f.namn for f in (org.forum_by_id(i) for i in mandat.forum) if f])


def mandate_text(mandat: Mandat, org: Organisation) -> str:
    forums = forum_names(mandat, org)
    return f"{join_sv(mandat.beslutar)}{f' i {forums}' if forums else ''}"
