"""The seed's headline through the API: a quote on measured points only."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

# One store: a quote reads the seeded catalog and stores nothing.
pytestmark = pytest.mark.one_store

Client = AsyncTestClient[Litestar]
R1_150 = {"model": "deepseek-r1-0528", "isl": 8192, "osl": 1024, "slo": {"min_interactivity": 150}}


async def test_quote_of_onprem_gb300_on_measured_points_is_0_1056(client: Client) -> None:
    """POST /quotes for onprem-gb300 ($2.652/GPU-h) at 150 tok/s/user with measured points only:
    6,978 tok/s/GPU, $0.1056 per million tokens on the GPUs that run the deployment; its 48-GPU
    replica fits once in the 72-GPU rack, so on the GPUs bought 4,652 tok/s/GPU, $0.1584."""
    workload = {**R1_150, "bases": ["measured"]}
    response = await client.post("/quotes", json={"offer": "onprem-gb300", "workload": workload})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["throughput_per_used_gpu"] == 6978
    assert body["bases"] == ["measured"]
    assert round(body["cost_per_million_tokens_per_used_gpu"], 4) == 0.1056
    assert body["throughput_per_gpu"] == pytest.approx(6978 * 48 / 72)
    assert round(body["cost_per_million_tokens"], 4) == 0.1584
    assert body["packing"]["idle_gpus_per_block"] == 24
