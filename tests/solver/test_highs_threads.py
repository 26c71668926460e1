"""HiGHS keeps one thread pool per process and refuses a solve asking for another size (the
solve then fell back to CBC without a word): every HiGHS the optimizer runs asks for
`SOLVER_THREADS`."""

from __future__ import annotations

import subprocess
import sys

from tests.paths import ROOT

SCRIPT = """
import msgspec
from catalog import default_catalog
from optimizer import PlanRequest, make_plan
from optimizer.tail_fleet import serve_most
print(serve_most({0: 1.0, 1: 1.0}, {(0, 0): 10.0, (1, 0): 5.0}, {0: 12.0}))
request = msgspec.json.decode(open("examples/seed-deepseek-r1.json", "rb").read(), type=PlanRequest)
for _ in range(2):
    plan = make_plan(default_catalog(), request, request.forecast, plan_id="p")
    print(plan.solver.name, plan.status)
"""


def test_every_solve_of_a_process_is_highs() -> None:
    """In a fresh process, after the tail's LP of what the fleet serves (the first HiGHS run
    sizes the pool), two plans are both solved by HiGHS."""
    ran = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, check=True
    )
    lines = ran.stdout.split("\n")
    assert lines[0] == "{0: 12.0}"
    assert lines[1:3] == ["HiGHS optimal", "HiGHS optimal"], ran.stderr[-2000:]
