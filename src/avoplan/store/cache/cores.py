"""Whether a second process can read a cold portfolio: guessed from the kernel's count
of running processes and the load average (/proc), since a second process on a busy
machine only competes with the first."""

from __future__ import annotations

import os
from pathlib import Path

# Below this many files a second process costs more than it saves.
PARALLEL_MIN = 400


def spare_core() -> bool:
    """Whether a second core is idle. On a busy machine the second process only competes
    with this one and costs handing its work back (measured: render plan of 10 000
    files 11 s alone, 15 s split, at a load of 2 on 2 cores; 7.8 s alone, 5.8 s split on
    an idle machine). Either sign of an idle core will do: the processes running at this
    moment (the kernel's count in /proc/loadavg, this one included; kernel threads
    writing back a fresh clone count too), or a one-minute load average below the cores
    less three quarters (it also holds avoplan's own previous commands)."""
    cores = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )
    if cores < 2:
        return False
    running = running_now()
    if running is not None and running <= cores - 1:
        return True
    try:
        return os.getloadavg()[0] <= cores - 0.75
    except OSError:
        return running is None


def running_now() -> int | None:
    try:
        text = Path("/proc/loadavg").read_text(encoding="ascii")
        return int(text.split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return None
