"""A plan file names no store: `tokenplan report|sensitivity --db X plan.json` reads the
revision the plan names from the store `--db` gives, and says so on stderr (probe 5, finding
8f: it said "the shipped default (a plan file names no store)" with `--db` given)."""

from __future__ import annotations

import os
from pathlib import Path

import msgspec
import pytest

from service.cli import main
from service.store import Store
from tests.golden import golden_plan


def _plan_file(tmp_path: Path, revision: int) -> str:
    plan = msgspec.structs.replace(golden_plan("seed-deepseek-r1"), catalog_revision=revision)
    path = tmp_path / "plan.json"
    path.write_bytes(msgspec.json.encode(plan))
    return str(path)


def test_db_gives_a_plan_file_its_catalog(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --db, stderr names the store and the plan's revision, and the report is written."""
    db = str(tmp_path / "store.db")
    Store(db).close()
    out = tmp_path / "plan.md"
    code = main(["report", _plan_file(tmp_path, 1), "--db", db, "--format", "md", "-o", str(out)])
    assert code == 0
    err = capsys.readouterr().err
    assert f"catalog: revision 1 of the store at {os.path.abspath(db)} (--db)" in err
    assert "shipped default" not in err
    assert out.read_text().startswith("# ")


def test_without_db_a_plan_file_reads_the_shipped_catalog(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --db, stderr says the shipped default and how to name a store."""
    out = tmp_path / "plan.md"
    assert main(["report", _plan_file(tmp_path, 1), "--format", "md", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "catalog: the shipped default (a plan file names no store; --db gives one)" in err


def test_db_without_the_plans_revision_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A store without the revision the plan names: exit 1, the error naming the revision,
    and no catalog line claiming one."""
    db = str(tmp_path / "store.db")
    Store(db).close()
    out = str(tmp_path / "plan.md")
    code = main(["report", _plan_file(tmp_path, 7), "--db", db, "--format", "md", "-o", out])
    err = capsys.readouterr().err
    assert code == 1
    assert "catalog revision 7 does not exist" in err and "catalog:" not in err
