"""Issue 16 item 5: the Python client (service/client.py) against a live server on 127.0.0.1:
its docstring examples run as they are written, and its plan, cancel, sensitivity and webhook
calls."""

from __future__ import annotations

import doctest
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import service.client
from optimizer import Plan, Progress
from service.client import ApiError, AsyncClient, Client
from service.config import Settings
from tests.api.test_sensitivity_api import NARROW
from tests.bodies import QUICK, SLOW
from tests.live import serving
from tests.paths import EXAMPLES

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[str]:
    """The app served by uvicorn on a free port of 127.0.0.1; its base URL."""
    settings = Settings(db_path=str(tmp_path / "live.db"), solvers=2, webhook_allow_internal=True)
    with serving(settings) as url:
        yield url


def test_the_docstring_examples_run_against_a_live_server(
    live_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every example in service/client.py's docstrings gives the output written there."""
    monkeypatch.chdir(ROOT)
    result = doctest.testmod(
        service.client, extraglobs={"BASE_URL": live_server}, optionflags=doctest.ELLIPSIS
    )
    assert result.attempted >= 8 and result.failed == 0


def test_the_sync_client_waits_with_progress_and_cancels(live_server: str) -> None:
    """wait() hands each progress to its callback and returns the plan once it is finished;
    cancel() answers with the stopped plan, and a second cancel is a 409. The callback
    cancels at the first progress it hears: the solve is running then, with no fixed wait."""
    seen: list[Progress] = []
    stopped: list[Plan] = []
    with Client(live_server) as api:
        long = api.submit_plan({**SLOW, "options": {"time_limit_s": 40}}, wait_s=0)
        assert long.status == "solving"

        def cancel_once(progress: Progress) -> None:
            seen.append(progress)
            if not stopped:
                stopped.append(api.cancel(long.id, wait_s=30))

        finished = api.wait(long.id, on_progress=cancel_once)
        assert seen and all(p.phase in ("presolve", "search") for p in seen)
        assert stopped[0].status in ("feasible", "cancelled")
        assert finished.status == stopped[0].status and finished.id == long.id
        with pytest.raises(ApiError) as refused:
            api.cancel(long.id)
        assert refused.value.status == 409


async def test_the_async_client_plans_and_subscribes(live_server: str) -> None:
    """The async client solves a plan, downloads its report, and manages a webhook."""
    async with AsyncClient(live_server) as api:
        plan = await api.submit_plan(QUICK, wait_s=60)
        assert plan.status == "optimal" and plan.summary is not None
        assert plan.id.encode() in await api.report(plan.id, "md")
        assert (await api.catalog()).revision == 1
    with Client(live_server) as api:
        hook = api.subscribe("http://127.0.0.1:9/hook", ["plan.failed"])
        assert hook.secret is not None and api.deliveries(hook.id) == []
        assert api.rotate_secret(hook.id).secret != hook.secret
        api.unsubscribe(hook.id)
        with pytest.raises(ApiError, match="404"):
            api.deliveries(hook.id)


async def test_the_async_client_runs_a_sensitivity(live_server: str) -> None:
    """The async client starts a plan's sensitivity (`solving`), waits for it and reads it
    back; a run over one step re-solves each offer and workload once; a second start while
    it runs, and a plan without one, are ApiErrors (409, 404)."""
    async with AsyncClient(live_server) as api:
        plan = await api.submit_plan(NARROW, wait_s=60)
        assert plan.status == "optimal"
        with pytest.raises(ApiError, match="404"):
            await api.sensitivity(plan.id)
        started = await api.submit_sensitivity(plan.id, {"steps": [0.1]})
        assert started.plan_id == plan.id and started.status == "solving"
        assert started.options.steps == (0.1,)
        with pytest.raises(ApiError) as running:
            await api.submit_sensitivity(plan.id)
        assert running.value.status == 409
        result = await api.wait_sensitivity(plan.id, timeout_s=120)
        assert result.status == "done" and result.offers and result.workloads
        assert all(len(offer.responses) == 1 for offer in result.offers)
        assert (await api.sensitivity(plan.id)) == result


def test_the_sync_client_cancels_a_sensitivity_run(live_server: str) -> None:
    """Probe 14c: the typed client had no way to cancel a sensitivity run. cancel_sensitivity()
    answers with the run stored with what it has; a second cancel is a 409."""
    growing = json.loads((EXAMPLES / "growing-power-capped.json").read_text())
    with Client(live_server) as api:
        plan = api.submit_plan(growing, wait_s=120)
        assert plan.status == "optimal"
        assert api.submit_sensitivity(plan.id).status == "solving"
        stopped = api.cancel_sensitivity(plan.id, wait_s=120)
        # Stored with what it had, or failed when the cancel came before its first solver run.
        assert stopped.status in ("done", "failed") and not stopped.finished, stopped
        with pytest.raises(ApiError) as refused:
            api.cancel_sensitivity(plan.id)
        assert refused.value.status == 409
