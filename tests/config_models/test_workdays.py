"""Working days on the 2026 calendar: weekends and holidays skipped, 调休 weekend days counted."""

import datetime as dt

import pytest

from config_models.models import Holiday, HolidayKind
from config_models.workdays import add_working_days, working_day_deadline
from demo.holidays import HOLIDAYS_2026

CALENDAR_2026 = {day: kind for day, _name, kind in HOLIDAYS_2026}


@pytest.mark.parametrize(
    ("start", "deadline"),
    [
        # a plain week: Monday → the next Monday
        (dt.date(2026, 3, 2), dt.date(2026, 3, 9)),
        # Friday before 清明 (4–6 April): the weekend and the Monday holiday are skipped
        (dt.date(2026, 4, 3), dt.date(2026, 4, 13)),
        # Friday before 春节: Saturday 14 February is worked, then nine days off
        (dt.date(2026, 2, 13), dt.date(2026, 2, 27)),
        # Friday 18 September: Sunday 20 September is worked (国庆 调休)
        (dt.date(2026, 9, 18), dt.date(2026, 9, 24)),
        # Thursday before 中秋 and 国庆: 25–27 September and 1–7 October are off
        (dt.date(2026, 9, 24), dt.date(2026, 10, 9)),
        # Friday 9 October: Saturday 10 October is worked
        (dt.date(2026, 10, 9), dt.date(2026, 10, 15)),
        # New Year's Eve: 1–3 January off, Sunday 4 January worked
        (dt.date(2025, 12, 31), dt.date(2026, 1, 8)),
        # a review given on a holiday: counting starts the next working day, Saturday 10 October worked
        (dt.date(2026, 10, 3), dt.date(2026, 10, 13)),
    ],
)
def test_five_working_days_on_the_2026_calendar(start, deadline):
    assert add_working_days(start, 5, CALENDAR_2026) == deadline


def test_without_a_calendar_only_weekends_are_skipped():
    assert add_working_days(dt.date(2026, 10, 1), 5) == dt.date(2026, 10, 8)
    assert add_working_days(dt.date(2026, 10, 2), 0) == dt.date(2026, 10, 2)


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        add_working_days(dt.date(2026, 10, 2), -1)


@pytest.mark.django_db
def test_the_deadline_reads_the_holiday_calendar_kept_in_the_database():
    Holiday.objects.bulk_create(
        Holiday(date=day, name=name, kind=kind) for day, name, kind in HOLIDAYS_2026 if day.month in (9, 10))
    assert working_day_deadline(dt.date(2026, 9, 24), 5) == dt.date(2026, 10, 9)
    Holiday.objects.filter(kind=HolidayKind.WORKDAY).delete()
    assert working_day_deadline(dt.date(2026, 9, 18), 5) == dt.date(2026, 9, 25 + 3)
