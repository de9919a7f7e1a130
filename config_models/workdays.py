"""Working days (工作日): weekends and public holidays are off, and a weekend day worked in lieu (调休上班) is on.

`add_working_days` is pure: it takes the calendar's exceptions as a mapping, so it is tested without a
database. `calendar_between` reads them from the `Holiday` rows administrators keep in the admin.
"""

import datetime as dt
from collections.abc import Mapping

from config_models.models import Holiday, HolidayKind

# A deadline of n working days never spans more calendar days than this (the longest run of days off in a
# Chinese year is the 9-day Spring Festival, plus weekends on either side).
MAX_SPAN_PER_WORKING_DAY = 3
MIN_SPAN = 30


def is_working_day(day: dt.date, calendar: Mapping[dt.date, str]) -> bool:
    kind = calendar.get(day)
    if kind == HolidayKind.OFF:
        return False
    if kind == HolidayKind.WORKDAY:
        return True
    return day.weekday() < 5


def add_working_days(start: dt.date, n: int, calendar: Mapping[dt.date, str] | None = None) -> dt.date:
    """The n-th working day after `start` (`start` itself is not counted, whatever it is).

    `calendar` maps dates to a HolidayKind value: OFF for a public holiday, WORKDAY for a weekend day worked.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    calendar = calendar or {}
    day, left = start, n
    while left:
        day += dt.timedelta(days=1)
        if is_working_day(day, calendar):
            left -= 1
    return day


def calendar_between(first: dt.date, last: dt.date) -> dict[dt.date, str]:
    """The exceptions to the plain week between two dates (inclusive), from the holiday calendar: one query."""
    return dict(Holiday.objects.filter(date__range=(first, last)).values_list("date", "kind"))


def working_day_deadline(start: dt.date, n: int) -> dt.date:
    """`add_working_days` on the holiday calendar the administrators keep."""
    span = max(MIN_SPAN, n * MAX_SPAN_PER_WORKING_DAY + 14)
    return add_working_days(start, n, calendar_between(start, start + dt.timedelta(days=span)))
