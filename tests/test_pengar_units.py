"""The pure money parts (R38, R22) word for word: running costs priced, the budget line
drawn and stated, what infrastructure carries, and FTE demand against capacity. The
inputs are built here, so every expected number follows from them."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from avoplan.core.errors import UserError
from avoplan.ekonomi import kapacitet as kap
from avoplan.ekonomi.kostnad import Kostnadsrad, costed, price_running, total_cost
from avoplan.models.behov import Behov
from avoplan.models.common import Kostnadsskattning, Steg
from avoplan.models.forvaltningsobjekt import Forvaltningsobjekt, Projektroll
from avoplan.models.prioritering import Prioriteringsmodell
from avoplan.models.projekt import Projekt
from avoplan.models.schablon import Schablon
from avoplan.prioritet import budget, infrastruktur
from avoplan.prioritet.kvot import Carried, Model, _carried_sentence, assess, nytta_of

NBSP = "\u00a0"
RATE = {"pl": 700, "pg": 500, "sg": 900, "fri": 400, "förv": 450}


def _rates(
    year: int = 2025, förvaltning: int | None = RATE["förv"], fte: int | None = 1500
) -> Schablon:
    return Schablon(
        år=year,
        projektledare_kr_per_timme=RATE["pl"],
        projektgrupp_kr_per_timme=RATE["pg"],
        styrgrupp_kr_per_timme=RATE["sg"],
        frigjord_tid_kr_per_timme=RATE["fri"],
        förvaltning_kr_per_timme=förvaltning,
        timmar_per_årsarbete=fte,
    )


def _estimate(**running: object) -> Kostnadsskattning:
    data: dict[str, object] = {"år": 2025, "projektledare_timmar": 10}
    if running:
        data["löpande"] = running
    return Kostnadsskattning.model_validate(data)


def _kr(amount: int) -> str:
    return f"{amount:,}".replace(",", NBSP) + f"{NBSP}kr"


# --- running costs --------------------------------------------------------------------


def test_r38_running_cost_rows_word_for_word() -> None:
    estimate = _estimate(
        licenser_kr=1000, drift_kr=2000, förvaltning_timmar=3, övrigt=[{"post": "Support", "kr": 5}]
    )
    cost = price_running(estimate, _rates())
    assert not isinstance(cost, str) and cost is not None
    assert cost.år == 2025
    assert cost.rader == (
        Kostnadsrad("Licenser", "per år", 1000),
        Kostnadsrad("Drift", "per år", 2000),
        Kostnadsrad(
            "Förvaltningens tid (schablon)",
            f"3{NBSP}h × {_kr(RATE['förv'])}/h per år",
            3 * RATE["förv"],
        ),
        Kostnadsrad("Support", "per år", 5),
    )
    assert cost.total == 1000 + 2000 + 3 * RATE["förv"] + 5


def test_r38_no_running_cost_and_no_hours() -> None:
    assert price_running(_estimate(), _rates()) is None
    cost = price_running(_estimate(licenser_kr=7), _rates(förvaltning=None))
    assert not isinstance(cost, str) and cost is not None
    assert [r.post for r in cost.rader] == ["Licenser", "Drift"]


def test_r38_hours_without_a_rate_are_named() -> None:
    estimate = _estimate(förvaltning_timmar=1)
    assert price_running(estimate, _rates(förvaltning=None)) == (
        "schablon 2025 saknar förvaltning_kr_per_timme, så förvaltningens tid i drift kan "
        "inte prissättas (R38)"
    )
    need = Behov(id="BEH-001", titel="T", avdelning="a", kostnad=estimate)
    with pytest.raises(UserError) as refused:
        costed({"2025": _rates(förvaltning=None)}, need)
    assert refused.value.args[0] == (
        "BEH-001: schablon 2025 saknar förvaltning_kr_per_timme, så förvaltningens tid i "
        "drift kan inte prissättas (R38)"
    )
    assert refused.value.hint == "lägg till förvaltning_kr_per_timme i schablon/2025.yaml"


def test_r38_total_cost_of_ownership() -> None:
    assert total_cost(100, 7, 3) == 121
    assert total_cost(100, 0, 5) == 100


# --- the budget line ------------------------------------------------------------------

COSTS = [("BEH-001", 1, 100), ("BEH-002", 2, 50), ("PRJ-003", 3, 25)]


@pytest.mark.parametrize(
    ("ceiling", "fits"),
    [(150, 2), (149, 1), (0, 0), (175, 3), (174, 2), (10**9, 3)],
    ids=["exactly", "one_krona_over", "zero", "all", "all_but_one", "ample"],
)
def test_r38_the_line_falls_where_the_sum_passes_the_ceiling(ceiling: int, fits: int) -> None:
    line = budget.draw(COSTS, 2026, ceiling)
    assert [r.ryms for r in line.rader] == [n < fits for n in range(3)]
    assert [r.summa_kr for r in line.rader] == [100, 150, 175]
    assert [(r.id, r.plats, r.årskostnad_kr) for r in line.rader] == COSTS
    assert line.summa_kr == [0, 100, 150, 175][fits]
    assert (line.år, line.tak_kr, line.hypotetisk, line.ej_bedömda) == (2026, ceiling, False, 0)


def test_r38_a_cheap_item_below_the_line_does_not_jump_it() -> None:
    line = budget.draw([("A", 1, 10), ("B", 2, 100), ("C", 3, 1)], 2026, 50)
    assert [r.id for r in line.ryms] == ["A"]


def test_r38_the_line_in_words() -> None:
    assert budget.draw(COSTS, 2026, 150).text() == (
        f"Plats 1–2 ryms inom budget 2026 (tak {_kr(150)}): sammanlagt {_kr(150)}. "
        f"Plats 3 (PRJ-003) ryms inte: med den blir summan {_kr(175)}."
    )
    assert budget.draw(COSTS, 2026, 0, hypothetical=True).text() == (
        f"Inget ryms inom budget 2026 (tak {_kr(0)}, hypotetiskt). "
        f"Plats 1 (BEH-001) ryms inte: med den blir summan {_kr(100)}."
    )
    assert budget.draw(COSTS, 2027, 200, unassessed=2).text() == (
        f"Hela listan ryms inom budget 2027 (tak {_kr(200)}): sammanlagt {_kr(175)}, "
        f"{_kr(25)} kvar. 2 poster kan inte bedömas ännu och är inte medräknade."
    )
    assert budget.draw(COSTS, 2026, 1).rubrik == "ryms inom budget 2026"


def test_r38_the_budget_year() -> None:
    assert budget.budget_year({2025: 1, 2026: 2}, 2030) == 2026
    assert budget.budget_year({}, 2030) == 2030


# --- infrastructure ----------------------------------------------------------------------


def test_r22_what_makes_an_item_infrastructure() -> None:
    base = {"id": "BEH-001", "titel": "T", "avdelning": "a"}
    assert infrastruktur.enables(Behov.model_validate({**base, "nyttotyp": "infrastruktur"}))
    assert infrastruktur.enables(Behov.model_validate({**base, "effekttyp": ["infrastruktur"]}))
    assert not infrastruktur.enables(
        Behov.model_validate({**base, "nyttotyp": "direkt nytta", "effekttyp": ["miljö"]})
    )


def test_r22_a_carried_share_in_words_and_kronor() -> None:
    whole = Carried("BEH-002", Fraction(300), 1)
    half = Carried("BEH-003", Fraction(300), 3)
    none = Carried("BEH-004", None, 2)
    assert (whole.kr, half.kr, none.kr) == (Fraction(300), Fraction(100), Fraction(0))
    assert _carried_sentence(whole) == (
        f"Infrastruktur: BEH-002 beror på den och på inget annat, så den bär hela den viktade "
        f"nyttan hos BEH-002: {_kr(300)} (R22)."
    )
    assert _carried_sentence(half) == (
        f"Infrastruktur: BEH-003 beror på den och på 2 till, så den bär 1/3 av den viktade "
        f"nyttan hos BEH-003: {_kr(300)} × 1/3 = {_kr(100)} (R22)."
    )
    assert _carried_sentence(none) == (
        "Infrastruktur: BEH-004 beror på den men saknar frigjord tid eller effektomfattning, "
        "så ingen nytta bärs därifrån (R22)."
    )


def test_r22_own_benefit_needs_hours_scope_and_a_valuation_schablon() -> None:
    model = Model.of(Prioriteringsmodell())
    base = {"id": "BEH-001", "titel": "T", "avdelning": "a"}
    full = Behov.model_validate(
        {**base, "frigjord_tid_timmar_per_år": 10, "effektomfattning": "hög"}
    )
    nytta = nytta_of(full, _rates(), model)
    assert nytta is not None and nytta.weighted == 10 * RATE["fri"] * 1 * 1 * 3
    assert nytta_of(full, None, model) is None
    assert (
        nytta_of(full.model_copy(update={"frigjord_tid_timmar_per_år": None}), _rates(), model)
        is None
    )
    assert nytta_of(full.model_copy(update={"effektomfattning": None}), _rates(), model) is None


def test_r38_running_cost_and_carried_benefit_in_the_terms() -> None:
    model = Model.of(Prioriteringsmodell())
    need = Behov.model_validate(
        {
            "id": "BEH-001",
            "titel": "T",
            "avdelning": "a",
            "frigjord_tid_timmar_per_år": 0,
            "effektomfattning": "hög",
            "kostnad": {"år": 2025, "projektledare_timmar": 10, "löpande": {"drift_kr": 100}},
        }
    )
    scored = assess(
        need, {"2025": _rates()}, _rates(), model, (Carried("BEH-002", Fraction(9000), 1),)
    )
    assert not isinstance(scored, str)
    one_off = 10 * RATE["pl"]
    assert scored.kostnad_kr == one_off + 3 * 100
    assert scored.kvot == Fraction(9000, one_off + 300)
    assert (scored.terms.one_off, scored.terms.running_per_year, scored.terms.carried_kr) == (
        one_off,
        100,
        Fraction(9000),
    )
    hours = need.model_copy(
        update={"kostnad": _estimate(förvaltning_timmar=1).model_copy(update={"år": 2025})}
    )
    assert assess(hours, {"2025": _rates(förvaltning=None)}, _rates(), model) == (
        "schablon 2025 saknar förvaltning_kr_per_timme, så förvaltningens tid i drift kan "
        "inte prissättas (R38)"
    )


# --- capacity ----------------------------------------------------------------------------


def _object(*rows: tuple[int, str, str]) -> Forvaltningsobjekt:
    return Forvaltningsobjekt.model_validate(
        {
            "id": "vso",
            "namn": "VSO",
            "år": 2020,
            "budget": [],
            "kapacitet": [{"år": y, "roll": r, "årsarbeten": f} for y, r, f in rows],
        }
    )


def _need(need_id: str, steg: str, year: int, pl: int, pg: int = 0, sg: int = 0) -> Behov:
    return Behov.model_validate(
        {
            "id": need_id,
            "titel": f"Behov {need_id}",
            "avdelning": "a",
            "steg": steg,
            "kostnad": {
                "år": year,
                "projektledare_timmar": pl,
                "projektgrupp_timmar": pg,
                "styrgrupp_timmar": sg,
            },
        }
    )


def test_r38_demand_and_capacity_by_year_and_role() -> None:
    items = [
        ("BEH-001", _need("BEH-001", "klart för start", 2025, 1500, 750, 0)),
        ("BEH-002", _need("BEH-002", "beredning", 2025, 3000)),  # not yet waiting
        ("BEH-003", _need("BEH-003", "klart för start", 2026, 300)),
    ]
    objects = [_object((2025, "projektledare", "0.5"), (2025, "projektledare", "0.25"))]
    rows = kap.kapacitet(items, objects, {"2025": _rates(), "2026": _rates(2026, fte=None)})
    assert [(r.år, r.roll) for r in rows] == [
        (2025, Projektroll.PROJEKTLEDARE),
        (2025, Projektroll.PROJEKTGRUPP),
        (2026, Projektroll.PROJEKTLEDARE),
    ]
    lead, group, later = rows
    assert (lead.kapacitet, lead.efterfrågan, lead.timmar, lead.över) == (
        Fraction(3, 4),
        Fraction(1),
        1500,
        True,
    )
    assert [(p.id, p.titel, p.timmar, p.årsarbeten) for p in lead.poster] == [
        ("BEH-001", "Behov BEH-001", 1500, Fraction(1))
    ]
    assert (group.kapacitet, group.efterfrågan, group.över) == (None, Fraction(1, 2), False)
    assert (later.efterfrågan, later.timmar, later.över) == (None, 300, False)


def test_r38_demand_at_capacity_fits_and_capacity_alone_is_listed() -> None:
    items = [("BEH-001", _need("BEH-001", "klart för start", 2025, 1500))]
    objects = [_object((2025, "projektledare", "1"), (2030, "styrgrupp", "2"))]
    lead, alone = kap.kapacitet(items, objects, {"2025": _rates()})
    assert (lead.efterfrågan, lead.kapacitet, lead.över) == (Fraction(1), Fraction(1), False)
    assert (alone.år, alone.roll, alone.efterfrågan, alone.poster) == (
        2030,
        Projektroll.STYRGRUPP,
        Fraction(0),
        (),
    )
    no_rate = kap.kapacitet(items, objects, {})[0]
    assert (no_rate.efterfrågan, no_rate.över) == (None, False)


def test_r38_what_work_still_asks_for_time() -> None:
    assert kap.waiting_or_active(_need("BEH-001", "klart för start", 2025, 1))
    assert not kap.waiting_or_active(_need("BEH-001", "projekt", 2025, 1))
    for status, asks in (
        ("planerad", True),
        ("pågående", True),
        ("pausad", True),
        ("avslutad", False),
    ):
        project = Projekt.model_validate(
            {"id": "PRJ-001", "titel": "P", "typ": "införande", "status": status}
        )
        assert kap.waiting_or_active(project) == asks
    assert Steg.KLART_FOR_START.value == "klart för start"


def test_r38_fte_in_words() -> None:
    assert kap.fte_text(None) == "–"
    assert kap.fte_text(Fraction(5, 2)) == "2,5"
    assert kap.fte_text(Decimal("1.00")) == "1"
    assert kap.fte_text(Fraction(1, 3)) == "0,33"
