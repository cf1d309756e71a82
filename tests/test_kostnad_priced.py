"""The cost of an estimate in kronor (R20): each row of the model with its words, the
estimate priced with the schablon of its year, and what is missing in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from avoplan.core.errors import UserError
from avoplan.ekonomi.kostnad import Kostnadsrad, costed, format_hours, freed_value, priced
from avoplan.models.common import Kostnadspost
from avoplan.workspace.folder import Workspace

NBSP = "\u00a0"


def test_r20_the_estimate_priced_row_by_row_with_its_years_schablon(portfolio: Path) -> None:
    loaded = Workspace(portfolio).portfolio()
    need = loaded.behov["BEH-004"]  # 250 / 300 / 20 h and 90 000 kr, schablon 2025
    assert need.kostnad is not None
    estimate = need.kostnad.model_copy(
        update={"konsult_kr": 5000, "övrigt": [Kostnadspost(post="Licenser", kr=1200)]}
    )
    need = need.model_copy(update={"kostnad": estimate})
    cost = priced(need, loaded.schablon)
    assert cost is not None and cost.år == 2025
    assert cost.rader[:5] == (
        Kostnadsrad("Lönekostnad projektledare", f"250{NBSP}h × 720{NBSP}kr/h", 180000),
        Kostnadsrad("Projektgruppens tid (schablon)", f"300{NBSP}h × 560{NBSP}kr/h", 168000),
        Kostnadsrad("Styrgruppens tid (schablon)", f"20{NBSP}h × 950{NBSP}kr/h", 19000),
        Kostnadsrad("Utvecklingskostnad hos leverantör", "uppskattning", 90000),
        Kostnadsrad("Konsultkostnad", "uppskattning", 5000),
    )
    assert cost.rader[5:] == (Kostnadsrad("Licenser", "uppskattning", 1200),)
    assert cost.total == 180000 + 168000 + 19000 + 90000 + 5000 + 1200
    same, rates = costed(loaded.schablon, need)
    assert same == cost and rates.år == 2025
    assert priced(need.model_copy(update={"kostnad": None}), loaded.schablon) is None
    assert priced(need, {}) is None


def test_r20_what_is_missing_to_price_an_estimate(portfolio: Path) -> None:
    loaded = Workspace(portfolio).portfolio()
    need = loaded.behov["BEH-004"]
    with pytest.raises(UserError) as none:
        costed(loaded.schablon, need.model_copy(update={"kostnad": None}))
    assert none.value.message == "BEH-004 har ingen kostnadsskattning"
    assert none.value.hint == (
        "lägg till 'kostnad:' med år, timmar för projektledare, "
        "projektgrupp och styrgrupp samt leverantörs- och "
        "konsultkostnad (R20)"
    )
    with pytest.raises(UserError) as missing:
        costed({"2024": loaded.schablon["2025"], "2023": loaded.schablon["2025"]}, need)
    assert missing.value.message == (
        "schablon för 2025 saknas, så kostnaden för BEH-004 kan inte räknas (R20)"
    )
    assert missing.value.hint == (
        "lägg till schablon/2025.yaml (schabloner finns för 2023 och 2024)"
    )
    with pytest.raises(UserError) as nothing:
        costed({}, need)
    assert nothing.value.hint == "lägg till schablon/2025.yaml (schabloner finns för inga år)"


def test_freed_time_is_valued_and_hours_grouped(portfolio: Path) -> None:
    rates = Workspace(portfolio).portfolio().schablon["2025"]
    assert freed_value(None, rates) == 0
    assert freed_value(10, rates) == 4800
    assert format_hours(1234567) == f"1{NBSP}234{NBSP}567{NBSP}h"
