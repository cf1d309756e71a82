"""The one judge of a project's move between the phases of the projektmodell (R36, R37).

`advance PRJ-… --to FAS` asks `judge` before it writes a phase decision; `check` replays
every recorded phase decision through the same function, each with the phase the project
stood in then and the date of the decision before. Pure: models in, findings out.

The styrgrupp "godkänner projektets dokumentation och förflyttning i faser" and is led by
the projektägare, who is "ytterst ansvarig för att godkänna ... förflyttning i faser": so
the projektägare records the decision, and the members who took part are the styrgrupp's.
Who decided is judged when the decision is taken (`advance`), against the roles then;
`verify` keeps a recorded decision from being edited afterwards, so a later change of
projektägare does not make an earlier decision wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from avoplan.core.findings import Finding
from avoplan.core.rulebook import R2, R14, R17, R36, R37, Rule, enforces
from avoplan.core.text import join_sv
from avoplan.models.organisation import Organisation
from avoplan.models.projekt import Projekt
from avoplan.models.projektmodell import Beslutsfattare, Dokument, Fas, Projektmodell, Roll
from avoplan.models.projektstyrning import Fasbeslut

CLOSE_WITHOUT_SLUTRAPPORT = "projektet avslutas inte utan slutrapport"


@dataclass(frozen=True)
class FasFacts:
    """What judging a phase decision may consult: the project (its documents and roles
    as they stand), the projektmodell, the phase it stood in and the decision before."""

    project: Projekt
    modell: Projektmodell
    state: str
    previous: date | None = None
    org: Organisation | None = None  # given: who decided is judged too (advance)


def current_phase(project: Projekt, modell: Projektmodell) -> str | None:
    """The phase `project` stands in: its `fas`, else the first phase whose status is
    the project's (a project from before the projektmodell), else the first phase."""
    if project.fas:
        return project.fas
    matching = [f.id for f in modell.faser if f.status == project.status]
    if matching:
        return matching[0]
    return modell.faser[0].id if modell.faser else None


@enforces("advance", R2, R14, R17, R36, R37)
@enforces("check", R2, R17, R36, R37)
def judge(beslut: Fasbeslut, facts: FasFacts) -> list[Finding]:
    """Every reason `beslut` may not be (or may not have been) taken; empty when it may."""
    modell = facts.modell
    if not modell.faser:
        return [
            R36.error(
                "projektmodell.yaml anger inga faser",
                hint="lägg faserna i projektmodell.yaml (se 'avoplan init')",
            )
        ]
    found: list[Finding] = []
    från, till = modell.fas(beslut.från), modell.fas(beslut.till)
    names = join_sv([f.id for f in modell.faser])
    if till is None:
        return [R36.error(f"okänd fas '{beslut.till}'", loc=("till",), hint=f"faser: {names}")]
    if beslut.från != facts.state or från is None:
        found.append(
            R36.error(f"projektet står i fasen {facts.state}, inte {beslut.från}", loc=("från",))
        )
        return found
    following = modell.after(från.id)
    if following is None or following.id != till.id:
        next_word = f"nästa fas är {following.id}" if following else f"{från.id} är sista fasen"
        found.append(
            R36.error(
                f"projektet flyttas en fas i taget: från {från.id} till {till.id} "
                f"hoppar över faser ({next_word})",
                loc=("till",),
            )
        )
    if facts.previous is not None and beslut.datum < facts.previous:
        found.append(
            R2.error(
                f"beslutet är daterat {beslut.datum}, före projektets förra fasbeslut "
                f"({facts.previous})",
                loc=("datum",),
            )
        )
    found += leaving(från, facts.project)
    if facts.org is not None:
        found += decider_findings(beslut, modell.decider(från), facts.project, facts.org)
    return found


def leaving(fas: Fas, project: Projekt) -> list[Finding]:
    """What the project lacks to leave `fas`."""
    krav = fas.lämnas_när
    found = [
        _rule_of(doc).error(
            f"{doc.value} saknas för att lämna fasen {fas.id}"
            if doc != Dokument.SLUTRAPPORT
            else f"{CLOSE_WITHOUT_SLUTRAPPORT}: slutrapport saknas för att lämna fasen {fas.id}",
            loc=(),
            hint=_hint(doc, project.id),
        )
        for doc in krav.dokument
        if not has_document(project, doc)
    ]
    missing = [r.value for r in krav.utsedda if not _appointed(project, r)]
    if missing:
        found.append(
            R17.error(
                f"{join_sv(missing, 'och')} ska vara "
                f"{'utsedda' if len(missing) > 1 else 'utsedd'} för att lämna fasen {fas.id}",
                hint="ange dem i projektfilen ('avoplan set')",
            )
        )
    direktiv = project.projektdirektiv
    if krav.effektmål and not (direktiv and direktiv.effektmål):
        found.append(
            R17.error(
                f"projektdirektivet anger inga effektmål; de ska finnas för att lämna fasen "
                f"{fas.id}"
            )
        )
    return found


def has_document(project: Projekt, doc: Dokument) -> bool:
    if doc == Dokument.PROJEKTDIREKTIV:
        d = project.projektdirektiv
        return d is not None and bool(d.effektmål and d.ramar and d.förutsättningar)
    if doc == Dokument.PROJEKTPLAN:
        p = project.projektplan
        return p is not None and all((p.vad, p.hur, p.vem, p.när))
    if doc == Dokument.LAGESRAPPORT:
        return bool(project.lägesrapporter)
    return project.slutrapport is not None


def _rule_of(doc: Dokument) -> Rule:
    return R37 if doc in (Dokument.LAGESRAPPORT, Dokument.SLUTRAPPORT) else R17


def _hint(doc: Dokument, project_id: str) -> str:
    if doc == Dokument.LAGESRAPPORT:
        return f"'avoplan lägesrapport {project_id} --tid … --kostnad … --omfattning …'"
    if doc == Dokument.SLUTRAPPORT:
        return (
            f"'avoplan set {project_id} slutrapport.datum=ÅÅÅÅ-MM-DD "
            'slutrapport.sammanfattning="…"\''
        )
    if doc == Dokument.PROJEKTDIREKTIV:
        return "projektdirektivet anger effektmål, ramar och förutsättningar"
    return "projektplanen anger vad, hur, vem och när"


def _appointed(project: Projekt, roll: Roll) -> bool:
    value = {
        Roll.PROJEKTAGARE: project.projektägare,
        Roll.EFFEKTAGARE: project.effektägare,
        Roll.PROJEKTLEDARE: project.projektledare,
        Roll.STYRGRUPP: project.styrgrupp,
        Roll.PROJEKTGRUPP: project.projektgrupp,
    }[roll]
    return bool(value)


def decider_findings(
    beslut: Fasbeslut, who: Beslutsfattare, project: Projekt, org: Organisation
) -> list[Finding]:
    """R36, R14: the projektägare records the move, for the styrgrupp they lead (whose
    members are the ones who took part) or alone."""
    owner = project.projektägare
    if owner is None:
        return [
            R14.error("projektet har ingen projektägare som kan besluta om förflyttning i faser")
        ]
    found: list[Finding] = []
    if beslut.beslutad_av != owner:
        person = org.person(owner)
        decider = org.person(beslut.beslutad_av)
        body = (
            "styrgruppen, ledd av projektägaren"
            if who == Beslutsfattare.STYRGRUPP
            else "projektägaren"
        )
        found.append(
            R36.error(
                f"{decider.namn if decider else beslut.beslutad_av} kan inte besluta om "
                f"förflyttning i faser: det gör {body} "
                f"({person.namn if person else owner})",
                loc=("beslutad_av",),
                hint=f"--beslutad-av {owner}",
            )
        )
    if who == Beslutsfattare.STYRGRUPP:
        members = {*project.styrgrupp, owner}
        outside = [p for p in beslut.deltagare if p not in members]
        if outside:
            found.append(
                R36.error(
                    f"{join_sv(outside, 'och')} ingår inte i projektets styrgrupp",
                    loc=("deltagare",),
                )
            )
    return found


def role_of(who: Beslutsfattare) -> str:
    if who == Beslutsfattare.STYRGRUPP:
        return "projektägare, ordförande i styrgruppen"
    return "projektägare"
