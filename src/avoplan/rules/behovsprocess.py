"""R1–R13 on what is recorded: every decision of every need replayed through the one
judge (`behovsprocess.beslut.judge`), each with the facts as they stood when it was taken,
and the links between needs and their projects."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path

from avoplan.behovsprocess.beslut import Verdict, judge
from avoplan.behovsprocess.fakta import Facts
from avoplan.behovsprocess.mandat import Context
from avoplan.behovsprocess.memo import Memo
from avoplan.behovsprocess.steg import passed_bp4, started_on
from avoplan.core.findings import Finding
from avoplan.core.rulebook import R2, R10, R13, enforces
from avoplan.models.behov import Behov
from avoplan.models.common import Steg
from avoplan.models.initiativ import Beslut
from avoplan.models.portfolio import BEHOV, PROJEKT, Portfolio

Replay = Callable[[Sequence[Path], str, Callable[[], list[Finding]]], list[Finding]]
"""A memo of earlier replays, given by the caller (the cache): `replay(files, derived,
compute)` hands back what `compute()` found when last called with the same inputs, else
calls it. `files` are the files of the items the replay reads (the item's own first),
`derived` every other input that belongs to this item alone, as text; what every item
reads alike (the organisation and its history, the delegationsordning, the meetings, the
systems, the projektmodell, the day, the code) is the memo's to cover."""

# Read once: on Python 3.11 a member looked up on its enum class costs a Python call,
# and these are asked for every item.
_INSAMLING, _PROJEKT = Steg.INSAMLING, Steg.PROJEKT


@enforces("check", R2)
def check_needs(
    portfolio: Portfolio, replay: Replay | None = None, needs: Sequence[Behov] | None = None
) -> Iterator[Finding]:
    """Every need's decisions replayed (or only `needs`', in their order)."""
    systems = tjanstesystem(portfolio)  # the same for every need: found once
    memo = Memo()  # the judge's mandate parts, shared by every need's decisions
    for need in portfolio.behov.values() if needs is None else needs:
        if replay is None:
            found: Iterator[Finding] | list[Finding] = need_findings(
                need, portfolio, systems=systems, memo=memo
            )
        else:
            found = _replayed(need, portfolio, replay, systems, memo)
        file = None  # named only for a finding: most needs have none
        for finding in found:
            file = file or portfolio.path(BEHOV, need.id)
            yield finding.at(file=file)


def _replayed(
    need: Behov, portfolio: Portfolio, replay: Replay, systems: dict[str, str], memo: Memo
) -> list[Finding]:
    """`need_findings` through the memo: the need's file, its linked projects' files and
    its dependencies' starts are what is its own."""
    starts = dependency_starts(need, portfolio)
    linked = [portfolio.path(PROJEKT, project) for project in need.projekt]
    return replay(
        (portfolio.path(BEHOV, need.id), *linked),
        repr(list(starts.items())),
        lambda: list(need_findings(need, portfolio, starts, systems=systems, memo=memo)),
    )


def need_findings(
    need: Behov,
    portfolio: Portfolio,
    starts: dict[str, date | None] | None = None,
    *,
    systems: dict[str, str] | None = None,
    memo: Memo | None = None,
) -> Iterator[Finding]:
    """Each decision judged in order (`verdicts`); the content every forward move
    required, once."""
    state = _INSAMLING
    content: dict[Finding, None] = {}
    for index, beslut, verdict in verdicts(need, portfolio, starts, systems=systems, memo=memo):
        # Unknown ids the judgement needs are reported by the reference checks.
        if verdict.decision:  # most decisions: none, and no generator made for them
            yield from (finding.at(loc=("beslut", index)) for finding in verdict.decision)
        if verdict.content:
            content.update(dict.fromkeys(verdict.content))
        state = beslut.till
    if need.steg != state:
        yield R2.error(
            f"steg är '{need.steg.value}' men besluten leder till '{state.value}'",
            loc=("steg",),
            hint="flytta behov med 'avoplan advance' så att beslutet registreras",
        )
    yield from content


def verdicts(
    need: Behov,
    portfolio: Portfolio,
    starts: dict[str, date | None] | None = None,
    *,
    systems: dict[str, str] | None = None,
    memo: Memo | None = None,
) -> Iterator[tuple[int, Beslut, Verdict]]:
    """Each decision of `need` judged in order, against the organisation in force on its
    date, with the step and the decision before it. `memo` is the judge's over a run of
    replays (`behovsprocess.memo`)."""
    projects = portfolio.linked_projects(need)
    if starts is None:
        starts = dependency_starts(need, portfolio)
    if systems is None:
        systems = tjanstesystem(portfolio)
    state, previous = _INSAMLING, None
    ctx: Context | None = None
    for index, beslut in enumerate(need.beslut):
        org = portfolio.organisation_at(beslut.datum)
        if ctx is None or ctx.org is not org:  # one Context while the organisation holds
            ctx = Context(need, org, projects)
        facts = Facts(
            ctx,
            portfolio.delegationsordning,
            state,
            previous,
            today=portfolio.today,
            meetings=portfolio.möten,
            starts=starts,
            tjänstesystem=systems,
        )
        yield index, beslut, judge(beslut, facts, memo)
        state, previous = beslut.till, beslut.datum


def tjanstesystem(portfolio: Portfolio) -> dict[str, str]:
    """R33: the systems under tjänsteförvaltning, id -> namn."""
    return {s.id: s.namn for s in portfolio.system.values() if s.tjänsteförvaltning}


def dependency_starts(need: Behov, portfolio: Portfolio) -> dict[str, date | None]:
    found: dict[str, date | None] = {}
    for dependency in need.beroenden:
        item = portfolio.item(dependency)
        if item is not None:
            found[dependency] = started_on(item)
    return found


@enforces("check", R10)
def check_links(portfolio: Portfolio) -> Iterator[Finding]:
    """R10: a need handed over and its project point at each other."""
    for need in portfolio.behov.values():
        if not need.projekt and need.steg != _PROJEKT:
            continue  # most needs: nothing to link (what `_need_links` would find)
        for finding in _need_links(need, portfolio):
            yield finding.at(file=portfolio.path(BEHOV, need.id))
    for project in portfolio.projekt.values():
        origin = portfolio.behov.get(project.behov or "")
        if origin is not None and project.id not in origin.projekt:
            yield R10.error(
                f"{origin.id} pekar inte ut {project.id} under 'projekt'",
                portfolio.path(PROJEKT, project.id),
                ("behov",),
                hint=f"lägg till {project.id} i {origin.id}:s lista 'projekt'",
            )


def _need_links(need: Behov, portfolio: Portfolio) -> Iterator[Finding]:
    if need.steg == Steg.PROJEKT and not need.projekt:
        yield R10.error(
            "behovet har lämnats över till projekt men pekar inte ut något projekt",
            loc=("projekt",),
        )
    for index, project_id in enumerate(need.projekt):
        project = portfolio.projekt.get(project_id)
        if project is not None and project.behov != need.id:
            yield R10.error(
                f"{project_id} pekar inte tillbaka på {need.id}", loc=("projekt", index)
            )


@enforces("check", R13)
def check_traceability(portfolio: Portfolio) -> Iterator[Finding]:
    """R13: an active project of the förvaltning traces back to a need that passed BP4."""
    for project in portfolio.projekt.values():
        if not (project.status.active and project.prioritised):
            continue
        if project.behov and project.behov not in portfolio.behov:
            continue  # an unknown or unreadable need is reported on its own
        need = portfolio.behov.get(project.behov or "")
        if need is None or not passed_bp4(need.beslut):
            yield R13.warning(
                "projektet går inte att spåra till ett behov som passerat beslutspunkt 4",
                portfolio.path(PROJEKT, project.id),
                ("behov",),
                hint="allt digitaliseringsarbete ska gå via Behovsprocessen",
            )


CHECKS = (check_needs, check_links, check_traceability)
