"""What a command loads before it runs (issue 27): pydantic validates without its plugin
search (importlib.metadata) when every plugin is off, the stand-in for its plugin loader
hands over the real module for anything else, and the full command line builds only the
command it runs, saying the same as with every command built."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests import forkserver
from tests.helpers import Cli

PROBE = """
import json, os, sys
os.environ.pop("PYDANTIC_DISABLE_PLUGINS", None)
os.environ.update(EXTRA)
from avoplan.cli import start
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
start._no_plugin_search()
from avoplan.models.behov import Behov
from avoplan.models.plan import Plan
try:
    Behov.model_validate({"id": "x"})
except Exception as exc:
    refused = type(exc).__name__
searched = "importlib.metadata" in sys.modules
from pydantic.plugin._loader import PYDANTIC_ENTRY_POINT_GROUP
print(json.dumps([refused, searched, PYDANTIC_ENTRY_POINT_GROUP]))
"""


def probe(extra: dict[str, str]) -> list[object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.replace("EXTRA", repr(extra))],
        capture_output=True,
        text=True,
        check=True,
    )
    result: list[object] = json.loads(done.stdout)
    return result


def test_models_validate_without_a_plugin_search_when_plugins_are_off() -> None:
    assert probe({}) == ["ValidationError", False, "pydantic"]


def test_a_user_who_names_plugins_gets_pydantics_own_search() -> None:
    assert probe({"PYDANTIC_DISABLE_PLUGINS": "logfire"}) == ["ValidationError", True, "pydantic"]


# The full command line builds only the command it runs (cli/app.only_the_invoked): what
# any command says, and the exit code, are the same as from the app with every command.
FULL_CLI = [
    ("rules",),
    ("check", "-p", "."),
    ("show", "BEH-010", "-p", "."),
    ("list", "--steg", "ingetsådant", "-p", "."),
    ("möte", "ny", "styrgruppen", "--okänd", "x"),
    ("federation", "status", "-p", "."),
    ("advance", "BEH-010", "--to", "beredning", "--motivering", "x", "--paragraf", "0"),
    ("kostnad", "--format"),
    ("intake-formulär", "--hjälp"),
    ("inget-sådant-kommando",),
]


@pytest.mark.parametrize("args", FULL_CLI, ids=[" ".join(a[:2]) for a in FULL_CLI])
def test_a_command_says_the_same_when_only_it_is_built(
    portfolio: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    # A real `python -m avoplan` process, forked from the fork server (tests/forkserver.py):
    # what is asked here is the command that process builds, not what it imports.
    done = forkserver.run(args, cwd=portfolio, text=True, timeout=120)
    monkeypatch.chdir(portfolio)
    full = Cli()(*args)
    assert (done.returncode, done.stdout, done.stderr) == (full.exit_code, full.stdout, full.stderr)
    assert "Traceback" not in done.stderr


def test_only_the_invoked_command_is_built() -> None:
    from avoplan.cli.app import only_the_invoked

    narrowed = only_the_invoked(["advance", "BEH-010", "--paragraf", "0"])
    assert [c.callback.__name__ for c in narrowed.registered_commands] == ["advance"]
    assert only_the_invoked(["möte", "ny"]).registered_commands == []
    assert len(only_the_invoked(["möte", "ny"]).registered_groups) == 1
    for whole in (["advance", "--help"], ["-h"], ["--version"], ["advanse"], []):
        assert only_the_invoked(whole) is None


def test_yamls_reader_pattern_is_handed_over_compiled_cheaply_and_finds_the_same() -> None:
    """PyYAML's pattern of characters its reader refuses is handed over, compiled from
    the few it refuses (start._cheap_yaml_reader_pattern): the same characters, compared
    over every code point, and the reader still refuses a control character."""
    from avoplan.cli.start import YAML_NON_PRINTABLE, YAML_NON_PRINTABLE_FEW

    many, few = re.compile(YAML_NON_PRINTABLE), re.compile(YAML_NON_PRINTABLE_FEW)
    differ = [
        point
        for point in range(0x110000)
        if (many.match(chr(point)) is None) != (few.match(chr(point)) is None)
    ]
    assert differ == []
    probe = (
        "import sys\n"
        "from avoplan.cli import start\n"
        "own = 'own' if len(sys.argv) > 1 else start._cheap_yaml_reader_pattern()\n"
        "import yaml\n"
        "try:\n"
        "    yaml.reader.Reader('ok \\x01')\n"
        "except yaml.reader.ReaderError:\n"
        "    pattern = yaml.reader.Reader.NON_PRINTABLE.pattern\n"
        "    print(pattern == start.YAML_NON_PRINTABLE_FEW, pattern == start.YAML_NON_PRINTABLE)\n"
    )
    for extra, handed_over in (([], "True False"), (["own"], "False True")):
        done = subprocess.run(
            [sys.executable, "-c", probe, *extra], capture_output=True, text=True, check=True
        )
        assert done.stdout.strip() == handed_over, done.stderr
