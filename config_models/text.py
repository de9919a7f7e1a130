"""Text normalisation applied to every value that enters the catalog (DESIGN.md §5)."""

import re
import unicodedata

# Spaces of every width (ideographic, no-break, the typographic ones pasted from web pages and Word).
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Invisible characters that only get in the way of comparing names: zero-width space, BOM.
_INVISIBLE = re.compile(r"[\u200b\ufeff]")


def normalize_text(value: str) -> str:
    """Full-width digits and letters to half-width, trimmed, runs of spaces folded to one.

    Line breaks are kept (as \\n) but each line is trimmed; \\r\\n and \\r become \\n.

    Chinese punctuation (（）、，) is kept: it is correct in Chinese text and the published names use it.
    """
    if not value or not isinstance(value, str):
        return value  # a number from a spreadsheet is left to the field's own conversion and validation
    chars = []
    for ch in value:
        code = ord(ch)
        # Full-width ASCII digits and letters (０-９, Ａ-Ｚ, ａ-ｚ) only.
        if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
            ch = unicodedata.normalize("NFKC", ch)
        chars.append(ch)
    text = _INVISIBLE.sub("", "".join(chars)).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def normalize_code(value: str) -> str:
    """Codes (credit codes, region codes, phone numbers): half-width, upper case, no spaces anywhere.

    A code holds no Chinese text, so every full-width form is folded (NFKC), punctuation included:
    ０８２６－２３４５６７８ becomes 0826-2345678.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        return value  # a number keeps its type, so the field rejects it instead of guessing lost zeros
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).upper()
