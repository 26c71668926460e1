"""`tokenplan sensitivity PLAN`: a plan's cost response and target prices, printed as a table
(or `--json`); PLAN is a plan id in the store, or a plan saved as JSON (GET /plans/{id})."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

import msgspec

from catalog import TokenplanError
from optimizer import Sensitivity, SensitivityOptions, sensitivity
from optimizer.sensitivity_result import DEFAULT_RUN_SECONDS, MAX_RUN_SECONDS, MIN_RUN_SECONDS
from service.cli_input import arguments, error_line
from service.cli_interrupt import INTERRUPTED, cancel_on_interrupt, say_cancelled
from service.cli_plan import add_url_argument, client, plan_and_catalog, remote_plan_id

__all__ = ["add_command"]

FLAGS = {"tolerance": "--tolerance", "max_seconds": "--max-seconds"}
CANCEL_WAIT_S = 360.0
"""How long a cancelled run at a service is waited for: a re-solve already running ends
within its plan's `time_limit_s` (at most 300 s), then the run is stored."""


def _here(args: argparse.Namespace, options: SensitivityOptions) -> tuple[Sensitivity, bool]:
    """The run made here, and whether Ctrl-C cancelled it."""
    plan, catalog = plan_and_catalog(args.plan, args.db)
    with cancel_on_interrupt("the sensitivity run") as interrupted:
        # The command runs alone on this machine: one re-solve per core at once.
        workers = os.cpu_count() or 1
        result = sensitivity(catalog, plan, options, workers=workers, cancelled=interrupted.is_set)
    return result, interrupted.is_set()


def _remote(args: argparse.Namespace, options: SensitivityOptions) -> tuple[Sensitivity, bool]:
    """The run of the service at `--url`, in its solver pool (stored there, as POST
    /plans/{id}/sensitivity stores it), waited for; Ctrl-C cancels it there, and the run as
    stored then is the answer."""
    from service.client import ApiError

    plan_id = remote_plan_id(args.plan)
    with client(args.url) as api:
        body = {"tolerance": options.tolerance, "max_seconds": options.max_seconds}
        api.submit_sensitivity(plan_id, body)
        try:
            # The run keeps its budget; the wait allows for the queue before it as well.
            timeout_s = max(3600.0, 2 * options.max_seconds)
            return api.wait_sensitivity(plan_id, timeout_s=timeout_s), False
        except KeyboardInterrupt:
            say_cancelled("the service's sensitivity run")
        try:
            api.cancel_sensitivity(plan_id, wait_s=60)
        except ApiError as exc:
            if exc.status != 409:  # 409: it finished meanwhile, and is stored as it is
                raise
        # A re-solve already running ends within the plan's time limit (at most 300 s).
        return api.wait_sensitivity(plan_id, timeout_s=CANCEL_WAIT_S), True


def _run(args: argparse.Namespace) -> int:
    from service.reports.sensitivity import table_text

    try:
        document = {"tolerance": args.tolerance, "max_seconds": args.max_seconds}
        options = arguments(document, SensitivityOptions, FLAGS)
        result, interrupted = _remote(args, options) if args.url else _here(args, options)
    except TokenplanError as exc:
        print(error_line(exc), file=sys.stderr)
        return 1
    if args.json:
        sys.stdout.write(msgspec.json.format(msgspec.json.encode(result)).decode() + "\n")
    else:
        sys.stdout.write(table_text(result))
    return INTERRUPTED if interrupted else 0


def add_command(commands: Any) -> None:
    """Register `sensitivity` on the CLI's subcommands."""
    command = commands.add_parser(
        "sensitivity", help="a plan's cost response and target prices, re-solved"
    )
    command.add_argument("plan", help="plan id in the store, or a plan JSON file")
    command.add_argument("--tolerance", type=float, default=0.01, help="relative, default 0.01")
    command.add_argument(
        "--max-seconds",
        type=float,
        default=DEFAULT_RUN_SECONDS,
        help=(
            f"the whole run's time budget, {MIN_RUN_SECONDS:g}-{MAX_RUN_SECONDS:g} s (default "
            f"{DEFAULT_RUN_SECONDS:g}); what it leaves is shown as not run or unfinished"
        ),
    )
    command.add_argument("--json", action="store_true")
    command.add_argument(
        "--db", help="the store of plan ids; for a plan file, the store of its catalog revision"
    )
    add_url_argument(command)
    command.set_defaults(run=_run)
