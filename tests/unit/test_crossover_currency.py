"""`tokenplan crossover --currency` (probe 8, finding 8: with an EUR offer in the store the
command refused every run, "options.currency: ... choose one", and had no flag to choose
with). The lines only (`--no-mix`): no solve."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from catalog.api_offer import ApiOffer
from service.cli import main
from service.store import CatalogChange, Store
from tests.bodies import EUR_API

R1 = ["crossover", "--model", "deepseek-r1-0528", "--isl", "8192", "--osl", "1024"]


def _store_with_eur(tmp_path: Path) -> str:
    """A store of the shipped catalog plus one EUR API offer for DeepSeek R1."""
    db = str(tmp_path / "store.db")
    store = Store(db)
    api = msgspec.convert(EUR_API, ApiOffer)
    store.write_catalog([CatalogChange("api_offers", api.id, api)], "EUR", lambda _: None)
    store.close()
    return db


def _run(capsys: pytest.CaptureFixture[str], db: str, *flags: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr (its catalog line aside) of the R1 crossover on `db`."""
    argv = [*R1, "--interactivity", "150", "--trust-api-latency", "--no-mix", "--db", db]
    code = main([*argv, *flags])
    out = capsys.readouterr()
    err = "\n".join(x for x in out.err.splitlines() if not x.startswith("catalog: "))
    return code, out.out, err


def test_two_currencies_without_the_flag_name_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --currency the refusal names the flag that exists (`--currency`), not the
    plan request's `options.currency`."""
    code, out, err = _run(capsys, _store_with_eur(tmp_path))
    assert code == 1 and out == ""
    assert err.startswith(
        "error: --currency: the eligible offers are priced in more than one currency (EUR, USD)"
    )


def test_currency_chooses_the_offers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--currency USD: the USD APIs against the GB300 rack, in USD; --currency EUR: the EUR
    API alone (no GPU offer is priced in EUR), in EUR."""
    db = _store_with_eur(tmp_path)
    code, out, _ = _run(capsys, db, "--currency", "USD")
    assert code == 0
    assert "USD per month" in out and "build: onprem-gb300" in out and "y6-eur" not in out
    code, out, _ = _run(capsys, db, "--currency", "EUR")
    assert code == 0
    assert "EUR per month" in out and "buy: y6-eur" in out and "build: no GPU offer" in out


def test_a_bad_currency_names_the_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--currency usd (not ISO 4217 upper case) is refused on --currency."""
    code, _, err = _run(capsys, _store_with_eur(tmp_path), "--currency", "usd")
    assert code == 1
    assert err.startswith("error: --currency")
