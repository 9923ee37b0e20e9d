"""Values written in a text: amounts of money and dates, parsed to what they mean."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from ngoaivu.ingest.entities.text import Entity, _cap, _entity, fold_keep_length

# --------------------------------------------------------------------------- numbers and money

SCALES = {
    "nghin": 10**3,
    "ngan": 10**3,
    "trieu": 10**6,
    "ty": 10**9,
    "ti": 10**9,
    "nghin ty": 10**12,
    "ngan ty": 10**12,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "k": 10**3,
}
CURRENCIES = {
    "usd": "USD",
    "do la my": "USD",
    "do la": "USD",
    "dola": "USD",
    "dong": "VND",
    "vnd": "VND",
    "eur": "EUR",
    "euro": "EUR",
    "yen": "JPY",
    "jpy": "JPY",
    "won": "KRW",
    "krw": "KRW",
    "nhan dan te": "CNY",
    "cny": "CNY",
    "bang anh": "GBP",
    "gbp": "GBP",
    "aud": "AUD",
    "sgd": "SGD",
}


def parse_number(raw: str) -> Decimal | None:
    """A number written the Vietnamese way ("6.470", "51,53", "2.348,3") or the English way ("6,470.5",
    "1.5"). With both marks, the last one is the decimal mark; a lone "," is decimal unless it groups
    thousands more than once; a lone "." groups thousands when every group after it has three digits."""
    s = raw.strip()
    if not re.fullmatch(r"\d[\d.,]*", s) or s[-1] in ".,":
        return None
    has_dot, has_comma = "." in s, "," in s
    try:
        if has_dot and has_comma:
            decimal_mark = "," if s.rfind(",") > s.rfind(".") else "."
            thousands = "." if decimal_mark == "," else ","
            return Decimal(s.replace(thousands, "").replace(decimal_mark, "."))
        if has_comma:
            if s.count(",") > 1:
                return Decimal(s.replace(",", "")) if _grouped(s, ",") else None
            return Decimal(s.replace(",", "."))
        if has_dot:
            if _grouped(s, "."):
                return Decimal(s.replace(".", ""))
            return Decimal(s) if s.count(".") == 1 else None
        return Decimal(s)
    except InvalidOperation:
        return None


def _grouped(s: str, mark: str) -> bool:
    head, *groups = s.split(mark)
    return 1 <= len(head) <= 3 and all(len(g) == 3 for g in groups)


def _amount(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


_NUM = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_SCALE = r"nghin\s+ty|ngan\s+ty|nghin|ngan|trieu|ty|ti|million|billion|trillion"
_CUR = r"do\s+la\s+my|do\s+la|dola|usd|vnd|dong|eur|euro|yen|jpy|won|krw|nhan\s+dan\s+te|cny|bang\s+anh|gbp|aud|sgd"
MONEY_RE = re.compile(rf"(?<![\w.,])(?P<num>{_NUM})\s*(?P<scale>{_SCALE})?\s*(?P<cur>{_CUR})(?!\w)")
MONEY_PREFIX_RE = re.compile(
    rf"(?<!\w)(?P<cur>usd|us\$|\$|eur|€)\s?(?P<num>{_NUM})\s*(?P<scale>{_SCALE})?(?!\w)"
)


def find_money(text: str, folded: str) -> list[Entity]:
    found = []
    for m in MONEY_RE.finditer(folded):
        value = parse_number(text[m.start("num") : m.end("num")])
        written = text[m.start("cur") : m.end("cur")]
        if value is None or (_cap(written) and not written.isupper()):
            continue
        scale = SCALES.get(" ".join(m.group("scale").split()), 1) if m.group("scale") else 1
        currency = CURRENCIES[" ".join(m.group("cur").split())]
        found.append(
            _entity(
                "MONEY", text, m.start(), m.end(), {"amount": _amount(value * scale), "currency": currency}
            )
        )
    for m in MONEY_PREFIX_RE.finditer(folded):
        value = parse_number(text[m.start("num") : m.end("num")])
        if value is None:
            continue
        scale = SCALES.get(" ".join(m.group("scale").split()), 1) if m.group("scale") else 1
        cur = m.group("cur")
        currency = "EUR" if cur in {"eur", "€"} else "USD"
        found.append(
            _entity(
                "MONEY", text, m.start(), m.end(), {"amount": _amount(value * scale), "currency": currency}
            )
        )
    return found


# --------------------------------------------------------------------------- dates

DAY_MONTH_YEAR = re.compile(
    r"(?<![\w/.-])(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d{2})(?![\w/])"
)
WORDY_DATE = re.compile(
    r"(?<!\w)(?P<d>\d{1,2})\s+thang\s+(?P<m>\d{1,2})\s*(?:(?:,\s*)?nam\s+|[/-])(?P<y>(?:19|20)\d{2})(?!\w)"
)
MONTH_YEAR = re.compile(r"(?<!\w)thang\s+(?P<m>\d{1,2})\s*(?:/|-|\s+nam\s+)\s*(?P<y>(?:19|20)\d{2})(?![\w/])")
DAY_MONTH = re.compile(
    r"(?<!\w)(?:ngay|sang|chieu|toi|trua|dem|hom\s+qua|hom\s+nay)\s+(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})(?![\w/-]|[.,]\d)"
)
DAY_MONTH_BARE = re.compile(r"(?<=\()(?P<d>\d{1,2})/(?P<m>\d{1,2})(?=\))")
YEAR = re.compile(r"(?<!\w)nam\s+(?P<y>(?:19|20)\d{2})(?![\w/])")


def _valid(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str, folded: str, year: int | None) -> list[Entity]:
    found = []
    for rx in (DAY_MONTH_YEAR, WORDY_DATE):
        for m in rx.finditer(folded):
            day = _valid(int(m["y"]), int(m["m"]), int(m["d"]))
            if day:
                found.append(_entity("DATE", text, m.start(), m.end(), day.isoformat()))
    for m in MONTH_YEAR.finditer(folded):
        if 1 <= int(m["m"]) <= 12:
            found.append(_entity("DATE", text, m.start(), m.end(), f"{int(m['y']):04d}-{int(m['m']):02d}"))
    for rx in (DAY_MONTH, DAY_MONTH_BARE):
        for m in rx.finditer(folded):
            d, mo = int(m["d"]), int(m["m"])
            if not (1 <= mo <= 12 and 1 <= d <= 31):
                continue
            norm = f"{year:04d}-{mo:02d}-{d:02d}" if year and _valid(year, mo, d) else f"--{mo:02d}-{d:02d}"
            found.append(_entity("DATE", text, m.start("d"), m.end(), norm))
    for m in YEAR.finditer(folded):
        found.append(_entity("DATE", text, m.start(), m.end(), m["y"]))
    return found


def document_date(text: str, folded: str | None = None) -> dt.date | None:
    """The latest full date written in the text (a report dated in its header, or the news of the day)."""
    folded = folded if folded is not None else fold_keep_length(text)
    days = []
    for rx in (DAY_MONTH_YEAR, WORDY_DATE):
        for m in rx.finditer(folded):
            day = _valid(int(m["y"]), int(m["m"]), int(m["d"]))
            if day:
                days.append(day)
    if days:
        return max(days)
    years = [int(m["y"]) for m in re.finditer(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?!\d)", folded)]
    return dt.date(max(years), 12, 31) if years else None
