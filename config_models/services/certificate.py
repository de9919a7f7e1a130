from django.db import transaction

from config_models.history import acting
from config_models.models import CertificateType, ChangeOperation, LeaveReason
from config_models.services import save_validated
from config_models.services.feed import feed_record
from config_models.services.registry import register


@transaction.atomic
def certificate_type_save(
    *,
    certificate_type: CertificateType,
    issuing_departments=None,
    issuing_implementations=None,
    accepting_implementations=None,
    user=None,
    reason: str = "",
) -> CertificateType:
    """Save a certificate type (every rule of the model) and, when given, set its related rows."""
    creating = certificate_type.pk is None
    save_validated(certificate_type, user=user, reason=reason)
    for name, rows in (("issuing_departments", issuing_departments),
                       ("issuing_implementations", issuing_implementations),
                       ("accepting_implementations", accepting_implementations)):
        if rows is not None:
            getattr(certificate_type, name).set(rows)
    feed_record(certificate_type, operation=ChangeOperation.INSERT if creating else ChangeOperation.UPDATE, actor=user)
    return certificate_type


@transaction.atomic
def certificate_type_delete(*, certificate_type: CertificateType, user=None) -> None:
    feed_record(certificate_type, operation=ChangeOperation.DELETE, reason=LeaveReason.DELETED, actor=user)
    with acting(user):
        certificate_type.delete()


register(
    CertificateType,
    save=lambda *, instance, user=None, reason="": certificate_type_save(
        certificate_type=instance, user=user, reason=reason
    ),
    delete=lambda *, instance, user=None: certificate_type_delete(certificate_type=instance, user=user),
)
