"""The 2026 holiday calendar as published by the State Council (国务院办公厅关于2026年部分节假日安排的通知,
4 November 2025): days off on weekdays and weekends alike, and the weekend days worked in lieu (调休上班)."""

import datetime as dt

from config_models.models import HolidayKind


def _days(name: str, first: dt.date, last: dt.date) -> list[tuple[dt.date, str, str]]:
    count = (last - first).days + 1
    return [(first + dt.timedelta(days=n), name, HolidayKind.OFF) for n in range(count)]


def _workday(name: str, day: dt.date) -> tuple[dt.date, str, str]:
    return day, f"{name}调休上班", HolidayKind.WORKDAY


HOLIDAYS_2026: list[tuple[dt.date, str, str]] = [
    *_days("元旦", dt.date(2026, 1, 1), dt.date(2026, 1, 3)),
    _workday("元旦", dt.date(2026, 1, 4)),
    _workday("春节", dt.date(2026, 2, 14)),
    *_days("春节", dt.date(2026, 2, 15), dt.date(2026, 2, 23)),
    _workday("春节", dt.date(2026, 2, 28)),
    *_days("清明节", dt.date(2026, 4, 4), dt.date(2026, 4, 6)),
    *_days("劳动节", dt.date(2026, 5, 1), dt.date(2026, 5, 5)),
    _workday("劳动节", dt.date(2026, 5, 9)),
    *_days("端午节", dt.date(2026, 6, 19), dt.date(2026, 6, 21)),
    _workday("国庆节", dt.date(2026, 9, 20)),
    *_days("中秋节", dt.date(2026, 9, 25), dt.date(2026, 9, 27)),
    *_days("国庆节", dt.date(2026, 10, 1), dt.date(2026, 10, 7)),
    _workday("国庆节", dt.date(2026, 10, 10)),
]
