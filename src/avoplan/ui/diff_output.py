"""A portfolio change as Markdown (a PR comment), JSON or GitHub workflow annotations.

Markdown goes into a pull-request comment, so everything a user wrote is escaped (no
@mention pings anyone, no #ref links, no HTML renders), long sections fold in <details>,
and the whole stays under GitHub's 65 536 characters, saying what it left out. A hidden
marker lets a workflow find and update its one comment.
"""

from __future__ import annotations

import re
from typing import Any

from avoplan.core.text import format_kr
from avoplan.granskning.portfolio_diff import (
    Change,
    DecisionEdit,
    FileEdit,
    Issue,
    Move,
    PhaseMove,
)
from avoplan.granskning.verification import DecisionRange, Problem

MARKER = "<!-- avoplan-diff -->"
LIMIT = 65_536
BUDGET = LIMIT - 2_000  # room for the heading, the verdict and the truncation note
FOLD = 10  # a section longer than this folds


def markdown(change: Change, base: str, head: str, limit: int = BUDGET) -> str:
    heading = [MARKER, f"## Portföljändringar ({_md(base)} → {_md(head)})", ""]
    if change.empty:
        return "\n".join([*heading, "Ändringen påverkar inte portföljen.", ""])
    verdict = (
        "**Ändringen inför fel; rätta dem innan den slås ihop.**"
        if change.introduces_errors
        else "Ändringen inför inga fel."
    )
    body, left_out = _fit(_sections(change), limit)
    note = (
        [
            f"*Listan är avkortad: {left_out} rader visas inte. Kör `avoplan diff` eller "
            "`avoplan diff -f json` för allt.*",
            "",
        ]
        if left_out
        else []
    )
    return "\n".join([*heading, *body, *note, verdict, ""])


def _sections(change: Change) -> list[tuple[str, list[str]]]:
    return [
        ("Beslut som inte håller (fel R2)", [_problem_md(p) for p in change.problems]),
        (
            "Identitetsändringar att granska",
            [
                f"{_path(change.review.organisation_file if change.review else '')}: "
                f"{_md(i.message)}"
                for i in change.identities
            ],
        ),
        ("Nya regelbrott", [_issue_md(i) for i in change.introduced]),
        (
            "Ogiltiga filer",
            [f"{_path(f.path)} ({f.kind}): {_md(f.invalid)}" for f in change.files if f.invalid],
        ),
        ("Nya", [f"**{_md(i)}** {_md(t)}" for i, t in change.added]),
        ("Borttagna", [f"**{_md(i)}** {_md(t)}" for i, t in change.removed]),
        ("Flyttade i Behovsprocessen", [_move_md(m) for m in change.moves]),
        ("Flyttade mellan faser i projektmodellen", [_phase_md(m) for m in change.phases]),
        ("Ändrade eller borttagna beslut", [_decision_md(d) for d in change.decisions]),
        (
            "Kostnader",
            [
                f"**{_md(c.id)}** {_md(c.titel)}: {_kr(c.före)} → {_kr(c.efter)}"
                + (
                    f" ({_signed(c.efter - c.före)})"
                    if c.före is not None and c.efter is not None
                    else ""
                )
                for c in change.costs
            ],
        ),
        (
            "Prioritetslistan",
            [
                f"**{_md(r.id)}** {_md(r.titel)}: plats {r.före or '–'} → {r.efter or '–'}"
                for r in change.ranks
            ],
        ),
        ("Åtgärdade regelbrott", [_issue_md(i) for i in change.fixed]),
        ("Filer", [_file_md(f) for f in change.files]),
    ]


def _fit(sections: list[tuple[str, list[str]]], limit: int) -> tuple[list[str], int]:
    """The sections as Markdown within `limit` characters; the rows that did not fit."""
    lines: list[str] = []
    used, left_out = 0, 0
    for title, rows in sections:
        if not rows:
            continue
        fold = len(rows) > FOLD
        head = (
            [f"<details><summary>{title} ({len(rows)})</summary>", ""]
            if fold
            else [f"### {title}", ""]
        )
        tail = ["", "</details>", ""] if fold else [""]
        used += sum(len(x) + 1 for x in head + tail)
        shown: list[str] = []
        for row in rows:
            if used + len(row) + 3 > limit:
                left_out += len(rows) - len(shown)
                break
            shown.append(f"- {row}")
            used += len(row) + 3
        lines += [*head, *shown, *tail]
    return lines, left_out


def _move_md(move: Move) -> str:
    text = f"**{_md(move.id)}** {_md(move.titel)}: {move.från} → {move.till}"
    for beslut in move.beslut:
        point = f"BP{beslut.beslutspunkt}" if beslut.beslutspunkt else "återinträde"
        text += (
            f"<br>{point} {beslut.datum}: {_md(beslut.beslutad_av)} "
            f"({_md(beslut.roll)}) – {_md(beslut.motivering)}"
        )
    return text


def _phase_md(move: PhaseMove) -> str:
    text = f"**{_md(move.id)}** {_md(move.titel)}: {move.från} → {move.till}"
    for beslut in move.beslut:
        text += (
            f"<br>{beslut.datum}: {_md(beslut.beslutad_av)} "
            f"({_md(beslut.roll)}) – {_md(beslut.motivering)}"
        )
    return text


def _decision_md(edit: DecisionEdit) -> str:
    text = f"fel R2 **{_md(edit.id)}** {_md(edit.titel)}: {_md(decision_summary(edit))}"
    if edit.how:
        text += f" ({_md(edit.how)})"
    if edit.what == "borttaget":
        return text + "<br>Beslutet var: " + _md(decision_text(edit.beslut))
    return text + "".join(
        f"<br>{_md(name)}: {_md(before)} → {_md(after)}" for name, before, after in edit.fields
    )


def decision_summary(edit: DecisionEdit) -> str:
    noun = edit.lista if edit.lista in ("beslut", "fasbeslut") else "prioritetsbeslut"
    return (
        f"{noun} {edit.index} ({edit.beslut.datum}, {edit.beslut.beslutad_av}) "
        f"{edit.what} i efterhand"
    )


def decision_text(beslut: Any) -> str:
    """A recorded decision in full, one field after another."""
    fields = beslut.model_dump(mode="json", exclude_none=True)
    return "; ".join(
        f"{name}: {', '.join(map(str, value)) if isinstance(value, list) else value}"
        for name, value in fields.items()
        if value != []
    )


def _problem_md(problem: Problem) -> str:
    where = f"commit {problem.sha[:10]}" if problem.sha else "arbetskatalogen"
    return f"fel R2 {_path(problem.file)} {where}: {_md(problem.message)}"


def _file_md(edit: FileEdit) -> str:
    moved = f" (från {_path(edit.old_path)})" if edit.old_path else ""
    invalid = " – **ogiltig**" if edit.invalid else ""
    return f"{edit.status}: {_path(edit.path)}{moved} ({edit.kind}){invalid}"


def _issue_md(issue: Issue) -> str:
    rule = f"{issue.rule} " if issue.rule else ""
    place = f"{issue.file}:{issue.line}" if issue.line else issue.file
    field = f" {_md(issue.field)}:" if issue.field else ""
    return f"{issue.severity.value} {rule}{_path(place)}{field} {_md(issue.message)}"


_MARKDOWN = re.compile(r"([\\`*_\[\]|~])")
_REFERENCE = re.compile(r"([@#])(?=[\w-])")


def _md(text: object) -> str:
    """User text, inert in a GitHub comment: HTML as entities, Markdown characters
    escaped, a zero-width joiner after @ and # so no mention or reference links."""
    plain = " ".join(str(text).split())
    plain = plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    plain = _MARKDOWN.sub(r"\\\1", plain)
    return _REFERENCE.sub(lambda m: f"{m[1]}&#8288;", plain)


def _path(path: str | None) -> str:
    return f"<code>{_md(path).replace('`', '')}</code>"


def _kr(amount: int | None) -> str:
    return format_kr(amount) if amount is not None else "–"


def _signed(amount: int) -> str:
    return ("+" if amount >= 0 else "−") + format_kr(abs(amount))


# --- JSON -------------------------------------------------------------------------------


def as_dict(
    change: Change, base: str, head: str, commits: tuple[str, str | None] = ("", None)
) -> dict[str, object]:
    """Swedish keys and plain values, findings as `check -f json` writes them."""
    return {
        "bas": base,
        "ny": head,
        "bas_commit": commits[0],
        "ny_commit": commits[1],
        "inför_fel": change.introduces_errors,
        "filer": [
            {
                "status": f.status,
                "fil": f.path,
                "tidigare_fil": f.old_path,
                "typ": f.kind,
                "ogiltig": f.invalid,
            }
            for f in change.files
        ],
        "nya": [{"id": i, "titel": t} for i, t in change.added],
        "borttagna": [{"id": i, "titel": t} for i, t in change.removed],
        "flyttade": [
            {
                "id": m.id,
                "titel": m.titel,
                "från": m.från,
                "till": m.till,
                "beslut": [_plain(b) for b in m.beslut],
            }
            for m in change.moves
        ],
        "fasflyttade": [
            {
                "id": m.id,
                "titel": m.titel,
                "från": m.från,
                "till": m.till,
                "beslut": [_plain(b) for b in m.beslut],
            }
            for m in change.phases
        ],
        "ändrade_beslut": [
            {
                "id": d.id,
                "titel": d.titel,
                "lista": d.lista,
                "nummer": d.index,
                "ändring": d.what,
                "nivå": "fel",
                "regel": "R2",
                "beslut": _plain(d.beslut),
                "orsak": d.how or None,
                "fält": [{"fält": n, "före": b, "efter": a} for n, b, a in d.fields],
            }
            for d in change.decisions
        ],
        "beslutsfel": [
            {
                "fil": p.file,
                "commit": p.sha or None,
                "regel": "R2",
                "nivå": "fel",
                "meddelande": p.message,
            }
            for p in change.problems
        ],
        "identitetsändringar": [
            {
                "fil": change.review.organisation_file if change.review else None,
                "person": i.person,
                "namn": i.namn,
                "meddelande": i.message,
            }
            for i in change.identities
        ],
        "kostnader": [
            {"id": c.id, "titel": c.titel, "före": c.före, "efter": c.efter} for c in change.costs
        ],
        "prioritet": [
            {"id": r.id, "titel": r.titel, "före": r.före, "efter": r.efter} for r in change.ranks
        ],
        "nya_fynd": [_finding(i) for i in change.introduced],
        "åtgärdade_fynd": [_finding(i) for i in change.fixed],
    }


def _plain(model: Any) -> Any:
    return model.model_dump(mode="json", exclude_none=True)


def _finding(issue: Issue) -> dict[str, object]:
    return {
        "fil": issue.file,
        "rad": issue.line,
        "fält": issue.field or None,
        "regel": issue.rule,
        "nivå": issue.severity.value,
        "meddelande": issue.message,
    }


# --- GitHub annotations -------------------------------------------------------------------


def github(change: Change, prefix: str) -> str:
    """Workflow commands: one annotation per new rule violation, on its file and line."""
    lines = []
    for issue in change.introduced:
        level = "error" if issue.severity.value == "fel" else "warning"
        title = f"avoplan {issue.rule}" if issue.rule else "avoplan"
        lines.append(
            annotation(
                level, prefix + issue.file if issue.file else None, issue.line, title, issue.message
            )
        )
    for move in change.moves:
        lines.append(
            annotation(
                "notice",
                prefix + f"{_folder(move.id)}/{move.id}.yaml",
                None,
                "avoplan",
                f"{move.id} {move.från} → {move.till}",
            )
        )
    for phase in change.phases:
        lines.append(
            annotation(
                "notice",
                prefix + f"projekt/{phase.id}.yaml",
                None,
                "avoplan R36",
                f"{phase.id} fas {phase.från} → {phase.till}",
            )
        )
    for edit in change.decisions:  # the errors are the decision check's, below
        details = "; ".join(f"{n}: {b} → {a}" for n, b, a in edit.fields)
        lines.append(
            annotation(
                "notice",
                None,
                None,
                "avoplan R2",
                f"{edit.id}: {decision_summary(edit)}"
                + (f" ({edit.how})" if edit.how else "")
                + (f": {details}" if details else ""),
            )
        )
    if change.review is not None:
        lines.append(verdict_annotations(change.problems, change.review))
    return "".join(lines)


def verdict_annotations(problems: list[Problem], found: DecisionRange) -> str:
    """The decision check as annotations, the same for `verify` and `diff`: an error per
    problem, a warning per identity change to review."""
    lines = [
        annotation(
            "error", p.file, None, f"avoplan R2 {p.sha[:10] or 'arbetskatalogen'}", p.message
        )
        for p in problems
    ]
    lines += [
        annotation("warning", found.organisation_file, None, "avoplan R2 identitet", i.message)
        for i in found.identities
    ]
    return "".join(lines)


def _folder(item_id: str) -> str:
    return "projekt" if item_id.upper().startswith("PRJ") else "behov"


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command property (file, title) also ends at ',' and '::'."""
    return _escape(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, file: str | None, line: int | None, title: str, message: str) -> str:
    """One GitHub workflow command; nothing in a path or message can start another."""
    place = [f"file={_escape_property(file)}"] if file else []
    place += [f"line={line}"] if line and file else []
    place.append(f"title={_escape_property(title)}")
    return f"::{level} {','.join(place)}::{_escape(message)}\n"
