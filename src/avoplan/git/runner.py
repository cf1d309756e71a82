"""The one way avoplan starts the git program (pre-commit's `cmd_output` is the model):
every call has its argument list, folder, no terminal prompt, a time limit, and the
same Swedish answer when git is not installed. gitpython (`repo`) is used where a
repository object pays off; everything else runs through here."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from avoplan.core.errors import UserError

TIMEOUT_SECONDS = 600  # a fetch of a large member may take minutes; nothing more

Completed = subprocess.CompletedProcess


def run(
    args: Sequence[str],
    cwd: Path,
    *,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = TIMEOUT_SECONDS,
) -> Completed[bytes]:
    """git with `args` in `cwd`, as bytes; the caller reads the return code."""
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", **(env or {})}
    try:
        # A list of arguments, never a shell; "git" is looked up on PATH on purpose.
        return subprocess.run(  # noqa: S603
            ["git", *args],  # noqa: S607
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=environment,
            check=False,
            timeout=timeout,
        )
    except FileNotFoundError:
        raise UserError("git finns inte installerat", "installera git") from None
    except subprocess.TimeoutExpired:
        raise UserError(
            f"git {args[0] if args else ''} svarade inte inom {int(timeout)} sekunder",
            "försök igen",
        ) from None


def run_text(
    args: Sequence[str],
    cwd: Path,
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = TIMEOUT_SECONDS,
) -> Completed[str]:
    """As `run`, with output as text (UTF-8; a stray byte is replaced, never an error)."""
    done = run(args, cwd, env=env, timeout=timeout)
    return subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )
