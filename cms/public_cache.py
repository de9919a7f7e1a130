"""Public answers kept in the shared cache (Redis in production) under the feed version of what they read.

A public GraphQL GET or a public page is stored under its request (document and variables, or host, path
and query string) and the version (config_models.positions) of the regions it reads: a GraphQL document
whose root fields all name a `regionCode` reads those regions (their subtree and the regions above); any
other document, the whole tree; a page of a region's site, the site's region. The same version is the
answer's ETag, so a CDN revalidates with If-None-Match and gets a 304 without anything being executed.

On only where the cache is shared by every process that writes (`PUBLIC_ANSWER_CACHE`, set in production
when REDIS_URL is): a per-process cache would not see the other processes' edits. Answers also expire
after `PUBLIC_ANSWER_TTL` seconds, a bound on what a change outside the feed could leave behind.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.deprecation import MiddlewareMixin
from graphql import FieldNode, OperationDefinitionNode, StringValueNode, VariableNode

from config_models import positions
from config_models.models import Region

KEY_PREFIX = "tongban:answer"
DEFAULT_TTL = 3600


def enabled() -> bool:
    return bool(getattr(settings, "PUBLIC_ANSWER_CACHE", False))


def ttl() -> int:
    return int(getattr(settings, "PUBLIC_ANSWER_TTL", DEFAULT_TTL))


@dataclass(frozen=True)
class Entry:
    key: str
    etag: str

    def get(self) -> tuple[bytes, str] | None:
        """The stored body and content type, if any."""
        return cache.get(self.key)

    def put(self, body: bytes, content_type: str) -> None:
        cache.set(self.key, (body, content_type), ttl())


def _entry(request_key: str, region_paths: list[str] | None) -> Entry:
    version = positions.version(region_paths)
    digest = hashlib.sha256(f"{request_key}\n{version}".encode()).hexdigest()[:32]
    return Entry(key=f"{KEY_PREFIX}:{digest}", etag=f'"{digest}"')


def _region_codes(document, operation_name: str | None, variables: dict | None) -> list[str] | None:
    """The `regionCode` of every root field of the operation, or None if one has none (or is a fragment)."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)]
    if len(chosen) != 1:
        return None
    codes = []
    for selection in chosen[0].selection_set.selections:
        if not isinstance(selection, FieldNode):
            return None
        if selection.name.value == "__typename":
            continue
        argument = next((a for a in selection.arguments or () if a.name.value == "regionCode"), None)
        if argument is None:
            return None
        if isinstance(argument.value, StringValueNode):
            codes.append(argument.value.value)
        elif isinstance(argument.value, VariableNode) and isinstance((variables or {}).get(
                argument.value.name.value), str):
            codes.append(variables[argument.value.name.value])
        else:
            return None
    return codes or None


def graphql_entry(document, *, query: str, variables: dict | None, raw_variables: str, operation_name: str | None,
                  media_type: str) -> Entry:
    codes = _region_codes(document, operation_name, variables)
    paths = None
    if codes is not None:
        found = dict(Region.objects.filter(code__in=codes).values_list("code", "path"))
        paths = [found[code] for code in codes] if all(code in found for code in codes) else None
    request_key = "\n".join(["graphql", media_type, query, raw_variables, operation_name or ""])
    return _entry(request_key, paths)


def page_entry(request, region: Region | None) -> Entry:
    request_key = "\n".join(["page", request.get_host(), request.get_full_path()])
    return _entry(request_key, [region.path] if region is not None else None)


# Public pages ---------------------------------------------------------------------------------------------

# The URL names of the public site: Wagtail's pages and the views outside the page tree.
PUBLIC_PAGES = {"wagtail_serve", "public_item_guide", "public_certificates", "public_performance"}
DEFAULT_PAGE_MAX_AGE = 60


def _site_region(request) -> Region | None:
    from wagtail.models import Site

    site = Site.find_for_request(request)
    return getattr(site.root_page.specific, "region", None) if site else None


class PublicPageCacheMiddleware(MiddlewareMixin):
    """Public pages for visitors without a session, from the cache while nothing they read changed.

    Placed early in MIDDLEWARE, so the response it stores is the one every other middleware has finished
    (a page that sets a cookie or varies by one is never stored)."""

    def _cacheable_request(self, request, view_name: str) -> bool:
        return (enabled() and request.method == "GET" and view_name in PUBLIC_PAGES
                and settings.SESSION_COOKIE_NAME not in request.COOKIES)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self._cacheable_request(request, request.resolver_match.url_name):
            return None
        entry = request.public_page_entry = page_entry(request, _site_region(request))
        if request.headers.get("If-None-Match") == entry.etag:
            return self._headers(HttpResponseNotModified(), entry.etag)
        if (stored := entry.get()) is not None:
            body, content_type = stored
            response = self._headers(HttpResponse(body, content_type=content_type), entry.etag)
            response["X-Tongban-Cache"] = "hit"
            return response
        return None

    @staticmethod
    def _headers(response, etag: str):
        max_age = int(getattr(settings, "PUBLIC_PAGE_MAX_AGE", DEFAULT_PAGE_MAX_AGE))
        response["Cache-Control"] = f"public, max-age={max_age}"
        response["ETag"] = etag
        return response

    def process_response(self, request, response):
        entry = getattr(request, "public_page_entry", None)
        if entry is None or response.status_code != 200 or response.streaming or response.cookies:
            return response
        if response.has_header("X-Tongban-Cache"):  # answered from the cache by process_view
            return response
        # A page holding a CSRF token is the visitor's own. (Vary: Cookie only says the session was looked at:
        # a request without a session cookie has none.)
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or "private" in response.get("Cache-Control", ""):
            return response
        entry.put(response.content, response["Content-Type"])
        response = self._headers(response, entry.etag)
        response["X-Tongban-Cache"] = "miss"
        return response
