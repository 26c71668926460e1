"""The Jinja2 environment of the HTML pages: templates shipped in the package
(`service/reports/templates/`), every value autoescaped."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from optimizer import status_said
from service.reports.cells import shown

__all__ = ["render_page"]

_env = Environment(
    loader=PackageLoader("service.reports", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_env.globals["shown"] = shown
_env.globals["status_said"] = status_said  # the header's status, scoped (review 11 B)


def render_page(template: str, **context: Any) -> str:
    """The template named `template` rendered with `context` (values escaped unless marked
    safe with `markupsafe.Markup`)."""
    return _env.get_template(template).render(**context)
