"""Bar charts for aggregate figures, read at a glance on a phone: each bar is a row with its
label and value as text and a small stretched SVG bar beside them (the page's strict
Content-Security-Policy forbids inline styles, so bar lengths are SVG attributes). The bars are
decoration for sighted readers: every chart is also given as a table, and a hidden figure
("c") draws no bar."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float | str | None
    length: float  # 0–100, the bar's share of the longest


def bars(items: list[tuple[str, int | float | str | None]]) -> list[Bar]:
    numbers = [v for _, v in items if isinstance(v, int | float)]
    top = max(numbers, default=0) or 1
    return [
        Bar(label=label, value=value,
            length=round(100 * value / top, 1) if isinstance(value, int | float) and value > 0 else 0)
        for label, value in items
    ]
