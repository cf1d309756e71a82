"""The Workspace: one portfolio folder and everything avoplan does with it."""

from __future__ import annotations

from avoplan.workspace.federation import Federated
from avoplan.workspace.history import History
from avoplan.workspace.writing import Writing


class Workspace(Writing, History, Federated):
    """One portfolio folder and everything avoplan does with it."""
