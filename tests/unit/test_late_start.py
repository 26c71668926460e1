"""Probe 18a L4: the late-start warning blamed "a busy server" for a start that was the
child's own (reading a 9,900-offer catalog), and spoke up for hundredths of a second under a
limit of 5e-324 s (now refused below 0.05 s)."""

from __future__ import annotations

from service.solve_process import _late


def test_a_start_worth_saying_is_said_with_what_it_counts() -> None:
    said = _late(1.1, 5.0)
    assert said is not None and said.startswith("the solve started 1.1 s after it was asked")
    assert "reading the catalog" in said and "busy server" not in said


def test_a_start_too_short_to_act_on_is_not_said() -> None:
    assert _late(0.02, 0.05) is None  # 40% of the limit, but 0.02 s
    assert _late(0.4, 5.0) is None  # 8% of it
