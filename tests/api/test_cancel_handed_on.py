"""A cancel landing while a plan's solve is handed to another worker (probe 16b F8b): after
40 s of solving on two workers, the plan was stored "cancelled before its solve started".
A plan whose progress shows a solve had begun says what happened instead."""

from __future__ import annotations

import threading

import msgspec
import pytest

from optimizer import Plan, Progress
from service.config import Settings
from service.jobs import forecast_of, solve_and_store
from service.store import Store
from service.webhooks import Webhooks
from tests.golden import golden_plan


@pytest.mark.parametrize("solved_before", [False, True])
def test_a_cancel_before_the_solve_here_says_whether_one_had_begun(
    store: Store, store_settings: Settings, solved_before: bool
) -> None:
    """No progress: 'before its solve started'; progress from a solve elsewhere: said, with
    the cost and gap lost."""
    plan = golden_plan("seed-deepseek-r1")
    progress = Progress(
        phase="search", incumbent_cost=391985627.0, best_bound=391476000.0, gap=0.0013, seconds=40.5
    )
    pending = msgspec.structs.replace(
        plan, status="solving", progress=progress if solved_before else None
    )
    store.insert_document(
        "plans", plan.id, msgspec.json.encode(pending), status="solving", owner="w", lease_s=60
    )
    assert store.request_cancel(plan.id) == "solving"
    job = (pending, store.catalog(plan.catalog_revision), forecast_of(store, pending))
    hooks = Webhooks(store, store_settings)
    solve_and_store(store, "w", job, store_settings, threading.Event(), None, hooks)
    hooks.stop()
    stored = msgspec.json.decode(store.document("plans", plan.id), type=Plan)
    assert stored.status == "cancelled"
    if solved_before:
        assert stored.error == (
            "cancelled while its solve was being handed on: the server or worker solving it "
            "stopped after 40.5 s, and the best plan it had found (cost 391,985,627.00 at gap "
            "0.13%) was lost with it"
        )
    else:
        assert stored.error == "cancelled before its solve started"
