"""Quarterly periods. The programme's monitoring year starts in ``Programme.year_start_month``;
quarter 1 is that month and the next two. A year is named by the calendar years it spans
("2025–26"), or by one year when it starts in January."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date
    year_start_month: int

    @property
    def quarter(self) -> int:
        return (self.start.month - self.year_start_month) % 12 // 3 + 1

    @property
    def year_label(self) -> str:
        first = self.start.year if self.start.month >= self.year_start_month else self.start.year - 1
        if self.year_start_month == 1:
            return str(first)
        return f"{first}–{(first + 1) % 100:02d}"

    @property
    def label(self) -> str:
        return f"{self.year_label} Q{self.quarter}"

    @property
    def key(self) -> str:
        """Stable, URL-safe: the first day, e.g. ``2026-04-01``."""
        return self.start.isoformat()

    def next(self) -> Period:
        return quarter_of(self.end + timedelta(days=1), self.year_start_month)

    def previous(self) -> Period:
        return quarter_of(self.start - timedelta(days=1), self.year_start_month)


def _add_months(d: date, months: int) -> date:
    month0 = d.month - 1 + months
    return date(d.year + month0 // 12, month0 % 12 + 1, 1)


def quarter_of(day: date, year_start_month: int) -> Period:
    offset = (day.month - year_start_month) % 3
    start = _add_months(date(day.year, day.month, 1), -offset)
    end = _add_months(start, 3) - timedelta(days=1)
    return Period(start, end, year_start_month)


def period_starting(start: date, year_start_month: int) -> Period | None:
    """The period that starts on ``start``, or None if no quarter starts that day."""
    period = quarter_of(start, year_start_month)
    return period if period.start == start else None


def ended_between(first_day: date, today: date, year_start_month: int) -> list[Period]:
    """Every quarter from the one containing ``first_day`` that has ended by ``today``, oldest
    first."""
    periods = []
    period = quarter_of(first_day, year_start_month)
    while period.end < today:
        periods.append(period)
        period = period.next()
    return periods
