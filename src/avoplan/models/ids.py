"""A behov's or projekt's id as a user types it, parsed once where it comes in: trimmed,
the local part in the files' spelling (beh-42 → BEH-42), and a global id's federation
member apart (ÄVO:BEH-042). Whether it names a behov or a projekt is `numbered_kind`'s."""

from __future__ import annotations

from dataclasses import dataclass

from avoplan.models.federation import split_global


@dataclass(frozen=True)
class ItemId:
    typed: str  # as given, trimmed: what messages quote
    local: str  # as the item's file is named (BEH-042)
    member: str | None = None  # a global id's member code (ÄVO), None for a local id

    @classmethod
    def parse(cls, text: str | ItemId) -> ItemId:
        if isinstance(text, ItemId):
            return text
        typed = text.strip()
        parts = split_global(typed)
        if parts is None:
            return cls(typed, typed.upper())
        return cls(typed, parts[1], parts[0])

    def __str__(self) -> str:
        """The id in the files' spelling: BEH-042, or ÄVO:BEH-042 for a global id."""
        return self.local if self.member is None else f"{self.member}:{self.local}"
