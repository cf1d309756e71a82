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

In a reviewed range (`verify --sedan`, a pull request) trust comes from the base: every
decision is judged against the organisation and .mailmap as they stood at the base, so a
change cannot first give a forger a decider's e-post (or a registrator role) and then use
it, not even when it swaps the e-post back afterwards. Such identity changes are listed
for review (`identity_changes`); decisions leaning on them fail until they have landed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from avoplan.core.rulebook import R2, R31, enforces
from avoplan.core.text import fold
from avoplan.models.common import Steg
from avoplan.models.organisation import Organisation

REGISTRATOR = "registrator"
DECISION_LISTS = ("beslut", "prioritet", "fasbeslut")
STEPS = frozenset(step.value for step in Steg)
NOUNS = {"beslut": "beslut", "prioritet": "prioritetsbeslut", "fasbeslut": "fasbeslut"}


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


@dataclass(frozen=True)
class Trust:
    """Who may register in a reviewed range: the organisation and .mailmap aliases as
    committed at its base (None: the organisation could not be read there)."""

    organisation: Organisation | None
    aliases: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class IdentityChange:
    """A person whose e-post, roles or registrator right a reviewed change alters;
    `fields` are (what, before, after) in Swedish."""

    person: str
    namn: str
    fields: tuple[tuple[str, str, str], ...]

    @property
    def message(self) -> str:
        changed = "; ".join(f"{what} {before} → {after}" for what, before, after in self.fields)
        whose = f"identiteten för {self.namn} ({self.person})" if self.person else self.namn
        return (
            f"{whose} ändras: {changed}; granska ändringen, beslut i samma ändring "
            "prövas mot identiteten före den"
        )


@dataclass(frozen=True)
class DecisionRange:
    """The changes of a reviewed range, the trust of its base (None: all history, each
    commit judged by the organisation before it), the identities the range alters, and
    organisation.yaml's path in the repository (where those are reported)."""

    changes: list[FileChange]
    trust: Trust | None
    identities: list[IdentityChange]
    organisation_file: str


@dataclass
class Verdict:
    """What review found: the problems, the decisions added, the commits that add them,
    and of those the commits with a good signature by the decider or a registrator."""

    problems: list[Problem] = field(default_factory=list)
    added: int = 0
    decision_commits: set[str] = field(default_factory=set)
    signed: set[str] = field(default_factory=set)


@enforces("verify", R2, R31)
def review(
    changes: list[FileChange], *, require_signed: bool = False, trust: Trust | None = None
) -> Verdict:
    """The verdict over `changes`, oldest first; with `trust` every decision is judged
    against the base's organisation, never one the reviewed change itself altered."""
    verdict = Verdict()
    problems = verdict.problems
    for change in changes:
        problems += _justerat_edited(change)
        for key in DECISION_LISTS:
            after = _decisions(change.after, key)
            if len(change.befores) > 1:
                parents = [_decisions(b, key) for b in change.befores]
                problems += _merge_rewritten(change, key, parents, after)
                fresh = [d for d in after if not any(d in p for p in parents)]
            else:
                before = _decisions(change.before, key)
                problems += _rewritten(change, key, before, after)
                fresh = after[len(before) :] if len(after) > len(before) else []
            verdict.added += len(fresh)
            if fresh:
                verdict.decision_commits.add(change.sha)
            found = [
                p
                for d in fresh
                if (p := _authorship(change, d, require_signed=require_signed, trust=trust))
            ]
            problems += found
            if fresh and require_signed and not found:
                verdict.signed.add(change.sha)
    verdict.signed -= {p.sha for p in problems}
    return verdict


def _justerat_edited(change: FileChange) -> list[Problem]:
    """R31: a meeting whose protokoll was justerat in a parent is never changed after."""
    problems = []
    for before in change.befores:
        justering = before.get("justering") if isinstance(before, dict) else None
        if not justering or change.after == before:
            continue
        what = "togs bort" if change.after is None else "ändrades efter justeringen"
        day = justering.get("datum") if isinstance(justering, dict) else None
        problems.append(
            Problem(
                change.sha,
                change.path,
                f"mötet {before.get('id')} har ett protokoll justerat {day} som "
                f"{what}; ett justerat protokoll ändras inte",
            )
        )
        break
    return problems


def _merge_rewritten(
    change: FileChange, key: str, parents: list[list[Any]], after: list[Any]
) -> list[Problem]:
    noun = NOUNS[key]
    lost = [d for parent in parents for d in parent if d not in after]
    return [
        Problem(
            change.sha,
            change.path,
            f"{noun} ({_describe(d)}) finns i en förälder men "
            "togs bort eller ändrades i sammanslagningen",
        )
        for d in {repr(d): d for d in lost}.values()
    ]  # each once; dicts do not hash


def _decisions(data: Any, key: str) -> list[Any]:
    found = data.get(key) if isinstance(data, dict) else None
    return found if isinstance(found, list) else []


def _rewritten(change: FileChange, key: str, before: list[Any], after: list[Any]) -> list[Problem]:
    noun = NOUNS[key]
    if change.after is None and before:
        return [
            Problem(
                change.sha,
                change.path,
                f"filen med {len(before)} {noun} togs bort; inget får raderas",
            )
        ]
    problems = []
    for index, old in enumerate(before):
        if index >= len(after):
            problems.append(
                Problem(change.sha, change.path, f"{noun} {index + 1} ({_describe(old)}) togs bort")
            )
        elif after[index] != old:
            problems.append(
                Problem(
                    change.sha,
                    change.path,
                    f"{noun} {index + 1} ({_describe(old)}) ändrades i "
                    "efterhand; registrera ett nytt beslut i stället",
                )
            )
    return problems


def _authorship(
    change: FileChange, decision: Any, *, require_signed: bool, trust: Trust | None = None
) -> Problem | None:
    if not isinstance(decision, dict):
        return None
    org = trust.organisation if trust else change.organisation
    aliases = trust.aliases if trust else change.aliases
    if org is None:
        where = "vid granskningens bas" if trust else "före denna commit"
        return Problem(
            change.sha,
            change.path,
            f"beslutet ({_describe(decision)}) kan inte "
            f"prövas: organisation.yaml gick inte att läsa {where}",
        )
    allowed, who = _allowed(org, decision)
    if require_signed:
        problem = _signature(change, decision, allowed, who, aliases)
    elif _address(aliases, change.author_email) in allowed:
        problem = None
    else:
        problem = Problem(
            change.sha,
            change.path,
            f"beslutet ({_describe(decision)}) är fattat av {who} men "
            f"registrerades av {change.author_name} <{change.author_email}>, "
            "som varken är beslutsfattaren eller registrator",
        )
    if problem and trust and _accepted_inside(change, decision, require_signed=require_signed):
        problem = Problem(
            problem.sha,
            problem.file,
            problem.message + " vid granskningens "
            "bas; det bygger på en identitetsändring i samma ändring, så "
            "registrera beslutet först när den ändringen har landat",
        )
    return problem


@enforces("advance", R2)
def may_register(org: Organisation, aliases: Mapping[str, str], decider: str, email: str) -> bool:
    """Whether a commit authored as `email` may add a decision by `decider` (a person id):
    what `verify` will ask of the commit `advance --commit` makes."""
    allowed, _ = _allowed(org, {"beslutad_av": decider})
    return _address(aliases, email) in allowed


def _allowed(org: Organisation, decision: dict[str, Any]) -> tuple[set[str], str]:
    """The addresses that may register `decision`, and who it names as decider."""
    decider = org.person(str(decision.get("beslutad_av", "")))
    allowed = {
        p.epost.lower() for p in org.personer if fold(REGISTRATOR) in {fold(r) for r in p.roller}
    }
    if decider is not None:
        allowed.add(decider.epost.lower())
    return allowed, decider.namn if decider else str(decision.get("beslutad_av", "okänd"))


def _accepted_inside(change: FileChange, decision: dict[str, Any], *, require_signed: bool) -> bool:
    """Whether the organisation as the change itself left it would have let it pass."""
    if change.organisation is None:
        return False
    allowed, _ = _allowed(change.organisation, decision)
    email = change.signer if require_signed else change.author_email
    good = change.signature == "G" or not require_signed
    return good and _address(change.aliases, email) in allowed


def _address(aliases: Mapping[str, str], email: str) -> str:
    wanted = email.strip().lower()
    return aliases.get(wanted, wanted)


def identity_changes(
    before: Organisation | None, after: Organisation | None
) -> list[IdentityChange]:
    """Each person whose e-post, roles or registrator right differ between the base's
    organisation and the change's (a new person holding the registrator role too)."""
    if before is None or after is None:
        return []
    old = {p.id: p for p in before.personer}
    found = []
    for person in after.personer:
        was = old.get(person.id)
        fields: list[tuple[str, str, str]] = []
        if was is None:
            if _registrator(person.roller):
                fields.append(("registrator", "nej (ny person)", "ja"))
        else:
            if was.epost.lower() != person.epost.lower():
                fields.append(("e-post", was.epost, person.epost))
            if sorted(map(fold, was.roller)) != sorted(map(fold, person.roller)):
                fields.append(("roller", _roles(was.roller), _roles(person.roller)))
            if _registrator(was.roller) != _registrator(person.roller):
                fields.append(
                    (
                        "registrator",
                        _yes(_registrator(was.roller)),
                        _yes(_registrator(person.roller)),
                    )
                )
        if fields:
            found.append(IdentityChange(person.id, person.namn, tuple(fields)))
    return found


def alias_changes(before: Mapping[str, str], after: Mapping[str, str]) -> list[IdentityChange]:
    """The .mailmap addresses that count as another person after the change: one more way
    to lend a decider's identity, so reported for review like an e-post change."""
    changed = tuple(
        (f"{address} räknas som", before.get(address, "–"), after[address])
        for address in sorted(after)
        if before.get(address) != after[address]
    )
    return [IdentityChange("", ".mailmap", changed)] if changed else []


def _registrator(roles: list[str]) -> bool:
    return fold(REGISTRATOR) in {fold(r) for r in roles}


def _roles(roles: list[str]) -> str:
    return "[" + ", ".join(roles) + "]"


def _yes(value: bool) -> str:  # noqa: FBT001 (the value shown, not a flag)
    return "ja" if value else "nej"


SIGNATURES = {
    "N": "saknar signatur",
    "B": "har en ogiltig signatur",
    "U": "är signerad med en nyckel som inte finns bland de tillåtna",
    "X": "är signerad med en utgången signatur",
    "Y": "är signerad med en utgången nyckel",
    "R": "är signerad med en återkallad nyckel",
    "E": "har en signatur som inte kunde kontrolleras",
}


def _signature(
    change: FileChange, decision: Any, allowed: set[str], who: str, aliases: Mapping[str, str]
) -> Problem | None:
    if change.signature == "G" and _address(aliases, change.signer) in allowed:
        return None
    if change.signature == "G":
        return Problem(
            change.sha,
            change.path,
            f"beslutet ({_describe(decision)}) är fattat av {who} men commiten är "
            f"signerad av {change.signer}, som varken är beslutsfattaren eller "
            "registrator",
        )
    state = SIGNATURES.get(change.signature, "har en signatur som inte godtas")
    return Problem(
        change.sha,
        change.path,
        f"beslutet ({_describe(decision)}) är fattat av {who} men commiten {state}; "
        "med --require-signed ska beslutsfattaren eller registrator signera den",
    )


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
    if "till" in decision and decision.get("till") not in STEPS:  # a phase decision (R36)
        return f"fas {decision.get('datum')}: {decision.get('från')} → {decision.get('till')}"
    if "till" in decision:
        point = decision.get("beslutspunkt")
        where = f"BP{point}" if point else "återinträde"
        return f"{where} {decision.get('datum')}: {decision.get('från')} → {decision.get('till')}"
    return f"plats {decision.get('plats')} {decision.get('datum')}"
