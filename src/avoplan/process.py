"""Behovsprocessen (R1–R12) as pure functions: which moves exist, what each step must
contain, and who holds the mandate to decide. Used by `check` on recorded history and
by `advance` before it writes anything."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from avoplan.findings import Finding, error, warning
from avoplan.models.behov import Behov, Beredning, Projektorganisation
from avoplan.models.common import Steg
from avoplan.models.delegation import Delegationsordning, Mandat, Scope
from avoplan.models.organisation import Forum, Forumtyp, Organisation, Person
from avoplan.models.projekt import Projekt
from avoplan.text import fold, join_sv

NEXT_STEP: dict[Steg, Steg] = {
    Steg.INSAMLING: Steg.GROVSALLNING,
    Steg.GROVSALLNING: Steg.BEREDNING,
    Steg.BEREDNING: Steg.KLART_FOR_START,
    Steg.KLART_FOR_START: Steg.PROJEKT,
}
BESLUTSPUNKT: dict[Steg, int] = {
    Steg.INSAMLING: 1,
    Steg.GROVSALLNING: 2,
    Steg.BEREDNING: 3,
    Steg.KLART_FOR_START: 4,
}
MANDATE_RULE = {1: "R4", 2: "R6", 3: "R8", 4: "R10"}
CONTENT_RULE = {Steg.INSAMLING: "R3", Steg.GROVSALLNING: "R5", Steg.BEREDNING: "R7",
                Steg.KLART_FOR_START: "R9"}
BEREDNING_NORM_TIMMAR = 40
BEREDNING_FAR_MORE_TIMMAR = 2 * BEREDNING_NORM_TIMMAR

STEP_LABEL = {
    Steg.INSAMLING: "insamling",
    Steg.GROVSALLNING: "grovsållning",
    Steg.BEREDNING: "beredning",
    Steg.KLART_FOR_START: "klart för start",
    Steg.PROJEKT: "projekt",
    Steg.BORTSORTERAD: "bortsorterad",
}


@dataclass(frozen=True)
class Move:
    """A step change and the beslutspunkt it passes (None for an R12 återinträde)."""

    från: Steg
    till: Steg
    beslutspunkt: int | None

    @property
    def reentry(self) -> bool:
        return self.från == Steg.PROJEKT and self.till == Steg.BEREDNING

    @property
    def forward(self) -> bool:
        return self.till == NEXT_STEP.get(self.från)


def plan_move(current: Steg, target: Steg) -> Move | Finding:
    """R1: one step at a time; R2: any beslutspunkt may sort out; R12: återinträde."""
    if current == Steg.BORTSORTERAD:
        return error("behovet är bortsorterat och kan inte flyttas", rule="R2",
                     hint="registrera ett nytt behov med avoplan new om idén väcks igen")
    if target == current:
        return error(f"behovet står redan i steget {STEP_LABEL[current]}", rule="R1")
    if current == Steg.PROJEKT:
        if target == Steg.BEREDNING:
            return Move(current, target, None)
        return error("behovet har redan lämnats över till projekt; bara en avslutad utredning "
                     "kan föra det tillbaka till beredning", rule="R12")
    point = BESLUTSPUNKT[current]
    if target in (NEXT_STEP[current], Steg.BORTSORTERAD):
        return Move(current, target, point)
    return error(_skip_message(current, target), rule="R1")


def _skip_message(current: Steg, target: Steg) -> str:
    order = [*NEXT_STEP, Steg.PROJEKT]
    if order.index(target) < order.index(current):
        return (f"ett behov går inte bakåt från {STEP_LABEL[current]} till "
                f"{STEP_LABEL[target]}")
    nxt = NEXT_STEP[current]
    return (f"{STEP_LABEL[current]} → {STEP_LABEL[target]} hoppar över steg; nästa steg är "
            f"{STEP_LABEL[nxt]} (beslutspunkt {BESLUTSPUNKT[current]})")


# --- required content (R3, R5, R7, R9) ------------------------------------------------


def required_content(need: Behov, step: Steg, org: Organisation) -> list[Finding]:
    """What must be documented before the need may leave `step` forwards."""
    checks = {
        Steg.INSAMLING: _insamling_content,
        Steg.GROVSALLNING: _grovsallning_content,
        Steg.BEREDNING: _beredning_content,
        Steg.KLART_FOR_START: _start_content,
    }
    check = checks.get(step)
    return list(check(need, org)) if check else []


def _missing(loc: tuple[str, ...], what: str, rule: str) -> Finding:
    return error(f"{what} saknas", loc=loc, rule=rule)


def _insamling_content(need: Behov, org: Organisation) -> Iterator[Finding]:
    if not need.beskrivning:
        yield _missing(("beskrivning",), "beskrivningen av behovet", "R3")
    if not need.nytta:
        yield _missing(("nytta",), "nyttan", "R3")
    if not need.kontaktperson:
        yield error("verksamheten har inte utsett någon kontaktperson", loc=("kontaktperson",),
                    rule="R3", hint="kontaktpersonen följer behovet genom hela processen")


def _grovsallning_content(need: Behov, org: Organisation) -> Iterator[Finding]:
    section = need.grovsållning
    base = ("grovsållning",)
    if section is None:
        yield error("grovsållningen är inte dokumenterad", loc=base, rule="R5",
                    hint="fyll i rätt_förstått, berörda, tid_beroende och samordning")
        return
    if not section.rätt_förstått:
        yield _missing((*base, "rätt_förstått"), "bekräftelsen att behovet är rätt förstått", "R5")
    berorda = section.berörda
    if berorda is None or not (berorda.avdelningar or berorda.förvaltningar):
        yield _missing((*base, "berörda"), "vilka som berörs", "R5")
    if section.tid_beroende is None:
        yield _missing((*base, "tid_beroende"), "beroendet av TID (true eller false)", "R5")
    if not section.samordning:
        yield _missing((*base, "samordning"), "samordningen mot liknande behov i förvaltningarna",
                       "R5")


def _beredning_content(need: Behov, org: Organisation) -> Iterator[Finding]:
    section = need.beredning
    base = ("beredning",)
    if section is None:
        yield error("beredningen är inte dokumenterad", loc=base, rule="R7",
                    hint="fyll i fördjupning, konsekvensanalys, förvaltningsperspektiv, "
                    "mantimmar och medverkande")
    else:
        yield from _beredning_texts(section, base)
        yield from _beredning_people(need, section.medverkande, org)
    yield from _beslutsunderlag(need)


def _beredning_texts(section: Beredning, base: tuple[str, ...]) -> Iterator[Finding]:
    texts = {
        "fördjupning": "den fördjupade beskrivningen",
        "konsekvensanalys": "konsekvensanalysen",
        "förvaltningsperspektiv": "förvaltningsperspektivet (hur lösningen sköts i drift)",
    }
    for key, what in texts.items():
        if not getattr(section, key):
            yield _missing((*base, key), what, "R7")
    hours = section.mantimmar
    if hours is None:
        yield _missing((*base, "mantimmar"), "nedlagd tid (mantimmar)", "R7")
    elif hours > BEREDNING_FAR_MORE_TIMMAR:
        yield warning(f"beredningen tog {hours} mantimmar; rimlig ambition är runt "
                      f"{BEREDNING_NORM_TIMMAR}", loc=(*base, "mantimmar"), rule="R7")


def _beredning_people(need: Behov, people: list[str], org: Organisation) -> Iterator[Finding]:
    loc = ("beredning", "medverkande")
    persons = [p for p in (org.person(pid) for pid in people) if p is not None]
    forum = org.forum_of_type(Forumtyp.LOKALT_UTVECKLINGSTEAM)
    team = forum.members() if forum else set()
    if not any(p.id in team for p in persons):
        yield error("ingen från utvecklingsteamet har medverkat i beredningen", loc=loc, rule="R7")
    verksamhet = _affected_avdelningar(need)
    if not any(p.avdelning in verksamhet for p in persons):
        yield error("ingen representant för verksamheten har medverkat i beredningen", loc=loc,
                    rule="R7")
    if not any(org.in_tid(p) for p in persons):
        yield warning(f"ingen från {org.tid.förkortning} har medverkat i beredningen", loc=loc,
                      rule="R7")


def _beslutsunderlag(need: Behov) -> Iterator[Finding]:
    """BP3's beslutsunderlag must let the priority list weigh nytta against kostnad."""
    if need.kostnad is None:
        yield error("kostnadsskattningen saknas i beslutsunderlaget", loc=("kostnad",),
                    rule="R20")
    if not need.effekttyp:
        yield _missing(("effekttyp",), "effekttypen", "R25")
    if need.effektomfattning is None:
        yield _missing(("effektomfattning",), "effektomfattningen", "R25")


def _start_content(need: Behov, org: Organisation) -> Iterator[Finding]:
    section = need.klart_för_start
    base = ("klart_för_start",)
    if section is None:
        yield error("förberedelserna inför start är inte dokumenterade", loc=base, rule="R9",
                    hint="fyll i förutsättningar, projekttyp och projektorganisation")
        return
    for index, item in enumerate(section.förutsättningar):
        if not item.klar:
            yield error(f"förutsättningen '{item.beskrivning}' är inte klar",
                        loc=(*base, "förutsättningar", index, "klar"), rule="R9")
    if section.projekttyp is None:
        yield _missing((*base, "projekttyp"), "projekttypen", "R9")
    yield from _projektorganisation(section.projektorganisation, (*base, "projektorganisation"))


def _projektorganisation(section: Projektorganisation | None,
                         base: tuple[str, ...]) -> Iterator[Finding]:
    roles = {"projektägare": "projektägare", "effektägare": "effektägare",
             "projektledare": "projektledare"}
    for key, what in roles.items():
        if section is None or not getattr(section, key):
            yield error(f"projektorganisationen saknar {what}", loc=(*base, key), rule="R9")


# --- scope and mandate (R4, R6, R8, R10, R11, R12) ------------------------------------


def _affected_avdelningar(need: Behov) -> set[str]:
    section = need.grovsållning
    named = set(section.berörda.avdelningar) if section and section.berörda else set()
    return named | {need.avdelning}


def scope(need: Behov, org: Organisation) -> Scope:
    """R11: the wider a need reaches, the higher the decision rises."""
    section = need.grovsållning
    others = set(section.berörda.förvaltningar) if section and section.berörda else set()
    others.discard(org.egen_förvaltning)
    if others or (section is not None and section.tid_beroende):
        return Scope.FLERA_FORVALTNINGAR
    if _affected_avdelningar(need) - {need.avdelning}:
        return Scope.FLERA_AVDELNINGAR
    return Scope.EN_AVDELNING


SCOPE_TEXT = {
    Scope.EN_AVDELNING: "berör en avdelning",
    Scope.FLERA_AVDELNINGAR: "berör flera avdelningar",
    Scope.FLERA_FORVALTNINGAR: "berör flera förvaltningar eller är beroende av TID",
}


def mandate(move: Move, need: Behov, org: Organisation, rules: Delegationsordning) -> Mandat | None:
    if move.reentry:
        return rules.återinträde
    point = rules.point(move.beslutspunkt or 0)
    return point.mandate(scope(need, org)) if point else None


@dataclass(frozen=True)
class Authority:
    """The role a decider held and the forum the decision was taken in (R2)."""

    roll: str
    forum: Forum | None


@dataclass(frozen=True)
class Context:
    """What deciding on one need may consult."""

    need: Behov
    org: Organisation
    projects: tuple[Projekt, ...] = ()


def find_authority(person: Person, mandat: Mandat, ctx: Context,
                   forum_id: str | None = None) -> Authority | None:
    """The first role of the mandate that `person` holds, in an allowed forum."""
    forums = _allowed_forums(mandat, ctx.org, forum_id)
    for forum in forums:
        for role in mandat.beslutar:
            held = holds(person, role, ctx, forum)
            if held:
                return Authority(held, forum)
    return None


def _allowed_forums(mandat: Mandat, org: Organisation, forum_id: str | None) -> list[Forum | None]:
    if not mandat.forum:
        return [org.forum_by_id(forum_id) if forum_id else None]
    ids = [f for f in mandat.forum if forum_id is None or f == forum_id]
    return [org.forum_by_id(f) for f in ids if org.forum_by_id(f)]


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
    if key == "ordforande":
        return f"ordförande i {forum.namn}" if forum.ordförande == person.id else None
    return f"ledamot i {forum.namn}" if person.id in forum.members() else None


def who_may_decide(mandat: Mandat, ctx: Context) -> list[str]:
    """Everyone who holds the mandate, as 'Namn (roll)', for refusal messages."""
    found: list[str] = []
    for person in ctx.org.personer:
        authority = find_authority(person, mandat, ctx)
        if authority:
            found.append(f"{person.namn} ({authority.roll})")
    return found


def mandate_text(mandat: Mandat, org: Organisation) -> str:
    forums = [f.namn for f in (org.forum_by_id(i) for i in mandat.forum) if f]
    where = f" i {join_sv(forums)}" if forums else ""
    return f"{join_sv(mandat.beslutar)}{where}"


def mandate_rule(move: Move, reach: Scope) -> str:
    """The rule a missing mandate breaks: R12 re-entry, R11 wider reach, else R4–R10."""
    if move.reentry:
        return "R12"
    if reach != Scope.EN_AVDELNING:
        return "R11"
    return MANDATE_RULE[move.beslutspunkt or 1]
