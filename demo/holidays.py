"""The 2026 holiday calendar (data/holidays.yaml) as (date, name, kind) rows: every day off, weekends
included, and every weekend day worked in lieu (调休上班)."""

import datetime as dt

from config_models.models import HolidayKind
from demo.datafiles import read

_data = read("holidays")
SOURCE: str = _data["source"]


def _days(spec: dict) -> list[tuple[dt.date, str, str]]:
    count = (spec["last"] - spec["first"]).days + 1
    return [(spec["first"] + dt.timedelta(days=n), spec["name"], HolidayKind.OFF) for n in range(count)]


HOLIDAYS_2026: list[tuple[dt.date, str, str]] = sorted(
    [day for spec in _data["days_off"] for day in _days(spec)]
    + [(spec["date"], spec["name"], HolidayKind.WORKDAY) for spec in _data["workdays"]]
)
