"""The strict fast reader for plain YAML (issue 27: a cold check spent three quarters of
its time in YAML parsing). It gives exactly the data libyaml's path gives, or gives the
file up to that path: so values, types, and every Swedish error with its file, line and
field stay what they were. The hostile cases are the ones YAML is known for."""

from __future__ import annotations

import json
import random
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from avoplan.models.portfolio import KINDS
from avoplan.store import yaml_io, yaml_loader, yaml_plain
from avoplan.store.yaml_plain import NOT_PLAIN, read_plain
from avoplan.store.yaml_problems import YamlFileError
from tests.helpers import EMBEDDED, Cli


def full(text: str) -> tuple[str, str]:
    """What the full parser (libyaml) makes of `text`: the value, or the Swedish error."""
    try:
        yaml_io._check_depth(text)
        return "value", repr(yaml_io._load(text))  # repr: True is not 1, a date not its text
    except Exception as exc:  # noqa: BLE001 (any error is compared by its kind and words)
        return "error", f"{type(exc).__name__}"


def parsed(text: str) -> tuple[str, str]:
    """What `parse` (fast reader first) makes of `text`, errors in Swedish with the line."""
    try:
        return "value", repr(yaml_io.parse(text))
    except YamlFileError as exc:
        return "error", f"{exc.message}:{exc.line}:{exc.hint}"


def slow_parsed(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    with monkeypatch.context() as patch:
        patch.setattr(yaml_io, "read_plain", lambda *_: NOT_PLAIN)
        return parsed(text)


def agrees(text: str) -> bool:
    """The fast reader gives up, or gives what the full parser gives."""
    fast = read_plain(text)
    return fast is NOT_PLAIN or full(text) == ("value", repr(fast))


READ_FAST = {
    "demo need": (
        "# Syntetiskt behov\nid: BEH-00001\ntitel: Optimerad schemaläggning\nsteg: projekt\n"
        "registrerad: 2025-09-29\nbeskrivning: >-\n  Scheman läggs manuellt i kalkylark. Ett\n"
        "  verktyg kan hjälpa.\nnytta: Mindre tid.\neffekttyp: [tidsbesparande, stöd för "
        "styrning]\nmål: [3, 4]\npios: true\nkostnad:\n  år: 2025\n  leverantör_kr: 780000\n"
        'beslut:\n  - beslutspunkt: 1\n    datum: 2025-10-28\n    protokoll: "LOK § 3"\n'
        "    delges: []\n  - beslutspunkt: 2\n    underlag:\n      tid_beroende: false\n"
    ),
    "core scalars": (
        "a: no\nb: yes\nc: on\nd: 0o17\ne: 0x1F\nf: 010\ng: 1_000\nh: 1e3\ni: .5\nj: -7\n"
        "k: +3\nl: ~\nm: null\nn: Null\no: True\np: FALSE\nq: 1.\nr: .inf\ns: -.Inf\nt: .nan\n"
    ),
    "dates": "a: 2025-02-28\nb: 2025-02-30\nc: 2025-01-01T10:00:00Z\nd: 2025-1-1 10:00:00\n",
    "quoted": "a: 'true'\nb: \"10\"\nc: 'it''s'\nd: \"\"\ne: ''\nf: \"a # b\" # c\n",
    "comments": "# först\na: x # kommentar\n   # indragen\nb:   y  \n\n# sist\n",
    "empty values": "a:\nb: # ingenting\nc:\n  - \n  -\n  - x\n",
    "nfd letters": "ma\u030al: 1\n",
    "block scalars": (
        "a: |\n  rad\n    indragen\n  # ingen kommentar\nb: >\n  vikt\n  text\n\nc: 1\n"
    ),
    "text that looks like other things": "a: http://x.se/a#b\nb: kl. 10:30\nc: 50%\nd: a-b\n",
    "flow lists": "a: [ ]\nb: [x,y , z]\nc: [1, ~, no, 2025-01-01, 0o17] # k\n",
    "keys": "hög–mycket hög: 1\nå ä ö: 2\nnyckel : 3\n_x: 4\n",
}

GIVEN_UP = {
    "anchor and alias": "a: &x 1\nb: *x\n",
    "merge key": "bas: &b {x: 1}\nny:\n  <<: *b\n  y: 2\n",
    "tag": "a: !!str 123\n",
    "own tag": "a: !egen värde\n",
    "binary": "a: !!binary aGVq\n",
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "nested duplicate key": "yttre:\n  a: 1\n  a: 2\n",
    "key that is no text": "1: ett\n",
    "boolean key": "true: sant\n",
    "null key": "null: inget\n",
    "second document": "a: 1\n---\nb: 2\n",
    "document start": "---\na: 1\n",
    "document end": "a: 1\n...\n",
    "directive": "%YAML 1.1\n---\na: 1\n",
    "tab": "a:\tx\n",
    "tab indentation": "a:\n\t- x\n",
    "carriage return": "a: 1\r\nb: 2\r\n",
    "control character": "a: x\x07y\n",
    "next line character": "a: x\x85y\n",
    "escape": 'a: "x\\ty"\n',
    "multi-line plain": "a: ett\n  två\n",
    "multi-line quoted": "a: 'ett\n  två'\n",
    "indentless sequence": "a:\n- x\n- y\n",
    "flow mapping": "a: {b: 1}\n",
    "nested flow list": "a: [b, [c]]\n",
    "flow list over lines": "a: [b,\n  c]\n",
    "flow list with trailing comma": "a: [b, c,]\n",
    "complex key": "? [a, b]\n: c\n",
    "quoted key": '"a": 1\n',
    "mapping value in value": "a: b: c\n",
    "colon at end": "a: b:\n",
    "block with blank line inside": "a: >-\n  x\n\n  y\nb: 1\n",
    "block indented too little": "a:\n  b: |\n  x\n",
    "block with trailing space": "a: >-\n  x \nb: 1\n",
    "no final newline": "a: 1",
    "top-level scalar": "bara text\n",
    "indented top level": "  a: 1\n",
    "deeper line after a value": "a: 1\n    b: 2\n",
    "key longer than libyaml reads": "k" * 1100 + ": 1\n",
    "too many digits": "a: " + "9" * 200 + "\n",
    "sequence entry as a value": "a: - x\n",
    "reserved indicator": "a: @x\n",
    "bom inside": "a: \ufeffx\n",
    "nested sequences": "a:\n  - - x\n    - y\n  - z\n",
}


@pytest.mark.parametrize("text", READ_FAST.values(), ids=READ_FAST.keys())
def test_plain_files_are_read_fast_and_as_libyaml_reads_them(text: str) -> None:
    fast = read_plain(text)
    assert fast is not NOT_PLAIN
    assert full(text) == ("value", repr(fast))


@pytest.mark.parametrize("text", GIVEN_UP.values(), ids=GIVEN_UP.keys())
def test_anything_else_is_left_to_the_full_parser(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert read_plain(text) is NOT_PLAIN
    assert parsed(text) == slow_parsed(text, monkeypatch)


def test_deep_nesting_is_left_to_the_full_parser_which_refuses_it() -> None:
    text = "".join(f"{'  ' * depth}n{depth}:\n" for depth in range(80)) + "  " * 80 + "x: 1\n"
    assert read_plain(text) is NOT_PLAIN
    assert read_plain(text.replace("n79", "x").split("  " * 62 + "n62")[0]) is not NOT_PLAIN
    with pytest.raises(YamlFileError, match="för djupt nästlade"):
        yaml_io.parse(text)


def test_every_embedded_file_reads_the_same() -> None:
    files = sorted(p for kind in KINDS for p in EMBEDDED.glob(kind.glob))
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert agrees(text), path


MUTATIONS = [
    "",
    " ",
    "  ",
    "\t",
    "#",
    " #",
    ":",
    ": ",
    "-",
    "- ",
    "'",
    '"',
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!!str ",
    "|",
    ">-",
    "\n",
    "\n  ",
    "?",
    "%",
    "@",
    "\\",
    "~",
    "0",
    "0o",
    "1_",
    ".",
    "e",
    "2025-01-01",
    "no",
    "true",
    "null",
    "<<: ",
    "\x85",
    "\ufeff",
]


def mutants(text: str, count: int, seed: int) -> list[str]:
    """`count` variants of `text`, each with one to three small edits at random places."""
    chosen = random.Random(seed)
    found = []
    for _ in range(count):
        mutant = text
        for _ in range(chosen.randint(1, 3)):
            at = chosen.randrange(len(mutant) + 1)
            cut = chosen.choice([0, 0, 1, 2])
            mutant = mutant[:at] + chosen.choice(MUTATIONS) + mutant[at + cut :]
        found.append(mutant)
    return found


def test_thousands_of_damaged_files_read_as_libyaml_reads_them() -> None:
    sources = [*READ_FAST.values(), *(p.read_text("utf-8") for p in EMBEDDED.glob("behov/*"))]
    checked = fast = 0
    for number, source in enumerate(sources):
        for mutant in mutants(source, 150, seed=number):
            assert agrees(mutant), repr(mutant)
            checked += 1
            fast += read_plain(mutant) is not NOT_PLAIN
    assert checked > 3000
    assert fast > checked // 10  # the fast reader does read many of them


def test_check_of_a_demo_portfolio_says_the_same_with_and_without_the_fast_reader(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "demo"
    assert cli("demo-portfolio", "--items", "300", "--out", out).exit_code == 0
    need, other = sorted((out / "behov").glob("*.yaml"))[2:4]
    need.write_text(need.read_text("utf-8") + "steg: insamling\n", encoding="utf-8")  # duplicate
    other.write_text(other.read_text("utf-8").replace("pios: ", "pios: &a "), encoding="utf-8")
    fast = cli("check", "--no-cache", "-p", out, "-f", "json")
    calls: list[str] = []

    def given_up(text: str, _latin1: bytes | None = None) -> Any:
        calls.append(text)
        return NOT_PLAIN

    with monkeypatch.context() as patch:
        patch.setattr(yaml_io, "read_plain", given_up)
        slow = cli("check", "--no-cache", "-p", out, "-f", "json")
    assert len(calls) > 300
    assert (fast.exit_code, fast.stdout) == (slow.exit_code, slow.stdout)
    report = json.loads(fast.stdout)
    assert any("förekommer två gånger" in f["meddelande"] for f in report["fynd"])
    assert yaml_plain.read_plain(need.read_text("utf-8")) is NOT_PLAIN


def test_a_field_written_nowhere_is_located_on_line_1_and_an_escaped_one_where_it_is() -> None:
    text = '# kommentar\nid: BEH-001\n"k\\u00e4lla": x\nmål: [1]\n'
    assert yaml_io.locate(text, ("kopplingar",)) == 1
    assert yaml_io.locate(text, ("källa",)) == 3  # spelled with an escape: composed
    assert yaml_io.locate(text, ("mål", 0)) == 4


def test_a_line_read_before_gives_a_fresh_list_and_still_counts_as_a_duplicate() -> None:
    first = read_plain("a: [x, y]\nb: 2025-01-01\n")
    first["a"].append("z")
    again = read_plain("lista:\n  - a: [x, y]\n    b: 2025-01-01\n")
    assert again == {"lista": [{"a": ["x", "y"], "b": first["b"]}]}
    assert read_plain("a: [x, y]\nb: 1\na: [x, y]\n") is NOT_PLAIN


def test_a_top_level_key_is_located_on_the_line_composing_would_give() -> None:
    def composed(text: str, key: str) -> int:
        node = yaml.compose(text, Loader=yaml_loader._Loader)
        found = yaml_io._child(node, key)
        return found[0] if found else 1

    sources = [*READ_FAST.values(), *(p.read_text("utf-8") for p in EMBEDDED.glob("behov/*"))]
    located = 0
    for number, source in enumerate(sources):
        for text in [source, *mutants(source, 4, seed=number)]:
            try:
                keys = [*yaml_io.parse(text), "finns-inte"]
            except (YamlFileError, TypeError):
                continue
            for key in keys:
                if isinstance(key, str):
                    assert yaml_io.locate(text, (key,)) == composed(text, key), (key, text)
                    located += 1
    assert located > 500


def test_a_finding_on_a_field_an_item_leaves_out_is_on_line_1_without_reading_its_file(
    cli: Cli, tmp_path: Path
) -> None:
    """check places a finding on a top-level field an item's model was not given at line 1
    without reading the file again, and any other one by reading it: both where locating
    it in the file says."""
    out = tmp_path / "demo"
    assert cli("demo-portfolio", "--items", "300", "--out", out).exit_code == 0
    report = json.loads(cli("check", "--no-cache", "-p", out, "-f", "json").stdout)
    lines = []
    for finding in report["fynd"]:
        field, place = finding["fält"], Path(finding["fil"] or "")
        if field and "." not in field and "[" not in field and place.parent.name in KEYED:
            text = (out / place.parent.name / place.name).read_text("utf-8")
            assert finding["rad"] == yaml_io.locate(text, (field,)), finding
            lines.append(finding["rad"])
    assert lines.count(1) > 20
    assert len(lines) - lines.count(1) > 20


KEYED = ("behov", "projekt")


def test_the_odd_characters_are_every_character_outside_the_plain_ones() -> None:
    """`_ODD` names the characters it finds (quick to compile at every start); it finds
    exactly those outside the ones a plain line may hold, compared over every code point."""
    allowed = re.compile(
        r"[\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
    )
    differ = [
        point
        for point in range(0x110000)
        if (yaml_plain._ODD.match(chr(point)) is None) != (allowed.match(chr(point)) is not None)
    ]
    assert differ == []


def test_the_odd_characters_are_found_alike_in_latin1_text_and_in_any_other() -> None:
    """`_has_odd` (Latin-1 text deletes its plain bytes; other text asks `_ODD`) finds an
    odd character exactly where `_ODD` does: every code point, alone, in Swedish text,
    and beside a character above 0xff."""
    differ = [
        (point, text)
        for point in range(0x110000)
        for text in (
            (f"titel: Å{chr(point)}ö\n", f"a: –{chr(point)}\n")
            if point < 0x100 or point % 97 == 0
            else (f"{chr(point)}\n",)
        )
        if yaml_plain._has_odd(text) != (yaml_plain._ODD.search(text) is not None)
    ]
    assert differ == []


def test_text_of_latin1_characters_is_read_as_it_stands_since_it_is_nfc() -> None:
    latin1 = [chr(code) for code in range(0x100)]
    assert all(unicodedata.normalize("NFC", a + b) == a + b for a in latin1 for b in latin1)
    decomposed = "ma\u030al: 1\n"  # 'å' as 'a' and a combining ring (NFD)
    assert yaml_io.parse(decomposed) == {"mål": 1}
