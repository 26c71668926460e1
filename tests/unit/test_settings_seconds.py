"""Probe 14c: TOKENPLAN_HEAD_S at 0, -1 or nan started the server, whose requests then met a
deadline already passed (a /health now and then a 408). Every duration setting must be a
finite number of seconds above 0; `tokenplan serve` says which one is not and stops (2)."""

from __future__ import annotations

import pytest

from service.cli import main
from service.config import Settings

DURATIONS = [
    "TOKENPLAN_HEAD_S",
    "TOKENPLAN_BODY_IDLE_S",
    "TOKENPLAN_BODY_TOTAL_S",
    "TOKENPLAN_DRAIN_S",
    "TOKENPLAN_WORKER_STALLED_S",
    "TOKENPLAN_WEBHOOK_BACKOFF_S",
]


@pytest.mark.parametrize("name", DURATIONS)
@pytest.mark.parametrize("raw", ["0", "-1", "nan", "inf", "1e400", "soon"])
def test_a_duration_out_of_bounds_is_refused_naming_it(
    monkeypatch: pytest.MonkeyPatch, name: str, raw: str
) -> None:
    monkeypatch.setenv(name, raw)
    with pytest.raises(ValueError, match=name):
        Settings.from_env()


def test_serve_stops_saying_which_setting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TOKENPLAN_HEAD_S", "-1")
    assert main(["serve", "--port", "8699"]) == 2
    assert "TOKENPLAN_HEAD_S must be a number of seconds above 0" in capsys.readouterr().err


def test_a_duration_in_bounds_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOKENPLAN_HEAD_S", "2.5")
    assert Settings.from_env().head_s == 2.5
