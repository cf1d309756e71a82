"""The exported schemas in the YAML language server that VS Code uses (yaml-language-server
over stdio, installed from npm by .ci/run): no diagnostics on the valid portfolio, Swedish
messages on the right line of a broken need, through the modeline `avoplan new` writes."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO, Cli, copy_portfolio

MODELINE = "# yaml-language-server: $schema=../schema/{kind}.schema.json\n"
INSTALLED = REPO / ".venv" / "yls" / "node_modules" / ".bin" / "yaml-language-server"


def server_binary() -> str | None:
    return str(INSTALLED) if INSTALLED.is_file() else shutil.which("yaml-language-server")


class Server:
    """A minimal LSP client: open documents, collect their published diagnostics."""

    def __init__(self, binary: str, root: Path) -> None:
        self.process = subprocess.Popen(
            [binary, "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        threading.Thread(target=self._read, daemon=True).start()
        self.request(
            1,
            "initialize",
            {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": {}},
        )
        self.notify("initialized", {})
        self.notify(
            "workspace/didChangeConfiguration",
            {"settings": {"yaml": {"validate": True, "schemas": {}}}},
        )

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := stream.readline().decode()) not in ("\r\n", ""):
                if line.lower().startswith("content-length:"):
                    length = int(line.split(":", 1)[1])
            if not line:
                return
            self.inbox.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        data = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(f"Content-Length: {len(data)}\r\n\r\n".encode() + data)
        self.process.stdin.flush()

    def request(self, number: int, method: str, params: dict[str, Any]) -> None:
        self._send({"id": number, "method": method, "params": params})

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def open(self, file: Path, text: str) -> None:
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": file.as_uri(),
                    "languageId": "yaml",
                    "version": 1,
                    "text": text,
                }
            },
        )

    def wait_for(self, uris: set[str], seconds: float = 60) -> None:
        end = time.monotonic() + seconds
        while not uris <= self.diagnostics.keys() and time.monotonic() < end:
            try:
                message = self.inbox.get(timeout=0.5)
            except queue.Empty:
                continue
            if "id" in message and "method" in message:  # a request of the server's
                items = message.get("params", {}).get("items", [])
                result = [{"validate": True, "schemas": {}}] * len(items) if items else None
                self._send({"id": message["id"], "result": result})
            elif message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                self.diagnostics[params["uri"]] = params["diagnostics"]
        assert uris <= self.diagnostics.keys(), "yaml-language-server svarade inte"

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


@pytest.fixture
def editor(cli: Cli, tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    binary = server_binary()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("yaml-language-server saknas: .ci/run installerar det med npm")
        pytest.skip("yaml-language-server is not installed (see README, Utveckling)")
    portfolio = copy_portfolio(REPO / "portfolio", tmp_path / "portfolio")
    assert cli("schema", "-p", portfolio).exit_code == 0
    server = Server(binary, portfolio)
    yield server, portfolio
    server.close()


def test_yaml_language_server_finds_nothing_in_the_valid_portfolio(
    editor: tuple[Server, Path],
) -> None:
    server, portfolio = editor
    files = {
        p: kind
        for kind in ("behov", "projekt", "system")
        for p in sorted((portfolio / kind).glob("*.yaml"))
    }
    for file, kind in files.items():
        server.open(file, MODELINE.format(kind=kind) + file.read_text(encoding="utf-8"))
    server.wait_for({f.as_uri() for f in files})
    flagged = {
        f.name: server.diagnostics[f.as_uri()] for f in files if server.diagnostics[f.as_uri()]
    }
    assert flagged == {}


def test_yaml_language_server_flags_a_broken_need_in_swedish_on_its_line(
    editor: tuple[Server, Path],
) -> None:
    server, portfolio = editor
    need = portfolio / "behov" / "BEH-004.yaml"
    lines = (MODELINE.format(kind="behov") + need.read_text(encoding="utf-8")).splitlines()
    contact = next(i for i, line in enumerate(lines) if line.startswith("kontaktperson:"))
    step = next(i for i, line in enumerate(lines) if line.startswith("steg:"))
    lines[contact] = "kontaktperson: Karin Holm"
    lines[step] = "steg: nästan klart"
    server.open(need, "\n".join(lines) + "\n")
    server.wait_for({need.as_uri()})
    found = {d["range"]["start"]["line"]: d["message"] for d in server.diagnostics[need.as_uri()]}
    assert found[contact].startswith("Ett id skrivs med små bokstäver")
    assert found[step].startswith("Tillåtna värden: insamling, grovsållning")
