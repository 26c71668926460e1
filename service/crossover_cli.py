"""`tokenplan crossover`: the build-or-buy table of one workload printed (cost per month by
steady demand: the best API, the best GPU offer, the plan's mix) and where building starts
to beat buying."""

from __future__ import annotations

import argparse
import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from service.cli_input import WORKLOAD_FLAGS
from service.cli_plan import add_url_argument

__all__ = ["add_crossover", "add_replicas_argument"]


def _finite(text: str) -> float:
    """A finite number (argparse's `float` takes inf and nan)."""
    value = float(text)
    if not math.isfinite(value):
        msg = f"{text!r} is not a finite number"
        raise argparse.ArgumentTypeError(msg)
    return value


def add_replicas_argument(parser: argparse.ArgumentParser) -> None:
    """`--replicas`: whole replicas on whole units (the default, as for plans) or fractional."""
    parser.add_argument(
        "--replicas",
        choices=["whole", "fractional"],
        default="whole",
        help="whole: cost on the GPUs bought, idle GPUs of whole units paid for (default); "
        "fractional: on the GPUs the replicas use",
    )


FLAGS = {
    **WORKLOAD_FLAGS,
    "workload.peak_to_average": "--peak-to-average",
    "workload.bases": "--bases",
    "levels": "--levels",
    "currency": "--currency",
}
"""The crossover request's fields by the flags that carry them."""


def _crossover(catalog_for: Callable[[argparse.Namespace], Any]) -> Callable[..., int]:
    def run(args: argparse.Namespace) -> int:
        from catalog import InvalidInput
        from optimizer import CrossoverRequest, crossover
        from service.cli_input import arguments, flagged
        from service.reports import table_text
        from service.reports.crossover import crossover_table

        workload = {
            "id": args.model,
            "model": args.model,
            "isl": args.isl,
            "osl": args.osl,
            "slo": {"min_interactivity": args.interactivity, "max_ttft_ms": args.ttft},
            "tokens_per_second": 1.0,
            "peak_to_average": args.peak_to_average,
            "bases": args.bases,
        }
        document = {
            "workload": workload,
            "trust_api_latency": args.trust_api_latency,
            "mix": not args.no_mix,
            "replicas": args.replicas,
            "currency": args.currency,
        }
        if args.levels:
            document["levels"] = args.levels
        # Converted, not constructed: the request's bounds hold for the command line too,
        # and a refusal names the flag.
        request = arguments(document, CrossoverRequest, FLAGS)
        try:
            # Prices are dated against today (UTC): the optimizer reads no clock.
            x = crossover(catalog_for(args), request, dt.datetime.now(dt.UTC).date())
        except InvalidInput as exc:
            raise flagged(exc, FLAGS) from None
        print(
            f"{args.model} {args.isl}/{args.osl} at {args.interactivity:g} tok/s/user, "
            f"{x.currency} per month of steady demand (commitments amortised over one month)"
        )
        print(table_text(crossover_table(x)))
        print(x.note)
        if (said := x.mix_said()) is not None:
            print(said)
        for warning in x.warnings:
            print(f"warning: {warning}")
        return 0

    return run


def add_crossover(commands: Any, catalog_for: Callable[[argparse.Namespace], Any]) -> None:
    """Register `tokenplan crossover` on the `commands` subparsers."""
    parser = commands.add_parser(
        "crossover", help="build or buy: cost per month by demand, API against GPUs"
    )
    parser.add_argument("--model", required=True)
    parser.add_argument("--isl", type=int, required=True)
    parser.add_argument("--osl", type=int, required=True)
    parser.add_argument("--interactivity", type=_finite, required=True, help="tok/s per user")
    parser.add_argument("--ttft", type=_finite, help="max TTFT in ms")
    parser.add_argument("--peak-to-average", type=_finite, default=1.0)
    parser.add_argument("--bases", nargs="+", choices=["measured", "derived", "vendor_claim"])
    parser.add_argument("--levels", type=_finite, nargs="+", help="tokens/s (default: 1k to 10M)")
    parser.add_argument(
        "--trust-api-latency",
        action="store_true",
        help="count APIs that state no speed as meeting the SLO",
    )
    parser.add_argument("--no-mix", action="store_true", help="skip the plan's mix (no solves)")
    parser.add_argument(
        "--currency",
        help="only the offers priced in this ISO 4217 currency (default: the catalog's only one)",
    )
    add_replicas_argument(parser)
    parser.add_argument("--db")
    add_url_argument(parser)  # the service's catalog, the crossover drawn here
    parser.set_defaults(run=_crossover(catalog_for))
