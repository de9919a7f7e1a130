from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from config_models import codes, search
from config_models.history import history
from config_models.models.normalized import NormalizedModelMixin
from config_models.text import normalize_code, normalize_text


class HolderType(models.TextChoices):
    """持证主体类别 (GB/T 36902)."""

    NATURAL_PERSON = "natural_person", _("自然人")
    LEGAL_PERSON = "legal_person", _("法人")
    OTHER_ORGANIZATION = "other", _("其他组织")


# 持证主体代码类型 (GB/T 36903): the identifier a holder of each category carries.
HOLDER_CODE_TYPES = {
    HolderType.NATURAL_PERSON: ("111", "公民身份号码"),
    HolderType.LEGAL_PERSON: ("001", "统一社会信用代码"),
    HolderType.OTHER_ORGANIZATION: ("001", "统一社会信用代码"),
}


class CertificateType(NormalizedModelMixin, models.Model):
    """电子证照目录: one type of certificate, defined by a ministry, issued and accepted by implementations."""

    name = models.CharField(_("证照类型名称"), max_length=200)
    type_code = models.CharField(
        _("证照类型代码"), max_length=21, unique=True,
        help_text=_("证照定义机构的18位统一社会信用代码加3位顺序号，如11100000000013338W032。"),
    )
    defining_body = models.CharField(_("证照定义机构"), max_length=200)
    region = models.ForeignKey(
        "config_models.Region", verbose_name=_("目录维护区划"), on_delete=models.PROTECT,
        related_name="certificate_types", help_text=_("维护本条证照目录的区划。"),
    )
    holder_type = models.CharField(_("持证主体类别"), max_length=20, choices=HolderType.choices)
    validity_years = models.PositiveSmallIntegerField(
        _("有效期（年）"), null=True, blank=True, help_text=_("留空表示长期有效。")
    )
    validity_note = models.CharField(_("有效期说明"), max_length=200, blank=True)
    issuing_departments = models.ManyToManyField(
        "config_models.Department", verbose_name=_("颁发机构"), blank=True, related_name="certificate_types"
    )
    issuing_implementations = models.ManyToManyField(
        "config_models.Implementation", verbose_name=_("产生本证照的事项"), blank=True,
        related_name="issued_certificate_types",
    )
    accepting_implementations = models.ManyToManyField(
        "config_models.Implementation", verbose_name=_("可用本证照免交纸质材料的事项"), blank=True,
        related_name="accepted_certificate_types",
    )
    sample_identifier = models.CharField(
        _("电子证照标识示例"), max_length=160, blank=True,
        help_text=_("1.2.156.3005.2.<证照类型代码>.<颁发机构代码>.<流水号>.<版本号>.<校验位>，"
                    "校验位按ISO/IEC 7064 MOD 37,36。"),
    )
    # Search columns (config_models.search): jieba segments and pinyin initials of the name.
    search_segments = models.TextField(editable=False, blank=True)
    search_initials = models.CharField(max_length=200, editable=False, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    history = history(
        excluded_fields=["search_segments", "search_initials"],
        m2m_fields=[issuing_departments, issuing_implementations, accepting_implementations],
    )

    class Meta:
        verbose_name = _("电子证照类型")
        verbose_name_plural = _("电子证照目录")
        ordering = ["type_code"]

    def __str__(self):
        return f"{self.name}（{self.type_code}）"

    def save(self, *args, **kwargs):
        self.search_segments = search.segmented(self.name)
        self.search_initials = search.initials(self.name)
        super().save(*args, **kwargs)

    @property
    def defining_body_code(self) -> str:
        """证照定义机构代码: the first 18 characters of the type code."""
        return self.type_code[:18]

    @property
    def holder_code_type(self) -> tuple[str, str]:
        return HOLDER_CODE_TYPES[HolderType(self.holder_type)]

    @property
    def validity_display(self) -> str:
        base = f"{self.validity_years}年" if self.validity_years else "长期有效"
        return f"{base}（{self.validity_note}）" if self.validity_note else base

    def refusal_for(self, region) -> str | None:
        """Why a material of an implementation in `region` may not name this type (None when it may): the
        region's e-certificate catalog is the types kept by the region and the regions above it."""
        if not region.path.startswith(self.region.path):
            return f"电子证照类型“{self.name}”由{self.region.name}维护，不在{region.name}的电子证照目录中。"
        return None

    def normalize(self):
        self.name = normalize_text(self.name)
        self.defining_body = normalize_text(self.defining_body)
        self.validity_note = normalize_text(self.validity_note)
        self.type_code = normalize_code(self.type_code).upper()
        self.sample_identifier = normalize_code(self.sample_identifier)

    def clean(self):
        self.normalize()
        errors = {}
        if self.type_code and (message := codes.certificate_type_code_error(self.type_code)):
            errors["type_code"] = message
        if self.sample_identifier and (
            message := codes.certificate_identifier_error(self.sample_identifier, self.type_code or None)
        ):
            errors["sample_identifier"] = message
        if self.validity_years == 0:
            errors["validity_years"] = _("有效期不能为0年；长期有效请留空。")
        if errors:
            raise ValidationError(errors)

