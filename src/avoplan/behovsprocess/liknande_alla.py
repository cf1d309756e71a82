"""Similar needs (R5) for every need of one portfolio at once: for each need exactly what
`liknande.ranked_in(need, key, [index], top=…, minimum=…)` gives (the same Likhet, in the
same order, ties by id), without comparing the portfolio with itself need by need.

Needs with the same words, title, systems and goals are one profile: a score depends only
on the two profiles, so each pair of profiles is scored once, for both of them. The title
and text ratios (rapidfuzz) are kept per pair of titles and of word sets; a profile's
title ratios against every title are taken in one call (C++), and a pair is scored in full
only when the most it could score (its title ratio and what its shared words, systems and
goals could add, `liknande._ceiling`) can still make a list.

Pure: no I/O."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import islice

from avoplan.behovsprocess.liknande import (
    _NOTHING_SHARED,
    WEIGHTS,
    Index,
    Likhet,
    _ceiling,
    _jaccard,
    _score,
)
from avoplan.behovsprocess.liknande_rader import Andringar

_TITLE = 100 * WEIGHTS["titel"]


def ranked_all(index: Index, *, top: int = 10, minimum: float = 0.0) -> dict[str, list[Likhet]]:
    """For every need of `index` (by its key) the needs of `index` most like it, best
    first, at most `top`, scoring `minimum` or more, the need itself left out."""
    if top <= 0:
        return {key: [] for key in index.columns[0]}
    return _Batch(index, top, minimum).ranked()


# One match as kept between runs: key, score, shared words, systems and goals (the title
# is the index's: it may change while the score cannot).
Kept = tuple[str, float, tuple[str, ...], tuple[str, ...], tuple[int, ...]]


def compact(found: Mapping[str, Sequence[Likhet]]) -> dict[str, tuple[Kept, ...]]:
    """A ranking as `ranked_after` takes it again."""
    return {
        key: tuple((m.key, m.score, m.ord, m.system, m.mål) for m in likheter)
        for key, likheter in found.items()
    }


def ranked_after(
    index: Index,
    kept: Mapping[str, Sequence[Kept]],
    changes: Andringar,
    *,
    top: int,
    minimum: float,
) -> dict[str, list[Likhet]]:
    """What `ranked_all(index, top=top, minimum=minimum)` gives, from what it gave
    (`kept`, made `compact`) for an index that differed from this one by `changes`
    (`liknande_rader.since`). A need whose profile changed, or whose list held a need
    whose profile changed or that is gone, is ranked again; every other need keeps its
    list (with the titles as they are now), and a changed need that scores `minimum` or
    more against it is offered to it: its other needs score as before, so its best
    `top` among them are the ones it had."""
    moved = changes.profil | changes.borta
    keys, titels = index.columns[0], index.columns[1]
    if (
        top <= 0
        or len(moved) > CHANGED_MAX
        or any(key not in kept and key not in moved for key in keys)
    ):
        return ranked_all(index, top=top, minimum=minimum)
    titel = dict(zip(keys, titels, strict=True))
    found: dict[str, list[Likhet]] = {}
    for key, matches in kept.items():
        if key in moved:
            continue
        likheter = []
        for k, score, words, systems, goals in matches:
            if k in moved:
                break
            likheter.append(Likhet(k, titel[k], score, words, systems, goals))
        else:
            found[key] = likheter
    if not moved:
        return found
    found.update(_Batch(index, top, minimum).after(found, changes.profil - changes.borta))
    return dict(sorted(found.items()))


# Above this many changed needs, ranking all again costs about what ranking the changed
# ones and the needs whose lists held them does.
CHANGED_MAX = 200


def distinct(index: Index) -> int:
    """How many of the needs of `index` differ in their words, title, systems or goals:
    what `ranked_all`'s time grows with (as its square)."""
    return len(set(zip(*index.columns[2:], strict=True)))


class _Ratios:
    """A rapidfuzz ratio per pair of distinct strings, computed once for both orders (the
    ratios used here are symmetric)."""

    def __init__(self, strings: list[str], scorer: Callable[..., float]) -> None:
        self.ids: dict[str, int] = {}
        self.of = [self.ids.setdefault(s, len(self.ids)) for s in strings]
        self.strings = list(self.ids)
        self.scorer = scorer
        self.known: dict[tuple[int, int], float] = {}

    def __call__(self, a: int, b: int) -> float:
        x, y = self.of[a], self.of[b]
        pair = (x, y) if x <= y else (y, x)
        found = self.known.get(pair)
        if found is None:
            found = self.known[pair] = float(
                self.scorer(self.strings[x], self.strings[y], processor=None)
            )
        return found


class _Batch:
    def __init__(self, index: Index, top: int, minimum: float) -> None:
        from rapidfuzz import fuzz

        self.keys, self.titels, titles, words, systems, goals = index.columns
        self.top, self.minimum = top, minimum
        profiles: dict[tuple[str, str, str, str], int] = {}
        self.members: list[list[int]] = []
        for row, content in enumerate(zip(titles, words, systems, goals, strict=True)):
            number = profiles.setdefault(content, len(profiles))
            if number == len(self.members):
                self.members.append([])
            self.members[number].append(row)
        for rows in self.members:
            rows.sort(key=self.keys.__getitem__)
        contents = list(profiles)
        self.count = [len(rows) for rows in self.members]
        self.words = [frozenset(c[1].split()) for c in contents]
        self.systems = [frozenset(c[2].split()) for c in contents]
        self.goals = [frozenset(int(g) for g in c[3].split()) for c in contents]
        self.title = _Ratios([c[0] for c in contents], fuzz.token_sort_ratio)
        self.text = _Ratios([c[1] for c in contents], fuzz.token_set_ratio)
        self.by_word: dict[str, list[int]] = {}
        self.by_system: dict[str, list[int]] = {}
        for number in range(len(contents)):
            for word in self.words[number]:
                self.by_word.setdefault(word, []).append(number)
            for system in self.systems[number]:
                self.by_system.setdefault(system, []).append(number)
        most = max(map(len, self.words), default=0)
        # By a shared system (no, yes), then by the number of shared words.
        self.ceilings = [
            [_ceiling(min(3, shared), system=system) for shared in range(most + 1)]
            for system in (False, True)
        ]
        self.shares: dict[tuple[int, int], tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...]]]
        self.shares = {}

    def ranked(self) -> dict[str, list[Likhet]]:
        found: dict[str, list[Likhet]] = {}
        for a in range(len(self.members)):
            best = self._best(a)
            for row in self.members[a]:
                found[self.keys[row]] = [
                    self._likhet(a, b, other, score) for score, b, other in self._pick(row, best)
                ]
        return dict(sorted(found.items()))

    def after(self, found: Mapping[str, list[Likhet]], fresh: set[str]) -> dict[str, list[Likhet]]:
        """The lists `ranked_after` makes anew: of the needs without one in `found`
        (ranked again), and of those a `fresh` need (changed or new) scores enough
        against (offered to their lists)."""
        where = {self.keys[r]: (a, r) for a, rows in enumerate(self.members) for r in rows}
        offers: dict[int, list[tuple[float, int, int]]] = {}
        for key in sorted(fresh):
            a, row = where[key]
            for b, score in self._reach(a):
                offers.setdefault(b, []).append((score, a, row))
        best: dict[int, list[tuple[float, int]]] = {}
        made: dict[str, list[Likhet]] = {}
        for key, (b, row) in where.items():
            had = found.get(key)
            if had is None:
                if b not in best:
                    best[b] = self._best(b)
                made[key] = [
                    self._likhet(b, a, other, score) for score, a, other in self._pick(row, best[b])
                ]
            elif b in offers:
                made[key] = self._merged(b, row, had, offers[b])
        return made

    def _merged(
        self, b: int, row: int, had: list[Likhet], offered: list[tuple[float, int, int]]
    ) -> list[Likhet]:
        """The list of the need in `row` (of profile `b`): the best `top` of those it
        `had` and those `offered` (score, profile, row), by score then id."""
        entries: list[tuple[float, str, Likhet | None, int, int]] = [
            (m.score, m.key, m, 0, 0) for m in had
        ]
        entries += [
            (score, self.keys[other], None, a, other) for score, a, other in offered if other != row
        ]
        entries.sort(key=lambda entry: (-entry[0], entry[1]))
        return [
            m if m is not None else self._likhet(b, a, other, score)
            for score, _, m, a, other in entries[: self.top]
        ]

    def _sharing(self, a: int) -> tuple[Counter[int], set[int]]:
        """Per profile, how many of `a`'s words it shares; and the profiles sharing a system."""
        shared: Counter[int] = Counter()
        for word in self.words[a]:
            shared.update(self.by_word[word])
        with_system: set[int] = set()
        for system in self.systems[a]:
            with_system.update(self.by_system[system])
        return shared, with_system

    def _reach(self, a: int) -> list[tuple[int, float]]:
        """Every profile whose needs score `minimum` or more against a need of `a`, with
        the score."""
        shared, with_system = self._sharing(a)
        row = self._titles(a)
        of, ceilings = self.title.of, self.ceilings
        seen = shared.keys() | with_system
        candidates = [(b, shared[b]) for b in seen]
        if self.minimum <= _NOTHING_SHARED + _TITLE:  # only the title can help
            candidates += [(b, 0) for b in range(len(self.members)) if b not in seen]
        reached = []
        for b, n in candidates:
            if ceilings[b in with_system][n] + row[of[b]] >= self.minimum:
                score = self._scored(a, b, n)
                if score >= self.minimum:
                    reached.append((b, score))
        return reached

    def _best(self, a: int) -> list[tuple[float, int]]:
        """The profiles whose needs can make the lists of `a`'s needs, best first: every
        profile scoring at least as much as the (top+1)th best need (ties kept, for the
        ids decide among them; one of the needs may be the one asked about)."""
        shared, with_system = self._sharing(a)
        row = self._titles(a)
        of, ceilings, minimum = self.title.of, self.ceilings, self.minimum
        # A profile whose bound is below the threshold never makes a list.
        bounds = [
            (bound, b)
            for b, n in shared.items()
            if (bound := ceilings[b in with_system][n] + row[of[b]]) >= minimum
        ]
        bounds += [
            (bound, b)
            for b in with_system - shared.keys()
            if (bound := ceilings[True][0] + row[of[b]]) >= minimum
        ]
        bounds.sort(reverse=True)
        kept = _Kept(self.top + 1, self.minimum, self.count)
        for bound, b in bounds:
            if bound < kept.cutoff:
                break
            kept.offer(self._scored(a, b, shared[b]), b)
        if kept.cutoff <= _NOTHING_SHARED + _TITLE:  # only the title can help
            seen = with_system | shared.keys()
            for b in range(len(self.members)):
                if b not in seen:
                    kept.offer(self._scored(a, b, 0), b)
        return sorted(kept.heap, key=lambda entry: -entry[0])

    def _titles(self, a: int) -> list[float]:
        """The title share (its weight times the ratio) of `a` against each distinct title."""
        from rapidfuzz import fuzz, process

        strings = self.title.strings
        row = [0.0] * len(strings)
        for _, ratio, at in process.extract(
            strings[self.title.of[a]],
            strings,
            scorer=fuzz.token_sort_ratio,
            processor=None,
            limit=None,
        ):
            row[at] = WEIGHTS["titel"] * ratio
        return row

    def _scored(self, a: int, b: int, shared: int) -> float:
        """What `liknande.compare` scores a need of `a` against one of `b`."""
        return _score(
            self.title(a, b),
            self.text(a, b),
            shared,
            _jaccard(self.systems[a], self.systems[b]),
            _jaccard(self.goals[a], self.goals[b]),
        )

    def _pick(self, row: int, best: list[tuple[float, int]]) -> Iterator[tuple[float, int, int]]:
        """The `top` needs best for the need in `row`: by score, then by id."""
        wanted = self.top
        at = 0
        while at < len(best) and wanted:
            score = best[at][0]
            level = []
            while at < len(best) and best[at][0] == score:
                b = best[at][1]
                level.append([(self.keys[r], b, r) for r in self.members[b] if r != row])
                at += 1
            for _, b, other in islice(heapq.merge(*level), wanted):
                wanted -= 1
                yield score, b, other

    def _likhet(self, a: int, b: int, other: int, score: float) -> Likhet:
        pair = (a, b)
        shares = self.shares.get(pair)
        if shares is None:
            shares = self.shares[pair] = (
                tuple(sorted(self.words[a] & self.words[b])),
                tuple(sorted(self.systems[a] & self.systems[b])),
                tuple(sorted(self.goals[a] & self.goals[b])),
            )
        return Likhet(self.keys[other], self.titels[other], score, *shares)


class _Kept:
    """The profiles scored so far that can still make a list (a heap, worst first): a
    profile is dropped only when the others hold at least `size` needs that all score
    more than it."""

    def __init__(self, size: int, minimum: float, count: list[int]) -> None:
        self.size, self.minimum, self.count = size, minimum, count
        self.heap: list[tuple[float, int]] = []
        self.needs = 0

    @property
    def cutoff(self) -> float:
        return self.heap[0][0] if self.needs >= self.size else self.minimum

    def offer(self, score: float, b: int) -> None:
        if score < self.cutoff:
            return
        heapq.heappush(self.heap, (score, b))
        self.needs += self.count[b]
        while self.needs - self.count[self.heap[0][1]] >= self.size:
            worst, dropped = heapq.heappop(self.heap)
            if self.heap[0][0] == worst:  # a tie: the ids decide, so both stay
                heapq.heappush(self.heap, (worst, dropped))
                return
            self.needs -= self.count[dropped]
