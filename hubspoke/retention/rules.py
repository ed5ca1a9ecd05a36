"""When a record is due for review: pure functions from a record's facts to its review date.
No I/O. ``queries.py`` reads the facts; the actions call ``refusal`` before every disposal.

- A young person's record with support (a case): until their birthday at the case age (75 by
  default, as IICSA recommended for records relevant to child sexual abuse).
- A young person's record with no case (accepted, never supported): until their birthday at the
  no-case age (25 by default), and never sooner than the declined-referral period after the
  last decision on their referrals.
- A referral declined or closed without a record: the declined-referral period (6 years by
  default) after that decision.
- Never due while a case is open or a referral is still undecided.
- Without a date of birth, an estimated age stands in for it; with neither, the period counts
  from the last thing that happened (a case closed, a decision), as if they were born that day,
  which is never sooner than the truth."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hubspoke.retention.models import DEFAULTS, RecordKind


@dataclass(frozen=True)
class PersonFacts:
    date_of_birth: dt.date | None = None
    estimated_age: int | None = None
    estimated_on: dt.date | None = None
    has_case: bool = False
    open_case: bool = False
    undecided_referral: bool = False
    last_case_closed: dt.date | None = None
    last_decision: dt.date | None = None
    created_on: dt.date | None = None


def default_periods() -> dict[str, int]:
    return {kind: years for kind, (_, years) in DEFAULTS.items() if years is not None}


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later; 29 February becomes 1 March (a birthday in law)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def birth_date(facts: PersonFacts) -> dt.date | None:
    """The date of birth, or the latest birthday an estimated age allows (the later date, so
    that an estimate never brings a review forward)."""
    if facts.date_of_birth:
        return facts.date_of_birth
    if facts.estimated_age is not None and facts.estimated_on:
        return add_years(facts.estimated_on, -facts.estimated_age)
    return None


def person_kind(facts: PersonFacts) -> str:
    return RecordKind.CASE_RECORD if facts.has_case else RecordKind.NO_CASE_RECORD


def person_review_on(facts: PersonFacts, periods: dict[str, int]) -> dt.date | None:
    """The day a young person's record is due for review, or None while it is never due."""
    if facts.open_case or facts.undecided_referral:
        return None
    kind = person_kind(facts)
    born = birth_date(facts)
    last = max(filter(None, [facts.last_case_closed, facts.last_decision, facts.created_on]), default=None)
    start = born or last
    if start is None:
        return None
    due = add_years(start, periods[kind])
    if kind == RecordKind.NO_CASE_RECORD and facts.last_decision:
        due = max(due, add_years(facts.last_decision, periods[RecordKind.DECLINED_REFERRAL]))
    return due


def referral_review_on(decided_on: dt.date | None, periods: dict[str, int]) -> dt.date | None:
    """A referral declined or closed without a record: the period after the decision (None
    while it is undecided)."""
    if decided_on is None:
        return None
    return add_years(decided_on, periods[RecordKind.DECLINED_REFERRAL])


def basis_sentence(kind: str, years: int | None) -> str:
    if kind == RecordKind.CASE_RECORD:
        return f"Kept until the young person's {ordinal(years)} birthday"
    if kind == RecordKind.NO_CASE_RECORD:
        return f"Kept until the young person's {ordinal(years)} birthday, and at least the declined-referral period"
    if kind == RecordKind.DECLINED_REFERRAL:
        return f"Kept for {years} years after the decision"
    return "Kept as long as the records it describes"


def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def refusal(*, held: bool, review_on: dt.date | None, reason: str, today: dt.date) -> str | None:
    """Why this record may not be disposed of now, or None. A legal hold refuses every reason;
    a record never due (an open case, an undecided referral) refuses every reason; the period
    ending is a reason only once it has ended."""
    from hubspoke.retention.models import DisposalReason

    if held:
        return "This record is on legal hold: lift the hold before disposing of it."
    if review_on is None:
        return "This record is still in use (an open case or an undecided referral): it cannot be disposed of."
    if reason == DisposalReason.PERIOD_ENDED and review_on > today:
        return f"The retention period ends on {review_on:%-d %B %Y}: it has not ended yet."
    return None
