"""The demo's halls, windows, staff, rosters and delegations (issue 6, point 8)."""

import datetime as dt
from io import StringIO

from django.core.management import call_command

from config_models.models import AuthorizationRoster, Bundle, Delegation, Hall, Region, Staff, Window, WindowItem
from config_models.selectors.authorization import region_share, unaccepted_implementations, who_may
from tests.demo.test_demo_data import demo  # noqa: F401 (the module-scoped load_demo fixture)

ON = dt.date(2025, 6, 1)


def test_each_county_hall_has_eight_windows_of_different_types_and_staff(db, demo):  # noqa: F811
    for county in Region.objects.filter(level="county"):
        hall = Hall.objects.get(region=county)
        assert hall.live and hall.title.endswith("政务服务中心")
        types = {(w.window_type, w.sector) for w in hall.windows.all()}
        assert len(types) >= 8
        assert Staff.objects.filter(region=county, is_chief_approver=True).exists()
        assert AuthorizationRoster.objects.filter(region=county, live=True).exists()
        assert not unaccepted_implementations(county).filter(region=county).exists()
        bundle_window = hall.windows.get(window_type="bundle")
        assert set(bundle_window.accepted_bundles.all()) == set(Bundle.objects.live().filter(region=county))
        assert bundle_window.accepted_bundles.exists()


def test_chief_approvers_reach_about_half_in_one_county_and_less_elsewhere(db, demo):  # noqa: F811
    shares = {county.code: region_share(county, on=ON) for county in Region.objects.filter(level="county")}
    assert 0.5 <= shares["511602"].ratio < 0.55
    assert shares["511603"].ratio < 0.5 and shares["511621"].ratio < 0.5


def test_the_demo_answers_who_may_approve(db, demo):  # noqa: F811
    item = WindowItem.objects.filter(window__number="1", window__hall__region__code="511602").order_by("pk").first()
    answers = who_may(implementation=item.implementation, window=item.window, on=ON)
    assert answers and all(answer.is_chief_approver for answer in answers)


def test_delegations_to_a_township_with_their_supervision(db, demo):  # noqa: F811
    delegations = list(Delegation.objects.filter(live=True))
    assert len(delegations) == 2 * 3  # two powers to a town of each county
    assert {delegation.region.parent.code for delegation in delegations} == {"511602", "511603", "511621"}
    for delegation in delegations:
        assert delegation.region.level == "township"
        assert delegation.implementation.region.level == "city"
        assert delegation.supervision_duties.count() == 1


def test_a_second_run_adds_no_hall_rows(db, demo):  # noqa: F811
    models = (Hall, Window, WindowItem, Staff, AuthorizationRoster, Delegation)
    before = [model.objects.count() for model in models]
    output = StringIO()
    call_command("load_demo", stdout=output)
    assert [model.objects.count() for model in models] == before
    assert "未作改动" in output.getvalue()
