"""Cells of an indicator workbook: numbers in the Vietnamese and the English style, units ("triệu USD",
"tỷ đồng", "nghìn lượt"), text (NFC, one line), the marks GSO tables use for "no figure", and year headers."""

from __future__ import annotations

import datetime as dt
import decimal
import re
from dataclasses import dataclass

from ngoaivu.core.text import clean_line, fold

MISSING_MARKS = frozenset({"-", "–", "—", "..", "...", "…", "x", "n/a", "na"})

_NUMBER_RE = re.compile(r"[+-]?\d[\d.,]*")


def parse_number(value: object) -> decimal.Decimal:
    """A number cell, or text in either style: "1.234,5" and "1,234.5", "51,53", "6.470", "1 234". With both
    marks the last one is the decimal mark; a lone "," is the Vietnamese decimal mark unless it groups
    thousands more than once ("1,234,567"); a lone "." groups thousands when every group after it has three
    digits ("6.470" is six thousand four hundred seventy, as Vietnamese officials write it). ValueError for
    anything else."""
    if isinstance(value, bool):
        raise ValueError(str(value))
    if isinstance(value, int):
        return decimal.Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(str(value))
        return decimal.Decimal(repr(value))
    if isinstance(value, decimal.Decimal):
        return value
    s = clean_line(str(value)).replace(" ", "").replace("\u202f", "").replace("'", "")
    if not _NUMBER_RE.fullmatch(s) or s[-1] in ".,":
        raise ValueError(s)
    sign = ""
    if s[0] in "+-":
        sign, s = ("-" if s[0] == "-" else ""), s[1:]
    has_dot, has_comma = "." in s, "," in s
    try:
        if has_dot and has_comma:
            mark = "," if s.rfind(",") > s.rfind(".") else "."
            thousands = "." if mark == "," else ","
            if s.count(mark) > 1 or not _grouped(s.split(mark)[0], thousands):
                raise ValueError(s)
            return decimal.Decimal(sign + s.replace(thousands, "").replace(mark, "."))
        if has_comma:
            if s.count(",") > 1:
                if not _grouped(s, ","):
                    raise ValueError(s)
                return decimal.Decimal(sign + s.replace(",", ""))
            return decimal.Decimal(sign + s.replace(",", "."))
        if has_dot:
            if _grouped(s, "."):
                return decimal.Decimal(sign + s.replace(".", ""))
            if s.count(".") > 1:
                raise ValueError(s)
            return decimal.Decimal(sign + s)
        return decimal.Decimal(sign + s)
    except decimal.InvalidOperation as exc:
        raise ValueError(s) from exc


def _grouped(s: str, mark: str) -> bool:
    if mark not in s:
        return True
    head, *groups = s.split(mark)
    return 1 <= len(head) <= 3 and all(len(g) == 3 and g.isdigit() for g in groups)


SCALES = {
    "nghin": 10**3,
    "ngan": 10**3,
    "thousand": 10**3,
    "trieu": 10**6,
    "million": 10**6,
    "ty": 10**9,
    "ti": 10**9,
    "billion": 10**9,
}
CURRENCY_WORDS = {
    "usd": "USD",
    "do la my": "USD",
    "do la": "USD",
    "dola": "USD",
    "us$": "USD",
    "$": "USD",
    "vnd": "VND",
    "dong": "VND",
    "vn dong": "VND",
    "yen": "JPY",
    "won": "KRW",
    "euro": "EUR",
    "nhan dan te": "CNY",
    "bang anh": "GBP",
}
PLAIN_UNITS = {
    "nguoi": "persons",
    "persons": "persons",
    "luot": "visits",
    "luot nguoi": "visits",
    "visits": "visits",
    "du an": "projects",
    "projects": "projects",
    "so luong": "count",
    "cai": "count",
    "%": "percent",
    "phan tram": "percent",
}


@dataclass(frozen=True)
class UnitSpec:
    """What a unit cell says: a multiplier ("triệu" = 10⁶), a currency (ISO code) or a plain unit."""

    multiplier: int = 1
    currency: str = ""
    plain: str = ""


def parse_unit(text: str) -> UnitSpec:
    """ "triệu USD", "Tỷ đồng", "USD", "JPY", "nghìn lượt người", "người", "" → UnitSpec; ValueError otherwise."""
    key = fold(text)
    for prefix in ("don vi tinh:", "don vi tinh", "don vi:", "don vi", "unit:", "dvt:", "dvt"):
        if key.startswith(prefix):
            key = key[len(prefix) :].strip(" :")
            break
    key = key.strip(" .()")
    if not key:
        return UnitSpec()
    multiplier = 1
    head, _sep, rest = key.partition(" ")
    if head in SCALES:
        multiplier, key = SCALES[head], rest.strip()
        if not key:
            return UnitSpec(multiplier=multiplier)
    if key in CURRENCY_WORDS:
        return UnitSpec(multiplier, CURRENCY_WORDS[key])
    if re.fullmatch(r"[a-z]{3}", key):
        return UnitSpec(multiplier, key.upper())
    if key in PLAIN_UNITS:
        return UnitSpec(multiplier, plain=PLAIN_UNITS[key])
    raise ValueError(text)


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%m/%Y")  # a date typed in the period column means its month
    return clean_line(str(value))


def is_missing(value: object) -> bool:
    """Empty cells and GSO's marks for "no figure" ("-", "..", "…")."""
    return value is None or fold(cell_text(value)) in MISSING_MARKS or cell_text(value) == ""


def year_of_header(value: object) -> tuple[int, bool] | None:
    """A year column of the wide shape: 2024, "2024", "Năm 2024", "Sơ bộ 2024" / "Prel. 2024" (preliminary)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        year = int(value)
        return (year, False) if 1986 <= year <= 2100 else None
    key = fold(cell_text(value))
    m = re.fullmatch(r"(nam |year )?(so bo |prel\.? ?|uoc tinh |uoc )?(\d{4})( \(?(so bo|prel\.?)\)?)?", key)
    if not m:
        return None
    year = int(m[3])
    return (year, bool(m[2] or m[4])) if 1986 <= year <= 2100 else None
