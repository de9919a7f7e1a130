"""好差评 in the admin: evaluations listed in the user's region scope and never edited there; 差评 handled
step by step from the worklist; the overdue worklist; the holiday calendar kept by the city."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from config_models.models import BadReviewStep, Holiday, Role
from tests.evaluation_helpers import evaluate, evaluation_world, load_holidays, member

pytestmark = pytest.mark.django_db

EVALUATIONS = "wagtailsnippets_config_models_evaluation"


@pytest.fixture
def world(regions):
    load_holidays()
    rows = {**evaluation_world(regions), **regions}
    rows["ours"] = evaluate(1, on=dt.date(2026, 9, 18), implementation=rows["licence"], text="排队太久")
    rows["theirs"] = evaluate(2, on=dt.date(2026, 9, 18), implementation=rows["sibling_licence"],
                              text="前锋区的差评")
    return rows


@pytest.fixture
def county_admin(regions):
    return member(regions["county"], "county_admin")


def test_a_county_admin_sees_only_its_subtrees_evaluations(client, world, county_admin):
    client.force_login(county_admin)
    response = client.get(reverse(f"{EVALUATIONS}:list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert world["ours"].external_id in page and world["theirs"].external_id not in page
    response = client.get(reverse(f"{EVALUATIONS}:inspect", args=[world["theirs"].pk]))
    assert response.status_code in (403, 404)


def test_nobody_edits_an_evaluation_in_the_admin(client, world, regions):
    client.force_login(member(regions["city"], "city_admin", Role.CITY_ADMIN))
    assert client.get(reverse(f"{EVALUATIONS}:list")).status_code == 200
    assert client.get(reverse(f"{EVALUATIONS}:edit", args=[world["ours"].pk])).status_code == 403
    assert client.get(reverse(f"{EVALUATIONS}:add")).status_code == 403


def test_the_worklists_hold_only_the_users_subtree(client, world, county_admin):
    client.force_login(county_admin)
    for query in ({}, {"overdue": "1"}):
        page = client.get(reverse("tongban_bad_review_cases"), query).content.decode()
        assert world["ours"].external_id in page and world["theirs"].external_id not in page
    assert "逾期未整改：1条" in page
    case = world["theirs"].bad_review_case
    assert client.get(reverse("tongban_bad_review_case", args=[case.pk])).status_code == 404


def test_a_county_admin_handles_a_bad_review_step_by_step(client, world, county_admin):
    client.force_login(county_admin)
    case = world["ours"].bad_review_case
    url = reverse("tongban_bad_review_case", args=[case.pk])
    assert "排队太久" in client.get(url).content.decode()

    # a step without its note is refused in Chinese, and nothing changes
    response = client.post(url, {"step-verified_true": "1", "step-note": ""})
    assert "请填写核实情况。" in response.content.decode()
    case.refresh_from_db()
    assert case.step == BadReviewStep.VERIFY

    assert client.post(url, {"step-verified_true": "1", "step-note": "属实"}).status_code == 302
    assert client.post(url, {"step-measures": "增开窗口", "step-done_on": "2026-09-22"}).status_code == 302
    assert client.post(url, {"step-satisfied": "1", "step-note": "满意"}).status_code == 302
    case.refresh_from_db()
    assert (case.step, case.rectified_on, case.called_back_by) == (
        BadReviewStep.CLOSED, dt.date(2026, 9, 22), county_admin)
    assert "回访：满意，办结" in client.get(url).content.decode()


def test_a_viewer_reads_a_bad_review_but_cannot_handle_it(client, world, regions):
    client.force_login(member(regions["county"], "county_viewer", Role.VIEWER))
    case = world["ours"].bad_review_case
    url = reverse("tongban_bad_review_case", args=[case.pk])
    assert "您只能查看" in client.get(url).content.decode()
    assert client.post(url, {"step-verified_true": "1", "step-note": "属实"}).status_code in (302, 403)
    case.refresh_from_db()
    assert case.step == BadReviewStep.VERIFY


def test_the_city_keeps_the_holiday_calendar_and_a_county_reads_it(client, world, regions, county_admin):
    url = reverse("wagtailsnippets_config_models_holiday:add")
    client.force_login(county_admin)
    assert client.get(url).status_code == 403
    client.force_login(member(regions["city"], "city_admin", Role.CITY_ADMIN))
    response = client.post(url, {"date": "2027-01-01", "name": "元旦", "kind": "off"})
    assert response.status_code == 302
    holiday = Holiday.objects.get(date=dt.date(2027, 1, 1))
    assert holiday.history.get().history_user.username == "city_admin"
    response = client.post(url, {"date": "2027-01-04", "name": "调休", "kind": "workday"})
    assert "调休上班日应为周六或周日。" in response.content.decode()


def test_the_indicator_dashboard_shows_the_years_evaluations(client, world, county_admin):
    today = timezone.localdate()
    for rating in (5, 4, 2):
        evaluate(rating, on=today, implementation=world["licence"])
    client.force_login(county_admin)
    html = client.get(reverse("tongban_indicator_dashboard"), {"region": world["county"].code}).content.decode()
    section = html.partition('id="evaluations"')[2].partition("</table>")[0]
    # this year's three, and the county's overdue 差评 of 18 September when the test runs in 2026
    expected = 4 if today.year == 2026 else 3
    assert f"<td>{expected}</td>" in section and "差评整改率" in section
    if today.year == 2026:
        assert '<a href="/admin/bad-reviews/?overdue=1">1</a>' in section
