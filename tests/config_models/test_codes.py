"""Codes of the national standards (shared/domain/standards.md §1, §3, §4): check characters, region codes
by level, and the 实施编码 derived from an implementation."""

import pytest
from django.core.exceptions import ValidationError

from config_models import codes
from config_models.models import CatalogItem, Department, Implementation, Material
from config_models.services import save_validated
from config_models.services.implementation import implementation_save
from tests.cms.admin_forms import admin_post, form_data, form_errors
from tests.config_models.rule_cases import LEGACY_CREDIT_CODE, VALID

# Real codes of government bodies, from standards.md §3 and the 实施编码 table of §1.
REAL_CREDIT_CODES = [
    "11450721MB15580811",
    "11100000000013338W",
    "12441500196720244T",
    "11450721348531435D",
    "114507210081153718",
    "11650000010183859F",
    "11370800MB28559184",
    "11100000MB0341032Y",
]


# --- 统一社会信用代码 (GB 32100) ------------------------------------------------------------------


@pytest.mark.parametrize("code", REAL_CREDIT_CODES)
def test_real_credit_codes_pass_the_check(code):
    assert codes.credit_code_is_well_formed(code)
    assert codes.credit_code_check_passes(code)


def _single_substitutions(code):
    for position, original in enumerate(code):
        for replacement in codes.CREDIT_CODE_CHARSET:
            if replacement != original:
                yield position, code[:position] + replacement + code[position + 1 :]


@pytest.mark.parametrize("code", REAL_CREDIT_CODES)
def test_every_single_character_substitution_of_a_real_credit_code_fails_the_check(code):
    """GB 32100 detects every single substitution, and so must the implementation.

    The weights are 3^(i-1) mod 31; 31 is prime and no weight is 0 mod 31. Replacing one character changes its
    value by d with 0 < |d| < 31, so the weighted sum changes by d·w ≢ 0 (mod 31), and the check character,
    a one-to-one function of that sum mod 31, no longer matches. A new check character (position 18) cannot
    match the unchanged sum, and a letter in positions 3–8 breaks the format. 18 positions × 30 characters.
    """
    substitutions = list(_single_substitutions(code))
    assert len(substitutions) == 18 * 30
    passing = [changed for _, changed in substitutions if codes.credit_code_check_passes(changed)]
    assert passing == []


@pytest.mark.parametrize("code", REAL_CREDIT_CODES)
def test_swapping_two_neighbouring_characters_before_the_check_character_fails_the_check(code):
    """Neighbouring weights differ by a factor 3, so a swap changes the sum by −2·d·w ≢ 0 (mod 31)."""
    for position in range(16):
        a, b = code[position], code[position + 1]
        if a != b:
            swapped = code[:position] + b + a + code[position + 2 :]
            assert not codes.credit_code_check_passes(swapped), swapped


def test_the_legacy_pilot_code_fails_the_check_but_is_well_formed():
    assert codes.credit_code_is_well_formed(LEGACY_CREDIT_CODE)
    assert not codes.credit_code_check_passes(LEGACY_CREDIT_CODE)


@pytest.mark.parametrize(
    "code",
    [REAL_CREDIT_CODES[0] + "\n", "11٤٥٠٧٢١MB15580811", "11450721mb15580811", "11450721MB1558081", ""],
    ids=["trailing_line_break", "arabic_indic_digits", "lower_case", "17_characters", "empty"],
)
def test_malformed_credit_codes_are_not_well_formed(code):
    assert not codes.credit_code_is_well_formed(code)
    assert not codes.credit_code_check_passes(code)


def test_legacy_credit_code_is_accepted_by_the_service_with_the_acknowledgement(world):
    department = VALID[Department](world)
    department.credit_code = LEGACY_CREDIT_CODE
    with pytest.raises(ValidationError, match="校验位不正确"):
        save_validated(department, user=world.user)

    department.credit_code_check_acknowledged = True
    save_validated(department, user=world.user)

    saved = Department.objects.get(credit_code=LEGACY_CREDIT_CODE)
    assert saved.credit_code_check_acknowledged
    assert not saved.credit_code_check_passes
    assert saved.history.count() == 1


def test_legacy_credit_code_is_accepted_by_the_admin_form_with_the_acknowledgement(client, world):
    client.force_login(world.user)
    department = VALID[Department](world)
    department.credit_code = LEGACY_CREDIT_CODE

    refused = admin_post(client, department, form_data(department))
    assert refused.status_code == 200
    assert "确认使用校验未通过的历史代码" in form_errors(refused)["credit_code"][0]
    assert not Department.objects.filter(credit_code=LEGACY_CREDIT_CODE).exists()

    accepted = admin_post(client, department, form_data(department, credit_code_check_acknowledged="on"))
    assert accepted.status_code == 302
    saved = Department.objects.get(credit_code=LEGACY_CREDIT_CODE)
    assert saved.credit_code_check_acknowledged
    assert saved.history.get().history_user == world.user


def test_the_acknowledgement_does_not_excuse_a_malformed_credit_code(world):
    department = VALID[Department](world)
    department.credit_code = "11450721MB1558081I"
    department.credit_code_check_acknowledged = True
    with pytest.raises(ValidationError) as raised:
        save_validated(department)
    assert "应为18位" in raised.value.message_dict["credit_code"][0]


def test_credit_code_typed_with_spaces_full_width_and_lower_case_is_stored_normalised(world):
    department = VALID[Department](world)
    wanted = REAL_CREDIT_CODES[0]
    department.credit_code = " １１４５ 0721ｍb15580811 "
    save_validated(department, user=world.user)
    assert Department.objects.filter(pk=department.pk, credit_code=wanted).exists()


# --- 组织机构代码 (GB 11714), positions 9–17 of a credit code ---------------------------------------------


@pytest.mark.parametrize("code", [*REAL_CREDIT_CODES, LEGACY_CREDIT_CODE, "11430000006122244L"])
def test_the_organization_code_inside_real_credit_codes_has_the_right_check_character(code):
    body, check = code[8:16], code[16]
    assert codes.organization_code_check_char(body) == check


def test_the_organization_code_check_value_10_is_written_x():
    # 91350100M0001TGQXM: organization code M0001TGQ-X
    assert codes.organization_code_check_char("M0001TGQ") == "X"


def test_organization_code_check_detects_every_substitution_except_by_a_multiple_of_11():
    """GB 11714 works modulo 11 over values 0–35: a change by 11, 22 or 33 (0 → B, 1 → C …) goes undetected.

    That is the standard's own limit; the credit code's check character covers those positions too.
    """
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for body in (code[8:16] for code in REAL_CREDIT_CODES):
        check = codes.organization_code_check_char(body)
        for position, original in enumerate(body):
            for replacement in alphabet:
                if replacement == original:
                    continue
                changed = body[:position] + replacement + body[position + 1 :]
                detected = codes.organization_code_check_char(changed) != check
                assert detected == ((int(replacement, 36) - int(original, 36)) % 11 != 0), changed


# --- Region codes by level (GB/T 2260 and the 12-digit statistical codes) -------------------------------


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("510000", "province"),
        ("511600", "city"),
        ("513200", "city"),  # 阿坝州: a prefecture (21–50)
        ("469000", "city"),  # 省直辖县级 group
        ("511602", "county"),
        ("511681", "county"),  # 华蓥市, a county-level city
        ("511602001000", "township"),  # 街道 001–099
        ("511621100000", "township"),  # 镇 100–199
        ("511602001001", "village"),
        ("511621100200", "village"),
    ],
)
def test_region_codes_valid_for_their_level(code, level):
    assert codes.region_code_error(code, level) is None


@pytest.mark.parametrize(
    ("code", "level", "message"),
    [
        ("511600", "province", "后4位应为0000"),
        ("51000", "province", "6位数字"),
        ("510000", "city", "以00结尾"),
        ("511602", "city", "以00结尾"),
        ("511600", "county", "后2位不应为00"),
        ("5116020", "county", "6位数字"),
        ("51160A", "county", "6位数字"),
        ("٥١١٦٠٢", "county", "6位数字"),
        ("511602", "township", "12位统计用区划代码"),
        ("511602001001", "township", "后3位应为000"),
        ("511602000000", "township", "第7–9位为乡级代码"),
        ("511600001000", "township", "前6位应为县级代码"),
        ("511602001000", "village", "后3位不应为000"),
        ("51160200100", "village", "12位统计用区划代码"),
    ],
)
def test_region_codes_invalid_for_their_level_are_refused_in_chinese(code, level, message):
    error = codes.region_code_error(code, level)
    assert error is not None
    assert message in error


@pytest.mark.parametrize(
    ("code", "level", "parent_code", "parent_level", "fits"),
    [
        ("511600", "city", "510000", "province", True),
        ("521600", "city", "510000", "province", False),
        ("511602", "county", "511600", "city", True),
        ("511702", "county", "511600", "city", False),
        ("511602001000", "township", "511602", "county", True),
        ("511603001000", "township", "511602", "county", False),
        ("511602001001", "village", "511602001000", "township", True),
        ("511602002001", "village", "511602001000", "township", False),
    ],
)
def test_a_region_code_must_start_with_its_parents_code(code, level, parent_code, parent_level, fits):
    assert codes.region_code_fits_parent(code, level, parent_code, parent_level) is fits


# --- 实施编码: credit code (18) + level digit (1) + 基本编码 (12) ------------------------------------------

# The six real 实施编码 of standards.md §1, with the parts the table gives for each.
REAL_IMPLEMENTATION_CODES = [
    ("11450721MB155808114000104002000", "11450721MB15580811", "county", "000104002000"),
    ("11450721348531435D4001033002000", "11450721348531435D", "county", "001033002000"),
    ("1145072100811537184452004020000", "114507210081153718", "county", "452004020000"),
    ("12441500196720244T3442199806003", "12441500196720244T", "city", "442199806003"),
    ("11650000010183859F2650116013001", "11650000010183859F", "province", "650116013001"),
    ("11370800MB285591843370117002011", "11370800MB28559184", "city", "370117002011"),
]


@pytest.mark.parametrize(("code", "credit_code", "level", "catalog_code"), REAL_IMPLEMENTATION_CODES)
def test_real_implementation_codes_parse_into_their_parts_and_derive_back(code, credit_code, level, catalog_code):
    assert len(code) == 31
    assert codes.parse_implementation_code(code) == {
        "credit_code": credit_code, "level": level, "catalog_code": catalog_code,
    }
    assert codes.credit_code_check_passes(credit_code)
    assert codes.implementation_code(credit_code, level, catalog_code) == code


@pytest.mark.parametrize(
    "code",
    [
        "11450721MB15580811400010400200",  # 30 characters
        "11450721MB155808114000104002000X",  # 32
        "11450721MB155808117000104002000",  # level 7 does not exist
        "11450721MB155808111000104002000",  # 1 国家级: no region of this catalog is national
        "11450721MB15580811400010400200A",  # 基本编码 with a letter
        "11450721MB155808114000104002000\n",
    ],
)
def test_malformed_implementation_codes_do_not_parse(code):
    assert codes.parse_implementation_code(code) is None


@pytest.mark.parametrize(("region_key", "digit"), [("county", "4"), ("township", "5"), ("village", "6")])
def test_an_implementation_derives_its_code_from_department_level_and_catalog_item(world, region_key, digit):
    world.item.allowed_levels = ["county", "township", "village"]
    world.item.save()
    implementation = VALID[Implementation](world)
    implementation.region = world.regions[region_key]
    implementation_save(implementation=implementation, materials=[Material(name="申请表")], user=world.user)

    code = Implementation.objects.get(pk=implementation.pk).implementation_code
    assert code == world.department.credit_code + digit + world.item.code
    assert codes.parse_implementation_code(code)["level"] == region_key
    assert implementation.materials.get().material_code == code + "001"
    assert list(Implementation.objects.with_code(code)) == [implementation]


def test_with_code_ignores_case_and_spaces_and_finds_nothing_for_other_codes(world):
    implementation = implementation_save(implementation=VALID[Implementation](world), user=world.user)
    code = implementation.implementation_code

    assert list(Implementation.objects.with_code(f" {code[:18].lower()} {code[18:]} ")) == [implementation]
    other_level = code[:18] + "5" + code[19:]
    other_item = code[:19] + "000101005001"
    for wrong in (other_level, other_item, code[:-1], "", "不是编码"):
        assert not Implementation.objects.with_code(wrong).exists(), wrong


# --- 基本编码: enforced as 12 digits; the inferred internal split only warns ----------------------------


@pytest.mark.parametrize(
    ("code", "item_type", "warns"),
    [("000101009000", "01", False), ("002001009000", "01", True), ("452004020000", "20", False)],
)
def test_catalog_code_type_digits_that_disagree_with_the_item_type_only_warn(world, code, item_type, warns):
    """standards.md §1 infers positions 3–4 = 事项类型 from six real codes only, so it must not block a save."""
    item = VALID[CatalogItem](world)
    item.code, item.item_type = code, item_type
    item.full_clean()
    assert bool(item.warnings) is warns
    assert all("仅作提示" in warning for warning in item.warnings)
