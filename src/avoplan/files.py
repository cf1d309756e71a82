"""Files on disk: atomic writes, paths as the user recognises them, and where the
embedded portfolio and templates live in a checkout or an installed wheel."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from avoplan.errors import UserError

_PACKAGE = Path(__file__).resolve().parent


def display(path: Path) -> str:
    """A path as the user best recognises it: relative to the working directory."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def atomic_write_text(path: Path, text: str) -> None:
    """Write via a temp file in the same folder and rename: never half a file on disk."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).chmod(mode)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def restore(file: Path, text: str | None) -> None:
    """Undo a write: put back the old text, or remove a file that did not exist."""
    if text is None:
        file.unlink(missing_ok=True)
    else:
        atomic_write_text(file, text)


def embedded_portfolio() -> Path:
    """The ÄVO portfolio shipped with avoplan (in the wheel, or the checkout's folder)."""
    for candidate in (_PACKAGE / "_embedded" / "portfolio", _PACKAGE.parents[1] / "portfolio"):
        if (candidate / "organisation.yaml").is_file():
            return candidate
    raise UserError("hittar ingen portfölj", "ange --portfolio eller kör i en portföljs mapp")


def is_embedded(folder: Path) -> bool:
    """Whether `folder` is the portfolio that ships with avoplan."""
    try:
        return folder.resolve() == embedded_portfolio().resolve()
    except UserError:
        return False


def templates_dir() -> Path:
    """The templates packaged with the wheel, or the checkout's top-level folder."""
    for candidate in (_PACKAGE / "_embedded" / "templates", _PACKAGE.parents[1] / "templates"):
        if (candidate / "_base.html.j2").is_file():
            return candidate
    raise UserError("hittar inte dokumentmallarna", "installera om avoplan")


def installed_package() -> Path:
    return _PACKAGE


def write_crash_log(argv: list[str], trace: str) -> Path | None:
    """Write what an unexpected error looked like to the user cache folder; None when
    even that cannot be written."""
    import platform
    import sys
    from datetime import datetime

    import avoplan

    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    log = Path(home) / "avoplan" / "avoplan-fel.log"
    body = (f"### {datetime.now().isoformat(timespec='seconds')}\n"
            f"avoplan {avoplan.__version__}, Python {sys.version.split()[0]}, "
            f"{platform.platform()}\n"
            f"kommando: {' '.join(argv)}\n\n{trace}\n")
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as handle:
            handle.write(body)
    except OSError:
        return None
    return log
