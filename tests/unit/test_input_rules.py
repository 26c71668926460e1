"""The input rules (printable text, no term on a month-to-month offer) and the bounded
listing of errors and of known values in a message."""

from __future__ import annotations

import unicodedata

import msgspec
import pytest

from catalog import Offer
from catalog.errors import FieldError, InvalidInput, bounded, known
from catalog.input_rules import INVISIBLE, input_problems, refuse_bad_input


@pytest.mark.parametrize(
    "text", ["\x00", "\x1f", "\x7f", "\x85", "\x9f", "\u202a", "\u202e", "\u2066", "\u2069"]
)
def test_every_control_and_bidi_override_is_found_at_its_path(text: str) -> None:
    """C0, DEL, C1 and the bidi embeddings, overrides and isolates are each named at their
    JSON path with their code point."""
    problems = input_problems({"offers": [{"vendor": f"ok{text}"}]})
    assert [p.field for p in problems] == ["offers[0].vendor"]
    assert f"U+{ord(text):04X} at position 2" in problems[0].message


def test_line_breaks_only_in_a_note() -> None:
    """A tab or line break is fine in `note`, refused in any other string and in a key."""
    assert input_problems({"note": "a\n\tb\r\n"}) == []
    fields = [p.field for p in input_problems({"name": "a\nb", "x\ty": 1, "n": ["\r"]})]
    assert sorted(fields) == ["n[0]", "name", "x\ty"]


def test_printable_unicode_is_accepted() -> None:
    """Accents, CJK, emoji and a right-to-left script without overrides are text."""
    assert input_problems({"vendor": "Ñébius 株式会社 🚀 שלום", "n": 1.5, "b": None}) == []


@pytest.mark.parametrize(
    ("kind", "term", "refused"),
    [
        ("on_demand", 12, True),
        ("spot", 1, True),
        ("on_demand", 0, False),
        ("spot", None, False),
        ("reserved", 12, False),
    ],
)
def test_a_term_is_refused_only_on_a_month_to_month_offer(
    kind: str, term: int | None, refused: bool
) -> None:
    """`term_months` other than 0 on an on_demand or spot offer is named; reserved keeps it."""
    problems = input_problems({"offers": [{"kind": kind, "term_months": term}]})
    assert [p.field for p in problems] == (["offers[0].term_months"] if refused else [])


def test_a_huge_document_reports_at_most_100_problems() -> None:
    """200,000 bad strings: the walk stops at 100 problems, and the refusal lists 50."""
    document = {"vendors": ["\x00"] * 200_000}
    assert len(input_problems(document)) == 100
    with pytest.raises(InvalidInput) as caught:
        refuse_bad_input(document)
    assert len(caught.value.errors) == 50
    assert caught.value.errors[-1] == FieldError("(more)", "and 51 more errors")
    assert caught.value.detail.endswith("; and 95 more")


def test_bounded_keeps_short_lists_whole() -> None:
    """50 errors are listed as they are; 51 become 49 and a count of 2."""
    errors = [FieldError(f"f{n}", "bad") for n in range(51)]
    assert bounded(errors[:50]) == errors[:50]
    assert bounded(errors)[-1] == FieldError("(more)", "and 2 more errors")


def test_known_names_a_few_values_and_the_count() -> None:
    """Up to five values are named in full, sorted; more are five and a count."""
    assert known({"b", "a"}) == "a, b"
    assert known([]) == "none"
    assert known([f"v{n:02d}" for n in range(19)]) == (
        "v00, v01, v02, v03, v04 and 14 more (19 in all)"
    )


def test_a_kind_of_any_json_type_is_left_to_the_typed_decode() -> None:
    """A `kind` that is an object, a list or a number is no rule's business here (the typed
    decode names it); it raised TypeError (unhashable) and answered 500 (schemathesis)."""
    for kind in ({"a": 1}, [1], 3, None):
        assert input_problems({"offers": [{"kind": kind, "term_months": 12}]}) == []


@pytest.mark.parametrize(
    "text",
    [
        *("\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e"),
        # Review 13: these passed the first rule.
        *("\u061c", "\u2028", "\u3164", "\u115f", "\u034f", "\U000e0041", "\u2800"),
    ],
)
def test_an_invisible_character_in_a_one_line_text_is_refused(text: str) -> None:
    """Probe 13: `Zero\\u200bWidth` was a vendor of its own beside `ZeroWidth` (for
    `max_vendor_share` and the `vendors` filter) though both read alike. Zero-width spaces and
    joiners, the word joiner, the byte order mark, the soft hyphen and the bidi marks are
    refused in one-line texts; a note may hold them (an emoji's joiner)."""
    problems = input_problems({"offers": [{"vendor": f"Zero{text}Width"}]})
    assert [p.field for p in problems] == ["offers[0].vendor"]
    assert f"invisible character U+{ord(text):04X} at position 4" in problems[0].message
    assert input_problems({"note": f"a{text}b"}) == []


def test_a_vendor_too_long_for_its_site_key_is_said_of_the_vendor() -> None:
    """Probe 13: a 300-character vendor (and no `site`) was refused naming `site`, a field the
    request did not send; the message now names `vendor`. A vendor with no letter or digit makes
    no site key either."""
    document = {
        "id": "o",
        "system_id": "s",
        "region": "r",
        "kind": "on_demand",
        "price_per_gpu_hour": 1.0,
        "price_basis": "list",
        "source": "test",
        "as_of": "2026-11-01",
    }
    for vendor in ("A" * 300, "!!!"):
        with pytest.raises(msgspec.ValidationError, match="`vendor` makes no site key"):
            msgspec.convert(document | {"vendor": vendor}, Offer)
    assert msgspec.convert(document | {"vendor": "A" * 190}, Offer).site == "a" * 190 + "/r"


def test_every_format_character_is_refused_in_a_one_line_text() -> None:
    """Probe 13b: `Lam\\u206abda` read "Lambda" and was a vendor of its own; the hand-written
    list had gaps each round. Every character of Unicode's category Cf is refused (bidi
    embeddings by the control rule, the rest as invisible), and so are the fillers and
    variation selectors that show as nothing."""
    missed = [
        f"U+{c:04X}"
        for c in range(0x110000)
        if unicodedata.category(chr(c)) == "Cf" and input_problems({"vendor": f"a{chr(c)}b"}) == []
    ]
    assert missed == []
    for shown_as_nothing in ("\u17b4", "\u206a", "\ufe0f", "\U000e0100", "\u3164"):
        assert INVISIBLE.search(shown_as_nothing), f"U+{ord(shown_as_nothing):04X}"
