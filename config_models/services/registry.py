"""Which service functions write each model, so generic paths (history revert, bulk actions, Wagtail's
admin actions, scheduled publishing) reach the same rules, audit and feed entries as the entity's own code.

Each service module registers its entity when it is imported; `ConfigModelsConfig.ready` imports them all.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class EntityServices:
    """The writers of one model. Each takes keyword arguments (`instance=` or `revision=`, `user=`, …)."""

    save: Callable[..., models.Model]
    delete: Callable[..., None] | None = None
    publish: Callable[..., models.Model] | None = None
    unpublish: Callable[..., models.Model] | None = None


_SERVICES: dict[type[models.Model], EntityServices] = {}


def register(model: type[models.Model], **functions) -> EntityServices:
    services = EntityServices(**functions)
    _SERVICES[model] = services
    return services


def services_for(model: type[models.Model]) -> EntityServices | None:
    """The services of a model or of its nearest registered base class; None for models nobody registered."""
    for klass in model.__mro__:
        if klass in _SERVICES:
            return _SERVICES[klass]
    return None


def registered_models() -> list[type[models.Model]]:
    return list(_SERVICES)


def load_all() -> None:
    """Import every service module, so each registers its entity."""
    package = importlib.import_module("config_models.services")
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"config_models.services.{module.name}")
