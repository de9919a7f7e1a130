"""Local code vocabularies → national codes, read from CodeMapping (edited by administrators).

DEFAULT_MAPPINGS seeds the table (migration 0002); after that the table is the only source.
"""

from config_models.text import normalize_code, normalize_text
from importers.models import CodeMapping

# (vocabulary, local value, national value, note)
DEFAULT_MAPPINGS = [
    *[("item_type", letters, code, "字母类型代码") for letters, code in [
        ("XK", "01"), ("CF", "02"), ("QZ", "03"), ("ZS", "04"), ("JF", "05"), ("CJ", "06"), ("QR", "07"),
        ("JL", "08"), ("QT", "10"), ("GG", "20"),
    ]],
    # Unpadded national numbers (Sichuan publishes 1, not 01); "0" is left out: its meaning varies by system.
    *[("item_type", str(number), f"{number:02d}", "未补零的国家编号") for number in range(1, 10)],
    ("handling_type", "即办", "immediate", "办件类型文字"),
    ("handling_type", "即办件", "immediate", "办件类型文字"),
    ("handling_type", "1", "immediate", "project_type 1"),
    ("handling_type", "承诺", "committed", "办件类型文字"),
    ("handling_type", "承诺件", "committed", "办件类型文字"),
    ("handling_type", "2", "committed", "project_type 2"),
]

def mapping_key(value) -> str:
    return normalize_code(normalize_text(str(value)))


def load_mappings() -> dict[str, dict[str, str]]:
    """vocabulary → {normalised local value: national value}; one query, read once per import."""
    table: dict[str, dict[str, str]] = {}
    for vocabulary, local, national in CodeMapping.objects.values_list("vocabulary", "local_value", "national_value"):
        table.setdefault(vocabulary, {})[mapping_key(local)] = national
    return table
