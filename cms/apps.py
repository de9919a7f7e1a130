from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "通办后台"

    def ready(self):
        # The GraphQL API's admin (API clients). Mirrors follow the change feed, written by the services.
        from cms.api import admin

        admin.register()

        from cms.admin.pages import configure_page_editing

        configure_page_editing()
