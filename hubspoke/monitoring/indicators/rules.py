"""How one record is put in a row: age bands, ethnic groups, bands of days, and the direction
of a change. Pure: no queries."""

from __future__ import annotations

from hubspoke.referrals.models import (
    YesNoUnknown,
)


def ethnic_group(ethnicity: str | None, *, linked: bool) -> str:
    if not linked:
        return "not_linked"
    if ethnicity in ("not_known", "prefer_not"):
        return ethnicity
    group = (ethnicity or "").split("_", 1)[0]
    return group if group in ("asian", "black", "mixed", "white", "other") else "not_known"


def decision_band(days: int) -> str:
    for top, band in ((0, "0"), (1, "1"), (2, "2"), (3, "3"), (5, "4_5"), (10, "6_10")):
        if days <= top:
            return band
    return "11_plus"


def wait_band(days: int) -> str:
    for top, band in ((0, "0"), (7, "1_7"), (14, "8_14"), (28, "15_28"), (56, "29_56"), (91, "57_91")):
        if days <= top:
            return band
    return "92_plus"


def direction(change: float) -> str:
    return "improved" if change > 0 else "worse" if change < 0 else "same"


def risk_direction(window: list[dict], scales: dict) -> str:
    """First against latest of a case's assessments (oldest first): a lower place in the tool's
    levels is lower risk. Places compare only between tools with the same levels."""
    if not window:
        return "not_assessed"
    if len(window) == 1:
        return "only_one"
    first, latest = window[0], window[-1]
    if scales.get(first["tool"]) != scales.get(latest["tool"]):
        return "not_comparable"
    return direction(first["rank"] - latest["rank"])


def either(learning_disability: str, autism: str) -> str:
    if YesNoUnknown.YES in (learning_disability, autism):
        return YesNoUnknown.YES
    if learning_disability == autism == YesNoUnknown.NO:
        return YesNoUnknown.NO
    return YesNoUnknown.NOT_KNOWN
