"""Entities as a Vietnamese reader sees them: the type as a label ("Số tiền", not `MONEY`), the value in words
("450 triệu đồng", "1,2 tỷ USD", "15/03/2026"), never a dict, a list or an internal code."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ngoaivu.core.text import fold

TYPE_LABELS = {
    "PERSON": gettext_lazy("Người"),
    "ORG": gettext_lazy("Tổ chức"),
    "PROVINCE": gettext_lazy("Tỉnh, thành phố"),
    "COUNTRY": gettext_lazy("Quốc gia"),
    "MONEY": gettext_lazy("Số tiền"),
    "DATE": gettext_lazy("Ngày tháng"),
}

# the largest scale first; amounts below a million are written in full ("450.000 đồng")
SCALES = (
    (Decimal(10) ** 12, gettext_lazy("nghìn tỷ")),
    (Decimal(10) ** 9, gettext_lazy("tỷ")),
    (Decimal(10) ** 6, gettext_lazy("triệu")),
)
CURRENCY_NAMES = {"VND": gettext_lazy("đồng")}


FORMAT_LABELS = {
    "text": gettext_lazy("Văn bản dán"),
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "xlsx": "Excel (XLSX)",
    "txt": gettext_lazy("Tệp văn bản (TXT)"),
    "html": gettext_lazy("Trang web (HTML)"),
    "htm": gettext_lazy("Trang web (HTML)"),
}


def format_label(fmt: str) -> str:
    """A stored version's format as a reader names it ("Văn bản dán", not `text`)."""
    label = FORMAT_LABELS.get((fmt or "").lower())
    return str(label) if label is not None else (fmt or "").upper()


def type_label(kind: str) -> str:
    """The Vietnamese name of an entity type; an unknown type reads as "Khác", never as its code."""
    label = TYPE_LABELS.get((kind or "").upper())
    return str(label) if label is not None else _("Khác")


def number_vi(value: Decimal | int | float, places: int = 2) -> str:
    """A number the Vietnamese way: dot between thousands, comma before decimals, no trailing zeros."""
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return ""
    d = d.quantize(Decimal(1).scaleb(-places)) if places else d.quantize(Decimal(1))
    sign = "-" if d < 0 else ""
    whole, _sep, frac = f"{abs(d):f}".partition(".")
    frac = frac.rstrip("0")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + frac if frac else "")


def money_vi(amount: Any, currency: str) -> str:
    """450000000, VND → "450 triệu đồng"; 1200000000, USD → "1,2 tỷ USD"; 2500, USD → "2.500 USD"."""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return ""
    unit = str(CURRENCY_NAMES.get(currency, currency or ""))
    for size, word in SCALES:
        if abs(value) >= size:
            return f"{number_vi(value / size)} {word} {unit}".strip()
    return f"{number_vi(value)} {unit}".strip()


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY_MONTH = re.compile(r"^--(\d{2})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def date_vi(norm: str) -> str:
    """An extracted date: "2026-03-15" → "15/03/2026", "2026-03" → "tháng 03/2026", "--03-15" → "15/03",
    "2026" → "năm 2026" (a year is never grouped)."""
    if m := _ISO_DAY.match(norm):
        return f"{m[3]}/{m[2]}/{m[1]}"
    if m := _ISO_MONTH.match(norm):
        return _("tháng %(m)s/%(y)s") % {"m": m[2], "y": m[1]}
    if m := _DAY_MONTH.match(norm):
        return f"{m[2]}/{m[1]}"
    if m := _YEAR.match(norm):
        return _("năm %(y)s") % {"y": m[1]}
    return ""


@dataclass(frozen=True)
class Names:
    """Names of the codes an entity may point to (provinces old and new, countries), read once per page."""

    provinces: Mapping[str, str]
    former_provinces: Mapping[str, str]
    countries: Mapping[str, str]

    @classmethod
    def load(cls) -> Names:
        from ngoaivu.directory.models import Country, FormerProvince, Province

        return cls(
            dict(Province.objects.values_list("code", "name")),
            dict(FormerProvince.objects.values_list("code", "name")),
            dict(Country.objects.values_list("iso2", "name_vi")),
        )


def value_vi(kind: str, norm: Any, names: Names | None = None, text: str = "") -> str:
    """What an entity means, in words; "" when the text itself says it all (or the value is not understood).
    Never a dict or list repr."""
    kind = (kind or "").upper()
    if norm is None or norm == "":
        return ""
    if kind == "MONEY" and isinstance(norm, Mapping):
        return money_vi(norm.get("amount"), str(norm.get("currency") or ""))
    if kind == "DATE" and isinstance(norm, str):
        return date_vi(norm)
    if kind == "PROVINCE" and isinstance(norm, Mapping):
        if names is None:
            return ""
        # a code names a former unit when it differs from the current one, or (a merged province keeps the
        # code of the one hosting its capital: 24 Bắc Giang → 24 Bắc Ninh) when the text says the former name
        code, current = str(norm.get("code") or ""), str(norm.get("current_code") or "")
        former = names.former_provinces.get(code, "")
        now = names.provinces.get(current, "")
        if former and now and former != now and (code != current or fold(text) == fold(former)):
            return _("%(former)s (nay thuộc %(current)s)") % {"former": former, "current": now}
        return now or former
    if kind == "COUNTRY" and isinstance(norm, str):
        return names.countries.get(norm.upper(), "") if names is not None else ""
    if isinstance(norm, str):
        return norm
    if isinstance(norm, int | float | Decimal) and not isinstance(norm, bool):
        return number_vi(norm)
    return ""


def _same(a: str, b: str) -> bool:
    """Whether a value says no more than the text it was read from ("tháng 6/2026" and "tháng 06/2026")."""

    def key(x: str) -> str:
        return re.sub(r"\b0+(\d)", r"\1", fold(x))

    return key(a) == key(b)


def shown_list(entities: Any, names: Names | None = None) -> list[Shown]:
    """Each entity once (a name found three times in the text is listed once), in the text's order."""
    seen: set[tuple[str, str]] = set()
    out = []
    for e in entities:
        item = shown(e, names)
        key = (item.type, fold(item.text))
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


@dataclass(frozen=True)
class Shown:
    """One entity as the document page shows it."""

    type: str
    label: str
    text: str
    value: str


def shown(entity: Any, names: Names | None = None) -> Shown:
    """An entity row (`DocumentEntity` or `Entity`) for the page: label, text as found, value in words when it
    says more than the text."""
    value = value_vi(entity.type, entity.norm, names, str(entity.text))
    if value and _same(value, str(entity.text)):
        value = ""
    return Shown(str(entity.type).lower(), type_label(entity.type), str(entity.text), value)
