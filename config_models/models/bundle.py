"""一件事 (DESIGN.md §1): the city designs a BundleTemplate, each region adopts it as a Bundle.

Both are Wagtail pages (drafts, previews, revisions, scheduled publishing, subtree permissions): a template
under the city's RegionPage, a bundle under the adopting region's page. What the public reads (one material
set, one form, the efficiency table) is computed from the implementations the bundle resolves to, never
typed, so it follows every edit of an implementation (config_models.services.bundle).
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from config_models.history import PAGE_BOOKKEEPING_FIELDS, history
from config_models.models.normalized import NormalizedModelMixin
from config_models.models.publishing import ServicePublishingMixin
from config_models.models.region import RegionLevel
from config_models.text import normalize_code, normalize_text


class Lifecycle(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业全生命周期（开办→注销）")
    PROJECT = "project", _("项目全周期（签约→竣工）")
    PERSON = "person", _("个人全生命周期（出生→身后）")


class BundleTarget(models.TextChoices):
    PERSON = "person", _("自然人")
    ENTERPRISE = "enterprise", _("企业（法人）")


class BundleTier(models.TextChoices):
    """国办发〔2025〕24号: the national list (overall and annual batches), provincial lists, local 特色 lists."""

    NATIONAL = "national", _("国家")
    PROVINCIAL = "provincial", _("省")
    LOCAL = "local", _("地方特色")


class FormFieldType(models.TextChoices):
    TEXT = "text", _("文本")
    NUMBER = "number", _("数字")
    DATE = "date", _("日期")
    CHOICE = "choice", _("单选")
    MULTIPLE_CHOICE = "multiple_choice", _("多选")
    BOOLEAN = "boolean", _("是/否")
    ID_NUMBER = "id_number", _("身份证号码")
    CREDIT_CODE = "credit_code", _("统一社会信用代码")
    PHONE = "phone", _("电话号码")


CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{1,19}$")
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
# 文号: issuer, year in 〔〕, number, 号 — 国发〔2024〕3号, 国办发〔2025〕24号.
DOCUMENT_PATTERN = re.compile(r"^\S+〔\d{4}〕\d+号$")
_DOCUMENT_YEAR = re.compile(r"[\[［【(（]\s*(\d{4})\s*[\]］】)）]")
# The national 高效办成一件事 lists start with 国发〔2024〕3号.
FIRST_NATIONAL_YEAR = 2024
CHINESE_NUMERALS = "零一二三四五六七八九十"


def chinese_ordinal(number: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一 (batch numbers are small)."""
    if number <= 10:
        return CHINESE_NUMERALS[number]
    tens, ones = divmod(number, 10)
    head = "十" if tens == 1 else CHINESE_NUMERALS[tens] + "十"
    return head + (CHINESE_NUMERALS[ones] if ones else "")


def normalize_document_number(value: str) -> str:
    """国发[2024]3号, 国发（2024）3号, 国发【2024】3号 → 国发〔2024〕3号; no spaces."""
    text = re.sub(r"\s+", "", normalize_text(value or ""))
    return _DOCUMENT_YEAR.sub(lambda m: f"〔{m.group(1)}〕", text)


def split_lines(text: str) -> list[str]:
    """One value per line (or separated by 、，,;；), without blanks."""
    return [part.strip() for part in re.split(r"[\n、，,;；]", text or "") if part.strip()]


class BundleTemplate(ServicePublishingMixin, Page):
    """一件事 template, designed by the city: which catalog items, in which steps, for which scenarios."""

    code = models.CharField(
        _("一件事编码"), max_length=20, unique=True,
        help_text=_(
            "大写字母开头，2–20位大写字母或数字，如 KBCYD（开办餐饮店）。各区划的一件事编码由此编码与区划代码组成。"
        ),
    )
    region = models.ForeignKey(
        "config_models.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="bundle_templates",
        editable=False, help_text=_("设计模板的市级区划（页面所在的区划）。"),
    )
    lifecycle = models.CharField(_("生命周期"), max_length=12, choices=Lifecycle.choices)
    stage = models.CharField(_("阶段"), max_length=50, help_text=_("生命周期中的阶段，如 开办、出生、退休、身后。"))
    target = models.CharField(_("服务对象"), max_length=12, choices=BundleTarget.choices)
    tier = models.CharField(
        _("清单层级"), max_length=12, choices=BundleTier.choices, default=BundleTier.LOCAL,
        help_text=_("国家：国务院公布的重点事项清单；省：省级清单；地方特色：本市自行推出的一件事。"),
    )
    batch_year = models.PositiveSmallIntegerField(
        _("批次年份"), null=True, blank=True, help_text=_("国家或省公布该批清单的年份，如 2024。")
    )
    batch = models.PositiveSmallIntegerField(
        _("批次"), null=True, blank=True, help_text=_("当年第几批，如 1 表示第一批。")
    )
    policy_document = models.CharField(
        _("政策文件文号"), max_length=100, blank=True,
        help_text=_("公布该一件事的文件文号，如 国发〔2024〕3号、国办发〔2025〕24号。"),
    )
    lead_role = models.CharField(_("牵头部门"), max_length=100, help_text=_("牵头部门的职能，如 市场监管部门。"))
    cooperating_roles = models.TextField(
        _("配合部门"), blank=True, help_text=_("配合部门的职能，每行一个（或以顿号分隔）。")
    )
    summary = models.TextField(_("简介"), blank=True)
    basis = RichTextField(_("办理依据"), blank=True)
    conditions = RichTextField(_("办理条件"), blank=True)
    process = RichTextField(_("办理流程"), blank=True)
    channels = RichTextField(_("办理方式"), blank=True)
    consultation = RichTextField(_("咨询方式"), blank=True)

    history = history(excluded_fields=PAGE_BOOKKEEPING_FIELDS)

    parent_page_types = ["config_models.RegionPage"]
    subpage_types: list[str] = []
    template = "config_models/bundle_template.html"

    content_panels = [
        FieldPanel("title", heading=_("一件事名称")),
        FieldRowPanel([FieldPanel("code"), FieldPanel("target")]),
        FieldRowPanel([FieldPanel("lifecycle"), FieldPanel("stage")]),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("tier"), FieldPanel("batch_year"), FieldPanel("batch")]),
            FieldPanel("policy_document"),
        ], heading=_("清单层级与批次")),
        FieldPanel("lead_role"),
        FieldPanel("cooperating_roles"),
        FieldPanel("summary"),
    ]
    items_panels = [
        InlinePanel("scenarios", heading=_("情形"), label=_("情形")),
        InlinePanel("items", heading=_("事项与步骤"), label=_("事项"),
                    help_text=_("步骤号相同的事项并行办理，步骤之间依次办理。")),
        InlinePanel("material_links", heading=_("材料等同"), label=_("等同关系"),
                    help_text=_("名称不同但为同一材料（如“居民身份证”与“身份证”），只收一次。")),
        InlinePanel("form_fields", heading=_("一表申请的表单字段"), label=_("字段")),
    ]
    notice_panels = [
        FieldPanel("basis"), FieldPanel("conditions"), FieldPanel("process"), FieldPanel("channels"),
        FieldPanel("consultation"),
    ]
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading=_("基本信息")),
        ObjectList(items_panels, heading=_("事项、情形与表单")),
        ObjectList(notice_panels, heading=_("一次告知单")),
        ObjectList(Page.promote_panels, heading=_("推广")),
        ObjectList(Page.settings_panels, heading=_("设置")),
    ])

    class Meta:
        verbose_name = _("一件事模板")
        verbose_name_plural = _("一件事模板")

    @classmethod
    def can_create_at(cls, parent):
        # The city designs the templates (DESIGN.md §3).
        region = getattr(parent.specific, "region", None)
        return super().can_create_at(parent) and region is not None and region.level == RegionLevel.CITY

    @property
    def cooperating_role_list(self) -> list[str]:
        return split_lines(self.cooperating_roles)

    @property
    def batch_label(self) -> str:
        """2024年第一批, or "" outside a batch."""
        if self.batch_year and self.batch:
            return _("%(year)s年第%(batch)s批") % {"year": self.batch_year, "batch": chinese_ordinal(self.batch)}
        return ""

    @property
    def notice_parts(self) -> list[tuple[str, str]]:
        """The one-time notice's rich-text parts with their headings, in reading order."""
        return [(_("办理依据"), self.basis), (_("办理条件"), self.conditions), (_("办理流程说明"), self.process),
                (_("办理方式"), self.channels), (_("咨询方式"), self.consultation)]

    def get_context(self, request, *args, **kwargs):
        from config_models.services.bundle import template_parts

        context = super().get_context(request, *args, **kwargs)
        steps: dict[int, list] = {}
        for item in template_parts(self).items:
            steps.setdefault(item.step, []).append(item)
        context["steps"] = [
            {"number": n, "name": next((i.step_name for i in items if i.step_name), ""), "items": items}
            for n, items in sorted(steps.items())
        ]
        context["notice_parts"] = self.notice_parts
        return context

    def clean(self):
        super().clean()
        self.code = normalize_code(self.code)
        self.stage = normalize_text(self.stage)
        self.lead_role = normalize_text(self.lead_role)
        errors = {}
        if self.code and not CODE_PATTERN.fullmatch(self.code):
            errors["code"] = _("一件事编码须以大写字母开头，由2–20位大写字母或数字组成。")
        errors.update(self._tier_errors())
        if errors:
            raise ValidationError(errors)

    def _tier_errors(self) -> dict:
        """A national template names its batch and year; a local 特色 one belongs to no batch."""
        self.policy_document = normalize_document_number(self.policy_document)
        errors = {}
        if self.tier == BundleTier.NATIONAL:
            if not self.batch_year:
                errors["batch_year"] = _("国家层级的一件事须填写公布批次的年份，如 2024。")
            elif self.batch_year < FIRST_NATIONAL_YEAR:
                errors["batch_year"] = _(
                    "国家“高效办成一件事”重点事项清单自%(year)s年起公布，批次年份不能早于%(year)s年。"
                ) % {"year": FIRST_NATIONAL_YEAR}
            if not self.batch:
                errors["batch"] = _("国家层级的一件事须填写批次，如 1 表示第一批。")
        elif self.tier == BundleTier.LOCAL:
            if self.batch_year or self.batch:
                errors["tier"] = _("地方特色一件事不属于国家或省公布的批次，不能填写批次年份和批次。")
        elif bool(self.batch_year) != bool(self.batch):
            errors["batch" if self.batch_year else "batch_year"] = _("批次年份和批次须同时填写或同时留空。")
        if self.batch == 0 and "batch" not in errors and "tier" not in errors:
            errors["batch"] = _("批次从1开始。")
        if self.policy_document and not DOCUMENT_PATTERN.fullmatch(self.policy_document):
            errors["policy_document"] = _("文号格式应为 发文机关代字〔年份〕序号号，如 国发〔2024〕3号。")
        return errors

    def place(self, parent=None):
        parent = parent or self.get_parent()
        if parent is not None and hasattr(parent.specific, "region"):
            self.region = parent.specific.region

    def full_clean(self, *args, **kwargs):
        if self.path or self.pk:
            self.place()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        if not self.region_id:
            self.place()
        # A published template must be whole (its children are checked together, on every path).
        if self.live and kwargs.get("update_fields") is None:
            from config_models.services.bundle import bundle_template_problems

            errors = bundle_template_problems(self)
            if errors:
                raise ValidationError(errors)
        return super().save(*args, **kwargs)


class BundleScenario(NormalizedModelMixin, Orderable):
    """情形: a question the applicant answers (已有营业执照? 需要户外招牌?) that decides which items apply."""

    template = ParentalKey(BundleTemplate, on_delete=models.CASCADE, related_name="scenarios")
    key = models.CharField(_("情形标识"), max_length=50, help_text=_("小写字母开头，如 signboard。"))
    label = models.CharField(_("情形说明"), max_length=200, help_text=_("如：需要设置户外招牌。"))

    history = history()

    class Meta(Orderable.Meta):
        verbose_name = _("情形")
        verbose_name_plural = _("情形")

    def __str__(self):
        return self.label

    def normalize(self):
        self.key = normalize_code(self.key).lower()
        self.label = normalize_text(self.label)

    def clean(self):
        self.normalize()
        if self.key and not KEY_PATTERN.fullmatch(self.key):
            raise ValidationError({"key": _("情形标识须以小写字母开头，由小写字母、数字或下划线组成。")})


class BundleItem(NormalizedModelMixin, Orderable):
    """One catalog item of a template, in a step. Items of one step run in parallel; steps run in order."""

    template = ParentalKey(BundleTemplate, on_delete=models.CASCADE, related_name="items")
    catalog_item = models.ForeignKey(
        "config_models.CatalogItem", verbose_name=_("基本目录事项"), on_delete=models.PROTECT,
        related_name="bundle_items",
    )
    step = models.PositiveSmallIntegerField(_("步骤"), default=1, help_text=_("第几步，从1开始。"))
    step_name = models.CharField(_("步骤名称"), max_length=50, blank=True, help_text=_("如：申领营业执照。"))
    scenarios = models.CharField(
        _("适用情形"), max_length=200, blank=True, help_text=_("情形标识，以逗号分隔；留空表示所有情形都办理。")
    )
    produces = models.TextField(
        _("产出材料"), blank=True,
        help_text=_("本事项办结后产生的证照或文书，每行一个；后续步骤不再向申请人收取。"),
    )

    history = history()

    class Meta(Orderable.Meta):
        verbose_name = _("一件事事项")
        verbose_name_plural = _("一件事事项")

    def __str__(self):
        return f"第{self.step}步 {self.catalog_item}"

    @property
    def scenario_keys(self) -> list[str]:
        return [key.lower() for key in split_lines(self.scenarios)]

    @property
    def outputs(self) -> list[str]:
        return split_lines(self.produces)

    def normalize(self):
        self.step_name = normalize_text(self.step_name)
        self.scenarios = normalize_code(self.scenarios).lower()
        self.produces = normalize_text(self.produces)

    def clean(self):
        self.normalize()
        if self.step == 0:
            raise ValidationError({"step": _("步骤从1开始。")})


class BundleMaterialLink(NormalizedModelMixin, Orderable):
    """Two material names that mean one material: asked once in the bundle."""

    template = ParentalKey(BundleTemplate, on_delete=models.CASCADE, related_name="material_links")
    name = models.CharField(_("材料名称"), max_length=200)
    same_as = models.CharField(_("等同于"), max_length=200)

    history = history()

    class Meta(Orderable.Meta):
        verbose_name = _("材料等同")
        verbose_name_plural = _("材料等同")

    def __str__(self):
        return f"{self.name} = {self.same_as}"

    def normalize(self):
        self.name = normalize_text(self.name)
        self.same_as = normalize_text(self.same_as)

    def clean(self):
        self.normalize()
        if self.name and self.name == self.same_as:
            raise ValidationError({"same_as": _("等同材料的名称不能与材料名称相同。")})


class BundleFormField(NormalizedModelMixin, Orderable):
    """One field of the items' forms (一表申请). Fields with one key are asked once, for every item using it."""

    template = ParentalKey(BundleTemplate, on_delete=models.CASCADE, related_name="form_fields")
    label = models.CharField(_("字段名称"), max_length=100)
    key = models.CharField(
        _("字段标识"), max_length=50, help_text=_("小写字母开头，如 applicant_name；标识相同的字段只填一次。")
    )
    field_type = models.CharField(
        _("字段类型"), max_length=20, choices=FormFieldType.choices, default=FormFieldType.TEXT
    )
    required = models.BooleanField(_("必填"), default=True)
    choices = models.TextField(_("选项"), blank=True, help_text=_("单选、多选字段的选项，每行一个。"))
    used_by = models.CharField(
        _("使用的事项"), max_length=500, blank=True,
        help_text=_("使用本字段的事项的基本编码，以逗号分隔；留空表示所有事项。"),
    )

    history = history()

    class Meta(Orderable.Meta):
        verbose_name = _("表单字段")
        verbose_name_plural = _("表单字段")

    def __str__(self):
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in (self.choices or "").split("\n") if line.strip()]

    @property
    def item_codes(self) -> list[str]:
        return split_lines(self.used_by)

    def normalize(self):
        self.label = normalize_text(self.label)
        self.key = normalize_code(self.key).lower()
        self.choices = normalize_text(self.choices)
        self.used_by = normalize_code(self.used_by)

    def clean(self):
        self.normalize()
        errors = {}
        if self.key and not KEY_PATTERN.fullmatch(self.key):
            errors["key"] = _("字段标识须以小写字母开头，由小写字母、数字或下划线组成。")
        choosing = self.field_type in (FormFieldType.CHOICE, FormFieldType.MULTIPLE_CHOICE)
        if choosing and len(self.choice_list) < 2:
            errors["choices"] = _("单选、多选字段须至少有两个选项。")
        if not choosing and self.choice_list:
            errors["choices"] = _("只有单选、多选字段可以设置选项。")
        if errors:
            raise ValidationError(errors)


class Bundle(ServicePublishingMixin, Page):
    """One region's adoption of a template: its real departments, implementations and time limit."""

    # Not `template`: Page.template names the page's HTML template.
    bundle_template = models.ForeignKey(
        BundleTemplate, verbose_name=_("一件事模板"), on_delete=models.PROTECT, related_name="bundles"
    )
    region = models.ForeignKey(
        "config_models.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="bundles",
        editable=False,
    )
    code = models.CharField(_("一件事编码"), max_length=40, unique=True, editable=False)
    lead_department = models.ForeignKey(
        "config_models.Department", verbose_name=_("牵头部门"), on_delete=models.PROTECT, related_name="led_bundles"
    )
    cooperating_departments = ParentalManyToManyField(
        "config_models.Department", verbose_name=_("配合部门"), blank=True, related_name="cooperating_bundles"
    )
    committed_limit = models.PositiveIntegerField(
        _("承诺办结时限（工作日）"), help_text=_("整件事的承诺办结时限，不能超过各步骤时限之和（并行步骤取最长）。")
    )
    address = models.CharField(_("受理地点"), max_length=300, blank=True)
    office_hours = models.CharField(_("办理时间"), max_length=300, blank=True)
    consult_phone = models.CharField(_("咨询电话"), max_length=40, blank=True)
    # Saved with the bundle's own edits; changes of what it shows (its implementations and their materials,
    # its template) are entries of the change feed (config_models.services.feed), not bumps of this column.
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    history = history(excluded_fields=[*PAGE_BOOKKEEPING_FIELDS, "updated_at"])

    parent_page_types = ["config_models.RegionPage"]
    subpage_types: list[str] = []
    template = "config_models/bundle.html"

    content_panels = [
        FieldPanel("title", heading=_("一件事名称")),
        FieldPanel("bundle_template"),
        FieldRowPanel([FieldPanel("lead_department"), FieldPanel("committed_limit")]),
        FieldPanel("cooperating_departments"),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("office_hours"), FieldPanel("consult_phone")],
                        heading=_("受理窗口与咨询")),
    ]

    class Meta:
        verbose_name = _("一件事")
        verbose_name_plural = _("一件事")

    @classmethod
    def can_create_at(cls, parent):
        region = getattr(parent.specific, "region", None)
        return super().can_create_at(parent) and region is not None and region.level != RegionLevel.PROVINCE

    def place(self, parent=None):
        """Region and code follow the page's place in the tree and its template."""
        parent = parent or self.get_parent()
        if parent is not None and hasattr(parent.specific, "region"):
            self.region = parent.specific.region
        if self.region_id and self.bundle_template_id:
            self.code = f"{self.bundle_template.code}-{self.region.code}"

    def full_clean(self, *args, **kwargs):
        if self.path or self.pk:
            self.place()
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        from config_models.services.bundle import bundle_problems

        errors = bundle_problems(self)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.place()
        # Publishing (a full save of a live page) is refused while the bundle is incomplete, on every path:
        # the admin form reports it nicely first, this is the guarantee.
        if self.live and kwargs.get("update_fields") is None:
            from config_models.services.bundle import bundle_publish_refusal

            refusal = bundle_publish_refusal(self)
            if refusal:
                raise ValidationError({"bundle_template": refusal})
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from config_models.services.bundle import bundle_overview

        context = super().get_context(request, *args, **kwargs)
        context["overview"] = bundle_overview(self)
        context["notice_parts"] = self.bundle_template.notice_parts
        return context


class BundleQuota(models.Model):
    """A target of seed 001: every region of `level` below `region` offers `count` bundles by `due_date`;
    with a department, `count` bundles led by that department.

    Progress counts the bundles in force on the due date (config_models.selectors.bundle.progress)."""

    region = models.ForeignKey(
        "config_models.Region", verbose_name=_("下达区划"), on_delete=models.PROTECT, related_name="bundle_quotas"
    )
    level = models.CharField(_("考核层级"), max_length=10, choices=RegionLevel.choices, default=RegionLevel.COUNTY)
    department = models.ForeignKey(
        "config_models.Department", verbose_name=_("牵头部门"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="bundle_quotas",
        help_text=_("只统计由该部门牵头的一件事；留空则统计所有一件事。"),
    )
    count = models.PositiveSmallIntegerField(_("一件事数量"))
    due_date = models.DateField(_("完成日期"), help_text=_("按该日已上线（已发布）的一件事计算完成情况。"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    history = history()

    class Meta:
        verbose_name = _("一件事目标")
        verbose_name_plural = _("一件事目标")
        ordering = ["due_date", "count"]

    def __str__(self):
        led = f"由{self.department.name}牵头的" if self.department_id else ""
        return (f"{self.region.name}：每个{RegionLevel(self.level).label}区划{self.due_date:%Y-%m-%d}前"
                f"{led}{self.count}件")

    def clean(self):
        errors = {}
        if self.count == 0:
            errors["count"] = _("一件事数量须大于0。")
        if self.region_id and self.level:
            from config_models.models.region import level_rank

            if level_rank(self.level) <= level_rank(self.region.level):
                errors["level"] = _("考核层级须低于下达区划的层级。")
        if self.region_id and self.department_id:
            home = self.department.region
            if not (home.is_within(self.region) or self.region.is_within(home)):
                errors["department"] = _(
                    "“%(department)s”不属于%(region)s及其上下级区划，不能作为该目标的牵头部门。"
                ) % {"department": self.department.name, "region": self.region.name}
        if errors:
            raise ValidationError(errors)
