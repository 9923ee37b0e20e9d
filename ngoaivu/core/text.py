"""Vietnamese text at the edges: NFC cleaning, diacritic folding and sort keys (DOMAIN.md §9)."""

from __future__ import annotations

import functools
import re
import unicodedata

# control characters, the BOM, and lone surrogates (JSON "\\ud800" decodes to one; no database driver can
# encode it, so it would be a 500 instead of a value)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ud800-\udfff]")
# Everything `str.splitlines` breaks on (CR, LF, VT, FF, FS/GS/RS, NEL, LS, PS), and tabs, with the spaces
# around them: a single-line value keeps none of them.
_LINE_BREAKS = re.compile(r"[ \t]*[\t\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+[ \t]*")
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})

# Vietnamese alphabet order, with the foreign letters f, j, w, z where the Latin alphabet puts them (f after
# e/ê, j after i, w after v, z after y) — the usual practice in Vietnamese dictionaries and directories for
# foreign names (Fukuoka, Jakarta, Washington, Zhejiang); then tones in the order level, huyền, hỏi, ngã, sắc, nặng.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_BASE_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter
# Latin letters that Unicode does not decompose into a base letter and a mark, sorted as the letters they stand for.
_LATIN_EXTRA = {"ø": "o", "ł": "l", "ı": "i", "ð": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ĸ": "k"}
# sort_key columns hold 600 characters: each character costs 3 (two for the letter, one for the tone), so only
# the first 190 characters of a name decide its place.
SORT_KEY_CHARS = 190


def clean_text(value: str | None) -> str:
    """NFC, no control characters, BOM or lone surrogates, NBSP as a plain space, trimmed."""
    if value is None:
        return ""
    value = unicodedata.normalize("NFC", str(value))
    value = _CONTROL.sub("", value).replace("\u00a0", " ")
    return value.strip()


def clean_line(value: str | None) -> str:
    """`clean_text` for a single-line value (a title, name, number, place, subject): every line break or tab
    becomes one space. A title is copied into e-mail subjects, file names, XLSX cells and DOCX headings,
    where a line break is at best a broken layout and at worst a header injection ("…\\nBcc: …")."""
    if value is None:
        return ""
    return clean_text(_LINE_BREAKS.sub(" ", unicodedata.normalize("NFC", str(value))))


@functools.lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """`fold` of one word without white space (a `\\w+` run), remembered per process."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", word))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.translate(_FOLD_EXTRA).casefold()


def fold(text: str | None) -> str:
    """The search key: no diacritics, đ→d, case-folded, single spaces.

    Word by word (between white space), each word folded once per process: the same as folding the whole text
    (normalisation, marks and case never reach across white space) and about five times faster on a long
    document, whose few hundred distinct words repeat; the search index folds every record whole."""
    if not text:
        return ""
    return " ".join(folded for word in text.split() if (folded := fold_word(word)))


def fold_terms(text: str | None) -> list[str]:
    return [t for t in re.split(r"[^\w]+", fold(text)) if t]


def vi_sort_key(text: str | None) -> str:
    """A string that sorts in Vietnamese order with plain byte comparison on any database.

    Each letter becomes two digits (its rank in the Vietnamese alphabet, f j w z in their Latin places);
    tones are appended after the letters, so letters decide first and tones break ties. Spaces sort first
    ("00"), then digits ("01"–"10"), then letters ("40"–"72"), then letters of other scripts ("9x", after z).
    Punctuation is skipped. Defined for any string: only ASCII digits and one "|", at most 571 characters,
    the same for NFC and NFD input.
    """
    if not text:
        return ""
    letters: list[str] = []
    tones: list[str] = []
    count = 0
    for ch in unicodedata.normalize("NFC", text).lower():
        if count >= SORT_KEY_CHARS:
            break
        decomposed = unicodedata.normalize("NFD", ch)
        base = decomposed[0]
        marks = decomposed[1:]
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _LETTER_MARKS))
        tone = next((_TONE_MARKS[m] for m in marks if m in _TONE_MARKS), 0)
        for part in _LATIN_EXTRA.get(letter, letter):
            if count >= SORT_KEY_CHARS:
                break
            if part in _BASE_RANK:
                letters.append(f"{_BASE_RANK[part] + 40:02d}")
            elif part.isspace():
                letters.append("00")
            elif "0" <= part <= "9":
                letters.append(f"{int(part) + 1:02d}")
            elif part.isdigit() and unicodedata.digit(part, None) is not None:
                letters.append(f"{unicodedata.digit(part) + 1:02d}")
            elif part.isalpha() or part.isdigit():
                letters.append(f"9{ord(part) % 10}")
            else:
                continue
            tones.append(str(tone))
            count += 1
    return "".join(letters) + "|" + "".join(tones)


def search_key(*parts: str | None) -> str:
    """The folded text stored in `search_text`: words between single spaces, with a space at each end,
    so that `text_q` can match whole words (" han " is not in " hanh ") and a prefix for the last term."""
    words: list[str] = []
    for part in parts:
        words.extend(fold_terms(part))
    return " " + " ".join(words) + " "


def split_items(value: str | None) -> tuple[str, ...]:
    """A list typed in one text box, one item per line or separated by ";" (the bodies consulted on an agreement
    or a conference), without the empty items; each item as typed — the service cleans and checks it."""
    return tuple(item for item in (value or "").replace("\n", ";").split(";") if item.strip())
