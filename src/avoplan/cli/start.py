"""The console script's entry point. Ctrl-C at any moment, even while the modules that
make up the command line are still being imported, ends with one line and exit 130,
never a KeyboardInterrupt traceback."""

from __future__ import annotations

import contextlib
import gc
import os
import sys

INTERRUPTED = 130


def main() -> None:
    # pydantic otherwise scans every installed package's entry points for plugins on
    # the first model: tens of milliseconds of every command, for plugins avoplan has none of.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _no_plugin_search()
    # Start-up makes hundreds of thousands of objects (pydantic builds its models) and
    # frees almost none: the cycle collector's passes over them are pure cost, some 20 ms
    # of a decision. Cycles are still collected, just less often.
    gc.set_threshold(100_000, 50, 100)
    import avoplan

    avoplan.SHORT_LIVED = True
    try:
        from avoplan.cli.fast_path import answer

        code = answer(sys.argv[1:])  # a warm check of an unchanged portfolio, at once
        if code is None:
            _cheap_yaml_reader_pattern()
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
        _end(exc)


PLUGIN_LOADER = "pydantic.plugin._loader"


def _no_plugin_search() -> None:
    """With every plugin switched off, pydantic's plugin loader answers "none"; but its
    module imports importlib.metadata (email, csv, zipfile …) to look for them, 15 ms of
    every command that validates a file. A stand-in module gives the same answer; any
    other name it is asked for loads the real module."""
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] != "__all__" or PLUGIN_LOADER in sys.modules:
        return
    import types

    def real(name: str) -> object:
        if name.startswith("__"):  # the import system asking whether it is a package
            raise AttributeError(name)
        del sys.modules[PLUGIN_LOADER]
        import importlib

        return getattr(importlib.import_module(PLUGIN_LOADER), name)

    stand_in = types.ModuleType(PLUGIN_LOADER)
    stand_in.get_plugins = tuple  # type: ignore[attr-defined]
    stand_in.__getattr__ = real  # type: ignore[method-assign]
    sys.modules[PLUGIN_LOADER] = stand_in


# PyYAML's pure-Python reader compiles, as it is imported, a pattern of the characters
# it refuses, spelled as the many it accepts: some 6 ms of every command that reads YAML,
# for a reader avoplan never uses (it reads through libyaml). The same set spelled as the
# few it refuses compiles in well under one; re's cache hands it over when PyYAML asks for
# its own spelling (tests/test_startup.py compares the two over every code point). Where
# re keeps no such cache, PyYAML simply compiles its own.
YAML_NON_PRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
YAML_NON_PRINTABLE_FEW = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"


def _cheap_yaml_reader_pattern() -> None:
    import re

    cache = getattr(re, "_cache", None)
    if isinstance(cache, dict) and "yaml" not in sys.modules:
        cache[(str, YAML_NON_PRINTABLE, 0)] = re.compile(YAML_NON_PRINTABLE_FEW)


def _end(exc: SystemExit) -> None:
    """End a command of the full command line as the interpreter would, less its
    teardown: the exit handlers run (a pool's workers joined, temporary folders removed)
    and the output is flushed, but the modules and every object the command made are not
    freed one at a time (some 20 ms of each command). A code that is not a number, or a
    thread still running, ends the ordinary way."""
    import atexit

    threading = sys.modules.get("threading")
    running = threading is not None and any(
        t.is_alive() and not t.daemon and t is not threading.main_thread()
        for t in threading.enumerate()
    )
    if running or not (exc.code is None or isinstance(exc.code, int)):
        raise exc
    atexit._run_exitfuncs()  # noqa: SLF001 (the interpreter's own exit step, as at exit)
    _leave(exc.code or 0)


def _leave(code: int) -> None:
    """Exit at once: a second Ctrl-C during the interpreter's shutdown would otherwise
    end the process by the signal itself, after the one line was already written."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, KeyboardInterrupt):
            stream.flush()
    os._exit(code)
