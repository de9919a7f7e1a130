"""Who is asking: the public, or an API client identified by `Authorization: Bearer <token>`.

The API never reads the Django session: a browser logged in to the admin is the public here, so the
view needs no CSRF protection and public responses stay cacheable.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from cms.models import ApiClient, ApiScope, hash_token

# last_used_at is written at most this often per client, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class AuthenticationFailed(Exception):
    """The request carried credentials that do not identify an active client."""


@dataclass(frozen=True)
class Viewer:
    """What one request may see. The public sees published rows; a client also sees drafts of its subtree."""

    client: ApiClient | None = None
    region_path: str = ""

    @property
    def is_public(self) -> bool:
        return self.client is None

    @property
    def sees_drafts(self) -> bool:
        return self.client is not None and self.client.has_scope(ApiScope.DRAFTS)

    @property
    def sees_internal(self) -> bool:
        return self.client is not None and self.client.has_scope(ApiScope.INTERNAL)

    def covers(self, region_path: str | None) -> bool:
        """Whether a row placed at `region_path` lies in this client's draft scope."""
        return self.sees_drafts and bool(region_path) and region_path.startswith(self.region_path)


PUBLIC = Viewer()


def viewer_from_authorization(header: str | None) -> Viewer:
    """The viewer for an `Authorization` header; raises AuthenticationFailed for anything but a valid token."""
    if not header:
        return PUBLIC
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        raise AuthenticationFailed("Unsupported authorization scheme: send `Authorization: Bearer <token>`.")
    token = token.strip()
    if not token:
        raise AuthenticationFailed("Empty bearer token.")
    client = ApiClient.objects.select_related("region").filter(token_hash=hash_token(token)).first()
    if client is None:
        raise AuthenticationFailed("Unknown API token.")
    if client.revoked:
        raise AuthenticationFailed("This API token has been revoked.")
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at > LAST_USED_RESOLUTION:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
    return Viewer(client=client, region_path=client.region.path)
