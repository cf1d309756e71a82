"""`render site` a second time lays out only the pages whose inputs changed (their
digests are kept in the site's manifest), and the result is byte for byte what laying
out every page gives. A new avoplan or template lays out everything again."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import Cli, replace_in, snapshot
from tests.test_site import render_site

MANIFEST = ".avoplan-webbplats.json"
STATIC = 3  # site.css, sok.js, sok-index.js: made on every render, never digested


def laid_out(output: str) -> int:
    found = re.search(r"(\d+) utlagda", output)
    assert found, output
    return int(found[1])


def digests(out: Path) -> dict[str, str]:
    pages = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["sidor"]
    return {name: entry[0] for name, entry in pages.items()}


def every_page_laid_out(before: Path, target: Path) -> None:
    """An output folder that knows the last render's state (what the start page compares
    with) but no page: rendering into it lays out and writes every page."""
    target.mkdir()
    record = json.loads((before / MANIFEST).read_text(encoding="utf-8"))
    del record["sidor"], record["filer"]
    (target / MANIFEST).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def _retitle(portfolio: Path) -> None:
    replace_in(
        portfolio / "behov" / "BEH-003.yaml",
        "titel: Konceptlösning för trygghetslarm",
        "titel: Konceptlösning för trygghetslarm och nattillsyn",
    )


def _describe(portfolio: Path) -> None:
    replace_in(
        portfolio / "behov" / "BEH-003.yaml",
        "Ett koncept med",
        "Ett koncept (nytt ord: kvarnstensfabrikerna) med",
    )


def _delete(portfolio: Path) -> None:
    (portfolio / "behov" / "BEH-010.yaml").unlink()


def _advance(cli: Cli, portfolio: Path) -> None:
    """BEH-013 one step on, through `advance`: its step, its timeline, the board."""
    result = cli(
        "advance",
        "BEH-013",
        "--to",
        "grovsållning",
        "-p",
        portfolio,
        "--datum",
        "2025-11-24",
        "--beslutad-av",
        "karin-holm",
        "--motivering",
        "Beslutat enligt underlaget.",
    )
    assert result.exit_code == 0, result.output


def _rename_system(portfolio: Path) -> None:
    replace_in(
        portfolio / "system" / "matilda.yaml",
        "namn: Måltidsplanering Matilda",
        "namn: Måltidsplanering Matilda Plus",
    )


Change = Callable[[Cli, Path], None]
CHANGES: list[tuple[Change, str]] = [  # the change, and a page it must change or remove
    (lambda cli, portfolio: _retitle(portfolio), "behov/BEH-003.html"),
    (lambda cli, portfolio: _describe(portfolio), "behov/BEH-003.html"),
    (lambda cli, portfolio: _delete(portfolio), "behov/BEH-010.html"),
    (_advance, "behov/BEH-013.html"),
    (lambda cli, portfolio: _rename_system(portfolio), "system/matilda.html"),
]


@pytest.mark.parametrize(
    ("change", "page"),
    CHANGES,
    ids=["titel", "beskrivning", "borttaget", "advance", "system"],
)
def test_an_incremental_render_equals_laying_out_every_page_and_touches_only_changed_pages(
    cli: Cli, portfolio: Path, tmp_path: Path, change: Change, page: str
) -> None:
    out, full = tmp_path / "site", tmp_path / "full"
    render_site(cli, portfolio, out)
    before, stamps = snapshot(out), {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
    known = digests(out)
    change(cli, portfolio)
    every_page_laid_out(out, full)
    render_site(cli, portfolio, full)
    output = render_site(cli, portfolio, out)

    assert snapshot(out) == snapshot(full)
    after = snapshot(out)
    changed = {name for name in after if after[name] != before.get(name)}
    assert page in changed or (page in before and page not in after)
    # Only pages whose inputs changed are laid out, and only changed files written.
    inputs_changed = {name for name, digest in digests(out).items() if known.get(name) != digest}
    assert laid_out(output) == len(inputs_changed) + STATIC
    assert {name for name in changed if name.endswith(".html")} <= inputs_changed
    for path, stamp in stamps.items():
        name = str(path.relative_to(out))
        if path.exists() and name not in changed:
            assert path.stat().st_mtime_ns == stamp, name


def test_a_render_after_several_changes_equals_a_cold_render_in_a_fresh_folder(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    """Each kind of change in turn, rendered incrementally into one folder after each;
    then a render of the same portfolio into a folder that holds only the record of the
    render before (what the start page compares with) gives every file the same bytes."""
    out = tmp_path / "site"
    render_site(cli, portfolio, out)
    for number, (change, _) in enumerate(CHANGES):
        change(cli, portfolio)
        previous = tmp_path / f"record-{number}"
        previous.mkdir()
        shutil.copy(out / MANIFEST, previous / MANIFEST)
        render_site(cli, portfolio, out)
        cold = tmp_path / f"cold-{number}"
        every_page_laid_out(previous, cold)
        render_site(cli, portfolio, cold)
        assert snapshot(out) == snapshot(cold), number


def test_the_pages_that_show_a_retitled_need_are_the_ones_rewritten(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    render_site(cli, portfolio, out)
    before = snapshot(out)
    _retitle(portfolio)
    render_site(cli, portfolio, out)
    after = snapshot(out)
    changed = {name for name in after if after[name] != before.get(name)}
    showing = {
        name
        for name, text in after.items()
        if name.endswith(".html") and "nattillsyn</a>" in text.decode("utf-8")
    }
    assert "behov/index.html" in showing and "behov/BEH-003.html" in changed
    assert showing <= changed
    # Besides: the start page (what changed since the last render), the index, the record.
    assert changed - showing <= {"behov/BEH-003.html", "index.html", "sok-index.js", MANIFEST}


def test_a_page_changed_or_removed_on_disk_is_laid_out_again(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    render_site(cli, portfolio, out)
    whole = snapshot(out)
    (out / "behov" / "BEH-001.html").write_text("handskrivet", encoding="utf-8")
    (out / "tavla.html").unlink()
    output = render_site(cli, portfolio, out)
    assert laid_out(output) == 2 + STATIC
    assert snapshot(out) == whole


def test_a_new_avoplan_or_template_lays_out_every_page(
    cli: Cli, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from avoplan.commands import site

    out = tmp_path / "site"
    render_site(cli, portfolio, out)
    pages = len(list(out.rglob("*.html")))
    assert laid_out(render_site(cli, portfolio, out)) == STATIC
    monkeypatch.setattr(site, "_version", lambda: "en annan version")
    output = render_site(cli, portfolio, out)
    assert laid_out(output) == pages + STATIC
    assert ", 0 skrivna" in output  # the same bytes: nothing on disk changes


def test_every_fact_of_the_site_a_template_reads_is_part_of_each_digest() -> None:
    """A template that read another `site.…` would show something the digests do not
    cover, and an incremental render could leave a stale page."""
    from avoplan.documents.site.inputs import SITE_FACTS
    from avoplan.store.files import templates_dir

    read: set[str] = set()
    for template in templates_dir().rglob("*.html.j2"):
        text = template.read_text(encoding="utf-8")
        read |= set(re.findall(r"\bsite\.([a-z_]+(?:\.[a-z_]+)?)", text))
    read -= {"css"}  # the stylesheet's file name, site.css
    covered = {fact.split(".")[0] for fact in SITE_FACTS}
    assert {fact.split(".")[0] for fact in read} <= covered, read


def test_only_the_items_pages_read_the_facts_only_their_digests_cover() -> None:
    """The pages of the whole portfolio are laid out before the similar needs are
    ranked, under a key without them: a template of such a page that read them could
    leave it stale."""
    from avoplan.documents.site import behov, projekt
    from avoplan.documents.site.inputs import ITEM_FACTS
    from avoplan.store.files import templates_dir

    items = {behov.TEMPLATE, projekt.TEMPLATE}
    readers: set[str] = set()
    for template in templates_dir().rglob("*.html.j2"):
        text = template.read_text(encoding="utf-8")
        if any(re.search(rf"\bsite\.{fact}\b", text) for fact in ITEM_FACTS):
            readers.add(template.relative_to(templates_dir()).as_posix())
    assert readers and readers <= items, readers


def test_the_copied_record_forces_a_full_layout(cli: Cli, portfolio: Path, tmp_path: Path) -> None:
    """Guards the reference the incremental tests compare with."""
    out, full = tmp_path / "site", tmp_path / "full"
    output = render_site(cli, portfolio, out)
    every_page_laid_out(out, full)
    assert laid_out(render_site(cli, portfolio, full)) == laid_out(output)
    shutil.rmtree(full)


def test_a_record_made_on_another_machine_is_not_trusted(
    cli: Cli, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The digests are keyed with this machine's secret (as the caches are): a record
    copied or planted beside pages that are not avoplan's lays every page out again."""
    out = tmp_path / "site"
    render_site(cli, portfolio, out)
    pages = len(list(out.rglob("*.html")))
    page = out / "behov" / "BEH-001.html"
    whole = page.read_bytes()
    page.write_bytes(b"<p>planterad</p>".ljust(len(whole), b" "))  # the same size
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "en-annan-dator"))
    assert laid_out(render_site(cli, portfolio, out)) == pages + STATIC
    assert page.read_bytes() == whole


def test_the_console_script_ends_at_once_with_the_same_site_and_message(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    """The process of `avoplan render site` ends without freeing its models (issue 26):
    exit 0, its one line on stdout, the same files as in a process that frees them."""
    from tests import forkserver

    out, here = tmp_path / "site", tmp_path / "here"
    for target in (out, here):
        render_site(cli, portfolio, target)
    _retitle(portfolio)
    ended = forkserver.run(["render", "site", "-p", portfolio, "--out", out], text=True)
    assert ended.returncode == 0, ended.stderr
    line = r"Webbplatsen i \S*site: \d+ filer, \d+ utlagda, \d+ skrivna\. Öppna index\.html\.\n"
    assert re.fullmatch(line, ended.stdout), ended.stdout
    assert ended.stderr == ""
    render_site(cli, portfolio, here)
    pages, expected = snapshot(out), snapshot(here)
    # The record names avoplan's version, which the suite's wheel test may have rewritten
    # on disk since this test process imported avoplan: compared by the files it lists.
    record, known = pages.pop(MANIFEST), expected.pop(MANIFEST)
    assert json.loads(record)["filer"] == json.loads(known)["filer"]
    assert pages == expected
