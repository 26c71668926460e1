"""Writes that two API processes can make at once (PostgreSQL), or that race another request:
each is a compare-and-set on the stored row, on both backends (probe 16b F1, F6). The other
process's write is made where its real one lands: between this request's read and its write."""

from __future__ import annotations

from collections.abc import Iterator

import msgspec
import pytest

from catalog import Conflict
from optimizer import Sensitivity, SensitivityOptions
from service import sensitivity_api
from service.config import Settings
from service.sensitivity_jobs import COLLECTION
from service.store import Store
from service.store_pg import open_store


@pytest.fixture
def store(store_settings: Settings) -> Iterator[Store]:
    opened = open_store(store_settings)
    yield opened
    opened.close()


def _run(steps: float, status: str = "solving") -> Sensitivity:
    return Sensitivity(
        plan_id="plan_x",
        status=status,  # type: ignore[arg-type]
        created_at="2026-12-01T00:00:00Z",
        options=SensitivityOptions(steps=(steps,)),
        proofs_checked=True,
        limits_run=True,
    )


def _stored(store: Store) -> Sensitivity:
    return msgspec.json.decode(store.document(COLLECTION, "plan_x"), type=Sensitivity)


@pytest.mark.parametrize("rival_steps", [0.06, -0.06])
def test_a_sensitivity_post_racing_another_never_drops_its_run(
    store: Store, monkeypatch: pytest.MonkeyPatch, rival_steps: float
) -> None:
    """Probe 16b F1: two POSTs (on two API processes) both read the finished run, and both
    replaced it: both 202, one run never made. The second to write now finds the first's run
    solving and is answered as a POST is while one runs: a 409 for other settings, that run
    (202) for the same."""
    done = msgspec.json.encode(_run(0.5, "done"))
    store.insert_document(COLLECTION, "plan_x", done, parent_id="plan_x", status="done")
    real_keep = sensitivity_api.keep_finished

    def rival_writes_first(store_: Store, plan_id: str) -> None:
        real_keep(store_, plan_id)
        # The other process, past its own read, stores its run now.
        rival = msgspec.json.encode(_run(rival_steps))
        store_.lease_anew(COLLECTION, plan_id, rival, "api_b", 60)

    monkeypatch.setattr(sensitivity_api, "keep_finished", rival_writes_first)
    mine = _run(0.06)
    pending = msgspec.json.encode(mine)
    if rival_steps != 0.06:
        with pytest.raises(Conflict, match="other settings is running"):
            sensitivity_api._claim(store, "plan_x", mine.options, pending, "api_a")
    else:
        kept = sensitivity_api._claim(store, "plan_x", mine.options, pending, "api_a")
        assert kept is not None and kept.status_code == 202
    assert _stored(store).options.steps == (rival_steps,)  # the rival's run, not replaced
    assert store.claim_document(COLLECTION, "plan_x", "w", 60) is not None


def test_a_run_not_solving_is_leased_anew_and_a_solving_one_is_not(store: Store) -> None:
    """lease_anew is the compare-and-set: it writes over a finished or failed run only."""
    store.insert_document(COLLECTION, "plan_x", b"{}", status="failed")
    assert store.lease_anew(COLLECTION, "plan_x", b'{"a":1}', "api_a", 60)
    assert not store.lease_anew(COLLECTION, "plan_x", b'{"b":1}', "api_b", 60)
    assert store.document(COLLECTION, "plan_x") == b'{"a":1}'
