"""How a command ends, without typer: every outcome of a command becomes a Swedish
message and an exit code: 0 ok, 1 user error or refused action, 2 wrong usage, 3
unexpected (a crash log), 130 Ctrl-C. Arguments holding control characters or invalid
UTF-8 are refused before any command runs (pre-commit's error_handler is the model).
`exits` adds what typer and click raise; the writing commands' fast path
(`fast_writes`) ends here directly, so both end every command alike."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from avoplan.core.errors import UsageError, UserError


def guarded(invoke: Callable[[], Any]) -> int:
    """The exit code of `invoke()`, its error printed in Swedish."""
    from avoplan.ui.console import error as print_error

    if os.environ.get("AVOPLAN_DEBUG"):
        from avoplan.ui.console import debug_log

        debug_log()

    try:
        result = invoke()
    except UsageError as exc:
        print_error(exc.message, exc.hint)
        return 2
    except UserError as exc:
        print_error(exc.message, exc.hint, exc.details)
        return 1
    except KeyboardInterrupt:
        return interrupted()
    except OSError as exc:  # permission, full disk, read-only, link loop: name file and cause
        from avoplan.ui.findings_output import os_failed

        return os_failed(exc)
    except Exception:
        if os.environ.get("AVOPLAN_DEBUG"):
            raise
        return _crashed()
    if result == 130:  # typer turns a KeyboardInterrupt into a silent Exit(130)
        return interrupted()
    return result if isinstance(result, int) else 0


# C0 and C1 control characters (tab and newline allowed) and DEL: they would be stored in
# a file, or steer the terminal that shows them.
_CONTROL = frozenset(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]) - {"\t", "\n"}
# Where a newline belongs: prose (a decision's motivering) and the values `set` writes
# (a beskrivning). Anywhere else (a folder name, a källa, a title, an id) it is refused.
_PROSE_OPTIONS = frozenset({"--motivering"})
_PROSE_COMMANDS = frozenset({"set"})


def checked_arguments(argv: Sequence[str]) -> bool:
    """Refuse (exit 2) an argument that is not valid UTF-8 or holds control characters,
    or a newline outside prose. Python hands undecodable bytes over as lone surrogates
    (surrogateescape)."""
    for number, arg in enumerate(argv):
        previous = argv[number - 1] if number else ""
        which = f"värdet till {previous}" if previous.startswith("-") else f"argument {number + 1}"
        if any("\udc80" <= char <= "\udcff" for char in arg):
            raise UsageError(
                f"{which} är inte giltig UTF-8",
                "ställ in terminalen på UTF-8 och skriv texten igen",
            )
        bad = next((char for char in arg if char in _CONTROL), None)
        if bad is not None:
            raise UsageError(
                f"{which} innehåller ett kontrolltecken (U+{ord(bad):04X})",
                "ta bort tecknet; det syns ofta inte",
            )
        if "\n" in arg and not _prose(argv, previous, arg):
            raise UsageError(
                f"{which} innehåller en radbrytning (U+000A)", "skriv värdet på en rad"
            )
    return True


def _prose(argv: Sequence[str], previous: str, arg: str) -> bool:
    """Whether `arg` may hold a newline: the value of a prose option, or an assignment of
    a command that writes prose."""
    option = arg.partition("=")[0] if arg.startswith("--") else previous
    if option in _PROSE_OPTIONS:
        return True
    return (
        bool(argv)
        and argv[0] in _PROSE_COMMANDS
        and not previous.startswith("-")
        and not arg.startswith("-")
    )


def interrupted() -> int:
    """Ctrl-C: one line, exit 130, whenever it comes."""
    sys.stderr.write("avoplan: avbrutet\n")
    return 130


def _crashed() -> int:
    """An unexpected error: the traceback goes to a crash log, the user gets its path
    (pre-commit's error_handler is the model)."""
    import traceback

    from avoplan.store.files import write_crash_log
    from avoplan.ui.console import error

    log = write_crash_log(sys.argv, traceback.format_exc())
    where = f"detaljerna finns i {log}" if log else "kör igen med AVOPLAN_DEBUG=1 för detaljer"
    error("ett oväntat fel inträffade i avoplan", f"{where}; rapportera felet")
    return 3
