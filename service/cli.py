"""The `tokenplan` command: serve the API, quote, rank, plan and write reports in a terminal."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence

import msgspec

from catalog import InvalidInput, TokenplanError, unit_economics
from optimizer import Plan, QuoteRequest
from service.cli_input import arguments, error_line, read_text, write_output
from service.cli_interrupt import interrupted
from service.cli_plan import (
    add_source_arguments,
    add_url_argument,
    client,
    local_catalog,
    plan_and_catalog,
    plan_command,
    rank_command,
    remote_plan_id,
    said_errors,
    saved_plan,
    service_catalog,
)
from service.cli_sensitivity import add_command as add_sensitivity
from service.crossover_cli import add_crossover, add_replicas_argument

# service.reports (WeasyPrint, matplotlib: most of a second) is imported where it is used:
# every solve's child process imports the main module, this one under `tokenplan worker` and
# `tokenplan serve`, and paid that second on each plan.

__all__ = ["main"]

SEED = (
    ("GB300 NVL72", 2.652, 6000.0, 2.1),
    ("H200", 1.41, 90.0, 1.73),
)
QUOTE_FLAGS = {
    "offer.price_per_gpu_hour": "--price",
    "offer.throughput_per_gpu": "--throughput",
    "offer.power_kw_per_gpu": "--kw",
}


def _quote(args: argparse.Namespace) -> int:
    from service.reports import aligned as table
    from service.reports import rate as _sig

    cases = list(SEED)
    given = (args.price, args.throughput, args.kw)
    if any(v is not None for v in given) and any(v is None for v in given):
        print("--price, --throughput and --kw go together: give all three", file=sys.stderr)
        return 2
    if args.price is not None:
        # Through the API's quote body, so that its bounds hold here too (no 0, inf or nan).
        offer = {
            "price_per_gpu_hour": args.price,
            "throughput_per_gpu": args.throughput,
            "power_kw_per_gpu": args.kw,
        }
        arguments({"offer": offer}, QuoteRequest, QUOTE_FLAGS)
        cases = [("custom", args.price, args.throughput, args.kw)]
    rows = []
    results = []
    for name, price, throughput, kw in cases:
        e = unit_economics(
            price_per_gpu_hour=price, throughput_per_gpu=throughput, power_kw_per_gpu=kw
        )
        results.append(e)
        rows.append(
            [
                name,
                f"${price:.3f}",
                _sig(throughput),
                f"{kw:g}",
                f"${_sig(e.cost_per_million_tokens)}",
                _sig(e.tokens_per_second_per_mw),
                _sig(e.gpus_per_mw),
            ]
        )
    print(
        table(
            [
                "system",
                "$/GPU-h",
                "tok/s/GPU",
                "kW/GPU",
                "$/M tokens",
                "tok/s per MW",
                "GPUs per MW",
            ],
            rows,
        )
    )
    if len(results) == 2:
        a, b = results
        print()
        print(
            f"{cases[0][0]} vs {cases[1][0]}: cost per million tokens "
            f"{b.cost_per_million_tokens / a.cost_per_million_tokens:.0f}x lower, tokens per MW "
            f"{a.tokens_per_second_per_mw / b.tokens_per_second_per_mw:.0f}x higher, although "
            f"its GPU-hour costs {cases[0][1] / cases[1][1]:.2f}x more."
        )
    return 0


def _serve(args: argparse.Namespace) -> int:
    import dataclasses

    import uvicorn

    from service.app import create_app
    from service.config import Settings
    from service.connection_guard import uvicorn_config

    try:
        settings = Settings.from_env()
    except ValueError as exc:  # a setting out of its bounds, named
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.workers is not None and settings.database_url:
        settings = dataclasses.replace(settings, queue_workers=args.workers)
    elif args.workers is not None:
        if args.workers < 1:
            msg = "with SQLite, --workers must be 1 or more (or set TOKENPLAN_DATABASE_URL)"
            print(msg, file=sys.stderr)
            return 2
        settings = dataclasses.replace(settings, solvers=args.workers)
    config = uvicorn_config(create_app(settings), settings, args.host, args.port)
    uvicorn.Server(config).run()
    return 0


def _worker(args: argparse.Namespace) -> int:
    import asyncio
    import logging

    from service.config import Settings
    from service.worker import run_worker

    try:
        settings = Settings.from_env()
    except ValueError as exc:  # a setting out of its bounds, named
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not settings.database_url:
        print("error: `tokenplan worker` needs TOKENPLAN_DATABASE_URL", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    asyncio.run(run_worker(settings, args.concurrency))
    return 0


def _openapi(args: argparse.Namespace) -> int:
    import errno
    import os
    import tempfile
    from pathlib import Path

    from service.app import create_app, openapi_json
    from service.config import Settings
    from service.store import Store

    if args.output != "-":  # a path that cannot be written is refused before the build
        target = Path(args.output)
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), args.output)
        if not target.parent.is_dir():
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), args.output)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "openapi.db"))
        data = openapi_json(create_app(Settings(db_path=":memory:"), store=store))
        store.close()
    if args.output == "-":
        sys.stdout.write(data.decode())
    else:
        Path(args.output).write_bytes(data)
        print(f"wrote {args.output}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from service.reports import render_report

    if args.url:  # the service renders the plan it stores
        plan_id = remote_plan_id(args.plan_id)
        with client(args.url) as api:
            content: bytes | str = api.report(plan_id, args.format)
        filename = f"tokenplan-{plan_id}.{args.format}"
    else:
        plan, catalog = plan_and_catalog(args.plan_id, args.db)
        content, _, filename = render_report(plan, catalog, args.format)
    target = Path(args.output or filename)
    write_output(target, content, "--output")
    print(f"wrote {target}")
    return 0


def _diff(args: argparse.Namespace) -> int:
    from pathlib import Path

    from service.plan_diff import diff_plans, render_diff
    from service.reports.shown_cents import plan_in_cents

    def plan(name: str, flag: str) -> Plan:
        """A plan file here, else an id at the service (`--url`) or in the store, in its
        report's cents where its catalog is at hand (in the store)."""
        if args.url and not Path(name).is_file():
            with client(args.url) as api:
                return api.plan(name)
        return plan_in_cents(*saved_plan(name, args.db, flag))

    plans = [plan(name, flag) for name, flag in ((args.before, "BEFORE"), (args.after, "AFTER"))]
    content = render_diff(diff_plans(*plans), args.format)
    sys.stdout.write(content.decode() if isinstance(content, bytes) else content)
    return 0


def _import_skypilot(args: argparse.Namespace) -> int:
    import datetime as dt

    from service.config import Settings
    from service.skypilot_api import import_skypilot_text
    from service.store_pg import open_store
    from service.webhooks import StoredOnly

    try:
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else dt.datetime.now(dt.UTC).date()
    except ValueError:
        message = f"expected a date, YYYY-MM-DD, got {args.as_of!r}"
        raise InvalidInput.one("--as-of", message) from None
    text = read_text(args.file, "FILE")
    # The store the service reads: `--db` names a SQLite file; else TOKENPLAN_DATABASE_URL
    # (PostgreSQL) or TOKENPLAN_DB. Before, the import always opened the SQLite file, so with
    # TOKENPLAN_DATABASE_URL set it wrote a revision no server read, and said it had imported.
    settings = Settings.from_env() if not args.db else Settings(db_path=args.db)
    store = open_store(settings)
    store.outbox = StoredOnly()  # its catalog.revised, for a server to send (review 17b F3)
    try:
        done = import_skypilot_text(store, text, args.vendor, as_of)
    finally:
        store.close()
    where = "the PostgreSQL store" if settings.database_url else settings.db_path
    r = done.result
    print(
        f"catalog revision {r.revision} at {where}: {len(r.created)} offers created, "
        f"{len(r.updated)} updated, {r.unchanged} unchanged"
    )
    if done.unmapped_accelerators:
        print("skipped (no catalog system): " + ", ".join(done.unmapped_accelerators))
    for row in done.skipped_rows:
        print(f"skipped {row.field}: {row.message}")
    return 0


def _port(text: str) -> int:
    """A TCP port, 1-65535 (argparse says what is wrong otherwise)."""
    port = int(text) if text.isdigit() else 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a TCP port is 1-65535, got {text!r}")
    return port


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `tokenplan` console script."""
    try:
        from service.reports import FORMATS
    except KeyboardInterrupt:
        # Loaded in the console script's held window (service/entry.py); a Ctrl-C here is
        # `python -m service.cli`'s, or one in a `main` called directly: a line and 130, not
        # a traceback (probe 16b F5).
        return interrupted()

    parser = argparse.ArgumentParser(prog="tokenplan", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the API (SQLite at $TOKENPLAN_DB)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        help="plans solved in this process at once (default: cores with SQLite; 0 with "
        "TOKENPLAN_DATABASE_URL: `tokenplan worker` processes solve)",
    )
    serve.set_defaults(run=_serve)

    worker = commands.add_parser("worker", help="solve queued plans (TOKENPLAN_DATABASE_URL)")
    worker.add_argument("--concurrency", type=int, default=1, help="plans solved at once")
    worker.set_defaults(run=_worker)

    quote = commands.add_parser("quote", help="cost per million tokens and tokens per MW")
    quote.add_argument("--price", type=float, help="$ per GPU-hour")
    quote.add_argument("--throughput", type=float, help="total tokens/s per GPU")
    quote.add_argument("--kw", type=float, help="all-in kW per GPU")
    quote.set_defaults(run=_quote)

    plan = commands.add_parser("plan", help="solve a forecast (or plan request) JSON file")
    plan.add_argument("forecast")
    plan.add_argument("--json", action="store_true", help="print the whole plan as JSON")
    plan.add_argument("--quiet", "-q", action="store_true", help="no progress line while it solves")
    add_source_arguments(plan)
    plan.set_defaults(run=plan_command)

    rank = commands.add_parser("rank", help="every offer by cost per million tokens at an SLO")
    rank.add_argument("--model", required=True)
    rank.add_argument("--isl", type=int, required=True)
    rank.add_argument("--osl", type=int, required=True)
    rank.add_argument("--interactivity", type=float, required=True, help="tok/s per user")
    rank.add_argument("--ttft", type=float, help="max TTFT in ms")
    rank.add_argument("--allow-spot", action="store_true")
    rank.add_argument(
        "--trust-api-latency",
        action="store_true",
        help="count API offers that state no latency as meeting the SLO",
    )
    rank.add_argument(
        "--currency",
        help="rank the offers priced in this ISO 4217 currency (default: the catalog's only one)",
    )
    rank.add_argument(
        "--start",
        help="YYYY-MM buying would start: prices more than 180 days older warn (default: today)",
    )
    add_replicas_argument(rank)
    add_source_arguments(rank)
    rank.set_defaults(run=rank_command)
    add_crossover(
        commands, lambda args: service_catalog(args.url) if args.url else local_catalog(args.db)
    )

    report = commands.add_parser("report", help="write a stored plan's report")
    report.add_argument("plan_id")
    report.add_argument("--format", choices=list(FORMATS), default="html")
    report.add_argument("--output", "-o")
    report.add_argument("--db")
    add_url_argument(report)
    report.set_defaults(run=_report)

    diff = commands.add_parser("diff", help="two plans side by side (ids in the store, or files)")
    diff.add_argument("before", help="plan id or a plan JSON file")
    diff.add_argument("after", help="plan id or a plan JSON file")
    diff.add_argument("--format", choices=["json", "md", "html"], default="md")
    diff.add_argument("--db")
    add_url_argument(diff)
    diff.set_defaults(run=_diff)
    add_sensitivity(commands)

    catalog = commands.add_parser("catalog", help="catalog imports")
    catalog_commands = catalog.add_subparsers(dest="catalog_command", required=True)
    skypilot = catalog_commands.add_parser(
        "import-skypilot", help="merge GPU offers from a SkyPilot catalog CSV (vms.csv)"
    )
    skypilot.add_argument("file")
    skypilot.add_argument("--vendor", required=True, help="the cloud, as offers name it: AWS")
    skypilot.add_argument("--as-of", help="the prices' date, YYYY-MM-DD (default today)")
    skypilot.add_argument(
        "--db",
        help="SQLite store (default: $TOKENPLAN_DATABASE_URL's PostgreSQL, else $TOKENPLAN_DB)",
    )
    skypilot.set_defaults(run=_import_skypilot)

    openapi = commands.add_parser("openapi", help="write the OpenAPI document")
    openapi.add_argument("--output", "-o", default="openapi/openapi.json")
    openapi.set_defaults(run=_openapi)

    args = parser.parse_args(argv)
    try:
        code = int(args.run(args))
        sys.stdout.flush()  # inside the try: a reader that left breaks the pipe here
        return code
    except KeyboardInterrupt:
        # A second Ctrl-C (the first cancels, `service.cli_interrupt`), or one before the
        # work began: a line, not a traceback (review 15a C2).
        return interrupted()
    except BrokenPipeError:
        # `tokenplan plan ... | head`: the reader left; say nothing more (Python's docs, signal).
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except TokenplanError as exc:
        print(error_line(exc), file=sys.stderr)
        return 1
    except msgspec.ValidationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # the service, a file, the store: said in a line, not a trace
        said = said_errors(exc)
        if said is None:
            raise
        print(said, file=sys.stderr)
        return 1


def console() -> int:
    """The `tokenplan` program: `main`, then everything it leaves moved out of the garbage
    collector's reach, so that the interpreter's collections as it exits do not walk the
    whole heap (0.4 s of every command's time, `--help` included, after the service's
    modules are imported)."""
    try:
        return main()
    finally:  # `--help` and argparse's refusals leave through SystemExit
        gc.freeze()


if __name__ == "__main__":
    sys.exit(console())
