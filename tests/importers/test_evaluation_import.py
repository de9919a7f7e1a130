"""好差评 spreadsheets from the national system: new rows go through the evaluation service (差评 open their
cases), a re-import adds nothing, bad rows are reported by row and column in Chinese and nothing is written."""

import datetime as dt

import pytest

from config_models.models import BadReviewCase, Evaluation
from importers.engine import run_import
from tests.evaluation_helpers import evaluation_world, load_holidays, member
from tests.importers.make_files import FILES

pytestmark = pytest.mark.django_db


def read(name: str) -> bytes:
    return (FILES / name).read_bytes()


@pytest.fixture
def world(regions):
    load_holidays()
    return {**evaluation_world(regions), **regions}


@pytest.fixture
def county_admin(world):
    return member(world["county"], "county_admin")


def test_a_county_admin_imports_its_countys_evaluations(world, county_admin):
    # when
    report = run_import("evaluation", read("evaluations.xlsx"), "evaluations.xlsx", user=county_admin,
                        reason="导入好差评")

    # then
    assert not report.errors, report.as_text()
    assert report.count("new") == 4
    by_id = {e.external_id: e for e in Evaluation.objects.all()}
    first, food, window, scanned = (by_id[key] for key in (
        "HCP2026091800001", "HCP2026091800002", "HCP2026092400003", "HCP2026092500004"))
    assert (first.implementation, first.window, first.channel, first.rating, first.staff_name) == (
        world["licence"], world["window_2"], "pad", 5, "张三")
    assert (food.implementation, food.rating, food.channel) == (world["food"], 1, "web")
    assert (window.window, window.implementation, window.region) == (world["window_1"], None, world["county"])
    assert (scanned.rating, scanned.evaluated_on) == (4, dt.date(2026, 9, 25))
    # the two 差评 opened their cases, due 5 working days later (24 September: after 中秋 and 国庆)
    assert dict(BadReviewCase.objects.values_list("evaluation__external_id", "deadline")) == {
        "HCP2026091800002": dt.date(2026, 9, 24), "HCP2026092400003": dt.date(2026, 10, 9)}
    assert {(record.history_user, record.history_change_reason) for record in Evaluation.history.all()} == {
        (county_admin, "导入好差评")}


def test_importing_the_same_file_again_adds_nothing(world, county_admin):
    run_import("evaluation", read("evaluations.xlsx"), "evaluations.xlsx", user=county_admin)

    report = run_import("evaluation", read("evaluations.xlsx"), "evaluations.xlsx", user=county_admin)

    assert not report.errors and (report.count("new"), report.count("unchanged")) == (0, 4)
    assert Evaluation.objects.count() == 4 and Evaluation.history.count() == 4
    assert BadReviewCase.objects.count() == 2


def test_bad_rows_are_reported_in_chinese_and_nothing_is_written(world, county_admin):
    report = run_import("evaluation", read("evaluations_bad_rows.xlsx"), "evaluations_bad_rows.xlsx",
                        user=county_admin)

    issues = {(issue.row, issue.column): issue.message for issue in report.errors}
    assert "评价等级应为1至5的整数" in issues[(3, "评价等级")]
    assert "传真" in issues[(4, "评价渠道")]
    assert issues[(5, "实施编码")] == f"实施编码“{'9' * 31}”不存在。"
    assert "不在同一区划" in issues[(6, "窗口号")]
    assert issues[(7, "评价日期")] == "评价日期不能晚于今天。"
    assert issues[(8, "")] == "请至少填写被评价的事项、窗口或一件事之一。"
    assert 2 not in {row for row, _column in issues}
    assert not Evaluation.objects.exists() and not Evaluation.history.exists()


def test_a_county_admin_cannot_import_another_countys_evaluations(world, regions):
    outsider = member(regions["sibling"], "sibling_admin")

    report = run_import("evaluation", read("evaluations.xlsx"), "evaluations.xlsx", user=outsider)

    assert report.count("new") == 0
    assert {issue.column for issue in report.errors} == {"区划代码"}
    assert all("不在您的管辖范围内" in issue.message for issue in report.errors)
    assert not Evaluation.objects.exists()
