"""The demo's 好差评: the 2026 calendar, a few thousand evaluations, and open, overdue and closed 差评."""

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from config_models.models import BadReviewCase, BadReviewStep, Evaluation, Holiday, Region
from config_models.selectors.evaluation import GroupBy, evaluation_stats, overdue_cases, region_totals
from tests.demo.test_demo_data import demo  # noqa: F401 (the module-scoped load_demo fixture)


def test_the_2026_holiday_calendar_is_loaded(db, demo):  # noqa: F811
    assert Holiday.objects.filter(date__year=2026, kind="off").count() == 33
    assert Holiday.objects.filter(date__year=2026, kind="workday").count() == 6
    assert Holiday.objects.get(date=dt.date(2026, 10, 10)).kind == "workday"


def test_each_county_has_about_a_thousand_evaluations(db, demo):  # noqa: F811
    assert Evaluation.objects.count() >= 2500
    for county in Region.objects.filter(level="county"):
        totals = region_totals(region=county, date_from=timezone.localdate() - dt.timedelta(days=130))
        assert totals.evaluations > 800, county
        assert 80 < totals.good_rate < 95
        assert evaluation_stats(region=county, group_by=GroupBy.WINDOW)


def test_bad_reviews_are_open_overdue_and_closed(db, demo):  # noqa: F811
    today = timezone.localdate()
    cases = BadReviewCase.objects.all()
    assert cases.count() == Evaluation.objects.filter(rating__lte=2).count() > 50
    assert cases.filter(step=BadReviewStep.CLOSED).count() > 20
    assert cases.filter(step=BadReviewStep.CLOSED, verified_true=False).exists()
    assert cases.filter(step=BadReviewStep.VERIFY, deadline__gte=today).exists()  # open, not yet due
    assert overdue_cases(on=today).filter(step=BadReviewStep.VERIFY).exists()
    assert overdue_cases(on=today).filter(step=BadReviewStep.RECTIFY).exists()
    closed = cases.filter(step=BadReviewStep.CLOSED).first()
    assert closed.history.filter(history_change_reason__startswith="回访").get().history_user is not None


def test_a_second_run_adds_no_evaluations(db, demo):  # noqa: F811
    before = (Evaluation.objects.count(), BadReviewCase.objects.count(), Holiday.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (Evaluation.objects.count(), BadReviewCase.objects.count(), Holiday.objects.count()) == before
