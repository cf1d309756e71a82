"""The direct builder of yaml_io (issue 14: cold reads) gives exactly what PyYAML's
constructor gives for the same composed tree: same values, same types, same errors."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from avoplan.models.portfolio import KINDS
from avoplan.store import yaml_io, yaml_loader
from tests.helpers import EMBEDDED


class _Reference(yaml_loader._Loader):
    """The same loader with PyYAML's own resolver and constructor throughout."""

    resolve = yaml.resolver.BaseResolver.resolve
    descend_resolver = yaml.resolver.BaseResolver.descend_resolver
    ascend_resolver = yaml.resolver.BaseResolver.ascend_resolver


def by_pyyaml(text: str) -> Any:
    loader = _Reference(text)
    try:
        return loader.construct_document(loader.get_single_node())
    finally:
        loader.dispose()


def outcome(load: Any, text: str) -> tuple[str, str]:
    try:
        return "value", repr(load(text))  # repr: True is not 1, a date is not its text
    except yaml_loader._DuplicateKey as exc:
        return "duplicate", f"{exc.key}:{exc.line}:{exc.first_line}"
    except yaml_loader._Refused as exc:
        return "refused", f"{exc.message}:{exc.line}"
    except yaml.YAMLError as exc:
        return "error", type(exc).__name__


CASES = [
    "a: true\nb: True\nc: TRUE\nd: false\ne: yes\nf: no\ng: on\n",
    "a: 10\nb: -5\nc: +7\nd: 010\ne: 0o17\nf: 0x1F\ng: 1_000\n",
    "a: 1.5\nb: .inf\nc: -.Inf\nd: .nan\ne: 1e3\nf: .5\ng: 1.\n",
    "a: null\nb: ~\nc:\nd: Null\ne: NULL\nf: ''\n",
    "a: 2025-02-28\nb: 2025-02-30\nc: 2025-01-01T10:00:00Z\nd: '2025-01-01'\n",
    "a: 'true'\nb: \"10\"\nc: !!str 123\nd: !!int '12'\n",
    "1: ett\ntrue: sant\nnull: inget\n",
    "a: &x {b: 1}\nc: [1, 2, {d: e}]\n",
    "bas: &b {x: 1}\nny:\n  <<: *b\n  y: 2\n",
    "a: !!binary aGVq\n",
    "a: !!set {x, y}\n",
    "a: !egen värde\n",
    "a: 1\nb: 2\na: 3\n",
    "yttre:\n  a: 1\n  a: 2\nb: " + "9" * 200 + "\n",
    "- a\n- [b, c]\n- {d: [e, {f: g}]}\n",
    "? [sammansatt, nyckel]\n: värde\n",
    "titel: Åtgärd – \"citat\" och 'apostrof'\nlista:\n  - 'å'\n  - ä\n",
    "tal: " + "9" * 200 + "\n",
    "text: |\n  flera\n  rader\nvikt: >\n  vikt\n  text\n",
]


@pytest.mark.parametrize("text", CASES)
def test_the_builder_gives_what_pyyaml_gives(text: str) -> None:
    assert outcome(yaml_io._load, text) == outcome(by_pyyaml, text)


def test_every_embedded_file_reads_the_same() -> None:
    files = sorted(p for kind in KINDS for p in EMBEDDED.glob(kind.glob))
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert outcome(yaml_io._load, text) == outcome(by_pyyaml, text), path
