"""Building blocks every document shares: tables that both Markdown and HTML templates
lay out, the R30 header (period, adoption, portfolio commit) and number formats.

Cells are formatted here, once, so the Markdown and the HTML of a document show the
same figures. Nothing here reads files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from avoplan.models.organisation import Organisation
from avoplan.models.portfolio import Portfolio

NBSP = "\u00a0"
UNVERSIONED = "ej versionshanterad"
CHANGED = "ändrad"  # as git.head_commit marks uncommitted changes
NOT_REGISTERED = "ej angivet"
UTKAST = "Utkast"
FASTSTALLD = "Fastställd"


@dataclass(frozen=True)
class Column:
    label: str
    _: KW_ONLY
    numeric: bool = False
    group: str | None = None  # a spanning header above this column (HTML) or a prefix (Markdown)
    nowrap: bool = False  # short values (an id, a date, a signal) that must not break mid-word

    @property
    def full_label(self) -> str:
        return f"{self.group} {self.label}" if self.group else self.label


@dataclass(frozen=True)
class Table:
    """A table with a caption; the first cell of each row heads that row."""

    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    foot: tuple[tuple[str, ...], ...] = ()  # sum rows
    notes: tuple[str, ...] = ()

    kind = "table"  # how the templates tell parts of a section apart

    @property
    def wide(self) -> bool:
        """Printed on a landscape page: too many columns to read on a portrait one."""
        return len(self.columns) >= 7

    @property
    def grouped(self) -> bool:
        return any(column.group for column in self.columns)

    def header_groups(self) -> list[tuple[Column, int]]:
        """Consecutive columns under the same group, as (first column, span)."""
        groups: list[tuple[Column, int]] = []
        for column in self.columns:
            if groups and column.group and groups[-1][0].group == column.group:
                groups[-1] = (groups[-1][0], groups[-1][1] + 1)
            else:
                groups.append((column, 1))
        return groups


def table(
    caption: str,
    columns: Sequence[Column | str],
    rows: Sequence[Sequence[str]],
    foot: Sequence[Sequence[str]] = (),
    notes: Sequence[str] = (),
) -> Table:
    cols = tuple(c if isinstance(c, Column) else Column(c) for c in columns)
    return Table(
        caption, cols, tuple(tuple(r) for r in rows), tuple(tuple(r) for r in foot), tuple(notes)
    )


@dataclass(frozen=True)
class Meta:
    """R30 and the title block: what every rendered document states about where it comes
    from and what standing it has (diarienummer, status, who decides, date, version)."""

    period: str
    antagen: str
    commit: str
    extra: tuple[tuple[str, str], ...] = field(default=())
    författare: str = ""  # the förvaltning: the author in a PDF's metadata
    # The title block, on the plan itself (empty on documents that are not adopted).
    diarienummer: str = ""
    status: str = ""
    beslutande: str = ""
    datum: str = ""
    # Rendered from a plan that is not adopted (or from uncommitted changes to it): every
    # page says UTKAST, and nothing says Fastställd.
    utkast: bool = False


def meta(source: Source) -> Meta:
    portfolio = source.portfolio
    return Meta(
        period_text(portfolio),
        adoption_text(portfolio),
        source.commit or UNVERSIONED,
        författare=author(portfolio),
        utkast=not _adopted(source),
    )


def _adopted(source: Source) -> bool:
    """Adopted, and rendered from exactly what was committed: the adopted document.
    Uncommitted changes make it a draft of a new version."""
    return source.portfolio.plan.antagen is not None and not (source.commit or "").endswith(
        f"({CHANGED})"
    )


def title_block(source: Source) -> Meta:
    """meta() with the plan's title block: diarienummer, status, beslutande, datum."""
    portfolio = source.portfolio
    adoption = portfolio.plan.antagen
    adopted = _adopted(source)
    return Meta(
        period_text(portfolio),
        adoption_text(portfolio),
        source.commit or UNVERSIONED,
        författare=author(portfolio),
        utkast=not adopted,
        diarienummer=portfolio.plan.diarienummer or NOT_REGISTERED,
        status=FASTSTALLD if adopted else UTKAST,
        beslutande=deciding_body(portfolio),
        datum=adoption.datum.isoformat() if adoption and adopted else source.as_of.isoformat(),
    )


def deciding_body(portfolio: Portfolio) -> str:
    """Who adopts the plan: 'Förvaltningsdirektör (Eva Lindqvist) i Digitaliseringsrådet'."""
    adoption = portfolio.plan.antagen
    if adoption is None:
        return "ej beslutat"
    org = portfolio.organisation
    person, forum = org.person(adoption.av), org.forum_by_id(adoption.forum)
    who = (
        f"{person.titel} ({person.namn})"
        if person and person.titel
        else (person.namn if person else adoption.av)
    )
    return f"{who} i {forum.namn if forum else adoption.forum}"


def author(portfolio: Portfolio) -> str:
    org = portfolio.organisation
    own = org.forvaltning(org.egen_förvaltning)
    return own.namn if own else org.egen_förvaltning


def period_text(portfolio: Portfolio) -> str:
    period = portfolio.plan.giltighet
    text = f"{period.från.isoformat()} – {period.till.isoformat()}"
    if period.inledande_planering:
        text += f", med inledande planering för {period.inledande_planering}"
    return text


def adoption_text(portfolio: Portfolio) -> str:
    adoption = portfolio.plan.antagen
    if adoption is None:
        return "planen är ännu inte antagen"
    org = portfolio.organisation
    forum = org.forum_by_id(adoption.forum)
    return (
        f"{adoption.datum.isoformat()} av {person_text(org, adoption.av)} "
        f"i {forum.namn if forum else adoption.forum}"
    )


def person_name(org: Organisation, person_id: str | None) -> str:
    if not person_id:
        return ""
    person = org.person(person_id)
    return person.namn if person else person_id


def person_text(org: Organisation, person_id: str) -> str:
    """'Namn (titel, avdelning)', or the id when the person is unknown."""
    person = org.person(person_id)
    if person is None:
        return person_id
    about = [uncapitalised(person.titel)] if person.titel else []
    if person.avdelning:
        about.append(avdelning_name(org, person.avdelning))
    return f"{person.namn} ({', '.join(about)})" if about else person.namn


def avdelning_name(org: Organisation, avdelning_id: str | None) -> str:
    if not avdelning_id:
        return ""
    avdelning = org.avdelning(avdelning_id)
    return avdelning.namn if avdelning else avdelning_id


def number(value: int | None) -> str:
    """1 234 567 with non-breaking spaces; a missing cell stays blank, unlike 0."""
    return "" if value is None else f"{value:,}".replace(",", NBSP)


def fte(value: Decimal | None) -> str:
    """Årsarbeten with one decimal and a decimal comma, as in seed 004: 6,3."""
    return "" if value is None else f"{value:.1f}".replace(".", ",")


def short_decimal(value: Decimal) -> str:
    """2 and 0,3 rather than 2,0 and 0,30: the '(+2)' of a proposed increase."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def uncapitalised(text: str) -> str:
    """'Enhetschef Digitalisering och IT' -> 'enhetschef Digitalisering och IT'."""
    return text[:1].lower() + text[1:]


@dataclass(frozen=True)
class Source:
    """What a document is made from: the portfolio, the year it describes, the
    portfolio's commit (None outside git) and the day its live data stands at."""

    portfolio: Portfolio
    year: int
    commit: str | None
    as_of: date
    möte: Mote | None = None  # the råd's meeting a dagordning is for
    möte_id: str | None = None  # the meeting (möten/<id>.yaml) of a kallelse or protokoll
    # The federation's other members as of the last sync, by short code, and a line saying
    # how old that sync is (the backlog spans all members).
    members: Mapping[str, Portfolio] = field(default_factory=dict)
    synkning: str | None = None
    # Committed versions of the needs the backlog lists decisions of, by member code:
    # (short sha, day, need id, data), oldest first (empty: no history was read).
    historik: Mapping[str, Sequence[tuple[str, str, str, Any]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Mote:
    """When and where a meeting is held (render rad --datum --tid --plats)."""

    datum: date
    tid: str | None = None
    plats: str | None = None
