"""Screen checks for issue 18: pure functions over a rendered page (an HTML string) or over the cells of an
exported workbook, returning findings that name the page and the offending text.

What a Vietnamese officer must not read in the Vietnamese interface:
- an internal status or action code (`pending_approval`, `delegation.submit`, `[draft → sent]`);
- `None`, a raw Python dict or list (`{'amount': …}`, `[{'`);
- an organisation code instead of its name (`cqdd-jp-tokyo`, `tinh-48`);
- a year with a thousands separator (`2.026`);
- a decimal point where a comma belongs (`1.5 tỷ` — dd/mm dates and dotted thousands are fine);
- a common English interface word (Submitted, Approved, Draft, Edit, Save, …).

Text that is not interface text is skipped: <script>, <style>, <code>, <pre>, <textarea>, <template>, values of
input fields, and every element marked as not-Vietnamese-interface — `lang` other than "vi" (e.g. a partner's
original name `<span lang="ja">`, an English title `<span lang="en">`), `translate="no"` (a proper name, an
identifier shown on purpose), or the class `raw` / `notranslate`. Owners mark record data that may legitimately
be English (partner original names, English titles of agreements, e-mail addresses) with one of these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

# elements whose text is never interface text
SKIP_TAGS = {"script", "style", "code", "pre", "textarea", "template", "noscript", "svg", "kbd", "samp"}
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}
SKIP_CLASSES = {"raw", "notranslate"}
# attributes a reader meets as text (tooltips, labels for screen readers, placeholders, button values)
TEXT_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
BUTTON_INPUT_TYPES = {"submit", "button", "reset"}


@dataclass(frozen=True)
class Finding:
    page: str  # URL or export name, with the role, e.g. "danang /requests/12/"
    rule: str  # short rule name, e.g. "status-code"
    text: str  # the offending text
    context: str = ""  # a few words around it

    def __str__(self) -> str:
        around = f" … {self.context} …" if self.context and self.context != self.text else ""
        return f"{self.page}: [{self.rule}] {self.text!r}{around}"


class _TextCollector(HTMLParser):
    """Visible text runs (and reader-facing attribute values) outside skipped elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skips its content)
        self.runs: list[str] = []
        self._buffer: list[str] = []

    @property
    def skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def _flush(self) -> None:
        text = " ".join("".join(self._buffer).split())
        if text:
            self.runs.append(text)
        self._buffer = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        values = {k: (v or "") for k, v in attrs}
        classes = set(values.get("class", "").split())
        lang = values.get("lang")
        skip = (
            tag in SKIP_TAGS
            or values.get("translate") == "no"
            or bool(classes & SKIP_CLASSES)
            or (lang is not None and tag != "html" and not lang.lower().startswith("vi"))
            or "hidden" in values
            or values.get("aria-hidden") == "true"
        )
        if not (self.skipping or skip):
            for name in TEXT_ATTRIBUTES:
                if values.get(name):
                    self.runs.append(" ".join(values[name].split()))
            if (
                tag == "input"
                and values.get("type", "").lower() in BUTTON_INPUT_TYPES
                and values.get("value")
            ):
                self.runs.append(values["value"])
        if tag not in VOID_TAGS:
            self.stack.append((tag, skip))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        self._flush()
        # pop to the matching start tag (tolerates unclosed <p>, <li>, <option>)
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def visible_texts(html: str) -> list[str]:
    """The text runs of a page a reader sees (see the module docstring for what is skipped)."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return collector.runs


def page_language(html: str) -> str:
    match = re.search(r"<html[^>]*\blang=\"([^\"]+)\"", html, re.IGNORECASE)
    return match.group(1).lower() if match else ""


# --- the rules -------------------------------------------------------------------------------------------

# snake_case codes: two or more lowercase ASCII words joined by "_" (pending_approval, reported_pm)
SNAKE_CODE = re.compile(r"(?<![\w@./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-])")
# dotted action codes: delegation.submit, request.answer (two lowercase ASCII words; not a domain or a file name)
DOTTED_CODE = re.compile(r"(?<![\w@./-])([a-z]+(?:_[a-z]+)*)\.([a-z]+(?:_[a-z]+)*)(?![\w@/-]|\.[a-z])")
DOTTED_ALLOW_SECOND = {"com", "vn", "org", "net", "gov", "jp", "kr", "cn", "pdf", "docx", "xlsx", "doc", "xls",
                       "csv", "ics", "txt", "json", "png", "jpg", "odt", "ods", "edu", "int", "io", "lead", "cv",
                       "xem", "admin"}  # fmt: skip
# state arrows with codes: "[draft → sent]", "draft -> sent", "None → 1"
ARROW_CODE = re.compile(r"\b([a-z][a-z_]*|None|\d+)\s*(?:→|->)\s*([a-z][a-z_]*|None|\d+)\b")
NONE_WORD = re.compile(r"(?<![\w-])None(?![\w-])")
RAW_REPR = re.compile(
    r"\{'|\[\{|\['|\{\"[a-z_]+\":|'\s*:\s*['\d\[{]|\bDecimal\(|\bdatetime\.|<[a-zA-Z_.]+ object at 0x"
)
# organisation codes (accounts.Organisation.code): cqdd-jp-tokyo, tinh-48; "mofa" alone is the ministry's code
# but also a word in e-mail addresses and user names, so only the hyphenated ones are read
ORG_CODE = re.compile(r"(?<![\w@./-])(?:cqdd-[a-z]{2}(?:-[a-z0-9]+)+|tinh-\d+)(?![\w@/-])")
# a year with a thousands separator: 1.9xx / 2.0xx (not inside a longer number or a date)
GROUPED_YEAR = re.compile(r"(?<![\d.,/])(?:1\.9\d\d|2\.0\d\d|2\.1\d\d)(?![\d]|[.,]\d)")
# a decimal point: digits "." one or two digits (never three: 1.500 is a thousands group), not part of a date
# (dd.mm or dd/mm/yyyy), a version, an IP address or a section number like 2.1.3
DECIMAL_POINT = re.compile(r"(?<![\d./,:-])\d+\.\d{1,2}(?![\d./:-])(?!\.\d)")
# a thousands comma: 1,500 or 12,000,000 (Vietnamese groups with a dot)
THOUSANDS_COMMA = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,]|\.\d)")
# whole English interface words that give away an untranslated msgid (a short curated list: words like "No",
# "Open" or "Name" are left out, they are too often part of a proper name)
ENGLISH_WORDS = frozenset(
    """
    Submitted Approved Approve Draft Pending Cancelled Canceled Suspended Suspend Delete Edit Save Status
    Rejected Reject Declined Decline Withdrawn Withdraw Answered Sent Received Forwarded Rated Assigned
    Acknowledged Terminated Terminate Expired Inactive Signed Completed Requested Reported Notified
    Yes Search Cancel Submit Previous Download Upload Export Filter Reset Created Updated Actions Details
    History Members Notes Comments Attachments Unknown True False Overdue Deadline Requests Agreements
    Delegations Documents Partners Countries Provinces Missions Organisations Organizations Calendar
    Profile Notifications Logout Login Password Loading Error Warning
    """.split()  # noqa: SIM905 - a word list reads better as text
)
ENGLISH_WORD = re.compile(
    r"(?<![\w-])(" + "|".join(sorted(ENGLISH_WORDS, key=len, reverse=True)) + r")(?![\w-])"
)
# a run of three or more English-only words (an untranslated sentence): ASCII letters only, no Vietnamese marks
ENGLISH_SENTENCE = re.compile(
    r"(?<![\w-])(?:(?:[Tt]he|[Tt]his|[Aa]n?|[Yy]ou|[Ii]s|[Aa]re|[Nn]ot|[Nn]o|[Tt]o|[Oo]f|[Ff]or|[Ww]ith|[Ii]n|[Oo]n|"
    r"[Bb]y|[Aa]nd|[Oo]r|[Bb]e|[Hh]as|[Hh]ave|[Ww]as|[Ww]ill|[Cc]an|[Pp]lease|[Tt]here)\s+[A-Za-z]+\s+[A-Za-z]+)"
    r"(?![\w-])"
)


def _context(text: str, start: int, end: int, width: int = 30) -> str:
    return text[max(0, start - width) : end + width].strip()


VIETNAMESE_LETTER = re.compile(
    r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.IGNORECASE
)


def _labelled_as_english(text: str, match: re.Match[str]) -> bool:
    """The words sit in the value of a field whose label says it is English (an audit change such as "Tên tiếng
    Anh: — → Requests answered on time", "Cam kết chính (tiếng Anh): — → … 85.6% …"): after that label and before
    the next change, which starts after a ";" with a Vietnamese label ("; Mô tả: …"). A ";" inside the English
    value does not end it. The value is looked for within its field's 2,000 characters."""
    before = text[max(0, match.start() - 2000) : match.start()]
    label = before.rfind("tiếng Anh")
    if label < 0:
        return False
    for piece in before[label:].split(";")[1:]:
        head = piece.split(":", 1)
        if len(head) == 2 and VIETNAMESE_LETTER.search(head[0]):
            return False
    return True


def check_text(page: str, text: str, *, vietnamese: bool = True, sentences: bool = True) -> list[Finding]:
    """Every rule over one run of reader-facing text. `sentences=False` leaves out the English-sentence rule (an
    exported cell can hold a record's English name next to its label, with no markup to say so)."""
    found: list[Finding] = []

    def add(rule: str, match: re.Match[str]) -> None:
        found.append(Finding(page, rule, match.group(0), _context(text, match.start(), match.end())))

    arrows: list[tuple[int, int]] = []
    for match in ARROW_CODE.finditer(text):
        left, right = match.group(1), match.group(2)
        if left.isdigit() and right.isdigit():
            continue  # "1 → 2" as a count or a step is fine
        arrows.append(match.span())
        add("state-arrow-code", match)
    for match in SNAKE_CODE.finditer(text):
        if any(start <= match.start() < end for start, end in arrows) or _labelled_as_code(text, match):
            continue  # already named by its arrow, or shown as the value of a field called "Mã"
        add("status-code", match)
    for match in DOTTED_CODE.finditer(text):
        if match.group(2) in DOTTED_ALLOW_SECOND or match.group(1) in {"www", "e", "vd", "tp", "tt", "st"}:
            continue
        add("action-code", match)
    for match in NONE_WORD.finditer(text):
        add("none", match)
    for match in RAW_REPR.finditer(text):
        add("raw-repr", match)
    for match in ORG_CODE.finditer(text):
        if not _labelled_as_code(text, match):
            add("org-code", match)
    for match in GROUPED_YEAR.finditer(text):
        add("grouped-year", match)
    if vietnamese:
        for match in DECIMAL_POINT.finditer(text):
            if _looks_like_date_or_time(text, match) or _labelled_as_english(text, match):
                continue  # an English value keeps the English decimal point ("Cam kết chính (tiếng Anh): … 85.6%")
            add("decimal-point", match)
        for match in THOUSANDS_COMMA.finditer(text):
            add("thousands-comma", match)
        for match in ENGLISH_WORD.finditer(text):
            if _labelled_as_english(text, match):
                continue  # a record's English name shown as the value of its field ("Tên tiếng Anh: …")
            add("english", match)
        for match in ENGLISH_SENTENCE.finditer(text) if sentences else ():
            if _labelled_as_english(text, match):
                continue
            add("english", match)
    return found


# "Mã: tinh-48", "Mã: — → citizen_protection" (a change of the field "Mã" in the audit log)
LABELLED_AS_CODE = re.compile(r"\bMã(?: [^\W\d_]+)*:\s*(?:[^;:→]*→\s*)?$")


def _labelled_as_code(text: str, match: re.Match[str]) -> bool:
    """A code shown as the value of a field called "Mã…" is an identifier shown as such, not a code instead of a
    name."""
    return bool(LABELLED_AS_CODE.search(text[max(0, match.start() - 60) : match.start()]))


def _looks_like_date_or_time(text: str, match: re.Match[str]) -> bool:
    """`06.12` in "06.12.2026" or a time "8.30" next to "giờ"/"h" — not a decimal point."""
    before = text[max(0, match.start() - 6) : match.start()].lower()
    after = text[match.end() : match.end() + 6].lower()
    return bool(re.match(r"\s*(giờ|h\b|sáng|chiều)", after) or re.search(r"(lúc|giờ)\s*$", before))


def check_page(page: str, html: str) -> list[Finding]:
    """All findings on a rendered page; the Vietnamese-only rules apply when the page is served in Vietnamese."""
    vietnamese = page_language(html).startswith("vi") or not page_language(html)
    found: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for text in visible_texts(html):
        for finding in check_text(page, text, vietnamese=vietnamese):
            if (finding.rule, finding.text) not in seen:  # one finding per offending text per page
                seen.add((finding.rule, finding.text))
                found.append(finding)
    return found


def check_cells(
    page: str, rows: Iterable[Iterable[object]], *, skip_columns: Iterable[int] = ()
) -> list[Finding]:
    """The same text rules over the cells of an exported sheet (header and values). Numbers and dates stored as
    numbers and dates are fine (Excel formats them); text cells are read as a reader reads them. Columns in
    `skip_columns` (0-based) hold record data that may be English (original names, e-mail addresses)."""
    skipped = set(skip_columns)
    found: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if column in skipped or value is None or not isinstance(value, str):
                continue
            for finding in check_text(
                f"{page} (row {row_number}, column {column + 1})", value, sentences=False
            ):
                if (finding.rule, finding.text) not in seen:
                    seen.add((finding.rule, finding.text))
                    found.append(finding)
    return found


def check_workbook(page: str, data: bytes) -> list[Finding]:
    """Every sheet of an .xlsx export (openpyxl reads it)."""
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    found: list[Finding] = []
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        header = [str(c or "") for c in (rows[0] if rows else ())]
        # columns a reader expects in another language (original names, English titles, e-mail, web) and columns
        # headed as a code ("Mã", "Mã cơ quan"): an identifier shown as such next to the name is not a code instead of it
        skip = [
            i
            for i, h in enumerate(header)
            if re.search(r"(?i)gốc|tiếng anh|e-?mail|website|url|original", h)
            or re.match(r"(?i)mã\b", h.strip())
        ]
        found += check_cells(f"{page} [{sheet.title}]", rows, skip_columns=skip)
    workbook.close()
    return found


def summarise(found: Iterable[Finding]) -> str:
    """One line per offending text with the pages it is on (the menu's text would otherwise repeat per page)."""
    pages: dict[tuple[str, str, str], list[str]] = {}
    for finding in found:
        pages.setdefault((finding.rule, finding.text, finding.context), []).append(finding.page)
    return "\n".join(
        f"[{rule}] {text!r}{f' … {context} …' if context and context != text else ''}  on {', '.join(where)}"
        for (rule, text, context), where in pages.items()
    )
