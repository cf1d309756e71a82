"""The portföljrapport (R37): every running project's latest lägesrapport, what changed
since a month before, and the open risks ranked, all from the project files.

The digitaliseringsråd's "Deltagarna har koll på pågående projekt" and the projektledare's
"löpande statusrapporter" meet here; the kallelse to the råd shows the same state table.
Pure: the portfolio in, tables out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from avoplan.core.rulebook import R37, enforces
from avoplan.documents.base import Column, Source, Table, meta, person_name, table
from avoplan.documents.layout import Bullets, ListItem, Paragraph, Section, section
from avoplan.models.portfolio import Portfolio
from avoplan.models.projekt import Projekt, Projektstatus
from avoplan.models.projektstyrning import Lagesrapport, Risk, Riskstatus

SIGNALS = ("tid", "kostnad", "omfattning")


@enforces("render", R37)
def build(source: Source) -> dict[str, Any]:
    portfolio = source.portfolio
    as_of = source.as_of
    since = month_before(as_of)
    sections = [
        section(
            "Läget i pågående projekt",
            2,
            Paragraph(
                f"Varje pågående projekts senaste lägesrapport per {as_of.isoformat()}. "
                "Tid, kostnad och omfattning bedöms som grön, gul eller röd av projektledaren."
            ),
            state_table(portfolio, as_of),
            anchor_id="lage",
        ),
        section(
            f"Förändringar sedan {since.isoformat()}",
            2,
            *changes_parts(portfolio, since, as_of),
            anchor_id="forandringar",
        ),
        section(
            "Öppna risker",
            2,
            Paragraph(
                "Öppna risker i alla projekt, högst värde först (sannolikhet × konsekvens, "
                "låg = 1, medel = 2, hög = 3). Skalan är avoplans antagande; planen anger "
                "ingen."
            ),
            risk_table(portfolio),
            anchor_id="risker",
        ),
    ]
    return {
        "titel": "Portföljrapport: pågående projekt",
        "meta": meta(source),
        "sections": sections,
        "toc": sections,
    }


def month_before(day: date) -> date:
    """The same day a month earlier (the month's last day when it has none)."""
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    for candidate in range(day.day, 27, -1):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    return date(year, month, min(day.day, 28))


def running(portfolio: Portfolio) -> list[Projekt]:
    return sorted(
        (p for p in portfolio.projekt.values() if p.status == Projektstatus.PAGAENDE),
        key=lambda p: p.id,
    )


def latest(project: Projekt, on_or_before: date) -> Lagesrapport | None:
    """The last report dated on or before the day (the later one of a day wins)."""
    dated = [r for r in project.lägesrapporter if r.datum <= on_or_before]
    return max(reversed(dated), key=lambda r: r.datum) if dated else None


def worked_hours(project: Projekt, on_or_before: date) -> float:
    return sum(r.arbetad_tid_timmar or 0 for r in project.lägesrapporter if r.datum <= on_or_before)


def phase_of(project: Projekt) -> str:
    """The phase the project's file records (none for one from before the projektmodell)."""
    return project.fas or "ej angiven"


def state_table(portfolio: Portfolio, as_of: date) -> Table:
    rows = []
    for project in running(portfolio):
        rapport = latest(project, as_of)
        rows.append(
            [
                project.id,
                project.titel,
                phase_of(project),
                rapport.datum.isoformat() if rapport else "ingen rapport",
                *((getattr(rapport, s).value if rapport else "–") for s in SIGNALS),
                hours(worked_hours(project, as_of)),
                (rapport.kommentar or "") if rapport else "",
            ]
        )
    columns = [
        Column("Id", nowrap=True),
        Column("Titel"),
        Column("Fas", nowrap=True),
        Column("Rapport", nowrap=True),
        Column("Tid", nowrap=True),
        Column("Kostnad", nowrap=True),
        Column("Omfattning", nowrap=True),
        Column("Arbetad tid (h)", numeric=True),
        Column("Kommentar"),
    ]
    days = portfolio.projektmodell.lägesrapport_intervall_dagar
    notes = [
        f"Arbetad tid är summan av alla rapporter. Projektledaren rapporterar minst var "
        f"{days}:e dag (projektmodell.yaml)."
    ]
    return table("Pågående projekt: senaste lägesrapport", columns, rows, notes=notes)


def hours(value: float) -> str:
    from avoplan.documents.base import number

    return number(round(value)) if value else "–"


@dataclass(frozen=True)
class Change:
    project: Projekt
    text: str


def changes(portfolio: Portfolio, since: date, as_of: date) -> list[Change]:
    """What moved after `since` up to `as_of`: phase decisions, changed signals (against
    the last report on or before `since`), first reports and closed projects."""
    found: list[Change] = []
    for project in sorted(portfolio.projekt.values(), key=lambda p: p.id):
        found += [
            Change(project, f"flyttades från {b.från} till {b.till} ({b.datum.isoformat()})")
            for b in project.fasbeslut
            if since < b.datum <= as_of
        ]
        found += _signal_changes(project, since, as_of)
        slut = project.slutrapport
        if project.status == Projektstatus.AVSLUTAD and slut and since < slut.datum <= as_of:
            found.append(Change(project, f"slutrapport {slut.datum.isoformat()}"))
    return found


def _signal_changes(project: Projekt, since: date, as_of: date) -> list[Change]:
    now = latest(project, as_of)
    if now is None or now.datum <= since:
        return []
    before = latest(project, since)
    if before is None:
        return [Change(project, f"första lägesrapporten ({now.datum.isoformat()})")]
    moved = [
        f"{s} {getattr(before, s).value} → {getattr(now, s).value}"
        for s in SIGNALS
        if getattr(before, s) != getattr(now, s)
    ]
    when = f"({before.datum.isoformat()} → {now.datum.isoformat()})"
    return [Change(project, f"{', '.join(moved)} {when}" if moved else f"oförändrat läge {when}")]


def changes_parts(portfolio: Portfolio, since: date, as_of: date) -> list[Any]:
    found = changes(portfolio, since, as_of)
    if not found:
        return [Paragraph("Inga fasbeslut, lägesrapporter eller avslut under perioden.")]
    return [Bullets(tuple(ListItem(f"{c.project.id} {c.project.titel}: {c.text}") for c in found))]


def open_risks(portfolio: Portfolio) -> list[tuple[Projekt, Risk]]:
    """Every open risk, highest sannolikhet × konsekvens first, then konsekvens."""
    found = [
        (project, risk)
        for project in portfolio.projekt.values()
        for risk in project.risker
        if risk.status == Riskstatus.OPPEN
    ]
    return sorted(found, key=lambda pr: (-pr[1].värde, -pr[1].konsekvens.points, pr[0].id))


def risk_table(portfolio: Portfolio) -> Table:
    org = portfolio.organisation
    rows = [
        [
            str(place),
            project.id,
            risk.beskrivning,
            risk.sannolikhet.value,
            risk.konsekvens.value,
            str(risk.värde),
            person_name(org, risk.ägare) if risk.ägare else "saknas",
            risk.åtgärd or "saknas",
        ]
        for place, (project, risk) in enumerate(open_risks(portfolio), start=1)
    ]
    columns = [
        Column("Plats"),
        Column("Projekt"),
        Column("Risk"),
        Column("Sannolikhet"),
        Column("Konsekvens"),
        Column("Värde", numeric=True),
        Column("Ägare"),
        Column("Åtgärd"),
    ]
    return table("Öppna risker, högst värde först", columns, rows)


def state_section(portfolio: Portfolio, as_of: date) -> Section:
    """The state table as a section of another document (the råd's kallelse)."""
    return section(
        "Pågående projekt", 2, state_table(portfolio, as_of), anchor_id="pagaende-projekt"
    )
