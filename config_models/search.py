"""Chinese search without a Chinese search engine (DESIGN.md §7).

Database full-text backends treat a run of Chinese characters as one word, so 施工许可 would not find
建设工程施工许可证核发. Names are indexed as jieba search segments and as pinyin initials (营业执照 → yyzz);
a query matches when it is a substring of the name, code or initials, or when every jieba segment of the
query is among the name's text. Plain substring lookups, so SQLite and PostgreSQL answer alike.
"""

import logging
from functools import lru_cache

import jieba
from pypinyin import Style, lazy_pinyin

from config_models.text import normalize_text

jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=4096)
def segments(text: str) -> tuple[str, ...]:
    """jieba's search segmentation: words and their longer compounds, without spaces or punctuation."""
    return tuple(dict.fromkeys(word for word in jieba.cut_for_search(text) if word.strip()))


@lru_cache(maxsize=4096)
def initials(text: str) -> str:
    """Pinyin initials of the Chinese characters of `text`, lower case: 营业执照 → yyzz."""
    return "".join(syllable[0] for syllable in lazy_pinyin(text, style=Style.FIRST_LETTER) if syllable).lower()


def segmented(text: str) -> str:
    """The text stored in a segmented search column: segments separated by spaces."""
    return " ".join(segments(text))


def normalize_query(query: str) -> str:
    return normalize_text(query or "").strip()


def query_segments(query: str) -> list[str]:
    return [word for word in segments(query) if len(word) > 1 or not word.isascii()]


def text_matches(query: str, *, name: str, codes: tuple[str, ...] = ()) -> bool:
    """Whether one row (its name and codes) answers `query`, by the rules above."""
    query = normalize_query(query)
    if not query:
        return True
    lowered = query.lower()
    if query in name or any(lowered in code.lower() for code in codes if code):
        return True
    if lowered.isascii() and lowered.isalpha() and lowered in initials(name):
        return True
    words = query_segments(query)
    return bool(words) and all(word in name for word in words)
