"""Is every recorded decision genuine (R2)? Pure checks over a file's git changes.

A decision is added by a commit authored by the decider or by a registrator, and once
recorded it is never edited or removed: a later decision supersedes it instead.

Who may register is read from the organisation as committed before the change (the first
parent's organisation.yaml), never from the working tree, so neither an uncommitted role
nor the same commit can grant the right. A person's other addresses (a GitHub no-reply
address) come from git's own `.mailmap`, read the same way. A merge is judged against each
parent: a decision found in no parent is new and needs its decider; a decision of any
parent missing from the merge was rewritten. With `require_signed` the commit must carry
a good signature whose signer (from allowed signers) is the decider or a registrator.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from avoplan.core.rulebook import R2, enforces
from avoplan.core.text import fold
from avoplan.models.organisation import Organisation

REGISTRATOR = "registrator"
DECISION_LISTS = ("beslut", "prioritet")


@dataclass(frozen=True)
class FileChange:
    """One file as one commit changed it: its YAML data in each parent (`befores`, one for
    an ordinary commit, several for a merge) and after; None where the file did not exist
    or could not be read. `organisation` and `aliases` (e-mail → the person's address) are
    those committed before the change; `signature` is git's %G? letter."""

    sha: str
    author_name: str
    author_email: str
    when: datetime
    path: str
    befores: tuple[Any, ...]
    after: Any
    organisation: Organisation | None = None
    aliases: Mapping[str, str] = field(default_factory=dict)
    signature: str = "N"
    signer: str = ""

    @property
    def before(self) -> Any:
        return self.befores[0] if self.befores else None


@dataclass(frozen=True)
class Problem:
    sha: str
    file: str
    message: str


@enforces("verify", R2)
def review(changes: list[FileChange], require_signed: bool = False
           ) -> tuple[list[Problem], int]:
    """(problems, number of decisions added) over `changes`, oldest first."""
    problems: list[Problem] = []
    added = 0
    for change in changes:
        for key in DECISION_LISTS:
            after = _decisions(change.after, key)
            if len(change.befores) > 1:
                parents = [_decisions(b, key) for b in change.befores]
                problems += _merge_rewritten(change, key, parents, after)
                fresh = [d for d in after if not any(d in p for p in parents)]
            else:
                before = _decisions(change.before, key)
                problems += _rewritten(change, key, before, after)
                fresh = after[len(before):] if len(after) > len(before) else []
            added += len(fresh)
            problems += [p for d in fresh if (p := _authorship(change, d, require_signed))]
    return problems, added


def _merge_rewritten(change: FileChange, key: str, parents: list[list[Any]],
                     after: list[Any]) -> list[Problem]:
    noun = "beslut" if key == "beslut" else "prioritetsbeslut"
    lost = [d for parent in parents for d in parent if d not in after]
    return [Problem(change.sha, change.path, f"{noun} ({_describe(d)}) finns i en förälder men "
                    "togs bort eller ändrades i sammanslagningen")
            for d in {repr(d): d for d in lost}.values()]  # each once; dicts do not hash


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


def _authorship(change: FileChange, decision: Any, require_signed: bool) -> Problem | None:
    if not isinstance(decision, dict):
        return None
    org = change.organisation
    if org is None:
        return Problem(change.sha, change.path, f"beslutet ({_describe(decision)}) kan inte "
                       "prövas: organisation.yaml gick inte att läsa före denna commit")
    decider = org.person(str(decision.get("beslutad_av", "")))
    allowed = {p.epost.lower() for p in org.personer
               if fold(REGISTRATOR) in {fold(r) for r in p.roller}}
    if decider is not None:
        allowed.add(decider.epost.lower())
    who = decider.namn if decider else decision.get("beslutad_av", "okänd")
    if require_signed:
        return _signature(change, decision, allowed, who)
    if _address(change, change.author_email) in allowed:
        return None
    return Problem(change.sha, change.path,
                   f"beslutet ({_describe(decision)}) är fattat av {who} men registrerades av "
                   f"{change.author_name} <{change.author_email}>, som varken är "
                   "beslutsfattaren eller registrator")


def _address(change: FileChange, email: str) -> str:
    wanted = email.strip().lower()
    return change.aliases.get(wanted, wanted)


SIGNATURES = {"N": "saknar signatur", "B": "har en ogiltig signatur",
              "U": "är signerad med en nyckel som inte finns bland de tillåtna",
              "X": "är signerad med en utgången signatur",
              "Y": "är signerad med en utgången nyckel",
              "R": "är signerad med en återkallad nyckel",
              "E": "har en signatur som inte kunde kontrolleras"}


def _signature(change: FileChange, decision: Any, allowed: set[str], who: str
               ) -> Problem | None:
    if change.signature == "G" and _address(change, change.signer) in allowed:
        return None
    if change.signature == "G":
        return Problem(change.sha, change.path,
                       f"beslutet ({_describe(decision)}) är fattat av {who} men commiten är "
                       f"signerad av {change.signer}, som varken är beslutsfattaren eller "
                       "registrator")
    state = SIGNATURES.get(change.signature, "har en signatur som inte godtas")
    return Problem(change.sha, change.path,
                   f"beslutet ({_describe(decision)}) är fattat av {who} men commiten {state}; "
                   "med --require-signed ska beslutsfattaren eller registrator signera den")


_MAILMAP = re.compile(r"<([^<>\s]*)>")


def mailmap_aliases(text: str) -> dict[str, str]:
    """git's .mailmap as {commit e-mail: proper e-mail}, lower case; lines naming one
    address only map names and are skipped."""
    aliases: dict[str, str] = {}
    for line in text.splitlines():
        addresses = _MAILMAP.findall(line.split("#", 1)[0])
        if len(addresses) >= 2:
            aliases[addresses[1].lower()] = addresses[0].lower()
    return aliases


def _describe(decision: Any) -> str:
    if not isinstance(decision, dict):
        return "okänt"
    if "till" in decision:
        point = decision.get("beslutspunkt")
        where = f"BP{point}" if point else "återinträde"
        return f"{where} {decision.get('datum')}: {decision.get('från')} → {decision.get('till')}"
    return f"plats {decision.get('plats')} {decision.get('datum')}"


def allowed_signers(org: Organisation, keys: Mapping[str, str]) -> str:
    """git's allowed-signers file: each person's address with each of their public keys
    (`keys`: person id → the text of nycklar/<id>.pub, one key a line)."""
    lines = []
    for person in org.personer:
        for line in keys.get(person.id, "").splitlines():
            key = line.strip()
            if key and not key.startswith("#"):
                lines.append(f'{person.epost.lower()} namespaces="git" {key}')
    return "".join(f"{line}\n" for line in lines)
