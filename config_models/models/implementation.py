import datetime as dt
import re
from fractions import Fraction

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.models import DraftStateMixin, LockableMixin, Orderable, RevisionMixin

from config_models import codes
from config_models.history import history
from config_models.models.catalog import DRAFT_BOOKKEEPING_FIELDS, CatalogStatus
from config_models.models.cluster import FastLoadingClusterableModel
from config_models.models.fields import MultipleChoiceField
from config_models.models.normalized import NormalizedModelMixin
from config_models.models.publishing import ServicePublishingMixin
from config_models.models.region import RegionLevel, in_subtree
from config_models.text import normalize_code, normalize_text


class TimeUnit(models.TextChoices):
    WORKING_DAY = "working_day", _("工作日")
    NATURAL_DAY = "natural_day", _("自然日")


# Upper bound in natural days of one unit, so limits in different units compare strictly.
NATURAL_DAYS_PER_UNIT = {TimeUnit.WORKING_DAY: Fraction(7, 5), TimeUnit.NATURAL_DAY: Fraction(1)}


class HandlingType(models.TextChoices):
    IMMEDIATE = "immediate", _("即办件")
    COMMITTED = "committed", _("承诺件")


class ServiceObject(models.TextChoices):
    NATURAL_PERSON = "1", _("自然人")
    ENTERPRISE = "2", _("企业法人")
    PUBLIC_INSTITUTION = "3", _("事业法人")
    SOCIAL_ORGANIZATION = "4", _("社会组织法人")
    UNINCORPORATED_ENTERPRISE = "5", _("非法人企业")
    GOVERNMENT = "6", _("行政机关")
    OTHER = "9", _("其他组织")


class OnlineDepth(models.IntegerChoices):
    """网上办理深度 Ⅰ–Ⅳ; 0 when the item cannot be handled online at all."""

    NONE = 0, _("不可网办")
    INFORMATION = 1, _("Ⅰ级（信息公开、办事指南）")
    APPOINTMENT = 2, _("Ⅱ级（在线预约、在线申报）")
    PRE_REVIEW = 3, _("Ⅲ级（在线预审，到现场一次）")
    FULLY_ONLINE = 4, _("Ⅳ级（全程网办）")


class ServiceArea(models.TextChoices):
    NATION = "nation", _("全国通办")
    PROVINCE = "province", _("全省通办")
    CITY = "city", _("全市通办")
    COUNTY = "county", _("全县（区）通办")
    TOWNSHIP = "township", _("全镇（街道）通办")
    LOCAL = "local", _("属地办理")


class ImplementationStatus(models.TextChoices):
    ACTIVE = "active", _("在用")
    SUSPENDED = "suspended", _("暂停")
    ENDED = "ended", _("已停止实施")


def _phone_digits(phone: str) -> str:
    """0826-2345678 and 08262345678 are one line: compare the digits only."""
    return re.sub(r"[^0-9]", "", phone)


# What an importer writes in a required element its source does not publish, so the row passes the rules and
# says it is incomplete; the data-quality worklist finds rows still carrying it.
PLACEHOLDER_TEXT = "待补充（导入自四川政务服务网公开事项目录，未公布该要素）"
PLACEHOLDER_FIELDS = ("statutory_limit_note", "committed_limit_note", "visit_reason")


class ImplementationQuerySet(models.QuerySet):
    def public(self, *, or_also: models.Q | None = None):
        """Published implementations of published catalog items: what the public may see; with `or_also`, the
        rows it matches too (an API client's drafts in its region)."""
        visible = models.Q(live=True, catalog_item__live=True)
        return self.filter(visible | or_also if or_also is not None else visible)

    def in_force(self, on: dt.date | None = None):
        """Not ended: still implemented (a suspended one is listed, marked as suspended). On a past date: first
        published by the end of that day and not yet ended on it (its current values stand for that day's)."""
        if on is None:
            return self.exclude(status=ImplementationStatus.ENDED)
        end_of_day = timezone.make_aware(dt.datetime.combine(on + dt.timedelta(days=1), dt.time.min))
        ended = models.Q(status=ImplementationStatus.ENDED) & (models.Q(ended_on__isnull=True)
                                                              | models.Q(ended_on__lte=on))
        # Rows written live by the bulk paths carry no first publication: they count as always published.
        published = models.Q(first_published_at__isnull=True) | models.Q(first_published_at__lt=end_of_day)
        return self.filter(published).exclude(ended)

    def in_subtree(self, region):
        return self.filter(in_subtree(region, "region"))

    def with_code(self, implementation_code: str):
        """Rows whose derived 实施编码 is the given one (it is computed, so it is looked up by its parts)."""
        parts = codes.parse_implementation_code(normalize_code(implementation_code))
        if parts is None:
            return self.none()
        return self.filter(
            department__credit_code=parts["credit_code"],
            region__level=parts["level"],
            catalog_item__code=parts["catalog_code"],
        )


class Implementation(
    ServicePublishingMixin, NormalizedModelMixin, DraftStateMixin, LockableMixin, RevisionMixin,
    FastLoadingClusterableModel,
):
    """实施清单: one department of one region implementing one catalog item.

    The item's name, code, type and legal basis are read through `catalog_item`, never copied, so every
    level shows the same ones (三级四同). Local elements may only be stricter than the catalog.
    """

    catalog_item = models.ForeignKey(
        "config_models.CatalogItem", verbose_name=_("基本目录事项"), on_delete=models.PROTECT,
        related_name="implementations",
    )
    region = models.ForeignKey(
        "config_models.Region", verbose_name=_("实施区划"), on_delete=models.PROTECT, related_name="implementations"
    )
    department = models.ForeignKey(
        "config_models.Department", verbose_name=_("实施主体"), on_delete=models.PROTECT,
        related_name="implementations",
    )
    local_code = models.CharField(_("地方实施编码"), max_length=80, blank=True)

    accept_conditions = models.TextField(_("受理条件"), blank=True)
    procedure = models.TextField(_("办理流程"), blank=True)

    statutory_limit = models.PositiveIntegerField(_("法定办结时限"))
    statutory_limit_unit = models.CharField(
        _("法定时限单位"), max_length=12, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAY
    )
    statutory_limit_note = models.CharField(_("法定时限说明"), max_length=500, blank=True)
    committed_limit = models.PositiveIntegerField(_("承诺办结时限"))
    committed_limit_unit = models.CharField(
        _("承诺时限单位"), max_length=12, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAY
    )
    committed_limit_note = models.CharField(_("承诺时限说明"), max_length=500, blank=True)
    handling_type = models.CharField(_("办件类型"), max_length=10, choices=HandlingType.choices)

    service_objects = MultipleChoiceField(_("服务对象"), choices_enum=ServiceObject, blank=False)
    visit_count = models.PositiveSmallIntegerField(_("到办事现场次数"), default=1)
    visit_reason = models.TextField(_("必须现场办理原因说明"), blank=True)

    window_handling = models.BooleanField(_("窗口办理"), default=True)
    online_handling = models.BooleanField(_("网上办理"), default=False)
    courier = models.BooleanField(_("支持物流快递"), default=False)
    booking = models.BooleanField(_("支持预约办理"), default=False)
    online_payment = models.BooleanField(_("支持网上支付"), default=False)
    online_depth = models.PositiveSmallIntegerField(_("网上办理深度"), choices=OnlineDepth.choices, default=0)
    online_url = models.URLField(_("网上办理地址"), blank=True)

    charges_fee = models.BooleanField(_("是否收费"), default=False)
    fee_standard = models.TextField(_("收费标准"), blank=True)
    fee_basis = models.TextField(_("收费依据"), blank=True)

    consult_phone = models.CharField(_("咨询电话"), max_length=40)
    complaint_phone = models.CharField(_("监督投诉电话"), max_length=40)
    address = models.CharField(_("办理地点"), max_length=300, blank=True)
    office_hours = models.CharField(_("办理时间"), max_length=300, blank=True)
    service_area = models.CharField(
        _("通办范围"), max_length=10, choices=ServiceArea.choices, default=ServiceArea.LOCAL
    )

    status = models.CharField(
        _("实施状态"), max_length=10, choices=ImplementationStatus.choices, default=ImplementationStatus.ACTIVE
    )
    ended_on = models.DateField(_("停止实施日期"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="implementation")
    history = history(excluded_fields=DRAFT_BOOKKEEPING_FIELDS)
    objects = ImplementationQuerySet.as_manager()

    class Meta:
        verbose_name = _("实施清单")
        verbose_name_plural = _("实施清单")
        ordering = ["region__code", "catalog_item__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["catalog_item", "region", "department"],
                name="one_implementation_per_item_region_department",
                violation_error_message=_("该实施主体在本区划已有此事项的实施清单。"),
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.region.name}·{self.department.name}）"

    @property
    def revisions(self):
        return self._revisions

    # Read through the catalog: the one source of the unified name, code, type and legal basis.
    @property
    def name(self) -> str:
        return self.catalog_item.name

    @property
    def code(self) -> str:
        return self.catalog_item.code

    @property
    def item_type(self) -> str:
        return self.catalog_item.item_type

    @property
    def legal_bases(self):
        return self.catalog_item.legal_bases.all()

    @property
    def level(self) -> str:
        return self.region.level

    @property
    def implementation_code(self) -> str:
        """实施编码, derived: credit code (18) + level digit (1) + 基本编码 (12)."""
        return codes.implementation_code(self.department.credit_code, self.region.level, self.catalog_item.code)

    def normalize(self):
        for field in ("accept_conditions", "procedure", "visit_reason", "fee_standard", "fee_basis",
                      "address", "office_hours", "statutory_limit_note", "committed_limit_note"):
            setattr(self, field, normalize_text(getattr(self, field)))
        self.local_code = normalize_code(self.local_code)
        self.consult_phone = normalize_code(self.consult_phone)
        self.complaint_phone = normalize_code(self.complaint_phone)

    def clean(self):
        self.normalize()
        errors: dict[str, list] = {}

        def error(field, message):
            errors.setdefault(field, []).append(message)

        self._check_catalog_and_region(error)
        self._check_time_limits(error)
        self._check_visits_and_channels(error)
        if self.charges_fee and not self.fee_basis:
            error("fee_basis", _("收费事项须填写收费依据。"))
        for field in ("consult_phone", "complaint_phone"):
            value = getattr(self, field)
            if value and not codes.PHONE_PATTERN.fullmatch(value):
                error(field, _("电话号码格式不正确：固定电话须带区号（如0826-2345678），或为手机号、12345。"))
        if self.consult_phone and _phone_digits(self.consult_phone) == _phone_digits(self.complaint_phone):
            error("complaint_phone", _("监督投诉电话不能与咨询电话相同。"))
        if self.status == ImplementationStatus.ENDED and not self.ended_on:
            error("ended_on", _("停止实施须填写停止实施日期。"))
        if errors:
            raise ValidationError(errors)

    def _check_catalog_and_region(self, error):
        if not (self.catalog_item_id and self.region_id):
            return
        item = self.catalog_item
        if self.region.level not in item.allowed_levels:
            error("region", _("该事项的行使层级为%(allowed)s，不能在%(level)s实施。")
                  % {"allowed": item.allowed_levels_display, "level": RegionLevel(self.region.level).label})
        if item.status == CatalogStatus.CANCELLED and self.status != ImplementationStatus.ENDED:
            error("catalog_item", _("基本目录事项已取消，不能继续实施。"))
        if self.department_id and not self.region.is_within(self.department.region):
            error("department", _("实施主体须属于实施区划或其上级区划。"))

    def _check_time_limits(self, error):
        if self.statutory_limit is None or self.committed_limit is None:
            return
        statutory = self.statutory_limit * NATURAL_DAYS_PER_UNIT[self.statutory_limit_unit]
        committed = self.committed_limit * NATURAL_DAYS_PER_UNIT[self.committed_limit_unit]
        if committed > statutory:
            error("committed_limit", _("承诺办结时限不能超过法定办结时限。"))
        if self.handling_type == HandlingType.IMMEDIATE and self.committed_limit != 0:
            error("committed_limit", _("即办件的承诺办结时限应为0个工作日。"))
        if self.handling_type == HandlingType.COMMITTED and self.committed_limit == 0:
            error("handling_type", _("承诺办结时限为0（即办）时，办件类型应为即办件。"))

    def _check_visits_and_channels(self, error):
        if self.visit_count and not self.visit_reason:
            error("visit_reason", _("到办事现场次数不为0时，须说明必须现场办理的原因。"))
        if self.online_depth == OnlineDepth.FULLY_ONLINE and self.visit_count != 0:
            error("visit_count", _("网上办理深度为Ⅳ级（全程网办）时，到办事现场次数应为0。"))
        if self.visit_count == 0 and not self.online_handling and not self.courier:
            error("courier", _("到办事现场次数为0且不能网上办理时，须支持物流快递。"))
        if self.online_handling and self.online_depth == OnlineDepth.NONE:
            error("online_depth", _("网上办理的事项须选择网上办理深度。"))


class MaterialForm(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")
    BOTH = "both", _("纸质或电子")


class Necessity(models.TextChoices):
    REQUIRED = "required", _("必要")
    OPTIONAL = "optional", _("非必要")
    DEFERRABLE = "deferrable", _("容缺")
    PLEDGE = "pledge", _("告知承诺")  # replaced by the applicant's written pledge: not submitted


class MaterialSource(models.TextChoices):
    APPLICANT = "applicant", _("申请人自备")
    GOVERNMENT = "government", _("政府部门核发")
    INTERMEDIARY = "intermediary", _("中介机构出具")
    OTHER = "other", _("其他")


# 兜底条款: a material must be named precisely; "其他材料" lets a window ask for anything.
CATCH_ALL_MATERIAL = re.compile(r"(其[他它]|有关|相关|等)(的)?(证明)?(材料|资料|文件|证明)|^其[他它]$")


class Material(NormalizedModelMixin, Orderable):
    """申请材料 of an implementation."""

    implementation = ParentalKey(Implementation, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField(_("材料名称"), max_length=200)
    form = models.CharField(_("材料形式"), max_length=10, choices=MaterialForm.choices, default=MaterialForm.PAPER)
    necessity = models.CharField(_("材料必要性"), max_length=10, choices=Necessity.choices, default=Necessity.REQUIRED)
    source = models.CharField(_("来源渠道"), max_length=12, choices=MaterialSource.choices,
                              default=MaterialSource.APPLICANT)
    source_note = models.CharField(_("来源渠道说明"), max_length=300, blank=True)
    original_copies = models.PositiveSmallIntegerField(_("原件份数"), default=1)
    photocopy_copies = models.PositiveSmallIntegerField(_("复印件份数"), default=0)
    paper_spec = models.CharField(_("纸质材料规格"), max_length=50, blank=True, default="A4")
    blank_form = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("空白表格"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    sample = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("示例样表"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    fill_instructions = models.TextField(_("填报须知"), blank=True)
    common_mistakes = models.TextField(_("易错范例"), blank=True)
    legal_basis = models.TextField(_("要求提供材料的依据"), blank=True)
    e_certificate_exempt = models.BooleanField(
        _("可用电子证照免提交"), default=False, help_text=_("可通过电子证照获取，申请人无需提交。")
    )
    certificate_type = models.ForeignKey(
        "config_models.CertificateType", verbose_name=_("对应电子证照类型"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="materials",
        help_text=_("本材料是一种证照时，选择电子证照目录中的类型；可用电子证照免提交的材料必须选择。"),
    )
    proof = models.ForeignKey(
        "config_models.Proof", verbose_name=_("所需证明事项"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="materials", help_text=_("本材料是须由其他单位开具的证明时，选择证明事项保留清单中的证明。"),
    )
    pledge_text = models.TextField(
        _("承诺内容"), blank=True, help_text=_("告知承诺的材料：申请人书面承诺的内容（代替提交本材料）。")
    )
    false_pledge_consequence = models.TextField(
        _("虚假承诺的后果"), blank=True, help_text=_("如：撤销行政许可决定，纳入信用记录。")
    )

    history = history()

    class Meta(Orderable.Meta):
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")

    def __str__(self):
        return self.name

    def normalize(self):
        self.name = normalize_text(self.name)
        for field in ("source_note", "fill_instructions", "common_mistakes", "legal_basis", "paper_spec", "pledge_text",
                      "false_pledge_consequence"):
            setattr(self, field, normalize_text(getattr(self, field)))

    def clean(self):
        self.normalize()
        # Spaces inside the name ("其他　材料") must not get a catch-all past the check.
        if self.name and CATCH_ALL_MATERIAL.search(re.sub(r"\s+", "", self.name)):
            raise ValidationError(
                {"name": _("材料名称“%(name)s”是兜底表述，须写明具体材料名称。") % {"name": self.name}}
            )
        if self.original_copies == 0 and self.photocopy_copies == 0 and self.form == MaterialForm.PAPER:
            raise ValidationError({"original_copies": _("纸质材料的原件和复印件份数不能都为0。")})
        if self.e_certificate_exempt and not self.certificate_type_id:
            raise ValidationError({"certificate_type": _("可用电子证照免提交的材料须选择对应的电子证照类型。")})
        if self.necessity == Necessity.PLEDGE:
            errors = {}
            if not self.pledge_text:
                errors["pledge_text"] = _("告知承诺的材料须写明承诺内容。")
            if not self.false_pledge_consequence:
                errors["false_pledge_consequence"] = _("告知承诺的材料须写明虚假承诺的后果。")
            if errors:
                raise ValidationError(errors)
        elif self.pledge_text or self.false_pledge_consequence:
            raise ValidationError({"necessity": _("填写了承诺内容的材料，材料必要性应为“告知承诺”。")})

    @property
    def material_code(self) -> str:
        """申请材料编码 = 实施编码 + 3-digit sequence."""
        return f"{self.implementation.implementation_code}{(self.sort_order or 0) + 1:03d}"
