"""Figures' arithmetic: the empty shape, the exact sum of figures, and ``Parts``, which builds
figures for each part of each service as the sections count into it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from hubspoke.monitoring.indicators.tables import HUB, MEASURES, TABLE_BY_ID, TABLES, TableDef

Figures = dict[str, dict[str, Any]]


def _blank_row(table: TableDef | None) -> dict[str, int]:
    return {key: 0 for key, _ in table.columns} if table else {}


def _blank_measure() -> dict[str, float | int]:
    return {"sum": 0.0, "n": 0}


def empty() -> Figures:
    """Figures with every static row and column of every table and measure, all zero."""
    return {
        "tables": {t.id: {key: _blank_row(t) for key, _ in t.rows} for t in TABLES},
        "measures": {m.id: {key: _blank_measure() for key, _ in m.rows} for m in MEASURES},
    }


def _square(figures: Figures) -> Figures:
    """Give every row of a table every column any of its rows has (a dynamic column seen in one
    row shows as zero in the others)."""
    for rows in figures["tables"].values():
        columns = {c for cells in rows.values() for c in cells}
        for cells in rows.values():
            for c in columns - cells.keys():
                cells[c] = 0
    return figures


def add(*figures: Figures) -> Figures:
    """The exact sum of figures: counts, measure sums and measure ``n`` add up; rows and columns
    that come from the data are the union of those given."""
    out = empty()
    for fig in figures:
        for table_id, rows in fig["tables"].items():
            table = out["tables"].setdefault(table_id, {})
            for row_key, cells in rows.items():
                row = table.setdefault(row_key, _blank_row(TABLE_BY_ID.get(table_id)))
                for col_key, n in cells.items():
                    row[col_key] = row.get(col_key, 0) + n
        for measure_id, rows in fig["measures"].items():
            measure = out["measures"].setdefault(measure_id, {})
            for row_key, value in rows.items():
                acc = measure.setdefault(row_key, _blank_measure())
                acc["sum"] += value["sum"]
                acc["n"] += value["n"]
    return _square(out)


class Parts:
    """Figures being built for each part of each service."""

    def __init__(self, services, spokes, start: dt.date, end: dt.date):
        self.zone = timezone.get_current_timezone()
        self.spoke_key = {s["pk"]: str(s["uuid"]) for s in spokes}
        self.figures: dict[int, dict[str, Figures]] = {service.pk: {HUB: empty()} for service in services}
        for s in spokes:
            if s["starts_on"] <= end and (s["ends_on"] is None or s["ends_on"] >= start):
                self.figures[s["service_id"]][self.spoke_key[s["pk"]]] = empty()

    def day(self, moment: dt.datetime) -> dt.date:
        """A moment's date in the service's time zone (timezone.localdate, looked up once)."""
        return moment.astimezone(self.zone).date()

    def of(self, service_id: int, spoke_id: int | None) -> Figures:
        part = HUB if spoke_id is None else self.spoke_key[spoke_id]
        parts = self.figures[service_id]
        if part not in parts:  # a spoke outside the period that still holds records
            parts[part] = empty()
        return parts[part]

    def count(self, service_id, spoke_id, table_id: str, row: str, col: str = "count", n: int = 1) -> None:
        rows = self.of(service_id, spoke_id)["tables"][table_id]
        if row not in rows:
            rows[row] = _blank_row(TABLE_BY_ID[table_id])
        rows[row][col] = rows[row].get(col, 0) + n

    def measure(self, service_id, spoke_id, measure_id: str, value, row: str = "all", n: int = 1) -> None:
        acc = self.of(service_id, spoke_id)["measures"][measure_id].setdefault(row, _blank_measure())
        acc["sum"] += float(value)
        acc["n"] += n

    def result(self) -> dict[int, dict]:
        out = {}
        for service_id, parts in self.figures.items():
            for figures in parts.values():
                _square(figures)
            out[service_id] = {"total": add(*parts.values()), "parts": parts}
        return out
