"""Filters for a story's pages: dates kept as ISO text in a snapshot, and paragraphs."""

import datetime as dt

from django import template

from hubspoke.lib.dates import format_date

register = template.Library()


@register.filter
def iso_date(value: str) -> str:
    try:
        return format_date(dt.date.fromisoformat(value))
    except (TypeError, ValueError):
        return ""


@register.filter
def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs; a single line break kept inside one."""
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]
