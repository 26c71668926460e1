"""POST /quotes: the unit economics of one offer, from the catalog or given inline."""

from __future__ import annotations

import datetime as dt

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, SkipValidation

from catalog import InvalidInput
from catalog.finite import non_finite_path
from optimizer import ApiQuote, Quote, QuoteRequest, quote
from service.errors import decode_body, problems
from service.store import Store

__all__ = ["QuoteController"]


class QuoteController(Controller):
    """Unit economics of one offer."""

    tags = ["quotes"]

    @post(
        "/quotes",
        operation_id="createQuote",
        responses=problems(400, 404, 422),
        status_code=200,
        summary="Cost per million tokens of one offer: tokens/s and GPUs per MW (GPU), or the "
        "blended price per million tokens (API)",
    )
    async def create_quote(
        self, store: NamedDependency[Store], data: JSONBody[SkipValidation[QuoteRequest]]
    ) -> Quote | ApiQuote:
        today = dt.datetime.now(dt.UTC).date()  # a price's age, when the body gives no start
        result = quote(store.catalog(), decode_body(data, QuoteRequest), today)
        overflow = non_finite_path(result)
        if overflow is not None:
            msg = f"the numbers given make `{overflow}` overflow; give a realistic offer"
            raise InvalidInput.one("offer", msg)
        return result
