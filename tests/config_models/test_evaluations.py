"""好差评: the rules of an evaluation (Chinese messages, nothing written on bad input), the 差评 opened with
its 5-working-day deadline, and its handling 核实 → 整改 → 回访 in order, in scope, with history."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from config_models import positions
from config_models.models import BadReviewCase, BadReviewStep, Evaluation, Holiday, Role
from config_models.selectors.evaluation import overdue_cases
from config_models.services.evaluation import (
    bad_review_call_back,
    bad_review_rectify,
    bad_review_verify,
    evaluation_create,
    evaluations_bulk_create,
    holiday_save,
)
from tests.evaluation_helpers import evaluate, evaluation_world, load_holidays, member

pytestmark = pytest.mark.django_db

THURSDAY_BEFORE_MID_AUTUMN = dt.date(2026, 9, 24)


@pytest.fixture
def world(regions):
    load_holidays()
    return {**evaluation_world(regions), **regions}


@pytest.fixture
def handlers(regions):
    return {
        "county": member(regions["county"], "county_admin"),
        "sibling": member(regions["sibling"], "sibling_admin"),
        "city": member(regions["city"], "city_admin", Role.CITY_ADMIN),
        "viewer": member(regions["county"], "county_viewer", Role.VIEWER),
    }


# Recording ----------------------------------------------------------------------------------------------


def test_a_bad_review_opens_a_case_due_five_working_days_after_it(world):
    # given a 差评 on the Thursday before 中秋 (25–27 Sep) and 国庆 (1–7 Oct)
    evaluation = evaluate(2, on=THURSDAY_BEFORE_MID_AUTUMN, implementation=world["licence"])

    # then its case waits for verification, due on Friday 9 October
    case = evaluation.bad_review_case
    assert (case.step, case.deadline, case.region) == (BadReviewStep.VERIFY, dt.date(2026, 10, 9), world["county"])


def test_a_bad_review_on_a_friday_counts_the_worked_sunday(world):
    evaluation = evaluate(1, on=dt.date(2026, 9, 18), window=world["window_1"])
    assert evaluation.bad_review_case.deadline == dt.date(2026, 9, 24)


@pytest.mark.parametrize("rating", [3, 4, 5])
def test_a_neutral_or_good_review_opens_no_case(world, rating):
    evaluate(rating, implementation=world["licence"])
    assert not BadReviewCase.objects.exists()


def test_region_and_department_come_from_the_subjects(world):
    at_window = evaluate(5, window=world["window_1"])
    for_item = evaluate(4, implementation=world["food"], window=world["window_2"], staff_name="张三")
    assert (at_window.region, at_window.department) == (world["county"], None)
    assert (for_item.region, for_item.department) == (world["county"], world["market"])


def test_an_evaluation_is_recorded_in_its_history(world):
    evaluation = evaluate(5, implementation=world["licence"])
    record = evaluation.history.get()
    assert (record.history_type, record.history_change_reason, record.rating) == ("+", "录入好差评", 5)


INVALID = [
    ({"rating": 0}, "rating", "评价等级应为1至5的整数"),
    ({"rating": 6}, "rating", "评价等级应为1至5的整数"),
    ({"channel": "fax"}, "channel", "评价渠道应为"),
    ({"evaluated_on": dt.date(2099, 1, 1)}, "evaluated_on", "评价日期不能晚于今天"),
    ({"evaluated_on": None}, "evaluated_on", "请填写评价日期"),
    ({"external_id": "  "}, "external_id", "请填写评价编号"),
    ({"implementation": None}, "__all__", "请至少填写被评价的事项、窗口或一件事之一"),
    ({"window": "sibling_window"}, "window", "不在同一区划"),
]


@pytest.mark.parametrize(("change", "field", "message"), INVALID)
def test_an_invalid_evaluation_is_refused_in_chinese_and_nothing_is_written(world, change, field, message):
    values = {"implementation": world["licence"], **{
        name: world[value] if name == "window" else value for name, value in change.items()}}
    rating = values.pop("rating", 1)
    evaluation = Evaluation(external_id=values.pop("external_id", "HCP-X-1"), channel=values.pop("channel", "pad"),
                            rating=rating, evaluated_on=values.pop("evaluated_on", dt.date(2026, 9, 18)), **values)
    with pytest.raises(ValidationError) as refused:
        evaluation_create(evaluation=evaluation)
    assert any(message in text for text in refused.value.message_dict[field])
    assert not Evaluation.objects.exists() and not BadReviewCase.objects.exists()
    assert not Evaluation.history.exists()


def test_a_repeated_external_id_is_refused(world):
    first = evaluate(5, implementation=world["licence"])
    with pytest.raises(ValidationError) as refused:
        evaluation_create(evaluation=Evaluation(external_id=first.external_id, channel="web", rating=1,
                                                evaluated_on=dt.date(2026, 9, 18), implementation=world["food"]))
    assert "已录入" in refused.value.message_dict["external_id"][0]
    assert Evaluation.objects.count() == 1 and not BadReviewCase.objects.exists()


def test_an_evaluation_outside_the_submitters_region_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        evaluate(1, implementation=world["sibling_licence"], within=world["county"])
    assert "不在广安区及其下级区划范围内" in refused.value.message_dict["region"][0]
    assert not Evaluation.objects.exists()


def test_a_bulk_batch_keeps_the_rules_and_writes_history_and_cases(world, django_capture_on_commit_callbacks):
    def rows(*ratings, on=THURSDAY_BEFORE_MID_AUTUMN):
        return [Evaluation(external_id=f"BULK-{n}", channel="app", rating=rating, evaluated_on=on,
                           implementation=world["licence"]) for n, rating in enumerate(ratings)]

    with pytest.raises(ValidationError) as refused:
        evaluations_bulk_create(evaluations=[*rows(5, 1), Evaluation(external_id="BULK-0", channel="app", rating=9,
                                                                     evaluated_on=THURSDAY_BEFORE_MID_AUTUMN)])
    # the first row shares its 评价编号 with the third, whose rating is refused too
    assert refused.value.message_dict["1"] == ["评价编号“BULK-0”已录入或重复。"]
    assert "评价等级应为1至5的整数" in refused.value.message_dict["3"][0]
    assert "2" not in refused.value.message_dict
    assert not Evaluation.objects.exists()

    version = positions.version(None)
    with django_capture_on_commit_callbacks(execute=True):
        created = evaluations_bulk_create(evaluations=rows(5, 1, 2), reason="补录")
    assert positions.version(None) != version
    assert [e.region for e in created] == [world["county"]] * 3
    assert sorted(BadReviewCase.objects.values_list("deadline", flat=True)) == [dt.date(2026, 10, 9)] * 2
    assert Evaluation.history.filter(history_change_reason="补录").count() == 3
    assert BadReviewCase.history.filter(history_change_reason="差评自动立案").count() == 2


# Handling a 差评 -------------------------------------------------------------------------------------------


def test_a_bad_review_is_verified_rectified_and_called_back_in_order(world, handlers):
    case = evaluate(1, on=THURSDAY_BEFORE_MID_AUTUMN, implementation=world["licence"]).bad_review_case
    admin = handlers["county"]

    bad_review_verify(case=case, user=admin, founded=True, note="经调阅录像，窗口人员态度生硬属实。")
    bad_review_rectify(case=case, user=admin, measures="约谈窗口负责人，开展服务礼仪培训。",
                       done_on=dt.date(2026, 9, 30))
    case = bad_review_call_back(case=case, user=admin, satisfied=True, note="电话回访，群众表示满意。")

    assert case.step == BadReviewStep.CLOSED
    assert (case.verified_true, case.rectified_on, case.satisfied) == (True, dt.date(2026, 9, 30), True)
    steps = list(case.history.order_by("history_date", "history_id"))
    assert [record.history_change_reason for record in steps] == [
        "差评自动立案", "核实：属实", "整改完成", "回访：满意，办结"]
    assert [record.history_user for record in steps[1:]] == [admin] * 3


def test_a_bad_review_found_untrue_skips_rectification_and_is_never_overdue(world, handlers):
    case = evaluate(2, on=dt.date(2026, 9, 1), implementation=world["licence"]).bad_review_case
    case = bad_review_verify(case=case, user=handlers["county"], founded=False, note="评价对象有误，非本窗口办件。")
    assert case.step == BadReviewStep.CALL_BACK
    assert not overdue_cases(on=dt.date(2026, 12, 1)).exists()


def test_steps_out_of_order_are_refused_in_chinese(world, handlers):
    case = evaluate(1, implementation=world["licence"]).bad_review_case
    admin = handlers["county"]
    with pytest.raises(ValidationError, match="该差评待核实，不能办理“整改”"):
        bad_review_rectify(case=case, user=admin, measures="培训", done_on=dt.date(2026, 9, 20))
    with pytest.raises(ValidationError, match="不能办理“回访”"):
        bad_review_call_back(case=case, user=admin, satisfied=True, note="满意")
    bad_review_verify(case=case, user=admin, founded=True, note="属实")
    with pytest.raises(ValidationError, match="该差评待整改，不能办理“核实”"):
        bad_review_verify(case=case, user=admin, founded=False, note="再核实")
    case.refresh_from_db()
    assert (case.step, case.verified_true) == (BadReviewStep.RECTIFY, True)


def test_a_step_without_its_note_or_with_a_wrong_date_is_refused(world, handlers):
    case = evaluate(1, on=dt.date(2026, 9, 18), implementation=world["licence"]).bad_review_case
    admin = handlers["county"]
    with pytest.raises(ValidationError) as refused:
        bad_review_verify(case=case, user=admin, founded=True, note="  ")
    assert refused.value.message_dict == {"verify_note": ["请填写核实情况。"]}
    bad_review_verify(case=case, user=admin, founded=True, note="属实")
    with pytest.raises(ValidationError) as refused:
        bad_review_rectify(case=case, user=admin, measures="", done_on=dt.date(2026, 9, 17))
    assert refused.value.message_dict == {
        "measures": ["请填写整改措施。"], "rectified_on": ["整改完成日期不能早于评价日期。"]}
    case.refresh_from_db()
    assert case.step == BadReviewStep.RECTIFY and case.rectified_on is None


def test_another_countys_admin_cannot_handle_the_bad_review(world, handlers):
    case = evaluate(1, implementation=world["licence"]).bad_review_case
    for outsider in (handlers["sibling"], handlers["viewer"], None):
        with pytest.raises(PermissionDenied):
            bad_review_verify(case=case, user=outsider, founded=True, note="属实")
    case.refresh_from_db()
    assert case.step == BadReviewStep.VERIFY and case.history.count() == 1


def test_the_city_admin_handles_a_countys_bad_review(world, handlers):
    case = evaluate(1, implementation=world["licence"]).bad_review_case
    case = bad_review_verify(case=case, user=handlers["city"], founded=True, note="属实")
    assert case.verified_by == handlers["city"]


def test_the_overdue_worklist_holds_unrectified_cases_past_their_deadline(world, handlers):
    late = evaluate(1, on=dt.date(2026, 9, 18), implementation=world["licence"]).bad_review_case  # due 24 Sep
    done = evaluate(2, on=dt.date(2026, 9, 18), implementation=world["food"]).bad_review_case
    fresh = evaluate(1, on=dt.date(2026, 9, 24), window=world["window_1"]).bad_review_case  # due 9 Oct
    elsewhere = evaluate(1, on=dt.date(2026, 9, 18), implementation=world["sibling_licence"]).bad_review_case
    bad_review_verify(case=done, user=handlers["county"], founded=True, note="属实")
    bad_review_rectify(case=done, user=handlers["county"], measures="整改", done_on=dt.date(2026, 9, 22))

    assert list(overdue_cases(on=dt.date(2026, 9, 25))) == [late, elsewhere]
    assert list(overdue_cases(on=dt.date(2026, 9, 25), region=world["county"])) == [late]
    assert set(overdue_cases(on=dt.date(2026, 10, 12))) == {late, elsewhere, fresh}
    assert not late.is_overdue(dt.date(2026, 9, 24)) and late.is_overdue(dt.date(2026, 9, 25))


# The holiday calendar -------------------------------------------------------------------------------------


def test_a_workday_in_lieu_must_fall_on_a_weekend(db):
    with pytest.raises(ValidationError) as refused:
        holiday_save(holiday=Holiday(date=dt.date(2026, 9, 21), name="调休", kind="workday"))
    assert refused.value.message_dict == {"kind": ["调休上班日应为周六或周日。"]}
    assert not Holiday.objects.exists()


def test_a_day_is_in_the_calendar_once(db):
    holiday_save(holiday=Holiday(date=dt.date(2026, 10, 1), name="国庆节", kind="off"))
    with pytest.raises(ValidationError) as refused:
        holiday_save(holiday=Holiday(date=dt.date(2026, 10, 1), name="国庆节", kind="off"))
    assert refused.value.message_dict == {"date": ["该日期已在节假日安排中。"]}
    assert Holiday.objects.get().history.count() == 1
