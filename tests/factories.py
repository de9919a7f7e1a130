"""factory_boy factories for every model. Regions and pages go through the region service."""

import factory
from django.contrib.auth import get_user_model

from config_models import codes
from config_models.models import (
    CatalogItem,
    Department,
    Implementation,
    LegalBasis,
    Material,
    Membership,
    Region,
)
from config_models.services.region import region_save


def make_region(code: str, name: str, level: str, parent: Region | None = None) -> Region:
    return region_save(region=Region(code=code, name=name, level=level, parent=parent))


def credit_code(seed: int, region_code: str = "511602") -> str:
    """A valid 统一社会信用代码 for a 机关 (11) registered in `region_code`."""
    body = f"11{region_code[:6]}{seed:08d}{'MB'[seed % 2]}"[:17]
    return body + codes.credit_code_check_char(body)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"测试局{n}")
    credit_code = factory.Sequence(lambda n: credit_code(n + 1))
    region = None


class CatalogItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatalogItem

    code = factory.Sequence(lambda n: f"0001{n + 1:05d}000")
    name = factory.Sequence(lambda n: f"测试事项{n}")
    item_type = "01"
    region = None
    allowed_levels = factory.LazyFunction(lambda: ["city", "county", "township", "village"])
    live = True


class LegalBasisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalBasis

    catalog_item = factory.SubFactory(CatalogItemFactory)
    law_name = "《中华人民共和国行政许可法》"
    clause = "第十二条"


class ImplementationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Implementation

    catalog_item = None
    region = None
    department = None
    statutory_limit = 20
    committed_limit = 5
    handling_type = "committed"
    service_objects = factory.LazyFunction(lambda: ["1"])
    visit_count = 1
    visit_reason = "需现场核验身份证件原件"
    consult_phone = "0826-2345678"
    complaint_phone = "12345"
    live = True


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material

    implementation = None
    name = factory.Sequence(lambda n: f"申请表{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    region = None
    role = "viewer"


# Published lists and the certificate catalog --------------------------------------------------------------

MOHURD = "11100000000013338W"  # 中华人民共和国住房和城乡建设部 (standards.md §6)


class CertificateTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "config_models.CertificateType"

    name = factory.Sequence(lambda n: f"测试证照{n}")
    type_code = factory.Sequence(lambda n: f"{MOHURD}{n + 100:03d}")
    defining_body = "中华人民共和国住房和城乡建设部"
    holder_type = "legal_person"
    region = None


class ListTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "config_models.ListType"
        django_get_or_create = ["code"]

    code = "zuiduo-paoyici"
    name = "最多跑一次事项清单"


def make_published_list(region: Region, *, code: str, title: str = "最多跑一次事项清单", rule=(), combinator="all",
                        list_type=None, overrides=()):
    """A published list page under the region's page; `rule` holds (field, operator, value) conditions."""
    from config_models.models import ListOverride, PublishedListPage, RegionPage

    page = PublishedListPage(
        title=title, slug=code, code=code, list_type=list_type or ListTypeFactory(), rule_combinator=combinator,
        rule=[("condition", {"field": field, "operator": operator, "value": value})
              for field, operator, value in rule],
    )
    page.overrides = [ListOverride(implementation=implementation, action=action)
                      for implementation, action in overrides]
    RegionPage.objects.get(region=region).add_child(instance=page)
    page.save_revision().publish()
    return PublishedListPage.objects.get(pk=page.pk)
