import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from config_models.blocks import RuleConditionBlock, RuleGroupBlock
from config_models.history import PAGE_BOOKKEEPING_FIELDS, history
from config_models.models.normalized import NormalizedModelMixin
from config_models.models.publishing import ServicePublishingMixin
from config_models.text import normalize_code, normalize_text

LIST_CODE_PATTERN = re.compile(r"^[0-9a-z][0-9a-z-]{2,59}$")


class ListSubject(models.TextChoices):
    """What a list lists: its candidates, the rule fields it may use and the shape of its snapshot entries."""

    IMPLEMENTATION = "implementation", _("政务服务事项（实施清单）")
    BUNDLE = "bundle", _("一件事")
    PROOF = "proof", _("证明事项")
    HALL_EXEMPTION = "hall_exemption", _("不进驻大厅的事项（入驻负面清单）")
    DELEGATION = "delegation", _("赋权下放事项及监管责任")
    INTERMEDIARY_SERVICE = "intermediary_service", _("行政审批中介服务事项")
    BUSINESS_POLICY = "business_policy", _("惠企政策")


class ListType(NormalizedModelMixin, models.Model):
    """A kind of published list (最多跑一次, 证明事项保留清单 …): data, so administrators add new kinds."""

    name = models.CharField(_("清单类型名称"), max_length=100, unique=True)
    code = models.SlugField(
        _("类型代码"), max_length=40, unique=True, help_text=_("小写字母、数字和连字符，如 zuiduo-paoyici。")
    )
    subject = models.CharField(
        _("清单对象"), max_length=20, choices=ListSubject.choices, default=ListSubject.IMPLEMENTATION,
        help_text=_("清单列出的对象：政务服务事项、一件事（成熟一批、公布一批）、证明事项（证明事项保留清单）、"
                    "不进驻大厅的事项（入驻负面清单）、赋权下放事项（赋权清单，含监管责任）、中介服务事项或惠企政策。"),
    )
    description = models.TextField(_("说明"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = history()

    class Meta:
        verbose_name = _("清单类型")
        verbose_name_plural = _("清单类型")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name

    def normalize(self):
        self.name = normalize_text(self.name)
        self.code = normalize_code(self.code).lower()
        self.description = normalize_text(self.description)


class RuleCombinator(models.TextChoices):
    ALL = "all", _("满足全部条件（AND）")
    ANY = "any", _("满足任一条件（OR）")


class PublishedListPage(ServicePublishingMixin, RoutablePageMixin, Page):
    """清单: a list a region publishes in batches. Its entries are the implementations of its region's
    subtree that match the rule, plus manual inclusions, minus manual exclusions (config_models.services
    .published_list); each batch freezes them in a Publication."""

    list_type = models.ForeignKey(ListType, verbose_name=_("清单类型"), on_delete=models.PROTECT, related_name="lists")
    code = models.CharField(
        _("清单编码"), max_length=60, unique=True,
        help_text=_("接口和网址使用的编码：小写字母、数字和连字符，如 511602-zuiduo-paoyici。"),
    )
    introduction = models.TextField(_("清单说明"), blank=True)
    rule_combinator = models.CharField(
        _("条件组合方式"), max_length=3, choices=RuleCombinator.choices, default=RuleCombinator.ALL
    )
    rule = StreamField(
        [("condition", RuleConditionBlock()), ("group", RuleGroupBlock())],
        verbose_name=_("纳入规则"), blank=True,
        help_text=_("没有条件时，清单只包含手工纳入的事项。"),
    )
    # Set from the parent region page on save: the region whose subtree the rule covers.
    region = models.ForeignKey(
        "config_models.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT, null=True, editable=False,
        related_name="published_lists",
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    history = history(excluded_fields=[*PAGE_BOOKKEEPING_FIELDS, "updated_at"])

    parent_page_types = ["config_models.RegionPage"]
    subpage_types = []
    template = "config_models/published_list_page.html"

    class Meta:
        verbose_name = _("公布清单")
        verbose_name_plural = _("公布清单")

    def clean(self):
        super().clean()
        self.code = normalize_code(self.code or "").lower()
        if self.code and not LIST_CODE_PATTERN.fullmatch(self.code):
            raise ValidationError({"code": _("清单编码只能包含小写字母、数字和连字符（3–60位）。")})
        if self.list_type_id:
            from config_models import list_rules

            problems = list_rules.rule_subject_errors(self.list_type.subject, list(self.rule.raw_data))
            if problems:
                raise ValidationError({"rule": problems})
            if self.list_type.subject != ListSubject.IMPLEMENTATION and any(
                    override.implementation_id for override in self.overrides.all()):
                raise ValidationError(_("%(subject)s清单不支持按实施清单手工纳入或排除，请通过纳入规则选择条目。")
                                      % {"subject": self.list_type.get_subject_display()})

    @property
    def subject(self) -> str:
        return self.list_type.subject if self.list_type_id else ListSubject.IMPLEMENTATION

    def save(self, *args, **kwargs):
        # Follows the parent region page on every save, so a moved list covers its new region.
        parent = self.get_parent() if self.path else None
        if parent is not None and hasattr(parent.specific, "region_id"):
            self.region_id = parent.specific.region_id
        super().save(*args, **kwargs)

    @property
    def region_of_page(self):
        """The region, also for a page not saved yet (a preview while it is being created); None if unknown."""
        if self.region_id:
            return self.region
        parent = self.get_parent() if self.path else None
        return getattr(parent.specific, "region", None) if parent else None

    def published_batches(self):
        return self.publications.filter(status=PublicationStatus.PUBLISHED).order_by("-batch")

    def get_context(self, request, *args, **kwargs):
        from config_models.services import published_list as service

        context = super().get_context(request, *args, **kwargs)
        context.update(service.list_page_context(self, request))
        return context

    @path("")
    def current(self, request):
        return self.render(request)

    @path("batch/<int:batch>/")
    def batch(self, request, batch):
        from django.http import Http404

        from config_models.services import published_list as service

        publication = self.published_batches().filter(batch=batch).first()
        if publication is None:
            raise Http404
        return self.render(request, template="config_models/publication.html",
                           context_overrides=service.publication_context(publication))

    def serve_preview(self, request, mode_name):
        # The live preview shows what the rule (as being edited) selects, before anything is saved.
        from django.template.response import TemplateResponse

        from config_models.services import published_list as service

        rows = service.list_entry_rows(self)
        context = {"page": self, "self": self, "preview_rows": rows, "preview_count": len(rows), "request": request,
                   "subject": service.SUBJECTS[self.subject]}
        return TemplateResponse(request, "config_models/published_list_preview.html", context)


class OverrideAction(models.TextChoices):
    INCLUDE = "include", _("手工纳入")
    EXCLUDE = "exclude", _("手工排除")


class ListOverride(Orderable):
    """A manual inclusion or exclusion, whatever the rule says."""

    page = ParentalKey(PublishedListPage, on_delete=models.CASCADE, related_name="overrides")
    implementation = models.ForeignKey(
        "config_models.Implementation", verbose_name=_("实施清单"), on_delete=models.CASCADE, related_name="+"
    )
    action = models.CharField(_("操作"), max_length=10, choices=OverrideAction.choices, default=OverrideAction.INCLUDE)
    reason = models.CharField(_("理由"), max_length=200, blank=True)

    history = history()

    panels = [FieldPanel("implementation"), FieldPanel("action"), FieldPanel("reason")]

    class Meta(Orderable.Meta):
        verbose_name = _("手工调整")
        verbose_name_plural = _("手工调整")


class PublicationStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("定时发布")
    PUBLISHED = "published", _("已发布")
    REFUSED = "refused", _("未通过校验")


class PublicationFrozen(ValidationError):
    pass


class Publication(models.Model):
    """第N批: one published batch of a list, with its entries frozen as they were shown on publication.

    The snapshot (`entries`) and the diff against the previous batch never change once published: what was
    published on a date stays exactly that, whatever is edited later.
    """

    published_list = models.ForeignKey(
        PublishedListPage, verbose_name=_("清单"), on_delete=models.PROTECT, related_name="publications"
    )
    batch = models.PositiveIntegerField(_("批次"))
    document_number = models.CharField(_("文号"), max_length=100)
    published_on = models.DateField(_("公布日期"))
    effective_on = models.DateField(_("施行日期"))
    change_note = models.TextField(_("调整说明"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=PublicationStatus.choices)
    scheduled_at = models.DateTimeField(_("定时发布时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    entries = models.JSONField(_("条目快照"), default=list, blank=True)
    diff = models.JSONField(_("与上一批次的差异"), default=dict, blank=True)
    entry_count = models.PositiveIntegerField(_("条目数"), default=0)
    refusal_reasons = models.JSONField(_("未通过校验的原因"), default=list, blank=True)
    # A digest of what the API shows of this batch: the ETag of cacheable answers.
    version = models.CharField(max_length=64, editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    history = history()

    class Meta:
        verbose_name = _("清单批次")
        verbose_name_plural = _("清单批次")
        ordering = ["published_list", "batch"]
        constraints = [
            models.UniqueConstraint(fields=["published_list", "batch"], name="one_publication_per_list_batch",
                                    violation_error_message=_("该清单已有此批次。"))
        ]

    def __str__(self):
        return f"{self.published_list.title} 第{self.batch}批（{self.document_number}）"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored in (PublicationStatus.PUBLISHED, PublicationStatus.REFUSED):
                raise PublicationFrozen(_("已发布（或已拒绝）的批次不可修改；请发布新批次。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status == PublicationStatus.PUBLISHED:
            raise PublicationFrozen(_("已发布的批次不可删除。"))
        return super().delete(*args, **kwargs)

    @property
    def batch_label(self) -> str:
        return f"第{self.batch}批"

