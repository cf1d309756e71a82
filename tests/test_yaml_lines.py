"""The common minimal edits made on a file's lines (store/yaml_lines, issue 27) are byte
for byte what ruamel's round trip (`yaml_edit.edit_text`) writes, or are left to ruamel:
never a third layout. Held to it on every behov and projekt of the embedded portfolio and
of a demo portfolio, on random values and on files changed at random."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from avoplan.store import edits
from avoplan.store.yaml_edit import edit_text
from avoplan.store.yaml_lines import AppendItem, Change, SetValue, apply, edited
from tests.helpers import EMBEDDED, Cli
from tests.test_yaml_block import STRINGS

KEYS = ["steg", "nytta", "titel", "status", "beslut", "lägesrapporter", "projekt", "fas", "x"]


def ruamel(text: str, changes: list[Change]) -> str:
    """The same changes through ruamel's round trip (the writing commands' other way)."""
    return edit_text(text, lambda document: apply(document, changes))


def value(chosen: random.Random) -> Any:
    kind = chosen.randrange(6)
    if kind == 0:
        return chosen.randrange(-5, 5000)
    if kind == 1:
        return date(2020 + chosen.randrange(10), 1 + chosen.randrange(12), 1 + chosen.randrange(28))
    if kind == 2:
        return [chosen.choice(STRINGS) for _ in range(chosen.randrange(3))]
    return chosen.choice(STRINGS)


def changes_for(text: str, chosen: random.Random) -> list[Change]:
    item = {chosen.choice(["datum", "värde", "a b", "x:"]): value(chosen)}
    item |= {f"f{n}": value(chosen) for n in range(chosen.randrange(5))}
    kind = chosen.randrange(4)
    if kind == 0:
        return [SetValue(chosen.choice(KEYS), value(chosen))]
    if kind == 1:  # a decision: its step, and the decision appended
        return [SetValue("steg", chosen.choice(STRINGS)), AppendItem(("beslut",), item)]
    if kind == 2 and "effektmål:" in text:  # a measurement
        goal = chosen.randrange(3)
        return [AppendItem(("projektdirektiv", "effektmål", goal, "mätningar"), item)]
    before = chosen.choice([None, "beslut", "status"])
    return [AppendItem((chosen.choice(KEYS),), item, before)]


def shaken(text: str, chosen: random.Random) -> str:
    """The file changed at random in ways a person might write it."""
    lines = text.split("\n")
    at = chosen.randrange(len(lines))
    change = chosen.randrange(8)
    if change == 0:
        lines.insert(at, "")
    elif change == 1:
        lines.insert(at, "# en kommentar")
    elif change == 2:
        lines[at] = lines[at] + "  # kommentar"
    elif change == 3:
        lines[at] = lines[at].replace(": ", ":   ", 1)
    elif change == 4:
        lines[at] = "  " + lines[at]
    elif change == 5:
        return text.replace("\n", "\r\n")
    elif change == 6:
        lines[at] = lines[at].replace("- ", "-   ", 1)
    else:
        lines[at] = lines[at].replace(": ", ": '", 1) + "'"
    return "\n".join(lines)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "demo"
    assert Cli()("demo-portfolio", "--items", "120", "--out", out).exit_code == 0
    return out


def item_files(root: Path) -> list[Path]:
    return sorted([*(root / "behov").glob("*.yaml"), *(root / "projekt").glob("*.yaml")])


def compare(text: str, changes: list[Change]) -> bool:
    """Whether the line edit was made (and then equal to ruamel's)."""
    from ruamel.yaml.error import YAMLError

    fast = edited(text, changes)
    if fast is None:
        # Left to ruamel: nothing to compare, and whatever ruamel's round trip then does
        # (write, or refuse with an error) is the writing commands' fallback itself. About
        # three in four of the random edits land here; ruamel's load and dumps of them were
        # most of the file's time.
        return False
    try:
        slow = ruamel(text, changes)
    except YAMLError:
        return False  # a file that does not read: no command edits it
    except (KeyError, IndexError, TypeError, AttributeError):
        raise AssertionError(changes) from None  # ruamel could not make it: nor may the lines
    assert fast == slow, changes
    return True


@pytest.mark.slow
def test_every_edit_on_the_portfolios_files_is_ruamels_bytes_or_left_to_ruamel(
    demo: Path,
) -> None:
    chosen, made = random.Random(27), 0
    files = [*item_files(EMBEDDED), *item_files(demo)]
    for path in files:
        text = path.read_text(encoding="utf-8")
        for _ in range(3):
            made += compare(text, changes_for(text, chosen))
    assert made > len(files) // 3  # a value yaml_block is unsure of goes to ruamel


@pytest.mark.slow
def test_an_edit_on_a_file_changed_at_random_is_ruamels_bytes_or_left_to_ruamel(
    demo: Path,
) -> None:
    chosen, made = random.Random(2027), 0
    for path in item_files(demo)[:100]:
        text = path.read_text(encoding="utf-8")
        for _ in range(6):
            changed = shaken(text, chosen)
            made += compare(changed, changes_for(changed, chosen))
    assert made > 30


def test_the_writing_commands_edits_are_made_on_the_lines(demo: Path) -> None:
    """advance, matning and lägesrapport on the demo portfolio need no ruamel."""
    need = next(p for p in item_files(demo) if "\nbeslut: []\n" in p.read_text(encoding="utf-8"))
    text = need.read_text(encoding="utf-8")
    decision = {"beslutspunkt": 1, "datum": date(2026, 12, 4), "från": "insamling",
                "till": "grovsållning", "motivering": "Väl beskrivet (make bench)."}  # fmt: skip
    changes: list[Change] = [SetValue("steg", "grovsållning"), AppendItem(("beslut",), decision)]
    assert edited(text, changes) == ruamel(text, changes)
    project = next(p for p in item_files(demo) if "\n      mätningar:\n" in p.read_text("utf-8"))
    text = project.read_text(encoding="utf-8")
    row = {"datum": date(2026, 12, 4), "värde": edits.plain(120.0), "källa": "Tidrapport"}
    for change in (
        AppendItem(("projektdirektiv", "effektmål", 0, "mätningar"), row),
        AppendItem(("lägesrapporter",), {"datum": date(2026, 12, 4), "tid": "grön"}),
    ):
        fast = edited(text, [change])
        assert fast is not None
        assert fast == ruamel(text, [change])
