import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hubspoke.lib.workingdays import is_working_day
from hubspoke.rights.deadlines import (
    Pause,
    add_months,
    clock_start,
    deadline,
    extension_problems,
    is_due_soon,
    is_overdue,
    paused_days,
)

D = dt.date
days = st.dates(min_value=D(2001, 1, 1), max_value=D(2098, 12, 31))


def test_same_date_next_month():
    # Wednesday 3 September 2025 -> Friday 3 October 2025.
    assert deadline(D(2025, 9, 3)) == D(2025, 10, 3)


def test_month_end_without_the_date_is_the_last_day():
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2025, 3, 31), 1) == D(2025, 4, 30)
    assert add_months(D(2025, 12, 31), 2) == D(2026, 2, 28)
    # 28 February 2025 is a Friday.
    assert deadline(D(2025, 1, 31)) == D(2025, 2, 28)


def test_weekend_moves_to_monday():
    # 4 October 2025 is a Saturday.
    assert deadline(D(2025, 9, 4)) == D(2025, 10, 6)


def test_bank_holiday_moves_to_next_working_day():
    # 25 December 2025 Thursday, 26 Friday (both bank holidays), weekend: Monday 29 December.
    assert deadline(D(2025, 11, 25)) == D(2025, 12, 29)
    # Easter Monday 2026 is 6 April.
    assert deadline(D(2026, 3, 6)) == D(2026, 4, 7)


def test_received_on_a_weekend_still_counts_from_that_day():
    # Saturday 6 September 2025 -> Monday 6 October 2025.
    assert deadline(D(2025, 9, 6)) == D(2025, 10, 6)


def test_pause_for_identity_on_receipt_runs_from_the_day_it_arrives():
    pause = Pause(D(2025, 9, 3), D(2025, 9, 17))
    assert clock_start(D(2025, 9, 3), [pause]) == D(2025, 9, 17)
    assert deadline(D(2025, 9, 3), pauses=[pause]) == D(2025, 10, 17)


def test_pause_for_clarification_later_adds_its_days():
    pause = Pause(D(2025, 9, 10), D(2025, 9, 15))
    assert deadline(D(2025, 9, 3), pauses=[pause]) == D(2025, 10, 8)


def test_open_pause_stops_the_clock():
    assert deadline(D(2025, 9, 3), pauses=[Pause(D(2025, 9, 10))]) is None
    assert not is_overdue(None, D(2030, 1, 1))
    assert not is_due_soon(None, D(2030, 1, 1))


def test_overlapping_pauses_count_once():
    assert paused_days([Pause(D(2025, 9, 1), D(2025, 9, 10)), Pause(D(2025, 9, 5), D(2025, 9, 12)),
                        Pause(D(2025, 9, 20), D(2025, 9, 21))]) == 12


def test_extension_adds_months_from_the_same_start():
    assert deadline(D(2025, 1, 31), extension_months=2) == D(2025, 4, 30)
    assert deadline(D(2025, 1, 31), extension_months=1) == D(2025, 3, 31)
    # 30 April 2026 is a Thursday.
    assert deadline(D(2026, 1, 30), extension_months=2) == D(2026, 4, 30)
    assert deadline(D(2025, 9, 3), pauses=[Pause(D(2025, 9, 3), D(2025, 9, 17))], extension_months=1) == D(2025, 11, 17)
    with pytest.raises(ValueError):
        deadline(D(2025, 9, 3), extension_months=3)


def test_extension_needs_reason_and_telling_within_the_first_month():
    ok = extension_problems(D(2025, 9, 3), months=2, reason="Ten years of records", told_on=D(2025, 10, 3))
    assert ok == {}
    late = extension_problems(D(2025, 9, 3), months=2, reason="Complex", told_on=D(2025, 10, 6))
    assert set(late) == {"told_on"}
    missing = extension_problems(D(2025, 9, 3), months=3, reason=" ", told_on=None)
    assert set(missing) == {"months", "reason", "told_on"}
    before = extension_problems(D(2025, 9, 3), months=1, reason="x", told_on=D(2025, 9, 1))
    assert set(before) == {"told_on"}


def test_due_soon_and_overdue():
    due = D(2025, 10, 3)
    assert is_due_soon(due, D(2025, 9, 26)) and not is_due_soon(due, D(2025, 9, 25))
    assert not is_overdue(due, due) and is_overdue(due, D(2025, 10, 4))


@given(days, st.integers(0, 2))
def test_deadline_is_a_working_day_within_a_few_days_of_the_month(received, extension):
    due = deadline(received, extension_months=extension)
    assert is_working_day(due)
    plain = add_months(received, 1 + extension)
    assert plain <= due <= plain + dt.timedelta(days=5)
    assert plain.month == (received.month - 1 + 1 + extension) % 12 + 1


@given(days, days)
def test_later_receipt_never_has_an_earlier_deadline(a, b):
    if a <= b:
        assert deadline(a) <= deadline(b)


@given(days, st.integers(0, 60), st.integers(0, 60))
def test_pauses_never_bring_the_deadline_forward(received, offset, length):
    pause = Pause(received + dt.timedelta(days=offset), received + dt.timedelta(days=offset + length))
    assert deadline(received, pauses=[pause]) >= deadline(received)
