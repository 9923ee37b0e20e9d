"""Names of people (after a title or a position, or with a Vietnamese family name) and of organisations (from
the gazetteer, after a head word such as "Tập đoàn", or an acronym)."""

from __future__ import annotations

import re

from ngoaivu.ingest.entities.gazetteer import Gazetteer, gazetteer_matches, match_at
from ngoaivu.ingest.entities.text import Entity, _cap, _entity, _fold_name

# --------------------------------------------------------------------------- names

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
WORD_RE = re.compile(r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*", re.UNICODE)
SURNAME_SPELLINGS = set(
    [
        "nguyễn",
        "trần",
        "lê",
        "phạm",
        "hoàng",
        "huỳnh",
        "phan",
        "vũ",
        "võ",
        "đặng",
        "bùi",
        "đỗ",
        "hồ",
        "ngô",
        "dương",
        "lý",
        "đinh",
        "trịnh",
        "lữ",
        "lư",
        "lương",
        "mai",
        "tô",
        "đào",
        "cao",
        "lâm",
        "phùng",
        "tạ",
        "chu",
        "kiều",
        "thái",
        "quách",
        "vương",
        "tôn",
        "thạch",
        "diệp",
        "la",
        "lại",
        "triệu",
        "khúc",
        "đoàn",
        "giang",
        "tăng",
        "hà",
        "khổng",
        "nông",
        "lò",
        "y",
        "đàm",
        "tống",
        "lưu",
        "thân",
        "mạc",
        "âu",
        "hứa",
        "ông",
    ]
)
NOT_NAME_START_SPELLED = {
    "sở",
    "ban",
    "cục",
    "vụ",
    "phòng",
    "ủy",
    "bộ",
    "tỉnh",
    "thành",
    "hội",
    "trung",
    "công",
    "tập",
}
# A capitalised name after one of these is a place ("khu kinh tế Chu Lai", "cửa khẩu Ma Lù Thàng").
PLACE_NOUNS = re.compile(
    r"(?:khu\s+kinh\s+te|khu\s+cong\s+nghiep|cua\s+khau|cang|tinh|huyen|phuong|xa|thanh\s+pho|song|"
    r"dao|vinh|quan|thi\s+xa|dac\s+khu|thi\s+tran|ma|lang)[ \t]+$"
)
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


ONE_BLANK = re.compile(r"[ \t]?")
BLANKS = re.compile(r"\s+")
THEN_TAI = re.compile(r"\s+tai(?!\w)")
TAI_BETWEEN = re.compile(r"[ \t]+tai[ \t]+")
QUALIFIERS = re.compile(
    r"(?:\s+(?:ubnd|hdnd|uy\s+ban\s+nhan\s+dan|hoi\s+dong\s+nhan\s+dan|tinh\s+uy|thanh\s+uy|"
    r"mttq|tinh|thanh\s+pho|tp\.?|nuoc|chxhcn|cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia|viet\s+nam|tai|"
    r"thuong\s+truc|kiem)(?!\w))+"
)


def find_people(text: str, folded: str, g: Gazetteer, marked: bool = True) -> list[Entity]:
    found = []
    heads = [
        (m.end(), m.group()) for m in PERSON_AFTER_TITLE.finditer(folded) if _cap(text[m.end() : m.end() + 1])
    ]
    for m in re.finditer(rf"(?<!\w)(?:{POSITIONS})(?!\w)", folded):
        end = _skip_qualifiers(text, folded, m.end(), g)
        heads.append((end, m.group()))
    for start, _head in heads:
        words = _person_words(text, folded, start, g, marked)
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
            and (not marked or m.group().lower() in SURNAME_SPELLINGS)
            and not PLACE_NOUNS.search(folded, max(0, m.start() - 20), m.start())
        ):
            words = _person_words(text, folded, m.start(), g, marked)
            if 2 <= len(words) <= 4:
                found.append(_entity("PERSON", text, words[0][0], words[-1][1]))
    return found


def _person_words(
    text: str, folded: str, start: int, g: Gazetteer, marked: bool = True
) -> list[tuple[int, int]]:
    words: list[tuple[int, int]] = []
    i = start
    while len(words) < 5:
        m = ONE_BLANK.match(text, i)  # at `i`, not on a copy of the rest of the text
        j = m.end() if m else i
        w = WORD_RE.match(text, j)
        if (
            not w
            or not _cap(w.group())
            or (w.group().isupper() and (len(w.group()) > 1 or w.group() in "IVX"))
        ):
            break
        if j == i and words:
            break
        words.append((w.start(), w.end()))
        i = w.end()
    if words:
        first = text[words[0][0] : words[0][1]]
        if (first.lower() in NOT_NAME_START_SPELLED) if marked else (_fold_name(first) in NOT_NAME_START):
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


# Head words of organisation names, as written (the folded form finds them in a text without diacritics).
HEAD_WORDS = (
    "Tập đoàn",
    "Tổng công ty",
    "Công ty",
    "Ngân hàng",
    "Trường Đại học",
    "Trường Cao đẳng",
    "Đại học",
    "Học viện",
    "Viện",
    "Hiệp hội",
    "Hội đồng",
    "Hội",
    "Quỹ",
    "Tổ chức",
    "Trung tâm",
    "Phòng Thương mại",
    "Phòng Công nghiệp",
    "Đại sứ quán",
    "Tổng Lãnh sự quán",
    "Lãnh sự quán",
    "Thương vụ",
    "Cơ quan",
    "Bệnh viện",
    "Liên đoàn",
    "Liên hiệp",
    "Liên minh",
    "Câu lạc bộ",
    "Chính quyền",
    "Ủy ban",
    "Tổng cục",
    "Cục",
    "Bộ",
    "Hợp tác xã",
)
HEAD_SPELLINGS = {" ".join(h.lower().split()) for h in HEAD_WORDS}
HEAD_FOLDED = sorted({_fold_name(h) for h in HEAD_WORDS}, key=len, reverse=True)
HEAD_RE = re.compile(r"(?<!\w)(?:" + "|".join(h.replace(" ", r"\s+") for h in HEAD_FOLDED) + r")(?!\w)")
# Heads whose name may go on with "tại <place>" (missions, chambers, associations abroad and the like).
TAI_HEADS = {
    "dai su quan",
    "tong lanh su quan",
    "lanh su quan",
    "thuong vu",
    "hoi",
    "hiep hoi",
    "lien hiep",
    "phong thuong mai",
    "phong cong nghiep",
}
# Lower-case syllables that occur inside names ("Quản lý lao động ngoài nước", "Đầu tư và Phát triển",
# "Bảo vệ thực vật", "miền núi phía Bắc"); a run of them stays in the name when a capitalised word or a stop
# follows. SAFE_TAIL: those that may end a name even before a lower-case word ("Viện Nghiên cứu Rau quả giới
# thiệu"), because they never start a predicate.
LOWER_IN_NAME = set(
    [
        "lý",
        "lao",
        "động",
        "ngoài",
        "nước",
        "quốc",
        "tế",
        "gia",
        "phát",
        "triển",
        "tư",
        "thương",
        "mại",
        "nghiệp",
        "dịch",
        "vụ",
        "xuất",
        "nhập",
        "khẩu",
        "thủy",
        "sản",
        "hải",
        "hóa",
        "dầu",
        "khí",
        "hàng",
        "không",
        "kỹ",
        "năng",
        "thuật",
        "nhân",
        "lực",
        "liên",
        "ngành",
        "miền",
        "núi",
        "phía",
        "bắc",
        "nam",
        "trung",
        "tây",
        "đông",
        "thôn",
        "thú",
        "y",
        "tạo",
        "học",
        "cứu",
        "quả",
        "điện",
        "tử",
        "thông",
        "tin",
        "truyền",
        "vận",
        "tải",
        "xây",
        "dựng",
        "môi",
        "trường",
        "biển",
        "đảo",
        "giới",
        "văn",
        "nghệ",
        "cao",
        "hợp",
        "tác",
        "xã",
        "hội",
        "dân",
        "tộc",
        "người",
        "các",
        "hữu",
        "nghị",
        "châu",
        "ở",
        "trợ",
        "đối",
        "ngoại",
        "thẩm",
        "định",
        "chính",
        "vật",
        "thực",
        "phẩm",
        "bảo",
        "vệ",
        "trọt",
        "công",
        "nhà",
        "đồng",
        "cổ",
        "nghề",
        "dục",
        "sinh",
        "doanh",
        "kinh",
        "phần",
        "hạn",
        "viên",
        "lâm",
        "sự",
        "quản",
        "trị",
        "an",
        "ninh",
        "phòng",
        "chống",
        "thiên",
        "tai",
        "tiến",
        "thiết",
        "lịch",
        "ứng",
        "đoàn",
        "điều",
        "hành",
        "biến",
        "quan",
        "cấp",
        "binh",
        "giáo",
        "khoa",
        "tài",
        "nguyên",
        "chất",
        "lượng",
        "tiêu",
        "chuẩn",
        "sức",
        "khỏe",
        "dược",
        "bệnh",
        "nhi",
        "thanh",
        "niên",
        "phụ",
        "nữ",
        "cựu",
        "chiến",
    ]
)
SAFE_TAIL = set(
    [
        "quả",
        "tế",
        "gia",
        "nước",
        "vật",
        "sản",
        "ngành",
        "khẩu",
        "lực",
        "nghiệp",
        "thuật",
        "năng",
        "trọt",
        "mại",
        "tư",
        "học",
        "cứu",
        "phẩm",
        "dục",
        "tạo",
        "hải",
        "không",
        "dầu",
        "khí",
        "thôn",
        "bắc",
        "nam",
        "trung",
        "tây",
        "đông",
        "nghị",
        "tộc",
        "dựng",
        "trường",
        "tải",
        "lý",
        "lịch",
        "thiết",
    ]
)
LOWER_IN_NAME_FOLDED = {_fold_name(w) for w in LOWER_IN_NAME}
SAFE_TAIL_FOLDED = {_fold_name(w) for w in SAFE_TAIL}
FIRST_LOWER = {"người", "các", "liên", "châu", "nguoi", "cac", "lien", "chau"}
NAMED_HEADS = {
    "phong thuong mai",
    "phong cong nghiep",
}  # a name already ("Phòng Thương mại và Công nghiệp …")
STOPS_BEFORE = re.compile(r"[ \t]+(?:tỉnh|thành phố|tinh|thanh pho)[ \t]+[A-ZĐÀ-Ỹ]")
NAME_TOKEN = re.compile(r"[^\W_][\w'’.]*[\w'’]|[^\W_]|[-–&]")
TITLE_WORDS = {"ông", "bà", "ngài", "ong", "ba", "ngai"}


def _lower_word(w: str, marked: bool) -> str:
    return w.lower() if marked else _fold_name(w)


ORG_HEADS = "|".join(HEAD_FOLDED)  # the head words, folded, as one alternation (kept for callers)
ORG_HEAD_RE = HEAD_RE


def _org_end(text: str, folded: str, pos: int, g: Gazetteer, marked: bool, named: bool = False) -> int | None:
    """The end of an organisation's name whose head word ends at `pos`: capitalised words and acronyms, the
    lower-case syllables of a name (LOWER_IN_NAME) when a capitalised word or a stop follows them, "và", "-"
    or "&" before a capitalised word that does not begin another organisation or a title. None when no name
    follows the head ("Hội nghị", "Bộ trưởng")."""
    lower_ok = LOWER_IN_NAME if marked else LOWER_IN_NAME_FOLDED
    safe = SAFE_TAIL if marked else SAFE_TAIL_FOLDED
    tokens = [(m.start(), m.end(), m.group()) for m in NAME_TOKEN.finditer(text, pos, pos + 200)]
    end = pos if named else None  # end of the name so far (after a capitalised word or a kept lower-case run)
    last = pos
    pending: list[tuple[int, int, str]] = []  # a lower-case run not yet known to belong
    i = 0
    capitals = 1 if named else 0
    while i < len(tokens) and i < 24:
        a, b, w = tokens[i]
        if text[last:a].strip(" \t"):
            break  # punctuation between words ends the name
        word = _lower_word(w, marked)
        if _cap(w):
            if end is not None and pending == [] and word in TITLE_WORDS:
                break
            end, pending = b, []
            capitals += 1
        elif w in {"-", "–", "&"} or word in {"và", "va"}:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if end is None or nxt is None or not _cap(nxt[2]) or text[b : nxt[0]].strip(" \t"):
                break
            if word in {"và", "va"} and (
                HEAD_RE.match(folded, nxt[0])
                or _lower_word(nxt[2], marked) in TITLE_WORDS
                or (nxt[2].isupper() and len(nxt[2]) > 1)
                or match_at(folded, nxt[0], g.organisations, g.longest(g.organisations))
            ):
                break
            if pending:
                end, pending = pending[-1][1], []
            i += 1
            last = b
            continue
        elif word in lower_ok and (end is not None or word in FIRST_LOWER):
            pending.append((a, b, word))
        else:
            break
        last = b
        i += 1
    if pending and end is not None:
        at_stop = i >= len(tokens) or bool(text[last : tokens[i][0]].strip(" \t"))
        if at_stop:
            end = pending[-1][1]  # the run ends at punctuation: it is the name's tail
        else:
            kept = 0
            while kept < len(pending) and pending[kept][2] in safe:
                kept += 1
            if kept:
                end = pending[kept - 1][1]
    if end is None or capitals == 0:
        return None
    return end


def _after_tai(text: str, folded: str, end: int, g: Gazetteer) -> int:
    """A mission's (or a chamber's) name goes on with "tại <country or place>"."""
    tail = TAI_BETWEEN.match(folded, end)
    if not tail:
        return end
    at = tail.end()
    city = re.compile(r"(?:tp\.?\s*|thanh\s+pho\s+)").match(folded, at)
    for start in ([city.end()] if city else []) + [at]:
        for table in (g.countries, g.places):
            hit = match_at(folded, start, table, g.longest(table))
            if hit is not None:
                return hit
    m = CHAU.match(folded, at)
    return _capitals_end(text, m.end() if m else at) or end


CHAU = re.compile(r"chau\s+")
NEXT_WORD = re.compile(r"(?:[ \t]+|[ \t]*[-–][ \t]*)?([^\W\d_][\w'’]*)")


def _capitals_end(text: str, pos: int) -> int | None:
    """The end of the run of capitalised words (joined by blanks or dashes) that starts at `pos`."""
    end = None
    while True:
        m = NEXT_WORD.match(text, pos if end is None else end)
        if not m or not _cap(m.group(1)) or (end is None and m.start(1) != pos):
            return end
        end = m.end()


def _byline(text: str) -> int:
    """The end of a byline that opens the text ("ĐÀ NẴNG –", "TP.HCM –", "(Baoquocte.vn)"), else 0."""
    m = re.match(r"\s*(?:\([\w.]+\.\w+\)\s*)?", text)
    end = m.end() if m else 0
    d = re.match(r"([^\n–—]{2,40}?)\s+[–—-]\s", text[end:])
    if d and d.group(1).upper() == d.group(1) and any(c.isalpha() for c in d.group(1)):
        return end + d.end(1)
    return end


def find_organisations(text: str, folded: str, g: Gazetteer, marked: bool = True) -> list[Entity]:
    found = []
    for start, end, key in gazetteer_matches(
        folded, g.organisations, g.longest(g.organisations), g.prefixes(g.organisations)
    ):
        surface = text[start:end]
        if marked and not g.written_as(surface):
            continue
        if surface.isupper() or _cap(surface):
            canonical = g.organisations.get(key)
            norm = canonical if canonical and canonical != surface else None
            found.append(_entity("ORG", text, start, end, norm))
    for m in HEAD_RE.finditer(folded):
        head = text[m.start() : m.end()]
        if not _cap(head) or head.isupper():
            continue  # "hội nghị", or a heading in capitals ("ỦY BAN NHÂN DÂN TỈNH …")
        if marked and " ".join(head.lower().split()) not in HEAD_SPELLINGS:
            continue  # "Quy Nhơn" is not "Quỹ"
        head_key = " ".join(m.group().split())
        stop = _org_end(text, folded, m.end(), g, marked, head_key in NAMED_HEADS)
        if stop is None or (head_key == "hoi" and len(text[m.end() : stop].split()) < 2):
            continue
        if head_key in TAI_HEADS:
            stop = _after_tai(text, folded, stop, g)
        if STOPS_BEFORE.match(text, stop):
            continue  # a province's own body ("Trung tâm Xúc tiến Đầu tư tỉnh X")
        found.append(_entity("ORG", text, m.start(), stop))
    for m in re.finditer(r"(?<![\w-])[A-ZĐ][A-ZĐ&]{2,7}(?![\w-])", text):
        if m.group() not in g.not_acronyms and not _in_heading(text, m.start(), m.end()):
            found.append(_entity("ORG", text, m.start(), m.end()))
    for m in CAMEL.finditer(text):
        if m.group() not in g.not_acronyms:
            found.append(_entity("ORG", text, m.start(), m.end()))
    for m in FOREIGN_ORG.finditer(text):
        span = _foreign_name(m.group())
        if span:
            found.append(_entity("ORG", text, m.start() + span[0], m.start() + span[1]))
    found.extend(_defined_in_brackets(text, folded, g, found))
    return found


# "KfW", "KoCham", "EuroCham", "IndiGo", "VietinBank": a capital inside a word is a name's, not Vietnamese.
CAMEL = re.compile(r"(?<![\w-])(?=[A-Z][A-Za-z]*[a-z])[A-Z][a-z]*[A-Z][A-Za-z]*(?![\w-])")
_FW = r"[A-Z][\w'’&.-]*"
FOREIGN_ORG = re.compile(
    rf"(?<![\w-]){_FW}(?:(?:,?[ \t]+|[ \t]+(?:of|for|and|the|für|und|de|du|des|&)[ \t]+){_FW})+"
)
FOREIGN_HEADS = re.compile(
    r"\b(?:Association|Federation|Institute|University|Authority|Organi[sz]ation|Agency|Corporation|Foundation|"
    r"Council|Chamber|Department|Ministry|Gesellschaft|Verein|Bank|Group|Research|Fund|Commission|Union)\b"
)


def _foreign_name(run: str) -> tuple[int, int] | None:
    """The name inside a run of capitalised foreign words: from the comma-separated part that holds a head
    word ("Association", "Gesellschaft"), to its end, or to the run's end when it lists ("Department of
    Agriculture, Fisheries and Forestry")."""
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^,]+", run)]
    for a, b in parts:
        if FOREIGN_HEADS.search(run[a:b]):
            lead = len(run[a:b]) - len(run[a:b].lstrip())
            stop = parts[-1][1] if re.search(r"\s(?:of|for|für)\s", run[a:b]) else b
            if len(run[a + lead : stop].split()) < 2:
                return None
            return a + lead, stop
    return None


def _in_heading(text: str, start: int, end: int) -> bool:
    """An acronym-like word between words in capitals is a heading ("BÁO CÁO NHANH"), not a name."""
    before = re.search(r"([^\W\d_]{2,})[ \t]+$", text[max(0, start - 40) : start])
    after = re.match(r"[ \t]+([^\W\d_]{2,})", text[end : end + 40])
    return bool((before and before.group(1).isupper()) or (after and after.group(1).isupper()))


BRACKETED = re.compile(r"[ \t]*\(([^()\n]{2,40})\)")


def _defined_in_brackets(text: str, folded: str, g: Gazetteer, found: list[Entity]) -> list[Entity]:
    """ "Hiệp hội Rau quả Việt Nam (Vinafruit)", "Tập đoàn Charoen Pokphand (CP)": a name in brackets right
    after an organisation is its short name, and so is every later use of it in the text."""
    defined: list[Entity] = []
    names: set[str] = set()
    for e in found:
        m = BRACKETED.match(text, e.end)
        if not m:
            continue
        inner = m.group(1).strip()
        key = _fold_name(inner)
        if (
            not _cap(inner)
            or key in g.places
            or key in g.countries
            or not all(_cap(w) or w in {"the", "of", "and", "&"} for w in inner.split())
            or len(inner.split()) > 4
        ):
            continue
        defined.append(_entity("ORG", text, m.start(1), m.start(1) + len(inner)))
        names.add(inner)
    for name in names:
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            defined.append(_entity("ORG", text, m.start(), m.end()))
    return defined
