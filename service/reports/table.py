"""A report table: labelled columns (with the machine name the workbook uses) and rows of
typed cells, the one shape every renderer draws."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from msgspec import Struct

from service.reports.cells import Cell, is_numeric

__all__ = ["Column", "Table", "table"]


class Column(Struct, frozen=True):
    """A column's label for people and its key for machines (snake_case in the workbook)."""

    label: str
    key: str


class Table(Struct, frozen=True):
    """Columns and rows of cells; every row has a cell per column."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def labels(self) -> list[str]:
        return [c.label for c in self.columns]

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def numeric(self) -> list[bool]:
        """Per column, whether it holds numbers (aligned right)."""
        return [any(is_numeric(row[i]) for row in self.rows) for i in range(len(self.columns))]

    def select(self, *labels: str) -> Table:
        """The same rows with only the columns labelled `labels`, in that order.

        Raises:
            ValueError: naming a label the table does not have.
        """
        return self._only([self.labels.index(label) for label in labels])

    def without(self, *labels: str) -> Table:
        """The same rows without the columns labelled `labels`."""
        return self._only([i for i, label in enumerate(self.labels) if label not in labels])

    def _only(self, index: list[int]) -> Table:
        return Table(
            columns=tuple(self.columns[i] for i in index),
            rows=tuple(tuple(row[i] for i in index) for row in self.rows),
        )


def table(columns: Sequence[str | tuple[str, str]], rows: Iterable[Sequence[Cell]]) -> Table:
    """A Table from labels (or `(label, key)` pairs where the workbook names it otherwise)."""
    return Table(
        columns=tuple(
            Column(label=c, key=c) if isinstance(c, str) else Column(label=c[0], key=c[1])
            for c in columns
        ),
        rows=tuple(tuple(row) for row in rows),
    )
