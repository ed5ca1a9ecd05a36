"""Working days and bank holidays for England and Wales, computed in code.

A *working day* is Monday to Friday that is not a bank holiday in England and Wales. The bank holidays are
worked out from the standing rules for every year from 2000 to 2100 (nothing is fetched at run time):

- New Year's Day, 1 January (on a weekend, the substitute is the following Monday);
- Good Friday and Easter Monday (Easter by the anonymous Gregorian algorithm);
- Early May bank holiday, the first Monday of May;
- Spring bank holiday, the last Monday of May;
- Summer bank holiday, the last Monday of August;
- Christmas Day and Boxing Day, 25 and 26 December, with substitute days when either falls on a weekend.

On top of the rules there is a small table of one-off changes proclaimed for particular years (jubilees, royal
events, the 2020 VE Day anniversary). Future one-offs have to be added to that table when they are announced.

Scotland and Northern Ireland have different bank holidays (for example 2 January, St Andrew's Day, St Patrick's
Day, the Battle of the Boyne) and are not supported: do not use this module for them.
"""

import datetime
import functools

__all__ = ["add_working_days", "england_bank_holidays", "is_working_day", "working_days_between"]

FIRST_YEAR = 2000
LAST_YEAR = 2100

_MONDAY, _FRIDAY, _SATURDAY, _SUNDAY = 0, 4, 5, 6
_ONE_DAY = datetime.timedelta(days=1)

# One-off changes to the standing rules, by year: (date the rules give that no longer applies, or None;
# the date that applies instead or in addition).
_ONE_OFFS: dict[int, tuple[tuple[datetime.date | None, datetime.date], ...]] = {
    2002: (
        (datetime.date(2002, 5, 27), datetime.date(2002, 6, 4)),  # Spring bank holiday moved for the Golden Jubilee
        (None, datetime.date(2002, 6, 3)),  # Golden Jubilee of Elizabeth II
    ),
    2011: (
        (None, datetime.date(2011, 4, 29)),  # Wedding of Prince William and Catherine Middleton
    ),
    2012: (
        (datetime.date(2012, 5, 28), datetime.date(2012, 6, 4)),  # Spring bank holiday moved for the Diamond Jubilee
        (None, datetime.date(2012, 6, 5)),  # Diamond Jubilee of Elizabeth II
    ),
    2020: (
        (datetime.date(2020, 5, 4), datetime.date(2020, 5, 8)),  # Early May moved to Friday for VE Day's 75th
    ),
    2022: (
        (datetime.date(2022, 5, 30), datetime.date(2022, 6, 2)),  # Spring bank holiday moved to Thursday
        (None, datetime.date(2022, 6, 3)),  # Platinum Jubilee of Elizabeth II
        (None, datetime.date(2022, 9, 19)),  # State Funeral of Elizabeth II
    ),
    2023: (
        (None, datetime.date(2023, 5, 8)),  # Coronation of Charles III
    ),
}


def _easter_sunday(year: int) -> datetime.date:
    """Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def _first_monday(year: int, month: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(_MONDAY - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> datetime.date:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    last = following - _ONE_DAY
    return last - datetime.timedelta(days=(last.weekday() - _MONDAY) % 7)


def _new_year(year: int) -> datetime.date:
    day = datetime.date(year, 1, 1)
    if day.weekday() >= _SATURDAY:
        return _first_monday(year, 1)
    return day


def _christmas_and_boxing_day(year: int) -> tuple[datetime.date, datetime.date]:
    christmas = datetime.date(year, 12, 25)
    weekday = christmas.weekday()
    if weekday == _SATURDAY:  # Christmas -> Monday 27th, Boxing Day -> Tuesday 28th
        return datetime.date(year, 12, 27), datetime.date(year, 12, 28)
    if weekday == _SUNDAY:  # Boxing Day stays Monday 26th, Christmas -> Tuesday 27th
        return datetime.date(year, 12, 27), datetime.date(year, 12, 26)
    if weekday == _FRIDAY:  # Boxing Day is a Saturday -> Monday 28th
        return christmas, datetime.date(year, 12, 28)
    return christmas, datetime.date(year, 12, 26)


@functools.lru_cache(maxsize=128)  # the 101 supported years fit
def england_bank_holidays(year: int) -> frozenset[datetime.date]:
    """The bank holidays of England and Wales in ``year`` (2000 to 2100), with substitute days applied."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"bank holidays are only known for {FIRST_YEAR} to {LAST_YEAR}, not {year}")
    easter = _easter_sunday(year)
    holidays = {
        _new_year(year),
        easter - datetime.timedelta(days=2),  # Good Friday
        easter + _ONE_DAY,  # Easter Monday
        _first_monday(year, 5),  # Early May bank holiday
        _last_monday(year, 5),  # Spring bank holiday
        _last_monday(year, 8),  # Summer bank holiday
        *_christmas_and_boxing_day(year),
    }
    for replaced, instead in _ONE_OFFS.get(year, ()):
        if replaced is not None:
            holidays.remove(replaced)  # KeyError here means the table disagrees with the rules
        holidays.add(instead)
    return frozenset(holidays)


def _check_date(day: datetime.date) -> None:
    # A datetime is a date, but never equal to one, so it would silently miss every bank holiday.
    if isinstance(day, datetime.datetime) or not isinstance(day, datetime.date):
        raise TypeError(f"expected a datetime.date, got {type(day).__name__}")


def is_working_day(day: datetime.date) -> bool:
    """Whether ``day`` is Monday to Friday and not a bank holiday in England and Wales."""
    _check_date(day)
    return day.weekday() < _SATURDAY and day not in england_bank_holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days after ``start`` (``start`` itself is not counted).

    With ``days=0`` this is ``start`` if it is a working day, otherwise the next working day.
    """
    _check_date(start)
    if days < 0:
        raise ValueError(f"days must not be negative, got {days}")
    day = start
    if days == 0:
        while not is_working_day(day):
            day += _ONE_DAY
        return day
    remaining = days
    while remaining:
        day += _ONE_DAY
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """The number of working days after ``start`` up to and including ``end`` (0 if ``end`` is not after ``start``).

    A referral received on a Friday and decided the next Monday took 1 working day.
    """
    _check_date(start)
    _check_date(end)
    count = 0
    day = start + _ONE_DAY
    while day <= end:
        if is_working_day(day):
            count += 1
        day += _ONE_DAY
    return count
