"""Figures as people read them: the return's tables and averages in display order, either exact
(a service's own managers, about their own service) or after disclosure control (everything that
leaves the service). The one place figures are turned into what is shown, exported or sent by
the API, so that no route out of a service can skip the control."""

from __future__ import annotations

from dataclasses import dataclass, field

from hubspoke.lib import disclosure
from hubspoke.monitoring import indicators
from hubspoke.monitoring.models import MonitoringSettings

Cell = int | str | None  # a count, "c" (hidden), or None (not applicable)


def rule_of(settings: MonitoringSettings) -> disclosure.Rule:
    return disclosure.Rule(
        suppress_max=settings.suppress_max, round_to=settings.round_to,
        percent_min_denominator=settings.percent_min_denominator, measure_min_n=settings.measure_min_n,
    )


@dataclass
class ShownRow:
    key: str
    label: str
    cells: list[Cell]
    total: Cell = None
    percent: Cell = None  # a one-column list's row as a share of its total


@dataclass
class ShownTable:
    id: str
    title: str
    description: str
    row_title: str
    columns: list[str]
    rows: list[ShownRow]
    column_totals: list[Cell] | None
    grand_total: Cell
    controlled: bool
    hidden: int = 0  # how many figures disclosure control hid
    has_percent: bool = False

    @property
    def has_row_totals(self) -> bool:
        return any(r.total is not None for r in self.rows)


@dataclass
class ShownMeasure:
    id: str
    title: str
    description: str
    unit: str
    rows: list[tuple[str, Cell, Cell]]  # label, mean, how many it is based on


@dataclass
class ShownSection:
    id: str
    title: str
    tables: list[ShownTable] = field(default_factory=list)
    measures: list[ShownMeasure] = field(default_factory=list)


def _row_keys(tdef, cells: dict) -> list[str]:
    static = [key for key, _ in tdef.rows]
    return static + sorted(key for key in cells if key not in static)


def _column_keys(tdef, cells: dict) -> list[str]:
    static = [key for key, _ in tdef.columns]
    if not tdef.column_dimension:
        return static
    extra = {c for row in cells.values() for c in row} - set(static)
    return static + sorted(extra)


def table(tdef, cells: dict, rule: disclosure.Rule | None, labels: dict | None = None) -> ShownTable:
    """One table, exact when ``rule`` is None, else controlled (unless it is not about young
    people, like staff posts)."""
    keys = _row_keys(tdef, cells)
    cols = _column_keys(tdef, cells)
    column_labels = [indicators.column_label(tdef, key, labels) for key in cols]
    exact = [[int(cells.get(r, {}).get(c, 0)) for c in cols] for r in keys]
    row_totals = tdef.totals == "both"
    col_totals = tdef.totals in ("both", "columns")
    controlled = rule is not None and tdef.controlled
    if not keys or not cols:  # a dimension with nothing in it this time (no risk levels yet, say)
        return ShownTable(id=tdef.id, title=tdef.title, description=tdef.description, row_title=tdef.row_title,
                          columns=column_labels, rows=[], column_totals=None,
                          grand_total=None, controlled=controlled)
    if controlled:
        shown = disclosure.control_table(exact, rule, row_totals=row_totals, col_totals=col_totals)
        values, r_tot, c_tot, grand = shown.cells, shown.row_totals, shown.col_totals, shown.grand_total
    else:
        values = exact
        r_tot = [sum(row) for row in exact] if row_totals else None
        c_tot = [sum(r[i] for r in exact) for i in range(len(cols))] if col_totals else None
        grand = sum(map(sum, exact)) if (row_totals and col_totals) else None
    rows = [
        ShownRow(key=key, label=indicators.row_label(tdef, key, labels), cells=list(values[i]),
                 total=r_tot[i] if r_tot else None)
        for i, key in enumerate(keys)
    ]
    has_percent = len(cols) == 1 and tdef.totals == "columns"
    if has_percent:
        total_exact = sum(r[0] for r in exact)
        for row in rows:
            if controlled:
                row.percent = disclosure.percent(row.cells[0], c_tot[0], total_exact, rule)
            else:
                row.percent = round(100 * row.cells[0] / total_exact) if total_exact else None
    hidden = sum(
        1 for v in [*(c for row in values for c in row), *(r_tot or []), *(c_tot or []), grand]
        if v == disclosure.SUPPRESSED
    )
    return ShownTable(
        id=tdef.id, title=tdef.title, description=tdef.description, row_title=tdef.row_title,
        columns=column_labels, rows=rows, column_totals=c_tot, grand_total=grand,
        controlled=controlled, hidden=hidden, has_percent=has_percent,
    )


def measure(mdef, values: dict, rule: disclosure.Rule | None, labels: dict | None = None) -> ShownMeasure:
    keys = [key for key, _ in mdef.rows] + sorted(k for k in values if k not in dict(mdef.rows))
    rows = []
    for key in keys:
        v = values.get(key, {"sum": 0, "n": 0})
        n, total = int(v["n"]), float(v["sum"])
        if rule is not None and getattr(mdef, "controlled", True):
            mean = disclosure.control_mean(total, n, rule)
            based_on = disclosure.control_count(n, rule)
        else:
            mean = round(total / n, 1) if n else None
            based_on = n
        rows.append((indicators.row_label(mdef, key, labels), mean, based_on))
    return ShownMeasure(id=mdef.id, title=mdef.title, description=mdef.description, unit=mdef.unit, rows=rows)


def build(figures: dict, rule: disclosure.Rule | None, *, programme=None) -> list[ShownSection]:
    """``figures``: one Figures dict (a service's total, one part, or a programme's sum). Labels
    for rows that come from the data (local authorities, risk levels, models) cost at most three
    queries."""
    labels = indicators.dynamic_labels(figures, programme=programme)
    sections = {sid: ShownSection(id=sid, title=title) for sid, title in indicators.SECTIONS}
    tables = figures.get("tables", {})
    measures = figures.get("measures", {})
    for tdef in indicators.TABLES:
        sections[tdef.section].tables.append(table(tdef, tables.get(tdef.id, {}), rule, labels))
    for mdef in indicators.MEASURES:
        sections[mdef.section].measures.append(measure(mdef, measures.get(mdef.id, {}), rule, labels))
    return [s for s in sections.values() if s.tables or s.measures]


def flat_rows(sections: list[ShownSection]) -> list[list]:
    """Every figure as one row each, for CSV and Excel: section, table, row, column, value."""
    out = [["Section", "Table", "Row", "Column", "Value"]]
    for section in sections:
        for t in section.tables:
            for row in t.rows:
                for col, value in zip(t.columns, row.cells, strict=True):
                    out.append([section.title, t.title, row.label, col, value])
                if row.total is not None:
                    out.append([section.title, t.title, row.label, "Total", row.total])
                if t.has_percent:
                    out.append([section.title, t.title, row.label, "Per cent", row.percent])
            if t.column_totals is not None:
                for col, value in zip(t.columns, t.column_totals, strict=True):
                    out.append([section.title, t.title, "Total", col, value])
            if t.grand_total is not None and t.has_row_totals:
                out.append([section.title, t.title, "Total", "Total", t.grand_total])
        for m in section.measures:
            for label, mean, n in m.rows:
                out.append([section.title, f"{m.title} ({m.unit})", label, "Average", mean])
                out.append([section.title, f"{m.title} ({m.unit})", label, "Based on", n])
    return out
