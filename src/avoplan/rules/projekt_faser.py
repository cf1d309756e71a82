"""R36 (phase decisions), R37 (lägesrapporter, slutrapport, risks) and R38 (samverkan)
over the projects of a portfolio.

Every recorded phase decision is replayed through `behovsprocess.faser.judge`, the judge
`advance PRJ-…` asks, with the phase the project stood in then. Risks have no rule of
their own in RULES.md: they belong to the projektledare's "löpande statusrapporter" and
the styrgrupp's "säkerställa att projektet når uppsatta mål", so they are judged under R37.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from functools import partial

from avoplan.behovsprocess.faser import FasFacts, judge
from avoplan.core.findings import Finding
from avoplan.core.rulebook import R36, R37, R38, enforces
from avoplan.core.text import join_sv
from avoplan.models.portfolio import PROJEKT, Portfolio
from avoplan.models.projekt import Ledning, Projekt, Projektstatus
from avoplan.models.projektmodell import Projektmodell
from avoplan.models.projektstyrning import Riskstatus
from avoplan.rules.behovsprocess import Replay

# Read once: on Python 3.11 a member looked up on its enum class costs a Python call,
# and these are asked for every item.
_PAGAENDE, _FORVALTNINGEN = Projektstatus.PAGAENDE, Ledning.FORVALTNINGEN


@enforces("check", R36)
def check_phases(portfolio: Portfolio, replay: Replay | None = None) -> Iterator[Finding]:
    """Each recorded phase decision replayed; the project stands where the last one put it.
    With `replay` (the cache's memo), a project whose file is unchanged is not replayed
    again (the projektmodell is among what the memo covers for every item)."""
    modell = portfolio.projektmodell
    for project in portfolio.projekt.values():
        if not project.fasbeslut and project.fas is None:
            continue
        file = portfolio.path(PROJEKT, project.id)
        if replay is None:
            found: Iterator[Finding] | list[Finding] = phase_findings(project, modell)
        else:
            found = replay((file,), "", partial(_phase_list, project, modell))
        for finding in found:
            yield finding.at(file=file)


def _phase_list(project: Projekt, modell: Projektmodell) -> list[Finding]:
    return list(phase_findings(project, modell))


def phase_findings(project: Projekt, modell: Projektmodell) -> Iterator[Finding]:
    """One project's phase decisions replayed in order (unplaced: the caller names the
    project's file)."""
    if project.fas is not None and modell.faser and modell.fas(project.fas) is None:
        yield R36.error(
            f"okänd fas '{project.fas}' (projektmodell.yaml)",
            loc=("fas",),
            hint=f"faser: {join_sv([f.id for f in modell.faser])}",
        )
    state = project.fasbeslut[0].från if project.fasbeslut else None
    previous = None
    for index, beslut in enumerate(project.fasbeslut):
        facts = FasFacts(project, modell, state or beslut.från, previous)
        for finding in judge(beslut, facts):
            yield finding.at(loc=("fasbeslut", index))
        state, previous = beslut.till, beslut.datum
    if project.fasbeslut and project.fas != state:
        yield R36.error(
            f"projektet står i fasen {project.fas or '(ingen)'} men det senaste "
            f"fasbeslutet flyttade det till {state}; fasen ändras bara genom beslut",
            loc=("fas",),
            hint=f"'avoplan advance {project.id} --to FAS'",
        )


def _reported(project: Projekt) -> bool:
    """Held to the projektledare's reports: running and led by the förvaltning (R19)."""
    return project.status == _PAGAENDE and project.ledning == _FORVALTNINGEN


@enforces("check", R37)
def check_report_cadence(portfolio: Portfolio) -> Iterator[Finding]:
    """A running project's last lägesrapport is no older than the projektmodell's cadence."""
    days = portfolio.projektmodell.lägesrapport_intervall_dagar
    limit = portfolio.today - timedelta(days=days)
    for project in portfolio.projekt.values():
        if not _reported(project):
            continue
        file = portfolio.path(PROJEKT, project.id)
        hint = f"'avoplan lägesrapport {project.id} --tid … --kostnad … --omfattning …'"
        if project.lägesrapporter:
            last = max(r.datum for r in project.lägesrapporter)
            if last < limit:
                yield R37.warning(
                    f"senaste lägesrapporten är från {last}, äldre än {days} dagar",
                    file,
                    ("lägesrapporter",),
                    hint=hint,
                )
        elif project.start is None or project.start < limit:
            yield R37.warning(
                "pågående projekt utan lägesrapport (projektledaren ansvarar för löpande "
                "statusrapporter)",
                file,
                ("status",),
                hint=hint,
            )


@enforces("check", R37)
def check_risks(portfolio: Portfolio) -> Iterator[Finding]:
    """An open high risk has an ägare and an åtgärd; an ägare is a known person."""
    org = portfolio.organisation
    for project in portfolio.projekt.values():
        file = portfolio.path(PROJEKT, project.id)
        for index, risk in enumerate(project.risker):
            loc = ("risker", index)
            if risk.ägare and org.person(risk.ägare) is None:
                yield R37.error(f"okänd person '{risk.ägare}'", file, (*loc, "ägare"))
            if risk.status != Riskstatus.OPPEN or not risk.high:
                continue
            missing = [w for w, v in (("ägare", risk.ägare), ("åtgärd", risk.åtgärd)) if not v]
            if missing:
                yield R37.warning(
                    f"hög risk ({risk.sannolikhet.value} sannolikhet, "
                    f"{risk.konsekvens.value} konsekvens) utan {join_sv(missing, 'och')}",
                    file,
                    (*loc, missing[0]),
                )


@enforces("check", R38)
def check_samverkan(portfolio: Portfolio) -> Iterator[Finding]:
    """The effektägare "ansvarar för samverkansprocesserna, med stöd av HR i linjen": a
    running project records its samverkan, held by its effektägare."""
    org = portfolio.organisation
    for project in portfolio.projekt.values():
        file = portfolio.path(PROJEKT, project.id)
        for index, samverkan in enumerate(project.samverkan):
            who = samverkan.ansvarig
            if who and org.person(who) is None:
                yield R38.error(f"okänd person '{who}'", file, ("samverkan", index, "ansvarig"))
            elif who and project.effektägare and who != project.effektägare:
                yield R38.warning(
                    "samverkansprocesserna är effektägarens ansvar "
                    f"({project.effektägare}), inte {who}",
                    file,
                    ("samverkan", index, "ansvarig"),
                )
        if _reported(project) and project.effektägare and not project.samverkan:
            yield R38.warning(
                "projektet anger ingen samverkan; effektägaren ansvarar för samverkansprocesserna",
                file,
                ("samverkan",),
                hint=f"'avoplan set {project.id} samverkan+=…' eller redigera filen",
            )


CHECKS = (check_phases, check_report_cadence, check_risks, check_samverkan)
