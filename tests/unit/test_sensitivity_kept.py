"""A failed sensitivity run does not lose the finished run it replaced (probe 8, finding 9f:
POST with `time_limit_s` 1e-9 failed, and GET then showed only the failure). The store's side,
without a solve: the API's claim of a new run, then its failure or its result."""

from __future__ import annotations

from pathlib import Path

import msgspec

from catalog import default_catalog
from optimizer import Sensitivity, SensitivityOptions
from service.sensitivity_api import _claim, _kept
from service.sensitivity_jobs import COLLECTION, KEPT, run_and_store, store_failed
from service.store import Store
from tests.golden import golden_plan

FINISHED = Sensitivity(
    plan_id="plan_s",
    status="done",
    created_at="2026-11-30T00:00:00Z",
    options=SensitivityOptions(),
    base_cost=2920.0,
    solves=12,
)
OTHER = SensitivityOptions(steps=(0.1,), time_limit_s=1e-9)


def _store_with_finished(tmp_path: Path) -> tuple[Store, Sensitivity]:
    """A store holding FINISHED, and a new run with other settings claimed over it."""
    store = Store(str(tmp_path / "t.db"))
    doc = msgspec.json.encode(FINISHED)
    store.insert_document(COLLECTION, "plan_s", doc, parent_id="plan_s", status="done")
    pending = Sensitivity(plan_id="plan_s", status="solving", created_at="later", options=OTHER)
    assert _claim(store, "plan_s", OTHER, msgspec.json.encode(pending), "server_me") is None
    return store, pending


def _stored(store: Store) -> Sensitivity:
    return msgspec.json.decode(store.document(COLLECTION, "plan_s"), type=Sensitivity)


def test_a_failed_run_gives_the_finished_one_back(tmp_path: Path) -> None:
    """While the new run solves GET shows it; when it fails, the finished run is stored again
    as it was, with the failure (its settings and error) in `last_failure`."""
    store, pending = _store_with_finished(tmp_path)
    assert _stored(store).status == "solving"
    store_failed(store, pending, "time_limit_s: give a larger time_limit_s")
    back = _stored(store)
    assert msgspec.structs.replace(back, last_failure=None) == FINISHED
    assert back.last_failure is not None
    assert '"time_limit_s":1e-9' in back.last_failure
    assert back.last_failure.endswith("failed: time_limit_s: give a larger time_limit_s")
    assert store.documents(KEPT, parent_id="plan_s") == []
    store.close()


def test_a_failure_with_nothing_finished_before_is_stored(tmp_path: Path) -> None:
    """A plan whose first run fails: the failure is what GET shows (nothing to keep)."""
    store = Store(str(tmp_path / "t.db"))
    pending = Sensitivity(plan_id="plan_s", status="solving", created_at="now", options=OTHER)
    assert _claim(store, "plan_s", OTHER, msgspec.json.encode(pending), "server_me") is None
    store_failed(store, pending, "boom")
    assert (_stored(store).status, _stored(store).error) == ("failed", "boom")
    store.close()


def test_a_run_that_cannot_start_also_gives_the_finished_one_back(tmp_path: Path) -> None:
    """run_and_store with a plan that has no sensitivity (not solved): stored as the kept run
    with the refusal in `last_failure`."""
    store, pending = _store_with_finished(tmp_path)
    plan = msgspec.structs.replace(golden_plan("infeasible-power-cap"), id="plan_s")
    result = run_and_store(store, default_catalog(), plan, OTHER, pending.created_at)
    assert result.status == "done" and result.last_failure is not None
    assert _stored(store) == result
    store.close()


def test_a_run_stored_before_its_proofs_were_checked_is_run_again(tmp_path: Path) -> None:
    """Probe 13: a finished run stored before targets' proofs were checked (its `verified`
    may rest on re-solves stopped on their time limit) is not the answer to a POST of its
    settings: the POST runs it again. One stored since is answered (200)."""
    store = Store(str(tmp_path / "t.db"))
    doc = msgspec.json.encode(FINISHED)
    store.insert_document(COLLECTION, "plan_s", doc, parent_id="plan_s", status="done")
    assert _kept(store, "plan_s", FINISHED.options) is None
    checked = msgspec.structs.replace(FINISHED, proofs_checked=True, limits_run=True)
    store.replace_document(COLLECTION, "plan_s", msgspec.json.encode(checked), status="done")
    kept = _kept(store, "plan_s", FINISHED.options)
    assert kept is not None and kept.status_code == 200
    store.close()


def test_a_run_stored_before_the_limits_were_answered_is_run_again(tmp_path: Path) -> None:
    """Probe 14a: a finished run stored before the limits were answered has none, whatever
    the plan's: a POST of its settings runs it again; one stored since is answered (200)."""
    store = Store(str(tmp_path / "t.db"))
    before = msgspec.structs.replace(FINISHED, proofs_checked=True)
    store.insert_document(
        COLLECTION, "plan_s", msgspec.json.encode(before), parent_id="plan_s", status="done"
    )
    assert _kept(store, "plan_s", FINISHED.options) is None
    since = msgspec.structs.replace(before, limits_run=True)
    store.replace_document(COLLECTION, "plan_s", msgspec.json.encode(since), status="done")
    kept = _kept(store, "plan_s", FINISHED.options)
    assert kept is not None and kept.status_code == 200
    store.close()
