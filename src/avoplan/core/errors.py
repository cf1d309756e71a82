"""The one error hierarchy. Messages are Swedish: they are shown to municipal users."""

from __future__ import annotations


class AvoplanError(Exception):
    """Base of every error avoplan raises on purpose."""


class UserError(AvoplanError):
    """Bad input or a refused action: one readable line, exit code 1."""

    def __init__(
        self, message: str, hint: str | None = None, details: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = details  # one line per reason, shown under the message


class UsageError(UserError):
    """The command was called wrongly: exit code 2."""
