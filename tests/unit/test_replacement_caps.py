"""Replacement caps (`optimizer.replacement_caps`): which blocks a cheaper month-to-month
block bounds, by how much, where none is put, and that only the integer model holds them."""

from __future__ import annotations

import pulp
import pytest

import optimizer.replacement_caps as replacement_caps_module
from optimizer.instance import Instance
from optimizer.prepare import prepare
from optimizer.replacement_caps import UNITS, replacement_caps
from optimizer.request import Constraints, Options, PlanRequest, Replicas
from optimizer.solver import build
from tests.tiny import Spec, catalog, forecast

# A rack: 8 GPUs at 1,000 tokens/s each (8,000 a unit) for $1/GPU-h: $5,840 a month, 8 kW.
RACK = Spec("rack", 1.0, vendor="B", gpus_per_unit=8)
# A node: one GPU at 1,000 tokens/s for $3/GPU-h ($2,190 a month) drawing 2 kW.
NODE = Spec("node", 3.0, vendor="S", kw_per_gpu=2.0)


def _instance(
    *specs: Spec,
    replicas: Replicas = "whole",
    constraints: Constraints | None = None,
) -> Instance:
    request = PlanRequest(
        forecast=forecast([9_000.0, 20_000.0], months=2),
        constraints=constraints or Constraints(),
        options=Options(replicas=replicas, commitment_accounting="in_horizon"),
    )
    assert request.forecast is not None
    return prepare(catalog(*specs), request, request.forecast)


def _ids(instance: Instance) -> dict[tuple[str, int], int]:
    return {(instance.offers[o].id, w): k for (o, w), k in replacement_caps(instance).items()}


def test_a_cheaper_rack_caps_the_nodes_at_three() -> None:
    """Four nodes ($8,760, 8 kW, 4,000 tokens/s) cost more than a rack ($5,840, 8 kW, 8,000):
    no month needs four nodes, so at most three; three ($6,570, 6 kW) draw less than a rack
    and stay allowed."""
    assert _ids(_instance(RACK, NODE)) == {("node", 0): 4}


def test_a_tie_is_no_replacement() -> None:
    """At $2/GPU-h four nodes cost $5,840 and draw 8 kW, the rack's very figures: a tie
    improves nothing, so the cap is five (five nodes cost more)."""
    node = Spec("node", 2.0, vendor="S", kw_per_gpu=2.0)
    assert _ids(_instance(RACK, node)) == {("node", 0): 5}


def test_no_cap_when_the_rack_serves_less_than_the_copies() -> None:
    """Nodes of 3,000 tokens/s: the four copies that cost more than a rack serve 12,000,
    more than its 8,000: no cap."""
    node = Spec("node", 3.0, vendor="S", kw_per_gpu=2.0, tokens_per_gpu=3000.0)
    assert _ids(_instance(RACK, node)) == {}


def test_no_cap_under_a_vendor_share_a_term_or_a_minimum() -> None:
    """A vendor share may need the dearer nodes; a contract cannot follow a month's
    replacement; a minimum contract cannot shrink to fewer nodes: no cap in any of them."""
    assert _ids(_instance(RACK, NODE, constraints=Constraints(max_vendor_share=0.9))) == {}
    assert _ids(_instance(RACK, Spec("node", 3.0, vendor="S", term_months=3))) == {}
    assert _ids(_instance(RACK, Spec("node", 3.0, vendor="S", min_units=2))) == {}
    rack_contract = Spec("rack", 1.0, vendor="B", gpus_per_unit=8, term_months=3)
    assert _ids(_instance(rack_contract, NODE)) == {}
    assert _ids(_instance(Spec("rack", 1.0, "B", 8, min_units=2), NODE)) == {}


def test_fractional_replicas_cap_units() -> None:
    """With fractional replicas the cap is on the node's units, for every workload at once."""
    assert _ids(_instance(RACK, NODE, replicas="fractional")) == {("node", UNITS): 4}


def _node_bounds(problem: pulp.LpProblem, node: int) -> dict[str, float | None]:
    """Upper bounds of the node offer's blocks (g) and units (c), by variable name."""
    return {
        v.name: v.upBound
        for v in problem.variables()
        if v.name.startswith((f"g_{node}_", f"c_{node}_"))
    }


def test_only_the_integer_model_holds_the_caps() -> None:
    """The integer model bounds the node's blocks and units by 3 in both months (the need
    alone allowed 9 and 20); the relaxation whose duals are the marginals, and a model
    written without caps, keep the need's bounds."""
    instance = _instance(RACK, NODE)
    node = next(o for o, spec in enumerate(instance.offers) if spec.id == "node")
    capped = {f"g_{node}_0_0": 3, f"g_{node}_0_1": 3, f"c_{node}_0": 3, f"c_{node}_1": 3}
    assert _node_bounds(build(instance).problem, node) == capped
    uncapped = {f"g_{node}_0_0": 9, f"g_{node}_0_1": 20, f"c_{node}_0": 9, f"c_{node}_1": 20}
    assert _node_bounds(build(instance, replacement_caps=False).problem, node) == uncapped
    relaxed = _node_bounds(build(instance, relax=True).problem, node)
    assert relaxed[f"g_{node}_0_0"] == 9 and relaxed[f"c_{node}_1"] == 20


def test_no_caps_are_sought_past_max_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The search is quadratic in offers (a baseline's tail market of 1,000 like offers spent
    6.8 of a plan's 10 CPU s in it): past MAX_PAIRS offer pairs none is sought. The rack and
    the node are far below it; with the limit at 0 the node's cap (K = 4) goes."""
    instance = _instance(RACK, NODE)
    assert _ids(instance) == {("node", 0): 4}
    monkeypatch.setattr(replacement_caps_module, "MAX_PAIRS", 0)
    assert _ids(instance) == {}
