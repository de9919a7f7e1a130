from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and load data: data files under `data/` and the loaders that write them through the services."""

    name = "demo"
    verbose_name = "演示数据"
