"""Similar needs (R5): grovsållning coordinates a need "mot liknande behov och intresse
inom alla förvaltningar". Needs are ranked by how alike their words are, after a
Swedish-aware normalisation: case and å ä ö folded, stop words dropped, common endings
stemmed and compounds split into the words the other needs use.

The fuzzy comparison itself is rapidfuzz's (C++, well kept); this module only decides what
is compared and how much each field weighs. Pure: no I/O."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from avoplan.models.behov import Behov
from avoplan.text import fold

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
_ENDINGS = ("arnas", "ernas", "ornas", "heten", "arna", "erna", "orna", "ande", "ende",
            "ning", "ade", "are", "ast", "het", "en", "et", "ar", "er", "or", "na", "a", "e",
            "s")
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
    words = (fold(w) for w in _WORD.findall((text or "").lower()))
    return [stem(w) for w in words if w and w not in STOP_WORDS and not w.isdigit()]


def split_compound(token: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    """'lakemedelshanter' → ('lakemedel', 'hanter') when both parts are words of the
    vocabulary (a linking s between them is dropped); the token itself otherwise."""
    for cut in range(_MIN_PART, len(token) - _MIN_PART + 1):
        head, tail = token[:cut], token[cut:]
        if tail in vocabulary and (head in vocabulary or
                                   (head.endswith("s") and head[:-1] in vocabulary)):
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


@dataclass(frozen=True)
class Likhet:
    """One ranked similar need: its score and what it shares with the need asked about."""

    key: str
    titel: str
    score: float
    ord: tuple[str, ...]
    system: tuple[str, ...]
    mål: tuple[int, ...]

    @property
    def matched(self) -> str:
        """What matched, for a person: 'ord: journal, signer; system: treserva'."""
        words = ", ".join(self.ord[:SHOWN]) + (f" +{len(self.ord) - SHOWN}"
                                                if len(self.ord) > SHOWN else "")
        parts = [f"ord: {words}" if self.ord else "",
                 f"system: {', '.join(self.system)}" if self.system else "",
                 f"mål: {', '.join(map(str, self.mål))}" if self.mål else ""]
        return "; ".join(p for p in parts if p) or "—"


def profiles(needs: Mapping[str, Behov]) -> list[Profil]:
    """Profiles of `needs` (keyed by the id to show), compounds split against the words
    of all of them."""
    raw = {key: (tokens(n.titel), tokens(" ".join(filter(None, (n.titel, n.beskrivning,
                                                                 n.nytta)))))
           for key, n in needs.items()}
    vocabulary = frozenset(w for title, text in raw.values() for w in (*title, *text))
    return [Profil(key, n.titel, _split(raw[key][0], vocabulary),
                   _split(raw[key][1], vocabulary), frozenset(n.system), frozenset(n.mål))
            for key, n in needs.items()]


def _split(words: Iterable[str], vocabulary: frozenset[str]) -> frozenset[str]:
    return frozenset(part for w in words for part in (w, *split_compound(w, vocabulary)))


def compare(a: Profil, b: Profil) -> Likhet:
    """How alike two needs are (0–100) and what they share."""
    from rapidfuzz import fuzz

    title = fuzz.token_sort_ratio(" ".join(sorted(a.title_words)),
                                  " ".join(sorted(b.title_words))) / 100
    text = fuzz.token_set_ratio(" ".join(sorted(a.words)), " ".join(sorted(b.words))) / 100
    shared = a.words & b.words
    text *= min(1.0, len(shared) / 3)  # one shared word is no paraphrase
    score = 100 * (WEIGHTS["titel"] * title + WEIGHTS["text"] * text
                   + WEIGHTS["system"] * _jaccard(a.system, b.system)
                   + WEIGHTS["mål"] * _jaccard(a.mål, b.mål))
    return Likhet(b.key, b.titel, round(score, 1), tuple(sorted(shared)),
                  tuple(sorted(a.system & b.system)), tuple(sorted(a.mål & b.mål)))


def _jaccard(a: frozenset[Any], b: frozenset[Any]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def ranked(key: str, needs: Mapping[str, Behov], *, top: int = 10,
           minimum: float = 0.0) -> list[Likhet]:
    """The needs most like `needs[key]`, best first, at most `top`, scoring `minimum`
    or more; the need itself is left out."""
    by_key = {p.key: p for p in profiles(needs)}
    asked = by_key[key]
    found = [compare(asked, p) for k, p in by_key.items() if k != key]
    found = [f for f in found if f.score >= minimum]
    return sorted(found, key=lambda f: (-f.score, f.key))[:top]


def unmentioned(need: Behov, matches: Iterable[Likhet], home: str | None = None,
                strong: float = STRONG) -> list[str]:
    """R5 at BP2: the strong matches that the need's grovsållning does not name in
    liknande_behov, as Swedish warnings (a warning, never a refusal: the team may judge
    them different). `home` is the home member's short code, so 'BEH-007' and
    'ÄVO:BEH-007' are the same need."""
    named = {_local(ref, home) for ref in
             (need.grovsållning.liknande_behov if need.grovsållning else [])}
    return [f"{m.key} ”{m.titel}” liknar {need.id} (likhet {m.score:.0f}; {m.matched}) men "
            "nämns inte i grovsållning.liknande_behov"
            for m in matches if m.score >= strong and _local(m.key, home) not in named]


def _local(ref: str, home: str | None) -> str:
    """'ÄVO:BEH-007' → 'BEH-007' when ÄVO is home; other references unchanged."""
    code, _, local = ref.rpartition(":")
    return local if code and home and fold(code) == fold(home) else ref
