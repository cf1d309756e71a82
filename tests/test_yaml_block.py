"""A new file laid out without ruamel (store/yaml_block, issue 27) is byte for byte what
ruamel's round trip writes, or is left to ruamel: never a third layout."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

from avoplan.models.mote import Punkttyp
from avoplan.store.yaml_block import block_text
from avoplan.store.yaml_edit import dump_new, ruamel_new
from avoplan.store.yaml_io import parse
from tests.helpers import EMBEDDED

STRINGS = [
    "BEH-042", "treserva", "Mötets öppnande", "Taligenkänning i dokumentationen",
    "BEH-00004 Sensorer för fallrisk: Beslut om prioriterad väntelista",
    "Försenad mätning: PRJ-021 effektmål 1 (planerad 2026-09-30)",
    "it's: a test", "it's", 'säger "ja": nu', "a #b", "a#b", "x:", "a:b", "- x", "-x",
    "? x", "?x", ": x", ",x", "[x]", "{x}", "#x", "&x", "*x", "!x", "|x", ">x", "'x", '"x',
    "%x", "@x", "`x", " lead", "trail ", "ab  cd", "tab\tx", "rad\nrad", "", "yes", "No",
    "null", "True", "2031-01-10", "12", "1.5", "0x1F", ".inf", "~", "=", "<<", "a=b",
    "x\u2028y", "\ufeffx", "é", "Ärende – uppföljning 100 %", "50/50 (ungefär)", "a\\b",
    "Å, Ä och Ö", "e5", "Inf", "NaN", "o'neill: x", "x" * 1200, "ord " * 300,
]  # fmt: skip


def values(chosen: random.Random) -> Any:
    kind = chosen.randrange(9)
    if kind == 0:
        return chosen.randrange(-5, 5000)
    if kind == 1:
        return chosen.random() < 0.5
    if kind == 2:
        return date(2020 + chosen.randrange(10), 1 + chosen.randrange(12), 1)
    if kind == 3:
        return [chosen.choice(STRINGS) for _ in range(chosen.randrange(4))]
    if kind == 4:
        return {f"k{n}": values(chosen) for n in range(chosen.randrange(3))}
    if kind == 5:
        return [{"nummer": n, "rubrik": chosen.choice(STRINGS)} for n in range(3)]
    if kind == 6:
        return chosen.choice([Punkttyp.BESLUT, None, [[1]], [{}], [[]]])
    return chosen.choice(STRINGS)


def test_a_new_file_is_ruamels_bytes_or_left_to_ruamel() -> None:
    chosen, compared = random.Random(27), 0
    for _ in range(2000):
        data = {chosen.choice(["id", "titel", "för", "a b", "x:", "ja", "1"]): values(chosen)}
        data |= {f"fält{n}": values(chosen) for n in range(chosen.randrange(6))}
        header = chosen.choice(["", "Möte i X.\n\nRad två  ", "En rad", " "])
        fast = block_text(data, header)
        if fast is not None:
            compared += 1
            assert fast == ruamel_new(data, header), data
            assert dump_new(data, header) == fast
    assert compared > 100


def test_every_string_alone_is_ruamels_bytes_or_left_to_ruamel() -> None:
    laid_out = 0
    for text in STRINGS:
        for data in ({"rubrik": text}, {"kallade": [text, "a"]}, {"d": [{"r": text}]}):
            fast = block_text(data, "Huvud")
            if fast is not None:
                laid_out += 1
                assert fast == ruamel_new(data, "Huvud"), text
                assert parse(fast) == data
    assert laid_out > len(STRINGS)  # most of them need no ruamel


def test_r31_every_meeting_of_the_embedded_portfolio_reads_back_as_ruamel_writes_it() -> None:
    for path in [*sorted((EMBEDDED / "möten").glob("*.yaml")), EMBEDDED / "plan.yaml"]:
        data = parse(path.read_text(encoding="utf-8"))
        fast = block_text(data, "Möte")
        if fast is not None:
            assert fast == ruamel_new(data, "Möte"), Path(path).name
