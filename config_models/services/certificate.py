from django.db import transaction

from config_models.models import CertificateType
from config_models.services import save_validated


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
    save_validated(certificate_type, user=user, reason=reason)
    for name, rows in (("issuing_departments", issuing_departments),
                       ("issuing_implementations", issuing_implementations),
                       ("accepting_implementations", accepting_implementations)):
        if rows is not None:
            getattr(certificate_type, name).set(rows)
    return certificate_type
