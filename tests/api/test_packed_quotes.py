"""The API's `replicas` on rankings and quotes (probe 7, finding 5): whole replicas by default,
`fractional` on request, anything else a 422 naming it, in the body and in the query."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]

R1 = {
    "model": "deepseek-r1-0528",
    "isl": 8192,
    "osl": 1024,
    "slo": {"min_interactivity": 150},
    "bases": ["measured"],
}
PAGE = "/rankings.svg?model=deepseek-r1-0528&isl=8192&osl=1024&interactivity=150"


@pytest.mark.asyncio(loop_scope="module")
async def test_a_quote_says_its_packing_and_both_costs(shared_client: Client) -> None:
    """onprem-gb200's quote: $0.2383/M on the GPUs bought by default, with the packing and
    $0.1456 on the GPUs used beside it; `fractional` prices the GPUs used."""
    body = {"offer": "onprem-gb200", "workload": R1}
    whole = (await shared_client.post("/quotes", json=body)).json()
    assert round(whole["cost_per_million_tokens"], 4) == 0.2383
    assert round(whole["cost_per_million_tokens_per_used_gpu"], 4) == 0.1456
    assert whole["packing"]["text"] == "1 replica of 44 GPUs per 72-GPU unit, 28 GPUs idle"
    split = await shared_client.post("/quotes", json={**body, "replicas": "fractional"})
    assert round(split.json()["cost_per_million_tokens"], 4) == 0.1456
    assert "packing" not in split.json()


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("value", ["half", "", "WHOLE", 1])
async def test_a_replicas_that_is_neither_is_a_422_naming_it(
    shared_client: Client, value: object
) -> None:
    """`replicas` other than whole or fractional is refused naming it: the ranking's body, the
    quote's body and the ranking page's query."""
    ranking = await shared_client.post("/rankings", json={"workload": R1, "replicas": value})
    assert_problem(ranking, 422, "replicas")
    body = {"offer": "onprem-gb200", "workload": R1, "replicas": value}
    assert_problem(await shared_client.post("/quotes", json=body), 422, "replicas")
    if isinstance(value, str) and value:
        assert_problem(await shared_client.get(f"{PAGE}&replicas={value}"), 422, "replicas")
