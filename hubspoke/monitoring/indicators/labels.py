"""Labels for the keys of tables and measures, static or from the data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from hubspoke.assessments.models import AssessmentTool
from hubspoke.monitoring.indicators.figures import Figures
from hubspoke.monitoring.indicators.tables import MEASURES, TABLES, MeasureDef, Rows, TableDef
from hubspoke.network.models import HubSpokeModel, LocalAuthority


def row_label(table: TableDef | MeasureDef, key: str, labels: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The label of one of a table's (or measure's) row keys: a static row's own label, else the
    label of the key in its dynamic dimension from ``labels`` (``dynamic_labels()``), else a
    readable fallback."""
    return _label(table.rows, table.row_dimension, key, labels)


def column_label(table: TableDef, key: str, labels: Mapping[str, Mapping[str, str]] | None = None) -> str:
    return _label(table.columns, table.column_dimension, key, labels)


def _label(static: Rows, dimension: str, key: str, labels) -> str:
    for k, label in static:
        if k == key:
            return label
    found = (labels or {}).get(dimension, {}).get(key)
    if found:
        return found
    if dimension == "model" and key.startswith("model_"):
        return f"Model {key.removeprefix('model_')}"
    if dimension == "risk_level":
        return key.replace("_", " ").replace("-", " ").capitalize()
    return key


def dynamic_labels(*figures: Figures, programme=None) -> dict[str, dict[str, str]]:
    """Labels for the keys that came from the data, by dimension: local authorities' names by
    ONS code, risk levels' labels by level id (from the assessment tools, newest first) and Hub
    and Spoke models' names by ``model_<number>`` (of ``programme``, when given). At most three
    queries, whatever the figures."""
    keys: dict[str, set[str]] = defaultdict(set)
    for fig in figures:
        for table in TABLES:
            rows = fig["tables"].get(table.id, {})
            if table.row_dimension:
                keys[table.row_dimension] |= set(rows) - {k for k, _ in table.rows}
            if table.column_dimension:
                keys[table.column_dimension] |= {c for cells in rows.values() for c in cells} - {
                    k for k, _ in table.columns}
        for measure in MEASURES:
            if measure.row_dimension:
                keys[measure.row_dimension] |= set(fig["measures"].get(measure.id, {})) - {k for k, _ in measure.rows}
    labels: dict[str, dict[str, str]] = {}
    if keys["local_authority"]:
        labels["local_authority"] = dict(
            LocalAuthority.objects.filter(ons_code__in=keys["local_authority"]).values_list("ons_code", "name"))
    if keys["risk_level"]:
        found: dict[str, str] = {}
        for levels in AssessmentTool.objects.order_by("-imported_at", "-pk").values_list("definition__levels",
                                                                                          flat=True):
            for level in levels or ():
                found.setdefault(level["id"], level["label"])
        labels["risk_level"] = {k: found[k] for k in keys["risk_level"] if k in found}
    if keys["model"]:
        numbers = [int(k.removeprefix("model_")) for k in keys["model"]]
        models = HubSpokeModel.objects.filter(number__in=numbers)
        if programme is not None:
            models = models.filter(programme=programme)
        labels["model"] = {f"model_{n}": f"Model {n}: {name}" for n, name in models.values_list("number", "name")}
    return labels
