from django.urls import path
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from importers import views
from importers.models import CodeMapping


class CodeMappingViewSet(SnippetViewSet):
    model = CodeMapping
    icon = "list-ul"
    menu_label = "代码对照"
    list_display = ["vocabulary", "local_value", "national_value", "note"]
    list_filter = ["vocabulary"]
    search_fields = ["local_value", "national_value", "note"]
    add_to_admin_menu = False


register_snippet(CodeMappingViewSet)


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("imports/", views.import_index, name="importers_index"),
        path("imports/<int:pk>/", views.batch_detail, name="importers_batch"),
        path("imports/<int:pk>/progress/", views.batch_progress, name="importers_progress"),
        path("imports/<int:pk>/confirm/", views.batch_confirm, name="importers_confirm"),
        path("imports/<int:pk>/rollback/", views.batch_rollback_view, name="importers_rollback"),
        path("imports/template/<str:resource>/", views.template_download, name="importers_template"),
        path("exports/<str:resource>.<str:file_format>", views.export_download, name="importers_export"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(views.importable_resources(request.user) or views.exportable_resources(request.user))


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem("导入导出", views.menu_url(), icon_name="upload", order=150)
