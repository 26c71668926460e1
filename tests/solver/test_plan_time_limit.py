"""A plan keeps its `time_limit_s` as a whole (issue 12: "the time limit holds for HiGHS but not
for the plan"): the main solve leaves a share of it to the steps after it, and those steps stop,
or are not begun, when the time is gone, each saying so. Caps 300x36x20 ended its 60 s plan at
72 s on main: its tail's whole-unit model built after the solve, and the check of other
deployments, took 12 s of it (bench/solve.py, round of speed14)."""

from __future__ import annotations

import time

import msgspec
import pytest

from bench.instances import request_for, synthetic
from optimizer import phases
from optimizer.planner import make_plan

LIMIT_S = 5.0
MARGIN_S = 0.25
"""Past its limit a plan may take this much more on a quiet machine (HiGHS stops between its
cut rounds, Python between steps), stretched by the load: CPU-bound work takes wall seconds in
proportion to the share of a core the process gets (wall over CPU seconds of the plan)."""
LARGE_FROM = 10_000
"""The plain path's column limit for this test: the catalog below (about 45,000 columns) takes
the large-model path, as 200,000 columns would (which would not be CI-sized)."""


def test_a_large_plan_returns_within_its_limit_and_says_what_it_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """60 capped offers x 24 months x 10 workloads, 5 s, through the large-model path: the plan
    returns within 5 s and 0.25 s (times the load's stretch, wall over CPU seconds) with a plan
    and what its gap is (unknown when the relaxation did not finish: loaded); the steps it did
    not run are named with why (marginals, each baseline, the tail in whole units). On main it
    returned after 6.5-7.6 s at load 11 (2.6-3.0 CPU s; the tail's whole model built after the
    solve, the deployment check), here after 4.2-4.5 s (1.7-2.0 CPU s)."""
    monkeypatch.setattr(phases, "PLAIN_COLUMNS", LARGE_FROM)
    catalog, forecast = synthetic(60, 24, 10, shape="caps")
    request = request_for(forecast)
    options = msgspec.structs.replace(request.options, time_limit_s=LIMIT_S)
    request = msgspec.structs.replace(request, options=options)
    began, cpu = time.perf_counter(), time.process_time()
    plan = make_plan(catalog, request, forecast)
    wall, used = time.perf_counter() - began, time.process_time() - cpu
    stretch = max(1.0, wall / max(used, 1e-3))
    assert wall <= LIMIT_S + MARGIN_S * stretch, (wall, used)
    if plan.status == "failed":  # a process given a sliver of a core found no plan in time
        said = (f"no plan was found within the time limit ({LIMIT_S:g} s)", "the solver found")
        assert plan.error is not None and plan.error.startswith(said), plan.error
        return
    assert plan.status in ("optimal", "feasible")
    if plan.status == "feasible":  # its gap against the whole model's relaxation, or unknown
        assert any(w.startswith("the time limit ended the search") for w in plan.warnings)
    assert plan.marginal is not None and plan.marginal.note.endswith("none given.")
    cut = [b for b in plan.baselines if b.total_cost is None]
    assert all(b.reason for b in cut), [b.strategy for b in cut if not b.reason]
    tail = [w for w in plan.warnings if w.startswith("the tail is valued with fractional")]
    assert all("whole units" in w and "is unknown: the model is too large" in w for w in tail)
