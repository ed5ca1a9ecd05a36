"""A young person's age on a day, from their date of birth or an estimated age, and the bands
ages are counted in (the monitoring return, the participation report). Pure: no queries."""

from __future__ import annotations

import datetime as dt

from hubspoke.referrals.queries import age_on

AGE_BANDS = (
    ("under_10", "Under 10"), ("10_11", "10 to 11"), ("12_13", "12 to 13"), ("14_15", "14 to 15"),
    ("16_17", "16 to 17"), ("18_25", "18 to 25"), ("26_plus", "26 or over"), ("not_known", "Not known"),
)


def age_band(age: int | None) -> str:
    if age is None:
        return "not_known"
    for top, band in ((9, "under_10"), (11, "10_11"), (13, "12_13"), (15, "14_15"), (17, "16_17"), (25, "18_25")):
        if age <= top:
            return band
    return "26_plus"


def age_at(*, dob, estimated_age, estimated_on, on: dt.date) -> int | None:
    if dob:
        return age_on(dob, on)
    if estimated_age is not None:
        return estimated_age + (max(age_on(estimated_on, on), 0) if estimated_on else 0)
    return None
