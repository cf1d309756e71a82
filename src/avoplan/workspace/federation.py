"""A Workspace in its federation (Integrerad Digitalisering): syncing the members, how old
the copies are, the members' portfolios and the needs most like one across all of them.
What reading needs of the federation (ids, avdelningar, sync state, a member's item) is `items`'."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from avoplan.core.errors import UserError
from avoplan.core.text import age_sv, fold
from avoplan.models.behov import Behov
from avoplan.models.federation import Medlem
from avoplan.models.portfolio import Portfolio
from avoplan.workspace.checking import Checker
from avoplan.workspace.items import Items

if TYPE_CHECKING:
    from avoplan.behovsprocess.liknande import Likhet


class Federated:
    """The members of the federation and similar needs across them: the members' copies
    through `items`, the home portfolio through `checker`."""

    def __init__(self, items: Items, checker: Checker) -> None:
        self.items, self.checker = items, checker
        self.root = items.root

    def similar(
        self, need: Behov, top: int = 10, minimum: float = 0.0, key: str | None = None
    ) -> tuple[list[Likhet], str | None]:
        """The needs most like `need` in this portfolio and every synced member (ids
        KOD:BEH-… there), from similarity indexes kept per member commit and for the home
        portfolio's files; and a line saying how old the members' copies are (None when
        there is no synced federation)."""
        from avoplan.behovsprocess.liknande import ranked_in
        from avoplan.store.cache.liknande import home_index

        copies = self.items.federation_copies()
        synced = copies.synced()
        indexes = [
            home_index(
                self.root, self.items.federation_cache, lambda: self.checker.portfolio().behov
            )
        ]
        indexes += [copies.index(code, sha) for code, sha in synced.items()]
        matches = ranked_in(need, key or need.id, indexes, top=top, minimum=minimum)
        return matches, self.sync_age() if synced else None

    def sync_federation(self) -> list[tuple[Medlem, str | None]]:
        """Fetch every other member with a repository, read-only, into the cache, all at
        once; records what was fetched and when. Returns each member with its sha (None:
        no repository)."""
        federation = self.items.federation()
        twice = federation.duplicates()
        if twice:
            _, member, earlier = twice[0]
            raise UserError(
                f"federation.yaml: medlemmarna {earlier.namn} och {member.namn} "
                f"har samma kod ({earlier.kod}, {member.kod}); inget synkades",
                "ge varje medlem en egen kod; 'avoplan check' visar raden",
            )
        wanted = [
            m for m in federation.medlemmar if m.förråd and not _same_code(m.kod, federation.hem)
        ]
        shas = self.items.federation_copies().sync(
            [(m.kod, self._source(m.förråd or ""), m.revision) for m in wanted]
        )
        return [(m, shas.get(m.kod)) for m in federation.medlemmar]

    def _source(self, given: str) -> str:
        """A relative path in federation.yaml is relative to the portfolio."""
        if "://" in given or given.startswith("git@") or Path(given).is_absolute():
            return given
        return str((self.root / given).resolve())

    def sync_age(self) -> str:
        """'Federationen synkades 2026-11-23 17:50 UTC (för 2 timmar sedan).'"""
        state = self.items.sync_state()
        if state is None:
            return "Federationen är inte synkad; kör 'avoplan federation sync'."
        when = datetime.fromisoformat(state["synkad"])
        return (
            f"Medlemmarnas portföljer enligt senaste synkningen {when:%Y-%m-%d %H:%M} UTC "
            f"({age_sv(datetime.now(UTC) - when)})."
        )

    def federation_members(self) -> dict[str, Portfolio]:
        """Each synced member's portfolio as of the last sync (offline), by short code."""
        copies = self.items.federation_copies()
        found = {code: copies.portfolio(code, sha) for code, sha in copies.synced().items()}
        return {code: p for code, p in found.items() if p is not None}

    def global_key(self, item_id: str, local: str) -> str:
        """How similar needs name the item typed as `item_id`: KOD:BEH-… for another
        member's, the local id for this portfolio's own."""
        from avoplan.models.ids import ItemId

        code = ItemId.parse(item_id).member
        member = self.items.federation().member(code) if code else None
        if member is None or _same_code(member.kod, self.items.home_code()):
            return local
        return f"{member.kod}:{local}"

    def unmentioned_similar(self, need: Behov) -> list[str]:
        """R5 at BP2: strong matches that need's grovsållning does not name (warnings)."""
        from avoplan.behovsprocess.liknande import STRONG, unmentioned

        matches, _ = self.similar(need, minimum=STRONG)
        return unmentioned(need, matches, self.items.home_code())


def _same_code(code: str, home: str | None) -> bool:
    return home is not None and fold(code) == fold(home)
