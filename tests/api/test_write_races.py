"""Writes that two API processes can make at once (PostgreSQL), or that race another request:
each is a compare-and-set on the stored row, on both backends (probe 16b F1, F6). The other
process's write is made where its real one lands: between this request's read and its write."""

from __future__ import annotations

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from catalog import Conflict
from optimizer import Sensitivity, SensitivityOptions
from optimizer.sensitivity_result import SensitivityStatus
from service import sensitivity_api, webhooks_api
from service.secret_box import SecretBox
from service.sensitivity_jobs import COLLECTION
from service.store import Store
from service.webhooks import Secret, Subscription, new_secret
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]


def _run(steps: float, status: SensitivityStatus = "solving") -> Sensitivity:
    return Sensitivity(
        plan_id="plan_x",
        status=status,
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


async def test_a_rotation_racing_another_keeps_both_secrets_signing(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Probe 16b F6: two rotations at once (two API processes) both answered 201, and the
    secret of the one written over never signed: its receiver went deaf a day later. The
    other's write lands between this rotation's read and its write; this one is made again
    on top of it, and both secrets sign."""
    store: Store = client.app.state.store
    made = (await client.post("/webhooks", json={"url": "http://127.0.0.1:9/hook"})).json()
    box = SecretBox(client.app.state.settings.secret_key)
    rival = new_secret()
    real = webhooks_api.new_secret

    rotated_first: list[bool] = []

    def raced() -> str:
        if not rotated_first:
            rotated_first.append(True)
            doc = store.document("webhooks", made["id"])
            other = msgspec.json.decode(doc, type=Subscription)
            secrets_ = (Secret(value=box.seal(rival)), *other.secrets)
            rotated = msgspec.json.encode(msgspec.structs.replace(other, secrets=secrets_))
            store.replace_document("webhooks", made["id"], rotated, "")
        return real()

    monkeypatch.setattr(webhooks_api, "new_secret", raced)
    answer = await client.post(f"/webhooks/{made['id']}/rotate")
    assert answer.status_code == 201, answer.text
    stored = msgspec.json.decode(store.document("webhooks", made["id"]), type=Subscription)
    signing = stored.with_secrets(box.open).signing()
    assert set(signing) == {answer.json()["secret"], rival, made["secret"]}


async def test_a_rotation_racing_a_delete_is_a_404(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Probe 16b F6: a rotation whose subscription was deleted between its read and its
    write wrote nothing and answered 201 with a secret. Now a 404."""
    store: Store = client.app.state.store
    made = (await client.post("/webhooks", json={"url": "http://127.0.0.1:9/hook"})).json()
    real = webhooks_api.new_secret

    def deleted_meanwhile() -> str:
        store.delete_document("webhooks", made["id"])
        return real()

    monkeypatch.setattr(webhooks_api, "new_secret", deleted_meanwhile)
    assert_problem(await client.post(f"/webhooks/{made['id']}/rotate"), 404)
