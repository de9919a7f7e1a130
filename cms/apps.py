from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "通办后台"

    def ready(self):
        # The GraphQL API's signal receivers (parent bumps, tombstones) and its admin (API clients).
        from cms.api import admin
        from cms.api.bundles import signals as bundle_signals  # noqa: F401
        from cms.api.lists import signals as list_signals  # noqa: F401

        admin.register()

        from cms.admin.pages import configure_page_editing
        from cms.api.halls import signals as hall_signals  # noqa: F401

        configure_page_editing()
