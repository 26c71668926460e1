"""A plan's cash flows and their present value (DESIGN section 8.2): every contract's payments
by its payment model (owned hardware from its parts: capex at the start, opex and energy
monthly), month-to-month capacity paid as it runs, summed month by month through the last
payment, beside the amortised cost."""

from __future__ import annotations

from collections import defaultdict

from catalog.payments import Payments, payments_per_gpu
from optimizer.api_assembly import api_cost
from optimizer.assembly import Assembler
from optimizer.cash_flows import NPV_CONVENTION, CashFlow, NetPresentValue, Period
from optimizer.instance import OfferSpec
from optimizer.request import PlanRequest, month_index, month_label

__all__ = ["Ledger", "cash_flows", "discount_factor", "plan_ledger"]


def discount_factor(annual_rate: float, month: int) -> float:
    """What one unit paid at the start of plan month `month` is worth at the plan's start."""
    return float((1.0 + annual_rate) ** (-month / 12.0))


class Ledger:
    """Payments by plan month (0 = the horizon's first; payments before it are not the plan's
    cash), and the amortised cost of the same months. A purchase paid as it is used (on-demand,
    spot, per-token API spend) is a `purchase`; a contract with a schedule is a `contract`."""

    def __init__(self) -> None:
        self.upfront: defaultdict[int, float] = defaultdict(float)
        self.recurring: defaultdict[int, float] = defaultdict(float)
        self.recovered: defaultdict[int, float] = defaultdict(float)
        self.amortised: defaultdict[int, float] = defaultdict(float)

    def purchase(self, month: int, amount: float) -> None:
        """`amount` bought and paid in `month`: its cash is its amortised cost."""
        if month >= 0:
            self.recurring[month] += amount
            self.amortised[month] += amount

    def contract(
        self, begin: int, term: int, payments: Payments, gpus: float, per_month: float
    ) -> None:
        """A contract of `gpus` GPUs from plan month `begin` (negative: signed before the
        horizon) for `term` months, paying `payments` per GPU and costing `per_month`
        amortised in each month of its term."""
        if begin >= 0:
            self.upfront[begin] += payments.upfront * gpus
        for t in range(max(0, begin), begin + term):
            self.recurring[t] += payments.monthly * gpus
            self.amortised[t] += per_month
        if payments.residual and begin + term >= 0:
            self.recovered[begin + term] += payments.residual * gpus

    def months(self) -> int:
        """One past the last month with a payment or a cost."""
        keys = [*self.upfront, *self.recurring, *self.recovered, *self.amortised]
        return max(keys, default=-1) + 1


def _contract(ledger: Ledger, spec: OfferSpec, begin: int, term: int, units: float) -> None:
    ledger.contract(
        begin,
        term,
        payments_per_gpu(spec.offer, term),
        units * spec.gpus_per_unit,
        units * spec.month_cost_per_unit,
    )


def plan_ledger(assembler: Assembler, request: PlanRequest) -> Ledger:
    """Every payment of the plan: the existing commitments' from the horizon on (each by its
    offer's payment model at the price it was signed at), each contract the plan signs, the
    month-to-month capacity of the horizon and the tail, and the tokens bought from per-token
    APIs (paid as used)."""
    instance = assembler.instance
    ledger = Ledger()
    for held in instance.held:
        gpus = held.units * held.offer.gpus_per_unit
        pay = payments_per_gpu(held.offer, held.term)
        ledger.contract(held.begin, held.term, pay, gpus, held.month_cost)
    for (o, s), units in sorted(assembler.solution.starts.items()):
        if units > 1e-9:
            spec = instance.offers[o]
            _contract(ledger, spec, s, spec.term, units)
    for t in range(instance.span):
        ledger.purchase(t, api_cost(instance, assembler.solution, range(t, t + 1)))
    return ledger


def _period(t: int, horizon: int, span: int) -> Period:
    if t < horizon:
        return "horizon"
    return "tail" if t < span else "after"


def cash_flows(
    assembler: Assembler, request: PlanRequest, ledger: Ledger | None = None
) -> tuple[list[CashFlow], NetPresentValue]:
    """The plan's cash flows, month by month from its start through its last payment (the
    horizon, the tail, then the last months of contracts running past them), and their NPV at
    `options.discount_rate` (see `NPV_CONVENTION`)."""
    instance = assembler.instance
    ledger = ledger or plan_ledger(assembler, request)
    rate = request.options.discount_rate
    first = month_index(instance.months[0])
    flows: list[CashFlow] = []
    cumulative_cash = cumulative_amortised = 0.0
    npv_cash = npv_amortised = 0.0
    for t in range(max(ledger.months(), instance.span)):
        cash = ledger.upfront[t] + ledger.recurring[t] - ledger.recovered[t]
        cumulative_cash += cash
        cumulative_amortised += ledger.amortised[t]
        npv_cash += cash * discount_factor(rate, t)
        npv_amortised += ledger.amortised[t] * discount_factor(rate, t)
        flows.append(
            CashFlow(
                month=month_label(first + t),
                period=_period(t, instance.horizon, instance.span),
                upfront=ledger.upfront[t],
                recurring=ledger.recurring[t],
                recovered=ledger.recovered[t],
                cash=cash,
                amortised=ledger.amortised[t],
                cumulative_cash=cumulative_cash,
                cumulative_amortised=cumulative_amortised,
            )
        )
    horizon = flows[: instance.horizon]
    npv = NetPresentValue(
        discount_rate=rate,
        convention=NPV_CONVENTION,
        cash=npv_cash,
        amortised=npv_amortised,
        total_cash=cumulative_cash,
        total_amortised=cumulative_amortised,
        upfront_in_horizon=sum(f.upfront for f in horizon),
        cash_in_horizon=sum(f.cash for f in horizon),
        amortised_in_horizon=sum(f.amortised for f in horizon),
    )
    return flows, npv
