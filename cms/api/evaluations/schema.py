"""好差评 in the API.

- `evaluationStats(regionCode, from, to, groupBy, includeDescendants)`: public figures of GB/T 39734
  appendix B (config_models.selectors.evaluation). Aggregates only: never an evaluation's text or a staff
  name. A constant number of queries whatever the number of evaluations.
- `submitEvaluations(input)`: the national 好差评 system (or a county's relay) submits evaluations. Only a
  token with the `evaluations` scope may, and only for subjects in its region's subtree. A batch is all or
  nothing (config_models.services.evaluation.evaluations_import): one refused row and nothing is written,
  the error listing each refused row; an evaluation already recorded is skipped.
"""

import datetime as dt
import inspect

import graphene
from django.core.exceptions import ValidationError
from django.utils import timezone

from cms.api.core.enums import choices_enum
from cms.api.errors import ApiError, Code
from cms.api.regions.filters import region_by_code
from cms.models import ApiScope
from config_models import models as m
from config_models.selectors import evaluation as figures
from config_models.services.evaluation import MAX_BATCH, EvaluationRow, evaluations_import

EvaluationChannel = choices_enum(m.EvaluationChannel, "EvaluationChannel", "评价渠道 of an evaluation.")


class EvaluationGroupBy(graphene.Enum):
    """What the figures are grouped by."""

    ITEM = figures.GroupBy.ITEM
    WINDOW = figures.GroupBy.WINDOW
    BUNDLE = figures.GroupBy.BUNDLE
    DEPARTMENT = figures.GroupBy.DEPARTMENT
    REGION = figures.GroupBy.REGION

    @property
    def description(self):
        return {
            "ITEM": "Per catalog item (基本目录事项), every implementation of it counted together.",
            "WINDOW": "Per window of a hall.",
            "BUNDLE": "Per 一件事.",
            "DEPARTMENT": "Per department evaluated (the implementation's, else the window's, else the bundle's "
                          "lead department).",
            "REGION": "Per region directly below the one asked, each with its subtree; the region's own "
                      "evaluations are its own row.",
        }[self.name]


def _rate(value):
    return None if value is None else float(value)


class EvaluationFiguresType(graphene.ObjectType):
    """The 好差评 figures of one group, or of the whole region."""

    code = graphene.String(required=True, description="The group's code: 基本编码, window number, 一件事编码, "
                           "统一社会信用代码 or 区划代码.")
    name = graphene.String(required=True, description="The group's name.")
    evaluations = graphene.Int(required=True, description="评价数.")
    good = graphene.Int(required=True, description="好评数: ratings of 4 (满意) or 5 (非常满意).")
    good_rate = graphene.Float(description="好评率 in per cent; null without evaluations.")
    bad = graphene.Int(required=True, description="差评数: ratings of 1 (非常不满意) or 2 (不满意).")
    rectified = graphene.Int(required=True, description="差评 rectified (整改完成).")
    rectification_rate = graphene.Float(description="差评整改率 in per cent: rectified among the bad reviews that "
                                        "need it (a 差评 verified 不属实 does not); null when none does.")
    called_back = graphene.Int(required=True, description="差评 called back (回访).")
    call_back_rate = graphene.Float(description="回访率 in per cent among the bad reviews; null without any.")
    overdue = graphene.Int(required=True, description="差评 not rectified within 5 working days, as of today.")

    class Meta:
        name = "EvaluationFigures"

    @staticmethod
    def from_figures(row: figures.EvaluationFigures) -> "EvaluationFiguresType":
        return EvaluationFiguresType(
            code=row.code, name=row.name, evaluations=row.evaluations, good=row.good, good_rate=_rate(row.good_rate),
            bad=row.bad, rectified=row.rectified, rectification_rate=_rate(row.rectification_rate),
            called_back=row.called_back, call_back_rate=_rate(row.call_back_rate), overdue=row.overdue,
        )


class EvaluationStatsType(graphene.ObjectType):
    """好差评 figures of a region over a date range: its totals and, with `groupBy`, per group."""

    date_from = graphene.Date(required=True, name="from", description="First day counted.")
    date_to = graphene.Date(required=True, name="to", description="Last day counted.")
    totals = graphene.Field(EvaluationFiguresType, required=True, description="The whole region's figures.")
    groups = graphene.List(graphene.NonNull(EvaluationFiguresType), required=True,
                           description="Per group, most evaluated first; empty without `groupBy`.")

    class Meta:
        name = "EvaluationStats"


class EvaluationQueries(graphene.ObjectType):
    evaluation_stats = graphene.Field(
        EvaluationStatsType,
        required=True,
        description="好差评 figures of a region (GB/T 39734 appendix B: 评价数, 好评率, 差评数, 差评整改率, 回访率).",
        region_code=graphene.String(required=True, description="区划代码 of the region."),
        date_from=graphene.Date(name="from", description="First day counted; 1 January of this year when omitted."),
        date_to=graphene.Date(name="to", description="Last day counted; today when omitted."),
        group_by=EvaluationGroupBy(description="Also give the figures per item, window, 一件事, department or "
                                   "region."),
        include_descendants=graphene.Boolean(
            default_value=True, description="Count the whole subtree (default), or the region's own evaluations."),
    )

    @staticmethod
    def resolve_evaluation_stats(root, info, region_code, date_from=None, date_to=None, group_by=None,
                                 include_descendants=True):
        today = timezone.localdate()
        date_to = date_to or today
        date_from = date_from or date_to.replace(month=1, day=1)
        if date_from > date_to:
            raise ApiError("开始日期不能晚于结束日期。`from` is after `to`.", Code.BAD_USER_INPUT, argument="from")
        if date_from < dt.date(2000, 1, 1):
            raise ApiError("日期过早。`from` must be 2000-01-01 or later.", Code.BAD_USER_INPUT, argument="from")
        region = region_by_code(info.context.api_viewer, region_code)
        window = {"date_from": date_from, "date_to": date_to, "include_descendants": include_descendants,
                  "today": today}
        totals = figures.region_totals(region=region, **window)
        group = getattr(group_by, "value", group_by)
        groups = figures.evaluation_stats(region=region, group_by=group, **window) if group else []
        return EvaluationStatsType(
            date_from=date_from, date_to=date_to, totals=EvaluationFiguresType.from_figures(totals),
            groups=[EvaluationFiguresType.from_figures(row) for row in groups],
        )


class EvaluationInput(graphene.InputObjectType):
    """One evaluation from the national 好差评 system. Name at least one subject: the implementation (by its
    实施编码, or its 基本编码 with `regionCode`), the window (its number in a hall of `regionCode`) or the
    一件事 (its code)."""

    external_id = graphene.String(required=True, description="评价编号 in the national system. An evaluation "
                                  "already recorded is skipped, so a batch may be sent again.")
    channel = EvaluationChannel(required=True, description="评价渠道.")
    rating = graphene.Int(required=True, description="1 非常不满意, 2 不满意, 3 基本满意, 4 满意, 5 非常满意.")
    evaluated_on = graphene.Date(required=True, description="评价日期; not in the future.")
    implementation_code = graphene.String(description="实施编码 of the implementation evaluated.")
    catalog_code = graphene.String(description="基本编码 of the item evaluated, with `regionCode`.")
    region_code = graphene.String(description="区划代码 where the item is implemented or the window is.")
    window_number = graphene.String(description="窗口号 of the window evaluated, in a hall of `regionCode`.")
    bundle_code = graphene.String(description="一件事编码 of the 一件事 evaluated.")
    staff_name = graphene.String(description="工作人员 evaluated.")
    text = graphene.String(description="评价内容.")


class SubmitEvaluationsPayload(graphene.ObjectType):
    """What a batch recorded."""

    created = graphene.Int(required=True, description="Evaluations recorded.")
    bad_reviews = graphene.Int(required=True, description="差评 among them, each opening its handling case.")
    skipped = graphene.List(graphene.NonNull(graphene.String), required=True,
                            description="评价编号 already recorded, skipped.")


class SubmitEvaluations(graphene.Mutation):
    """Record a batch of evaluations (at most 500), all or nothing. Needs a token with the `evaluations`
    scope; every subject must lie in the token's region subtree. A refused batch writes nothing and is
    answered with a BAD_USER_INPUT error whose `extensions.rows` lists each refused row (1-based) with its
    messages in Chinese."""

    class Arguments:
        input = graphene.List(graphene.NonNull(EvaluationInput), required=True)

    Output = SubmitEvaluationsPayload

    @staticmethod
    def mutate(root, info, input):
        viewer = info.context.api_viewer
        if viewer.client is None:
            raise ApiError("提交好差评须使用令牌。Send `Authorization: Bearer <token>`.", Code.FORBIDDEN)
        if not viewer.client.has_scope(ApiScope.EVALUATIONS):
            raise ApiError("该令牌没有提交好差评的权限。The token lacks the `evaluations` scope.", Code.FORBIDDEN)
        if len(input) > MAX_BATCH:
            raise ApiError(f"每批最多{MAX_BATCH}条评价，请分批提交。", Code.BAD_USER_INPUT, argument="input")
        rows = [EvaluationRow(
            external_id=entry.external_id or "", channel=getattr(entry.channel, "value", entry.channel) or "",
            rating=entry.rating, evaluated_on=entry.evaluated_on,
            implementation_code=entry.implementation_code or "", catalog_code=entry.catalog_code or "",
            region_code=entry.region_code or "", window_number=entry.window_number or "",
            bundle_code=entry.bundle_code or "", staff_name=entry.staff_name or "", text=entry.text or "",
        ) for entry in input]
        try:
            result = evaluations_import(rows=rows, within=viewer.client.region,
                                        reason=f"接口提交好差评（{viewer.client.name}）")
        except ValidationError as refused:
            details = [{"row": int(row) if row.isdigit() else None, "messages": messages}
                       for row, messages in refused.message_dict.items()]
            summary = "；".join(f"第{detail['row']}条：{''.join(detail['messages'])}" if detail["row"]
                               else "".join(detail["messages"]) for detail in details[:5])
            raise ApiError(f"评价未录入（整批未写入）。{summary}", Code.BAD_USER_INPUT, argument="input",
                           rows=details) from None
        return SubmitEvaluationsPayload(created=len(result.created), bad_reviews=result.bad_reviews,
                                        skipped=result.skipped)


class EvaluationMutations(graphene.ObjectType):
    submit_evaluations = SubmitEvaluations.Field(description=inspect.cleandoc(SubmitEvaluations.__doc__))
