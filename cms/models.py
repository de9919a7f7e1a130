"""Models of the GraphQL API (cms/api): the front ends' API clients and the tombstones mirrors read.

They live in the `cms` app, not in `config_models`: they describe who reads the configuration and what
left it, not the configuration itself.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from config_models.models.fields import MultipleChoiceField

TOKEN_PREFIX = "tb_"


class ApiScope(models.TextChoices):
    DRAFTS = "drafts", _("读取本区划及下级的草稿")
    INTERNAL = "internal", _("读取内部字段（发布状态、修订时间）")
    EVALUATIONS = "evaluations", _("提交本区划及下级的好差评")


def hash_token(token: str) -> str:
    """Tokens are 256 random bits, so a plain SHA-256 is enough (no password stretching needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiClient(models.Model):
    """A front end (county or township portal, a mirror) allowed to read drafts of its region subtree.

    The token is shown once when it is made; only its hash is stored.
    """

    name = models.CharField(_("名称"), max_length=100)
    region = models.ForeignKey(
        "config_models.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="api_clients",
        help_text=_("令牌只能看到本区划及其下级区划的草稿。"),
    )
    scopes = MultipleChoiceField(_("权限范围"), choices_enum=ApiScope, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_hint = models.CharField(_("令牌开头"), max_length=12, editable=False, help_text=_("用于辨认令牌。"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("接口客户端")
        verbose_name_plural = _("接口客户端")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def issue_token(self) -> str:
        """Set a new token (the old one stops working) and return it; the caller shows it once and saves."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.token_hint = token[:10]
        return token

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])


from cms.theming import ThemeSettings  # noqa: E402, F401  (a model of this app, kept beside the theme code)


def _snapshot_path(snapshot, filename: str) -> str:
    return f"mirror-snapshots/{snapshot.region.code}/{filename}"


class MirrorSnapshot(models.Model):
    """A region's full mirror as NDJSON, built at one position of the change feed (cms/api/snapshot.py):
    a mirror downloads the latest, then follows `changes(after: cursor)`. Only finished builds are stored."""

    region = models.ForeignKey("config_models.Region", verbose_name=_("区划"), on_delete=models.CASCADE,
                               related_name="mirror_snapshots")
    sequence = models.BigIntegerField(_("变更流位置"), help_text=_("快照包含该位置及之前的全部变更。"))
    file = models.FileField(_("快照文件"), upload_to=_snapshot_path, max_length=300)
    rows = models.JSONField(_("各类记录数"), default=dict)
    size = models.BigIntegerField(_("字节数"), default=0)
    built_at = models.DateTimeField(_("生成时间"))
    seconds = models.FloatField(_("用时（秒）"), default=0)

    class Meta:
        verbose_name = _("镜像快照")
        verbose_name_plural = _("镜像快照")
        ordering = ["region", "-sequence", "-pk"]
        indexes = [models.Index(fields=["region", "-sequence"], name="mirror_snapshot_latest")]

    def __str__(self):
        return f"{self.region.name}@{self.sequence}"
