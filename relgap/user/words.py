"""Reading an agent's message the way a person would: normalised words, not substrings.

``words("Which sizes?") == ["which", "size"]``. The stemmer is deliberately crude (plural
and verb endings only) and applied to both sides, so "substitute", "substitution" and
"substituting" meet at "substitut"; keys of five letters or more also match as word prefixes,
while "rest" never matches inside "restaurant".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_WORD = re.compile(r"[a-z0-9]+")
_AMOUNT = re.compile(r"\$\s*(\d{1,6}(?:,\d{3})*(?:\.\d{1,2})?)|(\d{1,6}(?:,\d{3})*\.\d{2})\b")


def stem(word: str) -> str:
    """Plural and verb endings off, twice at most ("allergies" -> "allergy" -> "allerg")."""
    for _ in range(2):
        word = _stem_once(word)
    return word


def _stem_once(word: str) -> str:
    for suffix, keep in (("ations", 5), ("ation", 5), ("ions", 4), ("ion", 4), ("ies", 3),
                         ("ing", 4), ("ed", 4), ("es", 4), ("s", 3), ("e", 4), ("y", 6)):  # fmt: skip
        if suffix == "s" and word.endswith("ss"):
            continue
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    return word


def words(text: str) -> list[str]:
    """Lower-cased stemmed words; apostrophes vanish ("don't" -> "dont")."""
    return [stem(w) for w in _WORD.findall(text.lower().replace("'", "").replace("’", ""))]


def _same(word: str, key: str) -> bool:
    # A key of five letters or more also matches as a word prefix ("substitut" matches
    # "substitution"); shorter keys match whole words only, so "rest" never matches "restaurant".
    return word == key or (len(key) >= 5 and word.startswith(key))


def contains(haystack: Sequence[str], phrase: Sequence[str]) -> bool:
    """Whether the word sequence ``phrase`` occurs contiguously in ``haystack``."""
    n = len(phrase)
    if n == 0:
        return False
    return any(
        all(_same(haystack[i + j], phrase[j]) for j in range(n))
        for i in range(len(haystack) - n + 1)
    )


def mentions(text_words: Sequence[str], phrases: Sequence[str]) -> bool:
    """Whether any of ``phrases`` (raw text) occurs in ``text_words`` (already normalised)."""
    return any(contains(text_words, words(p)) for p in phrases)


def amounts_cents(text: str) -> set[int]:
    """Every dollar amount written in ``text``, in cents: "$19.48", "19.48", "$1,020", "$7"."""
    found = set()
    for match in _AMOUNT.finditer(text):
        raw = (match.group(1) or match.group(2)).replace(",", "")
        whole, _, frac = raw.partition(".")
        found.add(int(whole) * 100 + int((frac + "00")[:2]))
    return found
