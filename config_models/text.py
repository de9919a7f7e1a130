"""Text normalisation applied to every value that enters the catalog (DESIGN.md §5)."""

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u3000\u00a0]+")


def normalize_text(value: str) -> str:
    """Full-width digits and letters to half-width, trimmed, runs of spaces folded to one.

    Chinese punctuation (（）、，) is kept: it is correct in Chinese text and the published names use it.
    """
    if not value:
        return value
    chars = []
    for ch in value:
        code = ord(ch)
        # Full-width ASCII digits and letters (０-９, Ａ-Ｚ, ａ-ｚ) only.
        if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
            ch = unicodedata.normalize("NFKC", ch)
        chars.append(ch)
    text = "".join(chars)
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()


def normalize_code(value: str) -> str:
    """Codes: half-width, upper case, no spaces anywhere."""
    return re.sub(r"\s+", "", normalize_text(value or "")).upper()
