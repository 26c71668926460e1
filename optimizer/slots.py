"""Solver slots shared by a server's plans and sensitivity runs: each plan or run holds one while
it runs (`Slots.held`), and a sensitivity run borrows the free ones, one solver run at a time
(`Lanes`), so that a plan arriving waits for the borrowed solver runs under way, not for a whole
run, while a slot is held by no more than one run; when sensitivity runs hold every slot, a plan
waits for one of them to end (review 13)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

__all__ = ["Borrow", "Lanes", "Slots"]

LOOK_S = 0.05
"""How often a solver run waiting for a lane asks again for a borrowed slot (a slot given back
elsewhere does not wake it; a solver run takes 35 ms or more)."""


class Borrow(Protocol):
    """Where a sensitivity run borrows solver slots beyond the one it holds."""

    def try_borrow(self) -> bool:
        """Take a free slot, at once: False when none is free or something waits for one."""
        ...

    def give_back(self) -> None:
        """Give back a slot `try_borrow` took."""
        ...


class Slots:
    """`capacity` solver slots. A plan or run takes one for as long as it runs (`held`,
    waiting while none is free); a sensitivity run borrows the free ones (`try_borrow`) for
    one solver run each, and none while anything waits in `held`: a plan arriving waits for
    the solver runs under way, at most."""

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            msg = f"capacity must be at least 1, not {capacity}"
            raise ValueError(msg)
        self.capacity = capacity
        self._changed = threading.Condition()
        self._used = 0
        self._waiting = 0

    @property
    def used(self) -> int:
        """Slots taken now, held and borrowed."""
        with self._changed:
            return self._used

    @contextmanager
    def held(self) -> Iterator[None]:
        """A slot for the body, waited for (before any borrower) while none is free."""
        with self._changed:
            self._waiting += 1
            try:
                while self._used >= self.capacity:
                    self._changed.wait()
            finally:
                self._waiting -= 1
            self._used += 1
        try:
            yield
        finally:
            self.give_back()

    def try_borrow(self) -> bool:
        with self._changed:
            if self._waiting or self._used >= self.capacity:
                return False
            self._used += 1
            return True

    def give_back(self) -> None:
        with self._changed:
            self._used -= 1
            self._changed.notify_all()


class Lanes:
    """A sensitivity run's solver runs at once, from any of its threads: one on the slot the
    run holds (its own lane), others on slots borrowed from `slots` for one solver run each,
    while any is free. Without `slots`, nothing limits them (the command line and the
    benchmark, alone on the machine, size the run's thread pool instead)."""

    def __init__(self, slots: Borrow | None) -> None:
        self._slots = slots
        self._own_free = True
        self._changed = threading.Condition()
        self._inside = threading.local()  # a solver run inside another takes no second lane
        self.borrowed = 0
        """Solver runs made on a borrowed slot, in all."""

    @contextmanager
    def lane(self) -> Iterator[None]:
        """A lane for one solver run (the body), waited for while none is free."""
        slots = self._slots
        if slots is None or getattr(self._inside, "yes", False):
            yield
            return
        with self._changed:
            while True:
                if self._own_free:
                    self._own_free = borrowed = False
                    break
                if slots.try_borrow():
                    borrowed = True
                    self.borrowed += 1
                    break
                self._changed.wait(LOOK_S)
        self._inside.yes = True
        try:
            yield
        finally:
            self._inside.yes = False
            if borrowed:
                slots.give_back()
            else:
                with self._changed:
                    self._own_free = True
                    self._changed.notify()
