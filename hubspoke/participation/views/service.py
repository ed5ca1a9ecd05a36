"""What young people said, together: the answers to each question over a quarter, declined and
by which way, the words they added (no names), and how many open cases are due or overdue."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import render
from django.views.decorators.http import require_GET

from hubspoke.lib.dates import today
from hubspoke.network import scoping
from hubspoke.participation import access, queries
from hubspoke.participation.models import FeedbackWay
from hubspoke.participation.rules import Status

QUARTERS_SHOWN = 8
MONTHS = ("January", "April", "July", "October")
ENDS = ("March", "June", "September", "December")


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, q: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * (q - 1) + 1, 1)
    end = dt.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1) - dt.timedelta(days=1)
    return start, end


def recent_quarters(on: dt.date, n: int = QUARTERS_SHOWN) -> list[dict]:
    year, q = quarter_of(on)
    found = []
    for _ in range(n):
        found.append({"key": f"{year}-{q}", "label": f"{MONTHS[q - 1]} to {ENDS[q - 1]} {year}",
                      "bounds": quarter_bounds(year, q)})
        year, q = (year, q - 1) if q > 1 else (year - 1, 4)
    return found


@require_GET
def service_feedback(request):
    access.require_staff(request)
    on = today()
    quarters = recent_quarters(on)
    chosen = next((q for q in quarters if q["key"] == request.GET.get("quarter")), quarters[0])
    visible = scoping.records_q(request.user, service="service", spoke="spoke")
    start, end = chosen["bounds"]
    needing = queries.open_cases_needing_feedback(visible, on=on)
    return render(request, "participation/service.html", {
        "quarters": quarters, "chosen": chosen, "summary": queries.summary(visible, start=start, end=end),
        "due": sum(1 for _, r in needing if r.status == Status.DUE),
        "overdue": sum(1 for _, r in needing if r.status == Status.OVERDUE),
        "ways": FeedbackWay.choices, "comments_shown": queries.COMMENTS_SHOWN,
    })
