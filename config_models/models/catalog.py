from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.models import DraftStateMixin, LockableMixin, Orderable, RevisionMixin
from wagtail.search import index

from config_models import codes
from config_models.history import history
from config_models.models.cluster import FastLoadingClusterableModel
from config_models.models.fields import MultipleChoiceField
from config_models.models.normalized import NormalizedModelMixin
from config_models.models.publishing import ServicePublishingMixin
from config_models.models.region import RegionLevel
from config_models.text import normalize_code, normalize_text

# Wagtail's own bookkeeping: kept out of the audit history (drafts live in Wagtail revisions).
DRAFT_BOOKKEEPING_FIELDS = [
    "latest_revision",
    "live_revision",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "go_live_at",
    "expire_at",
    "expired",
    "locked",
    "locked_at",
    "locked_by",
]


class ItemType(models.TextChoices):
    """事项类型, numbered as in the national data-exchange dictionary (task_type)."""

    LICENSING = "01", _("行政许可")
    PENALTY = "02", _("行政处罚")
    COERCION = "03", _("行政强制")
    LEVY = "04", _("行政征收")
    PAYMENT = "05", _("行政给付")
    INSPECTION = "06", _("行政检查")
    CONFIRMATION = "07", _("行政确认")
    REWARD = "08", _("行政奖励")
    ADJUDICATION = "09", _("行政裁决")
    OTHER_POWER = "10", _("其他行政权力")
    PUBLIC_SERVICE = "20", _("公共服务")


class CatalogStatus(models.TextChoices):
    ACTIVE = "active", _("在用")
    CANCELLED = "cancelled", _("已取消")


class CatalogItem(
    ServicePublishingMixin, NormalizedModelMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed,
    FastLoadingClusterableModel,
):
    """基本目录: the one unified name and code that every level implements (三级四同)."""

    code = models.CharField(_("基本编码"), max_length=12, unique=True, help_text=_("12位数字。"))
    name = models.CharField(_("事项名称"), max_length=200)
    item_type = models.CharField(_("事项类型"), max_length=2, choices=ItemType.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("所属主项"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="sub_items", help_text=_("子项填写其主项；主项留空。"),
    )
    region = models.ForeignKey(
        "config_models.Region", verbose_name=_("目录维护区划"), on_delete=models.PROTECT,
        related_name="catalog_items", help_text=_("维护本条目录的区划（省级目录或市级补充目录）。"),
    )
    allowed_levels = MultipleChoiceField(
        _("行使层级"), choices_enum=RegionLevel, blank=False, help_text=_("可以实施本事项的层级。")
    )
    local_code = models.CharField(
        _("地方基本编码"), max_length=50, blank=True, help_text=_("省级平台自有的编码，与国家基本编码并存。")
    )
    status = models.CharField(_("事项状态"), max_length=10, choices=CatalogStatus.choices, default=CatalogStatus.ACTIVE)
    effective_date = models.DateField(_("生效日期"), null=True, blank=True)
    cancel_date = models.DateField(_("取消日期"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="catalog_item")
    history = history(excluded_fields=DRAFT_BOOKKEEPING_FIELDS)

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("code"),
        index.FilterField("item_type"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("基本目录事项")
        verbose_name_plural = _("基本目录")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name}（{self.code}）"

    @property
    def revisions(self):
        return self._revisions

    @property
    def allowed_levels_display(self) -> str:
        return "、".join(str(RegionLevel(level).label) for level in self.allowed_levels)

    @property
    def is_main_item(self) -> bool:
        return self.parent_id is None

    def normalize(self):
        self.code = normalize_code(self.code)
        self.name = normalize_text(self.name)
        self.local_code = normalize_code(self.local_code)

    def clean(self):
        self.normalize()
        errors = {}
        if self.code and not codes.CATALOG_CODE_PATTERN.fullmatch(self.code):
            errors["code"] = _("基本编码应为12位数字。")
        if self.parent_id:
            if self.parent_id == self.pk:
                errors["parent"] = _("事项不能是自己的主项。")
            elif self.parent.parent_id:
                errors["parent"] = _("主项本身不能是子项。")
            elif self.pk and self.sub_items.exists():
                errors["parent"] = _("本事项已有子项，不能再设为其他事项的子项。")
        if self.status == CatalogStatus.CANCELLED and not self.cancel_date:
            errors["cancel_date"] = _("取消事项须填写取消日期。")
        if self.effective_date and self.cancel_date and self.cancel_date < self.effective_date:
            errors["cancel_date"] = _("取消日期不能早于生效日期。")
        if errors:
            raise ValidationError(errors)

    @property
    def warnings(self) -> list[str]:
        """Doubts that do not block saving: the standard's internal code split is inferred, not confirmed."""
        found = []
        if len(self.code) == 12 and self.item_type and self.code[2:4] != self.item_type:
            found.append(
                f"基本编码第3–4位“{self.code[2:4]}”与事项类型代码“{self.item_type}”不一致，请核对（此规则据实际编码推断，仅作提示）。"
            )
        return found


class LegalBasis(NormalizedModelMixin, Orderable):
    """设定依据: one law, its 文号 and clause."""

    catalog_item = ParentalKey(CatalogItem, on_delete=models.CASCADE, related_name="legal_bases")
    law_name = models.CharField(_("法律法规名称"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    clause = models.CharField(_("条款号"), max_length=100, blank=True)
    text = models.TextField(_("条款内容"), blank=True)

    history = history()

    class Meta(Orderable.Meta):
        verbose_name = _("设定依据")
        verbose_name_plural = _("设定依据")

    def __str__(self):
        return f"{self.law_name} {self.clause}".strip()

    def normalize(self):
        self.law_name = normalize_text(self.law_name)
        self.document_number = normalize_text(self.document_number)
        self.clause = normalize_text(self.clause)
        self.text = normalize_text(self.text)

    def clean(self):
        self.normalize()
