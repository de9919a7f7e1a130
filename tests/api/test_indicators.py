"""`indicators(regionCode, date, includeDescendants)`: public figures from published rows, with targets."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from config_models.models import Indicator, IndicatorTarget
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory

pytestmark = pytest.mark.django_db

OPERATION = (Path(settings.BASE_DIR) / "graphql" / "operations" / "public_indicators.graphql").read_text()


@pytest.fixture
def county_figures(regions):
    county = regions["county"]
    department = DepartmentFactory(region=county)
    for handling_type, live in (("immediate", True), ("committed", True), ("committed", True),
                                ("immediate", False)):  # the unpublished one is not counted
        ImplementationFactory(catalog_item=CatalogItemFactory(region=county), region=county, department=department,
                              handling_type=handling_type, live=live)
    indicator = Indicator.objects.create(code="jibanjian", name="即办件占比", computation="immediate_share")
    IndicatorTarget.objects.create(indicator=indicator, region=regions["city"], level="county", value=50,
                                   document_number="广安府办〔2022〕3号")
    Indicator.objects.create(code="pingjun-paodong", name="平均跑动次数", computation="average_visits",
                             unit="times", direction="lte")
    return county


def test_a_county_answers_its_figures_and_targets(gql, county_figures):
    answer = gql(OPERATION, {"regionCode": county_figures.code}, operation_name="RegionIndicators")["indicators"]

    immediate = next(row for row in answer if row["code"] == "jibanjian")
    assert immediate == {
        "code": "jibanjian", "name": "即办件占比", "unit": "percent", "direction": "gte",
        "value": 33.33, "numerator": 1.0, "denominator": 3.0,  # 1 immediate of 3 published
        "target": 50.0, "met": False, "dueDate": None, "documentNumber": "广安府办〔2022〕3号",
    }
    visits = next(row for row in answer if row["code"] == "pingjun-paodong")
    assert (visits["value"], visits["target"], visits["met"]) == (1.0, None, None)


def test_a_future_date_and_an_unknown_region_are_refused(gql, county_figures):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    _response, errors = gql.errors(OPERATION, {"regionCode": county_figures.code, "date": tomorrow})
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT" and "日期不能晚于今天" in errors[0]["message"]
    _response, errors = gql.errors(OPERATION, {"regionCode": "999999"})
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"
