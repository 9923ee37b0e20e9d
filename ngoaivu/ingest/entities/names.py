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
