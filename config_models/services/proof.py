"""证明事项: saved and deleted here, with every rule, its audit history and the refusals that keep materials
consistent (a proof still asked for is neither cancelled nor deleted)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from config_models.history import acting
from config_models.models import Proof, ProofStatus
from config_models.services import save_validated
from config_models.services.registry import register


def _asked_by(proof: Proof) -> int:
    return proof.materials.count() if proof.pk else 0


@transaction.atomic
def proof_save(*, proof: Proof, user=None, reason: str = "") -> Proof:
    """Save a proof (every rule of the model). Cancelling one that materials still ask for is refused: they
    would ask for what the clearance abolished."""
    asked = _asked_by(proof)
    if proof.status == ProofStatus.CANCELLED and asked:
        raise ValidationError({"status": _("仍有%(count)s项申请材料索要该证明，请先调整这些材料（如改为告知承诺）"
                                           "后再取消。") % {"count": asked}})
    if proof.pk:
        stored = Proof.objects.filter(pk=proof.pk).values_list("region_id", flat=True).first()
        if stored is not None and stored != proof.region_id and asked:
            raise ValidationError({"region": _("该证明已被申请材料索要，不能改变清理区划。")})
    return save_validated(proof, user=user, reason=reason)


@transaction.atomic
def proof_delete(*, proof: Proof, user=None) -> None:
    asked = _asked_by(proof)
    if asked:
        raise ValidationError(_("仍有%(count)s项申请材料索要该证明，不能删除；可先调整这些材料。") % {"count": asked})
    with acting(user):
        proof.delete()


register(
    Proof,
    save=lambda *, instance, user=None, reason="": proof_save(proof=instance, user=user, reason=reason),
    delete=lambda *, instance, user=None: proof_delete(proof=instance, user=user),
)
