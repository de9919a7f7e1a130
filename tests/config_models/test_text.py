"""Text normalisation (DESIGN.md §5): full-width digits and letters, spaces, line breaks; codes stay text."""

import pytest
from django.core.exceptions import ValidationError

from config_models.models import CatalogItem, Implementation, Material, Region
from config_models.services.catalog import catalog_item_save
from config_models.services.implementation import implementation_save
from config_models.services.region import region_save
from config_models.text import normalize_code, normalize_text
from tests.cms.admin_forms import admin_post, form_data, form_errors
from tests.config_models.rule_cases import VALID


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("建设工程施工许可证核发", "建设工程施工许可证核发"),
        ("  建设工程施工许可证核发\u3000", "建设工程施工许可证核发"),  # surrounding spaces, ideographic too
        ("建设工程  施工许可\u3000\u3000证", "建设工程 施工许可 证"),  # runs of spaces fold to one
        ("建设工程\t施工许可\u00a0证", "建设工程 施工许可 证"),  # tabs and no-break spaces are spaces
        ("第１２条", "第12条"),  # full-width digits
        ("ＧＢ　３２１００－２０１５", "GB 32100－2015"),  # full-width letters; the full-width dash is text
        ("ａｂｃ", "abc"),
        ("（一）申请表、身份证", "（一）申请表、身份证"),  # Chinese punctuation is kept
        ("第一行  \r\n  第二行\r第三行", "第一行\n第二行\n第三行"),  # line breaks kept, each line trimmed
        ("\n\n第一行\n\n", "第一行"),
        ("申请\u200b表\ufeff", "申请表"),  # zero-width space and BOM pasted from the web
        ("", ""),
    ],
)
def test_normalize_text(raw, normalised):
    assert normalize_text(raw) == normalised


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        (" 000101001000 ", "000101001000"),
        ("０００１０１００１０００", "000101001000"),
        ("0001 0100 1000", "000101001000"),
        ("11450721mb15580811", "11450721MB15580811"),
        ("０８２６－２３４５６７８", "0826-2345678"),
        ("\t0826 2345678\n", "08262345678"),
        (None, ""),
    ],
)
def test_normalize_code(raw, normalised):
    assert normalize_code(raw) == normalised


def test_a_number_is_not_taken_for_a_code_with_its_leading_zeros_lost():
    """Excel turns 000101001000 into 101001000; the number is left as it is for the field to refuse."""
    assert normalize_code(101001000) == 101001000
    assert normalize_text(101001000) == 101001000


def test_codes_keep_their_leading_zeros_through_the_service_and_the_database(world):
    item = VALID[CatalogItem](world)
    item.code = "０００１０１００９０００ "
    catalog_item_save(item=item, user=world.user)
    assert CatalogItem.objects.filter(pk=item.pk).values_list("code", flat=True).get() == "000101009000"


def test_a_catalog_code_that_lost_its_leading_zeros_as_a_number_is_refused(world):
    item = VALID[CatalogItem](world)
    item.code = 101009000
    with pytest.raises(ValidationError) as raised:
        catalog_item_save(item=item, user=world.user)
    assert "基本编码应为12位数字" in raised.value.message_dict["code"][0]


def test_the_service_stores_normalised_names_codes_phones_and_materials(world):
    implementation = VALID[Implementation](world)
    implementation.consult_phone = "０８２６－２３４５６７８"
    implementation.visit_reason = "  需现场核验\u3000\u3000身份证件原件\r\n  并留存复印件  "
    implementation.local_code = " ab-001 "
    implementation_save(implementation=implementation, materials=[Material(name=" 建设工程规划许可证\u3000")],
                        user=world.user)

    saved = Implementation.objects.get(pk=implementation.pk)
    assert saved.consult_phone == "0826-2345678"
    assert saved.visit_reason == "需现场核验 身份证件原件\n并留存复印件"
    assert saved.local_code == "AB-001"
    assert saved.materials.get().name == "建设工程规划许可证"
    # the history row holds the normalised values too
    assert saved.history.latest().consult_phone == "0826-2345678"


def test_a_region_code_with_a_trailing_space_is_saved_trimmed(world):
    """The field's length check runs after normalisation: "511602002000 " is 13 characters before it."""
    region = VALID[Region](world)
    region.code = "511602002000 "
    region.name = " 中桥街道 "
    region_save(region=region, user=world.user)
    saved = Region.objects.get(pk=region.pk)
    assert (saved.code, saved.name, saved.page.title) == ("511602002000", "中桥街道", "中桥街道")


def test_the_admin_form_stores_normalised_values(client, world):
    client.force_login(world.user)
    item = VALID[CatalogItem](world)
    data = form_data(item, code="０００１０１００９０００", name="  建设工程  竣工验收备案\u3000",
                     child_rows={"legal_bases": [{"law_name": " 《建设工程质量管理条例》 ", "clause": "第四十九条 "}]})
    response = admin_post(client, item, data, publish=True)
    assert response.status_code == 302, form_errors(response)

    saved = CatalogItem.objects.get(code="000101009000")
    assert saved.name == "建设工程 竣工验收备案"
    assert [(b.law_name, b.clause) for b in saved.legal_bases.all()] == [("《建设工程质量管理条例》", "第四十九条")]
