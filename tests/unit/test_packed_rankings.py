"""Rankings, quotes and the crossover price whole replicas on whole units, as plans buy them
(probe 7, finding 5: GB200's 44-GPU replica was priced on 44 GPUs of its 72-GPU rack and
ranked above MI355X, which a plan buys instead; the ranking page's table said 6,978 tok/s/GPU
for GB300 where its crossover said 6,697)."""

from __future__ import annotations

import msgspec
import pytest

from catalog import InvalidInput, default_catalog
from optimizer import (
    CrossoverRequest,
    QuoteRequest,
    Ranking,
    RankingRequest,
    Workload,
    crossover,
    quote,
    rank,
)
from optimizer.eligibility import WholeFit, deployment_rates
from optimizer.packing import pack
from optimizer.quotes import Quote
from optimizer.ranking import RankedOffer

R1 = {"model": "deepseek-r1-0528", "isl": 8192, "osl": 1024, "slo": {"min_interactivity": 150}}
MEASURED = {**R1, "bases": ["measured"]}


def _rank(workload: dict[str, object], replicas: str = "whole") -> Ranking:
    body = {"workload": workload, "curve_points": 2, "replicas": replicas}
    return rank(default_catalog(), msgspec.convert(body, RankingRequest))


def _line(ranking: Ranking, offer_id: str) -> RankedOffer:
    return next(o for o in ranking.offers if o.offer_id == offer_id)


def _per_million(price: float, tokens_per_second_per_gpu: float) -> float:
    return price / (tokens_per_second_per_gpu * 3600) * 1e6


def test_a_44_gpu_replica_pays_for_its_whole_72_gpu_rack() -> None:
    """GB200 ($2.21/GPU-h, 4,215 tok/s per GPU used at 150 on measured points) runs one 44-GPU
    replica per 72-GPU rack: $0.2383/M on the GPUs bought ($0.1456 on those used, beside it),
    so MI355X ($0.1835, three 8-GPU units per 24-GPU replica, none idle) ranks above it; with
    fractional replicas the order is the old one."""
    ranking = _rank(MEASURED)
    gb200, mi355x = _line(ranking, "onprem-gb200"), _line(ranking, "onprem-mi355x")
    assert gb200.packing is not None and mi355x.packing is not None
    assert gb200.packing.text == "1 replica of 44 GPUs per 72-GPU unit, 28 GPUs idle"
    assert (gb200.packing.units_per_block, gb200.packing.idle_gpus_per_block) == (1, 28)
    assert gb200.throughput_per_used_gpu == 4215
    assert gb200.throughput_per_gpu == pytest.approx(4215 * 44 / 72)
    assert gb200.cost_per_million_tokens == pytest.approx(_per_million(2.21, 4215 * 44 / 72))
    assert round(gb200.cost_per_million_tokens or 0, 4) == 0.2383
    assert round(gb200.cost_per_million_tokens_per_used_gpu or 0, 4) == 0.1456
    assert mi355x.packing.text == "3 units of 8 GPUs per 24-GPU replica, no GPU idle"
    assert round(mi355x.cost_per_million_tokens or 0, 4) == 0.1835
    assert (mi355x.rank_cost_per_million_tokens or 0) < (gb200.rank_cost_per_million_tokens or 0)
    fractional = _rank(MEASURED, "fractional")
    assert fractional.replicas == "fractional"
    old_gb200, old_mi355x = _line(fractional, "onprem-gb200"), _line(fractional, "onprem-mi355x")
    assert old_gb200.packing is None and old_gb200.cost_per_million_tokens == pytest.approx(
        _per_million(2.21, 4215)
    )
    assert (old_gb200.rank_cost_per_million_tokens or 0) < (
        old_mi355x.rank_cost_per_million_tokens or 0
    )


def test_a_replica_larger_than_a_unit_takes_whole_units() -> None:
    """B200's best 28-GPU disaggregated deployment (2,121 tok/s per GPU used) takes 4 8-GPU nodes,
    4 GPUs idle: 2,121 x 28 / 32 per GPU bought, below the 8-GPU aggregated deployment's 1,962
    that fills its node, which the ranking therefore runs (as a plan of many nodes would)."""
    catalog = default_catalog()
    offer = next(o for o in catalog.offers if o.id == "onprem-b200")
    workload = msgspec.convert({"id": "r1", "tokens_per_second": 1.0, **MEASURED}, Workload)
    rates = deployment_rates(offer, workload, list(catalog.profiles))
    best = max((r for r in rates if r.gpus_per_replica == 28), key=lambda r: r.per_gpu)
    big = pack(best, 8)
    assert big.packing is not None
    assert big.packing.text == "4 units of 8 GPUs per 28-GPU replica, 4 GPUs idle"
    assert big.per_used_gpu == 2121 and big.per_gpu == pytest.approx(2121 * 28 / 32)
    line = _line(_rank(MEASURED), "onprem-b200")
    assert line.packing is not None and line.packing.gpus_per_replica == 8
    assert big.per_gpu < (line.throughput_per_gpu or 0)


@pytest.mark.parametrize("workload", [R1, MEASURED])
def test_the_ranking_runs_the_deployment_a_plan_of_steady_demand_runs(
    workload: dict[str, object],
) -> None:
    """Every eligible offer's deployment is the one a whole-replica plan picks for a demand of
    many units (`WholeFit.choose`, the plan's own rule, at a peak of 1e9 tok/s)."""
    catalog = default_catalog()
    spec = msgspec.convert({"id": "r1", "tokens_per_second": 1.0, **workload}, Workload)
    fit = WholeFit(peaks=(1e9,), utilization_cap=1.0)
    ranking = _rank(workload)
    assert ranking.eligible > 10
    for line in (o for o in ranking.offers if o.eligible):
        offer = next(o for o in catalog.offers if o.id == line.offer_id)
        rates = deployment_rates(offer, spec, list(catalog.profiles))
        chosen = fit.choose(rates, offer.gpus_per_unit, 0)
        assert chosen is not None and chosen.operating.deployment == line.deployment, line


def test_a_quote_is_the_ranking_line() -> None:
    """POST /quotes' figures for an offer are its ranking line's, whole and fractional."""
    for replicas in ("whole", "fractional"):
        body = {"offer": "onprem-gb200", "workload": MEASURED, "replicas": replicas}
        quoted = quote(default_catalog(), msgspec.convert(body, QuoteRequest))
        line = _line(_rank(MEASURED, replicas), "onprem-gb200")
        assert isinstance(quoted, Quote)
        assert quoted.cost_per_million_tokens == line.cost_per_million_tokens
        assert quoted.throughput_per_gpu == line.throughput_per_gpu
        assert quoted.cost_per_million_tokens_per_used_gpu == (
            line.cost_per_million_tokens_per_used_gpu
        )
        assert quoted.packing == line.packing and quoted.deployment == line.deployment


@pytest.mark.parametrize(("workload", "per_gpu"), [(R1, 6697), (MEASURED, 6978 * 48 / 72)])
def test_the_crossover_and_the_ranking_are_one_number(
    workload: dict[str, object], per_gpu: float
) -> None:
    """The crossover's best GPU offer, its cost per million tokens and its rack's tokens/s are
    the ranking's first line: GB300 at 6,697 tok/s/GPU (482,184 a rack) on every basis, and
    on measured points its 48-GPU replica's 334,944 a rack (4,652 per GPU bought)."""
    first = next(o for o in _rank(workload).offers if o.eligible)
    spec = msgspec.convert({"id": "r1", "tokens_per_second": 1.0, **workload}, Workload)
    request = CrossoverRequest(workload=spec, trust_api_latency=True, mix=False)
    x = crossover(default_catalog(), request)
    assert first.offer_id == x.best_gpu_offer_id == "onprem-gb300"
    assert first.throughput_per_gpu == pytest.approx(per_gpu)
    assert x.best_gpu_cost_per_million_tokens == first.cost_per_million_tokens
    assert x.gpu_block_tokens_per_second == pytest.approx(per_gpu * 72)


def test_a_model_only_an_api_sells_is_ranked() -> None:
    """A model no profile serves but an API offer sells (accepted by the import, plannable)
    is ranked: no GPU offer is eligible, the API offer is, first among them; a model neither
    sells is still a 422 naming `workload.model`."""
    catalog = default_catalog()
    api = msgspec.structs.replace(catalog.api_offers[0], id="acme-nope", model="nope")
    catalog = msgspec.structs.replace(catalog, api_offers=(*catalog.api_offers, api))
    workload = {"model": "nope", "isl": 1024, "osl": 1024, "slo": {"min_interactivity": 10}}
    body = {"workload": workload, "trust_api_latency": True}
    ranking = rank(catalog, msgspec.convert(body, RankingRequest))
    assert ranking.eligible == 0 and not any(o.eligible for o in ranking.offers)
    (line,) = ranking.api_offers
    assert (line.offer_id, line.eligible, line.rank_among_gpu_offers) == ("acme-nope", True, 1)
    other = msgspec.convert({"workload": {**workload, "model": "none"}}, RankingRequest)
    with pytest.raises(InvalidInput) as caught:
        rank(catalog, other)
    assert caught.value.errors[0].field == "workload.model"
