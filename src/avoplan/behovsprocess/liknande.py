"""Similar needs (R5): grovsållning coordinates a need "mot liknande behov och intresse
inom alla förvaltningar". Needs are ranked by how alike their words are, after a
Swedish-aware normalisation: case and å ä ö folded, stop words dropped, common endings
stemmed and compounds split into the words the other needs use.

The fuzzy comparison itself is rapidfuzz's (C++, well kept); this module only decides what
is compared and how much each field weighs. Pure: no I/O."""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from avoplan.core.text import fold
from avoplan.models.behov import Behov

# Score from 0 to 100; a match at or above STRONG is one grovsållningen should name.
STRONG = 50.0
# Field weights: the words say most, the shared systems and priority goals confirm.
SHOWN = 8  # shared words shown per match; the rest are counted
WEIGHTS = {"titel": 0.35, "text": 0.4, "system": 0.15, "mål": 0.1}

# Function words and words every need in the portfolio uses (they tell needs apart not
# at all), folded to ASCII as tokens are.
_STOP_TEXT = """
    och i att det som en ett på är av för med till den har de inte om ska kan så vi
    man där eller när från vid sig nu mer även bara också utan genom efter under alla
    andra denna detta dessa deras vara blir blev sin sitt sina hos samt mot ut in upp
    per via vill gör görs får inom behov behovet behoven digital digitala digitalt dag idag
    verksamheten
    """
STOP_WORDS = frozenset(fold(w) for w in _STOP_TEXT.split())

# Swedish inflection endings, longest first: 'journalerna' and 'journal' meet at 'journal'.
_ENDINGS = (
    "arnas",
    "ernas",
    "ornas",
    "heten",
    "arna",
    "erna",
    "orna",
    "ande",
    "ende",
    "ning",
    "ade",
    "are",
    "ast",
    "het",
    "en",
    "et",
    "ar",
    "er",
    "or",
    "na",
    "a",
    "e",
    "s",
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_MIN_STEM = 4
_MIN_PART = 4


def stem(token: str) -> str:
    """A folded token without its inflection ending (never shorter than four letters)."""
    for ending in _ENDINGS:
        if token.endswith(ending) and len(token) - len(ending) >= _MIN_STEM:
            return token[: -len(ending)]
    return token


def tokens(text: str | None) -> list[str]:
    """Folded, stemmed words of `text` without stop words."""
    found = (_normal(w) for w in _WORD.findall((text or "").lower()))
    return [w for w in found if w]


@lru_cache(maxsize=65536)
def _normal(word: str) -> str:
    """One word folded and stemmed, '' for a stop word or a number (remembered: the same
    few thousand words make up tens of thousands of needs)."""
    folded = fold(word)
    return "" if not folded or folded in STOP_WORDS or folded.isdigit() else stem(folded)


def split_compound(token: str, vocabulary: Container[str]) -> tuple[str, ...]:
    """'lakemedelshanter' → ('lakemedel', 'hanter') when both parts are words of the
    vocabulary (a linking s between them is dropped); the token itself otherwise."""
    for cut in range(_MIN_PART, len(token) - _MIN_PART + 1):
        head, tail = token[:cut], token[cut:]
        if tail in vocabulary and (
            head in vocabulary or (head.endswith("s") and head[:-1] in vocabulary)
        ):
            return (head.removesuffix("s") if head not in vocabulary else head, tail)
    return (token,)


@dataclass(frozen=True)
class Profil:
    """What a need is compared on: its words per field, its systems and goals."""

    key: str  # the id to show: BEH-042 at home, ÄVO:BEH-042 in a federation
    titel: str
    title_words: frozenset[str]
    words: frozenset[str]
    system: frozenset[str]
    mål: frozenset[int]


class Likhet(NamedTuple):
    """One ranked similar need: its score and what it shares with the need asked about
    (a tuple: the site makes tens of thousands of them on every render)."""

    key: str
    titel: str
    score: float
    ord: tuple[str, ...]
    system: tuple[str, ...]
    mål: tuple[int, ...]

    @property
    def matched(self) -> str:
        """What matched, for a person: 'ord: journal, signer; system: treserva'."""
        words = ", ".join(self.ord[:SHOWN]) + (
            f" +{len(self.ord) - SHOWN}" if len(self.ord) > SHOWN else ""
        )
        parts = [
            f"ord: {words}" if self.ord else "",
            f"system: {', '.join(self.system)}" if self.system else "",
            f"mål: {', '.join(map(str, self.mål))}" if self.mål else "",
        ]
        return "; ".join(p for p in parts if p) or "—"


def profiles(needs: Mapping[str, Behov]) -> list[Profil]:
    """Profiles of `needs` (keyed by the id to show), compounds split against the words
    of all of them. Needs with the same title and text share their words (computed once:
    a portfolio repeats a text now and then, a generated one often)."""
    texts: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {}
    raw = {}
    for key, n in needs.items():
        text = text_of(n)
        found = texts.get((n.titel, text))
        if found is None:
            found = texts[n.titel, text] = (tuple(tokens(n.titel)), tuple(tokens(text)))
        raw[key] = found
    vocabulary = frozenset(w for title, text in texts.values() for w in (*title, *text))
    split: dict[tuple[str, ...], frozenset[str]] = {}

    def words(found: tuple[str, ...]) -> frozenset[str]:
        known = split.get(found)
        if known is None:
            known = split[found] = split_all(found, vocabulary)
        return known

    return [
        Profil(
            key,
            n.titel,
            words(raw[key][0]),
            words(raw[key][1]),
            frozenset(n.system),
            frozenset(n.mål),
        )
        for key, n in needs.items()
    ]


def text_of(need: Behov) -> str:
    """What a need's words are taken from: its title, description and nytta."""
    return " ".join(filter(None, (need.titel, need.beskrivning, need.nytta)))


def as_written(stems: Iterable[str], need: Behov) -> tuple[str, ...]:
    """The shared `stems` as `need` writes them ('kompeten' → 'kompetens', a compound's
    part → the whole word it is part of), each once, in the order of the stems."""
    text = text_of(need)
    written = [w.lower() for w in _WORD.findall(text)]
    by_stem: dict[str, str] = {}
    for word in written:
        by_stem.setdefault(_normal(word), word)
    shown: dict[str, None] = {}
    for found in stems:
        word = by_stem.get(found) or next((w for w in written if found in fold(w)), found)
        shown.setdefault(word, None)
    return tuple(shown)


def split_all(words: Iterable[str], vocabulary: Container[str]) -> frozenset[str]:
    """`words` with the parts of each compound among them (`split_compound`)."""
    return frozenset(part for w in words for part in (w, *split_compound(w, vocabulary)))


def compare(a: Profil, b: Profil) -> Likhet:
    """How alike two needs are (0–100) and what they share."""
    from rapidfuzz import fuzz

    title = fuzz.token_sort_ratio(_joined(a.title_words), _joined(b.title_words))
    text = fuzz.token_set_ratio(_joined(a.words), _joined(b.words))
    shared = a.words & b.words
    score = _score(title, text, len(shared), _jaccard(a.system, b.system), _jaccard(a.mål, b.mål))
    return Likhet(
        b.key,
        b.titel,
        score,
        tuple(sorted(shared)),
        tuple(sorted(a.system & b.system)),
        tuple(sorted(a.mål & b.mål)),
    )


def _joined(words: Iterable[Any]) -> str:
    return " ".join(sorted(map(str, words)))


def _score(title: float, text: float, shared: int, system: float, mål: float) -> float:
    """The weighted score from rapidfuzz's ratios (0–100) and the Jaccard overlaps (0–1);
    one shared word is no paraphrase, so the text counts fully from three shared words."""
    text *= min(1.0, shared / 3)
    return round(
        WEIGHTS["titel"] * title
        + WEIGHTS["text"] * text
        + 100 * (WEIGHTS["system"] * system + WEIGHTS["mål"] * mål),
        1,
    )


def _jaccard(a: frozenset[Any], b: frozenset[Any]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def ranked(
    key: str, needs: Mapping[str, Behov], *, top: int = 10, minimum: float = 0.0
) -> list[Likhet]:
    """The needs most like `needs[key]`, best first, at most `top`, scoring `minimum`
    or more; the need itself is left out."""
    return ranked_in(needs[key], key, [index_of(profiles(needs))], top=top, minimum=minimum)


# --- many needs at once: the index ------------------------------------------------------

SYSTEM_MARK = "@"  # postings of a system are kept under '@id' (no word holds an @)
COLUMNS = 6  # key, titel, title words, words, systems, goals


@dataclass(frozen=True)
class Index:
    """The profiles of one portfolio in the compact form its cache file keeps: columns of
    strings, one entry per need (key, titel, then its title words, words, systems and
    goals, each space-joined and sorted), and per word and '@system' the numbers of the
    needs that have it, space-joined (parsed only for the words of the need asked about)."""

    columns: Sequence[Sequence[str]]
    postings: Mapping[str, str]

    def __len__(self) -> int:
        return len(self.columns[0])

    def profile(self, n: int) -> Profil:
        key, titel, title, words, system, mål = (column[n] for column in self.columns)
        return Profil(
            key,
            titel,
            frozenset(title.split()),
            frozenset(words.split()),
            frozenset(system.split()),
            frozenset(int(m) for m in mål.split()),
        )


def index_of(found: Iterable[Profil]) -> Index:
    """The index of `found` profiles."""
    rows: list[tuple[str, ...]] = []
    postings: dict[str, list[str]] = {}
    joined: dict[frozenset[Any], str] = {}  # profiles share their sets now and then

    def once(words: frozenset[Any]) -> str:
        known = joined.get(words)
        if known is None:
            known = joined[words] = _joined(words)
        return known

    for number, p in enumerate(found):
        rows.append(
            (p.key, p.titel, once(p.title_words), once(p.words), once(p.system), once(p.mål))
        )
        for word in (*p.words, *(SYSTEM_MARK + s for s in p.system)):
            postings.setdefault(word, []).append(str(number))
    columns = [list(column) for column in zip(*rows, strict=True)] or [[]] * COLUMNS
    return Index(columns, {word: " ".join(rows) for word, rows in postings.items()})


def profile_of(key: str, need: Behov, vocabulary: Container[str]) -> Profil:
    """One need's profile, compounds split against `vocabulary` (every portfolio's words)."""
    title = tokens(need.titel)
    text = tokens(text_of(need))
    return Profil(
        key,
        need.titel,
        split_all(title, vocabulary),
        split_all(text, vocabulary),
        frozenset(need.system),
        frozenset(need.mål),
    )


class _Words:
    """The words of several indexes, as the vocabulary compounds are split against."""

    def __init__(self, indexes: Sequence[Index]) -> None:
        self.indexes = indexes

    def __contains__(self, word: object) -> bool:
        return any(word in index.postings for index in self.indexes)


class _Top:
    """The best `size` matches so far (a heap, worst first) and the score to beat."""

    def __init__(self, size: int, minimum: float) -> None:
        self.size, self.minimum = size, minimum
        self.heap: list[tuple[float, tuple[int, ...], Likhet]] = []

    @property
    def cutoff(self) -> float:
        return self.heap[0][0] if len(self.heap) == self.size else self.minimum

    def offer(self, found: Likhet) -> None:
        if found.score < self.minimum:
            return
        # On equal scores the smaller id ranks higher, so it must compare as larger.
        entry = (found.score, (*(-ord(c) for c in found.key), 1), found)
        if len(self.heap) < self.size:
            heapq.heappush(self.heap, entry)
        elif entry[:2] > self.heap[0][:2]:
            heapq.heapreplace(self.heap, entry)

    def ranked(self) -> list[Likhet]:
        return sorted((e[2] for e in self.heap), key=lambda f: (-f.score, f.key))


def ranked_in(
    need: Behov, key: str, indexes: Sequence[Index], *, top: int = 10, minimum: float = 0.0
) -> list[Likhet]:
    """The needs of `indexes` most like `need` (shown as `key`, and left out), best first,
    at most `top`, scoring `minimum` or more: the same answer as comparing the need with
    every one of them. The needs are grouped by the most their shared words, systems and
    goals could add; within a group rapidfuzz ranks the titles at once (in C++), and only
    needs whose best possible score could still make the list are compared in full."""
    asked = profile_of(key, need, _Words(indexes))
    groups: dict[float, list[tuple[int, int]]] = {}
    touched = [_group(asked, index, i, groups) for i, index in enumerate(indexes)]
    best = _Top(top, minimum)
    for base in sorted(groups, reverse=True):
        if base + 100 * WEIGHTS["titel"] < best.cutoff:
            break
        _compare_group(asked, indexes, groups[base], base, best)
    if _NOTHING_SHARED + 100 * WEIGHTS["titel"] >= best.cutoff:  # only the title can help
        rest = [
            (i, n)
            for i, seen in enumerate(touched)
            for n in range(len(indexes[i]))
            if str(n) not in seen
        ]
        _compare_group(asked, indexes, rest, _NOTHING_SHARED, best)
    return best.ranked()


def _compare_group(
    asked: Profil, indexes: Sequence[Index], members: list[tuple[int, int]], base: float, best: _Top
) -> None:
    """Compare `asked` with the needs of one group, best title first, while a need's
    best possible score (its title ratio and the group's `base`) can still make the list."""
    from rapidfuzz import fuzz, process

    titles = [indexes[i].columns[2][n] for i, n in members]
    for _, title, at in process.extract(
        _joined(asked.title_words), titles, limit=None, scorer=fuzz.token_sort_ratio, processor=None
    ):
        if base + WEIGHTS["titel"] * title < best.cutoff:
            return
        i, n = members[at]
        if indexes[i].columns[0][n] != asked.key:
            best.offer(compare(asked, indexes[i].profile(n)))


def _ceiling(shared: int, *, system: bool) -> float:
    """The most shared words, systems and goals can add to a need's title share: the
    text ratio and the goals taken as full matches (rounded up a little, so a bound
    never falls below the score it bounds)."""
    return _score(0.0, 100.0, min(3, shared), 1.0 if system else 0.0, 1.0) + 0.1


_NOTHING_SHARED = _ceiling(0, system=False)


def _group(
    asked: Profil, index: Index, i: int, groups: dict[float, list[tuple[int, int]]]
) -> set[str]:
    """Put each need of `index` that shares a word or a system with `asked` in the group
    of its ceiling; returns their numbers as the postings spell them (the rest share
    nothing). Row numbers stay strings until a need is placed: this runs per need."""
    shared: Counter[str] = Counter()
    for word in asked.words:
        shared.update(index.postings.get(word, "").split())
    systems: set[str] = set()
    for system in asked.system:
        systems.update(index.postings.get(SYSTEM_MARK + system, "").split())
    ceilings = {
        (count, system): _ceiling(count, system=system)
        for count in range(1, 4)
        for system in (False, True)
    }
    for n, count in shared.items():
        groups.setdefault(ceilings[min(3, count), n in systems], []).append((i, int(n)))
    for n in systems - shared.keys():
        groups.setdefault(_ceiling(0, system=True), []).append((i, int(n)))
    return systems | shared.keys()


def unmentioned(
    need: Behov, matches: Iterable[Likhet], home: str | None = None, strong: float = STRONG
) -> list[str]:
    """R5 at BP2: the strong matches that the need's grovsållning does not name in
    liknande_behov, as Swedish warnings (a warning, never a refusal: the team may judge
    them different). `home` is the home member's short code, so 'BEH-007' and
    'ÄVO:BEH-007' are the same need."""
    named = {
        _local(ref, home) for ref in (need.grovsållning.liknande_behov if need.grovsållning else [])
    }
    return [
        f"{m.key} ”{m.titel}” liknar {need.id} (likhet {m.score:.0f}; {m.matched}) men "
        "nämns inte i grovsållning.liknande_behov"
        for m in matches
        if m.score >= strong and _local(m.key, home) not in named
    ]


def _local(ref: str, home: str | None) -> str:
    """'ÄVO:BEH-007' → 'BEH-007' when ÄVO is home; other references unchanged."""
    code, _, local = ref.rpartition(":")
    return local if code and home and fold(code) == fold(home) else ref
