"""Processes the tests start, watched from outside through Linux's /proc."""

from __future__ import annotations

__all__ = ["alive"]


def alive(pid: int) -> bool:
    """Whether process `pid` exists and has not ended: a zombie (ended, not yet reaped by its
    parent or whoever adopted it) or a dead one has."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False
