from django.apps import AppConfig


class ConfigModelsConfig(AppConfig):
    name = "config_models"
    verbose_name = "政务服务配置"

    def ready(self):
        from config_models.services import feed, registry

        registry.load_all()
        feed.connect_outside_changes()
