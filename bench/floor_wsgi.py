"""The floor of bench/serve.py, served by gunicorn beside the product: plain Django JSON views that read the
same rows as the measured requests (one query per table, json.dumps), with the product's settings and
middleware, so the ratio counts what the product adds above Django itself.

    gunicorn bench.floor_wsgi --bind 127.0.0.1:PORT
"""

import json
import os

import django
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
django.setup()
settings.ROOT_URLCONF = __name__  # these views only

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.shortcuts import get_object_or_404  # noqa: E402
from django.urls import path  # noqa: E402

from bench.floors import floor  # noqa: E402
from config_models.models import Implementation, PublishedListPage, Region  # noqa: E402
from config_models.services.published_list import PAGE_DEFERRED, current_publication  # noqa: E402


def _json(payload) -> HttpResponse:
    return HttpResponse(json.dumps(payload, ensure_ascii=False, default=str), content_type="application/json")


def implementations(request, code):
    """The rows of the cached GraphQL GET: the first 50 implementations of the region, id and name."""
    region = get_object_or_404(Region, code=code)
    rows = (Implementation.objects.filter(region=region, live=True).order_by("pk")
            .values("id", "catalog_item__name")[:50])
    return _json({"data": {"implementations": list(rows)}})


def published_list(request, pk):
    """The entries of the list page's current batch, as the page shows them."""
    publication = current_publication(get_object_or_404(PublishedListPage, pk=pk), defer=PAGE_DEFERRED)
    return _json({"entries": publication.entries if publication else []})


def pull(request, code):
    body, _rows, _materials = floor(get_object_or_404(Region, code=code))
    return HttpResponse(body, content_type="application/json")


urlpatterns = [
    path("floor/implementations/<str:code>/", implementations),
    path("floor/list/<int:pk>/", published_list),
    path("floor/pull/<str:code>/", pull),
]

application = WSGIHandler()
