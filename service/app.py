"""The Litestar application: `create_app()` wires the store, the solver pool, the guards and
one controller per resource."""

from __future__ import annotations

import logging

import msgspec
from litestar import Litestar
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Server
from litestar.routes import HTTPRoute

from service.auth import require_key
from service.bodies import StrictRequest
from service.catalog_api import CatalogController, CatalogTransferController
from service.config import Settings
from service.deps import DEPENDENCIES
from service.docs_assets import docs_assets, swagger_assets
from service.errors import exception_handlers
from service.finite import refuse_non_finite_query
from service.forecasts_api import ForecastController
from service.head_requests import answer_head
from service.health_api import HealthController
from service.http_common import refuse_nul, refuse_repeated_query
from service.items_api import item_controllers
from service.openapi import TrueJsonRenderPlugin, TrueSwaggerRenderPlugin, api_types, finish
from service.plan_events_api import PlanEventsController
from service.plans_api import PlanController
from service.queue_pg import queued_or_local
from service.quotes_api import QuoteController
from service.rankings_api import RANKING_PAGES, RankingController
from service.reports_api import REPORT_HANDLERS
from service.sensitivity_api import SENSITIVITY_REPORTS, SensitivityController
from service.store import Store
from service.store_pg import open_store
from service.webhooks import Webhooks
from service.webhooks_api import WebhookController

__all__ = ["built_app", "create_app", "openapi_json", "wire"]

VERSION = "0.1.0"


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> Litestar:
    """Build the app. The store is opened (and seeded when empty) now; on start-up, plans left
    solving by a server that stopped are requeued; on shutdown, running solves drain (and a
    store the app opened is closed)."""
    settings = settings or Settings.from_env()
    return wire(built_app(settings.max_body_bytes), settings, store=store)


def wire(app: Litestar, settings: Settings, *, store: Store | None = None) -> Litestar:
    """Give an app from `built_app` its store (opened and seeded now unless given), solver
    pool and webhooks, in its state, replacing any it had: its start-up and shutdown use what
    it holds when they run. Building the routes is most of `create_app`'s time; the tests wire
    one built app to a fresh store per test. The body limit is the one thing fixed at build:
    `settings` must ask for the app's own."""
    if app.request_max_body_size != settings.max_body_bytes:
        raise ValueError(
            f"the app was built for {app.request_max_body_size}-byte bodies, the settings ask "
            f"for {settings.max_body_bytes}: build it with built_app(settings.max_body_bytes)"
        )
    owns_store = store is None
    store = store or open_store(settings)
    solver = queued_or_local(store, settings)
    webhooks = solver.webhooks  # the plans' events and the catalog's, stopped at shutdown
    store.outbox = webhooks  # each revision's event stored in its write's transaction
    app.state.settings = settings
    app.state.store = store
    app.state.solver = solver
    app.state.webhooks = webhooks
    app.state.owns_store = owns_store
    return app


def _startup(app: Litestar) -> None:
    webhooks: Webhooks = app.state.webhooks
    if not webhooks.box.sealing:
        logging.getLogger("tokenplan").warning(
            "webhook secrets are stored unsealed: set TOKENPLAN_SECRET_KEY (service/secret_box.py)"
        )
    webhooks.start()
    requeued = app.state.solver.start()
    if requeued:
        logging.getLogger("tokenplan").warning("%d interrupted plan(s) requeued", requeued)


def _shutdown(app: Litestar) -> None:
    # The solver first: plans its drain finishes still send their webhooks, whose deliveries
    # the webhooks' stop then waits for, before the store closes.
    app.state.solver.shutdown()
    app.state.webhooks.stop()
    if app.state.owns_store:
        app.state.store.close()


def built_app(max_body_bytes: int) -> Litestar:
    """The routes, guards and OpenAPI of the service, with nothing to serve from until `wire`
    gives it a store."""
    app = Litestar(
        route_handlers=[
            HealthController,
            CatalogController,
            CatalogTransferController,
            *item_controllers(),
            QuoteController,
            *RANKING_PAGES,
            RankingController,
            *REPORT_HANDLERS,
            *SENSITIVITY_REPORTS,
            ForecastController,
            PlanController,
            PlanEventsController,
            SensitivityController,
            WebhookController,
            docs_assets(),
        ],
        dependencies=DEPENDENCIES,
        guards=[require_key, refuse_nul, refuse_non_finite_query, refuse_repeated_query],
        request_class=StrictRequest,
        request_max_body_size=max_body_bytes,
        exception_handlers=exception_handlers,
        on_startup=[_startup],
        on_shutdown=[_shutdown],
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
            # The first is served at /schema itself: the page people open.
            render_plugins=[
                TrueSwaggerRenderPlugin(path="/swagger", **swagger_assets()),
                TrueJsonRenderPlugin(),
            ],
        ),
        debug=False,
    )
    _fix_allow_headers(app)
    app.asgi_handler = answer_head(app.asgi_handler)
    return app


def _fix_allow_headers(app: Litestar) -> None:
    """Litestar 2.25 keeps the OPTIONS handler of the first route made for a path when the
    path's handlers are merged into a new route, so `Allow` misses methods (GET on /plans):
    point each OPTIONS handler at its route's full method set."""
    for route in app.routes:
        if isinstance(route, HTTPRoute):
            for handler in route.route_handlers:
                if handler.handler_name == "options_handler":
                    handler._fn = route.create_options_handler(route.path).fn


def openapi_json(app: Litestar) -> bytes:
    """The OpenAPI document, formatted and stable: what `openapi/openapi.json` holds."""
    schema = finish(app.openapi_schema.to_schema(), api_types(app))
    return msgspec.json.format(msgspec.json.encode(schema), indent=2) + b"\n"
