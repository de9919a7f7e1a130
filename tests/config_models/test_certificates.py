"""电子证照目录: type codes, identifiers (ISO/IEC 7064 MOD 37,36), issuing and accepting implementations."""

import pytest
from django.core.exceptions import ValidationError

from config_models import codes
from config_models.models import CertificateType
from config_models.services.certificate import certificate_type_save
from tests.factories import MOHURD, CertificateTypeFactory

# A real identifier (standards.md §6): type 11100000000013338W011, issuer 11430000006122244L.
REAL_IDENTIFIER = "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U"


def test_real_identifier_check_character_is_recomputed():
    body = "11100000000013338W011" + "11430000006122244L" + "20230000403" + "001"
    assert codes.mod37_36_check_char(body) == "U"
    assert codes.certificate_identifier_error(REAL_IDENTIFIER) is None


@pytest.mark.parametrize("position", range(len(REAL_IDENTIFIER) - 2))
def test_any_single_changed_character_of_the_identifier_body_is_caught(position):
    char = REAL_IDENTIFIER[position]
    if not char.isalnum():
        return
    replacement = "7" if char != "7" else "8"
    changed = REAL_IDENTIFIER[:position] + replacement + REAL_IDENTIFIER[position + 1:]
    assert codes.certificate_identifier_error(changed) is not None


def test_identifier_of_another_type_is_refused():
    assert "不一致" in codes.certificate_identifier_error(REAL_IDENTIFIER, f"{MOHURD}032")


@pytest.mark.parametrize("code, valid", [
    ("11100000000013338W032", True),
    ("11100000MB0341032Y002", True),
    ("11100000000013338W32", False),  # two-digit sequence
    ("11100000000013338WA32", False),  # letter in the sequence
    ("I1100000000013338W032", False),  # I is not in the credit-code charset
])
def test_certificate_type_code_is_credit_code_plus_three_digits(code, valid):
    assert (codes.certificate_type_code_error(code) is None) is valid


def test_certificate_type_save_validates_codes_and_names_the_field(regions):
    bad = CertificateType(name="建筑施工特种作业人员操作资格证书", type_code="11100000000013338W32",
                          defining_body="住房和城乡建设部", holder_type="natural_person", region=regions["city"],
                          sample_identifier=REAL_IDENTIFIER.replace(".U", ".V"))
    with pytest.raises(ValidationError) as raised:
        certificate_type_save(certificate_type=bad)
    assert set(raised.value.message_dict) == {"type_code", "sample_identifier"}
    assert not CertificateType.objects.exists()


def test_certificate_type_links_issuing_and_accepting_implementations_with_history(regions, implementation):
    certificate = certificate_type_save(
        certificate_type=CertificateType(
            name="建筑工程施工许可证", type_code=f"{MOHURD}011", defining_body="中华人民共和国住房和城乡建设部",
            holder_type="legal_person", region=regions["city"], sample_identifier=REAL_IDENTIFIER,
            validity_years=None,
        ),
        issuing_departments=[implementation.department],
        issuing_implementations=[implementation],
        accepting_implementations=[],
    )
    assert list(implementation.issued_certificate_types.all()) == [certificate]
    assert certificate.defining_body_code == MOHURD
    assert certificate.holder_code_type == ("001", "统一社会信用代码")
    assert certificate.validity_display == "长期有效"
    assert certificate.search_initials == "jzgcsgxkz"
    certificate.name = "建筑工程施工许可证（电子）"
    certificate_type_save(certificate_type=certificate, reason="更名")
    records = list(certificate.history.order_by("history_id"))
    # Setting the related rows records history too (one row per relation change), then the rename.
    names = list(dict.fromkeys(record.name for record in records))
    assert names == ["建筑工程施工许可证", "建筑工程施工许可证（电子）"]
    assert [row.implementation_id for row in records[-1].issuing_implementations.all()] == [implementation.pk]


def test_county_admin_sees_city_certificate_types_but_edits_only_its_own(regions):
    from config_models import scope
    from config_models.models import Membership, Role
    from config_models.services.membership import membership_save
    from tests.factories import UserFactory

    city_type = CertificateTypeFactory(region=regions["city"])
    own = CertificateTypeFactory(region=regions["county"])
    other = CertificateTypeFactory(region=regions["sibling"])
    user = UserFactory()
    membership_save(membership=Membership(user=user, region=regions["county"], role=Role.COUNTY_ADMIN))
    assert set(scope.scoped(user, ["view"], CertificateType.objects.all())) == {city_type, own}
    assert set(scope.scoped(user, ["change"], CertificateType.objects.all())) == {own}
    assert not scope.user_may_act_on(user, "change", other)
