"""What avoplan's code is, for the caches' keys: its version, every module's source and
the versions of the libraries that parse and validate."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from pathlib import Path


def code_fingerprint() -> str:
    """avoplan's version and source (every module), and the installed pydantic-core and
    PyYAML."""
    import avoplan

    digest = hashlib.blake2b(digest_size=16)
    for part in (avoplan.__version__, library_versions()):
        digest.update(part.encode() + b"\0")
    digest.update(code_digest().encode())
    return digest.hexdigest()


def library_versions(modules: tuple[str, ...] = ("pydantic_core", "yaml")) -> str:
    """The dist-info folder names (name and version) of the distributions that install
    `modules`, found beside them without importing them: importing pydantic-core alone
    costs more than the rest of a warm check."""
    from importlib.util import find_spec

    names: list[str] = []
    for module in modules:
        spec = find_spec(module)
        if spec is None or spec.origin is None:
            continue
        site = Path(spec.origin).parent.parent
        wanted = {module.lower(), {"yaml": "pyyaml"}.get(module, module)}
        with contextlib.suppress(OSError):
            names += sorted(
                entry.name
                for entry in os.scandir(site)
                if entry.name.endswith(".dist-info") and entry.name.lower().split("-")[0] in wanted
            )
    return ",".join(names)


@functools.cache
def code_digest() -> str:
    """Every module of the installed avoplan package, by relative path and content.

    All of them, not a list of the ones that seem to matter: a hand-kept list missed
    `pps.py`, which the rules import, so a warm check could report yesterday's findings
    after an upgrade. Reading ~200 small files costs a few milliseconds."""
    import avoplan

    here = Path(avoplan.__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    for file in sorted(here.rglob("*.py")):
        with contextlib.suppress(OSError):
            digest.update(file.relative_to(here).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()
