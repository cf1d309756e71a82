"""What the one judge may consult about a decision (`Facts`), as it stood when the
decision was taken; given by `advance` (the workspace) and by `check` (the rules)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from avoplan.behovsprocess.mandat import Context
from avoplan.models.common import Steg
from avoplan.models.delegation import Delegationsordning
from avoplan.models.mote import Mote


@dataclass(frozen=True)
class Facts:
    """What judging one decision may consult, as it stood when the decision was taken:
    `ctx.org` is the organisation in force on the decision's date."""

    ctx: Context
    delegationsordning: Delegationsordning
    state: Steg  # the step the need stood in before the decision
    previous: date | None = None  # the date of the decision before it
    today: date = field(kw_only=True)  # given by the caller: the judge never asks the clock
    # The meetings (möten/) a decision may name, by id: all of them in check, the one
    # named in advance.
    meetings: Mapping[str, Mote] = field(default_factory=dict)
    # R35: when each need or project the need depends on started (None: not started);
    # ids that are not in the portfolio are left to the reference checks.
    starts: Mapping[str, date | None] = field(default_factory=dict)
    # R33: the systems under tjänsteförvaltning (TID's register), id -> namn.
    tjänstesystem: Mapping[str, str] = field(default_factory=dict)
