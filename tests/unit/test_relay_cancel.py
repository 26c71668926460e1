"""The solving child hears a cancel for good, and a solve stopped after a cancel says why (probe 10
finding 2: the relay said stop once, so the plan's next step ran on deaf to it, and the plan
lost to the cancel grace was said to have reached its wall-clock cap)."""

from __future__ import annotations

import math
import multiprocessing

from service import solve_process
from service.solve_process import CANCEL_GRACE_S


def test_a_cancel_is_heard_by_every_later_callback_and_between_steps() -> None:
    """Once the server has sent its cancel, every later callback says stop and `heard` (the
    plan's clock between steps) says cancelled; no progress is sent after it."""
    child, server = multiprocessing.Pipe(duplex=True)
    relay = solve_process._Relay(child)
    assert relay(0.1, 5.0, 4.0) is False and not relay.heard()
    assert server.poll(1.0) and server.recv_bytes()  # the first tick
    server.send_bytes(b"cancel")
    child.poll(1.0)
    relay.looked = -math.inf  # the pipe is read again now, not after `LOOK_S`
    relay.last = -math.inf
    assert [relay(s, 5.0, 4.0) for s in (0.2, 0.3, 0.4)] == [True, True, True]
    assert relay.heard()
    assert not server.poll(0)


def test_a_solve_lost_to_the_grace_names_the_grace_not_the_cap() -> None:
    """The error of a solve stopped from outside names the cancel grace when it ran out, and
    the cap otherwise."""
    grace = solve_process._capped(32.5, grace=True)
    assert f"{CANCEL_GRACE_S:.0f} s grace" in grace and "cap" not in grace
    assert "wall-clock cap of 32.5 s" in solve_process._capped(32.5, grace=False)
