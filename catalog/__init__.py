"""tokenplan's catalog: systems, throughput profiles and vendor offers, with the shipped data."""

from catalog.defaults import default_catalog, profile_id
from catalog.economics import UnitEconomics, cost_per_million_tokens, unit_economics
from catalog.errors import Conflict, FieldError, InvalidInput, NotFound, Stale, TokenplanError
from catalog.frontier import Operating, best_interactivity, throughput_at, usable_points
from catalog.model import (
    HOURS_PER_MONTH,
    Basis,
    Catalog,
    Feature,
    Kind,
    Month,
    Offer,
    Point,
    Precision,
    Profile,
    System,
    slugify,
)

__all__ = [
    "HOURS_PER_MONTH",
    "Basis",
    "Catalog",
    "Conflict",
    "Feature",
    "FieldError",
    "InvalidInput",
    "Kind",
    "Month",
    "NotFound",
    "Offer",
    "Operating",
    "Point",
    "Precision",
    "Profile",
    "Stale",
    "System",
    "TokenplanError",
    "UnitEconomics",
    "best_interactivity",
    "cost_per_million_tokens",
    "default_catalog",
    "profile_id",
    "slugify",
    "throughput_at",
    "unit_economics",
    "usable_points",
]
