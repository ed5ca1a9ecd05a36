import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hubspoke.lib.workingdays import (
    add_working_days,
    england_bank_holidays,
    is_working_day,
    working_days_between,
)

D = dt.date


@pytest.mark.parametrize(("year", "expected"), [
    (2024, [D(2024, 1, 1), D(2024, 3, 29), D(2024, 4, 1), D(2024, 5, 6), D(2024, 5, 27), D(2024, 8, 26),
            D(2024, 12, 25), D(2024, 12, 26)]),
    (2025, [D(2025, 1, 1), D(2025, 4, 18), D(2025, 4, 21), D(2025, 5, 5), D(2025, 5, 26), D(2025, 8, 25),
            D(2025, 12, 25), D(2025, 12, 26)]),
    # Boxing Day 2026 is a Saturday, so its substitute is Monday 28th.
    (2026, [D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4), D(2026, 5, 25), D(2026, 8, 31),
            D(2026, 12, 25), D(2026, 12, 28)]),
])
def test_full_list_of_bank_holidays(year, expected):
    assert england_bank_holidays(year) == frozenset(expected)


def test_2022_one_offs_and_substitutes():
    assert england_bank_holidays(2022) == {
        D(2022, 1, 3),  # New Year's Day was a Saturday
        D(2022, 4, 15), D(2022, 4, 18),
        D(2022, 5, 2),
        D(2022, 6, 2),  # Spring bank holiday moved to Thursday
        D(2022, 6, 3),  # Platinum Jubilee
        D(2022, 8, 29),
        D(2022, 9, 19),  # State Funeral
        D(2022, 12, 26), D(2022, 12, 27),  # Christmas on a Sunday
    }
    assert D(2022, 5, 30) not in england_bank_holidays(2022)


def test_2020_early_may_moved_to_friday_8_may():
    holidays = england_bank_holidays(2020)
    assert D(2020, 5, 8) in holidays
    assert D(2020, 5, 4) not in holidays
    assert len(holidays) == 8


@pytest.mark.parametrize(("year", "added", "removed"), [
    (2002, {D(2002, 6, 3), D(2002, 6, 4)}, {D(2002, 5, 27)}),
    (2011, {D(2011, 4, 29)}, set()),
    (2012, {D(2012, 6, 4), D(2012, 6, 5)}, {D(2012, 5, 28)}),
    (2023, {D(2023, 5, 8)}, set()),
])
def test_other_one_offs(year, added, removed):
    holidays = england_bank_holidays(year)
    assert added <= holidays
    assert not removed & holidays
    assert len(holidays) == 8 + len(added) - len(removed)


def test_christmas_on_sunday_gives_monday_and_tuesday():
    assert D(2022, 12, 25).weekday() == 6
    december = {d for d in england_bank_holidays(2022) if d.month == 12}
    assert december == {D(2022, 12, 26), D(2022, 12, 27)}


def test_christmas_on_saturday_gives_monday_and_tuesday():
    assert D(2021, 12, 25).weekday() == 5
    december = {d for d in england_bank_holidays(2021) if d.month == 12}
    assert december == {D(2021, 12, 27), D(2021, 12, 28)}


@pytest.mark.parametrize(("year", "expected"), [
    (2022, D(2022, 1, 3)),  # Saturday
    (2023, D(2023, 1, 2)),  # Sunday
    (2024, D(2024, 1, 1)),  # Monday
])
def test_new_year_substitute(year, expected):
    january = {d for d in england_bank_holidays(year) if d.month == 1}
    assert january == {expected}


@pytest.mark.parametrize(("year", "easter_sunday"), [
    (2000, D(2000, 4, 23)), (2008, D(2008, 3, 23)), (2011, D(2011, 4, 24)), (2019, D(2019, 4, 21)),
    (2038, D(2038, 4, 25)), (2100, D(2100, 3, 28)),
])
def test_easter_from_the_algorithm(year, easter_sunday):
    holidays = england_bank_holidays(year)
    assert easter_sunday - dt.timedelta(days=2) in holidays
    assert easter_sunday + dt.timedelta(days=1) in holidays


@pytest.mark.parametrize("year", range(2000, 2101))
def test_every_year_has_weekday_holidays_only(year):
    holidays = england_bank_holidays(year)
    assert all(d.year == year and d.weekday() < 5 for d in holidays)
    assert len(holidays) >= 8


@pytest.mark.parametrize("year", [1999, 2101])
def test_years_outside_the_supported_range_are_refused(year):
    with pytest.raises(ValueError, match="2000 to 2100"):
        england_bank_holidays(year)


def test_is_working_day():
    assert is_working_day(D(2025, 4, 17))  # Maundy Thursday
    assert not is_working_day(D(2025, 4, 18))  # Good Friday
    assert not is_working_day(D(2025, 4, 19))  # Saturday
    assert not is_working_day(D(2025, 4, 20))  # Sunday
    assert not is_working_day(D(2025, 4, 21))  # Easter Monday
    assert is_working_day(D(2025, 4, 22))


def test_datetimes_are_refused_rather_than_missing_holidays():
    with pytest.raises(TypeError):
        is_working_day(dt.datetime(2025, 12, 25, 9, 0))


def test_add_working_days_over_easter():
    # Thursday 17 April 2025; Good Friday and Easter Monday are skipped.
    assert add_working_days(D(2025, 4, 17), 1) == D(2025, 4, 22)
    assert add_working_days(D(2025, 4, 17), 3) == D(2025, 4, 24)


def test_add_working_days_over_christmas():
    # Wednesday 24 December 2025; Christmas and Boxing Day, then the weekend.
    assert add_working_days(D(2025, 12, 24), 1) == D(2025, 12, 29)
    # Over the year end: 29, 30, 31 Dec, then 1 Jan 2026 is a bank holiday, then 2 Jan.
    assert add_working_days(D(2025, 12, 24), 4) == D(2026, 1, 2)


def test_add_zero_working_days():
    assert add_working_days(D(2025, 4, 17), 0) == D(2025, 4, 17)
    assert add_working_days(D(2025, 4, 18), 0) == D(2025, 4, 22)  # Good Friday -> Tuesday


def test_add_negative_working_days_is_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2025, 4, 17), -1)


def test_friday_to_monday_is_one_working_day():
    assert working_days_between(D(2025, 3, 7), D(2025, 3, 10)) == 1


def test_working_days_between_across_a_bank_holiday_weekend():
    # Friday 23 May 2025 to Tuesday 27 May: Monday 26 is the Spring bank holiday.
    assert working_days_between(D(2025, 5, 23), D(2025, 5, 27)) == 1
    # Thursday 17 April 2025 to Wednesday 23 April: Easter takes out Friday and Monday.
    assert working_days_between(D(2025, 4, 17), D(2025, 4, 23)) == 2


def test_working_days_between_is_zero_when_end_is_not_after_start():
    assert working_days_between(D(2025, 3, 10), D(2025, 3, 10)) == 0
    assert working_days_between(D(2025, 3, 10), D(2025, 3, 7)) == 0
    assert working_days_between(D(2025, 3, 8), D(2025, 3, 9)) == 0  # a weekend


working_dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 9, 30))


@given(start=working_dates.filter(is_working_day), n=st.integers(min_value=0, max_value=60))
def test_add_then_count_round_trips(start, n):
    result = add_working_days(start, n)
    assert working_days_between(start, result) == n
    assert is_working_day(result)


@given(start=working_dates, n=st.integers(min_value=0, max_value=60))
def test_add_working_days_always_lands_on_a_working_day(start, n):
    result = add_working_days(start, n)
    assert is_working_day(result)
    assert result >= start
