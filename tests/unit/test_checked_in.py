"""Which instance's model a guess or a certificate checks its plans in
(`optimizer.trials.checked_in`): the whole instance where pruning keeps at least half of its
offers (a model the run has, or one price apart from it), the narrowed one where pruning
shrinks it (a large catalog of clones)."""

from __future__ import annotations

from optimizer.trials import WHOLE_AT_MOST, Lever, checked_in, narrowed
from tests import tiny


def _offers(instance: object) -> set[int]:
    return {o for (o, _w) in instance.rates}  # type: ignore[attr-defined]


def test_an_instance_pruning_barely_shrinks_is_checked_whole() -> None:
    """A ($2) dominates B ($3, alike); C is asked about: narrowed keeps A and C, two of three
    offers, so the whole instance (B included) is the one checked."""
    instance = tiny.exact_instance(
        tiny.Spec(id="a", price=2.0),
        tiny.Spec(id="b", price=3.0),
        tiny.Spec(id="c", price=3.5, accelerator="Y"),
    )
    c = Lever("gpu", 2)
    assert _offers(narrowed(instance, c, "in")) == {0, 2}
    assert checked_in(instance, c) is instance


def test_an_instance_pruning_shrinks_is_checked_narrowed() -> None:
    """Six clones of A, each dearer, and C: narrowed keeps A and C, two of eight offers (more
    than `WHOLE_AT_MOST` times fewer), so the narrowed instance is the one checked."""
    clones = [tiny.Spec(id=f"a{k}", price=2.0 + 0.1 * k) for k in range(7)]
    instance = tiny.exact_instance(*clones, tiny.Spec(id="c", price=3.5, accelerator="Y"))
    c = Lever("gpu", 7)
    kept = _offers(narrowed(instance, c, "in"))
    assert kept == {0, 7} and len(_offers(instance)) > WHOLE_AT_MOST * len(kept)
    checked = checked_in(instance, c)
    assert checked is not instance and _offers(checked) == kept
