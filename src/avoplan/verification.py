"""Is every recorded decision genuine (R2)? Pure checks over a file's git changes.

A decision is added by a commit authored by the decider or by a registrator, and once
recorded it is never edited or removed: a later decision supersedes it instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from avoplan.models.organisation import Organisation
from avoplan.rulebook import R2, enforces
from avoplan.text import fold

REGISTRATOR = "registrator"
DECISION_LISTS = ("beslut", "prioritet")


@dataclass(frozen=True)
class FileChange:
    """One file as one commit changed it: its YAML data before (in the parent) and after;
    None where the file did not exist or could not be read."""

    sha: str
    author_name: str
    author_email: str
    when: datetime
    path: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Problem:
    sha: str
    file: str
    message: str


@enforces("verify", R2)
def review(changes: list[FileChange], org: Organisation) -> tuple[list[Problem], int]:
    """(problems, number of decisions added) over `changes`, oldest first."""
    problems: list[Problem] = []
    added = 0
    for change in changes:
        for key in DECISION_LISTS:
            before, after = _decisions(change.before, key), _decisions(change.after, key)
            problems += _rewritten(change, key, before, after)
            fresh = after[len(before):] if len(after) > len(before) else []
            added += len(fresh)
            problems += [p for d in fresh if (p := _authorship(change, d, org))]
    return problems, added


def _decisions(data: Any, key: str) -> list[Any]:
    found = data.get(key) if isinstance(data, dict) else None
    return found if isinstance(found, list) else []


def _rewritten(change: FileChange, key: str, before: list[Any], after: list[Any]) -> list[Problem]:
    noun = "beslut" if key == "beslut" else "prioritetsbeslut"
    if change.after is None and before:
        return [Problem(change.sha, change.path,
                        f"filen med {len(before)} {noun} togs bort; inget får raderas")]
    problems = []
    for index, old in enumerate(before):
        if index >= len(after):
            problems.append(Problem(change.sha, change.path,
                                    f"{noun} {index + 1} ({_describe(old)}) togs bort"))
        elif after[index] != old:
            problems.append(Problem(change.sha, change.path,
                                    f"{noun} {index + 1} ({_describe(old)}) ändrades i "
                                    "efterhand; registrera ett nytt beslut i stället"))
    return problems


def _authorship(change: FileChange, decision: Any, org: Organisation) -> Problem | None:
    if not isinstance(decision, dict):
        return None
    decider = org.person(str(decision.get("beslutad_av", "")))
    allowed = {p.epost.lower() for p in org.personer
               if fold(REGISTRATOR) in {fold(r) for r in p.roller}}
    if decider is not None:
        allowed.add(decider.epost.lower())
    if change.author_email.lower() in allowed:
        return None
    who = decider.namn if decider else decision.get("beslutad_av", "okänd")
    return Problem(change.sha, change.path,
                   f"beslutet ({_describe(decision)}) är fattat av {who} men registrerades av "
                   f"{change.author_name} <{change.author_email}>, som varken är "
                   "beslutsfattaren eller registrator")


def _describe(decision: Any) -> str:
    if not isinstance(decision, dict):
        return "okänt"
    if "till" in decision:
        point = decision.get("beslutspunkt")
        where = f"BP{point}" if point else "återinträde"
        return f"{where} {decision.get('datum')}: {decision.get('från')} → {decision.get('till')}"
    return f"plats {decision.get('plats')} {decision.get('datum')}"
