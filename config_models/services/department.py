from django.db import transaction

from config_models.history import acting
from config_models.models import ChangeOperation, Department, LeaveReason
from config_models.services import save_validated
from config_models.services.feed import feed_record
from config_models.services.registry import register


@transaction.atomic
def department_save(*, department: Department, user=None, reason: str = "") -> Department:
    """Save a department; a rename reaches the implementations and bundles that show it."""
    creating = department.pk is None
    save_validated(department, user=user, reason=reason)
    feed_record(department, operation=ChangeOperation.INSERT if creating else ChangeOperation.UPDATE, actor=user,
                parents=not creating)
    return department


@transaction.atomic
def department_delete(*, department: Department, user=None) -> None:
    feed_record(department, operation=ChangeOperation.DELETE, reason=LeaveReason.DELETED, actor=user,
                parents=False)
    with acting(user):
        department.delete()


register(
    Department,
    save=lambda *, instance, user=None, reason="": department_save(department=instance, user=user, reason=reason),
    delete=lambda *, instance, user=None: department_delete(department=instance, user=user),
)
