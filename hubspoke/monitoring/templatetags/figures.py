"""How one figure of a return is shown in a table cell.

A filter rather than an included template: a return has over a thousand cells, and an include
per cell was most of the page's rendering time."""

from django import template
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
    return conditional_escape(localize(value))
