"""The naive strategies every plan is shown beside (DESIGN section 3: baselines), each solved
under the plan's constraints with one offer per workload."""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from catalog.economics import cost_per_million_tokens
from optimizer.assembly import SECONDS_PER_MONTH, Assembler
from optimizer.diagnosis import diagnosis
from optimizer.instance import Instance
from optimizer.phases import Clock, Objective, solve_instance
from optimizer.plan import Baseline
from optimizer.request import Options

__all__ = ["BASELINES", "baselines"]

BASELINES: dict[str, str] = {
    "cheapest_gpu_hour": "each workload served only by its eligible offer with the lowest price "
    "per GPU-hour",
    "max_flops_per_dollar": "each workload served only by its eligible offer with the most dense "
    "peak FLOPS per dollar at the profile's precision",
    "best_single_offer": "each workload served only by its eligible offer with the lowest cost "
    "per million tokens at its SLO",
}


def _baseline_choice(instance: Instance, strategy: str) -> dict[int, int] | str:
    """workload -> the one offer the strategy allows, or why the strategy has no choice."""
    choice: dict[int, int] = {}
    for w in range(len(instance.workloads)):
        candidates = [o for (o, ww) in instance.rates if ww == w]
        if not candidates:
            continue

        def cpm(o: int, w: int = w) -> float:
            return cost_per_million_tokens(
                instance.offers[o].offer.price_per_gpu_hour, instance.rates[(o, w)].per_gpu
            )

        key: Callable[[int], tuple[float, float, str]]
        if strategy == "cheapest_gpu_hour":

            def key(o: int) -> tuple[float, float, str]:
                return (instance.offers[o].offer.price_per_gpu_hour, cpm(o), instance.offers[o].id)
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

            def key(o: int, flops: dict[int, float] = flops) -> tuple[float, float, str]:
                return (-flops[o], cpm(o), instance.offers[o].id)
        else:

            def key(o: int) -> tuple[float, float, str]:
                return (cpm(o), 0.0, instance.offers[o].id)

        choice[w] = min(candidates, key=key)
    return choice


def baselines(
    instance: Instance,
    plan_total: float,
    plan_cpm: float | None,
    objective: Objective,
    options: Options,
    clock: Clock,
) -> list[Baseline]:
    """Each strategy of `BASELINES` solved on `instance` (the full one, before pruning) with the
    plan's objective and existing commitments, its cost beside the plan's, or why it cannot
    meet the demand."""
    out = []
    integer = msgspec.structs.replace(options, relax=False)
    for strategy, description in BASELINES.items():
        choice = _baseline_choice(instance, strategy)
        template = Baseline(
            strategy=strategy,
            description=description,
            status="failed",
            offers={},
            plan_total_cost=plan_total,
            plan_cost_per_million_tokens=plan_cpm,
        )
        if isinstance(choice, str):
            out.append(msgspec.structs.replace(template, reason=choice))
            continue
        if clock.expired:
            reason = "the plan's time limit ran out before this baseline was solved"
            out.append(msgspec.structs.replace(template, reason=reason))
            continue
        offers = {instance.workloads[w].id: instance.offers[o].id for w, o in choice.items()}
        # The strategy's offer, and whatever the buyer already has (paid for either way).
        owned = {o for o, spec in enumerate(instance.offers) if any(spec.existing)}
        restricted = instance.restricted(
            {w: {o} | {e for e in owned if (e, w) in instance.rates} for w, o in choice.items()}
        )
        result = solve_instance(restricted, objective, integer, clock)
        if result.status in ("infeasible", "failed") or result.solution is None:
            served = ""
            if result.solution is not None:
                assembler = Assembler(restricted, result.solution)
                tokens = sum(assembler.tokens(w) for w in range(len(restricted.workloads)))
                wanted = sum(sum(w.average) for w in restricted.workloads) * SECONDS_PER_MONTH
                served = f"; at most {tokens / wanted:.1%} of the tokens can be served"
                binding = diagnosis(assembler).binding
                if binding:
                    served += f" ({'; '.join(binding)})"
            out.append(
                msgspec.structs.replace(
                    template,
                    status="infeasible" if result.status == "infeasible" else "failed",
                    offers=offers,
                    reason="cannot meet the demand under the same constraints" + served,
                )
            )
            continue
        total, tokens, peak_mw, average_mw = Assembler(restricted, result.solution).totals()
        cpm = total / tokens * 1e6 if tokens > 0 else None
        out.append(
            msgspec.structs.replace(
                template,
                status=result.status,
                offers=offers,
                total_cost=total,
                cost_per_million_tokens=cpm,
                peak_mw=peak_mw,
                average_mw=average_mw,
                diff_total_cost=total - plan_total,
                cost_ratio=cpm / plan_cpm if cpm and plan_cpm else None,
            )
        )
    return out
