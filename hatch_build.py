"""Hatchling build hook: writes src/avoplan/_version.py with the version hatch-vcs took
from git and the commit the build was made from, into every wheel, sdist and editable
install. Built from an sdist (no git), the commit the sdist recorded is kept."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

VERSION_FILE = "src/avoplan/_version.py"


class VersionFile(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        target = Path(self.root) / VERSION_FILE
        commit = _head(Path(self.root)) or _recorded(target)
        text = (
            '"""Written by hatch_build.py at build time; not in git."""\n\n'
            f"VERSION: str = {self.metadata.version!r}\n"
            f"COMMIT: str = {commit!r}\n"
        )
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        build_data["artifacts"].append(f"/{VERSION_FILE}")


def _head(root: Path) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"],
                              capture_output=True, text=True, check=False, timeout=30)
    except OSError:
        return ""
    head = done.stdout.strip()
    return head if done.returncode == 0 and re.fullmatch(r"[0-9a-f]{40,64}", head) else ""


def _recorded(target: Path) -> str:
    if not target.exists():
        return ""
    found = re.search(r"^COMMIT: str = '([0-9a-f]*)'", target.read_text(encoding="utf-8"),
                      re.MULTILINE)
    return found.group(1) if found else ""
