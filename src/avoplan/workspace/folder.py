"""The Workspace: one portfolio folder and everything avoplan does with it, built from the
parts it holds. Each part is an object of its own, given the parts it needs:

- `items`: one file or item at a time (an id as typed, the organisation over time, the
  federation as reading needs it), remembering each text it read (items.Items);
- `checker`: the whole portfolio read through the cache and checked (checking.Checker);
- `writer`: deciding and recording, every write judged as check would (writing.Writer);
- `history`: what git says of the portfolio (history.History);
- `members`: the federation's members synced, similar needs across them
  (federation.Federated);
- `projects`: a project's phase decisions and lägesrapporter after beslutspunkt 4
  (projekt_writing.ProjectRecords).

A command calls the Workspace's methods, each forwarded to the part that does it (the
table below), so no command needs to know which part that is.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Concatenate, Generic, ParamSpec, Self, TypeVar, overload

from avoplan.workspace.checking import Checker
from avoplan.workspace.federation import Federated
from avoplan.workspace.history import History
from avoplan.workspace.items import Items
from avoplan.workspace.projekt_writing import ProjectRecords
from avoplan.workspace.writing import Writer

P = ParamSpec("P")
R = TypeVar("R")


class _Forward(Generic[P, R]):
    """A Workspace method that is one part's method: `need = _Forward("items", Items.need)`
    makes `workspace.need(...)` call `workspace.items.need(...)`, typed as that method."""

    def __init__(self, part: str, method: Callable[Concatenate[Any, P], R]) -> None:
        self.part, self.name = part, method.__name__
        self.__doc__ = method.__doc__

    @overload
    def __get__(self, workspace: None, owner: type) -> Self: ...
    @overload
    def __get__(self, workspace: object, owner: type) -> Callable[P, R]: ...
    def __get__(self, workspace: object | None, owner: type) -> Self | Callable[P, R]:
        if workspace is None:
            return self
        return getattr(getattr(workspace, self.part), self.name)  # type: ignore[no-any-return]


class Workspace:
    """One portfolio folder and everything avoplan does with it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.items = Items(root)
        self.checker = Checker(self.items)
        self.writer = Writer(self.items, self.checker)
        self.history = History(self.items, self.checker)
        self.members = Federated(self.items, self.checker)
        self.projects = ProjectRecords(self.items, self.writer)

    @classmethod
    def find(cls, explicit: Path | None = None, *, writing: bool = False) -> Self:
        """--portfolio, $AVOPLAN_PORTFOLIO, or the nearest portfolio from the working
        directory up (see `finding.locate`); for a writing command, refused for the
        installed portfolio."""
        from avoplan.workspace.finding import locate

        workspace = cls(locate(explicit, writing=writing))
        if writing:
            workspace.items.for_writing()
        return workspace

    @property
    def embedded(self) -> bool:
        """Whether this is the ÄVO portfolio that ships with avoplan."""
        return self.items.embedded

    # --- one file or item at a time ----------------------------------------------------
    load = _Forward("items", Items.load)
    organisation = _Forward("items", Items.organisation)
    plan = _Forward("items", Items.plan)
    systems = _Forward("items", Items.systems)
    delegationsordning = _Forward("items", Items.delegationsordning)
    item_path = _Forward("items", Items.item_path)
    item_file = _Forward("items", Items.item_file)
    item = _Forward("items", Items.item)
    need = _Forward("items", Items.need)
    project = _Forward("items", Items.project)
    meeting_file = _Forward("items", Items.meeting_file)
    meeting = _Forward("items", Items.meeting)
    person = _Forward("items", Items.person)
    decider = _Forward("items", Items.decider)
    federation = _Forward("items", Items.federation)
    home_code = _Forward("items", Items.home_code)
    sync_state = _Forward("items", Items.sync_state)

    # --- the whole portfolio -----------------------------------------------------------
    check = _Forward("checker", Checker.check)
    portfolio = _Forward("checker", Checker.portfolio)
    checked_portfolio = _Forward("checker", Checker.checked_portfolio)
    portfolio_apart = _Forward("checker", Checker.portfolio_apart)
    file_digest = _Forward("checker", Checker.file_digest)
    item_data = _Forward("checker", Checker.item_data)
    underlag = _Forward("checker", Checker.underlag)
    key_findings = _Forward("checker", Checker.key_findings)
    render_inputs = _Forward("checker", Checker.render_inputs)

    # --- deciding and recording --------------------------------------------------------
    facts = _Forward("writer", Writer.facts)
    record = _Forward("writer", Writer.record)
    pending = _Forward("writer", Writer.pending)
    record_measurement = _Forward("writer", Writer.record_measurement)
    edit_item = _Forward("writer", Writer.edit_item)
    edit_file = _Forward("writer", Writer.edit_file)
    judge_writes = _Forward("writer", Writer.judge_writes)
    new_id = _Forward("writer", Writer.new_id)
    create_meeting = _Forward("writer", Writer.create_meeting)
    create_need = _Forward("writer", Writer.create_need)
    create_need_from = _Forward("writer", Writer.create_need_from)
    write_files = _Forward("writer", Writer.write_files)

    # --- a project after beslutspunkt 4 ------------------------------------------------
    projektmodell = _Forward("projects", ProjectRecords.projektmodell)
    record_phase = _Forward("projects", ProjectRecords.record_phase)
    record_report = _Forward("projects", ProjectRecords.record_report)

    # --- what git says -------------------------------------------------------------------
    need_history = _Forward("history", History.need_history)
    item_commits = _Forward("history", History.item_commits)
    decision_range = _Forward("history", History.decision_range)
    refuse_unverifiable_commit = _Forward("history", History.refuse_unverifiable_commit)
    baseline = _Forward("history", History.baseline)
    allowed_signers = _Forward("history", History.allowed_signers)
    allowed_signers_file = _Forward("history", History.allowed_signers_file)

    # --- the federation ----------------------------------------------------------------
    similar = _Forward("members", Federated.similar)
    sync_federation = _Forward("members", Federated.sync_federation)
    sync_age = _Forward("members", Federated.sync_age)
    federation_members = _Forward("members", Federated.federation_members)
    global_key = _Forward("members", Federated.global_key)
    unmentioned_similar = _Forward("members", Federated.unmentioned_similar)
