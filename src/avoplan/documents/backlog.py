"""The gemensam väntelista ("backlog") of Integrerad Digitalisering: BP2 "innebär att ...
ta med förslaget in till gemensam väntelista", and after BP3 the need goes "till gemensam
prioriterad väntelista". One list over every member: each need past BP2 with the
förvaltningar it affects, those whose utvecklingsteam stood behind it (`bakom` on the BP2
decision), its cost and its place in the shared priority order; and the Styr- och
samordningsgruppen's decisions (BP3 and places on the väntelista) from each member."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from avoplan.core.errors import UserError
from avoplan.core.rulebook import R6, R8, R33, R35, enforces
from avoplan.documents.base import Column, Source, Table, meta, number, table
from avoplan.documents.budgetlinje import fit_text
from avoplan.ekonomi.kostnad import priced
from avoplan.models.behov import Behov
from avoplan.models.common import Steg
from avoplan.models.initiativ import Avser
from avoplan.models.organisation import Forumtyp
from avoplan.models.portfolio import Portfolio
from avoplan.prioritet.ranking import prioritetslista

PAST_BP2 = (Steg.BEREDNING, Steg.KLART_FOR_START)


@dataclass(frozen=True)
class Post:
    """One need on the shared list."""

    kod: str
    member: Portfolio
    need: Behov
    kvot: float | None  # the member's kostnad i förhållande till nytta; None: not yet scored
    plats: int | None = None  # the place on the member's own priority list (`prioritet`)
    budget: str = ""  # whether it fits the member's budget ceiling (R38)

    @property
    def global_id(self) -> str:
        return f"{self.kod}:{self.need.id}" if self.kod else self.need.id


@enforces("render", R6, R8, R33)
def build(source: Source) -> dict[str, Any]:
    portfolio = source.portfolio
    posts = ordered(list(_posts(members(source))))
    return {
        "titel": f"Gemensam väntelista – {portfolio.federation.namn}",
        "meta": meta(source),
        "synkning": source.synkning or "Bara den egna portföljen (ingen synkad federation).",
        "medlemmar": [_member_name(code, p) for code, p in members(source).items()],
        "lista": backlog_table(posts),
        "beslut": decisions_table(members(source), source.historik),
    }


def members(source: Source) -> dict[str, Portfolio]:
    """The home portfolio first (under its own code), then the synced members."""
    home = source.portfolio.federation.hem or ""
    return {home: source.portfolio, **{k: v for k, v in source.members.items() if k != home}}


def _posts(by_code: dict[str, Portfolio]) -> Iterator[Post]:
    for code, member in by_code.items():
        scores = _scores(member)
        for need in sorted(member.behov.values(), key=lambda n: n.id):
            if need.steg in PAST_BP2:
                kvot, plats, fits = scores.get(need.id, (None, None, ""))
                yield Post(code, member, need, kvot, plats, fits)


def _scores(member: Portfolio) -> dict[str, tuple[float, int, str]]:
    """The member's own list's kvot, place and budget line per need (a list that cannot
    be made scores none)."""
    try:
        lista = prioritetslista(member)
    except UserError:
        return {}
    return {p.id: (p.poäng, p.plats, fit_text(lista.budget, p.id)) for p in lista.placeringar}


@enforces("render", R35)
def ordered(posts: list[Post]) -> list[Post]:
    """The shared priority order (R35: one order everywhere). Each member's needs keep the
    order its own `prioritet` computes (decided places and dependencies included); the
    members' lists are merged by kvot, the highest head first. Needs not yet scored (still
    in beredning, or without cost or benefit) last, by id."""
    queues: dict[str, list[Post]] = {}
    for post in sorted((p for p in posts if p.plats is not None), key=lambda p: p.plats or 0):
        queues.setdefault(post.kod, []).append(post)
    merged: list[Post] = []
    while any(queues.values()):
        head = min(
            (q[0] for q in queues.values() if q), key=lambda p: (-(p.kvot or 0.0), p.global_id)
        )
        merged.append(queues[head.kod].pop(0))
    rest = sorted((p for p in posts if p.plats is None), key=lambda p: p.global_id)
    return [*merged, *rest]


def backlog_table(posts: list[Post]) -> Table:
    rows = [
        (
            str(place) if post.kvot is not None else "–",
            post.global_id,
            post.need.titel,
            post.need.steg.label,
            _names(post, _affected(post.need)),
            _names(post, _consenting(post.need)),
            tid_text(post.need),
            _cost(post),
            f"{post.kvot:.2f}".replace(".", ",") if post.kvot is not None else "",
            post.budget,
        )
        for place, post in enumerate(posts, start=1)
    ]
    columns: list[Column | str] = [
        "Plats",
        "Behov",
        "Titel",
        "Steg",
        "Berörda förvaltningar",
        "Bakom (BP2)",
        "TID-beroende",
        Column("Kostnad (kr)", numeric=True),
        Column("Kvot", numeric=True),
        "Budget",
    ]
    return table(
        "Behov efter beslutspunkt 2 i alla förvaltningar",
        columns,
        rows,
        notes=[
            "Plats: kvoten nytta mot kostnad i behovets egen portfölj, "
            "högst först; behov utan kvot står sist. Budget: om behovet ryms inom "
            "budgettaket i sin egen portföljs prioritetslista (prioritering.yaml)."
        ],
    )


def tid_text(need: Behov) -> str:
    """R33: whether the need depends on TID, with the grovsållning's reason when not."""
    section = need.grovsållning
    if section is None or section.tid_beroende is None:
        return "–"
    if section.tid_beroende:
        return "Ja"
    return f"Nej: {section.tid_undantag}" if section.tid_undantag else "Nej"


def _affected(need: Behov) -> list[str]:
    section = need.grovsållning
    return list(section.berörda.förvaltningar) if section and section.berörda else []


def _consenting(need: Behov) -> list[str]:
    """`bakom` of the latest BP2 decision: the utvecklingsteam that stood behind it."""
    bp2 = [b for b in need.beslut if b.från == Steg.GROVSALLNING and b.till == Steg.BEREDNING]
    return list(bp2[-1].bakom) if bp2 else []


def _member_name(code: str, member: Portfolio) -> str:
    own = member.organisation.forvaltning(member.plan.förvaltning)
    name = own.namn if own else member.plan.förvaltning
    return f"{code}: {name}" if code else name


def _names(post: Post, ids: list[str]) -> str:
    """Förvaltningar by their short name in the need's own organisation."""
    found = [(i, post.member.organisation.forvaltning(i)) for i in ids]
    return ", ".join((f.kortnamn or f.namn) if f else i for i, f in found)


def _cost(post: Post) -> str:
    cost = priced(post.need, post.member.schablon)
    return number(cost.total) if cost else ""


def decided(by_code: dict[str, Portfolio]) -> dict[str, list[str]]:
    """The needs of each member with a decision of its Styr- och samordningsgruppen: the
    ones whose history the table reads."""
    found: dict[str, list[str]] = {}
    for code, member in by_code.items():
        group = member.organisation.forum_of_type(Forumtyp.STYRGRUPPEN)
        needs = [
            n.id for n in member.behov.values() if group is not None and _by_group(n, group.id)
        ]
        if needs:
            found[code] = sorted(needs)
    return found


def _by_group(need: Behov, group: str) -> bool:
    return any(b.forum == group for b in need.beslut) or any(
        p.forum == group for p in need.prioritet
    )


def first_commits(versions: Sequence[tuple[str, str, str, Any]]) -> dict[tuple[str, ...], str]:
    """(need id, date, what was decided) → 'abc1234 (2025-03-12)': the first commit whose
    version of the need's file holds the decision, from versions oldest first."""
    found: dict[tuple[str, ...], str] = {}
    for sha, day, need_id, data in versions:
        entries = data if isinstance(data, dict) else {}
        for b in _dicts(entries.get("beslut")):
            found.setdefault((need_id, str(b.get("datum")), str(b.get("till"))), f"{sha} ({day})")
        for p in _dicts(entries.get("prioritet")):
            found.setdefault(
                (need_id, str(p.get("datum")), f"plats {p.get('plats')}"), f"{sha} ({day})"
            )
    return found


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def decisions_table(
    by_code: dict[str, Portfolio], historik: Mapping[str, Sequence[tuple[str, str, str, Any]]]
) -> Table:
    """BP3 decisions and places on the väntelista taken in each member's Styr- och
    samordningsgruppen (decisions its own förvaltning took alone are not the group's),
    each with the commit of the member's history that recorded it."""
    rows: list[tuple[str, ...]] = []
    for code, member in by_code.items():
        group = member.organisation.forum_of_type(Forumtyp.STYRGRUPPEN)
        if group is None:
            continue
        commits = first_commits(historik.get(code, ()))
        for need in sorted(member.behov.values(), key=lambda n: n.id):
            gid = f"{code}:{need.id}" if code else need.id
            rows += [
                (
                    b.datum.isoformat(),
                    gid,
                    need.titel,
                    "BP3: klart för start",
                    b.protokoll or "",
                    _commit(commits, need.id, b.datum, b.till.value),
                    b.motivering,
                )
                for b in need.beslut
                if b.forum == group.id
                and b.till == Steg.KLART_FOR_START
                and b.från == Steg.BEREDNING
            ]
            rows += [
                (
                    p.datum.isoformat(),
                    gid,
                    need.titel,
                    f"Plats {p.plats} på väntelistan",
                    p.protokoll or "",
                    _commit(commits, need.id, p.datum, f"plats {p.plats}"),
                    p.motivering,
                )
                for p in need.prioritet
                if p.avser == Avser.VANTELISTA and p.forum == group.id
            ]
    return table(
        "Beslut ur varje förvaltnings historik, äldst först",
        ["Datum", "Behov", "Titel", "Beslut", "Protokoll", "Incheckat i", "Motivering"],
        sorted(rows),
        notes=[
            "Incheckat i: den commit i förvaltningens git-historik (vid senaste "
            "synkningen) där beslutet först finns; ”ej incheckat” när beslutet "
            "bara finns i arbetskatalogen."
        ],
    )


def _commit(commits: dict[tuple[str, ...], str], need_id: str, when: date, what: str) -> str:
    return commits.get((need_id, when.isoformat(), what), "ej incheckat")
