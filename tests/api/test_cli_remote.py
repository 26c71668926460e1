"""`tokenplan plan --url` and `tokenplan rank --url`: the CLI asks a running service (through
service/client.py) and says which catalog it used; its refusals print as errors naming the
field, not as tracebacks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.cli import main
from service.config import Settings
from tests.bodies import QUICK
from tests.golden import golden_plan, store_plan
from tests.live import serving
from tests.shipped import use_shipped_catalog

SEED_ID = golden_plan("seed-deepseek-r1").id
RANK = ["rank", "--model", "deepseek-r1-0528", "--isl", "8192", "--osl", "1024"]


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running service with a fresh SQLite store (the seed catalog, revision 1) holding the
    seed's golden plan."""
    db = tmp_path_factory.mktemp("remote") / "tokenplan.db"
    store_plan(str(db), golden_plan("seed-deepseek-r1"))
    with serving(Settings(db_path=str(db), solvers=1)) as url:
        yield url


def test_rank_by_url_prints_what_the_local_rank_prints(
    service: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The league table from the service equals the one ranked here on the same (shipped)
    catalog, and stderr names the service's catalog revision."""
    assert main([*RANK, "--interactivity", "150", "--url", service]) == 0
    remote = capsys.readouterr()
    assert remote.err == f"catalog: revision 1 of the service at {service}\n"
    use_shipped_catalog(monkeypatch)
    assert main([*RANK, "--interactivity", "150"]) == 0
    assert capsys.readouterr().out == remote.out
    assert "onprem-gb300" in remote.out


def test_plan_by_url_is_solved_and_stored_by_the_service(
    service: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The plan comes back with the id the service stored it under, in JSON too."""
    request = tmp_path / "quick.json"
    request.write_text(json.dumps(QUICK))
    assert main(["plan", str(request), "--url", service, "--json"]) == 0
    answer = capsys.readouterr()
    plan = json.loads(answer.out)
    assert plan["status"] == "optimal" and plan["id"].startswith("plan_")
    assert answer.err == f"catalog: revision 1 of the service at {service}\n"
    assert main(["plan", str(request), "--url", service]) == 0
    assert capsys.readouterr().out.startswith("plan plan_")


def test_refusals_and_an_unreachable_service_are_one_line_errors(
    service: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 422 prints the field it names; a service that is not there says so; exit code 1.
    (An argument out of the body's bounds is refused before the service is asked.)"""
    unknown = ["rank", "--model", "no-such-model", "--isl", "8192", "--osl", "1024"]
    assert main([*unknown, "--interactivity", "150", "--url", service]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: the service answered 422") and "workload.model" in err
    assert main([*RANK, "--interactivity", "-1", "--url", service]) == 1
    assert capsys.readouterr().err.startswith("error: --interactivity: Expected `float` > 0")
    assert "Traceback" not in err
    assert main([*RANK, "--interactivity", "150", "--url", "http://127.0.0.1:9"]) == 1
    assert "error: the service could not be reached (ConnectError" in capsys.readouterr().err


def test_report_and_diff_by_url_read_the_plan_the_service_stores(
    service: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`report ID --url` writes the service's report of the plan it stores; `diff A B --url`
    diffs plans it stores (probe 11 finding 11: both looked only in a local store)."""
    stored = SEED_ID
    target = tmp_path / "r.md"
    assert main(["report", stored, "--url", service, "--format", "md", "-o", str(target)]) == 0
    assert target.read_text().startswith(f"# tokenplan plan {stored}")
    assert capsys.readouterr().out == f"wrote {target}\n"
    assert main(["diff", stored, stored, "--url", service, "--format", "json"]) == 0
    diff = json.loads(capsys.readouterr().out)
    assert (diff["before"], diff["after"]) == (stored, stored)


def test_tokenplan_url_is_honoured_by_crossover_and_sensitivity(
    service: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With $TOKENPLAN_URL and no flag, `crossover` draws on the service's catalog (stderr says
    so) and `sensitivity` asks the service, whose refusal of an unknown plan it prints."""
    monkeypatch.setenv("TOKENPLAN_URL", service)
    argv = ["crossover", *RANK[1:], "--interactivity", "150", "--no-mix", "--levels", "1000"]
    assert main(argv) == 0
    assert capsys.readouterr().err == f"catalog: revision 1 of the service at {service}\n"
    assert main(["sensitivity", "plan_nosuch"]) == 1
    assert capsys.readouterr().err.startswith("error: the service answered 404")


def test_a_plan_file_with_url_is_refused_naming_plan(
    service: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`report FILE --url` and `sensitivity FILE --url`: the service knows plans by id, so a
    file is refused in one line naming PLAN, before the service is asked."""
    plan = tmp_path / "plan.json"
    plan.write_text("{}")
    for argv in (["report", str(plan)], ["sensitivity", str(plan)]):
        assert main([*argv, "--url", service]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"error: PLAN: {plan} is a file: with --url"), err
