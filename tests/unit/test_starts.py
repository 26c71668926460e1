"""Starts for re-solves (`optimizer.starts`): only plans feasible in the model at hand are
handed to HiGHS, the cheapest at its costs, moved between offers or with a unit added when an
offer is forced."""

from __future__ import annotations

import numpy as np

from optimizer import starts as module
from optimizer.highs_sink import HighsSink
from optimizer.model import GE, LE
from optimizer.starts import SWAPPED, Starts
from optimizer.written_models import copied


def _sink(cost_a: float, cost_b: float, cap_b: float | None = None) -> HighsSink:
    """Two offers' whole units, `c_0_0` and `c_1_0`, at least 2 of them together; offer 1 at
    most `cap_b` units when given."""
    sink = HighsSink()
    a = sink.variable("c_0_0", 0, 10, True)
    b = sink.variable("c_1_0", 0, 10, True)
    sink.minimize([(a, cost_a), (b, cost_b)])
    sink.row([(a, 1.0), (b, 1.0)], GE, 2.0, "demand")
    if cap_b is not None:
        sink.row([(b, 1.0)], LE, cap_b, "cap")
    return sink


def _starts(*plans: dict[str, float]) -> Starts:
    starts = Starts()
    for plan in plans:
        names = sorted(plan)
        starts.add(names, [plan[n] for n in names])
    return starts


def test_the_cheapest_feasible_plan_at_the_models_costs_is_the_start() -> None:
    """Of two plans found, the one cheaper at the new costs starts; a plan the model's rows
    rule out never does, and with none feasible there is no start."""
    starts = _starts({"c_0_0": 2.0}, {"c_1_0": 2.0})
    assert list(starts.best(_sink(1.0, 3.0))) == [2.0, 0.0]
    assert list(starts.best(_sink(3.0, 1.0))) == [0.0, 2.0]
    assert list(starts.best(_sink(3.0, 1.0, cap_b=1.0))) == [2.0, 0.0]
    assert _starts({"c_1_0": 2.0}).best(_sink(3.0, 1.0, cap_b=1.0)) is None


def test_a_plan_with_a_column_the_model_lacks_or_a_fraction_is_no_start() -> None:
    """A plan using a column the model does not have, or a fractional value in a whole
    column, is not handed over as it is; the plan of an offer pruned from the model is, moved
    to the cheapest of the model's offers it fits."""
    assert _starts({"c_0_0": 2.5}).best(_sink(1.0, 1.0)) is None
    assert _starts({"c_2_0": 2.5}).best(_sink(1.0, 1.0)) is None
    assert list(_starts({"c_2_0": 2.0}).best(_sink(3.0, 1.0))) == [0.0, 2.0]
    assert list(_starts({"c_2_0": 2.0}).best(_sink(3.0, 1.0, cap_b=1.0))) == [2.0, 0.0]


def test_a_forced_offer_starts_from_a_plan_moved_to_it_or_with_a_unit_added() -> None:
    """Forced in (offer 1 at least one unit), a plan of offer 0 moved to offer 1, or with
    one unit of offer 1 added, whichever is cheaper; forced out (offer 0 none), a plan of
    offer 0 moved to offer 1."""
    starts = _starts({"c_0_0": 2.0})
    for cost_b, expected in ((1.5, [0.0, 2.0]), (3.0, [2.0, 1.0])):  # moved 3 < 3.5; 6 > 5
        forced_in = _sink(1.0, cost_b)
        forced_in.row([(1, 1.0)], GE, 1.0, "force")
        assert starts.best(forced_in) is None
        assert list(starts.best(forced_in, bump=(1,), into=1)) == expected
    forced_out = _sink(1.0, 1.5)
    forced_out.row([(0, 1.0)], LE, 0.0, "force")
    assert list(starts.best(forced_out, out_of=0)) == [0.0, 2.0]


def test_a_scaled_demand_starts_from_a_plan_scaled_whole_units_rounded_up() -> None:
    """A plan of 3 units of offer 0, for a demand scaled by 1.5 (the row at least 4): 4.5
    rounded up to 5 units (at least 3, the plan as it is, 3, is cheaper and fits); scaled by
    0.5 (at least 2): 2 units; scaled past the column's bound of 10 (by 4, at least 9), held
    at 10 and still feasible; a bound that holds the start below the row's need leaves no start."""
    starts = _starts({"c_0_0": 3.0})
    scaled_up = _sink(1.0, 1.0)
    scaled_up.row_lower[0] = 4.0
    assert list(starts.best(scaled_up, scale=1.5)) == [5.0, 0.0]
    scaled_up.row_lower[0] = 3.0
    assert list(starts.best(scaled_up, scale=1.5)) == [3.0, 0.0]
    assert list(starts.best(_sink(1.0, 1.0), scale=0.5)) == [2.0, 0.0]
    big = _sink(1.0, 1.0)
    big.row_lower[0] = 9.0
    assert list(starts.best(big, scale=4.0)) == [10.0, 0.0]
    short = _sink(1.0, 1.0)
    short.row_lower[0] = 12.0
    assert starts.best(short, scale=4.0) is None


def test_a_plan_of_a_like_offer_is_moved_to_the_offer_forced_in_however_dear() -> None:
    """Forced in (offer 1), a plan of offer 2 (not in the model) that is not among the
    `SWAPPED` cheapest plans found at the model's costs is still moved to offer 1 when offer
    2 is like it (`like`: its accelerator and unit); without `like` no candidate fits."""
    sink = _sink(1.0, 0.5)
    sink.row([(1, 1.0)], GE, 1.0, "force")
    # Cheaper plans (their columns cost nothing here) that no move makes fit: two offers the
    # model lacks each.
    cheap = [{f"c_{3 + k}_0": 1.0, f"c_{9 + k}_0": 1.0} for k in range(SWAPPED)]
    starts = _starts(*cheap, {"c_2_0": 2.0, "c_0_0": 1.0})
    assert list(starts.best(sink, bump=(1,), into=1, like=frozenset({2}))) == [1.0, 2.0]
    assert starts.best(sink, bump=(1,), into=1) is None


def test_a_demand_cut_starts_from_the_plan_as_it_is_where_scaling_breaks_it() -> None:
    """Units held (n = contracts + 2 existing, as the model's rows hold them) and a demand
    of at least 1 unit: 1 contract and 3 units, scaled by 0.5, round to 1 and 2, which break
    the hold; the plan as it is still fits the cut demand, and starts (probe 15 F2: a
    demand cut under a short budget started from nothing and stored a rise of 3.1 M)."""
    sink = HighsSink()
    c = sink.variable("c_0_0", 0, 10, True)
    n = sink.variable("n_0_0", 0, 10, True)
    sink.minimize([(c, 1.0), (n, 0.1)])
    sink.row([(n, 1.0), (c, -1.0)], GE, 2.0, "held_at_least")
    sink.row([(n, 1.0), (c, -1.0)], LE, 2.0, "held_at_most")
    sink.row([(n, 1.0)], GE, 1.0, "demand")
    assert list(_starts({"c_0_0": 1.0, "n_0_0": 3.0}).best(sink, scale=0.5)) == [1.0, 3.0]


def test_a_copys_arrays_read_from_its_written_model_are_those_read_afresh() -> None:
    """A copy of a written model (`written_models.copied`) with a forced row added, or its
    costs changed (`written_models.repriced`), or both, is checked on its model's arrays with
    that row appended and those costs read, element for element the arrays read afresh; a
    copy whose bound moved is read afresh; the starts chosen are those the costs say."""

    class Model:  # what `copied` reads of a DirectModel
        def __init__(self, sink: HighsSink) -> None:
            self.sink, self.start, self.values = sink, None, []

    written = Model(_sink(1.0, 3.0, cap_b=5.0))
    forced = copied(written).sink  # type: ignore[arg-type]
    forced.row([(1, 1.0)], GE, 1.0, "force")
    moved = copied(written).sink  # type: ignore[arg-type]
    moved.upper[1] = 1.0
    repriced = copied(written).sink  # type: ignore[arg-type]
    repriced.cost[1] = 0.5
    both = copied(written).sink  # type: ignore[arg-type]
    both.cost[1] = 0.5
    both.row([(0, 1.0)], GE, 1.0, "force")
    same = copied(written).sink  # type: ignore[arg-type]
    for sink in (forced, moved, repriced, both, same):
        reused, afresh = module._arrays(sink), module._Arrays(sink)
        for name in ("cost", "lower", "upper", "integer", "rows", "index", "value"):
            assert np.array_equal(getattr(reused, name), getattr(afresh, name)), name
        for name in ("row_lower", "row_upper"):
            assert np.array_equal(getattr(reused, name), getattr(afresh, name)), name
        for name in ("bounds", "row_bounds"):  # widened by the feasibility tolerance
            for got, want in zip(getattr(reused, name), getattr(afresh, name), strict=True):
                assert np.array_equal(got, want), name
        assert reused.costs == afresh.costs and reused.position == afresh.position
        assert reused.offers == afresh.offers
    assert written.sink.derived is not None
    starts = _starts({"c_0_0": 2.0}, {"c_1_0": 2.0}, {"c_0_0": 1.0, "c_1_0": 1.0})
    assert list(starts.best(forced)) == [1.0, 1.0]
    assert list(starts.best(same)) == [2.0, 0.0]
    assert list(starts.best(repriced)) == [0.0, 2.0]
    assert list(starts.best(both)) == [1.0, 1.0]
