"""Dropping a root process's capabilities, as `setpriv --bounding-set=-CAP,...` and an exec
leave them: gone from the bounding set (so from every program it starts) and from its own
effective and permitted sets (which the exec would have taken from the bounding set). The
fork server's child does this before it becomes avoplan (tests/forkserver.py), so a test of
file permissions run as root needs no interpreter of its own."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from collections.abc import Sequence

# linux/capability.h
DAC_OVERRIDE = 1
DAC_READ_SEARCH = 2
_PR_CAPBSET_DROP = 24
_VERSION_3 = 0x20080522
_NAMES = {DAC_OVERRIDE: "dac_override", DAC_READ_SEARCH: "dac_read_search"}


def setpriv(capabilities: Sequence[int]) -> list[str]:
    """The setpriv prefix that drops `capabilities` where a fresh interpreter runs."""
    if not capabilities:
        return []
    return ["setpriv", "--bounding-set=" + ",".join(f"-{_NAMES[c]}" for c in capabilities)]


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def drop(capabilities: list[int]) -> None:
    """Drop `capabilities` (numbers below 32) from this process; OSError if it cannot."""
    if not capabilities:
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    for capability in capabilities:
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    header, data = _Header(_VERSION_3, 0), (_Data * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    mask = ~sum(1 << capability for capability in capabilities) & 0xFFFFFFFF
    for field in ("effective", "permitted", "inheritable"):
        setattr(data[0], field, getattr(data[0], field) & mask)
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
