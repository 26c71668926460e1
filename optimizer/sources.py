"""The profile points behind each throughput a plan uses, one line each, for the Plan's
`sources`."""

from __future__ import annotations

from optimizer.assembly import Assembler
from optimizer.plan import ThroughputSource

__all__ = ["sources"]


def sources(assembler: Assembler) -> list[ThroughputSource]:
    """One line per profile point behind each (offer, workload) throughput the plan uses."""
    instance = assembler.instance
    used = sorted(
        {
            (o, w)
            for (o, w, t), gpus in assembler.solution.serve.items()
            if gpus > 1e-9 and t < instance.horizon
        }
    )
    out = []
    for o, w in used:
        for point in instance.rates[(o, w)].operating.points:
            out.append(
                ThroughputSource(
                    offer_id=instance.offers[o].id,
                    workload_id=instance.workloads[w].id,
                    basis=point.basis,
                    source=point.source,
                    measured_on=point.measured_on.isoformat(),
                    deployment=point.deployment,
                    interactivity=point.interactivity,
                    throughput_per_gpu=point.throughput_per_gpu,
                )
            )
    return out
