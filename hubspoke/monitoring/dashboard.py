"""The programme's figures: sums of services' exact submitted figures, grouped by quarter,
service, phase, region or Hub and Spoke model, and only then put through disclosure control.
Nothing here adds up controlled figures."""

from __future__ import annotations

from dataclasses import dataclass

from hubspoke.lib import disclosure
from hubspoke.monitoring import charts, indicators
from hubspoke.monitoring.models import ReturnVersion
from hubspoke.network.models import Region


@dataclass(frozen=True)
class Headline:
    id: str
    label: str
    table: str
    row: str | None = None  # None: the table's total
    column: str | None = None


# The figures the dashboard leads with. Each is one table's total, or one row of it.
HEADLINES = (
    Headline("referrals", "Referrals", "referrals_by_pathway"),
    Headline("accepted", "Accepted", "decisions_by_kind", row="accepted"),
    Headline("opened", "Cases opened", "case_flow", row="opened"),
    Headline("open_end", "Open at quarter end", "case_flow", row="open_at_end"),
    Headline("closed", "Closed", "closures_by_reason"),
    Headline("missing", "Missing episodes", "missing_episodes"),
    Headline("contacts", "Contacts", "contacts_by_method"),
    Headline("trained", "Professionals and others trained", "training_audience"),
)

GROUPINGS = {
    "service": "Service",
    "phase": "Phase",
    "region": "Region",
    "model": "Hub and Spoke model",
}


def headlines() -> tuple[Headline, ...]:
    """The headlines whose tables exist in this version of the return."""
    ids = {t.id for t in indicators.TABLES}
    return tuple(h for h in HEADLINES if h.table in ids)


def controlled(headline: Headline) -> bool:
    """Whether a headline leaves the service through disclosure control: as its table does."""
    return indicators.TABLE_BY_ID[headline.table].controlled


def value_of(figures: dict, headline: Headline) -> int:
    cells = figures.get("tables", {}).get(headline.table, {})
    total = 0
    for row_key, cols in cells.items():
        if headline.row is not None and row_key != headline.row:
            continue
        for col_key, n in cols.items():
            if headline.column is None or col_key == headline.column:
                total += int(n)
    return total


def programme_figures(versions: list[ReturnVersion]) -> dict:
    """The exact programme-wide figures: the sum of services' exact totals."""
    return indicators.add(*(v.figures["total"] for v in versions)) if versions else indicators.empty()


def headline_values(figures: dict) -> dict:
    """Every headline's exact value for a service's figures, in total and for each part: what a
    version keeps from its submission (``ReturnVersion.headlines``)."""
    return {
        "total": {h.id: value_of(figures["total"], h) for h in HEADLINES},
        "parts": {part: {h.id: value_of(f, h) for h in HEADLINES} for part, f in figures["parts"].items()},
    }


def _groups(version: ReturnVersion, by: str, contexts: dict) -> list[tuple[str, str, dict]]:
    """(key, label, headline values) for one service's return under a grouping. Grouping by
    model splits the return into its parts: the hub's own work, and each spoke under its model."""
    service = version.monitoring_return.service
    total = version.headlines["total"]
    if by == "service":
        return [(str(service.uuid), service.name, total)]
    if by == "phase":
        return [(str(service.phase.number), str(service.phase), total)]
    if by == "region":
        return [(service.region, Region(service.region).label, total)]
    out = []
    for part, values in version.headlines["parts"].items():
        context = contexts.get(part)
        if part == "hub" or context is None:
            out.append(("hub", "Hub (work held at the hub)", values))
        else:
            out.append((context["model"], context["model_label"], values))
    return out


def breakdown(versions: list[ReturnVersion], by: str, contexts: dict, rule: disclosure.Rule | None):
    """Rows of groups, a column per headline, each column controlled as one table with its
    total so that no hidden group can be worked out from the programme total (a headline
    whose table is not about young people, like people trained, is shown exact). ``versions``
    carry their headline values (``queries.submitted_headlines``): a headline is a sum of cells,
    so a group's value is the sum of its returns' exact values."""
    heads = headlines()
    exact: dict[str, dict] = {}
    labels: dict[str, str] = {}
    for version in versions:
        for key, label, values in _groups(version, by, contexts):
            group = exact.setdefault(key, dict.fromkeys((h.id for h in heads), 0))
            for h in heads:
                group[h.id] += values[h.id]
            labels[key] = label
    keys = sorted(exact, key=lambda k: labels[k])
    columns = []
    for h in heads:
        values = [[exact[k][h.id]] for k in keys]
        if rule is None or not controlled(h):
            columns.append(([v[0] for v in values], sum(v[0] for v in values)))
        elif values:
            shown = disclosure.control_table(values, rule, row_totals=False, col_totals=True)
            columns.append(([row[0] for row in shown.cells], shown.col_totals[0] if shown.col_totals else None))
        else:
            columns.append(([], 0))
    rows = [(labels[k], [col[0][i] for col in columns]) for i, k in enumerate(keys)]
    totals = [col[1] for col in columns]
    return {"headlines": heads, "rows": rows, "totals": totals}


def trend(versions_by_period: list[tuple[object, list[ReturnVersion]]], rule: disclosure.Rule | None):
    """Each headline over the quarters: programme totals from exact figures, then controlled
    one figure at a time (each quarter's total is a total in its own right), unless the
    headline's table is not controlled."""
    heads = headlines()
    rows = []
    for period, versions in versions_by_period:
        # The sum of each return's headline values is the headline of the summed figures.
        values = [sum(v.headlines["total"][h.id] for v in versions) for h in heads]
        if rule is not None:
            values = [disclosure.control_count(v, rule) if controlled(h) else v
                      for v, h in zip(values, heads, strict=True)]
        rows.append((period, len(versions), values))
    return {"headlines": heads, "rows": rows}


WHAT_WORKS_SECTION = "what_works"


def trend_charts(trend: dict) -> list[dict]:
    """One bar chart per headline: a bar per quarter."""
    return [
        {"headline": h, "bars": charts.bars([(period.label, values[i]) for period, _, values in trend["rows"]])}
        for i, h in enumerate(trend["headlines"])
    ]


def export_rows(breakdown: dict, trend: dict, by_label: str) -> tuple[list[list], list[list]]:
    """The dashboard's two tables as rows for CSV and Excel: by group, and by quarter."""
    by_group = [[by_label, *(h.label for h in breakdown["headlines"])]]
    by_group += [[label, *values] for label, values in breakdown["rows"]]
    by_group.append(["Programme", *breakdown["totals"]])
    by_quarter = [["Quarter", "Returns counted", *(h.label for h in trend["headlines"])]]
    by_quarter += [[period.label, n, *values] for period, n, values in trend["rows"]]
    return by_group, by_quarter
