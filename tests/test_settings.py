import importlib
import sys
import warnings

import pytest
from django.core.exceptions import ImproperlyConfigured

PRODUCTION = "cms.settings.production"


@pytest.fixture
def fresh_production_settings(monkeypatch):
    """Import the production settings module anew under the environment the test sets."""
    monkeypatch.delitem(sys.modules, PRODUCTION, raising=False)
    yield lambda: importlib.import_module(PRODUCTION)
    sys.modules.pop(PRODUCTION, None)


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_settings_refuse_to_start_without_required_variable(monkeypatch, fresh_production_settings, missing):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "tongban.example.org")
    monkeypatch.delenv(missing)

    with pytest.raises(ImproperlyConfigured, match=missing):
        fresh_production_settings()


def test_production_settings_take_secrets_and_hosts_from_environment(monkeypatch, fresh_production_settings):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "k" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "a.example.org,b.example.org")

    production = fresh_production_settings()

    assert production.DEBUG is False
    assert production.SECRET_KEY == "k" * 60
    assert production.ALLOWED_HOSTS == ["a.example.org", "b.example.org"]
    assert production.WAGTAILADMIN_BASE_URL == "https://a.example.org"


def test_whitenoise_does_not_warn_about_missing_static_root_in_tests():
    from whitenoise.middleware import WhiteNoiseMiddleware

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        WhiteNoiseMiddleware(get_response=lambda request: None)


def test_tests_run_tasks_at_once_so_the_search_index_follows_every_save(regions):
    from wagtail.search.backends import get_search_backend

    from config_models.models import CatalogItem
    from tests.factories import CatalogItemFactory

    CatalogItemFactory(region=regions["province"], name="营业执照核发")

    # Wagtail enqueues the index update as a task; the test settings' immediate backend has run it
    found = get_search_backend().search("营业执照核发", CatalogItem)
    assert [item.name for item in found] == ["营业执照核发"]
