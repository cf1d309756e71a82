"""The one error hierarchy. Messages are Swedish: they are shown to municipal users."""

from __future__ import annotations


class AvoplanError(Exception):
    """Base of every error avoplan raises on purpose."""


class UserError(AvoplanError):
    """Bad input or a refused action: one readable line, exit code 1."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(UserError):
    """The command was called wrongly: exit code 2."""
