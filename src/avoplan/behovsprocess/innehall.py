"""What each step must document before a need may leave it forwards (R3, R5, R7, R9),
and the beslutsunderlag BP3 needs for the priority list (R20, R25)."""

from __future__ import annotations

from collections.abc import Iterator

from avoplan.behovsprocess.pps import Roller, ownership_findings, styrgrupp_findings
from avoplan.core.findings import Finding
from avoplan.core.rulebook import R3, R5, R7, R9, R20, R25, Rule
from avoplan.models.behov import Behov, Beredning, Projektorganisation
from avoplan.models.common import Steg
from avoplan.models.federation import is_global
from avoplan.models.organisation import Forumtyp, Organisation

# Read once: on Python 3.11 a member looked up on its enum class costs a Python call.
_UTVECKLINGSTEAM = Forumtyp.LOKALT_UTVECKLINGSTEAM
BEREDNING_NORM_TIMMAR = 40
BEREDNING_FAR_MORE_TIMMAR = 2 * BEREDNING_NORM_TIMMAR


def required_content(need: Behov, step: Steg, org: Organisation) -> list[Finding]:
    """What must be documented before the need may leave `step` forwards."""
    check = _CONTENT.get(step)
    return list(check(need, org)) if check else []


def affected_avdelningar(need: Behov) -> set[str]:
    """The owning avdelning and every avdelning of this organisation grovsållningen names
    as affected (another förvaltning's, FS:boende, counts through berörda.förvaltningar)."""
    section = need.grovsållning
    named = {
        a
        for a in (section.berörda.avdelningar if section and section.berörda else [])
        if not is_global(a)
    }
    return named | {need.avdelning}


def _verksamhet(need: Behov, avdelning: str | None) -> bool:
    """Whether `avdelning` is among `affected_avdelningar(need)`."""
    if avdelning == need.avdelning:
        return True
    section = need.grovsållning
    berorda = section.berörda if section else None
    return (
        avdelning is not None
        and berorda is not None
        and avdelning in berorda.avdelningar
        and not is_global(avdelning)
    )


def _missing(loc: tuple[str, ...], what: str, rule: Rule) -> Finding:
    return rule.error(f"{what} saknas", loc=loc)


def _insamling(need: Behov, org: Organisation) -> Iterator[Finding]:
    if not need.beskrivning:
        yield _missing(("beskrivning",), "beskrivningen av behovet", R3)
    if not need.nytta:
        yield _missing(("nytta",), "nyttan", R3)
    if not need.kontaktperson:
        yield R3.error(
            "verksamheten har inte utsett någon kontaktperson",
            loc=("kontaktperson",),
            hint="kontaktpersonen följer behovet genom hela processen",
        )
        return
    contact = org.person(need.kontaktperson)
    if contact is not None and contact.avdelning != need.avdelning:
        owner = org.avdelning(need.avdelning)
        yield R3.error(
            f"kontaktpersonen ska komma från verksamheten som äger behovet "
            f"({owner.namn if owner else need.avdelning})",
            loc=("kontaktperson",),
            hint="verksamheten utser en kontaktperson som följer behovet",
        )


def _grovsallning(need: Behov, org: Organisation) -> Iterator[Finding]:
    section = need.grovsållning
    base = ("grovsållning",)
    if section is None:
        yield R5.error(
            "grovsållningen är inte dokumenterad",
            loc=base,
            hint="fyll i rätt_förstått, berörda, tid_beroende och samordning",
        )
        return
    if not section.rätt_förstått:
        yield _missing((*base, "rätt_förstått"), "bekräftelsen att behovet är rätt förstått", R5)
    berorda = section.berörda
    if berorda is None or not (berorda.avdelningar or berorda.förvaltningar):
        yield _missing((*base, "berörda"), "vilka som berörs", R5)
    if section.tid_beroende is None:
        yield _missing((*base, "tid_beroende"), "beroendet av TID (true eller false)", R5)
    if not section.samordning:
        yield _missing(
            (*base, "samordning"), "samordningen mot liknande behov i förvaltningarna", R5
        )
    tid = [p for p in map(org.person, section.tid_medverkande) if p and org.in_tid(p)]
    if not tid:
        yield R5.error(
            f"ingen från {org.tid.förkortning} deltog i grovsållningens objektiva bedömning",
            loc=(*base, "tid_medverkande"),
            hint=f"grovsållningen görs av utvecklingsteamet i samarbete med {org.tid.namn}",
        )


def _beredning(need: Behov, org: Organisation) -> Iterator[Finding]:
    section = need.beredning
    base = ("beredning",)
    if section is None:
        yield R7.error(
            "beredningen är inte dokumenterad",
            loc=base,
            hint="fyll i fördjupning, konsekvensanalys, förvaltningsperspektiv, "
            "mantimmar och medverkande",
        )
    else:
        yield from _beredning_texts(section, base)
        yield from _beredning_people(need, section.medverkande, org)
    yield from _beslutsunderlag(need)


_BEREDNING_TEXTS = {
    "fördjupning": "den fördjupade beskrivningen",
    "konsekvensanalys": "konsekvensanalysen",
    "förvaltningsperspektiv": "förvaltningsperspektivet (hur lösningen sköts i drift)",
}


def _beredning_texts(section: Beredning, base: tuple[str, ...]) -> Iterator[Finding]:
    for key, what in _BEREDNING_TEXTS.items():
        if not getattr(section, key):
            yield _missing((*base, key), what, R7)
    hours = section.mantimmar
    if hours is None:
        yield _missing((*base, "mantimmar"), "nedlagd tid (mantimmar)", R7)
    elif hours > BEREDNING_FAR_MORE_TIMMAR:
        yield R7.warning(
            f"beredningen tog {hours} mantimmar; rimlig ambition är runt {BEREDNING_NORM_TIMMAR}",
            loc=(*base, "mantimmar"),
        )


def _beredning_people(need: Behov, people: list[str], org: Organisation) -> Iterator[Finding]:
    loc = ("beredning", "medverkande")
    persons = [p for p in map(org.person, people) if p is not None]
    forum = org.forum_of_type(_UTVECKLINGSTEAM)
    # The team's members (`forum.members()`) and the verksamhet (`affected_avdelningar`)
    # asked without building their sets: every beredning a check replays asks them.
    if forum is None or not any(
        p.id == forum.ordförande or p.id in forum.ledamöter for p in persons
    ):
        yield R7.error("ingen från utvecklingsteamet har medverkat i beredningen", loc=loc)
    if not any(_verksamhet(need, p.avdelning) for p in persons):
        yield R7.error("ingen representant för verksamheten har medverkat i beredningen", loc=loc)
    if not any(org.in_tid(p) for p in persons):
        yield R7.error(
            f"ingen från {org.tid.förkortning} har medverkat i beredningen",
            loc=loc,
            hint="beredningen görs av utvecklingsteamet tillsammans med "
            f"{org.tid.namn} och verksamheten",
        )


def _beslutsunderlag(need: Behov) -> Iterator[Finding]:
    """BP3's beslutsunderlag must let the priority list weigh nytta against kostnad."""
    if need.kostnad is None:
        yield R20.error("kostnadsskattningen saknas i beslutsunderlaget", loc=("kostnad",))
    if not need.effekttyp:
        yield _missing(("effekttyp",), "effekttypen", R25)
    if need.effektomfattning is None:
        yield _missing(("effektomfattning",), "effektomfattningen", R25)


def _klart_for_start(need: Behov, org: Organisation) -> Iterator[Finding]:
    section = need.klart_för_start
    base = ("klart_för_start",)
    if section is None:
        yield R9.error(
            "förberedelserna inför start är inte dokumenterade",
            loc=base,
            hint="fyll i förutsättningar, projekttyp och projektorganisation",
        )
        return
    for index, item in enumerate(section.förutsättningar):
        if not item.klar:
            yield R9.error(
                f"förutsättningen '{item.beskrivning}' är inte klar",
                loc=(*base, "förutsättningar", index, "klar"),
            )
    if section.projekttyp is None:
        yield _missing((*base, "projekttyp"), "projekttypen", R9)
    team = section.projektorganisation
    yield from _projektorganisation(team, (*base, "projektorganisation"))
    if team is not None:
        # BP4 is a gate: the project organisation must already hold up under PPS.
        # Unknown people are reported as references, not judged again here.
        known = [p if p and org.person(p) else None for p in (team.projektägare, team.effektägare)]
        roller = Roller(known[0], known[1], tuple(team.styrgrupp))
        yield from styrgrupp_findings(roller, (*base, "projektorganisation", "styrgrupp"))
        yield from ownership_findings(roller, org, (*base, "projektorganisation"))


def _projektorganisation(
    section: Projektorganisation | None, base: tuple[str, ...]
) -> Iterator[Finding]:
    for key in ("projektägare", "effektägare", "projektledare"):
        if section is None or not getattr(section, key):
            yield R9.error(f"projektorganisationen saknar {key}", loc=(*base, key))


_CONTENT = {
    Steg.INSAMLING: _insamling,
    Steg.GROVSALLNING: _grovsallning,
    Steg.BEREDNING: _beredning,
    Steg.KLART_FOR_START: _klart_for_start,
}
