from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.api.views import ApiView, mirror_snapshot
from cms.public import views as public_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("graphql/", ApiView.as_view(), name="graphql"),
    path("mirror/<str:region_code>/snapshot.ndjson", mirror_snapshot, name="mirror_snapshot"),
    path("items/", public_views.implementation_catalog, name="public_items"),
    path("guide/<int:pk>/", public_views.item_guide, name="public_item_guide"),
    path("certificates/", public_views.certificate_catalog, name="public_certificates"),
    path("performance/", public_views.performance, name="public_performance"),
    path("evaluations/", public_views.evaluations, name="public_evaluations"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
