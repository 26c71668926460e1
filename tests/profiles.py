"""Which test profile this run uses: `ci` (as many examples as the suite always had,
derandomized) or `dev` (fewer, for quick local runs). HYPOTHESIS_PROFILE picks one; `CI` set
means `ci`; else `dev`. tests/conftest.py loads hypothesis' profile of that name, and the few
tests whose cost is not a hypothesis count (schemathesis) read it here."""

from __future__ import annotations

import os

PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
FULL = PROFILE != "dev"
"""Every case the suite checks; only the `dev` profile runs fewer."""


def examples(full: int) -> int:
    """A test's hypothesis example count: `full` under `ci`, half of it under `dev` (the
    solver's property tests, whose every example solves, are most of the suite's hypothesis
    time)."""
    return full if FULL else max(5, full // 2)
