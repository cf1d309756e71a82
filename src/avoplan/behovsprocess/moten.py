"""A decision against the meeting it names (R31): same forum and date, its paragraph on
the dagordning, its deciders present, the meeting beslutfört, the protokoll not changed
after justering; and an organ's protokoll names its paragraph (§ N). Asked by the one
judge, `beslut.judge`, so `advance` and `check` agree."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from avoplan.behovsprocess.mandat import (
    Context,
)
from avoplan.core.findings import Finding
from avoplan.core.rulebook import (
    R31,
    enforces,
)
from avoplan.core.text import join_sv
from avoplan.models.delegation import Delegationsordning, Mandat
from avoplan.models.initiativ import Beslut
from avoplan.models.mote import Mote, Punkttyp
from avoplan.models.organisation import Organisation

if TYPE_CHECKING:
    from avoplan.behovsprocess.fakta import Facts

_PARAGRAPH = re.compile(r"§\s*\d+")


def has_paragraph(protokoll: str) -> bool:
    """Whether a protokoll reference names its paragraph ('STY-2025-05 § 4')."""
    return _PARAGRAPH.search(protokoll) is not None


def count_sv(number: int) -> str:
    words = ("noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio")
    return words[number] if number < len(words) else str(number)


def preliminary_note(rules: Delegationsordning) -> str:
    known = rules.beslutförhet
    return " (preliminär beslutförhet i delegationsordningen)" if known and known.preliminär else ""


@enforces("advance", R31)
@enforces("check", R31)
def meeting_findings(beslut: Beslut, mandat: Mandat, ctx: Context, facts: Facts) -> list[Finding]:
    """R31: a decision that names its meeting was taken there: same forum and date, a
    decision paragraph about this need on the dagordning, its deciders present, the
    meeting beslutfört, and the protokoll not changed after justering."""
    if beslut.möte is None:
        return (
            [R31.error("paragraf utan möte; ange mötet", loc=("möte",))]
            if beslut.paragraf is not None
            else []
        )
    möte = facts.meetings.get(beslut.möte)
    if möte is None:
        return [
            R31.error(
                f"mötet '{beslut.möte}' finns inte i möten/",
                loc=("möte",),
                hint="skapa det med 'avoplan möte ny'",
            )
        ]
    found = [
        R31.error(message, loc=loc)
        for message, loc in (
            *_meeting_facts(beslut, möte, ctx),
            *_attendance(beslut, mandat, möte, ctx),
        )
    ]
    found += _paragraph_findings(beslut, möte, ctx)
    if mandat.organ:
        found += _quorum(möte, ctx, facts.delegationsordning)
    return found


def _meeting_facts(beslut: Beslut, möte: Mote, ctx: Context) -> list[tuple[str, tuple[str, ...]]]:
    found: list[tuple[str, tuple[str, ...]]] = []
    if beslut.forum != möte.forum:
        forum = ctx.org.forum_by_id(möte.forum)
        found.append(
            (
                f"mötet {möte.id} hölls i {forum.namn if forum else möte.forum}, inte "
                f"i {beslut.forum or 'inget forum'}",
                ("forum",),
            )
        )
    if beslut.datum != möte.datum:
        found.append(
            (f"mötet {möte.id} hölls {möte.datum}; beslutet är daterat {beslut.datum}", ("datum",))
        )
    return found


def _attendance(
    beslut: Beslut, mandat: Mandat, möte: Mote, ctx: Context
) -> list[tuple[str, tuple[str, ...]]]:
    if not möte.närvarande:
        return [(f"närvaron på mötet {möte.id} är inte registrerad", ("möte",))]
    present = set(möte.närvarande)
    found: list[tuple[str, tuple[str, ...]]] = []
    absent = [p for p in beslut.deltagare if p not in present]
    if absent:
        found.append(
            (
                f"{join_sv(_names(absent, ctx.org), 'och')} var inte närvarande på mötet {möte.id}",
                ("deltagare",),
            )
        )
    recorders = present | ({möte.registrator} if mandat.organ and möte.registrator else set())
    if beslut.beslutad_av not in recorders:
        found.append(
            (
                f"{join_sv(_names([beslut.beslutad_av], ctx.org), 'och')} var inte "
                f"närvarande på mötet {möte.id}",
                ("beslutad_av",),
            )
        )
    return found


def _paragraph_findings(beslut: Beslut, möte: Mote, ctx: Context) -> list[Finding]:
    if beslut.paragraf is None:
        return [
            R31.error(
                f"paragraf saknas; beslutet ska peka på en paragraf på mötets "
                f"dagordning ({möte.id})",
                loc=("paragraf",),
            )
        ]
    punkt = möte.paragraf(beslut.paragraf)
    if punkt is None:
        return [
            R31.error(
                f"§ {beslut.paragraf} finns inte på dagordningen för mötet {möte.id}",
                loc=("paragraf",),
                hint="nominera ärendet och lägg till paragrafen före mötet",
            )
        ]
    found = []
    if punkt.typ != Punkttyp.BESLUT:
        found.append(
            R31.error(
                f"§ {punkt.nummer} på mötet {möte.id} är en informationspunkt, inget beslutsärende",
                loc=("paragraf",),
            )
        )
    if punkt.avser and punkt.avser != ctx.need.id:
        found.append(
            R31.error(
                f"§ {punkt.nummer} på mötet {möte.id} avser {punkt.avser}, inte {ctx.need.id}",
                loc=("paragraf",),
            )
        )
    if möte.justering is not None and not punkt.utfall:
        found.append(
            R31.error(
                f"protokollet för mötet {möte.id} justerades {möte.justering.datum} utan utfall "
                f"för § {punkt.nummer}; ett justerat protokoll ändras inte",
                loc=("möte",),
            )
        )
    return found


def _quorum(möte: Mote, ctx: Context, rules: Delegationsordning) -> list[Finding]:
    forum = ctx.org.forum_by_id(möte.forum)
    if forum is None or rules.beslutförhet is None or not möte.närvarande:
        return []
    present = [p for p in möte.närvarande if p in forum.members()]
    needed = rules.beslutförhet.minimum(forum.id)
    if len(present) >= needed:
        return []
    return [
        R31.error(
            f"mötet {möte.id} var inte beslutfört: {len(present)} av "
            f"{forum.namn}s ledamöter närvarande, delegationsordningen kräver minst "
            f"{needed}{preliminary_note(rules)}",
            loc=("möte",),
        )
    ]


def _names(ids: list[str], org: Organisation) -> list[str]:
    return [person.namn if (person := org.person(pid)) else pid for pid in ids]
