"""What the one judge remembers over a run of replays: the mandate a decision needed,
whether the decider held it, and how the decision was taken and told (R2, R4–R12).

`check` replays about 17 000 recorded decisions at 10 000 items, and most of them share
that part of the verdict with another: it hangs on a few fields of the decision and the
need (the move, the decider, the forum, who took part, the reach), not on their dates or
texts. `mandate_key` names every one of those fields, so two decisions with the same key
get the same part. A run over one portfolio (`rules.behovsprocess.check_needs`) keeps a
`Memo`; `advance` judges its one decision without one. The organisation and the
delegationsordning are named by identity: the memo lives no longer than the portfolio
that holds them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from avoplan.behovsprocess.moten import has_paragraph
from avoplan.core.text import fold

if TYPE_CHECKING:
    from avoplan.behovsprocess.fakta import Facts
    from avoplan.behovsprocess.mandat import Authority, Context
    from avoplan.behovsprocess.steg import Move
    from avoplan.core.findings import Finding
    from avoplan.models.behov import Behov
    from avoplan.models.delegation import Delegationsordning, Mandat
    from avoplan.models.initiativ import Beslut


class MandatePart(NamedTuple):
    """The mandate a move needs (None: the delegationsordning names none), the ids it
    depends on that do not exist, the decider's authority, and what is wrong with the
    mandate or how the decision was taken (empty while ids are missing)."""

    mandat: Mandat | None
    missing: tuple[Finding, ...]
    authority: Authority | None
    about: tuple[Finding, ...]


Judged = Callable[["Beslut", "Move", "Context", "Facts"], MandatePart]


class Memo:
    """The mandate parts judged so far in a run over one portfolio, by `mandate_key`;
    and what that key reads of each need, found once for each (kept with the need, so
    its id names no other while the memo lives)."""

    def __init__(self) -> None:
        self.parts: dict[tuple[object, ...], MandatePart] = {}
        self._needs: dict[int, tuple[Behov, int]] = {}
        self._need_numbers: dict[tuple[object, ...], int] = {}
        self._owner_decides: dict[tuple[int, int], bool] = {}
        self._protokoll: dict[str, str | bool] = {}

    def need(self, need: Behov) -> int:
        """What the mandate reads of `need` (`_need_key`), numbered: needs that read
        alike get the same number, and a number is hashed faster than what it names."""
        known = self._needs.get(id(need))
        if known is None or known[0] is not need:
            numbers = self._need_numbers
            number = numbers.setdefault(_need_key(need), len(numbers))
            known = self._needs[id(need)] = (need, number)
        return known[1]

    def protokoll(self, protokoll: str | None) -> str | bool:
        """A protokoll reference as the mandate reads it: present with its paragraph
        (most decisions: one key for all of them), else its text (named in the finding).
        Each reference searched once: a meeting's protokoll names many decisions."""
        if not protokoll:
            return ""
        known = self._protokoll.get(protokoll)
        if known is None:
            known = self._protokoll[protokoll] = True if has_paragraph(protokoll) else protokoll
        return known

    def owner_decides(self, move: Move, rules: Delegationsordning) -> bool:
        """Whether a mandate the move may need names the projektägare (`mandat.holds`),
        the one role that reads the need's projects. The delegationsordning lives as
        long as the memo, and a move is one of the few `steg.plan_move` hands out."""
        key = (id(move), id(rules))
        known = self._owner_decides.get(key)
        if known is None:
            known = self._owner_decides[key] = any(
                fold(role) == "projektagare"
                for mandat in _mandates(move, rules)
                for role in mandat.beslutar
            )
        return known


def remembered(
    beslut: Beslut, move: Move, ctx: Context, facts: Facts, memo: Memo | None, judged: Judged
) -> MandatePart:
    """`judged(beslut, move, ctx, facts)`, remembered in `memo` (none: judged anew)."""
    if memo is None:
        return judged(beslut, move, ctx, facts)
    key = mandate_key(beslut, move, ctx, facts, memo)
    part = memo.parts.get(key)
    if part is None:
        part = memo.parts[key] = judged(beslut, move, ctx, facts)
    return part


def mandate_key(
    beslut: Beslut, move: Move, ctx: Context, facts: Facts, memo: Memo
) -> tuple[object, ...]:
    """Everything `beslut._judged_mandate` reads: `ctx` is the need as judged
    (`beslut.as_judged`), `facts.ctx` the need today (the ids that must exist)."""
    org, rules = ctx.org, facts.delegationsordning
    valid_from = org.gäller_från
    # Identities where they name the value (a move is one of the few `plan_move` hands
    # out): hashing and comparing a dataclass or an enum calls Python code.
    return (
        id(move),
        id(org),
        id(rules),
        memo.need(facts.ctx.need),
        None if ctx is facts.ctx else memo.need(ctx.need),
        _owners(ctx) if memo.owner_decides(move, rules) else (),
        beslut.beslutad_av,
        beslut.forum,
        memo.protokoll(beslut.protokoll),
        tuple(beslut.deltagare),
        tuple(beslut.bakom),
        tuple(beslut.delges),
        beslut.möte is None,
        valid_from is not None and beslut.datum < valid_from,  # `severity_on`: a warning
    )


def _need_key(need: Behov) -> tuple[object, ...]:
    """What the mandate reads of a need: its avdelning, who proposed it and is its
    contact, who grovsållningen names as affected and its TID flags (read as true or
    false only)."""
    section = need.grovsållning
    berorda = section.berörda if section is not None else None
    return (
        need.avdelning,
        need.kontaktperson,
        tuple(need.förslagsställare),
        section is None,
        None if berorda is None else (tuple(berorda.avdelningar), tuple(berorda.förvaltningar)),
        section is not None and bool(section.tid_beroende),
        section is not None and bool(section.tid_förändring),
    )


def _mandates(move: Move, rules: Delegationsordning) -> list[Mandat]:
    """Every mandate `mandat.mandate` may choose for `move`, whatever the need's reach."""
    if move.reentry:
        return [rules.återinträde]
    point = rules.point(move.beslutspunkt or 0)
    if point is None:
        return []
    found = [point.en_avdelning, point.flera_avdelningar, point.flera_förvaltningar]
    return found if point.tid_förändring is None else [*found, point.tid_förändring]


def _owners(ctx: Context) -> tuple[tuple[str, str | None], ...]:
    return tuple((p.id, p.projektägare) for p in ctx.projects)
