"""`supplier_ids` gives each vendor one supplier id (probe 4, finding 10(f)): a vendor named
twice with two ids is a 422 naming the parameter, not the last id winning silently."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.golden import golden_plan, store_plan
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]


async def test_a_vendor_given_two_supplier_ids_is_refused(client: Client, db_path: str) -> None:
    """Nebius=SUP-1,Nebius=SUP-2: 422 on supplier_ids naming the vendor and both ids; the
    same pair twice is one pair (200, SUP-1 on the Nebius lines)."""
    plan = store_plan(db_path, golden_plan("portfolio-tail6"))
    url = f"/plans/{plan.id}/requisition.json"
    twice = {"supplier_ids": "Nebius=SUP-1,Nebius=SUP-2"}
    problem = assert_problem(await client.get(url, params=twice), 422, "supplier_ids")
    assert problem["errors"][0]["message"] == (
        "vendor 'Nebius' is given twice ('SUP-1' and 'SUP-2'); give each vendor one supplier id"
    )
    same = await client.get(url, params={"supplier_ids": "Nebius=SUP-1, Nebius=SUP-1"})
    assert same.status_code == 200
    assert {x["supplier_id"] for x in same.json()["lines"] if x["supplier"] == "Nebius"} == {
        "SUP-1"
    }


async def test_a_vendor_the_catalog_does_not_name_is_refused(client: Client, db_path: str) -> None:
    """nebius=SUP-1 (the catalog says Nebius) or a typo, Nebuis=SUP-1: 422 on supplier_ids
    naming the vendor, with the catalog's name where only the case differs (probe 19: both
    were a 200 whose Nebius lines had no supplier id, the mapping dropped without a word); a
    catalog vendor the plan does not buy from stays allowed (a tenant's one list for all)."""
    plan = store_plan(db_path, golden_plan("portfolio-tail6"))
    url = f"/plans/{plan.id}/requisition.json"
    lower = {"supplier_ids": "nebius=SUP-1"}
    problem = assert_problem(await client.get(url, params=lower), 422, "supplier_ids")
    assert problem["errors"][0]["message"].startswith(
        "vendor 'nebius' is not one the catalog names (did you mean 'Nebius'?)"
    )
    typo = {"supplier_ids": "Nebuis=SUP-1"}
    problem = assert_problem(await client.get(url, params=typo), 422, "supplier_ids")
    assert "vendor 'Nebuis' is not one the catalog names" in problem["errors"][0]["message"]
    known = await client.get(url, params={"supplier_ids": "Nebius=SUP-1,AWS=SUP-9"})
    assert known.status_code == 200
