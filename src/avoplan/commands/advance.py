"""`avoplan advance`: move a need one beslutspunkt on, recording the decision (R1–R12)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from avoplan.decision import Outcome, Request, decide, project_from_need
from avoplan.errors import UsageError, UserError
from avoplan.items import (
    item_file,
    load_delegation,
    load_need,
    load_organisation,
    load_projects,
    next_id,
    person_named,
)
from avoplan.loader import PROJEKT, display, find_portfolio, item_path
from avoplan.models.behov import Behov
from avoplan.models.common import Steg
from avoplan.models.organisation import Organisation, Person
from avoplan.process import STEP_LABEL, Context

PROJECT_HEADER = (
    "Projekt enligt PPS, skapat ur {need} vid beslutspunkt 4 (avoplan advance).\n"
    "Fyll i projektdirektiv (effektmål, ramar, förutsättningar), projektplan\n"
    "(vad, hur, vem, när), styrgrupp (högst fem, leds av projektägaren) och projektgrupp."
)


def parse_step(value: str) -> Steg:
    try:
        return Steg(value)
    except ValueError:
        choices = ", ".join(s.value for s in Steg if s is not Steg.INSAMLING)
        raise UsageError(f"okänt steg '{value}'", f"välj ett av: {choices}") from None


def run(portfolio: Path | None, item_id: str, to: str, *, beslutad_av: str | None = None,
        datum: date | None = None, forum: str | None = None, motivering: str | None = None,
        protokoll: str | None = None, commit: bool = False) -> int:
    root = find_portfolio(portfolio)
    target = parse_step(to)
    if not motivering or not motivering.strip():
        raise UsageError("motivering saknas", "varje beslut ska motiveras: --motivering \"…\"")
    need = load_need(root, item_id)
    org = load_organisation(root)
    request = Request(target, _decider(org, root, beslutad_av), datum or date.today(),
                      motivering.strip(), forum, protokoll)
    ctx = Context(need, org, load_projects(root, need.projekt))
    outcome = decide(request, ctx, load_delegation(root))
    need_file = item_file(root, need.id)
    if commit:
        _refuse_unrelated_changes(need_file)
    before = {need_file: need_file.read_text(encoding="utf-8")}
    files = _write(root, need, outcome)
    sha = _commit(files, before, commit_message(need, outcome, request.person)) if commit else None
    _report(need, outcome, request.person, files, sha)
    return 0


def _decider(org: Organisation, root: Path, given: str | None) -> Person:
    """--beslutad-av, or whoever's git e-mail runs the command."""
    if given:
        return person_named(org, given)
    from avoplan.git import user_email

    email = user_email(root)
    person = org.person_by_email(email) if email else None
    if person is None:
        raise UserError(f"vet inte vem som beslutar: git-e-posten {email or '(saknas)'} "
                        "finns inte i organisation.yaml", "ange --beslutad-av PERSON")
    return person


def _write(root: Path, need: Behov, outcome: Outcome) -> list[Path]:
    from avoplan.edits import create_file, record_decision

    need_file = item_file(root, need.id)
    project_id = None
    files = [need_file]
    if outcome.beslut.till == Steg.PROJEKT:
        project_id = _new_project_id(root)
        project_file = item_path(root, PROJEKT, project_id)
        data = project_from_need(need, project_id, outcome.beslut.datum)
        create_file(project_file, data, PROJECT_HEADER.format(need=need.id))
        files.append(project_file)
    record_decision(need_file, outcome.beslut, project_id)
    return files


def _new_project_id(root: Path) -> str:
    from avoplan.git import ids_on_branches

    return next_id(root, PROJEKT, ids_on_branches(root, root / PROJEKT.folder))


def _refuse_unrelated_changes(file: Path) -> None:
    from avoplan.git import has_uncommitted_changes

    if has_uncommitted_changes(file):
        raise UserError(f"{display(file)} har ändringar som inte är incheckade",
                        "checka in eller ångra dem först, eller utelämna --commit")


def _commit(files: list[Path], before: dict[Path, str], message: str) -> str:
    """Commit the written files; on failure put every file back as it was."""
    from avoplan.edits import restore
    from avoplan.git import commit_files

    try:
        return commit_files(files, message)
    except BaseException:
        for file in files:
            restore(file, before.get(file))
        raise


def _report(need: Behov, outcome: Outcome, person: Person, files: list[Path],
            sha: str | None) -> None:
    from avoplan.console import say

    beslut = outcome.beslut
    point = f"beslutspunkt {beslut.beslutspunkt}" if beslut.beslutspunkt else "återinträde"
    say(f"{need.id} {STEP_LABEL[beslut.från]} → {STEP_LABEL[beslut.till]} ({point})")
    where = f", forum {beslut.forum}" if beslut.forum else ""
    say(f"Beslutat av {person.namn} ({beslut.roll}){where}, {beslut.datum}.")
    for warning in outcome.warnings:
        say(f"varning {warning.rule or ''} {warning.message}")
    for file in files:
        say(f"Skrev {display(file)}")
    if sha:
        say(f"Commit {sha}")


def commit_message(need: Behov, outcome: Outcome, person: Person) -> str:
    beslut = outcome.beslut
    point = f"BP{beslut.beslutspunkt}" if beslut.beslutspunkt else "återinträde"
    return (f"{need.id}: {STEP_LABEL[beslut.från]} → {STEP_LABEL[beslut.till]} ({point}), "
            f"beslutat av {person.namn}\n\n{beslut.roll}. {beslut.motivering}\n")

