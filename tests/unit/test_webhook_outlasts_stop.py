"""A webhook attempt that outlasts `Webhooks.stop`'s wait (a receiver answering a byte at a
time, a name slow to resolve) finds the store closed when it ends: the delivery is left,
leased, for the next server, and its thread ends with a warning, not an exception (flake12's
reading, session 12: the same class as the CI failure of session 11)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import msgspec
import pytest

from service import webhooks
from service.config import Settings
from service.store_pg import open_store
from service.webhook_attempt import Attempt
from service.webhooks import EventType, Secret, Subscription, Webhooks, new_secret


def test_an_attempt_outlasting_the_stop_ends_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """`stop` gives up after its wait (here 0 + 1 s), the store closes, the attempt then
    answers 204: a warning names the delivery and no exception escapes the thread."""
    started, answer = threading.Event(), threading.Event()

    def slow(*_: Any) -> Attempt:
        started.set()
        answer.wait(10)
        return Attempt(at="2027-01-01T00:00:00Z", status_code=204, seconds=1.5)

    monkeypatch.setattr(webhooks, "TIMEOUT_S", 0.0)
    monkeypatch.setattr(webhooks, "attempt_delivery", slow)
    settings = Settings(db_path=str(tmp_path / "hooks.db"), webhook_allow_internal=True)
    store = open_store(settings)
    hooks = Webhooks(store, settings)
    subscription = Subscription(
        id="wh_1",
        url="http://127.0.0.1:9/hook",
        events=("plan.completed",),
        created_at="2027-01-01T00:00:00Z",
        secrets=(Secret(value=new_secret()),),
    )
    sealed = msgspec.json.encode(subscription.with_secrets(hooks.box.seal))
    store.insert_document("webhooks", subscription.id, sealed)
    event: EventType = "plan.completed"
    [delivery_id] = hooks.emit(event, {"id": "plan_x"})
    assert started.wait(10)
    hooks.stop()  # waits TIMEOUT_S + 1 s for the attempt, which is still under way
    [thread] = [t for t in hooks._threads if t.is_alive()]
    store.close()
    with caplog.at_level(logging.WARNING, logger="tokenplan"):
        answer.set()
        thread.join(10)
    assert not thread.is_alive()
    assert f"webhook delivery {delivery_id} outlasted the shutdown" in caplog.text
