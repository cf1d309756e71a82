"""The console script's entry point. Ctrl-C at any moment, even while the modules that
make up the command line are still being imported, ends with one line and exit 130,
never a KeyboardInterrupt traceback."""

from __future__ import annotations

import contextlib
import os
import sys

INTERRUPTED = 130


def main() -> None:
    # pydantic otherwise scans every installed package's entry points for plugins on
    # the first model: tens of milliseconds of every command, for plugins avoplan has none of.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    import avoplan

    avoplan.SHORT_LIVED = True
    try:
        from avoplan.cli.fast_path import answer

        code = answer(sys.argv[1:])  # a warm check of an unchanged portfolio, at once
        if code is None:
            from avoplan.cli.fast_writes import answer as write

            code = write(sys.argv[1:])  # a writing command, without building the CLI
        if code is not None:
            _leave(code)
        from avoplan.cli.app import main as run

        run()
    except KeyboardInterrupt:
        sys.stderr.write("avoplan: avbrutet\n")
        _leave(INTERRUPTED)
    except SystemExit as exc:
        if exc.code == INTERRUPTED:
            _leave(INTERRUPTED)
        raise


def _leave(code: int) -> None:
    """Exit at once: a second Ctrl-C during the interpreter's shutdown would otherwise
    end the process by the signal itself, after the one line was already written."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, KeyboardInterrupt):
            stream.flush()
    os._exit(code)
