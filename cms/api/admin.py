"""Admin of API clients: city administrators issue, rotate and revoke front ends' tokens.

A token is shown once, on the page that follows its creation (or its rotation); only its hash is kept.
Registered from cms.apps (Wagtail discovers wagtail_hooks modules only at app roots).
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from cms.models import ApiClient, ApiScope
from config_models import scope
from config_models.models import Role


def is_city_admin(user) -> bool:
    if not user.is_active:
        return False
    return user.is_superuser or any(m.role == Role.CITY_ADMIN for m in scope.memberships_of(user))


class CityAdminPermissionPolicy(BasePermissionPolicy):
    """API clients are a city-level matter: city administrators (and superusers) do everything, others nothing."""

    def user_has_permission(self, user, action):
        return is_city_admin(user)

    def user_has_any_permission(self, user, actions):
        return is_city_admin(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return is_city_admin(user)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return is_city_admin(user)

    def instances_user_has_any_permission_for(self, user, actions):
        objects = self.model._default_manager.all()
        return objects if is_city_admin(user) else objects.none()

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(Q(is_superuser=True) | Q(memberships__role=Role.CITY_ADMIN), is_active=True)
            .distinct()
        )


class ApiClientForm(WagtailAdminModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("权限范围"), choices=ApiScope.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("不勾选时，令牌只能读取公开数据。"),
    )

    class Meta:
        model = ApiClient
        fields = ["name", "region", "scopes"]


class ApiClientEditForm(ApiClientForm):
    new_token = forms.BooleanField(
        label=_("生成新令牌"), required=False, help_text=_("旧令牌立即失效，新令牌只显示一次。")
    )
    revoked = forms.BooleanField(label=_("吊销"), required=False, help_text=_("吊销后，使用该令牌的请求一律被拒绝。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revoked"].initial = self.instance.revoked

    class Meta(ApiClientForm.Meta):
        fields = ["name", "region", "scopes"]


class ShowTokenOnceMixin:
    token_template_name = "cms/api/api_client_token.html"
    token = None

    def save_action(self):
        if self.token is None:
            return super().save_action()
        response = render(
            self.request,
            self.token_template_name,
            {"client": self.object, "token": self.token, "index_url": self.get_success_url()},
        )
        response["Cache-Control"] = "no-store"
        return response


class ApiClientCreateView(ShowTokenOnceMixin, generic.CreateView):
    def save_instance(self):
        instance = self.form.instance
        self.token = instance.issue_token()
        instance.created_by = self.request.user
        return super().save_instance()


class ApiClientEditView(ShowTokenOnceMixin, generic.EditView):
    def save_instance(self):
        instance = self.form.instance
        if self.form.cleaned_data.get("new_token"):
            self.token = instance.issue_token()
        revoked = self.form.cleaned_data.get("revoked")
        if revoked and instance.revoked_at is None:
            instance.revoked_at = timezone.now()
        elif not revoked:
            instance.revoked_at = None
        return super().save_instance()


class ApiClientViewSet(ModelViewSet):
    model = ApiClient
    icon = "key"
    menu_label = _("接口客户端")
    add_to_settings_menu = True
    inspect_view_enabled = True
    add_view_class = ApiClientCreateView
    edit_view_class = ApiClientEditView
    list_display = [
        "name",
        Column("region", label=_("区划")),
        Column("scopes_display", label=_("权限范围"), accessor=lambda c: "、".join(
            str(ApiScope(s).label) for s in c.scopes or []
        )),
        "token_hint",
        DateColumn("last_used_at", label=_("最近使用")),
        DateColumn("revoked_at", label=_("吊销时间")),
    ]
    list_filter = ["region"]
    search_fields = ["name"]
    inspect_view_fields = ["name", "region", "scopes", "token_hint", "created_at", "last_used_at", "revoked_at"]

    def get_form_class(self, for_update=False):
        return ApiClientEditForm if for_update else ApiClientForm

    def get_queryset(self, request):
        return ApiClient.objects.select_related("region")


def register():
    register_permission_policy(ApiClient, CityAdminPermissionPolicy(ApiClient))

    @hooks.register("register_admin_viewset")
    def register_api_client_viewset():
        return ApiClientViewSet("api_clients")
