from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "通办后台"

    def ready(self):
        # The GraphQL API's remaining signal receivers and its admin (API clients); the page entities' services
        # write the change feed themselves.
        from cms.api import admin, signals  # noqa: F401
        from cms.api.lists import signals as list_signals  # noqa: F401

        admin.register()

        from cms.admin.pages import configure_page_editing

        configure_page_editing()
