"""Code formats and check digits of the national standards (shared/domain/standards.md §1, §3, §4).

Pure functions, no Django: the model rules, the importers and the API all call them.
"""

import re

# GB 32100-2015: 31 characters, no I, O, S, V, Z; each worth its index.
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_CODE_LENGTH = 18
# Digits are ASCII only (in a str pattern \d would also match other scripts' digits such as ٠١٢), and
# patterns are applied with fullmatch: "$" alone would accept a trailing line break.
CREDIT_CODE_PATTERN = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")

CATALOG_CODE_PATTERN = re.compile(r"^[0-9]{12}$")


def credit_code_check_char(first17: str) -> str:
    """The 18th character of a 统一社会信用代码 whose first 17 characters are given."""
    total = sum(CREDIT_CODE_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def credit_code_is_well_formed(code: str) -> bool:
    return bool(CREDIT_CODE_PATTERN.fullmatch(code))


def credit_code_check_passes(code: str) -> bool:
    """True when the code is well formed and its check character is right."""
    return credit_code_is_well_formed(code) and credit_code_check_char(code[:17]) == code[17]


def organization_code_check_char(body: str) -> str:
    """GB 11714 check character of an 8-character 组织机构代码 body."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c, 36) * w for c, w in zip(body, weights, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


# Region codes: 6 digits (GB/T 2260) for province, city and county; 12 digits (statistical) below.
def region_code_error(code: str, level: str) -> str | None:
    """A Chinese message when `code` is not a valid code for a region of `level`, else None."""
    if level in ("province", "city", "county"):
        if not re.fullmatch(r"[0-9]{6}", code):
            return "省、市、县级区划代码应为6位数字（GB/T 2260）。"
        if level == "province" and not code.endswith("0000"):
            return "省级区划代码的后4位应为0000。"
        if level == "city" and (code.endswith("0000") or not code.endswith("00")):
            return "市级区划代码应以00结尾，且第3、4位不为00。"
        if level == "county" and code.endswith("00"):
            return "县级区划代码的后2位不应为00。"
        return None
    if not re.fullmatch(r"[0-9]{12}", code):
        return "乡镇（街道）和村（社区）的区划代码应为12位统计用区划代码。"
    if code[4:6] == "00" or code[6:9] == "000":
        return "12位区划代码的前6位应为县级代码，第7–9位为乡级代码（不为000）。"
    if level == "township" and code[9:] != "000":
        return "乡镇（街道）区划代码的后3位应为000。"
    if level == "village" and code[9:] == "000":
        return "村（社区）区划代码的后3位不应为000。"
    return None


def zone_township_code_ok(code: str) -> bool:
    """统计用区划代码: a township-level unit like a development zone has 400–599 in digits 7–9."""
    return len(code) == 12 and code[6:9].isdigit() and 400 <= int(code[6:9]) <= 599


def region_code_fits_parent(code: str, level: str, parent_code: str, parent_level: str) -> bool:
    """Whether a region's code sits inside its parent's code (a county of 511600 starts with 5116)."""
    prefix_length = {"province": 2, "city": 4, "county": 6, "township": 9}[parent_level]
    return code[:prefix_length] == parent_code[:prefix_length]


# 实施编码 = credit code (18) + 行使层级 digit (1) + 基本编码 (12) [standards.md §1]
LEVEL_DIGITS = {"province": "2", "city": "3", "county": "4", "township": "5", "village": "6"}
IMPLEMENTATION_CODE_PATTERN = re.compile(r"^(?P<credit>[0-9A-Z]{18})(?P<level>[1-6])(?P<catalog>[0-9]{12})$")


def implementation_code(credit_code: str, level: str, catalog_code: str) -> str:
    return f"{credit_code}{LEVEL_DIGITS[level]}{catalog_code}"


def parse_implementation_code(code: str) -> dict[str, str] | None:
    """Split a 31-character 实施编码 into credit code, level and catalog code, or None if malformed."""
    match = IMPLEMENTATION_CODE_PATTERN.fullmatch(code)
    if not match:
        return None
    level = {digit: name for name, digit in LEVEL_DIGITS.items()}.get(match["level"])
    if level is None:
        return None
    return {"credit_code": match["credit"], "level": level, "catalog_code": match["catalog"]}


# A plausible Chinese phone: landline with area code, mobile, or a service hotline such as 12345.
PHONE_PATTERN = re.compile(
    r"^(0\d{2,3}-?\d{7,8}(-\d{1,6})?|1[3-9]\d{9}|12345|400-?\d{3}-?\d{4})$", re.ASCII
)


# 电子证照 (GB/T 36901–36905) [standards.md §6] ---------------------------------------------------------
# 证照类型代码 = the defining body's 统一社会信用代码 (18) + a 3-digit sequence.
CERTIFICATE_TYPE_CODE_PATTERN = re.compile(r"^(?P<credit>[0-9A-HJ-NPQRTUWXY]{18})(?P<sequence>[0-9]{3})$")
CERTIFICATE_ROOT_OID = "1.2.156.3005.2"
ISO7064_ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def certificate_type_code_error(code: str) -> str | None:
    """A Chinese message when `code` is not a 证照类型代码, else None."""
    match = CERTIFICATE_TYPE_CODE_PATTERN.fullmatch(code)
    if not match:
        return "证照类型代码应为21位：证照定义机构的18位统一社会信用代码加3位顺序号。"
    if not credit_code_is_well_formed(match["credit"]):
        return "证照类型代码的前18位不是有效的统一社会信用代码。"
    return None


def mod37_36_check_char(text: str) -> str:
    """ISO/IEC 7064 MOD 37,36 (hybrid system) check character over digits and capital letters."""
    modulus = 36
    product = modulus
    for char in text:
        total = (product + ISO7064_ALPHANUMERIC.index(char)) % modulus or modulus
        product = (total * 2) % (modulus + 1)
    return ISO7064_ALPHANUMERIC[(modulus + 1 - product) % modulus]


CERTIFICATE_IDENTIFIER_PATTERN = re.compile(
    r"^1\.2\.156\.3005\.2\.(?P<type_code>[0-9A-Z]{21})\.(?P<issuer>[0-9A-Z]{18})\.(?P<serial>[0-9A-Za-z]{1,64})"
    r"\.(?P<version>[0-9]{3})\.(?P<check>[0-9A-Z])$"
)


def certificate_identifier_error(identifier: str, type_code: str | None = None) -> str | None:
    """A Chinese message when `identifier` is not a valid 电子证照标识 (of `type_code`, when given), else None."""
    match = CERTIFICATE_IDENTIFIER_PATTERN.fullmatch(identifier)
    if not match:
        return ("电子证照标识格式应为 1.2.156.3005.2.<证照类型代码>.<颁发机构代码>.<流水号>.<3位版本号>.<校验位>。")
    if type_code is not None and match["type_code"] != type_code:
        return "电子证照标识中的证照类型代码与本证照类型不一致。"
    body = (match["type_code"] + match["issuer"] + match["serial"] + match["version"]).upper()
    if mod37_36_check_char(body) != match["check"]:
        return "电子证照标识的校验位不正确（ISO/IEC 7064 MOD 37,36）。"
    return None
