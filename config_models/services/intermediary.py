"""Writers of 中介服务事项 (intermediary services)."""

from config_models.models import IntermediaryService
from config_models.services.region_rows import delete_row, save_with_implementations
from config_models.services.registry import register


def intermediary_service_save(
    *, intermediary_service: IntermediaryService, implementations=None, user=None, reason: str = ""
) -> IntermediaryService:
    """Save an intermediary service (every rule, the user's scope) and, when given, the implementations that
    require it: only implementations of its region and the regions below it."""
    return save_with_implementations(intermediary_service, implementations=implementations, user=user, reason=reason)


def intermediary_service_delete(*, intermediary_service: IntermediaryService, user=None) -> None:
    delete_row(intermediary_service, user=user)


register(
    IntermediaryService,
    save=lambda *, instance, user=None, reason="", implementations=None: intermediary_service_save(
        intermediary_service=instance, implementations=implementations, user=user, reason=reason
    ),
    delete=lambda *, instance, user=None: intermediary_service_delete(intermediary_service=instance, user=user),
)
