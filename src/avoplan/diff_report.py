"""A portfolio change as Markdown (a PR comment), JSON or GitHub workflow annotations."""

from __future__ import annotations

from dataclasses import asdict

from avoplan.portfolio_diff import Change, Issue
from avoplan.text import format_kr


def markdown(change: Change, base: str, head: str) -> str:
    lines = [f"## Portföljändringar ({base} → {head})", ""]
    if change.empty:
        return "\n".join([*lines, "Ändringen påverkar inte portföljen.", ""])
    lines += _section("Nya", [f"**{i}** {_md(t)}" for i, t in change.added])
    lines += _section("Borttagna", [f"**{i}** {_md(t)}" for i, t in change.removed])
    lines += _section("Flyttade i Behovsprocessen", [_move_md(m) for m in change.moves])
    lines += _section("Kostnader", [
        f"**{c.id}** {_md(c.titel)}: {_kr(c.före)} → {_kr(c.efter)}"
        + (f" ({_signed(c.efter - c.före)})" if c.före is not None and c.efter is not None
           else "") for c in change.costs])
    lines += _section("Prioritetslistan", [
        f"**{r.id}** {_md(r.titel)}: plats {r.före or '–'} → {r.efter or '–'}"
        for r in change.ranks])
    lines += _section("Nya regelbrott", [_issue_md(i) for i in change.introduced])
    lines += _section("Åtgärdade regelbrott", [_issue_md(i) for i in change.fixed])
    verdict = ("**Ändringen inför fel; rätta dem innan den slås ihop.**"
               if change.introduces_errors else "Ändringen inför inga fel.")
    return "\n".join([*lines, verdict, ""])


def _section(title: str, rows: list[str]) -> list[str]:
    return [f"### {title}", "", *(f"- {row}" for row in rows), ""] if rows else []


def _move_md(move: object) -> str:
    from avoplan.portfolio_diff import Move

    assert isinstance(move, Move)
    text = f"**{move.id}** {_md(move.titel)}: {move.från} → {move.till}"
    for beslut in move.beslut:
        point = f"BP{beslut.beslutspunkt}" if beslut.beslutspunkt else "återinträde"
        text += (f"<br>{point} {beslut.datum}: {_md(beslut.beslutad_av)} "
                 f"({_md(beslut.roll)}) – {_md(beslut.motivering)}")
    return text


def _issue_md(issue: Issue) -> str:
    rule = f"{issue.rule} " if issue.rule else ""
    place = f"`{issue.file}:{issue.line}`" if issue.line else f"`{issue.file}`"
    field = f" {issue.field}:" if issue.field else ""
    return f"{issue.severity.value} {rule}{place}{field} {_md(issue.message)}"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")


def _kr(amount: int | None) -> str:
    return format_kr(amount) if amount is not None else "–"


def _signed(amount: int) -> str:
    return ("+" if amount >= 0 else "−") + format_kr(abs(amount))


def as_dict(change: Change, base: str, head: str) -> dict[str, object]:
    return {"bas": base, "ny": head, "inför_fel": change.introduces_errors, **asdict(change)}


def github(change: Change, prefix: str) -> str:
    """Workflow commands: one annotation per new rule violation, on its file and line."""
    lines = []
    for issue in change.introduced:
        level = "error" if issue.severity.value == "fel" else "warning"
        place = f"file={prefix}{issue.file}" + (f",line={issue.line}" if issue.line else "")
        title = f"avoplan {issue.rule}" if issue.rule else "avoplan"
        lines.append(f"::{level} {place},title={title}::{_escape(issue.message)}")
    for move in change.moves:
        lines.append(f"::notice title=avoplan::{move.id} {move.från} → {move.till}")
    return "\n".join(lines) + ("\n" if lines else "")


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
