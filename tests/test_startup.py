"""What a writing command loads before it decides (issue 27): pydantic validates without
its plugin search (importlib.metadata) when every plugin is off, and the stand-in for its
plugin loader hands over the real module for anything else."""

from __future__ import annotations

import json
import subprocess
import sys

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
