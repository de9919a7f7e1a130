from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from config_models import codes
from config_models.history import history
from config_models.models.normalized import NormalizedModelMixin
from config_models.text import normalize_code, normalize_text


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇（街道）级")
    VILLAGE = "village", _("村（社区）级")


LEVEL_ORDER = [level.value for level in RegionLevel]


class RegionKind(models.TextChoices):
    """An administrative division, or a development zone (开发区/园区) administered like one: a county-level
    zone under a city, a township-level park under a county, with its own administrators, halls and
    delegations."""

    ADMINISTRATIVE = "administrative", _("行政区划")
    DEVELOPMENT_ZONE = "zone", _("开发区（园区）")


# A zone takes the place of a county under a city, or of a township under a county.
ZONE_LEVELS = {"county": "city", "township": "county"}


def level_rank(level: str) -> int:
    """0 for a province, 4 for a village."""
    return LEVEL_ORDER.index(level)


def in_subtree(region: "Region | str", through: str = "") -> models.Q:
    """Rows placed in a region's subtree (the region and every region below it).

    `through` is the lookup from the row to its region ("region", "roster__region", …); empty for regions
    themselves. The one place a region path prefix is matched: the path is the tree (materialized path).
    """
    path = region if isinstance(region, str) else region.path
    return models.Q(**{f"{through}__path__startswith" if through else "path__startswith": path})


class RegionQuerySet(models.QuerySet):
    def subtree_of(self, region: "Region"):
        return self.filter(in_subtree(region))


class Region(NormalizedModelMixin, models.Model):
    """An administrative division (行政区划): the unit that scopes every row and every admin."""

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级区划"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="children",
    )
    kind = models.CharField(
        _("类型"), max_length=14, choices=RegionKind.choices, default=RegionKind.ADMINISTRATIVE,
        help_text=_("开发区（园区）按其管理层级设置：市属开发区为县级，县属园区为乡镇级。"),
    )
    # Materialised path of codes ("511600/511602/"), so a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, editable=False, db_index=True)

    history = history(excluded_fields=["path"])
    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name}（{self.code}）"

    def save(self, *args, **kwargs):
        self.path = self.computed_path(self.parent.path if self.parent_id else "")
        super().save(*args, **kwargs)

    def normalize(self):
        self.code = normalize_code(self.code)
        self.name = normalize_text(self.name)

    def clean(self):
        self.normalize()
        errors = {}
        if self.level and self.code and (message := codes.region_code_error(self.code, self.level)):
            errors["code"] = message
        if self.parent_id and self.level:
            parent = self.parent
            if level_rank(parent.level) >= level_rank(self.level):
                errors["parent"] = _("上级区划的层级必须高于本区划。")
            elif "code" not in errors and not codes.region_code_fits_parent(
                self.code, self.level, parent.code, parent.level
            ):
                errors["code"] = _("区划代码与上级区划代码不一致。")
            if self.pk and self.path and parent.path.startswith(self.path):
                errors["parent"] = _("不能把区划移到它自己的下级之下。")
        if self.kind == RegionKind.DEVELOPMENT_ZONE and self.level:
            wanted_parent = ZONE_LEVELS.get(self.level)
            if wanted_parent is None:
                errors["level"] = _("开发区（园区）只能设为县级（隶属于市）或乡镇级（隶属于县）。")
            elif self.parent_id and self.parent.level != wanted_parent:
                errors["parent"] = _("县级开发区须隶属于市，乡镇级园区须隶属于县（区）。")
            elif (self.level == "township" and "code" not in errors and self.code
                  and not codes.zone_township_code_ok(self.code)):
                errors["code"] = _("乡镇级开发区（园区）的统计用区划代码第7–9位应在400–599之间（类似乡级单位）。")
        if errors:
            raise ValidationError(errors)

    def computed_path(self, parent_path: str = "") -> str:
        return f"{parent_path}{self.code}/"

    @property
    def level_digit(self) -> str:
        return codes.LEVEL_DIGITS[self.level]

    def ancestor_codes(self) -> list[str]:
        """Codes from the root down to this region, inclusive."""
        return [code for code in self.path.split("/") if code]

    def is_within(self, other: "Region") -> bool:
        return self.path.startswith(other.path)


class RegionPage(Page):
    """A region's page: the root of its site, under which its configuration documents live.

    Created, renamed and moved by the region services, never by hand (DESIGN.md §3).
    """

    region = models.OneToOneField(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="page")

    parent_page_types = ["wagtailcore.Page", "config_models.RegionPage"]
    subpage_types = [
        "config_models.RegionPage",
        "config_models.Hall", "config_models.AuthorizationRoster", "config_models.Delegation",
        "config_models.BundleTemplate", "config_models.Bundle",
        "config_models.PublishedListPage",
    ]
    template = "config_models/region_page.html"

    class Meta:
        verbose_name = _("区划页面")
        verbose_name_plural = _("区划页面")

    @classmethod
    def can_create_at(cls, parent):
        # Region pages follow the regions; administrators create regions, not these pages.
        return False
