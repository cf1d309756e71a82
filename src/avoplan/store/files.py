"""Files on disk: atomic writes, paths as the user recognises them, and where the
embedded portfolio and templates live in a checkout or an installed wheel."""

from __future__ import annotations

import errno
import os
import re
from functools import lru_cache
from pathlib import Path

from avoplan.core.errors import UserError

_PACKAGE = Path(__file__).resolve().parent.parent  # src/avoplan


# The file that makes a folder a portfolio (`models.portfolio.ORGANISATION`; a test keeps
# the two equal). Named here too so that finding a portfolio needs no models.
PORTFOLIO_MARKER = "organisation.yaml"
# A decision written in two files is journalled here until both are written (see edits).
JOURNAL_FILE = ".avoplan-journal.json"


def nearest_portfolio(start: Path) -> Path | None:
    """The nearest portfolio from `start` up: a folder with organisation.yaml, or its
    portfolio/ subfolder."""
    for folder in (start, *start.parents):
        for candidate in (folder, folder / "portfolio"):
            if (candidate / PORTFOLIO_MARKER).is_file():
                return candidate
    return None


def display(path: Path) -> str:
    """A path as the user best recognises it: relative to the working directory."""
    text = str(path)
    folder, name = os.path.split(text)
    try:  # the folder resolved, not the name: the file may be a link, even a looping one
        shown = _folder_shown(folder or ".", os.getcwd())  # noqa: PTH109 (a key, no Path)
    except (OSError, RuntimeError):
        return text
    if shown is None:
        return text
    return name if shown == "." else f"{shown}/{name}"


@lru_cache(maxsize=256)
def _folder_shown(folder: str, cwd: str) -> str | None:
    """`folder` resolved and relative to `cwd` resolved, None when it lies outside.
    Remembered: thousands of findings name files in the same few folders, and resolving
    is a system call per part of the path."""
    try:
        return str(Path(folder).resolve().relative_to(Path(cwd).resolve()))
    except ValueError:
        return None


# What an operating-system error means, in the words of the message "kan inte läsa FIL: …".
_REASONS = {
    errno.EACCES: "behörighet saknas",
    errno.EPERM: "behörighet saknas",
    errno.ENOENT: "filen finns inte",
    errno.EISDIR: "är en mapp, inte en fil",
    errno.ENOTDIR: "en del av sökvägen är ingen mapp",
    errno.ELOOP: "symboliska länkar i en slinga",
    errno.ENOSPC: "disken är full",
    errno.EDQUOT: "diskkvoten är slut",
    errno.EROFS: "filsystemet är skrivskyddat",
    errno.EIO: "in- eller utmatningsfel på disken",
    errno.EMFILE: "för många öppna filer",
    errno.ENAMETOOLONG: "sökvägen är för lång",
    errno.EEXIST: "filen finns redan",
}


def reason(exc: OSError) -> str:
    """An OSError's cause in Swedish, for "kan inte läsa/skriva FIL: orsak"."""
    return _REASONS.get(exc.errno or 0, exc.strerror or "okänt fel")


def os_error(exc: OSError, verb: str = "läsa eller skriva") -> UserError:
    """The one message for a file the operating system refused (exit 1)."""
    name = display(Path(exc.filename)) if exc.filename else "filen"
    return UserError(f"kan inte {verb} {name}: {reason(exc)}")


TEMP_SUFFIX = ".avoplan.tmp"
# Ours, and those of avoplan before 0.2 (".NAME.yaml.<mkstemp's 8 characters>.tmp").
_TEMP = re.compile(r"^\..+(?:\.avoplan\.tmp|\.yaml\.[a-z0-9_]{8}\.tmp)$")


def atomic_write_text(path: Path, text: str) -> None:
    """Write via a temp file in the same folder and rename: never half a file on disk.
    A temp file left by a killed process is removed by `sweep_temp_files`."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, content: bytes) -> None:
    """atomic_write_text for bytes (a PDF)."""
    try:
        _write_via_temp(path, content, replace=True)
    except OSError as exc:
        exc.filename = str(path)
        raise os_error(exc, "skriva") from None


def exclusive_write_text(path: Path, text: str) -> None:
    """Write a new file that must not exist yet: the name is taken atomically (a hard
    link, which fails when the name exists), so two processes never both get it."""
    try:
        _write_via_temp(path, text.encode("utf-8"), replace=False)
    except FileExistsError:
        raise
    except OSError as exc:
        exc.filename = str(path)
        raise os_error(exc, "skriva") from None


def _write_via_temp(path: Path, content: bytes, *, replace: bool) -> None:
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = _temp_file(path.parent, f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).chmod(mode)
        if replace:
            Path(tmp).replace(path)
        else:
            os.link(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _temp_file(folder: Path, prefix: str) -> tuple[int, str]:
    """A new temp file beside the target, named as tempfile.mkstemp names one (eight
    random characters, created exclusively, mode 0600), without importing tempfile (with
    shutil, bz2 and lzma, a few ms of every write)."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        name = str(folder / f"{prefix}{os.urandom(4).hex()}{TEMP_SUFFIX}")
        try:
            return os.open(name, flags | getattr(os, "O_CLOEXEC", 0), 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "inget ledigt namn för en tillfällig fil", str(folder))


def swept_names(folder: Path) -> list[str] | None:
    """The names in `folder` once the temp files a killed avoplan left there are removed
    (call only under the portfolio lock); None when it cannot be listed."""
    try:
        names = os.listdir(folder)  # noqa: PTH208 (names only: 10 000 files in a few ms)
    except OSError:
        return None
    stale = {name for name in names if name[:1] == "." and _TEMP.match(name)}
    for name in stale:
        (folder / name).unlink(missing_ok=True)
    return [name for name in names if name not in stale] if stale else names


def sweep_temp_files(folder: Path, older_than: float = 0) -> None:
    """Remove temp files a killed avoplan left in `folder`. With `older_than` 0, call only
    under the portfolio lock, when no other avoplan can be writing one; elsewhere (the
    cache) only files older than `older_than` seconds are taken."""
    import time

    limit = time.time() - older_than
    try:
        stale = [
            entry.path
            for entry in os.scandir(folder)
            if _TEMP.match(entry.name) and (not older_than or entry.stat().st_mtime < limit)
        ]
    except OSError:
        return
    for path in stale:
        Path(path).unlink(missing_ok=True)


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


def is_installed_copy(folder: Path) -> bool:
    """Whether `folder` lies inside avoplan's installed package (the wheel's copy of the
    embedded portfolio), which no command may write to."""
    try:
        return folder.resolve().is_relative_to(_PACKAGE / "_embedded")
    except OSError:
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
    body = (
        f"### {datetime.now().isoformat(timespec='seconds')}\n"  # noqa: DTZ005 (the crash log names the user's local time)
        f"avoplan {avoplan.__version__}, Python {sys.version.split()[0]}, "
        f"{platform.platform()}\n"
        f"kommando: {' '.join(argv)}\n\n{trace}\n"
    )
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as handle:
            handle.write(body)
    except OSError:
        return None
    return log


def edit_in_editor(text: str, name: str) -> str:
    """`text` as the user leaves it after editing it in $VISUAL or $EDITOR (else vi), in
    a temporary file called `name`; the file is removed afterwards."""
    import shlex
    import subprocess

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    import tempfile

    with tempfile.TemporaryDirectory(prefix="avoplan-") as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        try:
            done = subprocess.run([*shlex.split(command), str(path)], check=False)  # noqa: S603 ($EDITOR, run as the user asked, on a file avoplan wrote)
        except (OSError, ValueError) as exc:
            raise UserError(
                f"kan inte starta redigeraren '{command}': {exc}",
                "ange en redigerare i EDITOR, t.ex. EDITOR=nano",
            ) from None
        if done.returncode != 0:
            raise UserError(
                f"redigeraren '{command}' avslutades med felkod {done.returncode}; "
                "inget har ändrats"
            )
        return path.read_text(encoding="utf-8")
