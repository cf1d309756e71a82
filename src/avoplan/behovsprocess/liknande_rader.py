"""The similarity index of one portfolio (R5, `liknande.Index`) kept with what each need's
row was made from, so a run after a change makes again only the rows that can differ:
the same columns and postings as `liknande.index_of(liknande.profiles(needs))`.

A need's row is its own fields (titel, beskrivning, nytta, system, mål: their `digest`)
and the vocabulary its compounds are split against (every word of every need). So each
need keeps its digest and its words before the split, and the vocabulary is kept as the
number of needs that use each word. A changed, new or gone need changes its own row and
perhaps the vocabulary; a word that comes into it or leaves it can change the split only
of words that contain it (a compound's parts are pieces of the word), and only the needs
with such a word are split again.

Pure: no I/O."""

from __future__ import annotations

import hashlib
import marshal
import re
from bisect import insort
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from avoplan.behovsprocess.liknande import (
    _MIN_PART,
    COLUMNS,
    SYSTEM_MARK,
    Index,
    _joined,
    split_all,
    text_of,
    tokens,
)
from avoplan.models.behov import Behov

# Above this many changed needs, building every row again costs about what updating does.
CHANGED_MAX = 500


_FIELDS = attrgetter("titel", "beskrivning", "nytta", "system", "mål")


def digest(need: Behov) -> bytes:
    """The digest of everything a need's row is made from besides the vocabulary (marshal
    version 2 writes equal values as equal bytes, whatever else holds them)."""
    return hashlib.blake2b(marshal.dumps(_FIELDS(need), 2), digest_size=16).digest()


@dataclass
class Rader:
    """An index and what it was made from, per need in the index's order: the `digest`
    of its fields, its title's and its text's words before compounds were split (each
    as the index's columns write words; '' when the same as the row's words, that is
    when no compound was split); and per word the number of needs whose text uses it."""

    index: Index
    digests: list[bytes]
    title_words: list[str]
    text_words: list[str]
    counts: dict[str, int]


@dataclass
class Andringar:
    """What changed between two indexes, by key: needs whose profile changed (words,
    systems or goals) or that are new, needs whose title alone changed, gone needs."""

    profil: set[str] = field(default_factory=set)
    titel: set[str] = field(default_factory=set)
    borta: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.profil or self.titel or self.borta)


def built(needs: Mapping[str, Behov], digests: Sequence[bytes]) -> Rader:
    """Every row made from `needs` (keyed by the id to show; `digests` theirs, in order).
    Needs with the same title and text share their words, split once."""
    raw = _raw(needs.values())
    counts: dict[str, int] = {}
    for _, text in raw:
        for word in set(text):
            counts[word] = counts.get(word, 0) + 1
    split: dict[tuple[str, ...], tuple[str, str]] = {}

    def words(found: tuple[str, ...]) -> tuple[str, str]:
        """The split words as a column writes them, and the words before as kept."""
        known = split.get(found)
        if known is None:
            joined = _joined(split_all(found, counts))
            known = split[found] = (joined, _kept(found, joined))
        return known

    rows, titles, texts = [], [], []
    for (key, need), (title, text) in zip(needs.items(), raw, strict=True):
        (title_split, title_kept), (text_split, text_kept) = words(title), words(text)
        rows.append(
            (key, need.titel, title_split, text_split, _joined(need.system), _joined(need.mål))
        )
        titles.append(title_kept)
        texts.append(text_kept)
    columns = [list(column) for column in zip(*rows, strict=True)] or [[] for _ in range(COLUMNS)]
    return Rader(Index(columns, _postings(columns)), list(digests), titles, texts, counts)


def _kept(words: Iterable[str], split: str) -> str:
    """Words before the split as kept: '' when they are the row's words `split`."""
    joined = _joined(set(words))
    return "" if joined == split else joined


def _before_split(rader: Rader, n: int) -> tuple[list[str], list[str]]:
    """The title's and text's words of row `n` before the split."""
    columns = rader.index.columns
    return (
        (rader.title_words[n] or columns[2][n]).split(),
        (rader.text_words[n] or columns[3][n]).split(),
    )


def since(
    kept: Rader, needs: Mapping[str, Behov], digests: Sequence[bytes]
) -> tuple[Rader, Andringar] | None:
    """The rows of `needs` from those `kept` for an earlier portfolio (`kept` is not
    changed), and what changed; None when so much changed that `built` is as quick."""
    keys, old_keys = list(needs), kept.index.columns[0]
    at = {key: n for n, key in enumerate(old_keys)}
    if keys == old_keys:  # the same needs: compare their digests in place
        pairs = zip(kept.digests, digests, strict=True)
        fresh = {keys[n]: needs[keys[n]] for n, (was, now) in enumerate(pairs) if was != now}
    else:
        fresh = {
            key: need
            for (key, need), made in zip(needs.items(), digests, strict=True)
            if (n := at.get(key)) is None or kept.digests[n] != made
        }
    gone = at.keys() - needs.keys()
    if len(fresh) + len(gone) > CHANGED_MAX:
        return None
    counts = dict(kept.counts)
    before = [at[key] for key in (*fresh, *gone) if key in at]
    for n in before:
        for word in _before_split(kept, n)[1]:
            counts[word] -= 1
            if not counts[word]:
                del counts[word]
    raw = dict(zip(fresh, _raw(fresh.values()), strict=True))
    for _, text in raw.values():
        for word in set(text):
            counts[word] = counts.get(word, 0) + 1
    moved = {w for n in before for w in _before_split(kept, n)[1]} | {
        w for _, text in raw.values() for w in text
    }
    moved = {w for w in moved if (w in counts) != (w in kept.counts)}
    made = _Made(kept, needs, fresh, raw, counts)
    if keys == old_keys:
        rader, changes = made.in_place(_resplit(kept, moved))
    else:
        rader, changes = made.anew(_resplit(kept, moved), gone)
    rader.digests = list(digests)
    return rader, changes


class _Made:
    """The rows of `needs`: `fresh` ones made from their words `raw`, kept rows split
    again against the vocabulary `counts` where asked, every other row as `kept`."""

    def __init__(
        self,
        kept: Rader,
        needs: Mapping[str, Behov],
        fresh: Mapping[str, Behov],
        raw: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]],
        counts: dict[str, int],
    ) -> None:
        self.kept, self.needs, self.fresh, self.raw, self.counts = kept, needs, fresh, raw, counts

    def row(self, key: str, n: int | None, resplit: set[int]) -> tuple[list[str], str, str]:
        """The row of the need `key` (kept as row `n`), and its words before the split
        as kept."""
        kept = self.kept
        title: Sequence[str]
        text: Sequence[str]
        if key in self.fresh:
            title, text = self.raw[key]
            row = _row(key, self.fresh[key], (title, text), self.counts)
        else:
            assert n is not None
            row = [column[n] for column in kept.index.columns]
            if n not in resplit:
                return row, kept.title_words[n], kept.text_words[n]
            title, text = _before_split(kept, n)
            row[2:4] = [_joined(split_all(words, self.counts)) for words in (title, text)]
        return row, _kept(title, row[2]), _kept(text, row[3])

    def in_place(self, resplit: set[int]) -> tuple[Rader, Andringar]:
        """The same needs in the same order: only the fresh and `resplit` rows made."""
        kept, old = self.kept, self.kept.index.columns
        columns = [list(column) for column in old]
        titles, texts = list(kept.title_words), list(kept.text_words)
        changes = Andringar()
        at = {key: n for n, key in enumerate(old[0])}
        for n in sorted({at[key] for key in self.fresh} | resplit):
            row, titles[n], texts[n] = self.row(old[0][n], n, resplit)
            if row[2:] != [column[n] for column in old[2:]]:
                changes.profil.add(row[0])
            elif row[1] != old[1][n]:
                changes.titel.add(row[0])
            for column, value in zip(columns, row, strict=True):
                column[n] = value
        moved = [(at[key], at[key]) for key in changes.profil]
        index = Index(columns, _moved(kept.index, columns, moved))
        return Rader(index, [], titles, texts, self.counts), changes

    def anew(self, resplit: set[int], gone: set[str]) -> tuple[Rader, Andringar]:
        """Needs added or gone: every row in the order of `needs`; the postings moved
        when needs were only added at the end, else made anew."""
        old = self.kept.index.columns
        at = {key: n for n, key in enumerate(old[0])}
        changes = Andringar(borta=set(gone))
        rows, titles, texts = [], [], []
        for key in self.needs:
            n = at.get(key)
            row, title, text = self.row(key, n, resplit)
            if n is None or row[2:] != [column[n] for column in old[2:]]:
                changes.profil.add(key)
            elif row[1] != old[1][n]:
                changes.titel.add(key)
            rows.append(row)
            titles.append(title)
            texts.append(text)
        columns = [list(c) for c in zip(*rows, strict=True)] or [[] for _ in range(COLUMNS)]
        if gone or list(old[0]) != columns[0][: len(old[0])]:
            postings = _postings(columns)
        else:
            where = {key: n for n, key in enumerate(columns[0])}
            moved = [(where[key], at.get(key)) for key in changes.profil]
            postings = _moved(self.kept.index, columns, moved)
        return Rader(Index(columns, postings), [], titles, texts, self.counts), changes


def _raw(needs: Iterable[Behov]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each need's title and text words before the split; needs with the same title and
    text share them (computed once, as `liknande.profiles` does)."""
    known: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {}
    found = []
    for need in needs:
        text = text_of(need)
        words = known.get((need.titel, text))
        if words is None:
            words = known[need.titel, text] = (tuple(tokens(need.titel)), tuple(tokens(text)))
        found.append(words)
    return found


def _row(
    key: str, need: Behov, words: tuple[Sequence[str], Sequence[str]], vocabulary: Container[str]
) -> list[str]:
    title, text = words
    return [
        key,
        need.titel,
        _joined(split_all(title, vocabulary)),
        _joined(split_all(text, vocabulary)),
        _joined(need.system),
        _joined(need.mål),
    ]


def _resplit(kept: Rader, moved: set[str]) -> set[int]:
    """The kept rows whose split can differ now that the words `moved` came into the
    vocabulary or left it: those with a word that begins or ends with one of them (a
    compound's head, its head less a linking s, its tail; each at least three letters).
    The postings of a word name every need whose text has it."""
    parts = sorted((w for w in moved if len(w) >= _MIN_PART - 1), key=len, reverse=True)
    if not parts:
        return set()
    pattern = "|".join(map(re.escape, parts))
    either = re.compile(rf"^(?:{pattern})[^\n]*$|^[^\n]*(?:{pattern})$", re.MULTILINE)
    vocabulary = "\n".join(kept.counts)  # every word of a kept row is in it
    rows: set[int] = set()
    for word in either.findall(vocabulary):
        rows.update(map(int, kept.index.postings.get(word, "").split()))
    return rows


def _postings(columns: Sequence[Sequence[str]]) -> dict[str, str]:
    """Per word and '@system' the numbers of the rows that have it (as `index_of`)."""
    found: dict[str, list[str]] = {}
    for number, (words, systems) in enumerate(zip(columns[3], columns[4], strict=True)):
        for word in (*words.split(), *(SYSTEM_MARK + s for s in systems.split())):
            found.setdefault(word, []).append(str(number))
    return {word: " ".join(rows) for word, rows in found.items()}


def _moved(
    old: Index, columns: Sequence[Sequence[str]], rows: Iterable[tuple[int, int | None]]
) -> dict[str, str]:
    """`old`'s postings with the `rows` (their number, the same in `old` or None: added
    at the end) moved to the words they have now in `columns`."""
    postings = dict(old.postings)
    for number, n in rows:
        was = set() if n is None else _posted(old.columns, n)
        now = _posted(columns, number)
        for word in was - now:
            left = [r for r in postings[word].split() if r != str(number)]
            if left:
                postings[word] = " ".join(left)
            else:
                del postings[word]
        for word in now - was:
            numbers = [int(r) for r in postings.get(word, "").split()]
            insort(numbers, number)
            postings[word] = " ".join(map(str, numbers))
    return postings


def _posted(columns: Sequence[Sequence[str]], n: int) -> set[str]:
    return {*columns[3][n].split(), *(SYSTEM_MARK + s for s in columns[4][n].split())}
