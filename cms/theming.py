"""Themes of the public site are data: each Wagtail Site picks a theme, logo, colours, hotline and footer
in its settings (wagtail.contrib.settings), and templates read them through the `theme` context."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from config_models.history import history

# name -> (label, base template, stylesheets). A variant extends the default theme's base template.
THEMES = {
    "default": (_("默认（政务蓝）"), "base.html", ["themes/default/site.css"]),
    "civic": (_("红色（党政机关）"), "civic/base.html", ["themes/default/site.css", "themes/civic/site.css"]),
}
DEFAULT_COLOURS = {"default": ("#0b4f8a", "#b3261e"), "civic": ("#a4161a", "#0b4f8a")}
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def validate_colour(value: str) -> None:
    if value and not COLOUR.fullmatch(value):
        raise ValidationError(_("颜色应为#加6位十六进制数字，如 #0b4f8a。"))


@register_setting(icon="view")
class ThemeSettings(BaseSiteSetting):
    theme = models.CharField(_("主题"), max_length=20, default="default",
                             choices=[(name, label) for name, (label, _base, _css) in THEMES.items()])
    site_title = models.CharField(_("网站名称"), max_length=100, blank=True, help_text=_("留空时使用站点名称。"))
    logo = models.ForeignKey("wagtailimages.Image", verbose_name=_("标志"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    primary_colour = models.CharField(_("主色"), max_length=7, blank=True, validators=[validate_colour],
                                      help_text=_("留空使用主题默认颜色。请保证与白色文字的对比度。"))
    accent_colour = models.CharField(_("强调色"), max_length=7, blank=True, validators=[validate_colour])
    hotline = models.CharField(_("服务热线"), max_length=40, default="12345")
    footer = models.TextField(_("页脚"), blank=True, help_text=_("主办单位、地址、备案号等，每行一项。"))

    history = history()

    panels = [
        FieldPanel("theme"),
        FieldPanel("site_title"),
        FieldPanel("logo"),
        FieldRowPanel([FieldPanel("primary_colour"), FieldPanel("accent_colour")]),
        FieldPanel("hotline"),
        FieldPanel("footer"),
    ]

    class Meta:
        verbose_name = _("网站主题")


def theme(request) -> dict:
    """The `theme` of the request's site: templates extend `theme.base` and link `theme.stylesheets`."""
    site = Site.find_for_request(request) if request is not None else None
    if request is None or getattr(request, "path", "").startswith("/admin/") or site is None:
        return {}
    settings = ThemeSettings.for_site(site)
    name = settings.theme if settings.theme in THEMES else "default"
    _label, base, stylesheets = THEMES[name]
    primary, accent = DEFAULT_COLOURS[name]
    return {"theme": {
        "name": name,
        "base": base,
        "stylesheets": stylesheets,
        "title": settings.site_title or site.site_name or "政务服务",
        "logo": settings.logo,
        "primary": settings.primary_colour or primary,
        "accent": settings.accent_colour or accent,
        "hotline": settings.hotline or "12345",
        "footer_lines": [line for line in settings.footer.splitlines() if line.strip()],
        "site": site,
        "home": site.root_page,
    }}
