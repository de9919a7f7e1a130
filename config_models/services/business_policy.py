"""Writers of 惠企政策 (business policies)."""

from config_models.models import BusinessPolicy
from config_models.services.region_rows import delete_row, save_with_implementations
from config_models.services.registry import register


def business_policy_save(
    *, business_policy: BusinessPolicy, implementations=None, user=None, reason: str = ""
) -> BusinessPolicy:
    """Save a business policy (every rule, the user's scope) and, when given, the implementations that deliver
    it: at least one unless it is 免申即享, and only of its region and the regions below it."""
    return save_with_implementations(business_policy, implementations=implementations, user=user, reason=reason)


def business_policy_delete(*, business_policy: BusinessPolicy, user=None) -> None:
    delete_row(business_policy, user=user)


register(
    BusinessPolicy,
    save=lambda *, instance, user=None, reason="", implementations=None: business_policy_save(
        business_policy=instance, implementations=implementations, user=user, reason=reason
    ),
    delete=lambda *, instance, user=None: business_policy_delete(business_policy=instance, user=user),
)
