"""Rules a document must keep when it arrives (JSON body, CSV row, SkyPilot row), checked on the
decoded document before it becomes a Struct, so that stored documents written by older code
still decode: printable text, no term on an offer sold month to month, a minimum the solver
can hold, dates a catalog can count in, and one replica size per deployment of a profile."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from catalog.errors import FieldError, InvalidInput

__all__ = [
    "DATE_FIELDS",
    "INVISIBLE",
    "MAX_MIN_UNITS",
    "MONTH_TO_MONTH",
    "input_problems",
    "refuse_bad_input",
]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls (but tab and line breaks), DEL, and the bidi embeddings, overrides and
isolates that make a name read other than it is (`\u202e` reverses what follows)."""
_LINE_CONTROL = re.compile(r"[\t\n\r]")
INVISIBLE = re.compile(
    # Every format character (Unicode category Cf: soft hyphen, zero-width spaces and joiners,
    # bidi marks, word joiner, invisible operators, deprecated format controls, BOM,
    # interlinear annotation, tags, ...; the bidi embeddings are refused above, in any text)
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
    # and the other default-ignorable code points that show as nothing (combining grapheme
    # joiner, Hangul fillers, Khmer inherent vowels, Mongolian and other variation
    # selectors, the reserved tag block), the braille blank, the line and paragraph separators
    "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2028\u2029\u2800\u3164\ufe00-\ufe0f"
    "\uffa0\U000e0000-\U000e0fff]"
)
"""Characters that show as nothing in a one-line text (an id, a name, a vendor), where they make
two names that read alike two names (probe 13: `Zero\u200bWidth` was a vendor of its own for
`max_vendor_share`; review 13 and probe 13b found the first lists' gaps, so the rule is now the
whole of Unicode's category Cf and the default-ignorable code points; a test checks it against
`unicodedata`)."""
MULTILINE_FIELDS = frozenset({"note"})
"""Free text that may hold tabs and line breaks; every other string is one line."""
MONTH_TO_MONTH = frozenset({"on_demand", "spot"})
"""Offer kinds with no term (DESIGN section 2: `term_months` 0 = month to month; reserved and
owned > 0)."""
DATE_FIELDS = frozenset({"as_of", "measured_on"})
"""The catalog's dates (an offer's or a system's `as_of`, a profile point's `measured_on`): in
the years of `catalog.fields.Month`, 1900..2199 (probe 10 finding 7c: a SkyPilot import dated
its offers to year 1)."""
_YEARS = range(1900, 2200)
MAX_MIN_UNITS = 1_000_000
"""The largest `min_units` an offer may state (a million units: more GPUs than any vendor
sells). A minimum is a solver flag between 0 and the units' bound: at a bound of 1e9 HiGHS
took a flag of 1e-9 for 0 and bought 1 unit of an offer sold by a billion (probe 18a F6: a
lifetime of 4.92 USD over a 9,900-offer catalog, "optimal")."""
_MAX_PROBLEMS = 100
"""Stop looking after this many: enough to name the pattern of a bad document."""


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _text_problem(path: str, text: str, multiline: bool) -> FieldError | None:
    found = _CONTROL.search(text) or (None if multiline else _LINE_CONTROL.search(text))
    invisible = None if multiline or found is not None else INVISIBLE.search(text)
    if invisible is not None:
        message = (
            f"contains the invisible character U+{ord(invisible.group()):04X} at position "
            f"{invisible.start()}; a one-line text must read as it is written"
        )
        return FieldError(path or "(body)", message)
    if found is None:
        return None
    where = "" if multiline else " (it is one line: no tabs or line breaks)"
    message = (
        f"contains the control character U+{ord(found.group()):04X} at position "
        f"{found.start()}; text must be printable{where}"
    )
    return FieldError(path or "(body)", message)


def _term_problem(path: str, item: dict[Any, Any]) -> FieldError | None:
    kind, term = item.get("kind"), item.get("term_months")
    if not isinstance(kind, str) or kind not in MONTH_TO_MONTH or term in (None, 0):
        return None
    message = (
        f"a {kind} offer is month to month: `term_months` must be 0 (or left out), got "
        f"{term!r}; an offer with a term is `reserved` (or `owned`)"
    )
    return FieldError(_join(path, "term_months"), message)


def _date_problem(path: str, item: dict[Any, Any]) -> list[FieldError]:
    problems = []
    for key in DATE_FIELDS & item.keys():
        value = item[key]
        try:
            year = dt.date.fromisoformat(value).year if isinstance(value, str) else None
        except ValueError:
            continue  # not a date: the Struct says so
        if year is not None and year not in _YEARS:
            message = f"expected a date in the years 1900..2199, got {value!r}"
            problems.append(FieldError(_join(path, key), message))
    return problems


def _minimum_problem(path: str, item: dict[Any, Any]) -> FieldError | None:
    minimum = item.get("min_units")
    if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum <= MAX_MIN_UNITS:
        return None
    message = f"expected at most {MAX_MIN_UNITS:,} units, got {minimum:,}"
    return FieldError(_join(path, "min_units"), message)


def _replica_problem(path: str, item: dict[Any, Any]) -> FieldError | None:
    """A profile whose deployment states two replica sizes across its points (probe 11
    finding 11d: 1 and 8 GPUs in one deployment were interpolated between as one curve)."""
    points = item.get("points")
    if not isinstance(points, list):
        return None
    sizes: dict[object, tuple[int, object]] = {}
    for n, point in enumerate(points):
        if not isinstance(point, dict) or point.get("gpus_per_replica") is None:
            continue
        deployment, size = point.get("deployment"), point["gpus_per_replica"]
        first = sizes.setdefault(deployment, (n, size))
        if first[1] != size:
            message = (
                f"deployment {deployment!r} runs replicas of {first[1]!r} GPUs at "
                f"points[{first[0]}] and of {size!r} here: one deployment has one replica size "
                "(its points are read as one curve); give the other size its own deployment"
            )
            return FieldError(_join(path, f"points[{n}].gpus_per_replica"), message)
    return None


def input_problems(document: object, prefix: str = "") -> list[FieldError]:
    """What breaks the input rules in a decoded document (dicts, lists, strings), each as a
    field error at its JSON path under `prefix`; at most 100 of them."""
    problems: list[FieldError] = []
    stack: list[tuple[str, object, bool]] = [(prefix, document, False)]
    while stack and len(problems) < _MAX_PROBLEMS:
        path, item, multiline = stack.pop()
        if isinstance(item, str):
            problem = _text_problem(path, item, multiline)
        elif isinstance(item, dict):
            problem = (
                _term_problem(path, item)
                or _minimum_problem(path, item)
                or _replica_problem(path, item)
            )
            problems += _date_problem(path, item)
            for key, value in reversed(item.items()):
                name = _join(path, str(key))
                bad_key = _text_problem(name, str(key), multiline=False)
                if bad_key is not None:
                    problems.append(bad_key)
                stack.append((name, value, str(key) in MULTILINE_FIELDS))
        elif isinstance(item, list | tuple):
            problem = None
            stack.extend((f"{path}[{i}]", v, False) for i, v in reversed(list(enumerate(item))))
        else:
            problem = None
        if problem is not None:
            problems.append(problem)
    return problems[:_MAX_PROBLEMS]


def refuse_bad_input(document: object, prefix: str = "") -> None:
    """Refuse a document that breaks the input rules.

    Raises:
        InvalidInput: naming each field with a control character or bidi override (C0 and C1
        controls, DEL, U+202A..U+202E, U+2066..U+2069; tabs and line breaks only in `note`),
        each `on_demand` or `spot` offer with a `term_months` other than 0, each `min_units`
        over `MAX_MIN_UNITS`, each date of
        `DATE_FIELDS` outside the years 1900..2199, and each profile deployment stating two
        replica sizes.
    """
    problems = input_problems(document, prefix)
    if problems:
        raise InvalidInput.listing(problems)
