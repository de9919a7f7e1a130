import pytest
from django.db import transaction

from tests.config_models.rule_cases import create_world_rows, load_world


@pytest.fixture(scope="module")
def _world_rows(django_db_setup, django_db_blocker):
    """Regions (with their pages), a catalog item, a department and a superuser, created once per module.

    Creating a region publishes its Wagtail page, which costs about a quarter of a second; creating the tree
    for every test made the rule tests take minutes. The rows live in a transaction around the module's tests
    (each test runs in a savepoint inside it) and are rolled back at the end of the module.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield create_world_rows()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def world(db, _world_rows):
    return load_world(_world_rows)
