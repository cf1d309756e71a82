"""What the one judge may consult about a decision (`Facts`), as it stood when the
decision was taken; given by `advance` (the workspace) and by `check` (the rules)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Any, NamedTuple

from avoplan.behovsprocess.mandat import Context
from avoplan.models.common import Steg
from avoplan.models.delegation import Delegationsordning
from avoplan.models.mote import Mote

_NONE: Mapping[Any, Any] = MappingProxyType({})  # an empty mapping no one can fill


class Facts(NamedTuple):
    """What judging one decision may consult, as it stood when the decision was taken:
    `ctx.org` is the organisation in force on the decision's date. A tuple, not a
    frozen dataclass: a check of 10 000 items makes one for each of 17 000 decisions."""

    ctx: Context
    delegationsordning: Delegationsordning
    state: Steg  # the step the need stood in before the decision
    previous: date | None  # the date of the decision before it
    today: date  # given by the caller: the judge never asks the clock
    # The meetings (möten/) a decision may name, by id: all of them in check, the one
    # named in advance.
    meetings: Mapping[str, Mote] = _NONE
    # R35: when each need or project the need depends on started (None: not started);
    # ids that are not in the portfolio are left to the reference checks.
    starts: Mapping[str, date | None] = _NONE
    # R33: the systems under tjänsteförvaltning (TID's register), id -> namn.
    tjänstesystem: Mapping[str, str] = _NONE
