from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "通办后台"

    def ready(self):
        # The GraphQL API's admin (API clients). The API keeps no signal receivers: the services write the
        # change feed that changedSince, tombstones and changes(after:) read.
        from cms.api import admin

        admin.register()

        from cms.admin.pages import configure_page_editing

        configure_page_editing()
