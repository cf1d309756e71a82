"""The findings of the checks that judge one item at a time, remembered per item (issue 26).

Most of `check`'s rules judge each need or project on its own against what every item
shares (`rules.per_item.local_checks`). After one changed file, an item whose file is
unchanged gets the same findings from each of them as last time, so they are kept here
per item, keyed by a digest of:

- the item's file (its name and the digest of its bytes);
- the common part: what the decisions' replay counts as common (`replay.common_parts`:
  avoplan's code, the day, the earlier organisations and the federation's sync, every
  file outside behov/ and projekt/), and the ids of every need and project (loaded or
  not), since a reference is judged against them.

The entries are keyed and checksummed with this machine's secret, written atomically,
and never on a run that writes no cache, exactly as the replay's (`replay.ReplayMemo`,
whose format this shares: the JSON holds one list of finding rows per check).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from avoplan.core.findings import Finding
from avoplan.store.cache.manifest import finding_from_row, finding_row
from avoplan.store.cache.replay import ReplayMemo

if TYPE_CHECKING:
    from avoplan.models.portfolio import Portfolio

ITEM_RULES_FILE = "item_rules.tsv"


class ItemFindings(ReplayMemo):
    """Per item, what each of the one-item checks found last time (`rules.alla.ItemMemo`)."""

    def known(self, file: Path, checks: int) -> list[list[Finding]] | None:
        """The findings of each of `checks` checks for the item in `file`, placed in it;
        None when they are not known for its inputs."""
        key = self._item_key(file)
        entry = None if key is None else self.old.get(key)
        if key is None or entry is None or entry[0] != self._checksum(key, entry[1]):
            return None
        if entry[1] == _NONE.get(checks):  # most items: nothing found, nothing to parse
            found: list[list[Finding]] = [[] for _ in range(checks)]
        else:
            try:
                rows = json.loads(entry[1])
                found = [[finding_from_row(row, file) for row in part] for part in rows]
            except Exception:  # noqa: BLE001 (a damaged entry is a miss, whatever broke)
                return None
        if len(found) != checks:
            return None
        self.new[key] = entry
        return found

    def keep(self, file: Path, found: list[list[Finding]]) -> None:
        """Remember what each check found for the item in `file` (not when its file's
        digest is unknown)."""
        key = self._item_key(file)
        if key is None:
            return
        rows = json.dumps([[finding_row(f) for f in part] for part in found], ensure_ascii=False)
        self.new[key] = (self._checksum(key, rows), rows)

    def _item_key(self, file: Path) -> str | None:
        """The digest of the common part and the item's file (None: its digest unknown)."""
        own = self.digest_of(file)
        if own is None:
            return None
        text = f"{self.common}\0{own}".encode("utf-8", "surrogatepass")
        return hashlib.blake2b(text, digest_size=16, key=self.secret).hexdigest()


# What an item without findings stores, by the number of checks.
_NONE = {n: json.dumps([[]] * n) for n in range(64)}


def item_findings(memo: ReplayMemo, portfolio: Portfolio) -> ItemFindings:
    """The memo beside the replay's `memo` for the same run over `portfolio`."""
    common = hashlib.blake2b(digest_size=16, key=memo.secret)
    common.update(memo.common.encode() + b"\n")
    for ids in _ids(portfolio):
        common.update(json.dumps(ids, ensure_ascii=False).encode("utf-8", "surrogatepass"))
        common.update(b"\n")
    header = memo.header.replace("avoplan-replay", "avoplan-item-rules", 1)
    return ItemFindings(
        memo.file.parent / ITEM_RULES_FILE,
        header,
        common.hexdigest(),
        memo.digest_of,
        read_only=memo.read_only,
    )


def _ids(portfolio: Portfolio) -> list[list[str]]:
    """Every need's and project's id, loaded or not (a file that could not be read)."""
    from avoplan.models.portfolio import BEHOV, PROJEKT

    unreadable = portfolio.unreadable
    return [
        sorted(portfolio.behov),
        sorted(portfolio.projekt),
        sorted(unreadable.get(str(BEHOV.folder), frozenset())),
        sorted(unreadable.get(str(PROJEKT.folder), frozenset())),
    ]
