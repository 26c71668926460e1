"""The `tokenplan` console script: Ctrl-C held while the command's modules load, then
`service.cli.console`. PuLP imports highspy inside a bare `except:`, so a Ctrl-C in the first
half-second of a command was swallowed there: the command ran on as if none had come, or failed
later with HiGHS half-loaded (review 15a C0: `'HiGHS' object has no attribute 'callSolver'`).
Held, it is raised once they have loaded, and the command ends with one line and 130."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from types import ModuleType

from service.cli_interrupt import interrupted

__all__ = ["console"]


def _cli() -> ModuleType:
    from service import cli, reports  # reports: `cli.main` imports it first thing (probe 16b F5)

    del reports
    return cli


def console(load: Callable[[], ModuleType] = _cli) -> int:
    """Run the command; `load` imports `service.cli` (the tests hand their own)."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        cli = load()
    finally:
        try:
            # A Ctrl-C held is delivered as the mask is restored, and raised by this call.
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        except KeyboardInterrupt:
            return interrupted()
    return int(cli.console())


if __name__ == "__main__":
    sys.exit(console())
