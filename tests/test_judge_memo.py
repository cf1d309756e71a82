"""The judge's memo over a check's replays (`behovsprocess/memo`, R1–R12, R31): every
recorded decision of the embedded portfolio and of a 2 000-item demo portfolio gets, with
the memo one run of `check` keeps, the verdict it gets judged alone, as `advance` judges
it: the same move, mandate, authority and findings, in the same words and order."""

from __future__ import annotations

from pathlib import Path

import pytest

from avoplan.behovsprocess import memo
from avoplan.behovsprocess.beslut import Verdict
from avoplan.behovsprocess.fakta import Facts
from avoplan.behovsprocess.mandat import Context
from avoplan.behovsprocess.memo import Memo
from avoplan.behovsprocess.steg import Move
from avoplan.models.initiativ import Beslut
from avoplan.models.portfolio import Portfolio
from avoplan.rules.behovsprocess import verdicts
from avoplan.store.loader import load_portfolio
from tests.helpers import EMBEDDED, Cli

Key = tuple[object, ...]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Portfolio:
    """`avoplan demo-portfolio --items 2000`: about 1 600 needs, 3 400 decisions."""
    out = tmp_path_factory.mktemp("demo") / "demo"
    made = Cli()("demo-portfolio", "--items", "2000", "--out", out, "--seed", "2025")
    assert made.exit_code == 0, made.output
    return _loaded(out)


def _loaded(root: Path) -> Portfolio:
    result = load_portfolio(root)
    assert result.portfolio is not None
    return result.portfolio


def _same(alone: Verdict, remembered: Verdict) -> bool:
    return (
        alone.move is remembered.move
        and alone.mandat is remembered.mandat
        and alone.authority == remembered.authority
        and (alone.decision, alone.content, alone.unresolved)
        == (remembered.decision, remembered.content, remembered.unresolved)
    )


def _replayed(portfolio: Portfolio) -> tuple[list[str], int, Memo]:
    """The decisions whose verdict with one memo for the run differs from their verdict
    alone, as 'BEH-… beslut N'; how many were judged; the memo."""
    shared = Memo()
    differing: list[str] = []
    judged = 0
    for need in portfolio.behov.values():
        alone = verdicts(need, portfolio)
        remembered = verdicts(need, portfolio, memo=shared)
        for (index, _, one), (_, _, other) in zip(alone, remembered, strict=True):
            judged += 1
            if not _same(one, other):
                differing.append(f"{need.id} beslut {index}")
    return differing, judged, shared


def test_r2_every_decision_of_the_embedded_portfolio_gets_its_verdict_alone() -> None:
    differing, judged, _ = _replayed(_loaded(EMBEDDED))
    assert judged >= 30
    assert differing == []


@pytest.mark.slow
def test_r2_every_decision_of_a_demo_portfolio_gets_its_verdict_alone(demo: Portfolio) -> None:
    differing, judged, shared = _replayed(demo)
    assert judged >= 3000
    assert len(shared.parts) < judged / 2  # most decisions share their part with another
    assert differing == []


@pytest.mark.slow
def test_a_memo_blind_to_the_decider_gives_other_verdicts(
    demo: Portfolio, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The comparison above can fail: a key that leaves out who decided hands one
    decider's authority and findings to another."""
    keyed = memo.mandate_key

    def blind(beslut: Beslut, move: Move, ctx: Context, facts: Facts, shared: Memo) -> Key:
        return keyed(beslut.model_copy(update={"beslutad_av": "någon"}), move, ctx, facts, shared)

    monkeypatch.setattr(memo, "mandate_key", blind)
    differing, _, _ = _replayed(demo)
    assert len(differing) > 100
