"""How one figure of a return is shown in a table cell.

A filter rather than an included template: a return has over a thousand cells, and an include
per cell was most of the page's rendering time."""

from django import template
from django.conf import settings
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

NOT_APPLICABLE = mark_safe('<span aria-label="not applicable">–</span>')  # noqa: S308 (a constant)
SUPPRESSED = mark_safe('<abbr title="hidden: a small number">c</abbr>')  # noqa: S308 (a constant)


@register.filter
def figure(value):
    """``None``: not applicable; ``"c"``: hidden by disclosure control; anything else as the
    template would show it."""
    if value is None:
        return NOT_APPLICABLE
    if value == "c":
        return SUPPRESSED
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)  # what localize() gives a whole number here, without its lookups
    return conditional_escape(localize(value))


# A table's body rendered here rather than by template loops: a service's return has 51 tables
# and some 2,400 cells, and the loops' node-by-node rendering was the larger part of the page's
# time. The markup is the same as the template's; every label is escaped.

_CELL = "govuk-table__cell govuk-table__cell--numeric"
_BOLD = f"{_CELL} govuk-!-font-weight-bold"


def _td(value, label: str, css: str = _CELL, suffix: str = "") -> str:
    return f'<td class="{css}" data-label="{label}">{figure(value)}{suffix}</td>'


@register.filter
def figure_rows(table):
    """A ShownTable's rows (``monitoring.report``): the row's label, each cell, and its total and
    per cent where the table has them."""
    columns = [conditional_escape(c) for c in table.columns]
    totals, percent = table.has_row_totals, table.has_percent
    out = []
    for row in table.rows:
        parts = ['<tr class="govuk-table__row"><th scope="row" class="govuk-table__header hs-figures__row">',
                 conditional_escape(row.label), "</th>"]
        parts += [_td(cell, column) for column, cell in zip(columns, row.cells, strict=True)]
        if totals:
            parts.append(_td(row.total, "Total", _BOLD))
        if percent:
            parts.append(_td(row.percent, "Per cent", suffix="%" if row.percent not in (None, "c") else ""))
        parts.append("</tr>")
        out.append("".join(parts))
    return mark_safe("\n".join(out))  # noqa: S308 (built from escaped labels and figure())


@register.filter
def figure_totals(table):
    """A ShownTable's column totals, its grand total, and an empty per-cent cell, as cells."""
    parts = [_td(cell, conditional_escape(column), _BOLD)
             for column, cell in zip(table.columns, table.column_totals, strict=True)]
    if table.has_row_totals:
        parts.append(_td(table.grand_total, "Total", _BOLD))
    if table.has_percent:
        parts.append(f'<td class="{_CELL}"></td>')
    return mark_safe("".join(parts))  # noqa: S308 (built from escaped labels and figure())
