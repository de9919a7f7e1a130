import pytest
from django.contrib.auth import get_user_model

from config_models.models import CatalogItem, Department, Implementation, LegalBasis, Material, Region
from tests.factories import CatalogItemFactory, DepartmentFactory, MembershipFactory, UserFactory
from tests.importers.make_files import CITY_ONLY_ITEM, DEPARTMENT, FILES, ITEM, SIBLING_DEPARTMENT

MODELS = (Region, Department, CatalogItem, LegalBasis, Implementation, Material)


def db_state() -> dict:
    """Row counts and history counts of every configuration model: what "unchanged" means."""
    state = {}
    for model in MODELS:
        state[model.__name__] = model.objects.count()
        state[f"{model.__name__} history"] = model.history.count()
    return state


@pytest.fixture
def world(regions):
    item = CatalogItemFactory(region=regions["province"], code=ITEM, name="建设工程施工许可证核发",
                              allowed_levels=["county", "township"])
    city_item = CatalogItemFactory(region=regions["province"], code=CITY_ONLY_ITEM, name="市级事项",
                                   allowed_levels=["city"])
    department = DepartmentFactory(region=regions["county"], name="广安区住房和城乡建设局", credit_code=DEPARTMENT)
    sibling_department = DepartmentFactory(region=regions["sibling"], name="前锋区住房和城乡建设局",
                                           credit_code=SIBLING_DEPARTMENT)
    return {"regions": regions, "item": item, "city_item": city_item, "department": department,
            "sibling_department": sibling_department}


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("import-admin", "admin@example.org", "pw")


@pytest.fixture
def county_admin(world):
    user = UserFactory(username="county-admin")
    MembershipFactory(user=user, region=world["regions"]["county"], role="county_admin")
    return user


@pytest.fixture
def viewer(world):
    user = UserFactory(username="viewer")
    MembershipFactory(user=user, region=world["regions"]["county"], role="viewer")
    return user


def read(name: str) -> bytes:
    return (FILES / name).read_bytes()
