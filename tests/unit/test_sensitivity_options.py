"""What a sensitivity request accepts and refuses, with the field named."""

from __future__ import annotations

import msgspec
import pytest

from optimizer.sensitivity_result import SensitivityOptions


def test_defaults_are_the_contracts_steps() -> None:
    """An empty body varies each price and demand by -25%, -10%, +10% and +25%."""
    options = msgspec.json.decode(b"{}", type=SensitivityOptions)
    assert options.steps == (-0.25, -0.1, 0.1, 0.25)
    assert options.tolerance == 0.01
    assert options.max_seconds == 600.0  # the whole run's budget (issue 14)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b'{"steps": [NaN]}', None),
        (b'{"steps": [1e308]}', "steps[0]"),
        (b'{"steps": [-1.0]}', "steps[0]"),
        (b'{"steps": [0.1, 0.1]}', None),
        (b'{"steps": [0]}', None),
        (b'{"steps": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]}', "steps"),
        (b'{"steps": []}', "steps"),
        (b'{"tolerance": 0}', "tolerance"),
        (b'{"tolerance": Infinity}', None),
        (b'{"time_limit_s": -1}', "time_limit_s"),
        (b'{"max_seconds": 0}', "max_seconds"),
        (b'{"max_seconds": -5}', "max_seconds"),
        (b'{"max_seconds": 0.5}', "max_seconds"),
        (b'{"max_seconds": 3601}', "max_seconds"),
        (b'{"max_seconds": 1e308}', "max_seconds"),
        (b'{"max_seconds": Infinity}', None),
        (b'{"max_seconds": "60"}', "max_seconds"),
        (b'{"max_seconds": null}', "max_seconds"),
        (b'{"nope": 1}', "nope"),
    ],
)
def test_hostile_options_are_refused(body: bytes, field: str | None) -> None:
    """NaN, huge, negative, repeated or too many steps, a zero tolerance and unknown fields are
    refused, naming the field where msgspec can."""
    with pytest.raises((msgspec.ValidationError, msgspec.DecodeError)) as refused:
        msgspec.json.decode(body, type=SensitivityOptions)
    if field is not None:
        assert field in str(refused.value)


@pytest.mark.parametrize(("body", "seconds"), [(b"1", 1.0), (b"2.5", 2.5), (b"3600", 3600.0)])
def test_a_budget_in_bounds_is_kept(body: bytes, seconds: float) -> None:
    """The run's budget from 1 s to an hour, as given."""
    options = msgspec.json.decode(b'{"max_seconds": ' + body + b"}", type=SensitivityOptions)
    assert options.max_seconds == seconds
