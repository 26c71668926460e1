"""A running solve hears of a cancel: at once when this process took it (the Solver's event),
within the store's read every `CHECK_S` when another server did."""

from __future__ import annotations

import threading
from pathlib import Path

import msgspec
import pytest

from optimizer import Plan, PlanRequest
from service import progress
from service.progress import PlanWatch
from service.store import Store
from tests.bodies import QUICK


def _solving(store: Store) -> Plan:
    plan = Plan(
        id="plan_watched",
        status="solving",
        created_at="2027-01-01T00:00:00Z",
        catalog_revision=1,
        request=msgspec.convert(QUICK, PlanRequest),
    )
    doc = msgspec.json.encode(plan)
    store.insert_document("plans", plan.id, doc, status="solving", owner="me", lease_s=60)
    return plan


def test_a_cancel_taken_here_is_heard_at_once_and_the_stores_flag_at_its_next_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the watch has read the store's flag (not set), a cancel asked through this
    process's event is heard at the next look, where one asked only in the store waits for
    the watch's next read of it, `CHECK_S` after the last (here 30 s, then none)."""
    monkeypatch.setattr(progress, "CHECK_S", 30.0)
    store = Store(str(tmp_path / "watch.db"))
    try:
        plan = _solving(store)
        asked = threading.Event()
        here = PlanWatch(store, "me", plan, asked)
        elsewhere = PlanWatch(store, "me", plan)
        assert not here.cancelled() and not elsewhere.cancelled()  # both read the store
        assert store.request_cancel(plan.id) == "solving"
        assert not elsewhere.cancelled()  # read less than CHECK_S ago: not read again yet
        assert not here.cancelled()  # nor here, until this process's event says so
        asked.set()
        assert here.cancelled()
        monkeypatch.setattr(progress, "CHECK_S", 0.0)
        assert elsewhere.cancelled()  # its next read of the store
    finally:
        store.close()
