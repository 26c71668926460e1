"""`tokenplan sensitivity PLAN`: a plan's cost response and target prices, printed as a table
(or `--json`); PLAN is a plan id in the store, or a plan saved as JSON (GET /plans/{id})."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import msgspec

from catalog import Catalog, TokenplanError, default_catalog
from optimizer import Plan, SensitivityOptions, sensitivity

__all__ = ["add_command"]


def _plan_and_catalog(name: str, db: str | None) -> tuple[Plan, Catalog] | str:
    from service.config import Settings
    from service.store_pg import open_store

    if Path(name).is_file():
        plan = msgspec.json.decode(Path(name).read_bytes(), type=Plan)
        print("catalog: the shipped default (a plan file names no store)", file=sys.stderr)
        return plan, default_catalog()
    settings = Settings.from_env() if not db else Settings(db_path=db)
    if not settings.database_url and not Path(settings.db_path).exists():
        return f"{name} is no file and there is no store at {settings.db_path}"
    store = open_store(settings)
    try:
        plan = msgspec.json.decode(store.document("plans", name), type=Plan)
        return plan, store.catalog(plan.catalog_revision)
    finally:
        store.close()


def _run(args: argparse.Namespace) -> int:
    from service.reports.sensitivity import table_text

    try:
        found = _plan_and_catalog(args.plan, args.db)
        if isinstance(found, str):
            print(f"error: {found}", file=sys.stderr)
            return 1
        plan, catalog = found
        options = SensitivityOptions(tolerance=args.tolerance)
        result = sensitivity(catalog, plan, options)
    except TokenplanError as exc:
        print(f"error: {exc.detail}", file=sys.stderr)
        return 1
    if args.json:
        sys.stdout.write(msgspec.json.format(msgspec.json.encode(result)).decode() + "\n")
    else:
        sys.stdout.write(table_text(result))
    return 0


def add_command(commands: Any) -> None:
    """Register `sensitivity` on the CLI's subcommands."""
    command = commands.add_parser(
        "sensitivity", help="a plan's cost response and target prices, re-solved"
    )
    command.add_argument("plan", help="plan id in the store, or a plan JSON file")
    command.add_argument("--tolerance", type=float, default=0.01, help="relative, default 0.01")
    command.add_argument("--json", action="store_true")
    command.add_argument("--db")
    command.set_defaults(run=_run)
