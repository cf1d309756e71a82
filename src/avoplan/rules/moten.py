"""R31–R32 on the meetings themselves (möten/): a meeting of a known forum with known
people, its dagordning numbered once per paragraph, its protokoll justerat by people who
attended on or after the day; and each forum meeting as often as its kadens says.

Whether a decision that names a meeting was taken there is the judge's (R31 in
`behovsprocess.beslut.meeting_findings`), so `advance` and `check` agree."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

from avoplan.core.findings import Finding, Loc
from avoplan.core.rulebook import R31, R32, enforces
from avoplan.core.text import join_sv
from avoplan.models.mote import Mote
from avoplan.models.organisation import Forum, Organisation, Period
from avoplan.models.portfolio import MOTE, ORGANISATION, Portfolio

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


@enforces("check", R31)
def check_meetings(portfolio: Portfolio) -> Iterator[Finding]:
    org = portfolio.organisation
    for möte in portfolio.möten.values():
        file = portfolio.path(MOTE, möte.id)
        for finding in _meeting(möte, org):
            yield finding.at(file=file)


def _meeting(möte: Mote, org: Organisation) -> Iterator[Finding]:
    if org.forum_by_id(möte.forum) is None:
        yield R31.error(f"okänt forum '{möte.forum}'", loc=("forum",))
    for loc, person in _people(möte):
        if org.person(person) is None:
            yield R31.error(f"okänd person '{person}'", loc=loc)
    numbers = Counter(p.nummer for p in möte.dagordning)
    for index, punkt in enumerate(möte.dagordning):
        if numbers[punkt.nummer] > 1:
            yield R31.error(
                f"§ {punkt.nummer} finns mer än en gång på dagordningen",
                loc=("dagordning", index, "nummer"),
            )
    yield from _justering(möte)


def _people(möte: Mote) -> Iterator[tuple[Loc, str]]:
    for name in ("ordförande", "registrator"):
        value = getattr(möte, name)
        if value:
            yield (name,), value
    for name in ("kallade", "närvarande"):
        yield from (((name, i), p) for i, p in enumerate(getattr(möte, name)))
    for index, punkt in enumerate(möte.dagordning):
        if punkt.föredragande:
            yield ("dagordning", index, "föredragande"), punkt.föredragande
    if möte.justering:
        yield from (
            (("justering", "justerare", i), p) for i, p in enumerate(möte.justering.justerare)
        )


def _justering(möte: Mote) -> Iterator[Finding]:
    justering = möte.justering
    if justering is None:
        return
    if justering.datum < möte.datum:
        yield R31.error(
            f"protokollet justerades {justering.datum}, före mötet {möte.datum}",
            loc=("justering", "datum"),
        )
    if not möte.närvarande:
        yield R31.error(
            "protokollet är justerat men närvaron är inte registrerad", loc=("närvarande",)
        )
    absent = [p for p in justering.justerare if möte.närvarande and p not in möte.närvarande]
    if absent:
        yield R31.error(
            f"{join_sv(absent, 'och')} justerade men var inte närvarande",
            loc=("justering", "justerare"),
        )


@enforces("check", R32)
def check_cadence(portfolio: Portfolio, today: date | None = None) -> Iterator[Finding]:
    """R32: per forum with a kadens, the complete periods since its first recorded meeting
    that had fewer meetings than the kadens; one warning per forum, on organisation.yaml."""
    when = today or portfolio.today
    org = portfolio.organisation
    days: dict[str, list[date]] = {}
    for möte in portfolio.möten.values():
        days.setdefault(möte.forum, []).append(möte.datum)
    for index, forum in enumerate(org.forum):
        if forum.kadens is None or forum.id not in days:
            continue
        short = _short_periods(forum, sorted(days[forum.id]), when)
        if short:
            yield R32.warning(
                f"{forum.namn} ska mötas minst {forum.kadens.minst} gång(er) per "
                f"{forum.kadens.per.value} men har färre möten registrerade i "
                f"{join_sv(short, 'och')}",
                portfolio.path(ORGANISATION),
                ("forum", index, "kadens"),
                hint="registrera mötena i möten/ med 'avoplan möte ny'",
            )


def _short_periods(forum: Forum, days: list[date], today: date) -> list[str]:
    assert forum.kadens is not None
    per_month = forum.kadens.per == Period.MANAD
    count = Counter((d.year, d.month if per_month else 0) for d in days)
    first = days[0]
    periods: list[tuple[int, int]] = []
    year, month = first.year, first.month if per_month else 0
    while (year, month) < ((today.year, today.month) if per_month else (today.year, 0)):
        periods.append((year, month))
        year, month = (year + month // 12, month % 12 + 1) if per_month else (year + 1, 0)
    return [
        f"{MONTHS[m - 1]} {y}" if m else str(y)
        for y, m in periods
        if count[(y, m)] < forum.kadens.minst
    ]


CHECKS = (check_meetings, check_cadence)
