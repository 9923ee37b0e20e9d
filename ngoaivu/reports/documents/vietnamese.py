"""How an official document writes numbers and dates (DOMAIN.md §9, Decree 30/2020), whatever the reader's
interface language: a report is signed in Vietnamese."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from ngoaivu.reports.content import Figure


def number(value: int | Decimal | float) -> str:
    """ "." groups thousands, "," is the decimal mark: 6.470, 51,53; trailing zeros dropped."""
    if isinstance(value, bool):
        value = int(value)
    d = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    negative = d < 0
    d = abs(d)
    if d == d.to_integral_value():
        whole, frac = str(int(d)), ""
    else:
        text = format(d.normalize(), "f")
        whole, frac = text.split(".") if "." in text else (text, "")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups) + (f",{frac}" if frac else "")
    return f"-{out}" if negative else out


def cell(value: object) -> str:
    """A table cell as printed: numbers in the Vietnamese style, dates dd/mm/yyyy, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int | Decimal | float):
        return number(value)
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def figure_value(figure: Figure) -> str:
    """The figure as printed: its number and unit, or why there is none — never a made-up 0."""
    if figure.missing or figure.value is None:
        reason = (figure.missing or "chưa có nguồn số liệu").strip().rstrip(".")
        if reason.lower().startswith("chưa có"):
            return reason[:1].lower() + reason[1:]
        return f"chưa có số liệu ({reason})"
    unit = f" {figure.unit}" if figure.unit else ""
    if figure.unit.strip() == "%":  # one format for a rate in the whole document, as the narratives: 25,0 %
        return f"{fixed(figure.value, 1)}{unit}"
    if figure.unit.strip() == "USD":  # a signed report gives whole dollars (not "triệu USD": 51,53)
        return f"{fixed(figure.value, 0)}{unit}"
    return f"{number(figure.value)}{unit}"


def fixed(value: int | Decimal | float, places: int) -> str:
    """`value` rounded half up to `places` decimals, zeros kept: 25,0; 4.436.795."""
    d = (
        Decimal(str(value))
        if isinstance(value, float)
        else Decimal(int(value) if isinstance(value, bool) else value)
    )
    rounded = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    whole = number(rounded.to_integral_value(rounding=ROUND_DOWN))
    if places == 0:
        return whole
    frac = format(abs(rounded), "f").split(".")[1]
    sign = "-" if rounded < 0 and whole == "0" else ""
    return f"{sign}{whole},{frac}"


def official_date(day: dt.date) -> str:
    """Decree 30/2020: "ngày 05 tháng 3 năm 2026" — days 1–9 and months 1–2 take a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def period_text(start: dt.date, end: dt.date) -> str:
    return f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


MAX_SYMBOL_CHARS = 30


def default_symbol(kind: str, issuing_body: str) -> str:
    """The symbol after "Số: …/" (Decree 30/2020, Appendix I: the document kind, then the issuing body's
    abbreviation) a report starts with; the officer may type the body's own on the preview. A province's
    periodic report is its People's Committee's ("BC-UBND"); the national review the Cục's; a mission's by the
    kind of mission."""
    body = " ".join(issuing_body.upper().split())
    if kind == "province_periodic" or body.startswith("ỦY BAN NHÂN DÂN"):
        return "BC-UBND"
    if kind == "national_review":
        return "BC-NVNGVH"
    if body.startswith("TỔNG LÃNH SỰ QUÁN"):
        return "BC-TLSQ"
    if body.startswith("ĐẠI SỨ QUÁN"):
        return "BC-ĐSQ"
    if body.startswith("PHÁI ĐOÀN"):
        return "BC-PĐTT"
    return "BC-CQĐD"
