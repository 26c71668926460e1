"""The naive strategies every plan is shown beside (DESIGN section 3: baselines), each solved
under the plan's constraints with one offer per workload."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import msgspec

from catalog.economics import cost_per_million_tokens
from optimizer.assembly import SECONDS_PER_MONTH, Assembler
from optimizer.cash import cash_flows
from optimizer.diagnosis import diagnosis
from optimizer.instance import Instance, estimated_columns
from optimizer.packing import pack
from optimizer.phases import Clock, Objective, Outcome, beyond_plain, solve_instance
from optimizer.plan import Baseline, Span, Summary
from optimizer.request import Options, PlanRequest
from optimizer.solver import Solution

__all__ = ["BASELINES", "Solved", "baselines", "compared", "solve_strategies"]

BASELINES: dict[str, str] = {
    "cheapest_gpu_hour": "each workload served only by its eligible offer with the lowest price "
    "per GPU-hour",
    "max_flops_per_dollar": "each workload served only by its eligible offer with the most dense "
    "peak FLOPS per dollar at the profile's precision",
    "best_single_offer": "each workload served only by its eligible offer with the lowest cost "
    "per million tokens at its SLO",
    "best_api": "every workload bought from eligible per-token API offers only (prices blended "
    "by its isl:osl): the cheapest, and the next cheapest where a rate limit is reached",
}


def _per_gpu_bought(instance: Instance, o: int, w: int) -> float:
    """Tokens/s per GPU of offer `o` bought for workload `w`: with whole replicas, the GPUs
    whole units leave idle count (`Packed.per_gpu`, as in rankings)."""
    rate = instance.rates[(o, w)]
    if instance.replicas != "whole":
        return rate.per_gpu
    return pack(rate, instance.offers[o].gpus_per_unit).per_gpu


def _baseline_choice(instance: Instance, strategy: str) -> dict[int, int] | str:
    """workload -> the one offer the strategy allows, or why the strategy has no choice."""
    choice: dict[int, int] = {}
    for w in range(len(instance.workloads)):
        candidates = [o for (o, ww) in instance.rates if ww == w]
        if not candidates:
            return f"no GPU offer is eligible for workload {instance.workloads[w].id}"

        def cpm(o: int, w: int = w) -> float:
            """$ per million tokens to 12 significant digits: costs equal but for the float
            path that computed them (0.5555555555555556 against ...555) tie, and go to the
            smaller obligation (review 9 finding E)."""
            exact = cost_per_million_tokens(
                instance.offers[o].offer.price_per_gpu_hour, _per_gpu_bought(instance, o, w)
            )
            return float(f"{exact:.12g}")

        def tie(o: int, w: int = w) -> tuple[float, float, str]:
            """Equal costs to the smaller obligation, then lower power, per token; then id."""
            spec = instance.offers[o]
            per_gpu = _per_gpu_bought(instance, o, w)
            return (cpm(o) * spec.term, spec.kw_per_gpu / per_gpu, spec.id)

        key: Callable[[int], tuple[float | str, ...]]
        if strategy == "cheapest_gpu_hour":

            def key(o: int) -> tuple[float | str, ...]:
                return (instance.offers[o].offer.price_per_gpu_hour, cpm(o), *tie(o))
        elif strategy == "max_flops_per_dollar":
            flops: dict[int, float] = {}
            for o in candidates:
                spec = instance.offers[o]
                peak = spec.system.peak_tflops_at(instance.rates[(o, w)].profile.precision)
                if peak is not None:
                    flops[o] = peak[1] / spec.offer.price_per_gpu_hour
            if not flops:
                return "no eligible offer's system lists peak FLOPS at the profile's precision"
            candidates = list(flops)

            def key(o: int, flops: dict[int, float] = flops) -> tuple[float | str, ...]:
                return (-flops[o], cpm(o), *tie(o))
        else:

            def key(o: int) -> tuple[float | str, ...]:
                return (cpm(o), *tie(o))

        choice[w] = min(candidates, key=key)
    return choice


def with_tail_market(
    instance: Instance, allowed: dict[int, set[int]], market: set[int] | None = None
) -> Instance:
    """`instance` with workload w served only by offers `allowed[w]` in the horizon, and in the
    tail of `demand_continues` also by every month-to-month offer the plan may buy then (a
    copy of each that starts after the horizon; of `market` only, when given: the offers no
    other dominates, as in the plan's own model): the tail values the continued demand the
    same way for the plan and a strategy, which would otherwise leave a contract's last months
    of the tail unserved and unpaid."""
    restricted = instance.restricted(allowed)
    if not instance.tail:
        return restricted
    offers, rates = list(restricted.offers), dict(restricted.rates)
    copies: dict[int, int] = {}
    for (o, w), rate in sorted(instance.rates.items()):
        spec = instance.offers[o]
        if spec.term != 1 or o in allowed.get(w, set()) or (market is not None and o not in market):
            continue
        if o not in copies:
            copies[o] = len(offers)
            start = max(spec.first_start, instance.horizon)
            none = [0.0] * instance.span
            offers.append(replace(spec, first_start=start, existing=none, existing_cost=none))
        rates[(copies[o], w)] = rate
    return replace(restricted, offers=offers, rates=rates)


def with_owned_units(instance: Instance, chosen: set[int]) -> Instance:
    """`instance` in which an offer with existing units that is not the strategy's own choice
    (`chosen`) keeps those units but signs no new contract in the horizon: the buyer has them
    either way, but buying more of them is not the strategy. A month-to-month one may still be
    bought in the tail, the market every strategy has then."""
    offers = [
        replace(spec, first_start=max(spec.first_start, instance.horizon))
        if o not in chosen and any(spec.existing)
        else spec
        for o, spec in enumerate(instance.offers)
    ]
    return replace(instance, offers=offers)


def api_choice(instance: Instance) -> dict[int, list[int]] | str:
    """workload -> its eligible API offers, cheapest first (blended price, then id), or why
    there is none for some workload (`best_api` buys every workload's tokens)."""
    choice: dict[int, list[int]] = {}
    for w, wspec in enumerate(instance.workloads):
        candidates = [a for (a, ww) in instance.api_prices if ww == w]
        if not candidates:
            return f"no per-token API offer is eligible for workload {wspec.id}"
        choice[w] = sorted(
            candidates, key=lambda a: (instance.api_prices[(a, w)], instance.api_offers[a].id)
        )
    return choice


def _strategy_market(
    instance: Instance, strategy: str, market: set[int] | None = None
) -> tuple[Instance, dict[int, list[int]]] | str:
    """The instance `strategy` is solved on, and workload -> the offers it may sign (one GPU
    offer) or buy from (`best_api`: every eligible API offer, cheapest first), beside the
    units the buyer already has; or why the strategy has no choice."""
    buying = strategy == "best_api"
    if buying:
        picked = api_choice(instance)
    else:
        one = _baseline_choice(instance, strategy)
        picked = one if isinstance(one, str) else {w: [o] for w, o in one.items()}
    if isinstance(picked, str):
        return picked
    # The strategy's offers, and whatever the buyer already has (paid for either way).
    owned = {o for o, spec in enumerate(instance.offers) if any(spec.existing)}
    allowed = {
        w: (set() if buying else set(offers)) | {e for e in owned if (e, w) in instance.rates}
        for w, offers in picked.items()
    }
    chosen = set() if buying else {o for offers in picked.values() for o in offers}
    restricted = with_tail_market(with_owned_units(instance, chosen), allowed, market)
    return with_api_market(restricted, buying), picked


def _named(
    instance: Instance, picked: dict[int, list[int]], buying: bool, solution: Solution | None
) -> dict[str, str]:
    """workload id -> the strategy's offer; for `best_api`, the API offers it bought from in
    the horizon (all it may buy from, when it bought none or found no plan), cheapest first."""
    if not buying:
        return {instance.workloads[w].id: instance.offers[o[0]].id for w, o in picked.items()}
    used: set[tuple[int, int]] = set()
    if solution is not None:
        used = {
            (a, w) for (a, w, t), tps in solution.buy.items() if tps > 1e-9 and t < instance.horizon
        }
    out: dict[str, str] = {}
    for w, offers in picked.items():
        taken = [a for a in offers if (a, w) in used] or offers
        out[instance.workloads[w].id] = ", ".join(instance.api_offers[a].id for a in taken)
    return out


def with_api_market(instance: Instance, buying: bool) -> Instance:
    """`instance` as `best_api` buys (every eligible API offer), or for a GPU strategy with
    tokens bought from APIs only in the tail, the month-to-month market the plan also has
    then."""
    return instance if buying else replace(instance, api_first=instance.horizon)


_Key = tuple[bool, tuple[tuple[int, tuple[int, ...]], ...]]
"""What a strategy solves: whether it buys API tokens, and each workload's offers."""


@dataclass(frozen=True)
class Solved:
    """The strategies of `BASELINES` solved (`solve_strategies`), not yet set beside a plan:
    each strategy's key into `done` or why it was not solved, and each key's solve."""

    instance: Instance
    strategies: list[tuple[str, str, _Key | str]]
    done: dict[_Key, tuple[Instance, dict[int, list[int]], Outcome]]


def solve_strategies(
    instance: Instance,
    objective: Objective,
    options: Options,
    clock: Clock,
    market: set[int] | None = None,
) -> Solved:
    """Each strategy of `BASELINES` solved on `instance` (see `baselines`): what needs nothing
    of the plan, so that it may run beside the plan's own solve (`optimizer.beside`)."""
    integer = msgspec.structs.replace(options, relax=False)
    strategies: list[tuple[str, str, _Key | str]] = []
    # Strategies that pick the same offers (the cheapest GPU-hour is often the cheapest per
    # token too) are one restricted instance, solved once.
    done: dict[_Key, tuple[Instance, dict[int, list[int]], Outcome]] = {}
    for strategy, description in BASELINES.items():
        choice = _strategy_market(instance, strategy, market)
        if isinstance(choice, str):
            strategies.append((strategy, description, choice))
            continue
        restricted, picked = choice
        key = (strategy == "best_api", tuple(sorted((w, tuple(o)) for w, o in picked.items())))
        if key not in done:
            if clock.expired:
                strategies.append(
                    (strategy, description, f"{clock.ended} before this baseline was solved")
                )
                continue
            columns = estimated_columns(restricted)
            if beyond_plain(columns):
                strategies.append((strategy, description, _too_large(columns)))
                continue
            done[key] = (restricted, picked, solve_instance(restricted, objective, integer, clock))
        strategies.append((strategy, description, key))
    return Solved(instance, strategies, done)


def compared(solved: Solved, plan: Summary, request: PlanRequest | None = None) -> list[Baseline]:
    """The strategies `solved` each beside `plan`: its cost and the plan's, or why it cannot
    meet the demand or was not solved (see `baselines`)."""
    out = []
    filled: dict[_Key, Baseline] = {}
    for strategy, description, solve in solved.strategies:
        template = Baseline(
            strategy=strategy,
            description=description,
            status="failed",
            offers={},
            plan_total_cost=plan.total_cost,
            plan_cost_per_million_tokens=plan.cost_per_million_tokens,
            plan_lifetime_cost=plan.lifetime_cost,
            plan_lifetime_cost_per_million_tokens=plan.lifetime_cost_per_million_tokens,
            plan_mw_months=plan.mw_months,
            compared_on="horizon" if plan.lifetime_cost is None else "horizon_and_tail",
        )
        if isinstance(solve, str):
            out.append(msgspec.structs.replace(template, reason=solve))
            continue
        if solve not in filled:
            restricted, picked, result = solved.done[solve]
            filled[solve] = _solved(
                solved.instance, restricted, picked, result, template, plan, request
            )
        out.append(
            msgspec.structs.replace(filled[solve], strategy=strategy, description=description)
        )
    return out


def baselines(
    instance: Instance,
    plan: Summary,
    objective: Objective,
    options: Options,
    clock: Clock,
    request: PlanRequest | None = None,
    market: set[int] | None = None,
) -> list[Baseline]:
    """Each strategy of `BASELINES` solved on `instance` (the full one, before pruning) with the
    plan's objective, existing commitments and tail, its cost beside the plan's, or why it
    cannot meet the demand. Under `demand_continues` plan and strategy are compared on the
    horizon and the tail (what both minimise), otherwise on the horizon. With `request` (its
    existing commitments and discount rate), each baseline's cash is given too. `market`, the
    offers no other dominates, is the tail market of every strategy (the plan's own: a catalog
    of thousands of like offers made each strategy's model thousands of offers wide)."""
    return compared(solve_strategies(instance, objective, options, clock, market), plan, request)


def _too_large(columns: int) -> str:
    """Why a strategy whose model is beyond `PLAIN_COLUMNS` was not solved: its model is
    whole there, and every month-to-month offer of the tail's market is in it (caps 300x36x20:
    about 310,000 columns each, 6 s apiece on a quiet machine through the large-model path,
    three of them 19 s of a loaded one, after a plan that had used its time)."""
    return (
        f"not solved: its model is too large (about {columns:,} columns) to solve beside a plan "
        "this large within its time limit"
    )


def _solved(
    instance: Instance,
    restricted: Instance,
    picked: dict[int, list[int]],
    result: Outcome,
    template: Baseline,
    plan: Summary,
    request: PlanRequest | None,
) -> Baseline:
    """`template` filled in from the strategy's solve (`result`) on `restricted`: its costs
    beside the plan's, or why it cannot meet the demand."""
    offers = _named(instance, picked, template.strategy == "best_api", result.solution)
    if result.status in ("infeasible", "failed") or result.solution is None:
        served = ""
        if result.solution is not None:
            assembler = Assembler(restricted, result.solution)
            tokens = sum(assembler.tokens(w) for w in range(len(restricted.workloads)))
            horizon = restricted.horizon  # `average` runs on through the tail
            wanted = sum(sum(w.average[:horizon]) for w in restricted.workloads)
            wanted *= SECONDS_PER_MONTH
            served = f"; at most {tokens / wanted:.1%} of the tokens can be served"
            binding = diagnosis(assembler).binding
            if binding:
                served += f" ({'; '.join(binding)})"
        return msgspec.structs.replace(
            template,
            status="infeasible" if result.status == "infeasible" else "failed",
            offers=offers,
            reason="cannot meet the demand under the same constraints" + served,
        )
    assembler = Assembler(restricted, result.solution)
    total, tokens, peak_mw, average_mw = assembler.totals()
    cpm = total / tokens * 1e6 if tokens > 0 else None
    lifetime = assembler.lifetime()
    if lifetime is not None and plan.lifetime_cost is not None:
        span: Span = "horizon_and_tail"
        ours, theirs = lifetime, (plan.lifetime_cost, plan.lifetime_cost_per_million_tokens)
    else:
        span = "horizon"
        ours, theirs = (total, cpm), (plan.total_cost, plan.cost_per_million_tokens)
    # Over the span the objective counts, which is `span`: horizon + tail exactly when
    # `demand_continues` gives the baseline a lifetime cost.
    mw_months = assembler.mw_months()
    return msgspec.structs.replace(
        template,
        status=result.status,
        offers=offers,
        total_cost=total,
        cost_per_million_tokens=cpm,
        peak_mw=peak_mw,
        average_mw=average_mw,
        diff_total_cost=ours[0] - theirs[0],
        cost_ratio=ours[1] / theirs[1] if ours[1] and theirs[1] else None,
        compared_on=span,
        tail=assembler.tail(),
        lifetime_cost=lifetime[0] if lifetime else None,
        lifetime_cost_per_million_tokens=lifetime[1] if lifetime else None,
        npv=None if request is None else cash_flows(assembler, request)[1],
        mw_months=mw_months,
        diff_mw_months=None if plan.mw_months is None else mw_months - plan.mw_months,
    )
