"""Entities and the folded text they are found in: one character folded to one, so offsets survive."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Entity:
    type: str
    text: str
    start: int
    end: int
    norm: Any = None

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.type, "text": self.text, "start": self.start, "end": self.end, "norm": self.norm}


@functools.cache
def fold_char(ch: str) -> str:
    """One character folded to one character (so offsets survive): no diacritics, đ→d, lower case."""
    if ch in "đĐðÐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    low = base.lower()
    return low if len(low) == 1 else base


def fold_keep_length(text: str) -> str:
    return "".join(fold_char(c) for c in text)


TOKEN = re.compile(r"\w+")
JOINERS = set(" \t-–&,")  # "Bộ Văn hóa, Thể thao và Du lịch" is one name


def _fold_name(name: str) -> str:
    """The lookup key of a name: its folded words joined by single spaces ("Bà Rịa – Vũng Tàu" and
    "ba ria-vung tau" are the same key)."""
    return " ".join(TOKEN.findall(fold_keep_length(unicodedata.normalize("NFC", name))))


name_key = _fold_name  # the gazetteers' key of a name, for their callers


def _spelling(name: str) -> str:
    return " ".join(TOKEN.findall(unicodedata.normalize("NFC", name).lower()))


def has_diacritics(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    marked = sum(1 for c in letters if not c.isascii())
    return bool(letters) and marked / len(letters) > 0.02


def _cap(word: str) -> bool:
    return word[:1].isupper()


def _entity(kind: str, text: str, start: int, end: int, norm: Any = None) -> Entity:
    surface = text[start:end]
    stripped = surface.rstrip(" .,;:")
    return Entity(kind, stripped, start, start + len(stripped), norm)
