"""好差评 in the API: public `evaluationStats` (aggregates only, constant query count) and the token-scoped
`submitEvaluations` mutation (all or nothing, only in the token's region subtree)."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.api.schema import schema
from cms.models import ApiScope
from config_models.models import BadReviewCase, BadReviewStep, Evaluation
from tests.api.conftest import issue_client
from tests.evaluation_helpers import evaluate, evaluation_world, load_holidays

pytestmark = pytest.mark.django_db

OPERATIONS = Path(settings.BASE_DIR) / "graphql" / "operations"
STATS = (OPERATIONS / "public_evaluation_stats.graphql").read_text()
SUBMIT = (OPERATIONS / "submit_evaluations.graphql").read_text()
ON = dt.date(2026, 9, 18)


@pytest.fixture
def world(regions):
    load_holidays()
    return {**evaluation_world(regions), **regions}


@pytest.fixture
def evaluated(world):
    """广安区: 企业设立登记 5, 4, 1; 食品经营许可 3; 前锋区: 企业设立登记 2."""
    for rating in (5, 4, 1):
        evaluate(rating, on=ON, implementation=world["licence"], staff_name="张三", text="态度很好")
    evaluate(3, on=ON, implementation=world["food"])
    evaluate(2, on=ON, implementation=world["sibling_licence"])
    return world


@pytest.fixture
def evaluations_token(regions):
    return issue_client(regions["county"], scopes=[ApiScope.EVALUATIONS], name="好差评系统")[1]


def stats_variables(region, group_by=None, **extra):
    variables = {"regionCode": region.code, "from": "2026-09-01", "to": "2026-09-30", **extra}
    if group_by:
        variables["groupBy"] = group_by
    return variables


def row(world, rating=5, **fields):
    licence = world["licence"]
    return {"externalId": fields.pop("externalId", f"HCP-API-{rating}"), "channel": "WEB", "rating": rating,
            "evaluatedOn": "2026-09-18", "implementationCode": licence.implementation_code, **fields}


# evaluationStats ------------------------------------------------------------------------------------------


def test_a_countys_figures_per_item_are_public(gql, evaluated):
    # when
    answer = gql(STATS, stats_variables(evaluated["county"], "ITEM"))["evaluationStats"]

    # then: 4 evaluations, 2 good, 1 bad (open: not rectified, not called back, overdue since 25 September)
    assert (answer["from"], answer["to"]) == ("2026-09-01", "2026-09-30")
    assert answer["totals"] == {
        "code": "511602", "name": "广安区", "evaluations": 4, "good": 2, "goodRate": 50.0, "bad": 1, "rectified": 0,
        "rectificationRate": 0.0, "calledBack": 0, "callBackRate": 0.0, "overdue": 1,
    }
    assert [(g["name"], g["evaluations"], g["goodRate"], g["bad"]) for g in answer["groups"]] == [
        ("企业设立登记", 3, 66.67, 1), ("食品经营许可", 1, 0.0, 0)]


def test_the_city_sees_each_county_below_it(gql, evaluated):
    groups = gql(STATS, stats_variables(evaluated["city"], "REGION"))["evaluationStats"]["groups"]
    assert [(g["code"], g["evaluations"], g["bad"]) for g in groups] == [("511602", 4, 1), ("511603", 1, 1)]


def test_the_stats_never_expose_texts_or_staff_names():
    for type_name in ("EvaluationStats", "EvaluationFigures"):
        fields = set(schema.graphql_schema.get_type(type_name).fields)
        assert not fields & {"text", "staffName", "externalId", "evaluatedOn"}


def test_a_reversed_date_range_and_an_unknown_region_are_refused(gql, evaluated):
    _response, errors = gql.errors(STATS, stats_variables(evaluated["county"], **{"from": "2026-10-01"}))
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT" and "开始日期不能晚于结束日期" in errors[0]["message"]
    _response, errors = gql.errors(STATS, {"regionCode": "999999"})
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize("group_by", ["ITEM", "WINDOW", "BUNDLE", "DEPARTMENT", "REGION"])
def test_the_stats_query_count_does_not_grow_with_the_evaluations(gql, evaluated, group_by):
    variables = stats_variables(evaluated["city"], group_by)

    def count():
        with CaptureQueriesContext(connection) as queries:
            gql(STATS, variables)
        return len(queries)

    before = count()
    for rating in (1, 2, 3, 4, 5) * 5:
        evaluate(rating, on=ON, implementation=evaluated["sibling_licence"], window=evaluated["sibling_window"])
    assert count() == before <= 4


# submitEvaluations ----------------------------------------------------------------------------------------


def test_a_token_with_the_evaluations_scope_submits_a_batch(gql, world, evaluations_token):
    # given: a good review of an item, a 差评 at a window, a review named by 基本编码 and region
    batch = [
        row(world, 5),
        {"externalId": "HCP-API-W", "channel": "PAD", "rating": 1, "evaluatedOn": "2026-09-24",
         "regionCode": "511602", "windowNumber": "2", "staffName": "李四", "text": "等候时间太长"},
        {"externalId": "HCP-API-C", "channel": "HOTLINE", "rating": 4, "evaluatedOn": "2026-09-18",
         "regionCode": "511602", "catalogCode": world["food"].catalog_item.code},
    ]

    # when
    answer = gql(SUBMIT, {"input": batch}, token=evaluations_token)["submitEvaluations"]

    # then
    assert answer == {"created": 3, "badReviews": 1, "skipped": []}
    bad = Evaluation.objects.get(external_id="HCP-API-W")
    assert (bad.window, bad.region, bad.channel, bad.staff_name) == (world["window_2"], world["county"], "pad", "李四")
    assert (bad.bad_review_case.step, bad.bad_review_case.deadline) == (BadReviewStep.VERIFY, dt.date(2026, 10, 9))
    assert Evaluation.objects.get(external_id="HCP-API-C").implementation == world["food"]
    assert bad.history.get().history_change_reason == "接口提交好差评（好差评系统）"


def test_a_batch_sent_again_records_nothing_new(gql, world, evaluations_token):
    gql(SUBMIT, {"input": [row(world, 1)]}, token=evaluations_token)
    answer = gql(SUBMIT, {"input": [row(world, 1), row(world, 4)]}, token=evaluations_token)["submitEvaluations"]
    assert answer == {"created": 1, "badReviews": 0, "skipped": ["HCP-API-1"]}
    assert Evaluation.objects.count() == 2 and BadReviewCase.objects.count() == 1


@pytest.mark.parametrize("scopes", [None, [], [ApiScope.DRAFTS, ApiScope.INTERNAL]])
def test_submitting_needs_a_token_with_the_evaluations_scope(gql, world, regions, scopes):
    token = None if scopes is None else issue_client(regions["county"], scopes=scopes)[1]
    _response, errors = gql.errors(SUBMIT, {"input": [row(world, 1)]}, token=token)
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert not Evaluation.objects.exists()


def test_a_row_outside_the_tokens_region_refuses_the_whole_batch(gql, world, evaluations_token):
    # given: a good row of the county, then one of the sibling county
    batch = [row(world, 5), row(world, 1, externalId="HCP-API-S",
                                implementationCode=world["sibling_licence"].implementation_code)]

    # when
    response, errors = gql.errors(SUBMIT, {"input": batch}, token=evaluations_token)

    # then
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert errors[0]["extensions"]["rows"] == [
        {"row": 2, "messages": ["评价对象属于“前锋区”，不在广安区及其下级区划范围内。"]}]
    assert errors[0]["path"] == ["submitEvaluations"]
    assert response.json()["data"] == {"submitEvaluations": None}
    assert not Evaluation.objects.exists() and not Evaluation.history.exists()


def test_hostile_rows_are_refused_row_by_row_and_nothing_is_written(gql, world, evaluations_token):
    batch = [
        row(world, 9, externalId="HCP-API-R"),
        row(world, 5, externalId="HCP-API-F", evaluatedOn="2099-01-01"),
        row(world, 5, externalId="HCP-API-U", implementationCode="1" * 31),
        {"externalId": "HCP-API-N", "channel": "SMS", "rating": 3, "evaluatedOn": "2026-09-18"},
        {"externalId": "<script>", "channel": "QR", "rating": 1, "evaluatedOn": "2026-09-18",
         "bundleCode": "' OR 1=1 --"},
    ]
    _response, errors = gql.errors(SUBMIT, {"input": batch}, token=evaluations_token)
    rows = {entry["row"]: entry["messages"] for entry in errors[0]["extensions"]["rows"]}
    assert sorted(rows) == [1, 2, 3, 4, 5]
    assert "评价等级应为1至5的整数" in rows[1][0]
    assert rows[2] == ["评价日期不能晚于今天。"]
    assert rows[3] == [f"实施编码“{'1' * 31}”不存在。"]
    assert rows[4] == ["请至少填写被评价的事项、窗口或一件事之一。"]
    assert rows[5] == ["一件事编码“' OR 1=1 --”不存在。"]
    assert not Evaluation.objects.exists()


def test_a_value_outside_the_types_is_refused_before_anything_runs(gql, world, evaluations_token):
    _response, errors = gql.errors(SUBMIT, {"input": [row(world, 5, channel="FAX")]}, token=evaluations_token)
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("with_token", [True, False])
def test_a_mutation_sent_with_get_is_refused(gql, world, evaluations_token, with_token):
    token = evaluations_token if with_token else None
    for _attempt in range(2):  # never answered from the public cache either
        response = gql.response(SUBMIT, {"input": [row(world, 5)]}, token=token, method="get")
        assert response.status_code == 405
        assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
        assert response["Cache-Control"] == "private, no-store"
    assert not Evaluation.objects.exists()


def test_an_oversized_batch_is_refused(gql, world, evaluations_token):
    batch = [row(world, 5, externalId=f"HCP-API-{n}") for n in range(501)]
    response, errors = gql.errors(SUBMIT, {"input": batch}, token=evaluations_token)
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT" and "每批最多500条" in errors[0]["message"]
    assert json.loads(response.content)["data"] == {"submitEvaluations": None}
    assert not Evaluation.objects.exists()
