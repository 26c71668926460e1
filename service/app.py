"""The Litestar application: `create_app()` wires the store, the solver pool and the routes."""

import logging
from typing import Any

import msgspec
from litestar import Controller, Litestar, Request, get, post
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Server
from litestar.params import JSONBody, SkipValidation

from optimizer import Quote, QuoteRequest, quote
from service.catalog_api import catalog_controllers
from service.config import Settings
from service.deps import DEPENDENCIES
from service.errors import decode_body, exception_handlers, problems
from service.jobs import Solver
from service.plans_api import ForecastController, PlanController
from service.rankings_api import RankingController
from service.reports_api import REPORT_HANDLERS
from service.store import Store

__all__ = ["create_app"]

VERSION = "0.1.0"


class Health(msgspec.Struct, frozen=True):
    """The service is up, and at which catalog revision."""

    status: str
    catalog_revision: int


@get(
    "/health",
    operation_id="getHealth",
    summary="Liveness and the catalog revision",
    tags=["service"],
)
async def health(request: Request[Any, Any, Any]) -> Health:
    store: Store = request.app.state.store
    return Health(status="ok", catalog_revision=store.current_revision())


class QuoteController(Controller):
    """Unit economics of one offer."""

    tags = ["quotes"]

    @post(
        "/quotes",
        operation_id="createQuote",
        responses=problems(400, 404, 422),
        status_code=200,
        summary="Cost per million tokens, tokens/s per MW and GPUs per MW of one offer",
    )
    async def create_quote(
        self, request: Request[Any, Any, Any], data: JSONBody[SkipValidation[QuoteRequest]]
    ) -> Quote:
        body = decode_body(data, QuoteRequest)
        return quote(request.app.state.store.catalog(), body)


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> Litestar:
    """Build the app. The store is opened (and seeded when empty) now; plans left solving by a
    previous process are marked failed on start-up."""
    settings = settings or Settings.from_env()
    store = store or Store(settings.db_path)
    solver = Solver(store, settings.solver_slots)

    def startup(app: Litestar) -> None:
        recovered = solver.recover()
        if recovered:
            logging.getLogger("tokenplan").warning(
                "%d interrupted plan(s) marked failed", recovered
            )

    def shutdown(app: Litestar) -> None:
        solver.shutdown()

    app = Litestar(
        route_handlers=[
            health,
            *catalog_controllers(),
            QuoteController,
            RankingController,
            *REPORT_HANDLERS,
            ForecastController,
            PlanController,
        ],
        dependencies=DEPENDENCIES,
        exception_handlers=exception_handlers,  # type: ignore[arg-type]
        on_startup=[startup],
        on_shutdown=[shutdown],
        openapi_config=OpenAPIConfig(
            title="tokenplan",
            version=VERSION,
            description=(
                "Procurement decisions for AI inference capacity: the hardware mix, month by "
                "month, that meets token demand, power caps and latency targets at the lowest "
                "cost per million tokens."
            ),
            servers=[Server(url="http://127.0.0.1:8000")],
            use_handler_docstrings=False,
        ),
        debug=False,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.solver = solver
    return app


def openapi_json(app: Litestar) -> bytes:
    """The OpenAPI document, formatted and stable: what `openapi/openapi.json` holds."""
    schema = app.openapi_schema.to_schema()
    return msgspec.json.format(msgspec.json.encode(schema), indent=2) + b"\n"
