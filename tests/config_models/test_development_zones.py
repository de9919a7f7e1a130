"""Development zones (开发区/园区): a region kind at county level under a city, or township level under a county,
with their own administrators."""

import pytest
from django.core.exceptions import ValidationError

from config_models import scope
from config_models.models import Implementation, Membership, Region, RegionKind, Role
from config_models.services.membership import membership_save
from config_models.services.region import region_save
from tests.factories import DepartmentFactory, ImplementationFactory, UserFactory

pytestmark = pytest.mark.django_db


def zone(code, name, level, parent):
    return region_save(region=Region(code=code, name=name, level=level, parent=parent,
                                     kind=RegionKind.DEVELOPMENT_ZONE))


def test_a_city_zone_at_county_level_has_its_own_admin_and_scope(regions, catalog_item):
    # given
    park = zone("511671", "广安经济技术开发区", "county", regions["city"])
    admin = UserFactory(username="zone_admin")
    membership_save(membership=Membership(user=admin, region=park, role=Role.COUNTY_ADMIN))
    own = ImplementationFactory(catalog_item=catalog_item, region=park, department=DepartmentFactory(region=park))
    ImplementationFactory(catalog_item=catalog_item, region=regions["county"],
                          department=DepartmentFactory(region=regions["county"]))

    # then
    assert park.page.title == "广安经济技术开发区"
    assert list(scope.scoped(admin, ["change"], Implementation.objects.all())) == [own]


def test_a_county_park_at_township_level_takes_a_township_like_code(regions):
    park = zone("511602400000", "广安区协兴园区", "township", regions["county"])
    assert park.kind == RegionKind.DEVELOPMENT_ZONE and park.path.startswith(regions["county"].path)

    with pytest.raises(ValidationError) as refused:
        zone("511602002000", "广安区另一园区", "township", regions["county"])
    assert "400–599" in str(refused.value)


@pytest.mark.parametrize(("code", "level", "parent", "message"), [
    ("511602400001", "village", "township", "只能设为县级"),
    ("511672", "county", "province", "隶属于市"),
])
def test_a_zone_elsewhere_is_refused_in_chinese(regions, code, level, parent, message):
    with pytest.raises(ValidationError, match=message):
        zone(code, "错误的园区", level, regions[parent])
    assert not Region.objects.filter(code=code).exists()


def test_the_api_tells_zones_apart(regions):
    from tests.api.conftest import GraphQL

    zone("511671", "广安经济技术开发区", "county", regions["city"])
    data = GraphQL()('{ regions(parentCode: "511600", first: 10) { edges { node { code kind } } } }')
    kinds = {edge["node"]["code"]: edge["node"]["kind"] for edge in data["regions"]["edges"]}
    assert kinds["511671"] == "DEVELOPMENT_ZONE" and kinds["511602"] == "ADMINISTRATIVE"
