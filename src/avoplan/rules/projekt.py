"""R14–R19 (PPS roles), R22 (dependencies), R23 (goals, own procurement), R24 (classes)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from avoplan.behovsprocess.pps import Roller, ownership_findings, styrgrupp_findings
from avoplan.core.findings import Finding, Severity
from avoplan.core.rulebook import R14, R15, R16, R17, R18, R19, R22, R23, R24, enforces
from avoplan.models.common import Steg
from avoplan.models.initiativ import Initiativ
from avoplan.models.organisation import Organisation
from avoplan.models.portfolio import BEHOV, PROJEKT, Portfolio
from avoplan.models.projekt import Ledning, Projekt, Projektklass, Projektstatus
from avoplan.prioritet.beroenden import cycles, dependency_graph

# Read once: on Python 3.11 a member looked up on its enum class costs a Python call,
# and these are asked for every item.
_STARTED = frozenset({Projektstatus.PAGAENDE, Projektstatus.AVSLUTAD})
_FORVALTNINGEN = Ledning.FORVALTNINGEN


@enforces("check", R16)
def check_planned_styrgrupp(portfolio: Portfolio) -> Iterator[Finding]:
    """R16 already while the projektorganisation is being clarified in klart för start
    (past BP4, the judge holds the whole organisation to R16 and R18)."""
    loc = ("klart_för_start", "projektorganisation", "styrgrupp")
    for need in portfolio.behov.values():
        team = need.klart_för_start.projektorganisation if need.klart_för_start else None
        if team and need.steg == Steg.KLART_FOR_START:
            for finding in styrgrupp_findings(Roller(None, None, tuple(team.styrgrupp)), loc):
                yield replace(finding, file=portfolio.path(BEHOV, need.id))


@enforces("check", R14, R15, R16, R17, R18)
def check_roles(portfolio: Portfolio) -> Iterator[Finding]:
    org = portfolio.organisation
    for project in portfolio.projekt.values():
        if not _held_to_roles(project):
            continue
        file = portfolio.path(PROJEKT, project.id)
        for finding in project_role_findings(project, org):
            yield replace(finding, file=file)


@enforces("kostnad", R14, R15, R16, R17, R18)
def role_findings(item: object, org: Organisation) -> list[Finding] | None:
    """R14–R18 for a project that `check` holds to them; None when they do not apply."""
    if not isinstance(item, Projekt) or not _held_to_roles(item):
        return None
    return list(project_role_findings(item, org))


def _held_to_roles(project: Projekt) -> bool:
    return project.status.active and project.ledning == _FORVALTNINGEN


def project_role_findings(project: Projekt, org: Organisation) -> Iterator[Finding]:
    yield from _owner_roles(project)
    yield from styrgrupp_findings(_roller(project), ("styrgrupp",))
    yield from _directive(project)
    yield from _shared_ownership(project, org)


def _roller(project: Projekt) -> Roller:
    return Roller(
        project.projektägare,
        project.effektägare,
        tuple(project.styrgrupp),
        project.förvaltningsansvarig,
    )


def _owner_roles(project: Projekt) -> Iterator[Finding]:
    if not project.projektägare:
        yield R14.error(
            "projektägare saknas",
            loc=("projektägare",),
            hint="projektägaren beställer projektet och utser projektledare och styrgrupp",
        )
    if not project.projektledare:
        yield R14.error("projektledare saknas", loc=("projektledare",))
    if not project.effektägare:
        yield R15.error(
            "effektägare saknas",
            loc=("effektägare",),
            hint="effektägaren beställer resultatet och ansvarar för effektmålen",
        )


def _directive(project: Projekt) -> Iterator[Finding]:
    """R17; a project created at BP4 is planerad until its directive is written, so the
    documents are errors only once it runs."""
    running = project.status == Projektstatus.PAGAENDE
    severity = Severity.FEL if running else Severity.VARNING

    def make(message: str, loc: tuple[str, ...], hint: str | None = None) -> Finding:
        return R17.finding(severity, message, loc=loc, hint=hint)

    direktiv = project.projektdirektiv
    if direktiv is None:
        yield make(
            "projektdirektiv saknas",
            loc=("projektdirektiv",),
            hint="direktivet anger effektmål, ramar och förutsättningar",
        )
    else:
        for key in ("effektmål", "ramar", "förutsättningar"):
            if not getattr(direktiv, key):
                yield make(f"projektdirektivet saknar {key}", loc=("projektdirektiv", key))
    plan = project.projektplan
    missing = [k for k in ("vad", "hur", "vem", "när") if plan is None or not getattr(plan, k)]
    if missing:
        yield make(f"projektplanen anger inte {', '.join(missing)}", loc=("projektplan",))
    if not project.projektgrupp:
        yield make("ingen projektgrupp är utsedd", loc=("projektgrupp",))


def _shared_ownership(project: Projekt, org: Organisation) -> Iterator[Finding]:
    """R18: shared ownership, and licences and hardware budgeted by each owner."""
    yield from ownership_findings(_roller(project), org)
    yield from _budget_owners(project, org)


def _budget_owners(project: Projekt, org: Organisation) -> Iterator[Finding]:
    """R18: licences by the formal PÄ, hardware by the effektägare. An unknown person is
    reported as a reference, not again here."""
    budget = project.budgetansvar
    posts = {
        "licenser": (
            budget.licenser if budget else None,
            project.projektägare,
            "licenskostnader budgeteras av projektägaren från Kvalitet och utveckling",
        ),
        "hårdvara": (
            budget.hårdvara if budget else None,
            project.effektägare,
            "hårdvara budgeteras av effektägaren",
        ),
    }
    for key, (post, owner, message) in posts.items():
        if post and post.ansvarig != owner and org.person(post.ansvarig) is not None:
            yield R18.error(message, loc=("budgetansvar", key, "ansvarig"))


@enforces("check", R19)
def check_not_prioritised(portfolio: Portfolio) -> Iterator[Finding]:
    """R19: tracked, but never among the prioritised projects."""
    for project in portfolio.projekt.values():
        outside = project.ledning != Ledning.FORVALTNINGEN or project.digitalt_utanförskap
        if outside and project.klass in (Projektklass.STRATEGISK, Projektklass.PRIORITERAD):
            yield R19.warning(
                "projekt som leds av stadsledningskontoret eller Intraservice, och "
                "arbetet mot digitalt utanförskap, ingår inte i prioriterade projekt",
                portfolio.path(PROJEKT, project.id),
                ("klass",),
            )


@enforces("check", R22)
def check_dependencies(portfolio: Portfolio) -> Iterator[Finding]:
    """R22: no cycles, and a project does not start before what it depends on."""
    graph = dependency_graph(portfolio)
    for cycle in cycles(graph):
        first = cycle[0]
        yield R22.error(
            "beroendena bildar en cirkel: " + " → ".join([*cycle, first]),
            portfolio.item_path(first),
            ("beroenden",),
        )
    for project in portfolio.projekt.values():
        yield from _starts_too_early(project, portfolio)


def _starts_too_early(project: Projekt, portfolio: Portfolio) -> Iterator[Finding]:
    if project.status not in _STARTED:
        return
    for index, dep_id in enumerate(project.beroenden):
        dep = portfolio.projekt.get(dep_id)
        started = dep is not None and dep.status in _STARTED
        if dep_id in portfolio.behov or (dep is not None and not started):
            yield R22.error(
                f"projektet har startat före {dep_id}, som det beror på",
                portfolio.path(PROJEKT, project.id),
                ("beroenden", index),
            )
        elif dep and dep.start and project.start and project.start < dep.start:
            yield R22.error(
                f"projektet startar {project.start} men {dep_id} först {dep.start}",
                portfolio.path(PROJEKT, project.id),
                ("start",),
            )


@enforces("check", R23)
def check_goals(portfolio: Portfolio) -> Iterator[Finding]:
    """R23: goals exist in the plan; a single unit does not procure its own solution."""
    numbers = {m.nummer for m in portfolio.plan.prioriterade_mål}
    for item_id, item in _items(portfolio):
        for index, goal in enumerate(item.mål):
            if goal not in numbers:
                yield R23.error(
                    f"prioriterat mål {goal} finns inte i planen",
                    portfolio.item_path(item_id),
                    ("mål", index),
                    hint=f"planens mål: {sorted(numbers)}",
                )
    for project in portfolio.projekt.values():
        if project.enskild_enhet_upphandlar and project.status.active:
            yield R23.error(
                "enskilda enheter får inte upphandla egna digitala lösningar",
                portfolio.path(PROJEKT, project.id),
                ("enskild_enhet_upphandlar",),
                hint="lyft behovet som en konceptlösning för förvaltningen",
            )


def _items(portfolio: Portfolio) -> Iterator[tuple[str, Initiativ]]:
    yield from portfolio.behov.items()
    yield from portfolio.projekt.items()


@enforces("check", R24)
def check_classes(portfolio: Portfolio) -> Iterator[Finding]:
    """R24: strategiska have their own budget; önskvärda share the styrgrupp's pool."""
    for project in portfolio.projekt.values():
        file = portfolio.path(PROJEKT, project.id)
        if project.klass == Projektklass.STRATEGISK and project.budget_kkr is None:
            yield R24.warning(
                "strategiska projekt har egen budget; budget_kkr saknas", file, ("budget_kkr",)
            )
        if project.klass == Projektklass.ONSKVARD and project.budget_kkr is not None:
            yield R24.warning(
                "önskvärda projekt har ingen individuell budget; styrgruppen "
                "prioriterar en gemensam pott",
                file,
                ("budget_kkr",),
            )


CHECKS = (
    check_roles,
    check_planned_styrgrupp,
    check_not_prioritised,
    check_dependencies,
    check_goals,
    check_classes,
)
