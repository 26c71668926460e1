"""`GET /catalog`'s JSON re-imports through `POST /catalog/import` as no change at all (probe 7,
finding 10a: its read-only `revision`, `created_at` and `sites` were a 422)."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.problems import revision

Client = AsyncTestClient[Litestar]


async def test_the_shipped_catalog_re_imports_as_no_change(client: Client) -> None:
    """The shipped catalog as `GET /catalog` writes it, imported in merge and in replace mode,
    is a 200 with every item unchanged and no new revision."""
    before = await revision(client)
    exported = (await client.get("/catalog")).json()
    assert {"revision", "created_at", "sites"} <= exported.keys()
    items = sum(len(exported[k]) for k in ("systems", "profiles", "offers", "api_offers"))
    for mode in ("merge", "replace"):
        response = await client.post("/catalog/import", json={**exported, "mode": mode})
        assert response.status_code == 200, response.text
        result = response.json()
        assert (result["created"], result["updated"], result["deleted"]) == ([], [], [])
        assert result["unchanged"] == items and result["revision"] == before
    assert await revision(client) == before


async def test_the_read_only_fields_do_not_change_the_catalog(client: Client) -> None:
    """An export whose `sites`, `revision` and `created_at` are edited still changes nothing:
    they are read-only, the offers say where the sites are."""
    before = await revision(client)
    exported = (await client.get("/catalog")).json()
    edited = {**exported, "sites": ["nowhere"], "revision": 999, "created_at": "then"}
    response = await client.post("/catalog/import", json=edited)
    assert response.status_code == 200, response.text
    assert response.json()["revision"] == before
    assert (await client.get("/catalog")).json()["sites"] == exported["sites"]


def _with_column(text: str, name: str, value: str) -> str:
    """`text` (a CSV export) with one more column `name`, `value` in every row."""
    lines = text.rstrip("\r\n").split("\r\n")
    return "\r\n".join([f"{lines[0]},{name}"] + [f"{row},{value}" for row in lines[1:]]) + "\r\n"


@pytest.mark.parametrize("path", ["/catalog/offers.csv", "/catalog/api_offers.csv"])
async def test_an_empty_extension_column_changes_nothing(client: Client, path: str) -> None:
    """Either CSV export with an extra `x_Custom` column left empty imports as no change (no
    `updated`, no revision, no empty extension stored); a filled one is stored as given."""
    before = await revision(client)
    download = await client.get(path)
    exported = download.text
    csv = {"content-type": "text/csv", "If-Match": download.headers["etag"]}
    blank = _with_column(exported, "x_Custom", "")
    response = await client.post("/catalog/import", content=blank, headers=csv)
    assert response.status_code == 200, response.text
    assert (response.json()["updated"], response.json()["revision"]) == ([], before)
    catalog = (await client.get("/catalog")).json()
    assert not any(o.get("extensions") for o in catalog["offers"] + catalog["api_offers"])
    filled = _with_column(exported, "x_Custom", "rack 7")
    response = await client.post("/catalog/import", content=filled, headers=csv)
    assert response.status_code == 200, response.text
    assert response.json()["revision"] == before + 1 and not response.json()["unchanged"]
    kind = "api_offers" if "api" in path else "offers"
    stored = (await client.get("/catalog")).json()[kind]
    assert {o["extensions"]["x_Custom"] for o in stored} == {"rack 7"}


async def test_an_api_offer_of_a_model_no_profile_serves_is_accepted_with_a_note(
    client: Client,
) -> None:
    """An API offers CSV whose `x_Model` is one no profile serves ("nope") is stored, as a
    model only an API sells is plannable (DESIGN 8.2), and the answer says so, naming the
    model and the offer; a known model gets no note."""
    exported = (await client.get("/catalog/api_offers.csv")).text
    header, first, second = exported.split("\r\n")[:3]
    model = first.split(",")[header.split(",").index("x_Model")]
    text = "\r\n".join([header, first, second]).replace(f",{model},", ",nope,") + "\r\n"
    csv = {"content-type": "text/csv", "If-Match": '"1"'}
    response = await client.post("/catalog/import", content=text, headers=csv)
    assert response.status_code == 200, response.text
    (note,) = response.json()["notes"]
    offer_id = first.split(",")[0]
    assert f"API offers {offer_id} sell model 'nope', which no profile serves" in note
    exported = (await client.get("/catalog/api_offers.csv")).text
    csv["If-Match"] = '"2"'
    response = await client.post("/catalog/import", content=exported, headers=csv)
    assert "notes" in response.json()  # 'nope' is still sold: still said
    assert response.json()["revision"] == 2
    plain = await client.post("/catalog/import", content=_keep(exported, "nope"), headers=csv)
    assert "notes" not in plain.json()


def _keep(text: str, model: str) -> str:
    """`text` (the API offers CSV) without the rows of `model`."""
    return "\r\n".join(line for line in text.split("\r\n") if f",{model}," not in line)
