"""R5 on the site: every need's page lists its strongest similar needs (computed for all
needs at once, behovsprocess/liknande_alla), in portfolios of more than a thousand needs
too; a change of one need lays out again only the pages whose similar list changed."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from avoplan.behovsprocess.liknande import STRONG, index_of, profiles, ranked_in
from avoplan.behovsprocess.liknande_alla import ranked_all
from avoplan.models.behov import Behov
from avoplan.store.cache.liknande_alla import FILE as KEPT_FILE
from avoplan.workspace.folder import Workspace
from tests.helpers import Cli, copy_portfolio, replace_in, snapshot
from tests.test_site import render_site
from tests.test_site_incremental import digests

_SIMILAR = re.compile(r'<a href="\.\./behov/([^"]+)\.html">[^<]*</a> \(likhet (\d+)\)')


def _shown(out: Path, key: str) -> list[tuple[str, int]]:
    text = (out / "behov" / f"{key}.html").read_text(encoding="utf-8")
    return [(m[1], int(m[2])) for m in _SIMILAR.finditer(text)]


@pytest.mark.slow
def test_r5_a_need_page_of_a_portfolio_above_a_thousand_needs_shows_its_similar_needs(
    cli: Cli, tmp_path: Path
) -> None:
    """1 400 demo items (more than 1 000 needs, the old limit): each page shows what
    `ranked_in` ranks for the need, less the needs its grovsållning names."""
    portfolio, out = tmp_path / "demo", tmp_path / "site"
    assert cli("demo-portfolio", "--items", "1400", "--out", portfolio).exit_code == 0
    render_site(cli, portfolio, out)
    needs = Workspace.find(portfolio).checked_portfolio().behov
    assert len(needs) > 1000
    index = index_of(profiles(needs))
    shown = 0
    for key in sorted(needs)[::97]:
        grovsållning = needs[key].grovsållning
        named = set(grovsållning.liknande_behov if grovsållning else [])
        expected = [
            (m.key, round(m.score))
            for m in ranked_in(needs[key], key, [index], top=3, minimum=STRONG)
            if m.key not in named
        ]
        assert _shown(out, key) == expected, key
        shown += len(expected)
    assert shown > 10


def test_r5_above_the_bound_the_pages_point_to_avoplan_liknande(
    cli: Cli, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from avoplan.commands import site

    monkeypatch.setattr(site, "SIMILAR_MAX", 5)
    out = tmp_path / "site"
    render_site(cli, portfolio, out)
    text = (out / "behov" / "BEH-002.html").read_text(encoding="utf-8")
    assert _shown(out, "BEH-002") == []
    assert "<code>avoplan liknande BEH-002</code>" in text


def test_r5_a_changed_need_lays_out_again_the_pages_whose_similar_list_changed(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    """BEH-019 takes BEH-012's description and nytta: BEH-012's page (its file unchanged) now lists
    it; every need page whose similar list is the same is neither laid out nor written."""
    out = tmp_path / "site"
    render_site(cli, portfolio, out)
    known, before = digests(out), snapshot(out)
    lists_before = ranked_all(index_of(profiles(_needs(portfolio))), top=3, minimum=STRONG)
    assert all(key != "BEH-019" for key, _ in _shown(out, "BEH-012"))
    _like_beh_012(portfolio)
    render_site(cli, portfolio, out)
    lists_after = ranked_all(index_of(profiles(_needs(portfolio))), top=3, minimum=STRONG)

    assert "BEH-019" in [key for key, _ in _shown(out, "BEH-012")]
    similar_changed = {k for k in lists_after if lists_after[k] != lists_before[k]}
    assert {"BEH-012", "BEH-019"} <= similar_changed
    laid_out = {n for n, d in digests(out).items() if known.get(n) != d and n.startswith("behov/")}
    after = snapshot(out)
    written = {n for n in after if n.startswith("behov/BEH-") and after[n] != before[n]}
    expected = {f"behov/{key}.html" for key in similar_changed | {"BEH-019"}}
    assert written == expected
    assert laid_out - {"behov/index.html"} == expected


def _like_beh_012(portfolio: Path) -> None:
    """BEH-019 takes BEH-012's description and nytta."""
    replace_in(
        portfolio / "behov" / "BEH-019.yaml",
        "  Många äldre saknar vana att använda digitala tjänster. Träffpunkter erbjuder\n"
        "  handledning i att använda e-tjänster och videosamtal.",
        "  Anhöriga som bor långt bort vill kunna se sina närstående. Surfplattor med enkel\n"
        "  videoapp finns på några boenden.",
    )
    replace_in(
        portfolio / "behov" / "BEH-019.yaml",
        "  Fler äldre kan ta del av digitala tjänster; förutsättning för digitalt först.",
        "  Minskad ensamhet för de boende.",
    )


def _need_pages(out: Path) -> dict[str, bytes]:
    return {name: data for name, data in snapshot(out).items() if name.startswith("behov/")}


@pytest.mark.parametrize("kept", ["as written", "tampered", "other code"])
def test_r5_the_ranking_kept_in_the_cache_gives_the_pages_a_fresh_render_gives(
    cli: Cli, portfolio: Path, tmp_path: Path, kept: str
) -> None:
    """The index rows and the last ranking are kept in the cache and only what a change
    can move is made again: every need page is what a clone without the cache renders.
    A kept file whose checksum is not this machine's (here: lists planted in it), or
    one another avoplan wrote (signed here, as this machine's would be), is not used."""
    out = tmp_path / "site"
    render_site(cli, portfolio, out)
    file = portfolio / ".avoplan-cache" / "federation" / KEPT_FILE
    assert file.is_file()
    need = portfolio / "behov" / "BEH-019.yaml"
    original = need.read_bytes()
    _like_beh_012(portfolio)  # BEH-019 comes onto BEH-012's list, then leaves it again
    for turn in ("ändrat", "som förut"):
        if turn == "som förut":
            need.write_bytes(original)
        if kept == "tampered":
            _plant(file)
        elif kept == "other code":
            _plant(file, made_by="0" * 32)
        render_site(cli, portfolio, out)
        fresh = copy_portfolio(portfolio, tmp_path / turn)
        render_site(cli, fresh, tmp_path / f"{turn}-webbplats")
        assert _need_pages(out) == _need_pages(tmp_path / f"{turn}-webbplats"), turn


def test_r5_a_kept_ranking_signed_by_this_machine_and_code_is_used(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    """The other side of the test above: lists planted and signed as this avoplan on
    this machine signs them are shown, so the pages above were not made afresh anyway."""
    out = tmp_path / "site"
    render_site(cli, portfolio, out)
    _plant(portfolio / ".avoplan-cache" / "federation" / KEPT_FILE, made_by="")
    render_site(cli, portfolio, out)
    assert _shown(out, "BEH-002") == [("BEH-001", 99)]


def test_r5_after_each_edit_of_a_sequence_the_need_pages_are_a_fresh_renders(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    """A changed title, a changed description, an added need and a removed one, rendered
    in turn from the index and lists kept from the render before: every need page is
    what a clone without the cache renders, and the edits move the similar lists."""
    out = tmp_path / "site"
    render_site(cli, portfolio, out)
    added = portfolio / "behov" / "BEH-099.yaml"
    edits: dict[str, Callable[[], object]] = {
        "titel": lambda: replace_in(
            portfolio / "behov" / "BEH-019.yaml",
            "titel: Digital delaktighet för äldre",
            "titel: Videobesök för äldre",
        ),
        "beskrivning": lambda: _like_beh_012(portfolio),
        "nytt behov": lambda: added.write_text(
            (portfolio / "behov" / "BEH-012.yaml")
            .read_text(encoding="utf-8")
            .replace("BEH-012", "BEH-099")
            .replace("titel: Videobesök med anhöriga", "titel: Videosamtal med anhöriga"),
            encoding="utf-8",
        ),
        "borttaget behov": added.unlink,
    }
    shown = [_shown(out, "BEH-012")]
    for turn, edit in edits.items():
        edit()
        render_site(cli, portfolio, out)
        fresh = copy_portfolio(portfolio, tmp_path / turn)
        render_site(cli, fresh, tmp_path / f"{turn}-webbplats")
        assert _need_pages(out) == _need_pages(tmp_path / f"{turn}-webbplats"), turn
        shown.append(_shown(out, "BEH-012"))
    keys = [[key for key, _ in found] for found in shown]
    assert "BEH-019" not in keys[0] and "BEH-019" in keys[2]
    assert "BEH-099" in keys[3] and "BEH-099" not in keys[4]


def _plant(file: Path, made_by: str | None = None) -> None:
    """Every kept list says BEH-001 is 99 alike. The head as written (its checksum no
    longer the body's); or, given `made_by` (a code fingerprint, '' this code's), a
    head signed with this machine's secret."""
    import marshal

    from avoplan.store.cache import liknande_alla

    head, body = file.read_bytes().split(b"\n", 1)
    data = marshal.loads(body)
    for lists in data["lists"].values():
        for key in lists:
            lists[key] = (("BEH-001", 99.0, (), (), ()),)
    body = marshal.dumps(data, 4)
    if made_by is not None:
        fields = head.decode("ascii").split(" ")
        fields[2] = made_by or fields[2]
        fields[4] = liknande_alla._checksum(body)
        head = " ".join(fields).encode("ascii")
    file.write_bytes(head + b"\n" + body)


def _needs(portfolio: Path) -> dict[str, Behov]:
    return dict(Workspace.find(portfolio).checked_portfolio().behov)
