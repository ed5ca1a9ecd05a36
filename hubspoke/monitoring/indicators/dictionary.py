"""The per-indicator part of docs/monitoring-return.md, generated from the definitions."""

from __future__ import annotations

from hubspoke.monitoring.indicators.tables import MEASURES, SECTION_RULES, SECTIONS, TABLES, Rows

TOTALS_MEANING = {
    "both": "every one counted is in exactly one cell: row, column and grand totals are counts too",
    "columns": "a list: its total is the number counted",
    "none": "no total: a case, referral or meeting can count in several rows, or the rows are different counts",
}
DIMENSION_MEANING = {
    "local_authority": "a row for each local authority with referrals, keyed by its ONS code",
    "risk_level": "a row for each other risk level found (another tool's), keyed by the tool's level id",
    "model": "a row for each Hub and Spoke model found, keyed `model_<number>`",
}


def _keys(rows: Rows) -> str:
    return ", ".join(f"`{key}` {label}" for key, label in rows)


def dictionary_markdown() -> str:
    """The per-indicator part of docs/monitoring-return.md, generated from the definitions."""
    lines: list[str] = []
    for section, title in SECTIONS:
        lines += [f"### {title}", "", SECTION_RULES[section], ""]
        for t in (t for t in TABLES if t.section == section):
            lines += [f"#### `{t.id}`: {t.title}", "", t.description, ""]
            rows = _keys(t.rows)
            if t.row_dimension:
                rows = f"{DIMENSION_MEANING[t.row_dimension]}" + (f"; and {rows}" if rows else "")
            lines.append(f"- Rows ({t.row_title}): {rows}.")
            columns = _keys(t.columns)
            if t.column_dimension:
                columns = f"{DIMENSION_MEANING[t.column_dimension].replace('a row', 'a column')}; and {columns}"
            lines.append(f"- Columns{f' ({t.column_title})' if t.column_title else ''}: {columns}.")
            lines.append(f"- Totals (`{t.totals}`): {TOTALS_MEANING[t.totals]}.")
            if not t.controlled:
                lines.append("- Not about young people: not subject to disclosure control.")
            lines.append("")
        for m in (m for m in MEASURES if m.section == section):
            lines += [f"#### `{m.id}`: {m.title} (measure, {m.unit})", "", m.description, ""]
            rows = _keys(m.rows)
            if m.row_dimension:
                rows = f"{DIMENSION_MEANING[m.row_dimension]}; and {rows}"
            lines.append(f"- Rows: {rows}. Each carries `sum` and `n`; the mean is `sum / n`.")
            if not m.controlled:
                lines.append("- Not about young people: not subject to disclosure control.")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
