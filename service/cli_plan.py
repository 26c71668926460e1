"""`tokenplan plan` and `tokenplan rank`: solved here against a store's catalog (or the shipped
one), or by a running service (`--url`, through `service.client`). Either way stderr says
which catalog was used, and stdout holds only the answer."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from catalog import Catalog, InvalidInput, NotFound, default_catalog
from optimizer import Plan, PlanRequest, Ranking, RankingRequest
from service.cli_input import WORKLOAD_FLAGS, arguments, flagged, read_json
from service.cli_interrupt import INTERRUPTED, cancel_on_interrupt, say_cancelled
from service.cli_progress import ProgressLine
from service.decoding import decode_body

if TYPE_CHECKING:
    from service.client import Client
    from service.config import Settings

__all__ = [
    "add_source_arguments",
    "add_url_argument",
    "client",
    "local_catalog",
    "plan_and_catalog",
    "plan_command",
    "rank_command",
    "remote_catalog",
    "remote_plan_id",
    "said_errors",
    "saved_plan",
    "service_catalog",
]


def said_errors(exc: Exception) -> str | None:
    """The line to print for an error of the world rather than of tokenplan: a service that
    refused (`ApiError`) or could not be reached (or a URL that is none), a file or folder that
    cannot be read or written, a store that is no SQLite database; None for any other
    exception (a bug: its traceback is wanted)."""
    import sqlite3

    import httpx

    from service.client import ApiError

    if isinstance(exc, ApiError):
        fields = "".join(f"\n  {e['field']}: {e['message']}" for e in exc.problem.get("errors", []))
        return f"error: the service answered {exc}{fields}"
    if isinstance(exc, httpx.HTTPError | httpx.InvalidURL):
        return f"error: the service could not be reached ({type(exc).__name__}: {exc})"
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"error: {where}{exc.strerror}"
    if isinstance(exc, sqlite3.Error):
        return f"error: the SQLite store could not be used ({exc})"
    return None


def _say(text: str) -> None:
    print(text, file=sys.stderr)


def _no_store(db: str) -> str:
    return f"there is no store at {db} (--db)"


def local_catalog(db: str | None) -> Catalog:
    """The catalog of the configured store when it exists, else the shipped default; a store
    named by `--db` must exist (probe 11 finding 11: a typo ranked the shipped catalog).

    Raises:
        NotFound: `db` names no file.
    """
    from service.config import Settings

    if db and not os.path.exists(db):
        raise NotFound(_no_store(db))
    settings = Settings(db_path=db) if db else Settings.from_env()
    if settings.database_url or os.path.exists(settings.db_path):
        return _store_catalog(settings)
    _say(
        f"catalog: the shipped default (no store at {os.path.abspath(settings.db_path)}; "
        "set TOKENPLAN_DB or pass --db or --url)"
    )
    return default_catalog()


def _store_catalog(settings: Settings, revision: int | None = None, why: str = "") -> Catalog:
    """The catalog of the store `settings` name at `revision` (default: now), said on stderr.

    Raises:
        NotFound: the store has no such revision.
    """
    from service.store_pg import open_store

    store = open_store(settings)
    try:
        catalog = store.catalog(revision)
    finally:
        store.close()
    where = (
        "the PostgreSQL store"
        if settings.database_url
        else f"the store at {os.path.abspath(settings.db_path)}"
    )
    _say(f"catalog: revision {catalog.revision} of {where}{why}")
    return catalog


def saved_plan(name: str, db: str | None, argument: str = "PLAN") -> tuple[Plan, Catalog | None]:
    """PLAN on the command line: a plan saved as JSON (GET /plans/{id}), with no catalog (a
    file names no store), or a plan id in the configured store (`--db`, else TOKENPLAN_DB or
    TOKENPLAN_DATABASE_URL) with the catalog revision it was made against.

    Raises:
        NotFound: neither a file nor a store to look in, or no such plan in the store.
        InvalidInput: naming `argument` when the file is not a plan's JSON.
    """
    if Path(name).is_file():
        try:
            return msgspec.convert(read_json(name, argument), Plan), None
        except msgspec.ValidationError as exc:
            message = f"not a plan as GET /plans/{{id}} gives it: {exc}"
            raise InvalidInput.one(argument, f"{name} is {message}") from None
    from service.config import Settings
    from service.store_pg import open_store

    settings = Settings(db_path=db) if db else Settings.from_env()
    if not settings.database_url and not os.path.exists(settings.db_path):
        raise NotFound(f"{name} is no file and there is no store at {settings.db_path}")
    store = open_store(settings)
    try:
        plan = msgspec.json.decode(store.document("plans", name), type=Plan)
        return plan, store.catalog(plan.catalog_revision)
    finally:
        store.close()


def plan_and_catalog(name: str, db: str | None) -> tuple[Plan, Catalog]:
    """`saved_plan` with a catalog, as stderr says: a plan file names no store, so its
    catalog is the revision it names of the store `--db` gives, else the shipped default.

    Raises:
        NotFound: `--db` names no store, or a store without the plan's revision.
    """
    from service.config import Settings

    plan, catalog = saved_plan(name, db)
    if catalog is not None:
        return plan, catalog
    if not db:
        _say("catalog: the shipped default (a plan file names no store; --db gives one)")
        return plan, default_catalog()
    if not os.path.exists(db):
        raise NotFound(_no_store(db))
    why = " (--db), the revision the plan file names"
    return plan, _store_catalog(Settings(db_path=db), plan.catalog_revision, why)


def _request(path: str) -> tuple[Any, PlanRequest]:
    """The file as sent (a plan request, or a bare forecast wrapped in one) and decoded, under
    the bounds of a POST /plans body.

    Raises:
        InvalidInput: naming the file when it cannot be read or is not JSON, and each bad field.
    """
    raw = read_json(path, "FORECAST")
    if not (isinstance(raw, dict) and ("forecast" in raw or "forecast_id" in raw)):
        raw = {"forecast": raw}
    return raw, decode_body(raw, PlanRequest)


def client(url: str) -> Client:
    """The service at `url`, with `$TOKENPLAN_API_KEY` when it is set."""
    from service.client import Client

    return Client(url, api_key=os.environ.get("TOKENPLAN_API_KEY") or None)


def remote_catalog(api: Client, url: str, revision: int | None = None) -> Catalog:
    """The catalog of the service at `url` (revision `revision`, default now), said on
    stderr."""
    view = api.catalog(revision)
    _say(f"catalog: revision {view.revision} of the service at {url}")
    # The view is the catalog with its creation time: the report needs the catalog.
    return msgspec.convert(msgspec.to_builtins(view), Catalog)


def service_catalog(url: str) -> Catalog:
    """The current catalog of the service at `url` (`tokenplan crossover --url`)."""
    with client(url) as api:
        return remote_catalog(api, url)


def remote_plan_id(name: str, argument: str = "PLAN") -> str:
    """PLAN given with `--url`: the id of a plan the service stores.

    Raises:
        InvalidInput: naming `argument` when it is a file here (a plan file is read here,
            without --url).
    """
    if Path(name).is_file():
        message = (
            f"{name} is a file: with --url (or $TOKENPLAN_URL) {argument} is the id of a plan "
            "the service stores; without --url a plan file is read here"
        )
        raise InvalidInput.one(argument, message)
    return name


def _solve_remote(url: str, raw: Any, line: ProgressLine) -> tuple[Plan, Catalog, bool]:
    """The plan the service at `url` solves, its catalog, and whether Ctrl-C cancelled it
    (there: the plan as stored after the cancel, with the best found)."""
    from service.client import ApiError

    with client(url) as api:
        plan = api.submit_plan(raw, wait_s=0)
        interrupted = False
        try:
            plan = api.wait(plan.id, timeout_s=3600, on_progress=line.show)
        except KeyboardInterrupt:
            line.done()
            say_cancelled(f"plan {plan.id} at the service")
            interrupted = True
            try:
                plan = api.cancel(plan.id, wait_s=60)
            except ApiError as exc:
                if exc.status != 409:  # 409: it finished meanwhile, and is stored as it is
                    raise
                plan = api.plan(plan.id)
        return plan, remote_catalog(api, url, plan.catalog_revision), interrupted


def plan_command(args: argparse.Namespace) -> int:
    """Solve the request in `args.forecast` and print the plan (text, or `--json`)."""
    from optimizer import check_time_limit, make_plan
    from service.reports import build_report, plan_text

    raw, request = _request(args.forecast)
    check_time_limit(request)  # as the service refuses it (review 18 R3)
    line = ProgressLine(
        sys.stderr,
        request.options.time_limit_s,
        quiet=args.quiet,
        currency=request.options.currency,
    )
    interrupted = False
    try:
        if args.url:
            plan, catalog, interrupted = _solve_remote(args.url, raw, line)
        elif request.forecast is None:
            _say("a plan file needs the forecast inline, or --url of a service that stores it")
            return 2
        else:
            catalog = local_catalog(args.db)
            currencies = {o.currency for o in catalog.offers}
            currencies |= {o.currency for o in catalog.api_offers}
            if line.currency is None and len(currencies) == 1:  # the plan's, whatever it buys
                line.currency = currencies.pop()
            forecast = request.forecast
            with cancel_on_interrupt("the plan") as cancel:
                plan = make_plan(
                    catalog,
                    request,
                    forecast,
                    on_progress=line,
                    on_step=line.on_step,
                    cancelled=cancel.is_set,
                )
            interrupted = cancel.is_set()
    finally:
        line.done()
    if args.json:
        sys.stdout.write(msgspec.json.format(msgspec.json.encode(plan)).decode() + "\n")
    else:
        print(plan_text(build_report(plan, catalog)))
    return INTERRUPTED if interrupted else 0


RANK_FLAGS = {**WORKLOAD_FLAGS, "currency": "--currency", "start": "--start"}


def _ranking(args: argparse.Namespace) -> Ranking:
    slo = {"min_interactivity": args.interactivity, "max_ttft_ms": args.ttft}
    workload = {"model": args.model, "isl": args.isl, "osl": args.osl, "slo": slo}
    document = {
        "workload": workload,
        "allow_spot": args.allow_spot,
        "trust_api_latency": args.trust_api_latency,
        "currency": args.currency,
        "replicas": args.replicas,
        "start": args.start,
    }
    # Converted as a POST /rankings body is, so that its bounds hold here too.
    request = arguments(document, RankingRequest, RANK_FLAGS)
    if not args.url:
        from optimizer import rank

        try:
            today = dt.datetime.now(dt.UTC).date()  # prices' age, as POST /rankings counts it
            return rank(local_catalog(args.db), request, today)
        except InvalidInput as exc:  # a model no profile serves: named by its flag
            raise flagged(exc, RANK_FLAGS) from None
    with client(args.url) as api:
        ranking = api.ranking(msgspec.to_builtins(request))
    _say(f"catalog: revision {ranking.catalog_revision} of the service at {args.url}")
    return ranking


def rank_command(args: argparse.Namespace) -> int:
    """Print every offer by cost per million tokens at the SLO in `args`, then the per-token
    API offers of the model beside them."""
    from service.reports import api_table, ranking_table, table_text

    ranking = _ranking(args)
    print(
        f"catalog revision {ranking.catalog_revision}: {args.model} {args.isl}/{args.osl} "
        f"at {args.interactivity:g} tok/s/user"
        + (f", TTFT <= {args.ttft:g} ms" if args.ttft else "")
    )
    league = ranking_table(ranking)
    print(table_text(league) if league.rows else "no offer is eligible (the reasons follow)")
    for said in ranking.warnings:
        print(f"warning: {said}")
    if ranking.api_offers:
        print(f"\nper-token API offers of {args.model} ({len(ranking.api_offers)}):")
        print(table_text(api_table(ranking)))
    others = [line for line in ranking.offers if not line.eligible]
    if others:
        print(f"\nnot eligible ({len(others)}):")
        for line in others:
            print(f"  {line.offer_id}: {line.reason}")
    return 0


def add_source_arguments(parser: argparse.ArgumentParser) -> None:
    """`--db` and `--url`: where the catalog comes from (and, with --url, who solves)."""
    parser.add_argument("--db", help="SQLite store whose catalog to use (default: $TOKENPLAN_DB)")
    add_url_argument(parser)


def add_url_argument(parser: argparse.ArgumentParser) -> None:
    """`--url`, default `$TOKENPLAN_URL`: a running service to ask (probe 11 finding 11:
    crossover, report, diff and sensitivity had none and ignored the variable)."""
    parser.add_argument(
        "--url",
        default=os.environ.get("TOKENPLAN_URL") or None,
        help="a running service to ask instead (default: $TOKENPLAN_URL), e.g. "
        "http://127.0.0.1:8000",
    )
