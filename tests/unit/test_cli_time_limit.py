"""Review 18 R3: `tokenplan plan FILE` (solved here) took a `time_limit_s` of 5e-324 that the
service refuses (0.05 s is the least a solve gets) and stored it in the plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.cli import main
from tests.paths import EXAMPLES


def test_a_local_plan_below_the_floor_is_refused_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = json.loads((EXAMPLES / "seed-deepseek-r1.json").read_text())
    body["options"] = {**body.get("options", {}), "time_limit_s": 5e-324}
    request = tmp_path / "tiny-limit.json"
    request.write_text(json.dumps(body))
    assert main(["plan", str(request), "--json", "--db", str(tmp_path / "t.db")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "options.time_limit_s: expected at least 0.05 s" in captured.err
