"""Rule-based entity extraction for Vietnamese news and reports, offline and on the CPU.

Gazetteers come from the project's own reference files (provinces old and new, aliases, countries,
missions; `ingest/data/` for country spellings and organisations) plus, when given, the directory's
partners. Rules find dates, amounts of money, people (after a title or with a Vietnamese family name) and
organisations (after a head word such as "Tập đoàn", or an acronym). Matching runs on a character-wise
folded copy of the NFC text, so offsets are the same in both and names match with or without diacritics.
Spans never overlap: the longest wins, then the more specific type.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

DIRECTORY_DATA = Path(__file__).resolve().parent.parent / "directory" / "data"
INGEST_DATA = Path(__file__).resolve().parent / "data"
MERGER_DAY = dt.date(2025, 7, 1)
PRIORITY = {"MONEY": 0, "DATE": 1, "ORG": 2, "PERSON": 3, "PROVINCE": 4, "COUNTRY": 5}


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
JOINERS = set(" \t-–&")


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


# --------------------------------------------------------------------------- gazetteers


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    era: str  # "current" or "former"
    successor: str  # the current code a former unit belongs to


@dataclass
class Gazetteer:
    places: dict[str, list[Place]] = field(default_factory=dict)  # folded name -> units of that name
    countries: dict[str, tuple[str, bool]] = field(default_factory=dict)  # folded -> (iso2, needs context)
    organisations: dict[str, str | None] = field(default_factory=dict)  # folded -> canonical
    not_acronyms: frozenset[str] = frozenset()
    spellings: dict[str, set[str]] = field(default_factory=dict)  # folded -> names as written (lower case)

    def spell(self, name: str) -> str:
        folded = _fold_name(name)
        self.spellings.setdefault(folded, set()).add(_spelling(name))
        return folded

    def written_as(self, surface: str) -> bool:
        """In a text written with diacritics, a name must be spelled as listed ("Lao" is not "Lào")."""
        return _spelling(surface) in self.spellings.get(_fold_name(surface), set())

    @functools.cached_property
    def _longest(self) -> dict[int, int]:
        """Words in the longest name of each table, counted once (the tables are complete before the first
        text is read; a partner gazetteer holds tens of thousands of names)."""
        tables = (self.places, self.countries, self.organisations)
        return {id(t): max((k.count(" ") + 1 for k in t), default=1) for t in tables}

    def longest(self, table: dict[str, Any]) -> int:
        return self._longest[id(table)]


def _tokens(folded: str, start: int = 0, stop: int | None = None) -> list[tuple[int, int, str]]:
    return [
        (m.start(), m.end(), m.group())
        for m in TOKEN.finditer(folded, start, len(folded) if stop is None else stop)
    ]


def _joined(folded: str, a: int, b: int) -> bool:
    return all(c in JOINERS for c in folded[a:b])


def gazetteer_matches(folded: str, table: dict[str, Any], longest: int) -> list[tuple[int, int, str]]:
    """Every run of whole words (joined by spaces or dashes) whose key is in `table`: a dictionary lookup per
    word and length, so the cost grows with the text, not with the number of names."""
    tokens = _tokens(folded)
    found = []
    for i in range(len(tokens)):
        key = ""
        for n in range(longest):
            j = i + n
            if j >= len(tokens) or (n and not _joined(folded, tokens[j - 1][1], tokens[j][0])):
                break
            key = tokens[j][2] if not n else f"{key} {tokens[j][2]}"
            if key in table:
                found.append((tokens[i][0], tokens[j][1], key))
    return found


def match_at(folded: str, pos: int, table: dict[str, Any], longest: int) -> int | None:
    """The end of the longest name of `table` starting at `pos`, if any."""
    tokens = _tokens(folded, pos, min(len(folded), pos + 200))
    if not tokens or tokens[0][0] != pos:
        return None
    end, key = None, ""
    for n in range(min(longest, len(tokens))):
        if n and not _joined(folded, tokens[n - 1][1], tokens[n][0]):
            break
        key = tokens[n][2] if not n else f"{key} {tokens[n][2]}"
        if key in table:
            end = tokens[n][1]
    return end


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@functools.cache
def reference_gazetteer() -> Gazetteer:
    """The gazetteer from the repository's reference files alone (no database): used by the evaluation and
    as the base of every other."""
    g = Gazetteer()
    current = {r["code"]: r for r in _read(DIRECTORY_DATA / "provinces.csv")}
    former = {r["code"]: r for r in _read(DIRECTORY_DATA / "former_provinces.csv")}
    for code, row in current.items():
        _add_place(g, row["name"], Place(code, row["name"], "current", code))
    for code, row in former.items():
        _add_place(g, row["name"], Place(code, row["name"], "former", row["successor_code"]))
    for row in _read(DIRECTORY_DATA / "province_aliases.csv"):
        alias = re.sub(r"^(TP\.?\s*|Tp\.?\s*|Thành phố\s+|Thủ đô\s+|Tỉnh\s+)", "", row["alias"]).strip(" .")
        if not alias:
            continue
        if row["era"] == "current" and row["code"] in current:
            _add_place(g, alias, Place(row["code"], current[row["code"]]["name"], "current", row["code"]))
        elif row["code"] in former:
            f = former[row["code"]]
            _add_place(g, alias, Place(row["code"], f["name"], "former", f["successor_code"]))
    for row in _read(DIRECTORY_DATA / "countries.csv"):
        for name in [row["name_vi"], row["name_en"], *filter(None, row["aliases"].split(";"))]:
            g.countries.setdefault(g.spell(name), (row["iso2"], False))
    for row in _read(INGEST_DATA / "country_aliases.csv"):
        g.countries[g.spell(row["alias"])] = (row["iso2"], row["needs_context"] == "1")
    for row in _read(DIRECTORY_DATA / "missions.csv"):
        g.organisations[g.spell(row["name_vi"])] = row["name_vi"]
    for row in _read(INGEST_DATA / "organisations.csv"):
        g.organisations[g.spell(row["name"])] = row["canonical"] or row["name"]
    g.not_acronyms = frozenset((INGEST_DATA / "not_org_acronyms.txt").read_text(encoding="utf-8").split())
    return g


def _add_place(g: Gazetteer, name: str, place: Place) -> None:
    units = g.places.setdefault(g.spell(name), [])
    if place not in units:
        units.append(place)


def gazetteer_with(organisations: Iterable[str]) -> Gazetteer:
    """The reference gazetteer plus organisation names (the directory's partners)."""
    base = reference_gazetteer()
    g = Gazetteer(
        dict(base.places),
        dict(base.countries),
        dict(base.organisations),
        base.not_acronyms,
        {k: set(v) for k, v in base.spellings.items()},
    )
    for name in organisations:
        if len(_fold_name(name)) >= 3:
            g.organisations.setdefault(g.spell(name), name)
    return g


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


# --------------------------------------------------------------------------- names

COUNTRY_CONTEXT = {"nuoc", "phia", "tai", "voi", "sang", "den", "tham", "cua", "va", "quoc", "ban", "tu", "o"}
TITLES = r"ong|ba|ngai|dong\s+chi|mr\.?|mrs\.?|ms\.?"
POSITIONS = (
    r"(?:pho\s+)?chu\s+tich|(?:pho\s+)?bi\s+thu|(?:pho\s+)?thu\s+tuong|(?:thu\s+truong|bo\s+truong)|"
    r"dai\s+su(?:\s+dac\s+menh\s+toan\s+quyen)?|tong\s+lanh\s+su|lanh\s+su|(?:pho\s+)?thong\s+doc|"
    r"(?:pho\s+)?tinh\s+truong|(?:pho\s+)?thi\s+truong|(?:pho\s+)?giam\s+doc|tong\s+giam\s+doc|"
    r"(?:pho\s+)?cuc\s+truong|(?:pho\s+)?truong\s+ban|(?:pho\s+)?vu\s+truong|truong\s+doan"
)
PERSON_AFTER_TITLE = re.compile(rf"(?<!\w)(?:{TITLES})\s+")
SURNAMES = set(
    [
        "nguyen",
        "tran",
        "le",
        "pham",
        "hoang",
        "huynh",
        "phan",
        "vu",
        "vo",
        "dang",
        "bui",
        "do",
        "ho",
        "ngo",
        "duong",
        "ly",
        "dinh",
        "trinh",
        "lu",
        "luong",
        "mai",
        "to",
        "dao",
        "cao",
        "lam",
        "phung",
        "ta",
        "chu",
        "kieu",
        "thai",
        "quach",
        "vuong",
        "ton",
        "thach",
        "diep",
        "la",
        "lai",
        "trieu",
        "khuc",
        "doan",
        "van",
        "giang",
        "tang",
        "ha",
        "khong",
        "nong",
        "lo",
        "y",
    ]
)
ORG_HEADS = (
    "tap doan|tong cong ty|cong ty|ngan hang|truong dai hoc|dai hoc|hoc vien|vien|hiep hoi|hoi dong|hoi|"
    "quy|to chuc|trung tam|phong thuong mai(?: va cong nghiep)?|dai su quan|tong lanh su quan|"
    "lanh su quan|co quan|benh vien|lien doan|lien hiep|cau lac bo|chinh quyen|uy ban"
)
ORG_HEAD_RE = re.compile(rf"(?<!\w)(?:{ORG_HEADS})(?!\w)")
WORD_RE = re.compile(r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*", re.UNICODE)
NOT_NAME_START = {
    "so",
    "ban",
    "cuc",
    "vu",
    "phong",
    "uy",
    "bo",
    "tinh",
    "thanh",
    "hoi",
    "trung",
    "cong",
    "tap",
}


def _cap(word: str) -> bool:
    return word[:1].isupper()


def _words_after(text: str, pos: int) -> list[tuple[int, int]]:
    """The name after an organisation's head word: capitalised syllables, a lowercase syllable between two
    capitalised ones ("Hữu nghị Việt Nam"), "và" or a dash before a capitalised one."""
    tokens = [
        (m.start(), m.end(), m.group()) for m in re.finditer(r"[^\W\d_][\w'’]*|[-–&]", text[pos : pos + 300])
    ]
    tokens = [(a + pos, b + pos, w) for a, b, w in tokens]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens) and len(spans) < 10:
        a, b, w = tokens[i]
        if text[(spans[-1][1] if spans else pos) : a].strip(" \t"):
            break
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if _cap(w) or (
            spans
            and nxt
            and _cap(nxt[2])
            and not (nxt[2].isupper() and len(nxt[2]) > 1)
            and (w in {"-", "–", "&", "và"} or _cap(text[spans[-1][0]]))
        ):
            spans.append((a, b))
        else:
            break
        i += 1
    return spans


ONE_BLANK = re.compile(r"[ \t]?")
BLANKS = re.compile(r"\s+")
THEN_TAI = re.compile(r"\s+tai(?!\w)")
TAI_BETWEEN = re.compile(r"[ \t]+tai[ \t]+")
QUALIFIERS = re.compile(
    r"(?:\s+(?:ubnd|hdnd|uy\s+ban\s+nhan\s+dan|hoi\s+dong\s+nhan\s+dan|tinh\s+uy|thanh\s+uy|"
    r"mttq|tinh|thanh\s+pho|tp\.?|nuoc|chxhcn|cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia|viet\s+nam|tai|"
    r"thuong\s+truc|kiem)(?!\w))+"
)


def find_people(text: str, folded: str, g: Gazetteer) -> list[Entity]:
    found = []
    heads = [
        (m.end(), m.group()) for m in PERSON_AFTER_TITLE.finditer(folded) if _cap(text[m.end() : m.end() + 1])
    ]
    for m in re.finditer(rf"(?<!\w)(?:{POSITIONS})(?!\w)", folded):
        end = _skip_qualifiers(text, folded, m.end(), g)
        heads.append((end, m.group()))
    for start, _head in heads:
        words = _person_words(text, folded, start, g)
        if len(words) >= 2 or (
            len(words) == 1
            and len(text[words[0][0] : words[0][1]]) > 2
            and _head.strip() in {"ong", "ba", "ngai"}
        ):
            found.append(_entity("PERSON", text, words[0][0], words[-1][1]))
    for m in WORD_RE.finditer(text):
        if (
            _cap(m.group())
            and folded[m.start() : m.end()] in SURNAMES
            and m.group() not in {"Văn", "Y", "Hà", "Lò"}
        ):
            words = _person_words(text, folded, m.start(), g)
            if 2 <= len(words) <= 4:
                found.append(_entity("PERSON", text, words[0][0], words[-1][1]))
    return found


def _person_words(text: str, folded: str, start: int, g: Gazetteer) -> list[tuple[int, int]]:
    words: list[tuple[int, int]] = []
    i = start
    while len(words) < 5:
        m = ONE_BLANK.match(text, i)  # at `i`, not on a copy of the rest of the text
        j = m.end() if m else i
        w = WORD_RE.match(text, j)
        if not w or not _cap(w.group()) or (w.group().isupper() and len(w.group()) > 1):
            break
        if j == i and words:
            break
        words.append((w.start(), w.end()))
        i = w.end()
    if words and _fold_name(text[words[0][0] : words[0][1]]) in NOT_NAME_START:
        return []
    while words:
        surface = _fold_name(text[words[0][0] : words[-1][1]])
        if surface in g.places or surface in g.countries or surface in g.organisations:
            return []
        tail = _fold_name(text[words[-1][0] : words[-1][1]])
        if len(words) > 1 and (tail in g.countries or tail in g.places):
            words.pop()
            continue
        break
    return words


def _skip_qualifiers(text: str, folded: str, pos: int, g: Gazetteer) -> int:
    """After a position ("Chủ tịch"), skip what qualifies it ("UBND tỉnh Vĩnh Phúc", "Tỉnh ủy", "nước CHXHCN
    Việt Nam tại Nhật Bản") to reach the name."""
    m = QUALIFIERS.match(folded, pos)
    end = m.end() if m else pos
    for table in (g.places, g.countries):
        longest = g.longest(table)
        while True:
            mm = BLANKS.match(folded, end)
            j = mm.end() if mm else end
            hit = match_at(folded, j, table, longest)
            if hit is None:
                break
            end = hit
            extra = THEN_TAI.match(folded, end)
            if extra:
                end = extra.end()
    return end


def find_organisations(text: str, folded: str, g: Gazetteer, marked: bool = True) -> list[Entity]:
    found = []
    for start, end, key in gazetteer_matches(folded, g.organisations, g.longest(g.organisations)):
        surface = text[start:end]
        if marked and not g.written_as(surface):
            continue
        if surface.isupper() or _cap(surface):
            canonical = g.organisations.get(key)
            norm = canonical if canonical and canonical != surface else None
            found.append(_entity("ORG", text, start, end, norm))
    for m in ORG_HEAD_RE.finditer(folded):
        if not _cap(text[m.start()]):
            continue
        words = _words_after(text, m.end())
        if not words or (m.group() == "hoi" and len(words) < 2):
            continue
        end = words[-1][1]
        tail = TAI_BETWEEN.match(folded, end)
        if tail and "su quan" in m.group():
            more = _words_after(text, tail.end() - 1)
            if more:
                end = more[-1][1]
        found.append(_entity("ORG", text, m.start(), end))
    for m in re.finditer(r"(?<![\w-])[A-ZĐ][A-ZĐ&]{2,7}(?![\w-])", text):
        if m.group() not in g.not_acronyms:
            found.append(_entity("ORG", text, m.start(), m.end()))
    return found


def find_places(
    text: str, folded: str, g: Gazetteer, era_day: dt.date | None, marked: bool = True
) -> list[Entity]:
    found = []
    for start, end, key in gazetteer_matches(folded, g.places, g.longest(g.places)):
        surface = text[start:end]
        if not (_cap(surface) or surface.isascii()) or (marked and not g.written_as(surface)):
            continue
        found.append(_entity("PROVINCE", text, start, end, _place_norm(g.places[key], era_day)))
    for start, end, key in gazetteer_matches(folded, g.countries, g.longest(g.countries)):
        surface = text[start:end]
        if (not _cap(surface) and not surface.isupper()) or (marked and not g.written_as(surface)):
            continue
        iso2, needs_context = g.countries[key]
        if needs_context and not _country_context(text, folded, start, end):
            continue
        found.append(_entity("COUNTRY", text, start, end, iso2))
    return found


def _place_norm(units: list[Place], era_day: dt.date | None) -> dict[str, str]:
    """A name means the unit of the document's era: before 1 July 2025 the former province, from then on the
    current one (a name that is only a former one keeps its former code)."""
    old_era = era_day is not None and era_day < MERGER_DAY
    preferred = "former" if old_era else "current"
    unit = next((u for u in units if u.era == preferred), units[0])
    return {"code": unit.code, "current_code": unit.successor}


def _previous_word(text: str, start: int) -> list[str]:
    """`text[:start].split()[-1:]` without copying and splitting everything before `start` (that was done
    for every country name, so a long text cost its length squared): a window that doubles until it holds
    the whole word."""
    size = 64
    while True:
        lo = max(0, start - size)
        chunk = text[lo:start]
        words = chunk.split()
        if lo == 0 or len(words) >= 2 or (words and chunk[0].isspace()) or text[lo - 1].isspace():
            return words[-1:]
        size *= 2


def _country_context(text: str, folded: str, start: int, end: int) -> bool:
    before = folded[max(0, start - 12) : start].split()
    after = text[end : end + 3]
    prev_word = _previous_word(text, start)
    if (
        prev_word
        and _cap(prev_word[0])
        and not prev_word[0].endswith((",", ".", ":", ";"))
        and not re.search(r"[-–(]$", prev_word[0])
    ):
        return False
    if re.match(r"\s[A-ZĐÀ-Ỹ]", after):
        return False
    return bool(before) and before[-1] in COUNTRY_CONTEXT


# --------------------------------------------------------------------------- the pipeline


def _entity(kind: str, text: str, start: int, end: int, norm: Any = None) -> Entity:
    surface = text[start:end]
    stripped = surface.rstrip(" .,;:")
    return Entity(kind, stripped, start, start + len(stripped), norm)


def extract(text: str, *, on: dt.date | None = None, gazetteer: Gazetteer | None = None) -> list[Entity]:
    """Entities of `text` (NFC-normalised first; offsets are into the NFC text). `on` is the document's
    date; without it the dates written in the text decide the era of province names."""
    text = unicodedata.normalize("NFC", text)
    g = gazetteer or reference_gazetteer()
    folded = fold_keep_length(text)
    era_day = on or document_date(text, folded)
    marked = has_diacritics(text)
    candidates = [
        *find_money(text, folded),
        *find_dates(text, folded, era_day.year if era_day else None),
        *find_organisations(text, folded, g, marked),
        *find_people(text, folded, g),
        *find_places(text, folded, g, era_day, marked),
    ]
    return resolve_overlaps(candidates, len(text))


def resolve_overlaps(candidates: list[Entity], length: int) -> list[Entity]:
    """Spans never overlap: the longest wins, then the more specific type, then the earlier. A span is taken
    when none of its characters is taken yet: one look at a map of the text's characters, so the cost is
    the total length of the candidates (each a few words), not candidates × spans taken as before (a
    150,000-character text took 15 s)."""
    candidates = sorted(candidates, key=lambda e: (-(e.end - e.start), PRIORITY[e.type], e.start))
    occupied = bytearray(length)
    taken: list[Entity] = []
    for e in candidates:
        if e.end <= e.start or occupied.find(1, e.start, e.end) != -1:
            continue
        taken.append(e)
        occupied[e.start : e.end] = b"\x01" * (e.end - e.start)
    return sorted(taken, key=lambda e: (e.start, e.end))
