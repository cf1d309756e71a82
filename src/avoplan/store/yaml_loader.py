"""libyaml's loader as avoplan reads a portfolio file: YAML 1.2 core scalars (`no` stays
text, `010` stays ten, as ruamel reads them when writing), duplicate keys refused, bounds
on digits, impossible dates left as text for validation to name, and a direct builder
of Python data from the composed tree at about half the cost of PyYAML's constructor."""

from __future__ import annotations

import re
from typing import Any

import yaml

MAX_DIGITS = 100  # digits of an integer (Python refuses beyond 4300, slowly)


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: str, line: int, first_line: int) -> None:
        super().__init__(key)
        self.key, self.line, self.first_line = key, line, first_line


class _Loader(yaml.CSafeLoader):
    """libyaml parser, YAML 1.2 core scalars, duplicate keys refused."""

    # libyaml's composer calls these three for every node. PyYAML's versions also serve
    # path resolvers, which avoplan has none of; these give the same tags in a third of
    # the time (a cold read of 10 000 files spent about a tenth of its time here).
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return str(tag)
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    # PyYAML's signature, which PyYAML itself calls with `deep` positionally.
    def construct_mapping(
        self,
        node: yaml.MappingNode,
        deep: bool = False,  # noqa: FBT001, FBT002
    ) -> dict[Any, Any]:
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                line = key_node.start_mark.line + 1
                if key_node.value in seen:
                    raise _DuplicateKey(key_node.value, line, seen[key_node.value])
                seen[key_node.value] = line
        return super().construct_mapping(node, deep=deep)


class _Refused(yaml.YAMLError):
    """A bound exceeded while reading; becomes a finding at `line`."""

    def __init__(self, message: str, line: int, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.hint = message, line, hint


def _construct_int(loader: Any, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if len(digits) > MAX_DIGITS:
        raise _Refused(
            f"talet har {len(digits)} siffror; högst {MAX_DIGITS} tillåts",
            node.start_mark.line + 1,
            "sätt citattecken runt värdet om det är text",
        )
    if digits.startswith("0o"):
        return sign * int(digits[2:], 8)
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    return sign * int(digits, 10)


def _construct_timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    """A date as a date; an impossible one (2025-02-30) stays text so validation can
    name the field instead of the parser crashing."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


def _install_core_schema(loader: Any) -> None:
    resolvers = yaml.resolver.Resolver.yaml_implicit_resolvers
    loader.yaml_implicit_resolvers = {}
    core = [
        ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
        (
            "float",
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
            "-+0123456789.",
        ),
        ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ]
    for name, pattern, first in core:
        loader.add_implicit_resolver(f"tag:yaml.org,2002:{name}", re.compile(pattern), list(first))
    for tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge"):
        for first, entries in resolvers.items():
            for entry_tag, regexp in entries:
                if entry_tag == tag:
                    loader.add_implicit_resolver(tag, regexp, [first])
    loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


_install_core_schema(_Loader)
assert None not in _Loader.yaml_implicit_resolvers  # no wildcard: `resolve` relies on it

_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map"))
_INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP = (
    f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null", "timestamp")
)


class _Unusual(Exception):
    """A node the direct builder leaves to PyYAML's constructor (an explicit or unknown
    tag, a key that is not text, a merge key)."""


def _build(loader: _Loader, node: yaml.Node) -> Any:
    """Python data from a composed tree without aliases, as PyYAML's constructor makes it
    for the tags the core schema resolves, at about half its cost (it has no generators,
    no state for recursive objects, no per-node dispatch). Anything else raises _Unusual."""
    kind = node.__class__
    if kind is yaml.ScalarNode:
        return _scalar(loader, node)  # type: ignore[arg-type]
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        return [_build(loader, child) for child in node.value]
    if kind is yaml.MappingNode and node.tag == _MAP:
        first_lines: dict[str, int] = {}
        for key_node, _ in node.value:
            if key_node.__class__ is not yaml.ScalarNode or key_node.tag != _STR:
                raise _Unusual
            line = key_node.start_mark.line + 1
            if key_node.value in first_lines:
                raise _DuplicateKey(key_node.value, line, first_lines[key_node.value])
            first_lines[key_node.value] = line
        return {key.value: _build(loader, value) for key, value in node.value}
    raise _Unusual


def _scalar(loader: _Loader, node: yaml.ScalarNode) -> Any:
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return node.value.lower() == "true"
    if tag == _INT:
        return _construct_int(loader, node)
    if tag == _FLOAT:
        return loader.construct_yaml_float(node)
    if tag == _TIMESTAMP:
        return _construct_timestamp(loader, node)
    raise _Unusual
