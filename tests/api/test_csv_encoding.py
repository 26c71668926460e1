"""Probe 14b finding 5: a CSV import that was not UTF-8 (Excel's "CSV" on Windows is cp1252)
was stored with U+FFFD in place of every accented letter, silently, where a JSON body in the
same state is a 400. A CSV body is read in the charset its Content-Type names, else as UTF-8
(a byte-order mark dropped); bytes that are not text in it are a 400 naming the byte and line,
and nothing is stored."""

from __future__ import annotations

import csv
import io

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.problems import assert_problem, revision

Client = AsyncTestClient[Litestar]
NOTE = "prix négocié à 2,11 € (Zoë)"
SKYPILOT = "/catalog/import-skypilot?vendor=AWS&as_of=2026-11-01"


async def _edited(client: Client) -> tuple[str, str]:
    """The exported offers CSV with nebius-h100-od's note set to `NOTE`, and its ETag."""
    exported = await client.get("/catalog/offers.csv")
    rows = list(csv.reader(io.StringIO(exported.text)))
    at = rows[0].index("x_Note")
    for row in rows[1:]:
        if row[0] == "nebius-h100-od":
            row[at] = NOTE
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue(), exported.headers["etag"]


async def _note(client: Client) -> str:
    return str((await client.get("/catalog/offers/nebius-h100-od")).json()["note"])


async def test_a_cp1252_csv_without_its_charset_is_refused_unstored(client: Client) -> None:
    text, tag = await _edited(client)
    body = text.encode("cp1252")
    before, note = await revision(client), await _note(client)
    headers = {"content-type": "text/csv", "If-Match": tag}
    response = await client.post("/catalog/import", content=body, headers=headers)
    problem = assert_problem(response, 400)
    at = body.index("é".encode("cp1252"))
    line = body[:at].count(b"\n") + 1
    assert "not valid UTF-8" in problem["detail"]
    assert f"at byte {at} (line {line})" in problem["detail"]
    assert await revision(client) == before and await _note(client) == note


async def test_a_csv_in_the_charset_it_names_is_stored_as_written(client: Client) -> None:
    text, tag = await _edited(client)
    headers = {"content-type": "text/csv; charset=windows-1252", "If-Match": tag}
    response = await client.post("/catalog/import", content=text.encode("cp1252"), headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["updated"] == ["offers/nebius-h100-od"]
    assert await _note(client) == NOTE


async def test_a_utf8_csv_with_a_byte_order_mark_is_read(client: Client) -> None:
    text, tag = await _edited(client)
    headers = {"content-type": "text/csv", "If-Match": tag}
    body = "\ufeff".encode() + text.encode()
    response = await client.post("/catalog/import", content=body, headers=headers)
    assert response.status_code == 200, response.text
    assert await _note(client) == NOTE


async def test_an_unknown_charset_is_refused(client: Client) -> None:
    text, tag = await _edited(client)
    headers = {"content-type": "text/csv; charset=x-no-such", "If-Match": tag}
    response = await client.post("/catalog/import", content=text.encode(), headers=headers)
    assert "x-no-such" in assert_problem(response, 400)["detail"]


@pytest.mark.parametrize("region", ["us-\xe9ast-1"])
async def test_a_skypilot_csv_that_is_not_utf8_is_refused_unstored(
    client: Client, region: str
) -> None:
    before = await revision(client)
    body = (
        "InstanceType,AcceleratorName,AcceleratorCount,Price,Region\r\n"
        f"p5.48xlarge,H100,8,98.32,{region}\r\n"
    ).encode("latin-1")
    response = await client.post(SKYPILOT, content=body, headers={"content-type": "text/csv"})
    assert "not valid UTF-8" in assert_problem(response, 400)["detail"]
    assert await revision(client) == before


@pytest.mark.parametrize("charset", ["hex", "base64", "rot13", "zlib", "punycode", "undefined"])
async def test_a_charset_that_is_no_text_encoding_is_a_400(client: Client, charset: str) -> None:
    """Review 14: codecs that are not text encodings (hex, base64...) or that fail on any
    bytes (punycode, undefined) were a 500 from the import; a 400 naming the charset now."""
    text, tag = await _edited(client)
    before = await revision(client)
    headers = {"content-type": f"text/csv; charset={charset}", "If-Match": tag}
    response = await client.post("/catalog/import", content=text.encode(), headers=headers)
    assert charset in assert_problem(response, 400)["detail"]
    assert await revision(client) == before
