"""好差评 of a 一件事: its region and department come from the bundle, a window of another county is refused,
and its figures group by bundle."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from config_models.models import Evaluation
from config_models.selectors.evaluation import GroupBy, evaluation_stats
from tests.bundle_helpers import adopt, catalog, implement, make_template
from tests.evaluation_helpers import evaluate, evaluation_world

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 9, 18)


@pytest.fixture
def world(regions):
    rows = {**evaluation_world(regions), **regions}
    items = catalog(regions)
    implementations = implement(items, regions["county"])
    template = make_template(regions, items)
    rows["bundle"] = adopt(template, regions["county"], implementations["licence"].department)
    return rows


def test_a_bundles_evaluation_takes_its_region_and_lead_department(world):
    evaluation = evaluate(5, on=ON, bundle=world["bundle"], window=world["window_2"])
    assert (evaluation.region, evaluation.department) == (world["county"], world["bundle"].lead_department)


def test_a_window_of_another_county_cannot_rate_the_bundle(world):
    with pytest.raises(ValidationError) as refused:
        evaluate(1, on=ON, bundle=world["bundle"], window=world["sibling_window"])
    assert "不在同一区划" in refused.value.message_dict["window"][0]
    assert not Evaluation.objects.exists()


def test_figures_per_bundle(world):
    for rating in (5, 4, 1):
        evaluate(rating, on=ON, bundle=world["bundle"])
    evaluate(5, on=ON, implementation=world["licence"])  # not a bundle's: left out of the grouping
    [row] = evaluation_stats(region=world["city"], group_by=GroupBy.BUNDLE, today=ON)
    assert (row.code, row.name, row.evaluations, row.bad, str(row.good_rate)) == (
        world["bundle"].code, "广安区开办餐饮店", 3, 1, "66.67")
