"""The fork server itself (tests/forkserver.py has the client and the why): it imports
avoplan's command line and what a run does once, then forks a child per request that
becomes `python -m avoplan ARGV`."""

from __future__ import annotations

import json
import os
import selectors
import signal
import socket
import sys
from pathlib import Path
from typing import Any

from tests.forkserver import _MESSAGE

# The libraries avoplan imports only where it first needs them: rich for a table or a
# message (40 ms of a `show`), jinja2 for a document, typer's help and usage errors.
_LIBRARIES = ("rich.console", "rich.table", "rich.panel", "rich.markup", "jinja2", "markupsafe",
              "typer.rich_utils", "pydantic.type_adapter")  # fmt: skip


def _preload() -> None:
    """avoplan's start as `avoplan.cli.start.main` makes it, and every avoplan module."""
    import importlib
    import pkgutil

    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from avoplan.cli import start

    start._no_plugin_search()
    import avoplan

    names = [m.name for m in pkgutil.walk_packages(avoplan.__path__, "avoplan.")]
    for name in [*names, *_LIBRARIES]:
        if name != "avoplan.__main__":
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 (the child imports it again, and fails as it would)
                continue


def _settle() -> None:
    """What a run does once, at its first need, is done here for every child: gitpython
    imported (avoplan imports it where it first needs git), each model's validator built
    (the models defer it, models/common.py) and the digest of avoplan's code that the
    caches' keys hold (a read of every module, 25 ms; the server starts anew when the code
    changes, `_server`). Then what the server holds is frozen out of the cycle collector's
    sight: no child's collection walks it, and so copies its pages (together 0.15 s ->
    0.09 s of CPU time for a short command)."""
    import gc

    import git  # noqa: F401
    from pydantic import BaseModel

    from avoplan.store.cache.code import code_digest

    code_digest()

    models: list[type[BaseModel]] = [BaseModel]
    for model in models:
        models.extend(model.__subclasses__())
        if model.__module__.startswith("avoplan."):
            try:
                model.model_rebuild()
            except Exception:  # noqa: BLE001 (the child builds it again, and fails as it would)
                continue
    gc.collect()
    gc.freeze()


def serve(channel: socket.socket) -> dict[str, Any] | None:
    """Fork a child for each request; in the child, return the request."""
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    selector = selectors.DefaultSelector()
    selector.register(channel, selectors.EVENT_READ)
    selector.register(wake_read, selectors.EVENT_READ)
    while True:
        for key, _ in selector.select():
            if key.fd == wake_read:
                os.read(wake_read, 4096)
                _reap(channel)
                continue
            data, fds, _, _ = socket.recv_fds(channel, _MESSAGE, 3)
            if not data:
                return None
            pid = os.fork()
            if pid == 0:
                signal.set_wakeup_fd(-1)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                selector.close()
                for fd in (wake_read, wake_write):
                    os.close(fd)
                channel.close()
                for number, fd in enumerate(fds):
                    os.dup2(fd, number)
                for fd in set(fds) - {0, 1, 2}:
                    os.close(fd)
                request: dict[str, Any] = json.loads(data)
                return request
            for fd in fds:
                os.close(fd)
            channel.send(json.dumps({"pid": pid}).encode())


def _reap(channel: socket.socket) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        code = os.waitstatus_to_exitcode(status)
        channel.send(json.dumps({"exit": pid, "code": code}).encode())


def _become(request: dict[str, Any]) -> None:
    """This child as `python -m avoplan ARGV` started in the request's world."""
    import runpy
    import tempfile

    from tests import capabilities

    try:
        capabilities.drop(request["drop"])
    except OSError as exc:
        os.write(2, f"capabilities: {exc}\n".encode())
        os._exit(125)
    os.chdir(request["cwd"])
    os.umask(request["umask"])
    os.environ.clear()
    os.environ.update(request["env"])
    tempfile.tempdir = None
    sys.path[0] = str(Path.cwd())  # as `-m` puts the working directory first
    sys.argv = ["-m", *(os.fsdecode(bytes.fromhex(a)) for a in request["argv"])]
    runpy.run_module("avoplan", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    _preload()
    _settle()
    found = serve(socket.socket(fileno=int(sys.argv[1])))
    if found is not None:
        _become(found)
