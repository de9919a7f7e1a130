"""E-certificate consistency: a material exempt because an e-certificate replaces it names that certificate
type, and the type must be in the region's e-certificate catalog (kept by the region or above). The import
path is tested in tests/importers/test_material_references.py."""


import pytest
from django.core.exceptions import ValidationError

from config_models.models import Material
from config_models.services.implementation import implementation_save
from tests.factories import CertificateTypeFactory

pytestmark = pytest.mark.django_db


def exempt(certificate_type=None, name="营业执照"):
    return Material(name=name, source="government", e_certificate_exempt=True, certificate_type=certificate_type)


def test_an_exempt_material_without_its_certificate_type_is_refused(implementation):
    with pytest.raises(ValidationError) as refused:
        implementation_save(implementation=implementation, materials=[exempt()])
    assert "须选择对应的电子证照类型" in " ".join(refused.value.message_dict["materials[1]"])
    assert not implementation.materials.exists()


def test_a_certificate_type_outside_the_regions_catalog_is_refused(regions, implementation):
    sibling_type = CertificateTypeFactory(name="营业执照", region=regions["sibling"])
    with pytest.raises(ValidationError) as refused:
        implementation_save(implementation=implementation, materials=[exempt(sibling_type)])
    assert "由前锋区维护，不在广安区的电子证照目录中" in " ".join(refused.value.message_dict["materials[1]"])
    assert not implementation.materials.exists()
    city_type = CertificateTypeFactory(name="营业执照", region=regions["city"])
    implementation_save(implementation=implementation, materials=[exempt(city_type)])
    assert implementation.materials.get().certificate_type == city_type


def test_the_item_guide_names_the_e_certificate_that_replaces_a_material(client, regions, implementation):
    from django.urls import reverse

    from config_models.services.site import region_site_ensure

    region_site_ensure(region=regions["county"], hostname="testserver", is_default=True)
    licence = CertificateTypeFactory(name="营业执照", region=regions["city"])
    implementation_save(implementation=implementation, materials=[exempt(licence)])
    html = client.get(reverse("public_item_guide", args=[implementation.pk])).content.decode()
    assert "可用电子证照免提交（营业执照）" in html
