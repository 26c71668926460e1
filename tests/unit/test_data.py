"""The shipped data: provenance on every row, curves that are one run each, no dominated point,
and the seed's headline resting on a measurement."""

from __future__ import annotations

import csv
import datetime as dt
import re
from importlib import resources

import msgspec

from catalog import Catalog, Point, Profile, System, default_catalog, profile_id
from catalog.integrity import dominated_points


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("catalog").joinpath("data").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _point(interactivity: float, throughput: float, deployment: str) -> Point:
    return Point(
        interactivity=interactivity,
        throughput_per_gpu=throughput,
        deployment=deployment,
        basis="measured",
        source="test",
        measured_on=dt.date(2026, 1, 1),
    )


def _catalog(*points: Point) -> Catalog:
    profile = Profile(
        id="p", system_id="s", model="m", isl=1, osl=1, precision="fp8", points=points
    )
    return msgspec.structs.replace(default_catalog(), profiles=(profile,))


def test_dominated_points_flags_a_point_beaten_on_both_axes_in_its_deployment() -> None:
    """(10, 100) of deployment a is beaten by a's (20, 200) and named with both points; b's
    (5, 50) is not (other deployments never dominate), nor a point beaten on one axis only."""
    catalog = _catalog(
        _point(10, 100, "a"), _point(20, 200, "a"), _point(30, 150, "a"), _point(5, 50, "b")
    )
    findings = dominated_points(catalog)
    assert [f.field for f in findings] == ["profiles[p].points[0]"]
    assert findings[0].message == (
        "10 tok/s/user at 100 tok/s/GPU is dominated within deployment 'a' by "
        "20 tok/s/user at 200 tok/s/GPU"
    )


def test_dominated_points_ignores_ties() -> None:
    """A point with the same interactivity or the same throughput as another is not dominated."""
    catalog = _catalog(_point(10, 100, "a"), _point(10, 200, "a"), _point(20, 100, "a"))
    assert dominated_points(catalog) == []


def test_the_shipped_catalog_has_no_dominated_point() -> None:
    """Integrity: no shipped point is beaten on both axes within its own deployment."""
    assert dominated_points(default_catalog()) == []


def test_excluded_rows_are_dominated_within_their_run_and_say_why() -> None:
    """The data keeps its two excluded rows with the reason; each is dominated within its own
    deployment once loaded, so excluding it drops no frontier point."""
    rows = _rows("profile_points.csv")
    excluded = [r for r in rows if r["excluded"]]
    assert len(excluded) == 2
    for row in excluded:
        assert row["excluded"].startswith("dominated") and "kept, not loaded" in row["excluded"]
        rivals = [
            r
            for r in rows
            if r is not row
            and (r["accelerator"], r["isl"], r["osl"], r["precision"], r["deployment"])
            == (row["accelerator"], row["isl"], row["osl"], row["precision"], row["deployment"])
        ]
        assert any(
            float(r["interactivity_tok_s_user"]) > float(row["interactivity_tok_s_user"])
            and float(r["throughput_tok_s_gpu_total"]) > float(row["throughput_tok_s_gpu_total"])
            for r in rivals
        )


def test_every_point_has_a_source_and_a_date() -> None:
    """Every row of profile_points.csv, excluded or not, names its source and an ISO run date;
    every loaded point keeps them."""
    for row in _rows("profile_points.csv"):
        assert row["source"].strip()
        dt.date.fromisoformat(row["run_date"])
    points = [p for prof in default_catalog().profiles for p in prof.points]
    assert all(p.source.strip() and p.measured_on for p in points)


def test_every_offer_has_a_source_and_an_as_of_date() -> None:
    """Every row of offers.csv names its source and an ISO `as_of`."""
    for row in _rows("offers.csv"):
        assert row["source"].strip()
        dt.date.fromisoformat(row["as_of"])


def test_each_measured_curve_is_one_run() -> None:
    """A measured deployment's name ends with its run date, so one curve never mixes runs
    (the same setup re-run with newer software is a new curve)."""
    for profile in default_catalog().profiles:
        for point in profile.points:
            if point.basis == "measured":
                assert point.deployment.endswith(f" (run {point.measured_on.isoformat()})")


def test_gb300_headline_point_is_measured() -> None:
    """GB300 NVL72 8k/1k FP4: 6,978 tok/s/GPU at 150.2 tok/s/user, measured on 2026-02-03 with
    Dynamo-TRT, MTP and a 48-GPU disaggregated replica."""
    wanted = profile_id("gb300-nvl72", "deepseek-r1-0528", 8192, 1024, "fp4")
    profile = next(p for p in default_catalog().profiles if p.id == wanted)
    point = next(p for p in profile.points if p.interactivity == 150.2)
    assert point.throughput_per_gpu == 6978
    assert point.basis == "measured" and point.measured_on == dt.date(2026, 2, 3)
    assert point.gpus_per_replica == 48
    assert set(point.features) == {"mtp", "disaggregated", "wide_ep"}


def test_every_system_has_a_source_and_a_date() -> None:
    """Every row of systems.csv names its power and spec sources and an ISO `as_of`, which
    the loaded system keeps."""
    systems = {s.id: s for s in default_catalog().systems}
    for row in _rows("systems.csv"):
        assert row["power_source"].strip() and row["spec_source"].strip()
        assert systems[row["id"]].as_of == dt.date.fromisoformat(row["as_of"])


def test_a_system_stored_without_a_date_still_decodes() -> None:
    """A system written before `as_of` existed decodes with `as_of` null."""
    stored = msgspec.json.encode(default_catalog().systems[0])
    older = msgspec.json.decode(stored)
    del older["as_of"]
    system = msgspec.json.decode(msgspec.json.encode(older), type=System)
    assert system.as_of is None


def test_only_first_hand_prices_are_labelled_list() -> None:
    """An offer whose source is second-hand or an aggregator, or whose note says verify, is
    an `estimate` and its note says why; `list` is left for prices read from the vendor."""
    second_hand = ("aggregator", "transcri", " via ", "verify", "skypilot", "datareceipts")
    for row in _rows("offers.csv"):
        text = f"{row['source']} {row['note']}".lower()
        if row["price_basis"] == "list":
            assert "read live" in text or not any(word in text for word in second_hand), row["id"]
        if row["price_basis"] == "estimate" and row["kind"] != "owned":
            assert "estimate" in row["note"].lower(), row["id"]


def test_per_gpu_prices_are_their_8_gpu_instance_prices_divided_by_8() -> None:
    """Where a row cites the price of an 8-GPU instance or VM, its price per GPU-hour is that
    price divided by 8, unrounded (12 offers)."""
    cited = re.compile(
        r"(?:8-GPU instance|8x [\w ]+?|\.48xlarge|ND96isr_H100_v5) \$([\d.]+)/h"
        r"|\$([\d.]+) per 8-GPU VM"
    )
    checked = 0
    for row in _rows("offers.csv"):
        for match in cited.finditer(f"{row['source']} {row['note']}"):
            instance_price = float(match.group(1) or match.group(2))
            assert float(row["price_per_gpu_hour"]) == instance_price / 8, row["id"]
            checked += 1
    assert checked == 12
